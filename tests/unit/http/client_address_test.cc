// Client addresses behind trusted proxies: CIDR parsing (IPv4, IPv6), the rightmost untrusted
// X-Forwarded-For hop, X-Real-IP, and headers from untrusted peers ignored.
#include <gtest/gtest.h>

#include "http/client_address.h"

using namespace onedoor::http;

namespace {
TrustedProxies proxies(std::initializer_list<const char*> cidrs) {
  std::vector<Cidr> v;
  for (const char* c : cidrs) v.push_back(parseCidr(c).value());
  return TrustedProxies(std::move(v));
}
}  // namespace

TEST(ClientAddress, ParsesCidrsAndRefusesNonsense) {
  EXPECT_TRUE(parseCidr("10.0.0.0/8"));
  EXPECT_TRUE(parseCidr("192.0.2.7"));
  EXPECT_TRUE(parseCidr("fd00::/8"));
  EXPECT_TRUE(parseCidr("::1"));
  EXPECT_EQ(parseCidr("192.0.2.7").value().prefix, 32);
  EXPECT_EQ(parseCidr("::1").value().prefix, 128);
  for (const char* bad : {"", "10.0.0.0/33", "fd00::/129", "10.0.0.0/", "10.0.0.0/x", "nginx", "10.0.0/8", "10.0.0.0/-1"}) {
    auto r = parseCidr(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.status().field(), "trusted-proxy");
    }
  }
}

TEST(ClientAddress, TrustsOnlyInsideTheCidrs) {
  auto t = proxies({"10.0.0.0/8", "192.168.1.0/25", "fd00::/8", "127.0.0.1"});
  namespace ip = boost::asio::ip;
  EXPECT_TRUE(t.trusts(ip::make_address("10.200.3.4")));
  EXPECT_TRUE(t.trusts(ip::make_address("192.168.1.127")));
  EXPECT_FALSE(t.trusts(ip::make_address("192.168.1.128")));
  EXPECT_FALSE(t.trusts(ip::make_address("11.0.0.1")));
  EXPECT_TRUE(t.trusts(ip::make_address("fd12:3456::1")));
  EXPECT_FALSE(t.trusts(ip::make_address("fe80::1")));
  EXPECT_TRUE(t.trusts(ip::make_address("::ffff:10.1.2.3")));  // IPv4-mapped counts as IPv4
  EXPECT_TRUE(t.trusts(ip::make_address("127.0.0.1")));
  EXPECT_FALSE(t.trusts(ip::make_address("127.0.0.2")));
}

TEST(ClientAddress, RightmostUntrustedForwardedHop) {
  auto t = proxies({"10.0.0.0/8"});
  // nginx appends the address it saw: the client may have sent its own (forged) hops first.
  EXPECT_EQ(clientAddress("10.0.0.5", "1.2.3.4, 203.0.113.9", "", t), "203.0.113.9");
  EXPECT_EQ(clientAddress("10.0.0.5", "203.0.113.9, 10.0.0.6", "", t), "203.0.113.9");  // two of our proxies
  EXPECT_EQ(clientAddress("10.0.0.5", "10.0.0.7,10.0.0.6", "", t), "10.0.0.7");          // all ours: the leftmost
  EXPECT_EQ(clientAddress("10.0.0.5", "2001:db8::7", "", t), "2001:db8::7");
  EXPECT_EQ(clientAddress("10.0.0.5", "[2001:db8::7]:443", "", t), "2001:db8::7");
  EXPECT_EQ(clientAddress("10.0.0.5", "198.51.100.2:5000", "", t), "198.51.100.2");
  // A malformed hop ends the walk at the last address a proxy of ours vouched for.
  EXPECT_EQ(clientAddress("10.0.0.5", "203.0.113.9, garbage", "", t), "10.0.0.5");
  EXPECT_EQ(clientAddress("10.0.0.5", "garbage, 10.0.0.6", "", t), "10.0.0.6");
  // X-Real-IP when there is no X-Forwarded-For.
  EXPECT_EQ(clientAddress("10.0.0.5", "", "203.0.113.9", t), "203.0.113.9");
  EXPECT_EQ(clientAddress("10.0.0.5", "", "nonsense", t), "10.0.0.5");
  EXPECT_EQ(clientAddress("10.0.0.5", "", "", t), "10.0.0.5");
}

TEST(ClientAddress, HeadersFromUntrustedPeersAreIgnored) {
  auto t = proxies({"10.0.0.0/8"});
  EXPECT_EQ(clientAddress("203.0.113.9", "10.0.0.1", "10.0.0.2", t), "203.0.113.9");
  EXPECT_EQ(clientAddress("203.0.113.9", "1.2.3.4", "", TrustedProxies{}), "203.0.113.9");
  EXPECT_EQ(clientAddress("::ffff:10.0.0.5", "203.0.113.9", "", t), "203.0.113.9");  // dual-stack listener
}
