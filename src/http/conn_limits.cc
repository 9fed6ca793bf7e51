// Implementation of conn_limits.h.
#include "http/conn_limits.h"

#include <sys/resource.h>

#include <algorithm>
#include <boost/asio/ip/address.hpp>

namespace onedoor::http {

size_t raiseOpenFileLimit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return 0;
  if (rl.rlim_cur < rl.rlim_max) {
    rlimit raised = rl;
    raised.rlim_cur = rl.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) rl = raised;
  }
  return rl.rlim_cur == RLIM_INFINITY ? 1u << 20 : static_cast<size_t>(rl.rlim_cur);
}

size_t openFileLimit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return 0;
  return rl.rlim_cur == RLIM_INFINITY ? 1u << 20 : static_cast<size_t>(rl.rlim_cur);
}

size_t effectiveMaxConnections(size_t requested, size_t fd_limit) {
  if (fd_limit == 0) return requested == 0 ? 1000 : requested;  // limit unknown: trust the flag
  const size_t reserve = std::min<size_t>(128, fd_limit / 2);
  const size_t cap = std::max<size_t>(1, fd_limit - reserve);
  return requested == 0 ? cap : std::min(requested, cap);
}

std::string peerKey(const std::string& address) {
  boost::system::error_code ec;
  auto a = boost::asio::ip::make_address(address, ec);
  if (ec || a.is_v4()) return address;
  auto v6 = a.to_v6();
  if (v6.is_v4_mapped()) return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).to_string();
  auto bytes = v6.to_bytes();
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  return boost::asio::ip::address_v6(bytes).to_string() + "/64";
}

ConnectionLimits::ConnectionLimits(size_t max_total, size_t max_per_address)
    : max_total_(std::max<size_t>(1, max_total)),
      max_per_address_(max_per_address == 0 ? 0 : std::clamp<size_t>(max_per_address, 1, std::max<size_t>(1, max_total_ / 2))) {}

ConnectionLimits::Slot& ConnectionLimits::Slot::operator=(Slot&& o) noexcept {
  if (this != &o) {
    if (owner_) owner_->release(key_);
    owner_ = std::exchange(o.owner_, nullptr);
    key_ = std::move(o.key_);
  }
  return *this;
}

ConnectionLimits::Slot::~Slot() {
  if (owner_) owner_->release(key_);
}

ConnectionLimits::Slot ConnectionLimits::tryAcquire(const std::string& key, Refusal* why, bool shared_address) {
  std::lock_guard lock(mu_);
  Refusal r = Refusal::kNone;
  if (total_ >= max_total_) r = Refusal::kTotal;
  else if (max_per_address_ > 0 && !shared_address) {
    auto it = per_key_.find(key);
    if (it != per_key_.end() && it->second >= max_per_address_) r = Refusal::kPerAddress;
  }
  if (why) *why = r;
  if (r != Refusal::kNone) return {};
  ++total_;
  ++per_key_[key];
  return Slot(this, key);
}

void ConnectionLimits::release(const std::string& key) {
  std::lock_guard lock(mu_);
  --total_;
  auto it = per_key_.find(key);
  if (it != per_key_.end() && --it->second == 0) per_key_.erase(it);
}

size_t ConnectionLimits::open() const {
  std::lock_guard lock(mu_);
  return total_;
}

std::chrono::milliseconds AcceptBackoff::next() {
  using std::chrono::milliseconds;
  current_ = current_.count() == 0 ? milliseconds(10) : std::min(current_ * 2, milliseconds(1000));
  return current_;
}

std::optional<size_t> LogThrottle::allow(std::chrono::steady_clock::time_point now) {
  if (last_ && now - *last_ < interval_) {
    ++suppressed_;
    return std::nullopt;
  }
  last_ = now;
  return std::exchange(suppressed_, 0);
}

}  // namespace onedoor::http
