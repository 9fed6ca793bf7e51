// Working-day calendar: the shipped 2025/2026 files, deadlines across real holidays and 调休 days,
// working hours, the estimated flag past the loaded years, and the file parser's refusals.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "calendar/calendar_dir.h"
#include "calendar/working_calendar.h"
#include "calendar/year_calendar.h"

using namespace onedoor;
using namespace onedoor::calendar;
namespace fs = std::filesystem;

namespace {

// calendars/cn of this source tree. The build names the tree; a build that does not (a scratch
// project) falls back to this file's own path.
fs::path shippedDir() {
#ifdef ONEDOOR_SOURCE_DIR
  return fs::path(ONEDOOR_SOURCE_DIR) / "calendars" / "cn";
#else
  return fs::path(__FILE__).parent_path() / ".." / ".." / ".." / "calendars" / "cn";
#endif
}

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const WorkingCalendar& cn() {
  static const WorkingCalendar cal = [] {
    auto r = loadCalendarDir(shippedDir());
    if (!r) {
      ADD_FAILURE() << r.status().message();
      return WorkingCalendar();
    }
    return std::move(r).value();
  }();
  return cal;
}

// Beijing wall-clock time → UTC epoch ms, computed with std::chrono alone (not the calendar).
int64_t bj(int y, unsigned mo, unsigned d, int hh = 0, int mm = 0, int ss = 0, int ms = 0) {
  using namespace std::chrono;
  auto t = sys_days{year{y} / month{mo} / day{d}} + hours{hh} + minutes{mm} + seconds{ss} + milliseconds{ms} - hours{8};
  return duration_cast<milliseconds>(t.time_since_epoch()).count();
}

// UTC epoch ms → "YYYY-MM-DD HH:MM" (":SS.mmm" when not on the minute) in Beijing time.
std::string bjText(int64_t ms) {
  using namespace std::chrono;
  auto t = sys_time<milliseconds>{milliseconds{ms}} + hours{8};
  auto dp = floor<days>(t);
  year_month_day ymd{dp};
  auto rest = duration_cast<milliseconds>(t - dp).count();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02lld:%02lld", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long long>(rest / 3600000), static_cast<long long>(rest / 60000 % 60));
  std::string s = buf;
  if (rest % 60000 != 0) {
    std::snprintf(buf, sizeof buf, ":%02lld.%03lld", static_cast<long long>(rest / 1000 % 60),
                  static_cast<long long>(rest % 1000));
    s += buf;
  }
  return s;
}

std::string dueDays(int64_t from, int n) { return bjText(cn().addWorkingDays(from, n).due_ms); }
std::string dueHours(int64_t from, int n) { return bjText(cn().addWorkingHours(from, n).due_ms); }

Date date(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

}  // namespace

// ---- the shipped data ----

TEST(ShippedCalendars, LoadBothVerifiedYearsOfChina) {
  EXPECT_EQ(cn().loadedYears(), (std::vector<int>{2025, 2026}));
  EXPECT_EQ(cn().region(), "cn");
  ASSERT_NE(cn().year(2026), nullptr);
  EXPECT_NE(cn().year(2026)->source.find("2026年部分节假日安排"), std::string::npos);
  EXPECT_NE(cn().year(2025)->source.find("国办发明电〔2024〕12号"), std::string::npos);
}

TEST(ShippedCalendars, EachYearHas248WorkingDays) {
  // 261 weekdays − 18 (2025) / 19 (2026) weekday holidays + 5 / 6 make-up days.
  EXPECT_EQ(cn().workingDaysBetween(bj(2024, 12, 31, 12), bj(2025, 12, 31, 12)), 248);
  EXPECT_EQ(cn().workingDaysBetween(bj(2025, 12, 31, 12), bj(2026, 12, 31, 12)), 248);
}

TEST(ShippedCalendars, FilesAreInCanonicalForm) {
  // What the admin API writes back is byte-for-byte what ships, so edits diff cleanly.
  for (const char* name : {"2025.json", "2026.json"}) {
    std::string text = readFile(shippedDir() / name);
    auto parsed = parseYear(text);
    ASSERT_TRUE(parsed) << name << ": " << parsed.status().message();
    EXPECT_EQ(serializeYear(*parsed), text) << name;
  }
}

TEST(IsWorkingDay, FollowsHolidaysAndMakeUpDays) {
  EXPECT_TRUE(cn().isWorkingDay(date(2026, 2, 14)));   // Sat, 春节调休
  EXPECT_FALSE(cn().isWorkingDay(date(2026, 2, 15)));  // Sun, 春节
  EXPECT_FALSE(cn().isWorkingDay(date(2026, 2, 16)));  // Mon, 春节
  EXPECT_FALSE(cn().isWorkingDay(date(2026, 2, 23)));  // Mon, last day of 春节
  EXPECT_TRUE(cn().isWorkingDay(date(2026, 2, 24)));   // Tue
  EXPECT_TRUE(cn().isWorkingDay(date(2026, 2, 28)));   // Sat, 春节调休
  EXPECT_FALSE(cn().isWorkingDay(date(2026, 3, 7)));   // a plain Saturday
  EXPECT_TRUE(cn().isWorkingDay(date(2026, 3, 11)));   // a plain Wednesday
  EXPECT_FALSE(cn().isWorkingDay(date(2026, 1, 2)));   // Fri, 元旦
  EXPECT_TRUE(cn().isWorkingDay(date(2026, 1, 4)));    // Sun, 元旦调休
  EXPECT_TRUE(cn().isWorkingDay(date(2025, 9, 28)));   // Sun, 国庆调休
  EXPECT_TRUE(cn().isWorkingDay(date(2025, 10, 11)));  // Sat, 国庆调休
  EXPECT_FALSE(cn().isWorkingDay(date(2025, 10, 8)));  // Wed, 国庆节、中秋节
  EXPECT_FALSE(cn().isWorkingDay(date(2026, 2, 30)));  // no such day
}

TEST(DayInfo, NamesTheDayAndFlagsUnloadedYears) {
  auto spring = cn().dayInfo(date(2026, 2, 17));
  EXPECT_EQ(spring.kind, DayKind::kHoliday);
  EXPECT_EQ(spring.name, "春节");
  EXPECT_FALSE(spring.estimated);
  auto makeup = cn().dayInfo(date(2026, 9, 20));
  EXPECT_EQ(makeup.kind, DayKind::kMakeUpWorkday);
  EXPECT_TRUE(makeup.working);
  EXPECT_EQ(makeup.name, "国庆节调休");
  // 2027 is not loaded: its 元旦 is unknown, so Friday 2027-01-01 looks like a working day.
  auto next = cn().dayInfo(date(2027, 1, 1));
  EXPECT_TRUE(next.working);
  EXPECT_TRUE(next.estimated);
  EXPECT_EQ(cn().dayInfo(date(2027, 1, 2)).kind, DayKind::kWeekend);
}

// ---- working days (次日起算, due at close of business) ----

TEST(AddWorkingDays, FridayEveningWithOneDayIsDueEndOfMonday) {
  EXPECT_EQ(dueDays(bj(2026, 3, 6, 19, 0), 1), "2026-03-09 17:30");
}

TEST(AddWorkingDays, DayOfReceiptNeverCountsEvenBeforeOpening) {
  EXPECT_EQ(dueDays(bj(2026, 3, 9, 7, 0), 1), "2026-03-10 17:30");    // Mon 07:00 → Tue
  EXPECT_EQ(dueDays(bj(2026, 3, 9, 10, 0), 1), "2026-03-10 17:30");   // Mon 10:00 → Tue
  EXPECT_EQ(dueDays(bj(2026, 3, 9, 23, 59), 5), "2026-03-16 17:30");  // Mon → next Mon
  EXPECT_EQ(dueDays(bj(2026, 3, 9, 0, 0), 1), "2026-03-10 17:30");    // local midnight belongs to Mon
}

TEST(AddWorkingDays, AcrossSpringFestival2026) {
  // Fri 02-13; Sat 02-14 is a make-up day (day 1); 02-15 … 02-23 off; Tue 02-24 day 2; Wed 02-25 day 3.
  const int64_t fri = bj(2026, 2, 13, 15, 20);
  EXPECT_EQ(dueDays(fri, 1), "2026-02-14 17:30");
  EXPECT_EQ(dueDays(fri, 2), "2026-02-24 17:30");
  EXPECT_EQ(dueDays(fri, 3), "2026-02-25 17:30");
  EXPECT_EQ(dueDays(fri, 5), "2026-02-27 17:30");
  EXPECT_EQ(dueDays(fri, 6), "2026-02-28 17:30");  // Sat 02-28, the second 春节调休
  EXPECT_EQ(dueDays(fri, 7), "2026-03-02 17:30");
  EXPECT_FALSE(cn().addWorkingDays(fri, 7).estimated);
  // Received on the make-up Saturday itself: counting starts the next day, into the holiday.
  EXPECT_EQ(dueDays(bj(2026, 2, 14, 10, 0), 1), "2026-02-24 17:30");
  // Received during the holiday.
  EXPECT_EQ(dueDays(bj(2026, 2, 18, 9, 0), 1), "2026-02-24 17:30");
}

TEST(AddWorkingDays, AcrossNationalDay2025) {
  // Sat 09-27 off; Sun 09-28 make-up; 10-01 … 10-08 off; Sat 10-11 make-up.
  const int64_t fri = bj(2025, 9, 26, 16, 0);
  EXPECT_EQ(dueDays(fri, 1), "2025-09-28 17:30");
  EXPECT_EQ(dueDays(fri, 3), "2025-09-30 17:30");
  EXPECT_EQ(dueDays(fri, 4), "2025-10-09 17:30");
  EXPECT_EQ(dueDays(fri, 5), "2025-10-10 17:30");
  EXPECT_EQ(dueDays(fri, 6), "2025-10-11 17:30");
  EXPECT_EQ(dueDays(fri, 7), "2025-10-13 17:30");
  EXPECT_EQ(dueDays(bj(2025, 9, 30, 16, 0), 1), "2025-10-09 17:30");
}

TEST(AddWorkingDays, AcrossMidAutumnAndNationalDay2026) {
  // Sun 09-20 make-up; 中秋 09-25 … 09-27; 国庆 10-01 … 10-07; Sat 10-10 make-up.
  EXPECT_EQ(dueDays(bj(2026, 9, 18, 17, 45), 1), "2026-09-20 17:30");
  EXPECT_EQ(dueDays(bj(2026, 9, 18, 17, 45), 2), "2026-09-21 17:30");
  const int64_t thu = bj(2026, 9, 24, 11, 0);
  EXPECT_EQ(dueDays(thu, 1), "2026-09-28 17:30");
  EXPECT_EQ(dueDays(thu, 3), "2026-09-30 17:30");
  EXPECT_EQ(dueDays(thu, 4), "2026-10-08 17:30");
  EXPECT_EQ(dueDays(thu, 6), "2026-10-10 17:30");
  EXPECT_EQ(dueDays(thu, 7), "2026-10-12 17:30");
  EXPECT_EQ(dueDays(bj(2026, 9, 30, 17, 0), 1), "2026-10-08 17:30");
}

TEST(AddWorkingDays, NewYear2026WithMakeUpSunday) {
  // Received in 2025 (loaded), counted into 2026 (loaded): 01-01 … 01-03 off, Sun 01-04 worked.
  const int64_t eve = bj(2025, 12, 31, 10, 0);
  EXPECT_EQ(dueDays(eve, 1), "2026-01-04 17:30");
  EXPECT_EQ(dueDays(eve, 2), "2026-01-05 17:30");
  EXPECT_FALSE(cn().addWorkingDays(eve, 2).estimated);
}

TEST(AddWorkingDays, ReachingInto2027IsFlaggedEstimated) {
  auto inside = cn().addWorkingDays(bj(2026, 12, 29, 10, 0), 2);
  EXPECT_EQ(bjText(inside.due_ms), "2026-12-31 17:30");
  EXPECT_FALSE(inside.estimated);
  // 2027-01-01 will almost surely be 元旦, but until the 2027 notice is loaded only weekends count.
  auto one = cn().addWorkingDays(bj(2026, 12, 31, 10, 0), 1);
  EXPECT_EQ(bjText(one.due_ms), "2027-01-01 17:30");
  EXPECT_TRUE(one.estimated);
  auto three = cn().addWorkingDays(bj(2026, 12, 30, 10, 0), 3);
  EXPECT_EQ(bjText(three.due_ms), "2027-01-04 17:30");
  EXPECT_TRUE(three.estimated);
}

TEST(AddWorkingDays, BeforeTheLoadedYearsIsFlaggedEstimatedToo) {
  auto only2026 = WorkingCalendar::create({*parseYear(readFile(shippedDir() / "2026.json"))});
  ASSERT_TRUE(only2026);
  // Without 2025's file, 2025-10-01 (国庆) looks like an ordinary Wednesday.
  auto r = only2026->addWorkingDays(bj(2025, 9, 30, 10, 0), 1);
  EXPECT_EQ(bjText(r.due_ms), "2025-10-01 17:30");
  EXPECT_TRUE(r.estimated);
}

TEST(AddWorkingDays, NonPositiveDaysAreDueAtOnce) {
  const int64_t t = bj(2026, 3, 9, 10, 0);
  EXPECT_EQ(cn().addWorkingDays(t, 0).due_ms, t);
  EXPECT_EQ(cn().addWorkingDays(t, -3).due_ms, t);
}

TEST(AddWorkingDays, TimeZoneDecidesTheDayOfReceipt) {
  // Fri 2026-02-13 23:30 UTC is Sat 02-14 07:30 in Beijing, the make-up Saturday: counting starts
  // on Sunday, inside the holiday, so 1 working day is Tue 02-24, not Sat 02-14.
  using namespace std::chrono;
  int64_t utc =
      duration_cast<milliseconds>((sys_days{2026y / February / 13} + hours{23} + minutes{30}).time_since_epoch())
          .count();
  EXPECT_EQ(dueDays(utc, 1), "2026-02-24 17:30");
}

// ---- working hours ----

TEST(AddWorkingHours, SkipsTheLunchBreak) {
  EXPECT_EQ(dueHours(bj(2026, 3, 9, 11, 0), 2), "2026-03-09 14:30");
  EXPECT_EQ(dueHours(bj(2026, 3, 9, 12, 30), 1), "2026-03-09 14:30");  // received at lunch
  EXPECT_EQ(dueHours(bj(2026, 3, 9, 10, 0), 2), "2026-03-09 12:00");   // ends at noon, not 13:30
  EXPECT_EQ(dueHours(bj(2026, 3, 9, 9, 0), 7), "2026-03-09 17:30");    // one full day
}

TEST(AddWorkingHours, SkipsTheEveningAndTheNight) {
  EXPECT_EQ(dueHours(bj(2026, 3, 10, 16, 30), 3), "2026-03-11 11:00");
  EXPECT_EQ(dueHours(bj(2026, 3, 10, 20, 0), 2), "2026-03-11 11:00");
  EXPECT_EQ(dueHours(bj(2026, 3, 11, 7, 0), 1), "2026-03-11 10:00");  // before opening
  // 1 h on Tuesday + Wednesday's full 7 h: due at Wednesday's closing, not Thursday's opening.
  EXPECT_EQ(dueHours(bj(2026, 3, 10, 16, 30), 8), "2026-03-11 17:30");
  EXPECT_EQ(dueHours(bj(2026, 3, 10, 16, 30), 9), "2026-03-12 10:00");
}

TEST(AddWorkingHours, SkipsTheWeekend) {
  EXPECT_EQ(dueHours(bj(2026, 3, 13, 16, 0), 4), "2026-03-16 11:30");  // Fri 1.5 h + Mon 2.5 h
  EXPECT_EQ(dueHours(bj(2026, 3, 14, 10, 0), 1), "2026-03-16 10:00");  // received on Saturday
}

TEST(AddWorkingHours, SkipsHolidaysAndWorksMakeUpDays) {
  // Wed 2026-09-30 15:00: 2.5 h that day, 10-01 … 10-07 off, Thu 10-08 3 h + 2.5 h.
  EXPECT_EQ(dueHours(bj(2026, 9, 30, 15, 0), 8), "2026-10-08 16:00");
  // Fri 2026-02-13 17:00: half an hour, then the make-up Saturday 02-14 from 09:00.
  EXPECT_EQ(dueHours(bj(2026, 2, 13, 17, 0), 2), "2026-02-14 10:30");
  // Beyond that Saturday the next working hour is after the whole Spring Festival.
  EXPECT_EQ(dueHours(bj(2026, 2, 14, 17, 0), 1), "2026-02-24 09:30");
}

TEST(AddWorkingHours, KeepsSecondsOfTheReceipt) {
  EXPECT_EQ(dueHours(bj(2026, 3, 9, 10, 15, 30, 250), 1), "2026-03-09 11:15:30.250");
}

TEST(AddWorkingHours, ReachingInto2027IsFlaggedEstimated) {
  auto inside = cn().addWorkingHours(bj(2026, 12, 31, 10, 0), 1);
  EXPECT_EQ(bjText(inside.due_ms), "2026-12-31 11:00");
  EXPECT_FALSE(inside.estimated);
  auto across = cn().addWorkingHours(bj(2026, 12, 31, 17, 0), 1);
  EXPECT_EQ(bjText(across.due_ms), "2027-01-01 09:30");
  EXPECT_TRUE(across.estimated);
}

// ---- working days between (reports, overdue) ----

TEST(WorkingDaysBetween, CountsLikeTheDeadlines) {
  EXPECT_EQ(cn().workingDaysBetween(bj(2026, 2, 13, 15, 0), bj(2026, 2, 25, 17, 30)), 3);
  EXPECT_EQ(cn().workingDaysBetween(bj(2026, 2, 25, 17, 30), bj(2026, 2, 13, 15, 0)), -3);
  EXPECT_EQ(cn().workingDaysBetween(bj(2026, 2, 13, 9, 0), bj(2026, 2, 13, 23, 0)), 0);
  // A reply due Tue 2025-09-30 and still open on Thu 10-09 is one working day overdue, not nine.
  EXPECT_EQ(cn().workingDaysBetween(bj(2025, 9, 30, 17, 30), bj(2025, 10, 9, 10, 0)), 1);
  // The whole of 2026's Spring Festival week counts the make-up Saturday 02-28 as a working day.
  EXPECT_EQ(cn().workingDaysBetween(bj(2026, 2, 22, 12), bj(2026, 3, 1, 12)), 5);
}

TEST(WorkingDaysBetween, InvertsAddWorkingDaysAndAgreesWithDayByDay) {
  // Every receipt day from 2024-12-25 to 2027-01-10, limits 1 … 40 working days.
  using namespace std::chrono;
  for (sys_days d = sys_days{2024y / December / 25}; d <= sys_days{2027y / January / 10}; d += days{1}) {
    year_month_day ymd{d};
    int64_t t =
        bj(static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), 14, 0);
    int walked = 0;
    Date cur = ymd;
    for (int n = 1; n <= 40; ++n) {
      auto due = cn().addWorkingDays(t, n).due_ms;
      ASSERT_EQ(cn().workingDaysBetween(t, due), n) << formatDate(ymd) << " + " << n;
      // Independent count: walk the days with isWorkingDay.
      while (walked < n) {
        cur = Date{sys_days{cur} + days{1}};
        if (cn().isWorkingDay(cur)) ++walked;
      }
      ASSERT_EQ(formatDate(cn().localDate(due)), formatDate(cur)) << formatDate(ymd) << " + " << n;
    }
  }
}

