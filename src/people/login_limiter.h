// Login rate limiting per username and per address: a sliding window of recent failures.
// Thread-safe (one mutex). Time comes from the caller so tests can drive it.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace onedoor::people {

struct LoginLimits {
  int max_failures_per_user = 5;      // within the window
  int max_failures_per_address = 20;  // one office NAT may hold many clerks
  int64_t window_ms = 15 * 60 * 1000;
};

class LoginLimiter {
 public:
  explicit LoginLimiter(LoginLimits limits = {}) : limits_(limits) {}

  // True when another attempt is allowed now. Returns the milliseconds to wait otherwise.
  bool allowed(const std::string& username, const std::string& address, int64_t now_ms, int64_t* retry_after_ms);
  void recordFailure(const std::string& username, const std::string& address, int64_t now_ms);
  // A successful login clears the user's failures (not the address's).
  void recordSuccess(const std::string& username);

 private:
  void prune(std::deque<int64_t>& q, int64_t now_ms) const;
  LoginLimits limits_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<int64_t>> by_user_;
  std::unordered_map<std::string, std::deque<int64_t>> by_address_;
};

}  // namespace onedoor::people
