// Time-expression scanner: dates, deadlines, weekdays and clock times in Chinese, and what is not one.
#include <gtest/gtest.h>

#include "text/formulaic.h"
#include "text/time_expr.h"
#include "text/utf8.h"

using namespace onedoor::text;

namespace {

std::vector<std::u32string> defaultWords() {
  std::vector<std::u32string> out;
  for (const auto& w : Lists::defaults().time_words) out.push_back(decodeUtf8(w));
  return out;
}

// The first time expression in `s`, as UTF-8, or "" when there is none.
std::string firstTime(const std::string& s) {
  static const auto words = defaultWords();
  std::u32string u = normalizeWidth(decodeUtf8(s));
  auto found = findTimeExpressions(u, words);
  if (found.empty()) return "";
  return encodeUtf8(std::u32string_view(u).substr(found[0].begin, found[0].end - found[0].begin));
}

}  // namespace

TEST(TimeExpr, FindsDatesAndDeadlines) {
  EXPECT_EQ(firstTime("将于3月5日前更换"), "3月5日");
  EXPECT_EQ(firstTime("于2026-03-05完成"), "2026-03-05");
  EXPECT_EQ(firstTime("于2026/3/5完成"), "2026/3/5");
  EXPECT_EQ(firstTime("二〇二六年三月五日"), "三月五日");
  EXPECT_EQ(firstTime("十二月三十一日前完成"), "十二月三十一日");
  EXPECT_EQ(firstTime("３月５日前"), "3月5日");  // full-width digits from a Chinese IME
  EXPECT_EQ(firstTime("3月底前完成"), "3月底");
  EXPECT_EQ(firstTime("4月中旬开工"), "4月中旬");
  EXPECT_EQ(firstTime("2026年底前完工"), "2026年底");
  EXPECT_EQ(firstTime("本月20日前到账"), "本月");
  EXPECT_EQ(firstTime("将于20日前到账"), "20日前");
  EXPECT_EQ(firstTime("明年6月开工"), "6月");
}

TEST(TimeExpr, FindsRelativeDeadlines) {
  EXPECT_EQ(firstTime("5个工作日内退还"), "5个工作日内");
  EXPECT_EQ(firstTime("5个工作日办结"), "5个工作日");
  EXPECT_EQ(firstTime("两周内整改"), "两周内");
  EXPECT_EQ(firstTime("24小时内回复"), "24小时内");
  EXPECT_EQ(firstTime("一个月内完成"), "一个月内");
  EXPECT_EQ(firstTime("半个月内完成"), "半个月内");
  EXPECT_EQ(firstTime("3日后回访"), "3日后");
  EXPECT_EQ(firstTime("三天之内"), "三天之内");
}

TEST(TimeExpr, FindsWeekdaysWordsAndClockTimes) {
  EXPECT_EQ(firstTime("本周五前清运"), "本周");
  EXPECT_EQ(firstTime("周五前清运"), "周五");
  EXPECT_EQ(firstTime("下周一复查"), "下周");
  EXPECT_EQ(firstTime("星期三上午"), "星期三");
  EXPECT_EQ(firstTime("礼拜天"), "礼拜天");
  EXPECT_EQ(firstTime("已于昨日修复"), "昨日");
  EXPECT_EQ(firstTime("月底前完成"), "月底");
  EXPECT_EQ(firstTime("下午3点到场"), "3点");
  EXPECT_EQ(firstTime("17时前恢复"), "17时前");
  EXPECT_EQ(firstTime("今天15:30前"), "今天");
  EXPECT_EQ(firstTime("于15:30到场"), "15:30");
}

TEST(TimeExpr, IgnoresVagueWordsAndLookalikes) {
  for (const char* s : {"尽快处理", "近期研究", "第一时间处理", "一定高度重视", "十分重视", "3号楼", "到2号窗口办理",
                        "一周一次", "周边环境", "三天两头", "一段时间", "适时答复", "拨打12345热线", "第3次",
                        "在10点钟方向", "一时间", "多年来"}) {
    EXPECT_EQ(firstTime(s), "") << s;
  }
}
