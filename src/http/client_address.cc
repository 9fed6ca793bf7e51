// Implementation of client_address.h.
#include "http/client_address.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>

namespace onedoor::http {

namespace ip = boost::asio::ip;

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

ip::address unmapped(const ip::address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, a.to_v6());
  return a;
}

// One hop as proxies write it: "192.0.2.7", "2001:db8::1", "[2001:db8::1]:443", "192.0.2.7:5000".
std::optional<ip::address> parseHop(std::string_view hop) {
  hop = trim(hop);
  if (!hop.empty() && hop.front() == '[') {
    size_t close = hop.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    hop = hop.substr(1, close - 1);
  } else if (hop.find(':') == hop.rfind(':') && hop.find(':') != std::string_view::npos) {
    hop = hop.substr(0, hop.find(':'));  // IPv4 with a port
  }
  boost::system::error_code ec;
  auto a = ip::make_address(std::string(hop), ec);
  if (ec) return std::nullopt;
  return unmapped(a);
}

}  // namespace

Result<Cidr> parseCidr(std::string_view text) {
  auto bad = [&] {
    return Status(Code::kInvalid, "代理地址段格式不对 / Not an address or CIDR: " + std::string(text), "trusted-proxy");
  };
  size_t slash = text.find('/');
  boost::system::error_code ec;
  auto a = ip::make_address(std::string(text.substr(0, slash)), ec);
  if (ec) return bad();
  a = unmapped(a);
  int max = a.is_v4() ? 32 : 128;
  int prefix = max;
  if (slash != std::string_view::npos) {
    std::string_view p = text.substr(slash + 1);
    auto [end, err] = std::from_chars(p.data(), p.data() + p.size(), prefix);
    if (p.empty() || err != std::errc() || end != p.data() + p.size() || prefix < 0 || prefix > max) return bad();
  }
  return Cidr{a, prefix};
}

// Both sides as 16 bytes (IPv4 in the first four), compared over the prefix's bits.
static std::array<unsigned char, 16> addressBytes(const ip::address& a) {
  std::array<unsigned char, 16> out{};
  if (a.is_v6()) return a.to_v6().to_bytes();
  auto b = a.to_v4().to_bytes();
  std::copy(b.begin(), b.end(), out.begin());
  return out;
}

bool TrustedProxies::trusts(const ip::address& raw) const {
  const ip::address a = unmapped(raw);
  const auto av = addressBytes(a);
  for (const auto& c : cidrs_) {
    if (c.network.is_v4() != a.is_v4()) continue;
    const auto nv = addressBytes(c.network);
    bool inside = true;
    for (int bit = 0; bit < c.prefix && inside; bit += 8) {
      int bits = std::min(8, c.prefix - bit);
      unsigned mask = (0xFFu << (8 - bits)) & 0xFFu;
      inside = (av[bit / 8] & mask) == (nv[bit / 8] & mask);
    }
    if (inside) return true;
  }
  return false;
}

std::string clientAddress(const std::string& peer, std::string_view forwarded_for, std::string_view real_ip,
                          const TrustedProxies& trusted) {
  if (trusted.empty()) return peer;
  boost::system::error_code ec;
  auto peer_addr = ip::make_address(peer, ec);
  if (ec || !trusted.trusts(peer_addr)) return peer;
  std::string vouched = unmapped(peer_addr).to_string();
  if (trim(forwarded_for).empty()) {
    auto a = parseHop(real_ip);
    return a ? a->to_string() : vouched;
  }
  // Right to left: each trusted hop vouches for the one before it.
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    size_t comma = rest.rfind(',');
    std::string_view hop = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
    auto a = parseHop(hop);
    if (!a) return vouched;
    vouched = a->to_string();
    if (!trusted.trusts(*a)) return vouched;
  }
  return vouched;  // every hop is a proxy of ours: the leftmost is as far as we can see
}

}  // namespace onedoor::http
