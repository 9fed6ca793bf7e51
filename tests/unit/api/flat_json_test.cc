// The flat-object fast path gives nlohmann's document exactly, or steps aside.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "api/flat_json.h"
#include "core/text.h"

using onedoor::api::parseFlatObject;
using nlohmann::json;

namespace {

// Same value, same stored types all the way down (unsigned vs signed included), same text.
void expectSameDocument(const json& a, const json& b) {
  ASSERT_EQ(a.type(), b.type()) << a.dump() << " vs " << b.dump();
  EXPECT_EQ(a.dump(), b.dump());
  if (a.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it) {
      ASSERT_TRUE(b.contains(it.key())) << it.key();
      expectSameDocument(it.value(), b.at(it.key()));
    }
  }
}

}  // namespace

TEST(FlatJson, ReadsTheFlatSubsetExactlyAsNlohmannDoes) {
  const char* bodies[] = {
      R"({"category":"city.streetlight","text":"小区北门路灯坏了一个多月，晚上出行很不方便","phone":"13800138000","address":"东湖街道柳岸小区12栋"})",
      R"({})",
      " \t\r\n{ \"a\" : \"x\" ,\n \"b\":1 , \"c\" : -7,\"d\":true,\"e\":false,\"f\":null } \n",
      R"({"zero":0,"minus_zero":-0,"big":999999999999999999,"small":-999999999999999999})",
      R"({"dup":"first","dup":"second"})",
      R"({"":"empty key","s":""})",
      "{\"del\":\"\x7f\",\"emoji\":\"\xF0\x9F\x98\x80\"}",
  };
  for (const char* body : bodies) {
    SCOPED_TRACE(body);
    auto fast = parseFlatObject(body);
    ASSERT_TRUE(fast.has_value());
    expectSameDocument(*fast, json::parse(body));
  }
  auto dup = parseFlatObject(R"({"dup":"first","dup":"second"})");
  EXPECT_EQ((*dup)["dup"], "second");
  EXPECT_TRUE((*parseFlatObject(R"({"n":5})"))["n"].is_number_unsigned());
  EXPECT_TRUE((*parseFlatObject(R"({"n":-5})"))["n"].is_number_integer());
}

TEST(FlatJson, StepsAsideForEverythingElse) {
  // Valid JSON outside the subset: nlohmann parses these.
  const char* others[] = {
      R"({"a":"line\nbreak"})",  // an escape
      R"({"a":"\u4e2d"})",
      R"({"lat":30.5})",  // a fraction, an exponent
      R"({"n":1e3})",
      R"({"n":1234567890123456789})",  // 19 digits
      R"({"list":[1,2]})",
      R"({"obj":{"a":1}})",
      R"([1,2])",
      R"("text")",
      "\xEF\xBB\xBF{\"a\":1}",  // a byte order mark
  };
  for (const char* body : others) {
    SCOPED_TRACE(body);
    EXPECT_FALSE(parseFlatObject(body).has_value());
    EXPECT_FALSE(json::parse(body, nullptr, false).is_discarded());
  }
  // Malformed: nlohmann refuses these too.
  const char* malformed[] = {
      "",      "{",          "{\"a\":1,}", "{\"a\" 1}", "{\"a\":01}",     "{\"a\":-}", "{\"a\":tru}",
      "{\"a\":truex}", "{\"a\":1}x", "{a:1}", "{\"a\":\"x\ty\"}", "{\"a\":\"open}", "{\"a\":1 \"b\":2}",
      "{\"a\":nul}",
  };
  for (const char* body : malformed) {
    SCOPED_TRACE(body);
    EXPECT_FALSE(parseFlatObject(body).has_value());
    EXPECT_TRUE(json::parse(body, nullptr, false).is_discarded());
  }
}

// Random objects built from the values and separators where a hand-written reader goes wrong,
// sometimes cut short or with a stray byte: whenever the fast path answers, nlohmann must accept
// the same text and build the same document.
TEST(FlatJson, NeverDisagreesWithNlohmannOnRandomTexts) {
  const char* keys[] = {"\"a\"", "\"key\"", "\"中文\"", "\"\"", "\"a\"", "\"k\\n\"", "a", "\"x"};
  const char* values[] = {"\"text\"", "\"中文 1 号\"", "\"\"", "0", "-0", "7", "-42", "01", "-", "1.5", "1e3",
                          "123456789012345678", "-123456789012345678", "1234567890123456789",
                          "18446744073709551615", "true", "false", "null", "tru", "nul", "truex", "[1]", "{}",
                          "\"a\\nb\"", "\"q\\\"\"", "\"\x01\"", "\"\x7f\"", "\"open"};
  const char* spaces[] = {"", "", " ", "\n", "\t ", "\r\n", "\f"};
  std::mt19937 rng(20261127);
  auto pick = [&rng](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  size_t fast = 0;
  for (int n = 0; n < 20000; ++n) {
    auto ws = [&] { return std::string(spaces[pick(sizeof spaces / sizeof spaces[0])]); };
    std::string text = ws() + "{";
    const size_t members = pick(5);
    for (size_t m = 0; m < members; ++m) {
      if (m > 0) text += ws() + (pick(20) == 0 ? "" : ",");
      text += ws() + keys[pick(sizeof keys / sizeof keys[0])] + ws() + (pick(20) == 0 ? "" : ":") + ws() +
              values[pick(sizeof values / sizeof values[0])];
    }
    text += ws() + (pick(15) == 0 ? "," : "") + "}" + ws();
    if (pick(8) == 0) text.resize(pick(text.size() + 1));  // cut short
    if (pick(12) == 0) text.insert(pick(text.size() + 1), 1, "x:,\"}{ 9"[pick(8)]);  // a stray byte
    if (!onedoor::isValidUtf8(text)) continue;  // checked before the parser runs (parseJsonBody)
    auto mine = parseFlatObject(text);
    if (!mine) continue;
    ++fast;
    json theirs = json::parse(text, nullptr, false);
    ASSERT_FALSE(theirs.is_discarded()) << text;
    expectSameDocument(*mine, theirs);
  }
  EXPECT_GT(fast, 1000u);  // the generator does reach the fast path often (2,366 times)
}
