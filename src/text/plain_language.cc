// Implementation of plain_language.h. The text is decoded once to code points (bad bytes become
// U+FFFD); every scan works on code point indices, and offsets are converted to UTF-16 code units
// only when a sentence or problem is reported. docs/plain-language.md explains the rules.
#include "text/plain_language.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "text/utf8.h"

namespace onedoor::text {

namespace {

// Score weights per problem (docs/plain-language.md). A long sentence costs most: it is what loses
// elderly readers and screen-reader users; a single jargon word costs least but adds up.
constexpr int kWeightTooLong = 10;
constexpr int kWeightStackedPassive = 6;
constexpr int kWeightUndefinedAbbreviation = 5;
constexpr int kWeightJargon = 3;
constexpr int kDefaultLimit = 40;

int weightOf(std::string_view kind) {
  if (kind == "too_long") return kWeightTooLong;
  if (kind == "stacked_passive") return kWeightStackedPassive;
  if (kind == "undefined_abbreviation") return kWeightUndefinedAbbreviation;
  return kWeightJargon;
}

// Abbreviations every reader of a guide already knows: file formats shown literally in upload
// dialogs and file names, and loanwords used as ordinary Chinese words. Not here on purpose: ID,
// QR (write 二维码), CA, OCR, USCC — a citizen cannot be assumed to know them.
const std::unordered_set<std::string>& knownAbbreviations() {
  static const std::unordered_set<std::string> s{"APP", "PDF", "JPG", "JPEG", "PNG", "WIFI"};
  return s;
}

bool isNewline(char32_t c) { return c == U'\n' || c == U'\r' || c == 0x2028 || c == 0x2029; }

bool isTerminator(char32_t c) {
  // ASCII '.' is not one: it is in numbers, URLs and file names.
  return c == U'。' || c == U'！' || c == U'？' || c == U'!' || c == U'?' || c == U'；' || c == U';' ||
         isNewline(c);
}

// Closing quotes and brackets right after a terminator belong to the sentence they close.
bool isClosing(char32_t c) {
  return c == U'”' || c == U'’' || c == U'」' || c == U'』' || c == U'）' || c == U')' || c == U'】' ||
         c == U'》' || c == U'"' || c == U'\'';
}

bool isSpace(char32_t c) { return c == U' ' || c == U'\t' || c == 0x3000 || c == 0xA0 || isNewline(c); }

bool isOpenParen(char32_t c) { return c == U'（' || c == U'('; }
bool isCloseParen(char32_t c) { return c == U'）' || c == U')'; }
bool isUpper(char32_t c) { return c >= U'A' && c <= U'Z'; }
bool isLower(char32_t c) { return c >= U'a' && c <= U'z'; }
bool isAsciiAlnum(char32_t c) { return isUpper(c) || isLower(c) || (c >= U'0' && c <= U'9'); }

bool startsWith(const std::u32string& s, size_t at, std::u32string_view w) {
  return at + w.size() <= s.size() && std::u32string_view(s).substr(at, w.size()) == w;
}

// The checked text with its index tables: code points, UTF-16 offsets per code point, and ICU
// word boundaries per code point.
struct Doc {
  std::u32string cps;
  std::vector<size_t> off16;    // off16[i] = UTF-16 offset of code point i; off16[n] = total
  std::vector<char> boundary;  // boundary[i]: an ICU word boundary lies before code point i

  std::string utf8(size_t b, size_t e) const { return encodeUtf8(std::u32string_view(cps).substr(b, e - b)); }
  size_t u16(size_t i) const { return off16[i]; }
  bool wordAligned(size_t b, size_t e) const { return boundary[b] && boundary[e]; }
};

// BreakIterator instances are not thread-safe and slow to create: one per thread.
icu::BreakIterator* wordBreaker() {
  thread_local std::unique_ptr<icu::BreakIterator> bi = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> p(icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), status));
    if (U_FAILURE(status)) p.reset();
    return p;
  }();
  return bi.get();
}

