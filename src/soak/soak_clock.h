// The clock a soak moves (`onedoor serve --test-clock`): the system clock plus an offset that only
// grows, set through an admin-only route that exists only when the flag is given. Never in
// production: with the flag, an admin can move the server's idea of "now" forward (sessions,
// deadlines, ticket times), which is exactly what a compressed-time soak needs and nothing else does.
#pragma once

#include <atomic>
#include <cstdint>

#include "core/clock.h"

namespace onedoor::http {
class Router;
}
namespace onedoor::api {
struct App;
}

namespace onedoor::soak {

class SoakClock final : public Clock {
 public:
  int64_t nowMs() const override { return system_.nowMs() + offset_.load(std::memory_order_relaxed); }
  // Moves "now" to `t` when that is later; never backwards. Returns the new now.
  int64_t moveTo(int64_t t) {
    int64_t d = t - nowMs();
    if (d > 0) offset_.fetch_add(d, std::memory_order_relaxed);
    return nowMs();
  }

 private:
  SystemClock system_;
  std::atomic<int64_t> offset_{0};
};

// GET and POST /api/v1/test/clock (admin): {"now_ms"}; POST {"now_ms": T} moves the clock to T.
void registerSoakClockRoutes(http::Router& router, api::App& app, SoakClock& clock);

}  // namespace onedoor::soak
