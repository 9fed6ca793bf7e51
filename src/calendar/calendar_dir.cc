// Implementation of calendar_dir.h. Thread-safe (no shared state); does blocking file I/O.
#include "calendar/calendar_dir.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

namespace onedoor::calendar {

namespace {
constexpr std::uintmax_t kMaxFileBytes = 1 << 20;  // a year is ~2 KB; anything huge is not a calendar
}  // namespace

Result<WorkingCalendar> loadCalendarDir(const std::filesystem::path& dir, CalendarOptions options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return notFound("日历目录不存在：" + dir.string() + " / calendar directory not found: " + dir.string());
  }
  std::vector<fs::path> files;
  std::string subdirs;  // for the hint below
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".json" && it->is_regular_file(ec)) files.push_back(it->path());
    if (it->is_directory(ec)) subdirs += (subdirs.empty() ? "" : ", ") + (dir / it->path().filename()).string();
  }
  if (ec) {
    return internalError("无法读取日历目录 " + dir.string() + "：" + ec.message() +
                         " / cannot read calendar directory " + dir.string() + ": " + ec.message());
  }
  if (files.empty()) {
    std::string hint = subdirs.empty() ? "" : " (" + subdirs + "?)";
    return notFound("日历目录 " + dir.string() + " 中没有 *.json 日历文件" + hint + " / no *.json calendar files in " +
                    dir.string() + hint);
  }
  std::sort(files.begin(), files.end());  // deterministic order, so the first error is always the same

  std::vector<YearCalendar> years;
  for (const auto& file : files) {
    const std::string name = file.filename().string();
    auto size = fs::file_size(file, ec);
    if (ec || size > kMaxFileBytes) {
      return invalid("日历文件 " + name + " 无法读取或过大 / calendar file " + name + " is unreadable or too large",
                     name);
    }
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    if (in.is_open() && size > 0) text << in.rdbuf();
    if (!in.is_open() || in.bad()) {
      return invalid("无法读取日历文件 " + name + " / cannot read calendar file " + name, name);
    }
    auto year = parseYear(text.str());
    if (!year) {
      return invalid(name + "：" + year.status().message(),
                     name + (year.status().field().empty() ? "" : ":" + year.status().field()));
    }
    if (file.stem().string() != std::to_string(year->year)) {
      return invalid("日历文件 " + name + " 的 year 为 " + std::to_string(year->year) +
                         "，与文件名不符 / calendar file " + name + " says year " + std::to_string(year->year) +
                         ", which does not match its name",
                     name);
    }
    years.push_back(std::move(*year));
  }
  auto cal = WorkingCalendar::create(std::move(years), std::move(options));
  if (!cal) return cal.status();
  return cal;
}

}  // namespace onedoor::calendar
