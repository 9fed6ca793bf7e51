// Matter search: see search.h.
#include "matters/search.h"

#include <algorithm>

namespace onedoor::matters {

namespace {

std::string lowerAscii(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

bool isAsciiLetters(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

// Scores a containment: equal > prefix > anywhere; 0 when absent.
int containScore(const std::string& hay, const std::string& needle, int base) {
  if (needle.empty() || hay.empty()) return 0;
  size_t at = hay.find(needle);
  if (at == std::string::npos) return 0;
  if (hay == needle) return base + 10;
  return at == 0 ? base + 5 : base;
}

}  // namespace

SearchEntry searchEntry(const Matter& m, text::Pinyin name_pinyin, std::vector<text::Pinyin> keyword_pinyin) {
  SearchEntry e;
  e.id = m.id;
  e.code = m.code;
  e.name_lower = lowerAscii(m.name);
  e.summary_lower = lowerAscii(m.summary);
  for (const auto& k : m.keywords) e.keywords_lower.push_back(lowerAscii(k));
  e.name_pinyin = std::move(name_pinyin);
  e.keyword_pinyin = std::move(keyword_pinyin);
  return e;
}

SearchEntry searchEntry(const Matter& m) {
  std::vector<text::Pinyin> kp;
  for (const auto& k : m.keywords) kp.push_back(text::toPinyin(k));
  return searchEntry(m, text::toPinyin(m.name), std::move(kp));
}

std::vector<SearchHit> searchMatters(const std::vector<SearchEntry>& entries, const std::string& query, size_t limit) {
  std::string q = lowerAscii(trim(query));
  std::vector<std::pair<SearchHit, const SearchEntry*>> hits;
  // Pinyin is typed with or without spaces or apostrophes between syllables.
  std::string py;
  for (char c : q)
    if (c != ' ' && c != '\'') py += c;
  bool pinyin_query = isAsciiLetters(py);
  for (const auto& e : entries) {
    SearchHit h{e.id, "", 0};
    auto consider = [&h](int score, const char* kind) {
      if (score > h.score) {
        h.score = score;
        h.match = kind;
      }
    };
    if (q.empty()) {
      hits.push_back({h, &e});
      continue;
    }
    consider(containScore(e.name_lower, q, 100), "name");
    for (const auto& k : e.keywords_lower) consider(containScore(k, q, 80), "keyword");
    if (pinyin_query) {
      consider(containScore(e.name_pinyin.full, py, 70), "pinyin");
      for (const auto& k : e.keyword_pinyin) consider(containScore(k.full, py, 64) > 0 ? 64 : 0, "pinyin");
      consider(containScore(e.name_pinyin.initials, py, 58), "initials");
      for (const auto& k : e.keyword_pinyin) consider(containScore(k.initials, py, 52) > 0 ? 52 : 0, "initials");
    }
    consider(containScore(e.summary_lower, q, 40) > 0 ? 40 : 0, "summary");
    if (h.score > 0) hits.push_back({h, &e});
  }
  std::stable_sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) {
    if (a.first.score != b.first.score) return a.first.score > b.first.score;
    return a.second->code < b.second->code;
  });
  std::vector<SearchHit> out;
  for (size_t i = 0; i < hits.size() && i < limit; ++i) out.push_back(hits[i].first);
  return out;
}

}  // namespace onedoor::matters
