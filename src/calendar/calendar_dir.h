// Loads a region's calendar files (calendars/<region>/<year>.json) from disk into a WorkingCalendar.
// The only part of src/calendar that does I/O; call it at start-up or on an admin's reload.
#pragma once

#include <filesystem>

#include "calendar/working_calendar.h"
#include "core/result.h"

namespace onedoor::calendar {

// Reads every "*.json" directly in `dir` (not recursively; other files are ignored), each parsed
// by parseYear and named after its year ("2026.json" must say "year": 2026, which catches a file
// copied for next year and not edited). Any bad file fails the whole load, naming the file: a
// silently skipped year would shift deadlines. A missing directory, or one without any *.json, is
// kNotFound: pointing at the wrong folder (calendars/ instead of calendars/cn) must be loud, not a
// server whose every deadline quietly ignores the holidays. A deliberate weekends-only calendar is
// WorkingCalendar() or WorkingCalendar::create({}).
Result<WorkingCalendar> loadCalendarDir(const std::filesystem::path& dir, CalendarOptions options = {});

}  // namespace onedoor::calendar
