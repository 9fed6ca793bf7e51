// CalendarBook: atomic swap of the calendar in force after an admin saves a year.
#include "services/calendar_book.h"

#include <fstream>

#include "calendar/calendar_dir.h"
#include "calendar/year_calendar.h"
#include "core/random.h"

namespace onedoor::services {

namespace fs = std::filesystem;

CalendarBook::CalendarBook(calendar::WorkingCalendar cal)
    : current_(std::make_shared<const calendar::WorkingCalendar>(std::move(cal))) {}

CalendarBook::CalendarBook(fs::path dir, calendar::WorkingCalendar cal)
    : dir_(std::move(dir)), current_(std::make_shared<const calendar::WorkingCalendar>(std::move(cal))) {}

Result<std::unique_ptr<CalendarBook>> CalendarBook::open(fs::path dir) {
  auto cal = calendar::loadCalendarDir(dir);
  if (!cal) return cal.status();
  return std::unique_ptr<CalendarBook>(new CalendarBook(std::move(dir), std::move(*cal)));
}

Result<calendar::YearCalendar> CalendarBook::saveYear(int year, const std::string& json_text) {
  if (dir_.empty()) return Status(Code::kUnavailable, "日历目录未配置 / No calendar directory configured");
  auto parsed = calendar::parseYear(json_text);
  if (!parsed) return parsed.status();
  if (parsed->year != year)
    return invalid("年份与地址不一致 / The year in the body differs from the year in the path", "year");
  std::lock_guard lock(save_mu_);
  auto cur = current();
  if (!cur->region().empty() && parsed->region != cur->region())
    return invalid("地区应为 " + cur->region() + " / region must be " + cur->region(), "region");
  // Build the new calendar first: if it is refused, nothing is written.
  std::vector<calendar::YearCalendar> years;
  for (int y : cur->loadedYears()) {
    if (y != year) years.push_back(*cur->year(y));
  }
  years.push_back(*parsed);
  auto next = calendar::WorkingCalendar::create(std::move(years), cur->options());
  if (!next) return next.status();
  fs::path file = dir_ / (std::to_string(year) + ".json");
  fs::path tmp = dir_ / ("." + std::to_string(year) + ".json." + randomHex(4) + ".tmp");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << calendar::serializeYear(*parsed);
    out.flush();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      return internalError("无法写入日历文件 / Could not write the calendar file " + file.string());
    }
  }
  std::error_code ec;
  fs::rename(tmp, file, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return internalError("无法保存日历文件 / Could not save the calendar file " + file.string());
  }
  auto fresh = std::make_shared<const calendar::WorkingCalendar>(std::move(*next));
  std::lock_guard current_lock(current_mu_);
  current_ = std::move(fresh);
  return *parsed;
}

}  // namespace onedoor::services
