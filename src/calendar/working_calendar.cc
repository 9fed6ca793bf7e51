// Implementation of working_calendar.h. Days are numbered in local time (days since 1970-01-01),
// so the time zone is applied once at the edges and the arithmetic in between is plain integers.
#include "calendar/working_calendar.h"

#include <algorithm>
#include <cstdio>

namespace onedoor::calendar {

namespace {

using std::chrono::sys_days;

constexpr int64_t kMsPerMinute = 60 * 1000;
constexpr int64_t kMsPerDay = 24 * 60 * kMsPerMinute;

int64_t floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int64_t dayOf(Date d) { return sys_days{d}.time_since_epoch().count(); }
Date dateOf(int64_t day) { return Date{sys_days{std::chrono::days{day}}}; }

const int64_t kMinDay = dayOf(Date{std::chrono::year{1900}, std::chrono::January, std::chrono::day{1}});
const int64_t kMaxDay = dayOf(Date{std::chrono::year{9999}, std::chrono::December, std::chrono::day{31}});

bool isWeekendDay(int64_t day) {
  std::chrono::weekday w{sys_days{std::chrono::days{day}}};
  return w == std::chrono::Saturday || w == std::chrono::Sunday;
}

// Monday–Friday days in [1970-01-05, x] (a signed count for earlier x), so that the difference of
// two values counts the weekdays of a half-open range without walking it.
int64_t weekdaysUpTo(int64_t day) {
  int64_t m = day - 4;  // 1970-01-05 (day 4) was a Monday
  int64_t weeks = floorDiv(m, 7);
  int64_t rest = m - weeks * 7;  // 0 = Monday … 6 = Sunday
  return weeks * 5 + std::min<int64_t>(rest + 1, 5);
}

std::string hhmm(int minute) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
  return buf;
}

}  // namespace

WorkingCalendar::WorkingCalendar() = default;

Result<WorkingCalendar> WorkingCalendar::create(std::vector<YearCalendar> years, CalendarOptions options) {
  if (options.utc_offset_minutes < -14 * 60 || options.utc_offset_minutes > 14 * 60) {
    return invalid("时区偏移须在 ±14 小时之内 / the UTC offset must be within ±14 hours", "utc_offset_minutes");
  }
  if (options.working_hours.empty()) {
    return invalid("至少需要一个工作时段 / at least one working interval is needed", "working_hours");
  }
  int prev_end = 0;
  for (const auto& iv : options.working_hours) {
    if (iv.start_minute < prev_end || iv.start_minute >= iv.end_minute || iv.end_minute > 24 * 60) {
      return invalid("工作时段 " + hhmm(std::clamp(iv.start_minute, 0, 1440)) + "–" +
                         hhmm(std::clamp(iv.end_minute, 0, 1440)) +
                         " 无效：须在 00:00–24:00 内、按时间先后排列且互不重叠 / working interval is invalid: it "
                         "must lie within 00:00–24:00, in order, without overlap",
                     "working_hours");
    }
    prev_end = iv.end_minute;
  }

  WorkingCalendar cal;
  cal.options_ = std::move(options);
  for (auto& y : years) {
    // Re-check through the file format: a YearCalendar built in code (an admin's edit) must meet
    // the same rules as one read from disk, or the day arithmetic below would double-count.
    auto checked = parseYear(serializeYear(y));
    if (!checked) {
      return invalid(std::to_string(y.year) + " 年日历无效：" + checked.status().message() + " / the " +
                         std::to_string(y.year) + " calendar is invalid",
                     checked.status().field());
    }
    if (cal.years_.count(y.year)) {
      return invalid(
          std::to_string(y.year) + " 年日历重复 / the " + std::to_string(y.year) + " calendar is given twice", "year");
    }
    if (!cal.region_.empty() && cal.region_ != y.region) {
      return invalid("日历地区不一致：" + cal.region_ + " 与 " + y.region +
                         " / calendars of different regions: " + cal.region_ + " and " + y.region,
                     "region");
    }
    cal.region_ = y.region;
    for (const auto& h : checked->holidays) {
      for (int64_t d = dayOf(h.from); d <= dayOf(h.to); ++d) {
        cal.special_[d] = Special{DayKind::kHoliday, h.name};
        if (!isWeekendDay(d)) cal.deltas_.emplace_back(d, -1);
      }
    }
    for (const auto& w : checked->workdays) {
      int64_t d = dayOf(w.date);
      cal.special_[d] = Special{DayKind::kMakeUpWorkday, w.name};
      cal.deltas_.emplace_back(d, +1);  // always a weekend day (parseYear checked)
    }
    cal.years_.emplace(y.year, std::move(*checked));
  }
  std::sort(cal.deltas_.begin(), cal.deltas_.end());
  return cal;
}

std::vector<int> WorkingCalendar::loadedYears() const {
  std::vector<int> out;
  for (const auto& [y, _] : years_) out.push_back(y);
  return out;
}

const YearCalendar* WorkingCalendar::year(int y) const {
  auto it = years_.find(y);
  return it == years_.end() ? nullptr : &it->second;
}