// ---- options ----

TEST(Options, CustomHoursMoveTheCloseOfBusiness) {
  CalendarOptions opts;
  opts.working_hours = {{8 * 60 + 30, 12 * 60}, {14 * 60, 18 * 60}};  // summer hours
  auto cal = WorkingCalendar::create({*parseYear(readFile(shippedDir() / "2026.json"))}, opts);
  ASSERT_TRUE(cal) << cal.status().message();
  EXPECT_EQ(bjText(cal->addWorkingDays(bj(2026, 3, 6, 19, 0), 1).due_ms), "2026-03-09 18:00");
  EXPECT_EQ(bjText(cal->addWorkingHours(bj(2026, 3, 9, 11, 0), 2).due_ms), "2026-03-09 15:00");
}

TEST(Options, OtherOffsetsShiftLocalTime) {
  CalendarOptions utc;
  utc.utc_offset_minutes = 0;
  auto cal = WorkingCalendar::create({}, utc);
  ASSERT_TRUE(cal);
  // Mon 2026-03-09 10:00 UTC + 1 working day = Tue 17:30 UTC = Wed 01:30 in Beijing.
  EXPECT_EQ(bjText(cal->addWorkingDays(bj(2026, 3, 9, 18, 0), 1).due_ms), "2026-03-11 01:30");
  EXPECT_TRUE(cal->addWorkingDays(bj(2026, 3, 9, 18, 0), 1).estimated);  // no year loaded
}

