// Plain-language checker for matter guides (办事指南): long sentences, jargon and officialese with
// plainer words, abbreviations never defined, stacked passives; a score per text and its worst
// sentences. Word boundaries come from ICU's BreakIterator. Pure; a constructed checker is
// immutable and may be shared by all threads. docs/plain-language.md states the rules and limits.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace onedoor::text {

// One jargon term and the plainer words to write instead ("予以" → "给").
struct JargonTerm {
  std::string term;
  std::string plain;
};

struct PlainProblem {
  std::string kind;        // "too_long" | "jargon" | "undefined_abbreviation" | "stacked_passive"
  std::string text;        // the offending words (UTF-8); for too_long, the whole sentence
  std::string suggestion;  // bilingual advice or the plain words; may be empty
  size_t start = 0;        // in UTF-16 code units of the whole checked text
  size_t length = 0;       // in UTF-16 code units
};

struct PlainSentence {
  std::string text;  // UTF-8
  size_t start = 0;  // UTF-16 code units in the whole text
  size_t length = 0;
  int chars = 0;  // Chinese characters (Han code points) in the sentence, the length measure
  std::vector<PlainProblem> problems;
};

struct PlainReport {
  int score = 100;                    // 0..100, 100 = plain
  std::vector<PlainSentence> sentences;
  std::vector<size_t> worst;          // indices into sentences, worst first, at most 3, only sentences with problems
  int sentence_char_limit = 40;
};

class PlainLanguageChecker {
 public:
  // The shipped jargon list (editable by administrators; stored in the database once edited).
  static std::vector<JargonTerm> defaultJargon();

  explicit PlainLanguageChecker(std::vector<JargonTerm> jargon = defaultJargon(), int sentence_char_limit = 40);

  // Invalid UTF-8 is checked as if each bad byte were U+FFFD; never throws.
  PlainReport check(const std::string& text) const;

 private:
  struct Term {
    std::u32string cps;  // the term decoded once, for matching per code point
    size_t index;        // into jargon_
  };
  std::vector<JargonTerm> jargon_;
  std::vector<Term> terms_;  // longest first, so "后方可" wins over "方可"
  int sentence_char_limit_;
};

}  // namespace onedoor::text
