// Appointment slots on the shipped calendar (across 国庆节 2026 and its make-up Saturday), the
// reminder time, and the iCalendar writer checked by parsing its output back (unfold, unescape).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <sstream>

#include "calendar/calendar_dir.h"
#include "matters/ics.h"
#include "matters/slots.h"

using namespace onedoor;
using namespace onedoor::matters;

namespace {

const calendar::WorkingCalendar& cn() {
  static const calendar::WorkingCalendar cal = [] {
    auto r = calendar::loadCalendarDir(std::filesystem::path(ONEDOOR_SOURCE_DIR) / "calendars" / "cn");
    if (!r) {
      ADD_FAILURE() << r.status().message();
      return calendar::WorkingCalendar();
    }
    return std::move(*r);
  }();
  return cal;
}

calendar::Date D(const char* s) { return *calendar::parseDate(s); }
int64_t local(const char* date, int h, int m) { return cn().toUtcMs(D(date), h * 60 + m); }

}  // namespace

TEST(MatterSlots, GridSkipsTheNationalDayHolidayAndKeepsTheMakeUpSaturday) {
  // 2026-09-30 is a Wednesday; 10-01…10-07 are 国庆节; 10-10 is a Saturday worked (调休).
  auto days = slotsBetween(cn(), D("2026-09-30"), 11);
  ASSERT_EQ(days.size(), 4u);
  EXPECT_EQ(calendar::formatDate(days[0].date), "2026-09-30");
  EXPECT_EQ(calendar::formatDate(days[1].date), "2026-10-08");
  EXPECT_EQ(calendar::formatDate(days[2].date), "2026-10-09");
  EXPECT_EQ(calendar::formatDate(days[3].date), "2026-10-10");
  for (const auto& d : days) {
    ASSERT_EQ(d.slots.size(), 13u);  // 6 in the morning, 7 in the afternoon
    for (const auto& s : d.slots) EXPECT_EQ(s.end - s.start, kSlotMs);
  }
  // Beijing is UTC+8: 09:00 local is 01:00 UTC.
  EXPECT_EQ(days[0].slots.front().start, 1790730000000LL);  // 2026-09-30T01:00:00Z
  EXPECT_EQ(days[0].slots[5].start, local("2026-09-30", 11, 30));
  EXPECT_EQ(days[0].slots[6].start, local("2026-09-30", 13, 30));
  EXPECT_EQ(days[0].slots.back().end, local("2026-09-30", 17, 0));
  // An ordinary weekend is not on the grid.
  EXPECT_TRUE(slotsOfDay(cn(), D("2026-10-11")).empty());  // Sunday
}

TEST(MatterSlots, SlotStartsAreExactGridPointsOnWorkingDays) {
  EXPECT_TRUE(isSlotStart(cn(), local("2026-10-10", 9, 0)));    // make-up Saturday
  EXPECT_TRUE(isSlotStart(cn(), local("2026-10-08", 13, 30)));
  EXPECT_TRUE(isSlotStart(cn(), local("2026-10-08", 16, 30)));
  EXPECT_FALSE(isSlotStart(cn(), local("2026-10-03", 9, 0)));   // holiday
  EXPECT_FALSE(isSlotStart(cn(), local("2026-10-11", 9, 0)));   // Sunday
  EXPECT_FALSE(isSlotStart(cn(), local("2026-10-08", 9, 15)));  // off the half hour
  EXPECT_FALSE(isSlotStart(cn(), local("2026-10-08", 12, 0)));  // lunch
  EXPECT_FALSE(isSlotStart(cn(), local("2026-10-08", 13, 0)));
  EXPECT_FALSE(isSlotStart(cn(), local("2026-10-08", 17, 0)));  // the last slot starts 16:30
  EXPECT_FALSE(isSlotStart(cn(), local("2026-10-08", 9, 0) + 1));
}

TEST(MatterSlots, ReminderIsTheDayBeforeAtSixOrAtOnce) {
  int64_t slot = local("2026-10-08", 9, 0);
  EXPECT_EQ(reminderDue(cn(), slot, local("2026-09-30", 10, 0)), local("2026-10-07", 18, 0));
  int64_t late = local("2026-10-07", 20, 15);
  EXPECT_EQ(reminderDue(cn(), slot, late), late);
}

namespace {

// A minimal RFC 5545 reader: checks line endings and lengths, unfolds, splits name/value.
struct Parsed {
  std::vector<std::pair<std::string, std::string>> props;  // in order, values unescaped
  std::string error;
};

std::string unescape(const std::string& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '\\' || i + 1 == v.size()) {
      out += v[i];
      continue;
    }
    char n = v[++i];
    out += (n == 'n' || n == 'N') ? '\n' : n;
  }
  return out;
}

