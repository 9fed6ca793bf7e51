// Matter search ranking: Chinese, full pinyin, initials, keywords, summary; best first.
#include <gtest/gtest.h>

#include "matters/search.h"

using namespace onedoor;
using namespace onedoor::matters;

namespace {

Matter matter(int64_t id, const char* code, const char* name, std::vector<std::string> keywords, const char* summary) {
  Matter m;
  m.id = id;
  m.code = code;
  m.name = name;
  m.keywords = std::move(keywords);
  m.summary = summary;
  return m;
}

// Pinyin keys given by hand, so the ranking is tested apart from ICU.
std::vector<SearchEntry> entries() {
  return {
      searchEntry(matter(1, "SB-001", "社保卡申领", {"社保"}, "第一次办社保卡。"), {"shebaokashenling", "sbksl"},
                  {{"shebao", "sb"}}),
      searchEntry(matter(2, "HJ-001", "居住证办理", {"暂住"}, "来本区住满半年可以办。"), {"juzhuzhengbanli", "jzzbl"},
                  {{"zanzhu", "zz"}}),
      searchEntry(matter(3, "YB-002", "医保关系转移", {"社保转移"}, "换城市工作时把医保带走。"),
                  {"yibaoguanxizhuanyi", "ybgxzy"}, {{"shebaozhuanyi", "sbzy"}}),
      searchEntry(matter(4, "GJ-001", "公积金提取", {}, "买房租房可以取公积金。ABC"), {"gongjijintiqu", "gjjtq"}, {}),
  };
}

std::vector<int64_t> ids(const std::vector<SearchHit>& hits) {
  std::vector<int64_t> out;
  for (const auto& h : hits) out.push_back(h.id);
  return out;
}

TEST(MatterSearch, ChineseNameBeatsKeywordAndSummary) {
  auto hits = searchMatters(entries(), "社保", 10);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].id, 1);
  EXPECT_EQ(hits[0].match, "name");
  EXPECT_EQ(hits[1].id, 3);
  EXPECT_EQ(hits[1].match, "keyword");
  auto summary = searchMatters(entries(), "半年", 10);
  ASSERT_EQ(summary.size(), 1u);
  EXPECT_EQ(summary[0].match, "summary");
}

TEST(MatterSearch, FullPinyinAndInitialsCaseInsensitive) {
  auto full = searchMatters(entries(), "SheBaoKa", 10);
  ASSERT_FALSE(full.empty());
  EXPECT_EQ(full[0].id, 1);
  EXPECT_EQ(full[0].match, "pinyin");
  auto spaced = searchMatters(entries(), "ju zhu", 10);
  ASSERT_FALSE(spaced.empty());
  EXPECT_EQ(spaced[0].id, 2);
  auto initials = searchMatters(entries(), "SBK", 10);
  ASSERT_EQ(initials.size(), 1u);
  EXPECT_EQ(initials[0].id, 1);
  EXPECT_EQ(initials[0].match, "initials");
  // "sb": initials of matter 1's name, and of matter 3's keyword; the name's initials rank higher.
  EXPECT_EQ(ids(searchMatters(entries(), "sb", 10)), (std::vector<int64_t>{1, 3}));
  // Latin text in a summary matches case-insensitively.
  auto latin = searchMatters(entries(), "abc", 10);
  ASSERT_EQ(latin.size(), 1u);
  EXPECT_EQ(latin[0].match, "summary");
}

TEST(MatterSearch, EmptyQueryListsAllByCodeAndLimitApplies) {
  EXPECT_EQ(ids(searchMatters(entries(), "  ", 10)), (std::vector<int64_t>{4, 2, 1, 3}));
  EXPECT_EQ(searchMatters(entries(), "", 2).size(), 2u);
  EXPECT_TRUE(searchMatters(entries(), "护照", 10).empty());
}

TEST(MatterSearch, RealPinyinKeys) {
  // With text::toPinyin (ICU): the keys come from the name itself.
  auto e = searchEntry(matter(1, "SB-001", "社保卡", {}, ""));
  EXPECT_EQ(e.name_pinyin.full, "shebaoka");
  EXPECT_EQ(e.name_pinyin.initials, "sbk");
  EXPECT_EQ(searchMatters({e}, "sbk", 5).size(), 1u);
}

}  // namespace