TEST(Options, RefusesBadHoursOffsetsAndYearSets) {
  auto y2026 = *parseYear(readFile(shippedDir() / "2026.json"));
  CalendarOptions overlap;
  overlap.working_hours = {{9 * 60, 12 * 60}, {11 * 60, 17 * 60}};
  EXPECT_EQ(WorkingCalendar::create({}, overlap).status().field(), "working_hours");
  CalendarOptions empty;
  empty.working_hours = {};
  EXPECT_FALSE(WorkingCalendar::create({}, empty));
  CalendarOptions past_midnight;
  past_midnight.working_hours = {{20 * 60, 25 * 60}};
  EXPECT_FALSE(WorkingCalendar::create({}, past_midnight));
  CalendarOptions far;
  far.utc_offset_minutes = 15 * 60;
  EXPECT_EQ(WorkingCalendar::create({}, far).status().field(), "utc_offset_minutes");
  auto twice = WorkingCalendar::create({y2026, y2026});
  EXPECT_FALSE(twice);
  EXPECT_NE(twice.status().message().find("given twice"), std::string::npos);
  auto other = y2026;
  other.year = 2025;
  other.region = "hk";
  for (auto& h : other.holidays) h.from = h.to = date(2025, static_cast<unsigned>(h.from.month()), 1);
  other.holidays.resize(1);
  other.workdays.clear();
  EXPECT_EQ(WorkingCalendar::create({y2026, other}).status().field(), "region");
  // A YearCalendar built in code meets the file's rules too: a weekday "make-up day" is refused.
  auto bad = y2026;
  bad.workdays.push_back({date(2026, 3, 11), "typo"});
  EXPECT_FALSE(WorkingCalendar::create({bad}));
}

