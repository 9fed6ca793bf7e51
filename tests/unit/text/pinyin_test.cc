// Pinyin search keys: full syllables and per-character initials from ICU's Han-Latin, tone marks
// removed; ASCII letters and digits pass through lower-cased; the rest is dropped.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "text/pinyin.h"

using namespace onedoor::text;

TEST(Pinyin, SocialSecurityCard) {
  Pinyin p = toPinyin("社保卡");
  EXPECT_EQ(p.full, "shebaoka");
  EXPECT_EQ(p.initials, "sbk");
}

TEST(Pinyin, RealEstateRegistration) {
  Pinyin p = toPinyin("不动产登记");
  EXPECT_EQ(p.full, "budongchandengji");
  EXPECT_EQ(p.initials, "bdcdj");
}

TEST(Pinyin, ResidencePermit) {
  Pinyin p = toPinyin("居住证");
  EXPECT_EQ(p.full, "juzhuzheng");
  EXPECT_EQ(p.initials, "jzz");
}

TEST(Pinyin, LatinLettersAndDigitsPassThroughLowerCased) {
  Pinyin p = toPinyin("ABC营业执照");
  EXPECT_EQ(p.full, "abcyingyezhizhao");
  EXPECT_EQ(p.initials, "abcyyzz");
  // Full-width letters (typed with a Chinese IME) read like ASCII ones.
  EXPECT_EQ(toPinyin("ＡＢＣ营业执照").full, "abcyingyezhizhao");
  EXPECT_EQ(toPinyin("2号窗口").initials, "2hck");
}

TEST(Pinyin, PunctuationSpacesAndEmojiAreDropped) {
  Pinyin p = toPinyin("社保卡（补办）· 😀 -");
  EXPECT_EQ(p.full, "shebaokabuban");
  EXPECT_EQ(p.initials, "sbkbb");
  EXPECT_EQ(toPinyin("").full, "");
  EXPECT_EQ(toPinyin("，。！").initials, "");
}

TEST(Pinyin, InvalidUtf8DoesNotCrash) {
  std::string bad = std::string("社\xff\xfe保") + "\xe5\x8d";  // stray bytes and a cut-off character
  Pinyin p = toPinyin(bad);
  EXPECT_EQ(p.full, "shebao");
  EXPECT_EQ(p.initials, "sb");
}

TEST(Pinyin, SameAnswerOnEveryThread) {
  std::vector<std::string> got(4);
  std::vector<std::thread> ts;
  for (size_t i = 0; i < got.size(); ++i) {
    ts.emplace_back([&got, i] {
      for (int k = 0; k < 20; ++k) got[i] = toPinyin("不动产登记社保卡").initials;
    });
  }
  for (auto& t : ts) t.join();
  for (const auto& g : got) EXPECT_EQ(g, "bdcdjsbk");
}
