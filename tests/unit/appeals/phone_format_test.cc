// The portal's phone checks: the hand-written matchers accept exactly what the regular expressions
// they replaced accepted (^1[3-9][0-9]{9}$ and ^0[0-9]{2,3}-?[0-9]{7,8}$).
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "services/appeal_service.h"

using onedoor::services::AppealService;
using onedoor::services::IntakeInput;
using onedoor::services::isMainlandLandline;
using onedoor::services::isMainlandMobile;

namespace {

// Strings near the two formats: every length up to 14, every first and second character that
// matters, digits elsewhere, with no, one or two hyphens anywhere and an optional stray letter.
std::vector<std::string> candidates() {
  std::vector<std::string> out;
  const std::string firsts = "0129-";
  const std::string seconds = "02389-";
  for (size_t len = 0; len <= 14; ++len) {
    for (char a : firsts) {
      for (char b : seconds) {
        std::string base(len, '5');
        if (len > 0) base[0] = a;
        if (len > 1) base[1] = b;
        out.push_back(base);
        if (len > 0) out.push_back(base.substr(0, len - 1) + "x");
        for (size_t d = 0; d < len; ++d) {
          std::string one = base;
          one[d] = '-';
          out.push_back(one);
          for (size_t e = d + 1; e < len; ++e) {
            std::string two = one;
            two[e] = '-';
            out.push_back(two);
          }
        }
      }
    }
  }
  return out;
}

}  // namespace

TEST(PhoneFormat, SameVerdictsAsTheRegularExpressions) {
  const std::regex mobile("^1[3-9][0-9]{9}$");
  const std::regex landline("^0[0-9]{2,3}-?[0-9]{7,8}$");
  size_t accepted = 0;
  for (const auto& s : candidates()) {
    EXPECT_EQ(isMainlandMobile(s), std::regex_match(s, mobile)) << s;
    EXPECT_EQ(isMainlandLandline(s), std::regex_match(s, landline)) << s;
    accepted += isMainlandMobile(s) || isMainlandLandline(s);
  }
  EXPECT_GT(accepted, 30u);  // the candidates do reach both formats
}

TEST(PhoneFormat, Examples) {
  EXPECT_TRUE(isMainlandMobile("13800138000"));
  EXPECT_TRUE(isMainlandMobile("19912345678"));
  EXPECT_FALSE(isMainlandMobile("12800138000"));   // no 12x prefix
  EXPECT_FALSE(isMainlandMobile("1380013800"));    // 10 digits
  EXPECT_FALSE(isMainlandMobile("138001380000"));  // 12 digits
  EXPECT_FALSE(isMainlandMobile("1380013800a"));
  EXPECT_TRUE(isMainlandLandline("010-12345678"));
  EXPECT_TRUE(isMainlandLandline("0755-1234567"));
  EXPECT_TRUE(isMainlandLandline("02112345678"));
  EXPECT_FALSE(isMainlandLandline("010--1234567"));
  EXPECT_FALSE(isMainlandLandline("01-12345678"));    // area code too short
  EXPECT_FALSE(isMainlandLandline("07555-1234567"));  // area code too long
  EXPECT_FALSE(isMainlandLandline("010-123456"));     // number too short
  EXPECT_FALSE(isMainlandLandline("12345678901"));
}

TEST(PhoneFormat, IntakeRefusesABadPhoneOnTheWeb) {
  IntakeInput in;
  in.category = "city.streetlight";
  in.text = "小区北门路灯坏了一个多月";
  in.phone = "13800138000";
  EXPECT_TRUE(AppealService::validateIntake(in).isOk());
  in.phone = "010-12345678";
  EXPECT_TRUE(AppealService::validateIntake(in).isOk());
  in.phone = "12345";
  auto st = AppealService::validateIntake(in);
  EXPECT_FALSE(st.isOk());
  EXPECT_EQ(st.field(), "phone");
}