TEST(Options, HugeInputsAreClampedNotHung) {
  auto r = cn().addWorkingDays(INT64_MAX, INT32_MAX);
  EXPECT_TRUE(r.estimated);
  auto h = cn().addWorkingHours(INT64_MIN, INT32_MAX);
  EXPECT_TRUE(h.estimated);
  EXPECT_GT(cn().workingDaysBetween(INT64_MIN, INT64_MAX), 2'000'000);
}

// ---- the file parser ----

namespace {

const char* kValid2026 =
    R"json({"year":2026,"region":"cn","source":"国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)",
  "holidays":[{"name":"春节","from":"2026-02-15","to":"2026-02-23"}],
  "workdays":[{"date":"2026-02-14","name":"春节调休"}]})json";

// Parses `text`, expects a refusal naming `field`, and returns the message.
std::string refusal(const std::string& text, const std::string& field) {
  auto r = parseYear(text);
  EXPECT_FALSE(r) << text;
  if (r) return {};
  EXPECT_EQ(r.status().code(), Code::kInvalid);
  EXPECT_EQ(r.status().field(), field) << r.status().message();
  EXPECT_NE(r.status().message().find(" / "), std::string::npos) << "bilingual: " << r.status().message();
  return r.status().message();
}

std::string with(const std::string& holidays, const std::string& workdays, int year = 2026) {
  return R"({"year":)" + std::to_string(year) + R"(,"region":"cn","source":"test","holidays":[)" + holidays +
         R"(],"workdays":[)" + workdays + "]}";
}

}  // namespace

