// The working-day calendar in force, and admins' edits to it: each year is a file in the calendar
// directory (calendars/cn/<year>.json), validated, written atomically and reloaded. Thread-safe:
// readers take a snapshot (shared_ptr) that an edit replaces atomically; edits are serialised.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>

#include "calendar/working_calendar.h"
#include "core/result.h"

namespace onedoor::services {

class CalendarBook {
 public:
  // Loads every year file in `dir` (see calendar::loadCalendarDir).
  static Result<std::unique_ptr<CalendarBook>> open(std::filesystem::path dir);
  // A fixed calendar with no directory (tests, tools); saveYear then fails.
  explicit CalendarBook(calendar::WorkingCalendar cal);

  // The calendar in force now. Keep the pointer for one computation, not longer.
  std::shared_ptr<const calendar::WorkingCalendar> current() const {
    std::lock_guard lock(current_mu_);
    return current_;
  }

  // Validates `json_text` (calendar::parseYear), checks it is the year `year` of this region,
  // writes it as <dir>/<year>.json (temp file + rename, so a crash leaves the old file whole) and
  // makes the new calendar current. Nothing changes when any step fails.
  Result<calendar::YearCalendar> saveYear(int year, const std::string& json_text);

 private:
  CalendarBook(std::filesystem::path dir, calendar::WorkingCalendar cal);
  std::filesystem::path dir_;
  std::mutex save_mu_;
  // A plain mutex rather than std::atomic<std::shared_ptr>: GCC 12's version trips UBSan.
  mutable std::mutex current_mu_;
  std::shared_ptr<const calendar::WorkingCalendar> current_;
};

}  // namespace onedoor::services
