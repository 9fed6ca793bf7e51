// Text utilities: UTF-8 validation, percent-decoding, query parsing, phone masking.
#include <gtest/gtest.h>

#include "core/text.h"
#include "text/utf8.h"

using namespace onedoor;

TEST(Utf8, AcceptsChineseAndRejectsBrokenBytes) {
  EXPECT_TRUE(isValidUtf8("市长信箱 12345"));
  EXPECT_FALSE(isValidUtf8("\xC3"));             // truncated
  EXPECT_FALSE(isValidUtf8("\xC0\xAF"));         // overlong '/'
  EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));     // surrogate
  EXPECT_FALSE(isValidUtf8("\xF4\x90\x80\x80")); // past U+10FFFF
  EXPECT_FALSE(isValidUtf8("abc\xFF"));
}

// The validator against a plain decoder of the definition, on every sequence of up to three
// bytes drawn from the interesting ones and on four-byte boundaries.
static bool decodesAsUnicode(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    uint32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    const uint32_t min = len == 1 ? 0 : len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

TEST(Utf8, AgreesWithTheDefinitionOnEdgeBytes) {
  const unsigned char edges[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
                                 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
  size_t checked = 0;
  for (unsigned char a : edges) {
    for (unsigned char b : edges) {
      for (unsigned char c : edges) {
        for (int len = 1; len <= 3; ++len) {
          std::string s;
          s.push_back(static_cast<char>(a));
          if (len > 1) s.push_back(static_cast<char>(b));
          if (len > 2) s.push_back(static_cast<char>(c));
          ASSERT_EQ(isValidUtf8(s), decodesAsUnicode(s)) << std::hex << int(a) << " " << int(b) << " " << int(c);
          s.push_back('\x80');  // four bytes: the F0..F4 cases
          ASSERT_EQ(isValidUtf8(s), decodesAsUnicode(s)) << std::hex << int(a) << " " << int(b) << " " << int(c);
          ++checked;
        }
      }
    }
  }
  EXPECT_EQ(checked, 25u * 25u * 25u * 3u);
  EXPECT_TRUE(isValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
  EXPECT_TRUE(isValidUtf8("\xED\x9F\xBF"));       // U+D7FF, just below the surrogates
}

// The decoder (text/utf8.h) reads sequences by the same rule: valid exactly when the validator
// says so, code points that encode back to the same bytes, and one U+FFFD per byte it cannot read
// as the start of a well-formed sequence.
TEST(Utf8, TheDecoderAgreesWithTheValidatorAndRoundTrips) {
  const unsigned char edges[] = {0x41, 0x80, 0x9F, 0xA0, 0xBF, 0xC1, 0xC2, 0xDF, 0xE0, 0xE4,
                                 0xED, 0xEF, 0xF0, 0xF4, 0xF5};
  for (unsigned char a : edges) {
    for (unsigned char b : edges) {
      for (unsigned char c : edges) {
        const std::string s{static_cast<char>(a), static_cast<char>(b), static_cast<char>(c), '\x80'};
        for (size_t len = 1; len <= s.size(); ++len) {
          const std::string part = s.substr(0, len);
          bool valid = false;
          const std::u32string cps = text::decodeUtf8(part, &valid);
          ASSERT_EQ(valid, isValidUtf8(part)) << std::hex << int(a) << " " << int(b) << " " << int(c) << " " << len;
          if (valid) {
            ASSERT_EQ(text::encodeUtf8(cps), part);
          } else {
            ASSERT_NE(cps.find(U'\uFFFD'), std::u32string::npos);
          }
        }
      }
    }
  }
  EXPECT_EQ(text::decodeUtf8("中\xFF文"), U"中\uFFFD文");
  EXPECT_EQ(text::decodeUtf8("\xE4\xB8"), std::u32string(2, U'\uFFFD'));  // a truncated 中: one per byte
  EXPECT_EQ(utf8SequenceLength("a中", 1), 3u);
  EXPECT_EQ(utf8SequenceLength("a中", 2), 0u);  // inside a sequence
  EXPECT_EQ(utf8SequenceLength("a", 1), 0u);    // past the end
}

TEST(Utf8, FindsABrokenByteAnywhereInLongAsciiRuns) {
  // ASCII is checked eight bytes at a time: a bad byte must be found at every offset.
  for (size_t len = 0; len < 40; ++len) {
    for (size_t at = 0; at <= len; ++at) {
      std::string s(len, 'a');
      EXPECT_TRUE(isValidUtf8(s));
      s.insert(at, "\xFF");
      EXPECT_FALSE(isValidUtf8(s)) << len << " " << at;
      s[at] = '\xE4';  // a truncated three-byte sequence
      EXPECT_FALSE(isValidUtf8(s)) << len << " " << at;
      s.replace(at, 1, "中");
      EXPECT_TRUE(isValidUtf8(s)) << len << " " << at;
    }
  }
}

TEST(PercentDecode, DecodesAndRejectsMalformed) {
  EXPECT_EQ(percentDecode("%E4%B8%80%2F", false).value(), "一/");
  EXPECT_EQ(percentDecode("a+b", true).value(), "a b");
  EXPECT_EQ(percentDecode("a+b", false).value(), "a+b");
  EXPECT_FALSE(percentDecode("%4", false));
  EXPECT_FALSE(percentDecode("%zz", false));
}

TEST(Query, ParsesPairs) {
  auto q = parseQuery("after=10&limit=5&name=%E9%97%A8&flag").value();
  EXPECT_EQ(q["after"], "10");
  EXPECT_EQ(q["limit"], "5");
  EXPECT_EQ(q["name"], "门");
  EXPECT_EQ(q["flag"], "");
  EXPECT_FALSE(parseQuery("a=%G1"));
}

TEST(MaskPhone, HidesTheMiddle) {
  EXPECT_EQ(maskPhone("13812341234"), "138****1234");
  EXPECT_EQ(maskPhone("123"), "***");
}

TEST(CodePointCount, CountsCharactersNotBytes) {
  EXPECT_EQ(codePointCount("一扇门"), 3u);
  EXPECT_EQ(codePointCount("abc"), 3u);
  EXPECT_EQ(codePointCount("门a😀"), 3u);
  EXPECT_EQ(codePointCount(""), 0u);
}
