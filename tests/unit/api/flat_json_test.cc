// The flat-object fast path gives nlohmann's document exactly, or steps aside.
#include <gtest/gtest.h>

#include "api/flat_json.h"

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
