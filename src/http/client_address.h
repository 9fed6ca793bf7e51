// The client's address behind reverse proxies. X-Forwarded-For and X-Real-IP are believed only
// when the TCP peer is a trusted proxy (--trusted-proxy CIDR); then the client is the rightmost
// X-Forwarded-For hop that is not itself a trusted proxy (hops further left were written by the
// client and prove nothing). Without trusted proxies, or from any other peer, the client is the
// peer. Thread-safe: TrustedProxies is immutable after construction.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace onedoor::http {

struct Cidr {
  boost::asio::ip::address network;
  int prefix = 0;  // bits; 32 or 128 for one address
};

// "10.0.0.0/8", "fd00::/8", "192.0.2.7" (one address). kInvalid names the text.
Result<Cidr> parseCidr(std::string_view text);

class TrustedProxies {
 public:
  TrustedProxies() = default;
  explicit TrustedProxies(std::vector<Cidr> cidrs) : cidrs_(std::move(cidrs)) {}
  bool empty() const { return cidrs_.empty(); }
  // IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) count as their IPv4 address.
  bool trusts(const boost::asio::ip::address& a) const;

 private:
  std::vector<Cidr> cidrs_;
};

// The client of a request that arrived from `peer`. `forwarded_for` is every X-Forwarded-For value
// joined with commas (empty: none); `real_ip` the X-Real-IP value, used when there is no
// X-Forwarded-For. Malformed hops stop the walk at the last address a trusted proxy vouched for.
std::string clientAddress(const std::string& peer, std::string_view forwarded_for, std::string_view real_ip,
                          const TrustedProxies& trusted);

}  // namespace onedoor::http
