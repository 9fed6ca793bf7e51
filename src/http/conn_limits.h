// Connection admission for the accept loop (issue 18 item 5): a cap on open connections below the
// open-file limit, a cap per peer address, the growing pause after a failed accept() and a log
// throttle, so one client can neither exhaust the descriptors nor flood the log.
// ConnectionLimits is thread-safe (one mutex; slots are released on any io thread); AcceptBackoff
// and LogThrottle belong to the accept loop alone.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace onedoor::http {

// Raises the soft RLIMIT_NOFILE to the hard limit (at start-up) and returns the soft limit now in
// force (0 when it cannot be read).
size_t raiseOpenFileLimit();

// The soft RLIMIT_NOFILE (0 when it cannot be read).
size_t openFileLimit();

// The cap on open connections for an open-file limit of `fd_limit`: the limit less a reserve for
// the database, log and webhook descriptors (128, or half the limit when it is small). `requested`
// (0: automatic) is lowered to it, never raised.
size_t effectiveMaxConnections(size_t requested, size_t fd_limit);

// The key connections are counted under: the address itself, an IPv6 address by its /64 (one
// subscriber's whole prefix), an IPv4-mapped IPv6 address as the IPv4 address.
std::string peerKey(const std::string& address);

class ConnectionLimits {
 public:
  // max_per_address 0: no per-address cap. It is lowered to half of max_total, so that one
  // address can never hold every place.
  ConnectionLimits(size_t max_total, size_t max_per_address);

  enum class Refusal { kNone, kTotal, kPerAddress };

  // One open connection's place; released when destroyed. Move-only.
  class Slot {
   public:
    Slot() = default;
    Slot(Slot&& o) noexcept : owner_(std::exchange(o.owner_, nullptr)), key_(std::move(o.key_)) {}
    Slot& operator=(Slot&& o) noexcept;
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot();
    explicit operator bool() const { return owner_ != nullptr; }

   private:
    friend class ConnectionLimits;
    Slot(ConnectionLimits* owner, std::string key) : owner_(owner), key_(std::move(key)) {}
    ConnectionLimits* owner_ = nullptr;
    std::string key_;
  };

  // A place for a connection from `key` (see peerKey), or an empty slot and the cap that refused it.
  // `shared_address`: the peer speaks for many clients (a trusted reverse proxy), so only the total
  // cap applies to it; its clients are told apart per request (X-Forwarded-For) by the rate limits.
  Slot tryAcquire(const std::string& key, Refusal* why = nullptr, bool shared_address = false);

  size_t open() const;
  size_t maxTotal() const { return max_total_; }
  size_t maxPerAddress() const { return max_per_address_; }

 private:
  void release(const std::string& key);
  mutable std::mutex mu_;
  size_t max_total_;
  size_t max_per_address_;
  size_t total_ = 0;
  std::unordered_map<std::string, size_t> per_key_;
};

// The pause after a failed accept(): out of descriptors, the pending connection stays queued and
// accept() would fail again at once, so retrying without a pause spins a core. 10 ms, doubling up
// to 1 s; reset() after a success.
class AcceptBackoff {
 public:
  std::chrono::milliseconds next();
  void reset() { current_ = std::chrono::milliseconds(0); }

 private:
  std::chrono::milliseconds current_{0};
};

// At most one line per interval for a repeated condition; counts the occurrences it swallowed so
// the next line can report them.
class LogThrottle {
 public:
  explicit LogThrottle(std::chrono::steady_clock::duration interval) : interval_(interval) {}
  // When a line may be written now: how many occurrences were suppressed since the last line.
  std::optional<size_t> allow(std::chrono::steady_clock::time_point now);

 private:
  std::chrono::steady_clock::duration interval_;
  std::optional<std::chrono::steady_clock::time_point> last_;
  size_t suppressed_ = 0;
};

}  // namespace onedoor::http
