// Matter search for citizens: Chinese text, full pinyin ("shebaoka") and pinyin initials ("sbk"),
// case-insensitive, best matches first. The keys of each matter are computed once (when the
// published list changes) and searching is pure. Thread-safe: entries are values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "matters/matter.h"
#include "text/pinyin.h"

namespace onedoor::matters {

struct SearchEntry {
  int64_t id = 0;
  std::string code;
  std::string name_lower;                 // name with ASCII lower-cased
  std::string summary_lower;
  std::vector<std::string> keywords_lower;
  text::Pinyin name_pinyin;
  std::vector<text::Pinyin> keyword_pinyin;
};

// Computes the keys with text::toPinyin.
SearchEntry searchEntry(const Matter& m);
// The same with given pinyin keys (tests, or a caller that has them).
SearchEntry searchEntry(const Matter& m, text::Pinyin name_pinyin, std::vector<text::Pinyin> keyword_pinyin);

struct SearchHit {
  int64_t id = 0;
  std::string match;  // "name" | "keyword" | "pinyin" | "initials" | "summary"; empty for an empty query
  int score = 0;
};

// Matches of `query` (trimmed; ASCII case-insensitive; spaces and ' ignored for pinyin), best
// first, ties by code; at most `limit`. An empty query lists every entry by code.
std::vector<SearchHit> searchMatters(const std::vector<SearchEntry>& entries, const std::string& query, size_t limit);

}  // namespace onedoor::matters
