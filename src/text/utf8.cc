// Implementation of utf8.h.
#include "text/utf8.h"

#include <cstdint>

#include "core/text.h"

namespace onedoor::text {

std::u32string decodeUtf8(std::string_view s, bool* valid) {
  std::u32string out;
  out.reserve(s.size());
  bool ok = true;
  size_t i = 0, n = s.size();
  while (i < n) {
    auto c = static_cast<uint8_t>(s[i]);
    if (c < 0x80) {
      out.push_back(c);
      ++i;
      continue;
    }
    const size_t len = utf8SequenceLength(s, i);
    if (len == 0) {
      out.push_back(U'\uFFFD');
      ok = false;
      ++i;  // resynchronise on the next byte
      continue;
    }
    char32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<uint8_t>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += len;
  }
  if (valid) *valid = ok;
  return out;
}

std::string encodeUtf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size() * 3);
  for (char32_t c : s) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

std::string truncateCodePoints(std::string_view s, size_t max) {
  std::u32string cps = decodeUtf8(s);
  if (cps.size() <= max) return encodeUtf8(cps);
  return encodeUtf8(std::u32string_view(cps).substr(0, max)) + "…";
}

std::u32string normalizeWidth(std::u32string_view s) {
  std::u32string out(s);
  for (char32_t& c : out) {
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
    else if (c == 0x3000) c = U' ';
    if (c >= U'A' && c <= U'Z') c += U'a' - U'A';
  }
  return out;
}

bool isHan(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x3FFFF) || c == 0x3007;  // 〇 is used as a digit in dates
}

bool isBreak(char32_t c) {
  if (c < 0x80) {
    return !((c >= U'0' && c <= U'9') || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'));
  }
  return (c >= 0x2000 && c <= 0x206F) ||  // general punctuation: dashes, “ ” ‘ ’, …, zero-width spaces
         (c >= 0x3000 && c <= 0x3006) || (c >= 0x3008 && c <= 0x303F) ||  // CJK punctuation 、。《》「」【】 (not 〇)
         (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
         (c >= 0xFF5B && c <= 0xFF65) ||  // full-width punctuation ，！？：；（）
         c == 0x00A0 || c == 0x00B7 || c == 0xFE30 || (c >= 0xFE50 && c <= 0xFE6B) || c == 0xFEFF;
}

bool isContent(char32_t c) {
  if (isBreak(c)) return false;
  if (c == 0xFFFD) return false;
  // Emoji, dingbats and pictographs say nothing a citizen can hold anyone to.
  if ((c >= 0x2190 && c <= 0x2BFF) || (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0xFE00 && c <= 0xFE0F)) return false;
  return true;
}

}  // namespace onedoor::text