Doc makeDoc(const std::string& text) {
  Doc d;
  d.cps = decodeUtf8(text);
  size_t n = d.cps.size();
  d.off16.resize(n + 1);
  icu::UnicodeString u;
  for (size_t i = 0; i < n; ++i) {
    d.off16[i] = static_cast<size_t>(u.length());
    u.append(static_cast<UChar32>(d.cps[i]));
  }
  d.off16[n] = static_cast<size_t>(u.length());

  d.boundary.assign(n + 1, 0);
  d.boundary[0] = d.boundary[n] = 1;
  icu::BreakIterator* bi = wordBreaker();
  if (!bi) {
    // No ICU data: every code point is a boundary, so jargon matches as plain substrings.
    std::fill(d.boundary.begin(), d.boundary.end(), 1);
    return d;
  }
  // UTF-16 offset → code point index (ICU never breaks inside a surrogate pair).
  std::vector<size_t> cpAt(d.off16[n] + 1, n);
  for (size_t i = 0; i <= n; ++i) cpAt[d.off16[i]] = i;
  bi->setText(u);
  for (int32_t p = bi->first(); p != icu::BreakIterator::DONE; p = bi->next()) {
    if (p >= 0 && static_cast<size_t>(p) <= d.off16[n]) d.boundary[cpAt[static_cast<size_t>(p)]] = 1;
  }
  bi->setText(icu::UnicodeString());  // drop the iterator's reference to `u` before it dies
  return d;
}

struct Span {
  size_t b, e;  // code point indices [b, e)
};

std::vector<Span> splitSentences(const std::u32string& cps) {
  std::vector<Span> out;
  size_t n = cps.size(), i = 0;
  while (i < n) {
    size_t b = i;
    while (i < n && !isTerminator(cps[i])) ++i;
    while (i < n && isTerminator(cps[i]) && !isNewline(cps[i])) ++i;  // "？！" ends one sentence
    while (i < n && isClosing(cps[i])) ++i;
    size_t e = i;
    while (i < n && isNewline(cps[i])) ++i;
    while (b < e && isSpace(cps[b])) ++b;
    while (e > b && isSpace(cps[e - 1])) --e;
    bool content = false;
    for (size_t k = b; k < e && !content; ++k) content = isContent(cps[k]) || isHan(cps[k]);
    if (content) out.push_back({b, e});
  }
  return out;
}

// Problems found before they are assigned to sentences, in code point indices.
struct Found {
  std::string kind;
  size_t b, e;
  std::string suggestion;
};

// Passive markers in one sentence (docs/plain-language.md): 被 (not in nouns like 被告), 受到,
// 遭到, 予以 (also the 由…予以 pattern, counted once), and 经…批准/审核/….
std::vector<Span> passiveMarkers(const Doc& d, Span s) {
  static const std::array<std::u32string_view, 10> kNotPassive{U"被子", U"被告", U"被褥", U"被动", U"被申请人",
                                                              U"被保险人", U"被监护人", U"被继承人",
                                                              U"被执行人", U"被害人"};
  static const std::array<std::u32string_view, 9> kApproval{U"批准", U"审核", U"审批", U"核准", U"审查",
                                                           U"同意", U"认定", U"确认", U"审定"};
  const auto& c = d.cps;
  std::vector<Span> out;
  for (size_t i = s.b; i < s.e;) {
    if (c[i] == U'被') {
      bool noun = std::any_of(kNotPassive.begin(), kNotPassive.end(), [&](auto w) { return startsWith(c, i, w); });
      if (!noun) {
        out.push_back({i, i + 1});
        ++i;
        continue;
      }
      i += 2;
      continue;
    }
    if ((startsWith(c, i, U"受到") || startsWith(c, i, U"遭到") || startsWith(c, i, U"予以")) && i + 2 <= s.e &&
        d.wordAligned(i, i + 2)) {
      out.push_back({i, i + 2});
      i += 2;
      continue;
    }
    // 经 on its own as a word ("经/审核"), not in 已经/经过/经办人, followed in the sentence by an
    // approval verb: one marker from 经 to the verb.
    if (c[i] == U'经' && d.wordAligned(i, i + 1) && !startsWith(c, i, U"经办")) {
      bool found = false;
      for (size_t k = i + 1; k + 2 <= s.e && !found; ++k) {
        for (auto v : kApproval) {
          if (startsWith(c, k, v) && d.wordAligned(k, k + 2)) {
            out.push_back({i, k + 2});
            i = k + 2;
            found = true;
            break;
          }
        }
      }
      if (found) continue;
    }
    ++i;
  }
  // 由 … 予以: the 予以 is already a marker; widen it back to 由 so the span shows the pattern.
  for (auto& m : out) {
    if (m.e - m.b == 2 && startsWith(c, m.b, U"予以")) {
      for (size_t k = m.b; k > s.b; --k) {
        if (c[k - 1] == U'由' && d.wordAligned(k - 1, k)) {
          bool free = std::none_of(out.begin(), out.end(), [&](const Span& o) { return o.b < m.b && o.e > k - 1; });
          if (free) m.b = k - 1;
          break;
        }
      }
    }
  }
  return out;
}

