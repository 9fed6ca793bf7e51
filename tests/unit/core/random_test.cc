// Random codes: the alphabet, and time-ordered codes sorting by time with a random rest.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>
#include <vector>

#include "core/random.h"

using namespace onedoor;

namespace {
const std::regex kCrockford10("^[0-9A-HJKMNP-TV-Z]{10}$");
}

TEST(RandomCodes, Base32UsesCrockfordAlphabet) {
  initCrypto();
  for (int i = 0; i < 200; ++i) EXPECT_TRUE(std::regex_match(randomBase32(10), kCrockford10));
}

TEST(RandomCodes, TimeOrderedCodesSortByTimeAndDifferInTheirRandomRest) {
  initCrypto();
  const int64_t t0 = 1795000000000;  // 2026-11-18, an arbitrary instant
  std::vector<std::string> codes;
  std::set<std::string> suffixes;
  for (int64_t dt = 0; dt < 2000; dt += 7) {
    std::string c = timeOrderedBase32(t0 + dt, 10);
    ASSERT_TRUE(std::regex_match(c, kCrockford10)) << c;
    suffixes.insert(c.substr(5));
    codes.push_back(std::move(c));
  }
  // Later milliseconds give larger codes (no wrap inside these 2 s), so a unique index over them
  // grows at its end.
  EXPECT_TRUE(std::is_sorted(codes.begin(), codes.end()));
  EXPECT_GT(suffixes.size(), codes.size() - 3);  // 25 random bits: repeats are rare
  // The same millisecond: the same prefix, a different rest.
  std::string a = timeOrderedBase32(t0, 10), b = timeOrderedBase32(t0, 10);
  EXPECT_EQ(a.substr(0, 5), b.substr(0, 5));
  // The prefix is the time modulo 2^25 ms in base32, most significant first.
  EXPECT_EQ(timeOrderedBase32(0, 10).substr(0, 5), "00000");
  EXPECT_EQ(timeOrderedBase32(33, 10).substr(0, 5), "00011");
  EXPECT_EQ(timeOrderedBase32((int64_t{1} << 25) + 33, 10).substr(0, 5), "00011");
  EXPECT_EQ(timeOrderedBase32((int64_t{1} << 25) - 1, 10).substr(0, 5), "ZZZZZ");
  EXPECT_EQ(timeOrderedBase32(t0, 3).size(), 6u);  // never fewer than one random character
}
