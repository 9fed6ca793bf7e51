// UTF-8 ⇄ code points for the text checkers: they scan Chinese per character, never per byte.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace onedoor::text {

// Decodes UTF-8; each malformed byte becomes U+FFFD so a scanner never sees half a character.
// `valid`, when given, is set to false if any replacement was made.
std::u32string decodeUtf8(std::string_view s, bool* valid = nullptr);

std::string encodeUtf8(std::u32string_view s);

// At most `max` code points of `s`, with "…" appended when cut; never splits a character.
std::string truncateCodePoints(std::string_view s, size_t max);

// Full-width ASCII (０-９, Ａ-Ｚ, ：, －, …) to ASCII, the ideographic space to ' ', A-Z to a-z:
// handlers type with Chinese IMEs, so "３月５日" and "3月5日" must read the same.
std::u32string normalizeWidth(std::u32string_view s);

// Han ideographs (CJK Unified, Extension A, Compatibility, and the supplementary planes).
bool isHan(char32_t c);

// Whitespace, ASCII and CJK punctuation, quotes, dashes, brackets: what separates clauses.
bool isBreak(char32_t c);

// A character that carries meaning: not a break, not an emoji or other pictographic symbol.
bool isContent(char32_t c);

}  // namespace onedoor::text