// Is the abbreviation at [b, e) written next to its expansion: "USCC（统一社会信用代码）" or
// "统一社会信用代码（USCC）" / "（以下简称“USCC”）", full-width or ASCII parentheses?
bool definedAt(const std::u32string& c, size_t b, size_t e) {
  size_t n = c.size();
  // ABBR（expansion）
  size_t j = e;
  while (j < n && isSpace(c[j]) && !isNewline(c[j])) ++j;
  if (j < n && isOpenParen(c[j])) {
    size_t k = j + 1;
    while (k < n && k < j + 60 && !isCloseParen(c[k]) && !isTerminator(c[k])) ++k;
    if (k < n && isCloseParen(c[k])) {
      std::u32string_view inner(c.data() + j + 1, k - j - 1);
      bool meaningful = false;
      for (char32_t ch : inner) meaningful = meaningful || isHan(ch) || isLower(ch);
      if (meaningful) return true;
    }
  }
  // expansion（ABBR）: find the group around the abbreviation; apart from the abbreviation it may
  // hold only quotes, spaces and "以下简称/简称/下称".
  size_t open = b;
  while (open > 0 && b - open < 12 && !isOpenParen(c[open - 1]) && !isCloseParen(c[open - 1]) &&
         !isTerminator(c[open - 1]))
    --open;
  if (open == 0 || !isOpenParen(c[open - 1])) return false;
  size_t close = e;
  while (close < n && close - e < 6 && !isCloseParen(c[close]) && !isOpenParen(c[close]) && !isTerminator(c[close]))
    ++close;
  if (close >= n || !isCloseParen(c[close])) return false;
  std::u32string rest = c.substr(open, b - open) + c.substr(e, close - e);
  for (std::u32string_view w : {U"以下简称", U"简称", U"下称"}) {
    size_t p = rest.find(w);
    if (p != std::u32string::npos) rest.erase(p, w.size());
  }
  for (char32_t ch : rest) {
    if (!(isSpace(ch) || ch == U'“' || ch == U'”' || ch == U'"' || ch == U'‘' || ch == U'’' || ch == U'「' ||
          ch == U'」' || ch == U'：' || ch == U':'))
      return false;
  }
  // Something must stand before the parenthesis for it to be the expansion.
  size_t before = open - 1;
  while (before > 0 && isSpace(c[before - 1])) --before;
  return before > 0 && (isHan(c[before - 1]) || isAsciiAlnum(c[before - 1]) || c[before - 1] == U'”');
}

