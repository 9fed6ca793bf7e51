// Login rate limiting. Two rules, over a sliding window of recent failures:
// - per address: too many failures from one client address refuse further attempts from it for
//   the rest of the window (behind a reverse proxy the address is the forwarded client, see
//   http/client_address.h);
// - per account: failures against one account never lock its holder out. Past a few, attempts from
//   addresses new to the account are slowed down — each must wait a delay after the last failure,
//   doubling per further failure up to a cap — while an address that has signed in to the account
//   before is not held back by strangers' failures at all.
// Known addresses are kept in memory (a restart forgets them; the holder then waits like anyone).
// Thread-safe (one mutex). Time comes from the caller so tests can drive it.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace onedoor::people {

struct LoginLimits {
  int max_failures_per_user = 5;      // within the window, before attempts are slowed down
  int max_failures_per_address = 20;  // one office NAT may hold many clerks
  int64_t window_ms = 15 * 60 * 1000;
  int64_t first_delay_ms = 5000;         // after the first failure past the limit; doubles per failure
  int64_t max_delay_ms = 5 * 60 * 1000;  // the slowest an account gets
  size_t known_addresses_per_user = 16;  // the most recent ones are kept
};

class LoginLimiter {
 public:
  explicit LoginLimiter(LoginLimits limits = {}) : limits_(limits) {}

  // True when an attempt at `username` from `address` may go ahead now; otherwise false and the
  // milliseconds to wait in *retry_after_ms.
  bool allowed(const std::string& username, const std::string& address, int64_t now_ms, int64_t* retry_after_ms);
  void recordFailure(const std::string& username, const std::string& address, int64_t now_ms);
  // A successful login clears the account's failures (not the address's) and remembers the address
  // as the holder's.
  void recordSuccess(const std::string& username, const std::string& address);

 private:
  using Failures = std::unordered_map<std::string, std::deque<int64_t>>;
  void prune(std::deque<int64_t>& q, int64_t now_ms) const;
  bool knownAddress(const std::string& username, const std::string& address) const;
  // Drops entries whose failures are all outside the window, once the maps grow large (a spray of
  // invented usernames or addresses must not grow memory without bound).
  void sweep(int64_t now_ms);
  LoginLimits limits_;
  std::mutex mu_;
  Failures by_user_;
  Failures by_address_;
  std::unordered_map<std::string, std::vector<std::string>> known_;  // username → addresses, oldest first
};

}  // namespace onedoor::people
