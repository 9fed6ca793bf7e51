// Implementation of text.h.
#include "core/text.h"

#include <cstdint>
#include <cstring>

namespace onedoor {

namespace {

bool continuation(uint8_t c) { return (c & 0xC0) == 0x80; }

// The well-formed byte sequences of the Unicode standard (table 3-7): the ranges of the second
// byte after E0, ED, F0 and F4 are what exclude overlong forms, surrogates and values past U+10FFFF.
inline size_t sequenceLength(const uint8_t* p, size_t i, size_t n) {
  const uint8_t c = p[i];
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return i + 2 <= n && continuation(p[i + 1]) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (i + 3 > n) return 0;
    const uint8_t lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return p[i + 1] >= lo && p[i + 1] <= hi && continuation(p[i + 2]) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (i + 4 > n) return 0;
    const uint8_t lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    return p[i + 1] >= lo && p[i + 1] <= hi && continuation(p[i + 2]) && continuation(p[i + 3]) ? 4 : 0;
  }
  return 0;  // a continuation byte first, C0, C1 (overlong) or F5..FF
}

}  // namespace

size_t utf8SequenceLength(std::string_view s, size_t i) {
  return i < s.size() ? sequenceLength(reinterpret_cast<const uint8_t*>(s.data()), i, s.size()) : 0;
}

bool isValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    // Runs of ASCII (JSON punctuation, keys, digits) eight bytes at a time.
    uint64_t word;
    while (i + 8 <= n && (std::memcpy(&word, p + i, 8), (word & 0x8080808080808080ULL) == 0)) i += 8;
    if (i == n) break;
    const size_t len = sequenceLength(p, i, n);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

size_t codePointCount(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

static int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percentDecode(std::string_view s, bool plus_as_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int hi = hexValue(s[i + 1]), lo = hexValue(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<std::map<std::string, std::string>> parseQuery(std::string_view q) {
  std::map<std::string, std::string> out;
  size_t i = 0;
  while (i < q.size()) {
    size_t j = q.find('&', i);
    if (j == std::string_view::npos) j = q.size();
    std::string_view pair = q.substr(i, j - i);
    i = j + 1;
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    auto key = percentDecode(pair.substr(0, eq), true);
    auto value = eq == std::string_view::npos ? std::optional<std::string>("") : percentDecode(pair.substr(eq + 1), true);
    if (!key || !value) return std::nullopt;
    out[*key] = *value;
  }
  return out;
}

std::string maskPhone(std::string_view phone) {
  if (phone.size() < 7) return std::string(phone.size(), '*');
  std::string out(phone);
  for (size_t i = 3; i + 4 < out.size(); ++i) out[i] = '*';
  return out;
}

}  // namespace onedoor