Parsed parseIcs(const std::string& text) {
  Parsed p;
  std::vector<std::string> physical;
  size_t i = 0;
  while (i < text.size()) {
    size_t e = text.find("\r\n", i);
    if (e == std::string::npos) {
      p.error = "text does not end with CRLF";
      return p;
    }
    std::string l = text.substr(i, e - i);
    if (l.find('\n') != std::string::npos || l.find('\r') != std::string::npos) p.error = "bare CR or LF";
    if (l.size() > 75) p.error = "line longer than 75 octets: " + l;
    physical.push_back(l);
    i = e + 2;
  }
  std::vector<std::string> logical;
  for (const auto& l : physical) {
    if (!l.empty() && (l[0] == ' ' || l[0] == '\t') && !logical.empty()) logical.back() += l.substr(1);
    else logical.push_back(l);
  }
  for (const auto& l : logical) {
    size_t colon = l.find(':');
    if (colon == std::string::npos) {
      p.error = "no colon: " + l;
      continue;
    }
    p.props.emplace_back(l.substr(0, colon), unescape(l.substr(colon + 1)));
  }
  return p;
}

}  // namespace

TEST(MatterIcs, FoldsLongUtf8LinesAndEscapesTextThatParsesBack) {
  IcsEvent e;
  e.uid = "7K2M9Q4XZ1@onedoor";
  e.dtstamp = 1790730000000LL;
  e.start = local("2026-10-08", 9, 0);
  e.end = e.start + kSlotMs;
  e.summary = "预约：社会保障卡申领, 补换; A\\B 窗口";
  e.location = "明湖区政务服务中心 一楼大厅，明湖路 1 号; 请提前 10 分钟到达";
  e.description = "请带上身份证原件和复印件，以及近期一寸免冠照片两张。\n如需改约请访问下方链接。";
  e.url = "http://127.0.0.1:8080/appointment/7K2M9Q4XZ1";
  std::string ics = writeIcs(e);
  Parsed p = parseIcs(ics);
  ASSERT_EQ(p.error, "");
  std::multimap<std::string, std::string> m(p.props.begin(), p.props.end());
  EXPECT_EQ(p.props.front(), std::make_pair(std::string("BEGIN"), std::string("VCALENDAR")));
  EXPECT_EQ(p.props.back(), std::make_pair(std::string("END"), std::string("VCALENDAR")));
  EXPECT_EQ(m.find("VERSION")->second, "2.0");
  EXPECT_EQ(m.find("UID")->second, e.uid);
  EXPECT_EQ(m.find("DTSTART")->second, "20261008T010000Z");
  EXPECT_EQ(m.find("DTEND")->second, "20261008T013000Z");
  EXPECT_EQ(m.find("DTSTAMP")->second, "20260930T010000Z");
  EXPECT_EQ(m.find("SUMMARY")->second, e.summary);
  EXPECT_EQ(m.find("LOCATION")->second, e.location);
  EXPECT_EQ(m.find("DESCRIPTION")->second, e.description + "\n" + e.url);
  EXPECT_EQ(m.find("URL")->second, e.url);
  auto triggers = m.equal_range("TRIGGER");
  std::vector<std::string> t;
  for (auto it = triggers.first; it != triggers.second; ++it) t.push_back(it->second);
  EXPECT_EQ(t, (std::vector<std::string>{"-P1D", "-PT1H"}));
  EXPECT_EQ(m.count("BEGIN"), 4u);  // VCALENDAR, VEVENT, two VALARMs
  // The long values really were folded, and no UTF-8 character was cut in two.
  EXPECT_NE(ics.find("\r\n "), std::string::npos);
  EXPECT_NE(ics.find("\\;"), std::string::npos);
  EXPECT_NE(ics.find("\\,"), std::string::npos);
  EXPECT_NE(ics.find("\\\\"), std::string::npos);
  EXPECT_NE(ics.find("\\n"), std::string::npos);
}

TEST(MatterIcs, FoldNeverSplitsACharacterAndKeepsShortLines) {
  EXPECT_EQ(icsFold("SUMMARY:short"), "SUMMARY:short");
  std::string line = "X:";
  for (int i = 0; i < 60; ++i) line += "号";  // 3 octets each
  std::string folded = icsFold(line);
  std::istringstream in(folded);
  std::string unfolded;
  size_t start = 0;
  for (;;) {
    size_t e = folded.find("\r\n", start);
    std::string part = folded.substr(start, e == std::string::npos ? std::string::npos : e - start);
    EXPECT_LE(part.size(), 75u);
    if (start > 0) {
      ASSERT_EQ(part[0], ' ');
      part = part.substr(1);
      // A continuation starts on a character boundary (not a UTF-8 continuation byte).
      EXPECT_NE(static_cast<unsigned char>(part[0]) & 0xC0, 0x80);
    }
    unfolded += part;
    if (e == std::string::npos) break;
    start = e + 2;
  }
  EXPECT_EQ(unfolded, line);
}
