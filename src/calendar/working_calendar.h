// Working-day arithmetic for deadlines (办理时限): which days are working days, and when a time limit
// given in working days or working hours runs out. Pure (no I/O, no clock); immutable after
// create(), so one instance may be shared by any number of threads.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "calendar/year_calendar.h"
#include "core/result.h"

namespace onedoor::calendar {

// A span of opening hours in local time, [start, end), in minutes since local midnight.
struct WorkingInterval {
  int start_minute = 0;
  int end_minute = 0;
};

struct CalendarOptions {
  // Local time as a fixed offset from UTC, in minutes. China has one zone, UTC+8, with no daylight
  // saving time, so an offset is exact and needs no tz database.
  int utc_offset_minutes = 480;
  // Opening hours of a working day, ascending and not overlapping. The default is the common
  // schedule of Chinese service centres (政务服务中心): 09:00–12:00 and 13:30–17:30, 7 hours a day,
  // lunch closed. A centre with seasonal hours (e.g. 14:00 in summer) configures its own.
  std::vector<WorkingInterval> working_hours = {{9 * 60, 12 * 60}, {13 * 60 + 30, 17 * 60 + 30}};
};

struct DeadlineResult {
  int64_t due_ms = 0;      // UTC epoch milliseconds
  bool estimated = false;  // the count ran through a year whose calendar is not loaded (weekends only)
};

enum class DayKind {
  kWorkday,        // Monday–Friday, no holiday
  kWeekend,        // Saturday or Sunday, not a make-up day
  kHoliday,        // a public holiday (any day of the week)
  kMakeUpWorkday,  // a Saturday or Sunday worked because of 调休
};

struct DayInfo {
  DayKind kind = DayKind::kWorkday;
  bool working = true;
  std::string name;        // the holiday's or make-up day's name; empty otherwise
  bool estimated = false;  // the day's year is not loaded, so only the weekday was considered
};

class WorkingCalendar {
 public:
  // The ranges the arithmetic accepts: instants from 1900-01-01 to 9999-12-31 (local time); inputs
  // outside are clamped to them. Time limits above these are clamped too (configuration errors,
  // caught where categories are validated; here they must only not hang the server).
  static constexpr int kMaxDays = 10000;
  static constexpr int64_t kMaxMinutes = 100000LL * 60;

  // No year loaded, default options: weekends alone, and every deadline is estimated.
  WorkingCalendar();

  // Fails (kInvalid) on a year given twice, years of different regions, an offset beyond ±14 h, or
  // working hours that are empty, out of 00:00–24:00, unordered or overlapping.
  static Result<WorkingCalendar> create(std::vector<YearCalendar> years, CalendarOptions options = {});

  const CalendarOptions& options() const { return options_; }
  const std::string& region() const { return region_; }  // empty when no year is loaded
  bool hasYear(int year) const { return years_.count(year) != 0; }
  std::vector<int> loadedYears() const;
  const YearCalendar* year(int year) const;  // nullptr when not loaded

  // Day rules: a holiday is off; a make-up day is worked; otherwise Monday–Friday are worked. In a
  // year that is not loaded only the weekday counts (and the answer is flagged estimated).
  bool isWorkingDay(Date d) const;
  DayInfo dayInfo(Date d) const;

  // Conversions between UTC instants and the calendar's local time.
  Date localDate(int64_t ms) const;
  int64_t toUtcMs(Date d, int minute_of_day) const;  // local d at hh:mm, as UTC epoch ms
  int64_t closeOfBusinessMs(Date d) const;           // end of the day's last working interval

  // A limit of `days` working days (N个工作日) from `from_ms`. 次日起算: the day of `from` never
  // counts, whatever the hour (民法典 第二百零一条); day 1 is the first working day after it. The
  // deadline is the close of business of day N, i.e. the end of its last working interval (17:30 by
  // default; 民法典 第二百零三条: 有业务时间的，停止业务活动的时间为截止时间). days ≤ 0 gives `from_ms`.
  DeadlineResult addWorkingDays(int64_t from_ms, int days) const;

  // A limit in working hours (for urgent categories): counts only time inside working intervals of
  // working days, starting at `from_ms` itself (hours run from the moment of receipt). A case
  // received out of hours starts at the next opening. When the time runs out exactly at a closing
  // (12:00, 17:30) the deadline is that closing, not the next opening. hours ≤ 0 gives `from_ms`.
  DeadlineResult addWorkingHours(int64_t from_ms, int hours) const;
  DeadlineResult addWorkingMinutes(int64_t from_ms, int64_t minutes) const;

  // The number of working days d with localDate(a) < d ≤ localDate(b); negative when b is before
  // a. It inverts addWorkingDays: workingDaysBetween(t, addWorkingDays(t, n).due_ms) == n. For an
  // overdue display, workingDaysBetween(due, now) is the number of working days past the due day.
  int workingDaysBetween(int64_t a_ms, int64_t b_ms) const;

 private:
  struct Special {
    DayKind kind;
    std::string name;
  };

  int64_t dayNumber(int64_t ms) const;  // local day number since 1970-01-01 (clamped)
  bool workingDay(int64_t day, bool* estimated) const;

  CalendarOptions options_;
  std::string region_;
  std::map<int, YearCalendar> years_;
  std::unordered_map<int64_t, Special> special_;  // local day number → holiday / make-up day
  std::vector<std::pair<int64_t, int>> deltas_;   // sorted: day, +1 make-up / −1 holiday on a weekday
};

}  // namespace onedoor::calendar
