// Implementation of year_calendar.h: the strict parser and canonical writer of a year's file.
#include "calendar/year_calendar.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/json_depth.h"

namespace onedoor::calendar {

namespace {

using nlohmann::json;
using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::weekday;

constexpr int kMinYear = 1949;  // no notice predates the PRC's first holiday rules
constexpr int kMaxYear = 9999;  // four-digit years keep "YYYY-MM-DD" unambiguous
constexpr size_t kMaxNameBytes = 200;
constexpr size_t kMaxSourceBytes = 1000;
constexpr size_t kMaxEntries = 366;

std::string indexed(const char* array, size_t i) { return std::string(array) + "[" + std::to_string(i) + "]"; }

std::string jsonQuoted(const std::string& s) { return json(s).dump(-1, ' ', false, json::error_handler_t::replace); }

// Rejects keys other than `allowed`: a misspelt "workday" would otherwise silently drop every
// make-up day and shift deadlines without anyone noticing.
Status checkKeys(const json& obj, std::initializer_list<const char*> allowed, const std::string& where) {
  for (const auto& item : obj.items()) {
    const std::string& key = item.key();  // a named reference: clang 14 cannot capture a structured binding
    bool known = std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; });
    if (!known) {
      std::string field = where.empty() ? key : where + "." + key;
      return invalid("未知字段 " + jsonQuoted(key) + " / unknown field " + jsonQuoted(key), field);
    }
  }
  return Status::ok();
}

Result<std::string> requireString(const json& obj, const char* key, const std::string& field, bool required,
                                  size_t max_bytes) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) return invalid(std::string("缺少字段 ") + key + " / missing field " + key, field);
    return std::string();
  }
  if (!it->is_string())
    return invalid(std::string("字段 ") + key + " 必须是字符串 / " + key + " must be a string", field);
  auto s = it->get<std::string>();
  if (required && s.empty())
    return invalid(std::string("字段 ") + key + " 不能为空 / " + key + " must not be empty", field);
  if (s.size() > max_bytes) {
    return invalid(std::string("字段 ") + key + " 过长（最多 " + std::to_string(max_bytes) + " 字节） / " + key +
                       " is too long (at most " + std::to_string(max_bytes) + " bytes)",
                   field);
  }
  return s;
}

Result<Date> requireDate(const json& obj, const char* key, const std::string& field, int year) {
  auto s = requireString(obj, key, field, true, 32);
  if (!s) return s.status();
  auto d = parseDate(*s);
  if (!d) {
    return invalid("日期 " + jsonQuoted(*s) + " 无效，应为真实存在的 YYYY-MM-DD / date " + jsonQuoted(*s) +
                       " is not a real YYYY-MM-DD date",
                   field);
  }
  if (static_cast<int>(d->year()) != year) {
    // A day belongs to the file of its own year: a 元旦 break that starts on 12-31 is split
    // between the two files, so each file alone says everything about its year.
    return invalid("日期 " + *s + " 不在 " + std::to_string(year) + " 年内 / date " + *s + " is not in year " +
                       std::to_string(year),
                   field);
  }
  return *d;
}

bool isWeekend(Date d) {
  weekday w{sys_days{d}};
  return w == std::chrono::Saturday || w == std::chrono::Sunday;
}

}  // namespace

