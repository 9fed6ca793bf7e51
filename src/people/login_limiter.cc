// Sliding-window failure counting with a growing per-account delay.
#include "people/login_limiter.h"

#include <algorithm>

namespace onedoor::people {

namespace {
constexpr size_t kSweepAbove = 10000;  // entries per map
}

void LoginLimiter::prune(std::deque<int64_t>& q, int64_t now_ms) const {
  while (!q.empty() && q.front() <= now_ms - limits_.window_ms) q.pop_front();
}

bool LoginLimiter::knownAddress(const std::string& username, const std::string& address) const {
  auto it = known_.find(username);
  return it != known_.end() && std::find(it->second.begin(), it->second.end(), address) != it->second.end();
}

bool LoginLimiter::allowed(const std::string& username, const std::string& address, int64_t now_ms,
                           int64_t* retry_after_ms) {
  std::lock_guard lock(mu_);
  int64_t wait = 0;
  if (auto it = by_address_.find(address); it != by_address_.end()) {
    prune(it->second, now_ms);
    if (static_cast<int>(it->second.size()) >= limits_.max_failures_per_address)
      wait = it->second.front() + limits_.window_ms - now_ms;
    if (it->second.empty()) by_address_.erase(it);
  }
  if (auto it = by_user_.find(username); it != by_user_.end()) {
    prune(it->second, now_ms);
    const int over = static_cast<int>(it->second.size()) - limits_.max_failures_per_user;
    if (over >= 0 && !knownAddress(username, address)) {
      int64_t delay = limits_.first_delay_ms << std::min(over, 20);
      delay = std::min(delay, limits_.max_delay_ms);
      wait = std::max(wait, it->second.back() + delay - now_ms);
    }
    if (it->second.empty()) by_user_.erase(it);
  }
  if (retry_after_ms) *retry_after_ms = std::max<int64_t>(wait, 0);
  return wait <= 0;
}

void LoginLimiter::recordFailure(const std::string& username, const std::string& address, int64_t now_ms) {
  std::lock_guard lock(mu_);
  if (by_user_.size() > kSweepAbove || by_address_.size() > kSweepAbove) sweep(now_ms);
  by_user_[username].push_back(now_ms);
  by_address_[address].push_back(now_ms);
}

void LoginLimiter::recordSuccess(const std::string& username, const std::string& address) {
  std::lock_guard lock(mu_);
  by_user_.erase(username);
  auto& known = known_[username];
  known.erase(std::remove(known.begin(), known.end(), address), known.end());
  known.push_back(address);
  if (known.size() > limits_.known_addresses_per_user) known.erase(known.begin());
}

void LoginLimiter::sweep(int64_t now_ms) {
  for (Failures* m : {&by_user_, &by_address_}) {
    for (auto it = m->begin(); it != m->end();) {
      prune(it->second, now_ms);
      it = it->second.empty() ? m->erase(it) : std::next(it);
    }
  }
}

}  // namespace onedoor::people