std::vector<Found> undefinedAbbreviations(const Doc& d) {
  const auto& c = d.cps;
  size_t n = c.size();
  struct Occ {
    size_t b, e;
  };
  std::vector<std::string> order;  // first-seen order, so the report follows the text
  std::unordered_map<std::string, std::vector<Occ>> occs;
  std::unordered_set<std::string> defined;
  for (size_t i = 0; i < n;) {
    if (!isAsciiAlnum(c[i])) {
      ++i;
      continue;
    }
    size_t b = i;
    int upper = 0;
    bool lower = false;
    while (i < n && isAsciiAlnum(c[i])) {
      upper += isUpper(c[i]) ? 1 : 0;
      lower = lower || isLower(c[i]);
      ++i;
    }
    // A run of ASCII letters and digits with two or more capitals and no lower case: "USCC",
    // "CA", "MP4"; "App", "iPhone" and "A4" are not abbreviations.
    if (upper < 2 || lower) continue;
    std::string abbr = d.utf8(b, i);
    if (knownAbbreviations().count(abbr)) continue;
    if (!occs.count(abbr)) order.push_back(abbr);
    occs[abbr].push_back({b, i});
    if (definedAt(c, b, i)) defined.insert(abbr);
  }
  std::vector<Found> out;
  for (const auto& abbr : order) {
    if (defined.count(abbr)) continue;
    const Occ& o = occs[abbr].front();
    out.push_back({"undefined_abbreviation", o.b, o.e,
                   "第一次出现时写出中文全称，写成“全称（" + abbr + "）” / Spell " + abbr +
                       " out where it first appears: \"full name (" + abbr + ")\""});
  }
  return out;
}

}  // namespace

std::vector<JargonTerm> PlainLanguageChecker::defaultJargon() {
  // Officialese common in 办事指南, each with what to write instead. Parenthesised advice means
  // "replace with the concrete thing", not literal words.
  return {
      {"予以", "给"},
      {"不予", "不"},
      {"准予", "同意"},
      {"办结", "办完"},
      {"受理", "接收（申请）"},
      {"容缺受理", "材料暂时不全也先接收（写明之后补什么、何时补）"},
      {"核准", "批准"},
      {"核发", "发给"},
      {"相关材料", "（写出具体材料名）"},
      {"有关材料", "（写出具体材料名）"},
      {"所需材料", "要带的材料（逐项写出）"},
      {"经办人", "办事的人"},
      {"须", "要"},
      {"应当", "要"},
      {"务必", "一定要"},
      {"方可", "才能"},
      {"后方可", "之后才能"},
      {"即办", "当场办"},
      {"申领", "领取"},
      {"凭", "拿着"},
      {"持", "带着"},
      {"携带", "带上"},
      {"递交", "交"},
      {"缴纳", "交（钱）"},
      {"逾期", "过期"},
      {"如需", "如果要"},
      {"兹", "（删去）"},
      {"拟", "打算"},
      {"届时", "到时候"},
      {"业经", "已经"},
      {"尚未", "还没有"},
      {"亦", "也"},
      {"亦可", "也可以"},
      {"上述", "上面说的"},
      {"下列", "下面这些"},
      {"查验", "检查"},
      {"出具", "开（证明）"},
      {"送达", "送到（您手上）"},
      {"补正", "补齐或改正"},
      {"告知", "告诉"},
      {"知悉", "知道"},
      {"敬请", "请"},
      {"请于", "请在"},
      {"请勿", "请不要"},
      {"酌情", "看情况"},
      {"无须", "不用"},
      {"毋须", "不用"},
      {"签章", "签字并盖章"},
      {"前置审批", "（写出要先办好的是哪一项审批）"},
      {"一网通办", "网上办理（写出网站或APP的名称）"},
      {"跨省通办", "在外省也能办"},
      {"告知承诺制", "您书面承诺符合条件，就先给您办（写明承诺什么）"},
      {"一次性告知", "一次说清楚要补的全部材料"},
      {"最多跑一次", "最多来一趟"},
      {"零跑腿", "不用来现场"},
      {"帮办代办", "工作人员帮您办"},
      {"电子证照", "手机上的电子证件"},
      {"自然人", "个人"},
      {"法人", "单位（公司、机构等）"},
      {"办理时限", "多久能办好"},
      {"承诺时限", "最多几天办好"},
  };
}

PlainLanguageChecker::PlainLanguageChecker(std::vector<JargonTerm> jargon, int sentence_char_limit)
    : jargon_(std::move(jargon)), sentence_char_limit_(sentence_char_limit > 0 ? sentence_char_limit : kDefaultLimit) {
  for (size_t i = 0; i < jargon_.size(); ++i) {
    std::u32string cps = decodeUtf8(jargon_[i].term);
    if (!cps.empty()) terms_.push_back({std::move(cps), i});
  }
  std::stable_sort(terms_.begin(), terms_.end(),
                   [](const Term& a, const Term& b) { return a.cps.size() > b.cps.size(); });
}

