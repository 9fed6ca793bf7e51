// Plain-language checker for matter guides: a plain guide passes, officialese is flagged with the
// plain words and exact UTF-16 offsets, long sentences, undefined abbreviations and stacked
// passives are found, and odd input (emoji, supplementary Han, broken UTF-8) is handled.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "text/plain_language.h"
#include "text/utf8.h"

using namespace onedoor::text;

namespace {

const PlainLanguageChecker& checker() {
  static const PlainLanguageChecker c;
  return c;
}

// UTF-16 length of a UTF-8 string: what a browser's String.length says.
size_t u16(const std::string& s) {
  size_t n = 0;
  for (char32_t c : decodeUtf8(s)) n += c > 0xFFFF ? 2 : 1;
  return n;
}

std::vector<PlainProblem> all(const PlainReport& r) {
  std::vector<PlainProblem> out;
  for (const auto& s : r.sentences) out.insert(out.end(), s.problems.begin(), s.problems.end());
  return out;
}

std::vector<PlainProblem> ofKind(const PlainReport& r, const std::string& kind) {
  std::vector<PlainProblem> out;
  for (const auto& p : all(r)) {
    if (p.kind == kind) out.push_back(p);
  }
  return out;
}

const PlainProblem* jargon(const PlainReport& r, const std::string& term) {
  static thread_local std::vector<PlainProblem> keep;
  keep = ofKind(r, "jargon");
  for (const auto& p : keep) {
    if (p.text == term) return &p;
  }
  return nullptr;
}

std::string describe(const PlainReport& r) {
  std::string out = "score " + std::to_string(r.score) + "\n";
  for (const auto& s : r.sentences) {
    out += "[" + std::to_string(s.start) + "+" + std::to_string(s.length) + " chars " + std::to_string(s.chars) +
           "] " + s.text + "\n";
    for (const auto& p : s.problems) {
      out += "   " + p.kind + " '" + p.text + "' @" + std::to_string(p.start) + "+" + std::to_string(p.length) +
             " → " + p.suggestion + "\n";
    }
  }
  return out;
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST(PlainLanguage, PlainGuideScoresFullMarks) {
  const std::string guide =
      "办理居住证，请带上身份证和一张照片，到2号窗口交给工作人员。\n"
      "材料齐全的，当场办好。\n"
      "办好后我们发短信告诉您来拿证。也可以下载APP，在手机上看办到哪一步了。";
  PlainReport r = checker().check(guide);
  EXPECT_EQ(r.score, 100) << describe(r);
  EXPECT_TRUE(all(r).empty()) << describe(r);
  EXPECT_TRUE(r.worst.empty());
  EXPECT_EQ(r.sentences.size(), 4u) << describe(r);
  EXPECT_EQ(r.sentence_char_limit, 40);
}

TEST(PlainLanguage, OfficialeseFlagsJargonWithPlainWordsAndOffsets) {
  const std::string s1 = "申请人须携带相关材料到窗口递交申请。";
  const std::string s2 = "符合条件的，予以受理，并于10个工作日内办结。";
  PlainReport r = checker().check(s1 + s2);
  ASSERT_EQ(r.sentences.size(), 2u) << describe(r);

  struct Want {
    std::string term, plain, before;
  };
  const std::vector<Want> wants{
      {"须", "要", "申请人"},
      {"携带", "带上", "申请人须"},
      {"相关材料", "（写出具体材料名）", "申请人须携带"},
      {"递交", "交", "申请人须携带相关材料到窗口"},
      {"予以", "给", s1 + "符合条件的，"},
      {"受理", "接收（申请）", s1 + "符合条件的，予以"},
      {"办结", "办完", s1 + "符合条件的，予以受理，并于10个工作日内"},
  };
  for (const auto& w : wants) {
    const PlainProblem* p = jargon(r, w.term);
    ASSERT_NE(p, nullptr) << w.term << "\n" << describe(r);
    EXPECT_EQ(p->suggestion, w.plain) << w.term;
    EXPECT_EQ(p->start, u16(w.before)) << w.term;
    EXPECT_EQ(p->length, u16(w.term)) << w.term;
  }
  EXPECT_EQ(ofKind(r, "jargon").size(), wants.size()) << describe(r);
  // 4 jargon hits in the first sentence, 3 in the second: 7 × 3 points.
  EXPECT_EQ(r.score, 100 - 7 * 3) << describe(r);
  EXPECT_EQ(r.worst, (std::vector<size_t>{0, 1}));
  // Sentence offsets in the whole text.
  EXPECT_EQ(r.sentences[0].start, 0u);
  EXPECT_EQ(r.sentences[0].length, u16(s1));
  EXPECT_EQ(r.sentences[1].start, u16(s1));
  EXPECT_EQ(r.sentences[1].text, s2);
}

TEST(PlainLanguage, TermsMatchOnlyOnWordBoundaries) {
  // 须 inside 必须, 持 inside 支持, 拟 inside 模拟, 凭 inside 凭证: words of their own, not jargon.
  PlainReport r = checker().check("您必须支持模拟考试，并保管好凭证。");
  EXPECT_TRUE(ofKind(r, "jargon").empty()) << describe(r);
  // The same characters standing alone as words are jargon.
  PlainReport r2 = checker().check("申请人须持身份证，凭受理通知书领取。");
  EXPECT_NE(jargon(r2, "须"), nullptr) << describe(r2);
  EXPECT_NE(jargon(r2, "持"), nullptr) << describe(r2);
  EXPECT_NE(jargon(r2, "凭"), nullptr) << describe(r2);
  // A term spanning several ICU words ("后方/可") matches; the longest term wins.
  PlainReport r3 = checker().check("审核通过后方可办理。");
  const PlainProblem* p = jargon(r3, "后方可");
  ASSERT_NE(p, nullptr) << describe(r3);
  EXPECT_EQ(p->suggestion, "之后才能");
  EXPECT_EQ(jargon(r3, "方可"), nullptr);
}

TEST(PlainLanguage, CustomJargonListReplacesTheDefault) {
  PlainLanguageChecker c({{"窗口", "服务台"}, {"", "ignored"}});
  PlainReport r = c.check("请到窗口予以办理。");
  auto js = ofKind(r, "jargon");
  ASSERT_EQ(js.size(), 1u) << describe(r);
  EXPECT_EQ(js[0].text, "窗口");
  EXPECT_EQ(js[0].suggestion, "服务台");
  EXPECT_EQ(js[0].start, 2u);
}

TEST(PlainLanguage, DefaultJargonIsSubstantial) {
  auto list = PlainLanguageChecker::defaultJargon();
  EXPECT_GE(list.size(), 40u);
  std::set<std::string> terms;
  for (const auto& t : list) {
    EXPECT_FALSE(t.term.empty());
    EXPECT_FALSE(t.plain.empty()) << t.term;
    EXPECT_NE(t.term, t.plain);
    EXPECT_TRUE(terms.insert(t.term).second) << "duplicate " << t.term;
  }
  for (const char* must : {"予以", "办结", "受理", "核准", "相关材料", "经办人", "须", "方可", "即办", "申领",
                           "凭", "逾期", "如需", "兹", "拟", "届时", "业经", "查验", "前置审批", "一网通办"}) {
    EXPECT_TRUE(terms.count(must)) << must;
  }
}

TEST(PlainLanguage, SixtyCharacterSentenceIsTooLongThirtyIsNot) {
  const std::string s30 = repeat("我们帮您办", 6) + "。";   // 30 Han
  const std::string s60 = repeat("我们帮您办", 12) + "。";  // 60 Han
  PlainReport r = checker().check(s30 + s60);
  ASSERT_EQ(r.sentences.size(), 2u) << describe(r);
  EXPECT_EQ(r.sentences[0].chars, 30);
  EXPECT_EQ(r.sentences[1].chars, 60);
  EXPECT_TRUE(r.sentences[0].problems.empty()) << describe(r);
  ASSERT_EQ(r.sentences[1].problems.size(), 1u) << describe(r);
  const PlainProblem& p = r.sentences[1].problems[0];
  EXPECT_EQ(p.kind, "too_long");
  EXPECT_EQ(p.text, s60);
  EXPECT_EQ(p.start, 31u);
  EXPECT_EQ(p.length, 61u);
  EXPECT_FALSE(p.suggestion.empty());
  EXPECT_EQ(r.score, 90);
  EXPECT_EQ(r.worst, std::vector<size_t>{1});
}

TEST(PlainLanguage, LimitIsInclusiveAndConfigurable) {
  // Digits, letters and punctuation do not count: only Han characters do.
  PlainReport at = checker().check(repeat("我们帮您办", 8) + "，2026年ABC。");
  ASSERT_EQ(at.sentences.size(), 1u);
  EXPECT_EQ(at.sentences[0].chars, 41);  // 40 + 年
  PlainReport forty = checker().check(repeat("我们帮您办", 8) + "。");
  EXPECT_TRUE(ofKind(forty, "too_long").empty()) << describe(forty);
  PlainReport fortyOne = checker().check(repeat("我们帮您办", 8) + "好。");
  EXPECT_EQ(ofKind(fortyOne, "too_long").size(), 1u) << describe(fortyOne);

  PlainLanguageChecker strict(PlainLanguageChecker::defaultJargon(), 20);
  PlainReport r = strict.check(repeat("我们帮您办", 5) + "。");
  EXPECT_EQ(r.sentence_char_limit, 20);
  EXPECT_EQ(ofKind(r, "too_long").size(), 1u);
}

TEST(PlainLanguage, UndefinedAbbreviationReportedOnceAtFirstUse) {
  const std::string text = "请填写USCC。没有USCC的，先办CA证书。";
  PlainReport r = checker().check(text);
  auto ab = ofKind(r, "undefined_abbreviation");
  ASSERT_EQ(ab.size(), 2u) << describe(r);
  EXPECT_EQ(ab[0].text, "USCC");
  EXPECT_EQ(ab[0].start, 3u);
  EXPECT_EQ(ab[0].length, 4u);
  EXPECT_NE(ab[0].suggestion.find("USCC"), std::string::npos);
  EXPECT_EQ(ab[1].text, "CA");
  EXPECT_EQ(ab[1].start, u16("请填写USCC。没有USCC的，先办"));
  EXPECT_EQ(r.score, 100 - 2 * 5);
}

TEST(PlainLanguage, AbbreviationDefinedWithParentheses) {
  for (const std::string& text : {
           std::string("请填写统一社会信用代码（USCC）。USCC共18位。"),
           std::string("USCC（统一社会信用代码）共18位，请填写USCC。"),
           std::string("先填USCC。USCC (统一社会信用代码) 在营业执照上。"),
           std::string("统一社会信用代码(USCC)在营业执照上。"),
           std::string("统一社会信用代码（以下简称“USCC”）在营业执照上，USCC共18位。"),
       }) {
    PlainReport r = checker().check(text);
    EXPECT_TRUE(ofKind(r, "undefined_abbreviation").empty()) << text << "\n" << describe(r);
  }
  // An empty or Latin-only parenthesis is not an expansion; "App" and "A4" are not abbreviations;
  // everyday ones (APP, PDF) are allowed.
  PlainReport r = checker().check("上传USCC（）。用A4纸打印App里的PDF，或下载APP。");
  auto ab = ofKind(r, "undefined_abbreviation");
  ASSERT_EQ(ab.size(), 1u) << describe(r);
  EXPECT_EQ(ab[0].text, "USCC");
}

TEST(PlainLanguage, StackedPassiveFound) {
  const std::string text = "该申请被退回后由窗口予以补正";
  PlainReport r = checker().check(text);
  auto sp = ofKind(r, "stacked_passive");
  ASSERT_EQ(sp.size(), 1u) << describe(r);
  EXPECT_EQ(sp[0].text, "被退回后由窗口予以");
  EXPECT_EQ(sp[0].start, u16("该申请"));
  EXPECT_EQ(sp[0].length, u16("被退回后由窗口予以"));
  EXPECT_NE(sp[0].suggestion.find("active voice"), std::string::npos);

  PlainReport r2 = checker().check("经市场监管局审核批准后，予以登记。");
  EXPECT_EQ(ofKind(r2, "stacked_passive").size(), 1u) << describe(r2);
}

TEST(PlainLanguage, SinglePassiveIsFine) {
  for (const std::string& text : {std::string("申请被退回后，请您重新提交。"), std::string("材料由窗口予以退回。"),
                                  std::string("经审核，您可以领证。"), std::string("被申请人被通知到场。"),
                                  std::string("我已经交了材料，被退回了。")}) {
    PlainReport r = checker().check(text);
    EXPECT_TRUE(ofKind(r, "stacked_passive").empty()) << text << "\n" << describe(r);
  }
  // Two passives in different sentences are not stacked.
  PlainReport r = checker().check("申请被退回。材料被退回。");
  EXPECT_TRUE(ofKind(r, "stacked_passive").empty()) << describe(r);
}

TEST(PlainLanguage, OffsetsCountUtf16UnitsOutsideTheBmp) {
  // 😀 and 𠀀 (CJK Extension B) are two UTF-16 code units each.
  const std::string text = "😀如需补办，请到𠀀号窗口。😀😀逾期作废。";
  PlainReport r = checker().check(text);
  const PlainProblem* p = jargon(r, "如需");
  ASSERT_NE(p, nullptr) << describe(r);
  EXPECT_EQ(p->start, 2u);
  EXPECT_EQ(p->length, 2u);
  const PlainProblem* q = jargon(r, "逾期");
  ASSERT_NE(q, nullptr) << describe(r);
  EXPECT_EQ(q->start, u16("😀如需补办，请到𠀀号窗口。😀😀"));
  EXPECT_EQ(q->start, 19u);
  ASSERT_EQ(r.sentences.size(), 2u);
  EXPECT_EQ(r.sentences[0].chars, 10);  // 𠀀 is Han; the emoji is not
  EXPECT_EQ(r.sentences[0].length, 15u);
  EXPECT_EQ(r.sentences[1].start, 15u);
}

TEST(PlainLanguage, SentencesSplitAtEndsAndNewlines) {
  PlainReport r = checker().check("第一句。\n第二句！第三句？第四句；第五句\n\n  第六句\"真的吗？\"第七句");
  std::vector<std::string> texts;
  for (const auto& s : r.sentences) texts.push_back(s.text);
  EXPECT_EQ(texts, (std::vector<std::string>{"第一句。", "第二句！", "第三句？", "第四句；", "第五句",
                                             "第六句\"真的吗？\"", "第七句"}))
      << describe(r);
  EXPECT_EQ(r.sentences[1].start, 5u);
  EXPECT_EQ(r.sentences[5].start, u16("第一句。\n第二句！第三句？第四句；第五句\n\n  "));
  EXPECT_TRUE(checker().check("").sentences.empty());
  EXPECT_EQ(checker().check("").score, 100);
  EXPECT_TRUE(checker().check(" \n。。\n").sentences.empty());
}

TEST(PlainLanguage, InvalidUtf8DoesNotCrash) {
  const std::string text = std::string("\xff") + "予以" + "\xe5\x8d" + "办结\xc3。\x80\x80";
  PlainReport r = checker().check(text);
  const PlainProblem* p = jargon(r, "予以");
  ASSERT_NE(p, nullptr) << describe(r);
  EXPECT_EQ(p->start, 1u);  // the bad byte is one U+FFFD
  for (const auto& s : r.sentences) {
    bool valid = true;
    decodeUtf8(s.text, &valid);
    EXPECT_TRUE(valid) << "sentence text must be valid UTF-8";
  }
  // Arbitrary bytes never crash.
  std::string junk;
  for (int i = 0; i < 512; ++i) junk += static_cast<char>((i * 37 + 11) & 0xFF);
  PlainReport j = checker().check(junk);
  EXPECT_GE(j.score, 0);
}

TEST(PlainLanguage, ScoreFloorsAtZeroAndWorstIsOrdered) {
  const std::string mild = "请予以配合。";                                  // 1 jargon: 3
  const std::string bad = "该申请被退回后由窗口予以补正。";                 // jargon 予以, 补正 + passive: 12
  const std::string worst = repeat("我们帮您办", 10) + "，须持USCC申领。";  // long + 须 持 申领 + abbr: 24
  const std::string clean = "请带身份证。";
  PlainReport r = checker().check(mild + clean + bad + worst);
  ASSERT_EQ(r.sentences.size(), 4u) << describe(r);
  EXPECT_EQ(r.worst, (std::vector<size_t>{3, 2, 0})) << describe(r);
  EXPECT_EQ(r.score, 100 - 3 - 12 - 24) << describe(r);

  PlainReport zero = checker().check(repeat(bad, 20));
  EXPECT_EQ(zero.score, 0);
  EXPECT_EQ(zero.worst.size(), 3u);
}

TEST(PlainLanguage, SharedCheckerIsThreadSafe) {
  const std::string text = "申请人须携带相关材料到窗口递交申请。该申请被退回后由窗口予以补正。";
  const PlainReport want = checker().check(text);
  std::vector<int> scores(4, -1);
  std::vector<size_t> problems(4, 0);
  std::vector<std::thread> ts;
  for (size_t i = 0; i < scores.size(); ++i) {
    ts.emplace_back([&, i] {
      for (int k = 0; k < 20; ++k) {
        PlainReport r = checker().check(text);
        scores[i] = r.score;
        problems[i] = all(r).size();
      }
    });
  }
  for (auto& t : ts) t.join();
  for (size_t i = 0; i < scores.size(); ++i) {
    EXPECT_EQ(scores[i], want.score);
    EXPECT_EQ(problems[i], all(want).size());
  }
}