std::optional<Date> parseDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto digits = [&](size_t from, size_t n) -> int {
    int v = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  int y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (y < 0 || m < 0 || d < 0) return std::nullopt;
  Date date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
            std::chrono::day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string formatDate(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

Result<YearCalendar> parseYear(const std::string& json_text) {
  if (!jsonDepthWithin(json_text)) return invalid(kJsonTooDeepMessage);
  json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return invalid("日历文件不是有效的 JSON / the calendar file is not valid JSON");
  if (!doc.is_object()) return invalid("日历文件必须是一个 JSON 对象 / the calendar file must be a JSON object");
  if (auto st = checkKeys(doc, {"year", "region", "source", "holidays", "workdays"}, ""); !st) return st;

  YearCalendar cal;
  auto year_it = doc.find("year");
  if (year_it == doc.end()) return invalid("缺少字段 year / missing field year", "year");
  if (!year_it->is_number_integer() || year_it->get<int64_t>() < kMinYear || year_it->get<int64_t>() > kMaxYear) {
    return invalid("year 必须是 " + std::to_string(kMinYear) + "–" + std::to_string(kMaxYear) +
                       " 之间的整数 / year must be an integer from " + std::to_string(kMinYear) + " to " +
                       std::to_string(kMaxYear),
                   "year");
  }
  cal.year = static_cast<int>(year_it->get<int64_t>());

  auto region = requireString(doc, "region", "region", true, 16);
  if (!region) return region.status();
  // The region names a folder (calendars/<region>/), so keep it to a safe, boring alphabet.
  if (!std::all_of(region->begin(), region->end(),
                   [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; })) {
    return invalid("region 只能含小写字母、数字和连字符 / region may hold only lowercase letters, digits and '-'",
                   "region");
  }
  cal.region = std::move(*region);

  auto source = requireString(doc, "source", "source", true, kMaxSourceBytes);
  if (!source) return source.status();
  cal.source = std::move(*source);

  auto holidays_it = doc.find("holidays");
  if (holidays_it == doc.end()) return invalid("缺少字段 holidays / missing field holidays", "holidays");
  if (!holidays_it->is_array()) return invalid("holidays 必须是数组 / holidays must be an array", "holidays");
  if (holidays_it->size() > kMaxEntries) return invalid("holidays 条目过多 / too many holidays", "holidays");
  for (size_t i = 0; i < holidays_it->size(); ++i) {
    const json& h = (*holidays_it)[i];
    std::string where = indexed("holidays", i);
    if (!h.is_object()) return invalid("假期条目必须是对象 / a holiday must be an object", where);
    if (auto st = checkKeys(h, {"name", "from", "to"}, where); !st) return st;
    auto name = requireString(h, "name", where + ".name", true, kMaxNameBytes);
    if (!name) return name.status();
    auto from = requireDate(h, "from", where + ".from", cal.year);
    if (!from) return from.status();
    auto to = requireDate(h, "to", where + ".to", cal.year);
    if (!to) return to.status();
    if (*to < *from) {
      return invalid("假期 " + *name + " 的结束日期 " + formatDate(*to) + " 早于开始日期 " + formatDate(*from) +
                         " / holiday " + *name + " ends (" + formatDate(*to) + ") before it starts (" +
                         formatDate(*from) + ")",
                     where + ".to");
    }
    cal.holidays.push_back({std::move(*name), *from, *to});
  }

  auto workdays_it = doc.find("workdays");
  if (workdays_it == doc.end()) return invalid("缺少字段 workdays / missing field workdays", "workdays");
  if (!workdays_it->is_array()) return invalid("workdays 必须是数组 / workdays must be an array", "workdays");
  if (workdays_it->size() > kMaxEntries) return invalid("workdays 条目过多 / too many workdays", "workdays");
  for (size_t i = 0; i < workdays_it->size(); ++i) {
    const json& w = (*workdays_it)[i];
    std::string where = indexed("workdays", i);
    if (!w.is_object()) return invalid("调休工作日条目必须是对象 / a make-up working day must be an object", where);
    if (auto st = checkKeys(w, {"date", "name"}, where); !st) return st;
    auto date = requireDate(w, "date", where + ".date", cal.year);
    if (!date) return date.status();
    auto name = requireString(w, "name", where + ".name", false, kMaxNameBytes);
    if (!name) return name.status();
    if (!isWeekend(*date)) {
      // A weekday is a working day already; listing one is a typo for some other date.
      return invalid("调休工作日 " + formatDate(*date) + " 不是周六或周日 / make-up working day " + formatDate(*date) +
                         " is not a Saturday or Sunday",
                     where + ".date");
    }
    cal.workdays.push_back({*date, std::move(*name)});
  }

  // Order the entries (files and admins may list them in any order), then check them as a whole;
  // the messages below name dates, which stay meaningful after sorting, rather than indices.
  std::stable_sort(cal.holidays.begin(), cal.holidays.end(),
                   [](const auto& a, const auto& b) { return a.from < b.from; });
  std::stable_sort(cal.workdays.begin(), cal.workdays.end(),
                   [](const auto& a, const auto& b) { return a.date < b.date; });
  for (size_t i = 1; i < cal.holidays.size(); ++i) {
    const auto& prev = cal.holidays[i - 1];
    const auto& cur = cal.holidays[i];
    if (cur.from <= prev.to) {
      return invalid("假期 " + prev.name + " 与 " + cur.name + " 的日期重叠（" + formatDate(cur.from) +
                         "） / holidays " + prev.name + " and " + cur.name + " overlap (" + formatDate(cur.from) + ")",
                     "holidays");
    }
  }
  for (size_t i = 1; i < cal.workdays.size(); ++i) {
    if (cal.workdays[i].date == cal.workdays[i - 1].date) {
      return invalid("调休工作日 " + formatDate(cal.workdays[i].date) + " 重复 / make-up working day " +
                         formatDate(cal.workdays[i].date) + " is listed twice",
                     "workdays");
    }
  }
  for (const auto& w : cal.workdays) {
    for (const auto& h : cal.holidays) {
      if (h.from <= w.date && w.date <= h.to) {
        return invalid(formatDate(w.date) + " 既是假期（" + h.name + "）又是调休工作日 / " + formatDate(w.date) +
                           " is both a holiday (" + h.name + ") and a make-up working day",
                       "workdays");
      }
    }
  }
  return cal;
}

std::string serializeYear(const YearCalendar& cal) {
  // Written by hand rather than json::dump(2) so that each entry sits on one line: the files are
  // edited by people and reviewed as diffs, where one line per holiday reads like the notice.
  std::string out = "{\n";
  out += "  \"year\": " + std::to_string(cal.year) + ",\n";
  out += "  \"region\": " + jsonQuoted(cal.region) + ",\n";
  out += "  \"source\": " + jsonQuoted(cal.source) + ",\n";
  out += "  \"holidays\": [";
  for (size_t i = 0; i < cal.holidays.size(); ++i) {
    const auto& h = cal.holidays[i];
    out += i == 0 ? "\n" : ",\n";
    out += "    {\"name\": " + jsonQuoted(h.name) + ", \"from\": \"" + formatDate(h.from) + "\", \"to\": \"" +
           formatDate(h.to) + "\"}";
  }
  out += cal.holidays.empty() ? "],\n" : "\n  ],\n";
  out += "  \"workdays\": [";
  for (size_t i = 0; i < cal.workdays.size(); ++i) {
    const auto& w = cal.workdays[i];
    out += i == 0 ? "\n" : ",\n";
    out += "    {\"date\": \"" + formatDate(w.date) + "\", \"name\": " + jsonQuoted(w.name) + "}";
  }
  out += cal.workdays.empty() ? "]\n" : "\n  ]\n";
  out += "}\n";
  return out;
}

}  // namespace onedoor::calendar