PlainReport PlainLanguageChecker::check(const std::string& text) const {
  PlainReport report;
  report.sentence_char_limit = sentence_char_limit_;
  Doc d = makeDoc(text);
  const auto& c = d.cps;
  std::vector<Span> spans = splitSentences(c);
  std::vector<std::vector<Found>> found(spans.size());

  for (size_t si = 0; si < spans.size(); ++si) {
    Span s = spans[si];
    int chars = 0;
    for (size_t k = s.b; k < s.e; ++k) chars += isHan(c[k]) ? 1 : 0;
    PlainSentence ps;
    ps.text = d.utf8(s.b, s.e);
    ps.start = d.u16(s.b);
    ps.length = d.u16(s.e) - d.u16(s.b);
    ps.chars = chars;
    report.sentences.push_back(std::move(ps));

    if (chars > sentence_char_limit_) {
      found[si].push_back({"too_long", s.b, s.e,
                           "这句有" + std::to_string(chars) + "个字，超过" + std::to_string(sentence_char_limit_) +
                               "字：拆成几句，每句只说一件事 / " + std::to_string(chars) + " characters, over " +
                               std::to_string(sentence_char_limit_) + ": split it, one point per sentence"});
    }

    // Jargon: a term matches only where it starts and ends on ICU word boundaries, so "持" is found
    // in "持身份证" but not inside "支持". Longest term first; matches do not overlap.
    for (size_t i = s.b; i < s.e;) {
      const Term* hit = nullptr;
      if (d.boundary[i]) {
        for (const Term& t : terms_) {
          size_t e = i + t.cps.size();
          if (e <= s.e && d.boundary[e] && startsWith(c, i, t.cps)) {
            hit = &t;
            break;
          }
        }
      }
      if (!hit) {
        ++i;
        continue;
      }
      found[si].push_back({"jargon", i, i + hit->cps.size(), jargon_[hit->index].plain});
      i += hit->cps.size();
    }

    std::vector<Span> passives = passiveMarkers(d, s);
    if (passives.size() >= 2) {
      found[si].push_back({"stacked_passive", passives.front().b, passives.back().e,
                           "一句里有" + std::to_string(passives.size()) +
                               "处被动说法：写清谁做什么，如“窗口退回申请后，您补交材料” / " +
                               std::to_string(passives.size()) +
                               " passive constructions in one sentence: say who does what, in active voice"});
    }
  }

  for (Found& f : undefinedAbbreviations(d)) {
    // The sentence that holds it (sentences are sorted and disjoint).
    auto it = std::upper_bound(spans.begin(), spans.end(), f.b, [](size_t b, const Span& s) { return b < s.b; });
    if (it == spans.begin()) continue;
    size_t si = static_cast<size_t>(it - spans.begin()) - 1;
    if (f.b >= spans[si].e) continue;
    found[si].push_back(std::move(f));
  }

  int score = 100;
  std::vector<std::pair<int, size_t>> weights;  // (weight, sentence index)
  for (size_t si = 0; si < spans.size(); ++si) {
    auto& fs = found[si];
    std::stable_sort(fs.begin(), fs.end(), [](const Found& a, const Found& b) { return a.b < b.b; });
    int w = 0;
    for (const Found& f : fs) {
      w += weightOf(f.kind);
      PlainProblem p;
      p.kind = f.kind;
      p.text = d.utf8(f.b, f.e);
      p.suggestion = f.suggestion;
      p.start = d.u16(f.b);
      p.length = d.u16(f.e) - d.u16(f.b);
      report.sentences[si].problems.push_back(std::move(p));
    }
    score -= w;
    if (w > 0) weights.push_back({w, si});
  }
  report.score = std::max(0, score);
  std::stable_sort(weights.begin(), weights.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t k = 0; k < weights.size() && k < 3; ++k) report.worst.push_back(weights[k].second);
  return report;
}

}  // namespace onedoor::text
