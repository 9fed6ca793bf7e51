// Finds time expressions in Chinese text — dates, deadlines, weekdays, clock times — by scanning
// code points (std::regex cannot see Chinese characters as characters). Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace onedoor::text {

enum class TimeKind {
  kDate,      // 2026-03-05, 2026年3月5日, 3月5日前, 20日前, 3月底, 2026年底
  kRelative,  // 5个工作日内, 3天内, 两周内, 24小时内, 一个月后
  kWeekday,   // 周五, 本周五 (the 本/下 part is a word), 星期一, 礼拜天
  kClock,     // 15:30, 下午3点, 17时前
  kWord,      // a fixed word from the list: 今天, 昨日, 下周, 月底, …
};

struct TimeMatch {
  size_t begin = 0;  // code-point offsets into the scanned text
  size_t end = 0;
  TimeKind kind = TimeKind::kDate;
};

// `s` must already be normalizeWidth()-ed (so full-width digits are ASCII). `words` are fixed time
// words matched literally, longest first. Vague words (尽快, 近期) must not be in `words`.
std::vector<TimeMatch> findTimeExpressions(std::u32string_view s, const std::vector<std::u32string>& words);

}  // namespace onedoor::text
