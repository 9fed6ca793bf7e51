// Small text utilities: UTF-8 validation, percent-decoding, query strings. Pure; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace onedoor {

bool isValidUtf8(std::string_view s);

// The length (1 to 4) of the well-formed UTF-8 sequence that starts at s[i], or 0 when the bytes
// there are not one (Unicode table 3-7: no overlong forms, surrogates or values past U+10FFFF).
size_t utf8SequenceLength(std::string_view s, size_t i);

// Characters (code points) in valid UTF-8: what a length limit "in 字" means.
size_t codePointCount(std::string_view s);

// Decodes %XX escapes (and '+' as space when `plus_as_space`); nullopt on a malformed escape.
std::optional<std::string> percentDecode(std::string_view s, bool plus_as_space);

// Parses "a=1&b=x%20y" into a map (the last value of a repeated key wins); nullopt when malformed.
std::optional<std::map<std::string, std::string>> parseQuery(std::string_view q);

// Masks a phone number for listings and logs: 13812341234 → 138****1234 (PRODUCT rule 10).
std::string maskPhone(std::string_view phone);

}  // namespace onedoor