TEST(ParseYear, AcceptsTheBriefsExampleAndSortsEntries) {
  auto r = parseYear(kValid2026);
  ASSERT_TRUE(r) << r.status().message();
  EXPECT_EQ(r->year, 2026);
  ASSERT_EQ(r->holidays.size(), 1u);
  EXPECT_EQ(formatDate(r->holidays[0].to), "2026-02-23");
  EXPECT_EQ(r->workdays[0].name, "春节调休");

  auto unsorted = parseYear(with(
      R"({"name":"国庆节","from":"2026-10-01","to":"2026-10-07"},{"name":"元旦","from":"2026-01-01","to":"2026-01-03"})",
      R"({"date":"2026-10-10"},{"date":"2026-01-04","name":"元旦调休"})"));
  ASSERT_TRUE(unsorted) << unsorted.status().message();
  EXPECT_EQ(unsorted->holidays[0].name, "元旦");
  EXPECT_EQ(formatDate(unsorted->workdays[0].date), "2026-01-04");
  EXPECT_EQ(unsorted->workdays[1].name, "");  // a make-up day's name is optional
  EXPECT_EQ(serializeYear(*parseYear(serializeYear(*unsorted))), serializeYear(*unsorted));
}

TEST(ParseYear, RefusesBrokenJsonAndShapes) {
  refusal("{\"year\": 2026,", "");
  refusal("[2026]", "");
  refusal(R"({"region":"cn","source":"s","holidays":[],"workdays":[]})", "year");
  refusal(R"({"year":"2026","region":"cn","source":"s","holidays":[],"workdays":[]})", "year");
  refusal(R"({"year":2026.5,"region":"cn","source":"s","holidays":[],"workdays":[]})", "year");
  refusal(R"({"year":12026,"region":"cn","source":"s","holidays":[],"workdays":[]})", "year");
  refusal(R"({"year":2026,"source":"s","holidays":[],"workdays":[]})", "region");
  refusal(R"({"year":2026,"region":"../etc","source":"s","holidays":[],"workdays":[]})", "region");
  refusal(R"({"year":2026,"region":"cn","source":"","holidays":[],"workdays":[]})", "source");
  refusal(R"({"year":2026,"region":"cn","source":"s","holidays":{},"workdays":[]})", "holidays");
  refusal(R"({"year":2026,"region":"cn","source":"s","holidays":[]})", "workdays");
  refusal(with("\"春节\"", ""), "holidays[0]");
  refusal(with(R"({"from":"2026-02-15","to":"2026-02-23"})", ""), "holidays[0].name");
}

