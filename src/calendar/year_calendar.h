// One year of a region's official calendar: public holidays and make-up working days (调休), as
// loaded from calendars/<region>/<year>.json, plus civil-date helpers. Value types; pure; thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace onedoor::calendar {

// A civil (calendar) date with no time zone; std::chrono's proleptic Gregorian calendar.
using Date = std::chrono::year_month_day;

// Strict "YYYY-MM-DD" (zero-padded, a real date); nullopt otherwise.
std::optional<Date> parseDate(std::string_view s);
std::string formatDate(Date d);  // "YYYY-MM-DD"

// Days off, inclusive on both ends: e.g. 春节 2026-02-15 … 2026-02-23.
struct HolidayRange {
  std::string name;
  Date from;
  Date to;
};

// A Saturday or Sunday that is a working day because of 调休.
struct MakeUpWorkday {
  Date date;
  std::string name;  // e.g. "春节调休"; may be empty
};

struct YearCalendar {
  int year = 0;
  std::string region;                   // "cn"
  std::string source;                   // the official notice the data comes from
  std::vector<HolidayRange> holidays;   // sorted by `from`, never overlapping
  std::vector<MakeUpWorkday> workdays;  // sorted by `date`
};

// Parses and validates one year's file: every date real and inside `year`, from ≤ to, holiday
// ranges not overlapping, every make-up working day a Saturday or Sunday, no date both a holiday
// and a working day, no unknown fields. Entries come back sorted. Errors are kInvalid with a
// bilingual message and `field` naming the offending entry (e.g. "holidays[1].to").
Result<YearCalendar> parseYear(const std::string& json_text);

// The canonical text of a year's file (what calendars/cn/*.json hold): fixed key order, one
// entry per line, UTF-8 unescaped, trailing newline. parseYear(serializeYear(c)) gives back c.
std::string serializeYear(const YearCalendar& cal);

}  // namespace onedoor::calendar