bool WorkingCalendar::workingDay(int64_t day, bool* estimated) const {
  if (!hasYear(static_cast<int>(dateOf(day).year()))) {
    *estimated = true;
    return !isWeekendDay(day);
  }
  auto it = special_.find(day);
  if (it != special_.end()) return it->second.kind == DayKind::kMakeUpWorkday;
  return !isWeekendDay(day);
}

bool WorkingCalendar::isWorkingDay(Date d) const { return dayInfo(d).working; }

DayInfo WorkingCalendar::dayInfo(Date d) const {
  DayInfo info;
  if (!d.ok()) {  // no such day (e.g. 02-30): nobody works on it
    info.kind = DayKind::kWeekend;
    info.working = false;
    return info;
  }
  int64_t day = dayOf(d);
  info.estimated = !hasYear(static_cast<int>(d.year()));
  auto it = info.estimated ? special_.end() : special_.find(day);
  if (it != special_.end()) {
    info.kind = it->second.kind;
    info.name = it->second.name;
  } else {
    info.kind = isWeekendDay(day) ? DayKind::kWeekend : DayKind::kWorkday;
  }
  info.working = info.kind == DayKind::kWorkday || info.kind == DayKind::kMakeUpWorkday;
  return info;
}

namespace {
// Clamped first so that adding the offset can never overflow, whatever the caller passes.
int64_t clampMs(int64_t ms) { return std::clamp(ms, (kMinDay - 1) * kMsPerDay, (kMaxDay + 2) * kMsPerDay); }
}  // namespace

int64_t WorkingCalendar::dayNumber(int64_t ms) const {
  ms = clampMs(ms);
  int64_t day = floorDiv(ms + options_.utc_offset_minutes * kMsPerMinute, kMsPerDay);
  return std::clamp(day, kMinDay, kMaxDay);
}

Date WorkingCalendar::localDate(int64_t ms) const { return dateOf(dayNumber(ms)); }

int64_t WorkingCalendar::toUtcMs(Date d, int minute_of_day) const {
  return (dayOf(d) * 24 * 60 + minute_of_day - options_.utc_offset_minutes) * kMsPerMinute;
}

int64_t WorkingCalendar::closeOfBusinessMs(Date d) const {
  return toUtcMs(d, options_.working_hours.back().end_minute);
}

DeadlineResult WorkingCalendar::addWorkingDays(int64_t from_ms, int days) const {
  if (days <= 0) return {from_ms, false};
  days = std::min(days, kMaxDays);
  bool estimated = false;
  int64_t day = dayNumber(from_ms);  // 次日起算: the day of receipt is never examined
  for (int counted = 0; counted < days;) {
    ++day;
    if (workingDay(day, &estimated)) ++counted;
  }
  return {closeOfBusinessMs(dateOf(day)), estimated};
}

DeadlineResult WorkingCalendar::addWorkingHours(int64_t from_ms, int hours) const {
  return addWorkingMinutes(from_ms, static_cast<int64_t>(hours) * 60);
}

DeadlineResult WorkingCalendar::addWorkingMinutes(int64_t from_ms, int64_t minutes) const {
  if (minutes <= 0) return {from_ms, false};
  int64_t remaining = std::min(minutes, kMaxMinutes) * kMsPerMinute;
  const int64_t offset_ms = options_.utc_offset_minutes * kMsPerMinute;
  int64_t day = dayNumber(from_ms);
  // Milliseconds since local midnight of `day`; clamped so an out-of-range `from` starts cleanly.
  int64_t t = std::clamp(clampMs(from_ms) + offset_ms - day * kMsPerDay, int64_t{0}, kMsPerDay);
  const int64_t close = options_.working_hours.back().end_minute * kMsPerMinute;
  bool estimated = false;
  for (;; ++day, t = 0) {
    // After closing nothing of the day is left to use, so its status is not even consulted (a
    // case received on 12-31 after hours does not ask about 12-31's year).
    if (t >= close || !workingDay(day, &estimated)) continue;
    for (const auto& iv : options_.working_hours) {
      int64_t start = std::max(t, iv.start_minute * kMsPerMinute);
      int64_t end = iv.end_minute * kMsPerMinute;
      if (start >= end) continue;
      if (remaining <= end - start) return {day * kMsPerDay + start + remaining - offset_ms, estimated};
      remaining -= end - start;
      t = end;
    }
  }
}

int WorkingCalendar::workingDaysBetween(int64_t a_ms, int64_t b_ms) const {
  int64_t a = dayNumber(a_ms), b = dayNumber(b_ms);
  int sign = 1;
  if (b < a) {
    std::swap(a, b);
    sign = -1;
  }
  // Working days in (a, b] = weekdays in (a, b], minus holidays on weekdays, plus make-up days.
  int64_t count = weekdaysUpTo(b) - weekdaysUpTo(a);
  auto it = std::upper_bound(deltas_.begin(), deltas_.end(), std::make_pair(a, 1));
  for (; it != deltas_.end() && it->first <= b; ++it) count += it->second;
  return sign * static_cast<int>(count);
}

}  // namespace onedoor::calendar