TEST(ParseYear, RefusesMisspeltFields) {
  // "workday" for "workdays" would otherwise drop every make-up day without a word.
  auto msg = refusal(R"({"year":2026,"region":"cn","source":"s","holidays":[],"workdays":[],"workday":[]})", "workday");
  EXPECT_NE(msg.find("unknown field"), std::string::npos);
  refusal(with(R"({"name":"春节","form":"2026-02-15","from":"2026-02-15","to":"2026-02-23"})", ""), "holidays[0].form");
}

TEST(ParseYear, RefusesDatesThatAreNotReal) {
  auto msg = refusal(with(R"({"name":"春节","from":"2026-02-15","to":"2026-02-30"})", ""), "holidays[0].to");
  EXPECT_NE(msg.find("2026-02-30"), std::string::npos);
  refusal(with(R"({"name":"春节","from":"2026-2-15","to":"2026-02-23"})", ""), "holidays[0].from");
  refusal(with(R"({"name":"春节","from":20260215,"to":"2026-02-23"})", ""), "holidays[0].from");
  refusal(with("", R"({"date":"2026-13-01"})"), "workdays[0].date");
  refusal(with(R"({"name":"x","from":"2025-02-29","to":"2025-02-29"})", "", 2025),
          "holidays[0].from");  // not a leap year
}

