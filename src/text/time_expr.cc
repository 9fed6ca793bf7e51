// Implementation of time_expr.h: a hand-written scanner, one pass over code points.
#include "text/time_expr.h"

#include <initializer_list>
#include <optional>
#include <span>

namespace onedoor::text {
namespace {

using Sv = std::u32string_view;

bool isAsciiDigit(char32_t c) { return c >= U'0' && c <= U'9'; }

int hanDigit(char32_t c) {
  switch (c) {
    case U'〇': case U'零': return 0;
    case U'一': return 1;
    case U'二': case U'两': return 2;
    case U'三': return 3;
    case U'四': return 4;
    case U'五': return 5;
    case U'六': return 6;
    case U'七': return 7;
    case U'八': return 8;
    case U'九': return 9;
    default: return -1;
  }
}

bool isHanNumeral(char32_t c) { return hanDigit(c) >= 0 || c == U'十' || c == U'百' || c == U'半'; }
bool isNumeral(char32_t c) { return isAsciiDigit(c) || isHanNumeral(c); }

struct Number {
  long value = 0;
  size_t end = 0;
  size_t ascii_digits = 0;  // 0 when written in Chinese numerals
};

// Reads "2026", "5", "十五", "二十一", "两", "半", "二〇二六" starting at i.
std::optional<Number> readNumber(Sv s, size_t i) {
  Number n;
  size_t j = i;
  if (j < s.size() && isAsciiDigit(s[j])) {
    while (j < s.size() && isAsciiDigit(s[j]) && j - i < 6) {
      n.value = n.value * 10 + (s[j] - U'0');
      ++j;
    }
    n.ascii_digits = j - i;
    n.end = j;
    return n;
  }
  while (j < s.size() && isHanNumeral(s[j]) && j - i < 6) ++j;
  if (j == i) return std::nullopt;
  Sv run = s.substr(i, j - i);
  n.end = j;
  if (run == U"半") {
    n.value = 0;  // half: only meaningful before a unit (半个月内), which is all we use it for
    return n;
  }
  size_t ten = run.find(U'十');
  size_t hundred = run.find(U'百');
  if (hundred != Sv::npos) {
    // Rare in deadlines; enough to make "一百天内" a number.
    int h = hundred == 0 ? 1 : hanDigit(run[hundred - 1]);
    n.value = 100L * (h < 0 ? 1 : h);
    return n;
  }
  if (ten != Sv::npos) {
    int tens = ten == 0 ? 1 : hanDigit(run[ten - 1]);
    int units = ten + 1 < run.size() ? hanDigit(run[ten + 1]) : 0;
    if (tens < 0 || units < 0 || ten > 1 || run.size() > ten + 2) return std::nullopt;
    n.value = tens * 10L + units;
    return n;
  }
  for (char32_t c : run) {
    int d = hanDigit(c);
    if (d < 0) return std::nullopt;  // 半 inside a longer run
    n.value = n.value * 10 + d;
  }
  return n;
}

bool startsWith(Sv s, size_t i, Sv w) { return i <= s.size() && s.substr(i).substr(0, w.size()) == w; }
bool endsWith(Sv s, size_t i, Sv w) { return i >= w.size() && s.substr(i - w.size(), w.size()) == w; }

// Returns the length of the first of `options` found at s[i], or 0.
size_t matchAny(Sv s, size_t i, std::span<const Sv> options) {
  for (Sv o : options) {
    if (startsWith(s, i, o)) return o.size();
  }
  return 0;
}
size_t matchAny(Sv s, size_t i, std::initializer_list<Sv> options) {
  return matchAny(s, i, std::span<const Sv>(options.begin(), options.size()));
}

constexpr Sv kBefore[] = {U"之前", U"以前", U"前"};
constexpr Sv kDeadlineSuffix[] = {U"之内", U"以内", U"内", U"之后", U"以后", U"后", U"之前", U"以前", U"前"};

// ISO-like dates: 2026-03-05, 2026/3/5, 2026.03.05.
std::optional<size_t> isoDate(Sv s, const Number& y) {
  if (y.ascii_digits != 4 || y.end >= s.size()) return std::nullopt;
  char32_t sep = s[y.end];
  if (sep != U'-' && sep != U'/' && sep != U'.') return std::nullopt;
  auto m = readNumber(s, y.end + 1);
  if (!m || m->ascii_digits == 0 || m->ascii_digits > 2 || m->value < 1 || m->value > 12) return std::nullopt;
  if (m->end >= s.size() || s[m->end] != sep) return std::nullopt;
  auto d = readNumber(s, m->end + 1);
  if (!d || d->ascii_digits == 0 || d->ascii_digits > 2 || d->value < 1 || d->value > 31) return std::nullopt;
  return d->end;
}

// After a number: 年底/年末 (2026年底), 月 forms (3月5日, 3月底, 3月中旬, 3月前), 日/号 forms.
std::optional<TimeMatch> afterNumber(Sv s, size_t begin, const Number& n) {
  size_t j = n.end;
  if (auto e = isoDate(s, n)) return TimeMatch{begin, *e, TimeKind::kDate};
  if (j >= s.size()) return std::nullopt;

  if (s[j] == U'年' && (startsWith(s, j + 1, U"底") || startsWith(s, j + 1, U"末"))) {
    return TimeMatch{begin, j + 2, TimeKind::kDate};
  }
  if (s[j] == U'月' && n.value >= 1 && n.value <= 12) {
    size_t k = j + 1;
    if (auto d = readNumber(s, k); d && d->value >= 1 && d->value <= 31 && d->end < s.size() &&
                                    (s[d->end] == U'日' || s[d->end] == U'号')) {
      return TimeMatch{begin, d->end + 1, TimeKind::kDate};
    }
    if (size_t l = matchAny(s, k, {U"底", U"末", U"初", U"上旬", U"中旬", U"下旬"})) {
      return TimeMatch{begin, k + l, TimeKind::kDate};
    }
    size_t fen = startsWith(s, k, U"份") ? 1 : 0;
    if (size_t l = matchAny(s, k + fen, {U"之前", U"以前", U"前", U"内"})) {
      return TimeMatch{begin, k + fen + l, TimeKind::kDate};
    }
    // A bare month counts after a year: 2026年6月, 明年6月.
    if (begin > 0 && s[begin - 1] == U'年') return TimeMatch{begin, k, TimeKind::kDate};
  }

  // Relative deadlines: N(个)(多)unit + 内/后/前; 工作日 needs no suffix (5个工作日办结).
  {
    size_t k = j;
    if (startsWith(s, k, U"个")) ++k;
    if (startsWith(s, k, U"多")) ++k;
    static constexpr Sv kUnits[] = {U"工作日", U"自然日", U"小时", U"钟头", U"分钟", U"星期", U"礼拜",
                                    U"日", U"天", U"周", U"月", U"年"};
    for (Sv unit : kUnits) {
      if (!startsWith(s, k, unit)) continue;
      size_t e = k + unit.size();
      if (size_t l = matchAny(s, e, kDeadlineSuffix)) return TimeMatch{begin, e + l, TimeKind::kRelative};
      if (unit == U"工作日") return TimeMatch{begin, e, TimeKind::kRelative};
      break;
    }
  }

  // Day of month: 20日前, 15号前, 本月20日, 20日上午.
  if ((s[j] == U'日' || s[j] == U'号') && n.value >= 1 && n.value <= 31) {
    size_t k = j + 1;
    if (size_t l = matchAny(s, k, {U"之前", U"以前", U"前", U"上午", U"下午", U"中午", U"晚上", U"晚"})) {
      return TimeMatch{begin, k + l, TimeKind::kDate};
    }
    for (Sv month : {U"本月", U"下月", U"次月", U"当月", U"这个月", U"下个月"}) {
      if (endsWith(s, begin, month)) return TimeMatch{begin, k, TimeKind::kDate};
    }
  }

  // Clock times: 15:30, 下午3点, 17时前 (not 时间/时候/时段: "第一时间" is not a time).
  if (n.value <= 24) {
    if (s[j] == U':' && j + 2 < s.size() && isAsciiDigit(s[j + 1]) && isAsciiDigit(s[j + 2])) {
      return TimeMatch{begin, j + 3, TimeKind::kClock};
    }
    if ((s[j] == U'点' || s[j] == U'时') && !(j + 1 < s.size() && Sv(U"间候段期刻").find(s[j + 1]) != Sv::npos)) {
      size_t k = j + 1;
      if (size_t l = matchAny(s, k, kBefore)) return TimeMatch{begin, k + l, TimeKind::kClock};
      if (size_t l = matchAny(s, k, {U"半", U"整"})) return TimeMatch{begin, k + l, TimeKind::kClock};
      for (Sv part : {U"上午", U"下午", U"中午", U"晚上", U"凌晨", U"早上", U"傍晚", U"今晚", U"明早", U"明晚",
                      U"今早", U"晚", U"早"}) {
        if (endsWith(s, begin, part)) return TimeMatch{begin, k, TimeKind::kClock};
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<TimeMatch> findTimeExpressions(Sv s, const std::vector<std::u32string>& words) {
  std::vector<TimeMatch> out;
  std::u32string first_chars;  // lets most positions skip the word list
  for (const auto& w : words) {
    if (!w.empty() && first_chars.find(w[0]) == std::u32string::npos) first_chars.push_back(w[0]);
  }
  size_t i = 0;
  while (i < s.size()) {
    char32_t c = s[i];
    // A number token starts only at the start of a run (so "2026" is not also read as "026").
    if (isNumeral(c) && (i == 0 || !isNumeral(s[i - 1]))) {
      if (auto n = readNumber(s, i)) {
        if (auto m = afterNumber(s, i, *n)) {
          out.push_back(*m);
          i = m->end;
          continue;
        }
      }
    }
    // Weekdays: 周五, 星期一, 礼拜天 — not "一周一次" (a number before 周 makes it a period).
    if (size_t l = matchAny(s, i, {U"星期", U"礼拜", U"周"}); l && (i == 0 || !isNumeral(s[i - 1]))) {
      if (i + l < s.size() && Sv(U"一二三四五六日天末").find(s[i + l]) != Sv::npos) {
        out.push_back({i, i + l + 1, TimeKind::kWeekday});
        i += l + 1;
        continue;
      }
    }
    size_t best = 0;
    if (first_chars.find(c) != std::u32string::npos) {
      for (const auto& w : words) {
        if (w.size() > best && startsWith(s, i, w)) best = w.size();
      }
    }
    if (best) {
      out.push_back({i, i + best, TimeKind::kWord});
      i += best;
      continue;
    }
    ++i;
  }
  return out;
}

}  // namespace onedoor::text
