// CanonicalJsonObject writes exactly what the ledger's canonicalJson (nlohmann's sorted dump) does.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/canonical_json.h"
#include "ledger/ledger.h"

using namespace onedoor;

namespace {
// The same members through nlohmann, canonicalised as the ledger does.
std::string viaLedger(const nlohmann::json& j) { return ledger::canonicalJson(j.dump()).value(); }
}  // namespace

TEST(CanonicalJsonObject, MatchesTheLedgersCanonicalFormByteForByte) {
  std::string controls;
  for (int c = 1; c < 0x20; ++c) controls.push_back(static_cast<char>(c));
  controls += "\x7f \"quoted\" back\\slash /";
  const std::vector<std::string> strings = {"", "路灯坏了一个多月", controls, "emoji 🚲 and ünïcode", "x"};
  for (const auto& v : strings) {
    CanonicalJsonObject o;
    o.addString("zeta", v).addInt("alpha", -42).addBool("ok", true).addBool("no", false).addNull("none");
    o.addInt("big", INT64_MAX).addInt("small", INT64_MIN).addString("类别", v).addString("Zed", "upper first");
    nlohmann::json j = {{"zeta", v},          {"alpha", -42},         {"ok", true},       {"no", false},
                        {"none", nullptr},    {"big", INT64_MAX},     {"small", INT64_MIN}, {"类别", v},
                        {"Zed", "upper first"}};
    auto text = o.text();
    ASSERT_TRUE(text.isOk());
    EXPECT_EQ(*text, viaLedger(j));
    EXPECT_EQ(ledger::canonicalJson(*text).value(), *text);  // already canonical
  }
}

TEST(CanonicalJsonObject, EmptyObjectLastValueWinsAndBadUtf8IsRefused) {
  EXPECT_EQ(CanonicalJsonObject().text().value(), "{}");
  CanonicalJsonObject twice;
  twice.addInt("a", 1).addString("a", "second").addInt("b", 2);
  EXPECT_EQ(twice.text().value(), R"({"a":"second","b":2})");
  CanonicalJsonObject bad_value;
  bad_value.addString("text", "\xFF\xFE");
  EXPECT_EQ(bad_value.text().status().code(), Code::kInvalid);
  CanonicalJsonObject bad_key;
  bad_key.addInt("\xC3", 1);
  EXPECT_EQ(bad_key.text().status().code(), Code::kInvalid);
}
