// Connection admission (issue 18 item 5): caps, slots given back, the accept back-off and the log
// throttle.
#include <gtest/gtest.h>

#include <vector>

#include "http/conn_limits.h"

using namespace onedoor::http;
using std::chrono::milliseconds;

TEST(ConnectionLimits, CapsPerAddressAndInTotalAndGivesPlacesBack) {
  ConnectionLimits limits(6, 2);
  ConnectionLimits::Refusal why{};
  std::vector<ConnectionLimits::Slot> held;
  held.push_back(limits.tryAcquire("10.0.0.1"));
  held.push_back(limits.tryAcquire("10.0.0.1"));
  EXPECT_FALSE(limits.tryAcquire("10.0.0.1", &why));
  EXPECT_EQ(why, ConnectionLimits::Refusal::kPerAddress);
  for (const char* a : {"10.0.0.2", "10.0.0.2", "10.0.0.3", "10.0.0.3"}) held.push_back(limits.tryAcquire(a));
  for (const auto& s : held) EXPECT_TRUE(s);
  EXPECT_EQ(limits.open(), 6u);
  EXPECT_FALSE(limits.tryAcquire("10.0.0.4", &why));
  EXPECT_EQ(why, ConnectionLimits::Refusal::kTotal);
  held.erase(held.begin());  // one of 10.0.0.1's connections ends
  EXPECT_EQ(limits.open(), 5u);
  auto again = limits.tryAcquire("10.0.0.1", &why);
  EXPECT_TRUE(again);
  EXPECT_EQ(why, ConnectionLimits::Refusal::kNone);
  ConnectionLimits::Slot moved = std::move(again);  // moving keeps one place, not two
  EXPECT_EQ(limits.open(), 6u);
}

TEST(ConnectionLimits, OneAddressNeverHoldsEveryPlace) {
  ConnectionLimits limits(10, 1000);
  EXPECT_EQ(limits.maxPerAddress(), 5u);
  EXPECT_EQ(ConnectionLimits(10, 0).maxPerAddress(), 0u);  // 0: no per-address cap
  ConnectionLimits none(4, 0);
  std::vector<ConnectionLimits::Slot> held;
  for (int i = 0; i < 4; ++i) held.push_back(none.tryAcquire("10.0.0.1"));
  for (const auto& s : held) EXPECT_TRUE(s);
  EXPECT_FALSE(none.tryAcquire("10.0.0.1"));
}

TEST(ConnectionLimits, ATrustedProxyCountsOnlyTowardTheTotal) {
  // Behind nginx every citizen arrives from the proxy's address: a per-address cap there would
  // refuse everyone once 2 (here) were connected.
  ConnectionLimits limits(6, 2);
  std::vector<ConnectionLimits::Slot> held;
  for (int i = 0; i < 5; ++i) held.push_back(limits.tryAcquire("10.0.0.9", nullptr, /*shared_address=*/true));
  for (const auto& s : held) EXPECT_TRUE(s);
  ConnectionLimits::Refusal why{};
  held.push_back(limits.tryAcquire("10.0.0.1", &why));
  EXPECT_TRUE(held.back());
  EXPECT_FALSE(limits.tryAcquire("10.0.0.9", &why, true));  // the total still holds
  EXPECT_EQ(why, ConnectionLimits::Refusal::kTotal);
  held.erase(held.begin(), held.begin() + 3);
  EXPECT_EQ(limits.open(), 3u);
}

TEST(ConnectionLimits, TotalStaysBelowTheOpenFileLimit) {
  EXPECT_EQ(effectiveMaxConnections(0, 256), 128u);
  EXPECT_EQ(effectiveMaxConnections(0, 20000), 19872u);
  EXPECT_EQ(effectiveMaxConnections(50000, 1024), 896u);  // a flag above the limit is lowered
  EXPECT_EQ(effectiveMaxConnections(100, 1024), 100u);
  EXPECT_EQ(effectiveMaxConnections(0, 0), 1000u);  // limit unknown
  EXPECT_GE(raiseOpenFileLimit(), openFileLimit() > 0 ? 1u : 0u);
}

TEST(ConnectionLimits, PeerKeysGroupAnIpv6PrefixAndUnmapIpv4) {
  EXPECT_EQ(peerKey("127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(peerKey("::ffff:10.1.2.3"), "10.1.2.3");
  EXPECT_EQ(peerKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  EXPECT_EQ(peerKey("2001:db8:1:2::9"), peerKey("2001:db8:1:2:ffff::1"));
  EXPECT_EQ(peerKey(""), "");
}

TEST(AcceptBackoff, GrowsToOneSecondAndResets) {
  AcceptBackoff b;
  EXPECT_EQ(b.next(), milliseconds(10));
  EXPECT_EQ(b.next(), milliseconds(20));
  for (int i = 0; i < 20; ++i) b.next();
  EXPECT_EQ(b.next(), milliseconds(1000));
  b.reset();
  EXPECT_EQ(b.next(), milliseconds(10));
}

TEST(LogThrottle, OneLinePerIntervalCountingTheRest) {
  LogThrottle t(std::chrono::seconds(10));
  auto t0 = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  EXPECT_EQ(t.allow(t0), std::optional<size_t>(0));
  for (int i = 1; i <= 1000; ++i) EXPECT_FALSE(t.allow(t0 + milliseconds(i)));
  EXPECT_EQ(t.allow(t0 + std::chrono::seconds(10)), std::optional<size_t>(1000));
  EXPECT_FALSE(t.allow(t0 + std::chrono::seconds(11)));
}
