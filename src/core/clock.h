// Clock: the only source of "now" for domain code, so tests and the simulator can fix time.
// SystemClock is thread-safe; FixedClock is for single-threaded tests.
#pragma once

#include <chrono>
#include <cstdint>

namespace onedoor {

class Clock {
 public:
  virtual ~Clock() = default;
  // UTC epoch milliseconds.
  virtual int64_t nowMs() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t nowMs() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

class FixedClock final : public Clock {
 public:
  explicit FixedClock(int64_t ms) : ms_(ms) {}
  int64_t nowMs() const override { return ms_; }
  void advance(int64_t ms) { ms_ += ms; }

 private:
  int64_t ms_;
};

}  // namespace onedoor