TEST(ParseYear, RefusesDatesOutsideTheYear) {
  auto msg = refusal(with(R"({"name":"元旦","from":"2026-12-31","to":"2027-01-01"})", ""), "holidays[0].to");
  EXPECT_NE(msg.find("not in year 2026"), std::string::npos);
  refusal(with("", R"({"date":"2025-12-28","name":"元旦调休"})"), "workdays[0].date");
}

TEST(ParseYear, RefusesARangeThatEndsBeforeItStarts) {
  auto msg = refusal(with(R"({"name":"春节","from":"2026-02-23","to":"2026-02-15"})", ""), "holidays[0].to");
  EXPECT_NE(msg.find("ends (2026-02-15) before it starts (2026-02-23)"), std::string::npos);
}

TEST(ParseYear, RefusesOverlappingHolidays) {
  refusal(
      with(
          R"({"name":"中秋节","from":"2026-09-25","to":"2026-10-01"},{"name":"国庆节","from":"2026-10-01","to":"2026-10-07"})",
          ""),
      "holidays");
}

TEST(ParseYear, RefusesAWeekdayAsMakeUpDay) {
  // Fri 2026-02-13 is a working day anyway; listing it means the real date was mistyped.
  auto msg = refusal(with("", R"({"date":"2026-02-13","name":"春节调休"})"), "workdays[0].date");
  EXPECT_NE(msg.find("not a Saturday or Sunday"), std::string::npos);
}

