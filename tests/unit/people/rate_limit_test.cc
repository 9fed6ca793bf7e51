// The token-bucket arithmetic, the --limit settings, the refusal message and the bucket keys.
#include <gtest/gtest.h>

#include "people/rate_limit.h"

using namespace onedoor;
using namespace onedoor::people;

namespace {

constexpr int64_t kMin = 60 * 1000;

// Takes tokens at `now` until one is refused; returns how many were allowed and the bucket.
int takeUntilRefused(const RateLimit& l, std::optional<int64_t>& full_at, int64_t now, int64_t* retry = nullptr) {
  for (int n = 0; n < 1000; ++n) {
    RateTake t = takeToken(l, full_at, now);
    if (!t.allowed) {
      if (retry) *retry = t.retry_after_ms;
      EXPECT_EQ(t.full_at, full_at.value_or(now)) << "a refusal leaves the bucket as it was";
      return n;
    }
    full_at = t.full_at;
  }
  return 1000;
}

}  // namespace

TEST(RateLimit, AFullBucketGivesItsBurstThenRefusesUntilOneTokenIsBack) {
  RateLimit l{5, 10 * kMin};
  std::optional<int64_t> bucket;
  int64_t retry = 0;
  EXPECT_EQ(takeUntilRefused(l, bucket, 1000, &retry), 5);
  EXPECT_EQ(retry, 10 * kMin);
  // One millisecond early: still refused, with 1 ms to go.
  RateTake early = takeToken(l, bucket, 1000 + 10 * kMin - 1);
  EXPECT_FALSE(early.allowed);
  EXPECT_EQ(early.retry_after_ms, 1);
  // Exactly one token back after one interval, and only one.
  EXPECT_EQ(takeUntilRefused(l, bucket, 1000 + 10 * kMin), 1);
  // After five intervals of quiet the bucket is full again, never fuller.
  EXPECT_EQ(takeUntilRefused(l, bucket, 1000 + 100 * kMin), 5);
}

TEST(RateLimit, SpreadRequestsAtTheRefillRateAreNeverRefused) {
  RateLimit l{2, kMin};
  std::optional<int64_t> bucket;
  for (int i = 0; i < 50; ++i) {
    RateTake t = takeToken(l, bucket, i * kMin);
    ASSERT_TRUE(t.allowed) << i;
    bucket = t.full_at;
  }
}

TEST(RateLimit, PartialRefillCountsWholeTokensOnly) {
  RateLimit l{3, 6 * kMin};
  std::optional<int64_t> bucket;
  EXPECT_EQ(takeUntilRefused(l, bucket, 0), 3);
  int64_t retry = 0;
  // 8 minutes later one token is back (6 min), the second not yet: 4 more minutes.
  EXPECT_EQ(takeUntilRefused(l, bucket, 8 * kMin, &retry), 1);
  EXPECT_EQ(retry, 4 * kMin);
}

TEST(RateLimit, ABurstOfZeroIsNoLimit) {
  std::optional<int64_t> bucket;
  EXPECT_EQ(takeUntilRefused(RateLimit{}, bucket, 0), 1000);
}

TEST(RateLimit, SettingsParseBucketsCapsAndOff) {
  RateLimits l;
  ASSERT_TRUE(setLimit(l, "appeal.address=30/2m"));
  EXPECT_EQ(l.appeal_address.burst, 30);
  EXPECT_EQ(l.appeal_address.refill_ms, 2 * kMin);
  ASSERT_TRUE(setLimit(l, "sms.phone=4/1h"));
  EXPECT_EQ(l.sms_phone.refill_ms, 60 * kMin);
  ASSERT_TRUE(setLimit(l, "ticket.phone=2/45s"));
  EXPECT_EQ(l.ticket_phone.refill_ms, 45000);
  ASSERT_TRUE(setLimit(l, "booking.address=off"));
  EXPECT_EQ(l.booking_address.burst, 0);
  ASSERT_TRUE(setLimit(l, "tickets.phone.active=1"));
  EXPECT_EQ(l.tickets_phone_active, 1);
  ASSERT_TRUE(setLimit(l, "sms.phone.day=5"));
  EXPECT_EQ(l.sms_phone_day, 5);
  for (const char* bad : {"appeal.address", "appeal.address=", "appeal.address=20", "appeal.address=20/3",
                          "appeal.address=0/3m", "appeal.address=x/3m", "appeal.address=20/0m", "nosuch=1/1m",
                          "places.phone.day=-1", "places.phone.day=two", "all=on"}) {
    Status s = setLimit(l, bad);
    EXPECT_EQ(s.code(), Code::kInvalid) << bad;
    EXPECT_EQ(s.field(), "limit") << bad;
  }
  ASSERT_TRUE(setLimit(l, "all=off"));
  EXPECT_EQ(l.appeal_phone.burst, 0);
  EXPECT_EQ(l.sms_phone.burst, 0);
  EXPECT_EQ(l.sms_phone_day, 0);
  EXPECT_EQ(l.tickets_phone_active, 0);
  EXPECT_EQ(l.places_phone_day, 0);
}

TEST(RateLimit, EveryNamedLimitCanBeSet) {
  for (const auto& n : limitNames()) {
    RateLimits l;
    std::string name = n.name;
    bool cap = name == "sms.phone.day" || name == "tickets.phone.active" || name == "places.phone.day";
    EXPECT_TRUE(setLimit(l, name + (cap ? "=3" : "=3/1m"))) << name;
  }
}

TEST(RateLimit, TheRefusalNamesTheLimitAndTheWaitInBothLanguages) {
  std::string m = refusalMessage("appeal.address", {20, 3 * kMin}, 150 * 1000);
  EXPECT_NE(m.find("诉求提交过于频繁"), std::string::npos) << m;
  EXPECT_NE(m.find("同一网络地址最多连续 20 次"), std::string::npos) << m;
  EXPECT_NE(m.find("3 分钟"), std::string::npos) << m;
  EXPECT_NE(m.find(" / Too many appeals from this network address: at most 20 in a row, then one every 3 minutes"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("try again in 3 minutes"), std::string::npos) << m;  // 150 s, rounded up
  EXPECT_EQ(durationEn(1000), "1 second");
  EXPECT_EQ(durationEn(119 * 1000), "119 seconds");
  EXPECT_EQ(durationEn(2 * 3600 * 1000), "2 hours");
  EXPECT_EQ(durationZh(20 * kMin), "20 分钟");
}

TEST(RateLimit, AddressKeysAreIpv4AddressesAndIpv6Slash64s) {
  EXPECT_EQ(addressKey("203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(addressKey("::ffff:203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(addressKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  EXPECT_EQ(addressKey("2001:db8:1:2::1"), addressKey("2001:db8:1:2:ffff::9"));
  EXPECT_NE(addressKey("2001:db8:1:2::1"), addressKey("2001:db8:1:3::1"));
  EXPECT_EQ(addressKey("::1"), "::/64");
  EXPECT_EQ(addressKey("not an address"), "not an address");
}

TEST(RateLimit, PhoneKeysAreTheDigitsWithoutTheCountryCode) {
  EXPECT_EQ(phoneKey("13812345678"), "13812345678");
  EXPECT_EQ(phoneKey("+86 138-1234-5678"), "13812345678");
  EXPECT_EQ(phoneKey("0086 13812345678"), "13812345678");
  EXPECT_EQ(phoneKey("010-6512 3456"), "01065123456");
  EXPECT_EQ(phoneKey(""), "");
}
