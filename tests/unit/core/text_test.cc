// Text utilities: UTF-8 validation, percent-decoding, query parsing, phone masking.
#include <gtest/gtest.h>

#include "core/text.h"

using namespace onedoor;

TEST(Utf8, AcceptsChineseAndRejectsBrokenBytes) {
  EXPECT_TRUE(isValidUtf8("市长信箱 12345"));
  EXPECT_FALSE(isValidUtf8("\xC3"));             // truncated
  EXPECT_FALSE(isValidUtf8("\xC0\xAF"));         // overlong '/'
  EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));     // surrogate
  EXPECT_FALSE(isValidUtf8("\xF4\x90\x80\x80")); // past U+10FFFF
  EXPECT_FALSE(isValidUtf8("abc\xFF"));
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
