// The demo catalogue of matters: nothing in the build parses it yet, so this test is its parser.
// It checks the shape the matters API expects (docs/matters-api.md), that the departments and
// hall services it names exist in the demo, and that the guide text is plain: short sentences,
// no officialese.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "demo/demo_matters_data.h"
#include "text/utf8.h"

using nlohmann::json;

namespace {

constexpr size_t kMinMatters = 32;
constexpr size_t kMaxSentenceHan = 40;
const std::vector<std::string> kOfficialese = {"予以", "方可", "兹", "须", "业经", "届时"};

const json& matters() {
  static const json j = json::parse(onedoor::demo::demoMattersJson());
  return j;
}

std::string label(const json& m) { return m.value("code", std::string("?")); }

// Sentences end at Chinese or ASCII full stops, question and exclamation marks, semicolons and
// line breaks; commas do not end a sentence.
std::vector<std::u32string> sentences(const std::string& s) {
  std::vector<std::u32string> out(1);
  for (char32_t c : onedoor::text::decodeUtf8(s)) {
    if (c == U'。' || c == U'！' || c == U'？' || c == U'；' || c == U'!' || c == U'?' || c == U';' || c == U'\n') {
      out.emplace_back();
    } else {
      out.back().push_back(c);
    }
  }
  return out;
}

size_t hanCount(const std::u32string& s) {
  size_t n = 0;
  for (char32_t c : s) n += onedoor::text::isHan(c) ? 1 : 0;
  return n;
}

// The longest sentence of `s`, counted in Han characters.
size_t longestSentence(const std::string& s) {
  size_t worst = 0;
  for (const auto& sent : sentences(s)) worst = std::max(worst, hanCount(sent));
  return worst;
}

std::vector<std::string> officialeseIn(const std::string& s) {
  std::vector<std::string> out;
  for (const auto& w : kOfficialese)
    if (s.find(w) != std::string::npos) out.push_back(w);
  return out;
}

// The guide text a citizen reads: summary, who may apply, conditions and the materials' words.
std::vector<std::string> guideTexts(const json& m) {
  std::vector<std::string> out = {m.at("summary").get<std::string>(), m.at("who").get<std::string>()};
  for (const auto& c : m.at("conditions")) out.push_back(c.get<std::string>());
  for (const auto& mat : m.at("materials"))
    for (const char* k : {"name", "description", "example", "issuer"}) out.push_back(mat.at(k).get<std::string>());
  return out;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The department keys of the demo, read from kDepartments in demo_centre.cc itself so a
// department dropped there makes this test fail rather than leave a dangling matter.
std::set<std::string> demoDepartmentKeys() {
  std::string src = readFile(std::string(ONEDOOR_SOURCE_DIR) + "/src/demo/demo_centre.cc");
  size_t begin = src.find("kDepartments[] = {");
  size_t end = src.find("};", begin);
  std::set<std::string> keys;
  if (begin == std::string::npos || end == std::string::npos) return keys;
  std::string block = src.substr(begin, end - begin);
  std::regex row(R"re(\{"([a-z0-9-]+)",\s*")re");
  for (auto it = std::sregex_iterator(block.begin(), block.end(), row); it != std::sregex_iterator(); ++it)
    keys.insert((*it)[1].str());
  return keys;
}

bool isNonEmptyString(const json& m, const char* k) {
  return m.contains(k) && m.at(k).is_string() && !m.at(k).get<std::string>().empty();
}

bool isStringArray(const json& m, const char* k) {
  if (!m.contains(k) || !m.at(k).is_array()) return false;
  for (const auto& v : m.at(k))
    if (!v.is_string() || v.get<std::string>().empty()) return false;
  return true;
}

}  // namespace

TEST(DemoMattersChecks, SentenceRuleCountsHanPerSentence) {
  // The checker itself: a long run without a full stop is caught, the same words split are not.
  std::string run;
  for (int i = 0; i < 41; ++i) run += "办";
  EXPECT_EQ(longestSentence(run), 41u);
  EXPECT_EQ(longestSentence("带上身份证，来A窗口。当场拿卡！"), 8u);
  EXPECT_EQ(longestSentence(run.substr(0, 20 * 3) + "。" + run.substr(0, 20 * 3)), 20u);
  EXPECT_EQ(officialeseIn("材料齐全的予以受理"), std::vector<std::string>{"予以"});
  EXPECT_TRUE(officialeseIn("材料齐全的当场受理").empty());
}

TEST(DemoMatters, IsAJsonArrayOfEnoughMatters) {
  ASSERT_TRUE(matters().is_array());
  EXPECT_GE(matters().size(), kMinMatters);
  for (const auto& m : matters()) EXPECT_TRUE(m.is_object());
}

TEST(DemoMatters, CoversTheCommonMattersOfADistrictCentre) {
  // What citizens most often come for; each must be findable by these words in its name.
  const std::vector<std::string> expected = {
      "社会保障卡申领", "挂失", "灵活就业", "城乡居民医保", "手工报销", "异地就医", "门诊慢特病",
      "居住证申领", "居住证签注", "户口迁入", "新生儿", "身份证换领", "二手房", "抵押登记",
      "个体工商户", "有限责任公司", "变更", "食品经营许可", "租房", "贷款", "汇算", "发票",
      "残疾人证", "高龄津贴", "最低生活保障", "结婚登记", "失业保险金", "就业创业证", "退休待遇",
      "老年人优待证", "人事档案", "独生子女"};
  for (const auto& want : expected) {
    bool found = false;
    for (const auto& m : matters()) found = found || m.at("name").get<std::string>().find(want) != std::string::npos;
    EXPECT_TRUE(found) << "no matter named with " << want;
  }
}

TEST(DemoMatters, CodesAreUniqueAndWellFormed) {
  std::set<std::string> seen;
  std::regex shape("[A-Z]{2}-[0-9]{3}");
  for (const auto& m : matters()) {
    ASSERT_TRUE(isNonEmptyString(m, "code"));
    std::string code = m.at("code");
    EXPECT_TRUE(std::regex_match(code, shape)) << code;
    EXPECT_TRUE(seen.insert(code).second) << "duplicate code " << code;
  }
}

TEST(DemoMatters, EveryFieldIsPresentAndTyped) {
  for (const auto& m : matters()) {
    SCOPED_TRACE(label(m));
    for (const char* k : {"code", "name", "name_en", "summary", "summary_en", "who", "fee", "channels", "department_code"})
      EXPECT_TRUE(isNonEmptyString(m, k)) << k;
    for (const char* k : {"conditions", "legal_basis", "hall_services", "keywords"}) EXPECT_TRUE(isStringArray(m, k)) << k;
    for (const char* k : {"legal_basis", "hall_services", "keywords"})
      EXPECT_TRUE(m.contains(k) && !m.at(k).empty()) << k << " is empty";
    for (const char* k : {"statutory_days", "promised_days", "promised_trips"})
      EXPECT_TRUE(m.contains(k) && m.at(k).is_number_integer() && m.at(k).get<int>() >= 0) << k;
    if (m.contains("name") && m.at("name").is_string()) {
      EXPECT_LE(onedoor::text::decodeUtf8(m.at("name").get<std::string>()).size(), 60u);
    }
    if (isStringArray(m, "legal_basis")) {
      for (const auto& law : m.at("legal_basis")) EXPECT_EQ(law.get<std::string>().rfind("《", 0), 0u) << law;
    }
    ASSERT_TRUE(m.contains("materials") && m.at("materials").is_array() && !m.at("materials").empty());
    for (const auto& mat : m.at("materials")) {
      SCOPED_TRACE(mat.dump());
      for (const char* k : {"id", "name", "description", "example", "issuer"}) EXPECT_TRUE(isNonEmptyString(mat, k)) << k;
      EXPECT_TRUE(mat.contains("original") && mat.at("original").is_boolean());
      EXPECT_TRUE(mat.contains("optional") && mat.at("optional").is_boolean());
      EXPECT_TRUE(mat.contains("copies") && mat.at("copies").is_number_integer() && mat.at("copies").get<int>() >= 0);
      EXPECT_TRUE(mat.contains("alternatives") && mat.at("alternatives").is_array());
      if (mat.contains("alternatives")) {
        for (const auto& a : mat.at("alternatives")) EXPECT_TRUE(a.is_string() && !a.get<std::string>().empty());
      }
    }
  }
}

TEST(DemoMatters, MaterialIdsAreUniquePerMatter) {
  std::regex shape("m[1-9][0-9]*");
  for (const auto& m : matters()) {
    std::set<std::string> ids;
    bool some_required = false;
    for (const auto& mat : m.at("materials")) {
      std::string id = mat.at("id");
      EXPECT_TRUE(std::regex_match(id, shape)) << label(m) << " " << id;
      EXPECT_TRUE(ids.insert(id).second) << label(m) << " repeats " << id;
      some_required = some_required || !mat.at("optional").get<bool>();
    }
    EXPECT_TRUE(some_required) << label(m) << ": at least one material is required";
  }
}

TEST(DemoMatters, PromisesStayWithinTheLaw) {
  std::set<std::string> channels = {"online", "window", "both"};
  for (const auto& m : matters()) {
    SCOPED_TRACE(label(m));
    EXPECT_LE(m.at("promised_days").get<int>(), m.at("statutory_days").get<int>());
    int trips = m.at("promised_trips");
    EXPECT_TRUE(trips == 0 || trips == 1) << trips;
    EXPECT_TRUE(channels.count(m.at("channels").get<std::string>())) << m.at("channels");
    // Zero trips means the whole matter is done online.
    if (trips == 0) {
      EXPECT_NE(m.at("channels"), "window");
    }
  }
}

TEST(DemoMatters, HallServicesAreThoseOfTheDemoHall) {
  std::set<std::string> hall = {"A", "B", "C", "D", "E", "F", "G", "H"};
  for (const auto& m : matters()) {
    std::set<std::string> seen;
    for (const auto& s : m.at("hall_services")) {
      EXPECT_TRUE(hall.count(s.get<std::string>())) << label(m) << " " << s;
      EXPECT_TRUE(seen.insert(s.get<std::string>()).second) << label(m) << " repeats " << s;
    }
  }
}

TEST(DemoMatters, DepartmentsAreDemoDepartments) {
  auto keys = demoDepartmentKeys();
  // The departments the catalogue needs were added to the demo; the original ones are still there.
  for (const char* k : {"district", "hrss", "civil", "market", "psb", "medins", "tax", "hpf", "natres"})
    ASSERT_TRUE(keys.count(k)) << "demo department " << k << " missing from demo_centre.cc";
  for (const auto& m : matters())
    EXPECT_TRUE(keys.count(m.at("department_code").get<std::string>())) << label(m) << " " << m.at("department_code");
}

TEST(DemoMatters, SummariesHaveShortSentences) {
  for (const auto& m : matters()) {
    std::string summary = m.at("summary");
    EXPECT_LE(longestSentence(summary), kMaxSentenceHan) << label(m) << ": " << summary;
    size_t n = 0;
    for (const auto& s : sentences(summary)) n += hanCount(s) > 0 ? 1 : 0;
    EXPECT_GE(n, 1u) << label(m);
    EXPECT_LE(n, 3u) << label(m) << ": a summary is 1 to 3 sentences";
  }
}

TEST(DemoMatters, GuideTextIsShortAndPlain) {
  for (const auto& m : matters()) {
    for (const auto& t : guideTexts(m)) {
      EXPECT_LE(longestSentence(t), kMaxSentenceHan) << label(m) << ": " << t;
      EXPECT_TRUE(officialeseIn(t).empty()) << label(m) << ": " << t;
    }
  }
}

TEST(DemoMatters, SummariesHaveNoOfficialese) {
  for (const auto& m : matters()) {
    auto words = officialeseIn(m.at("summary").get<std::string>());
    EXPECT_TRUE(words.empty()) << label(m) << " uses " << (words.empty() ? "" : words.front());
  }
}
