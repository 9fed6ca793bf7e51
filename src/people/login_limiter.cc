// Sliding-window failure counting.
#include "people/login_limiter.h"

#include <algorithm>

namespace onedoor::people {

void LoginLimiter::prune(std::deque<int64_t>& q, int64_t now_ms) const {
  while (!q.empty() && q.front() <= now_ms - limits_.window_ms) q.pop_front();
}

bool LoginLimiter::allowed(const std::string& username, const std::string& address, int64_t now_ms,
                           int64_t* retry_after_ms) {
  std::lock_guard lock(mu_);
  int64_t wait = 0;
  auto check = [&](std::unordered_map<std::string, std::deque<int64_t>>& m, const std::string& key, int max) {
    auto it = m.find(key);
    if (it == m.end()) return;
    prune(it->second, now_ms);
    if (static_cast<int>(it->second.size()) >= max) {
      wait = std::max(wait, it->second.front() + limits_.window_ms - now_ms);
    }
    if (it->second.empty()) m.erase(it);
  };
  check(by_user_, username, limits_.max_failures_per_user);
  check(by_address_, address, limits_.max_failures_per_address);
  if (retry_after_ms) *retry_after_ms = wait;
  return wait == 0;
}

void LoginLimiter::recordFailure(const std::string& username, const std::string& address, int64_t now_ms) {
  std::lock_guard lock(mu_);
  by_user_[username].push_back(now_ms);
  by_address_[address].push_back(now_ms);
}

void LoginLimiter::recordSuccess(const std::string& username) {
  std::lock_guard lock(mu_);
  by_user_.erase(username);
}

}  // namespace onedoor::people