TEST(ParseYear, RefusesADayThatIsBothHolidayAndWorkday) {
  auto msg = refusal(
      with(R"({"name":"春节","from":"2026-02-14","to":"2026-02-23"})", R"({"date":"2026-02-14","name":"春节调休"})"),
      "workdays");
  EXPECT_NE(msg.find("2026-02-14 is both a holiday (春节) and a make-up working day"), std::string::npos);
}

TEST(ParseYear, RefusesAMakeUpDayListedTwice) {
  refusal(with("", R"({"date":"2026-02-14"},{"date":"2026-02-14","name":"春节调休"})"), "workdays");
}

// ---- the directory loader ----

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("onedoor_calendar_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name, std::ios::binary) << text;
  }
};

}  // namespace

TEST(LoadCalendarDir, ReadsTheJsonFilesAndIgnoresOthers) {
  TempDir dir;
  dir.write("README.txt", "not a calendar");
  dir.write("2026.json", kValid2026);
  auto cal = loadCalendarDir(dir.path);
  ASSERT_TRUE(cal) << cal.status().message();
  EXPECT_EQ(cal->loadedYears(), std::vector<int>{2026});
  EXPECT_EQ(bjText(cal->addWorkingDays(bj(2026, 2, 13, 15), 2).due_ms), "2026-02-24 17:30");
}

TEST(LoadCalendarDir, AFolderWithoutCalendarsIsAnErrorThatPointsAtTheRegion) {
  // calendars/ instead of calendars/cn would otherwise start a server that ignores every holiday.
  auto r = loadCalendarDir(shippedDir().parent_path());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.status().code(), Code::kNotFound);
  EXPECT_NE(r.status().message().find("cn?"), std::string::npos) << r.status().message();
}

TEST(LoadCalendarDir, NamesTheBadFile) {
  TempDir dir;
  dir.write("2026.json", kValid2026);
  dir.write("2027.json", kValid2026);  // copied for next year, never edited
  auto r = loadCalendarDir(dir.path);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.status().field(), "2027.json");
  EXPECT_NE(r.status().message().find("does not match its name"), std::string::npos);

  TempDir broken;
  broken.write("2026.json", with("", R"({"date":"2026-02-13"})"));
  auto b = loadCalendarDir(broken.path);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.status().field(), "2026.json:workdays[0].date");
  EXPECT_NE(b.status().message().find("2026.json"), std::string::npos);
}

TEST(LoadCalendarDir, MissingDirectoryIsNotFound) {
  auto r = loadCalendarDir("/nonexistent/onedoor/calendars");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.status().code(), Code::kNotFound);
}
