// The API's shared context and route registration. One App per server process; its members are
// thread-safe (Store, Clock, LoginLimiter, Metrics are).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "core/clock.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "people/password.h"
#include "people/login_limiter.h"
#include "people/rate_limit.h"
#include "store/store.h"

namespace onedoor::services {
class AppealService;
class AppointmentService;
class HallService;
}

namespace onedoor::api {

class SimPool;

struct App {
  Store& store;
  const Clock& clock;
  http::Metrics& metrics;
  people::LoginLimiter login_limiter;
  people::RateLimits rate_limits;  // anonymous writes and SMS (api/rate_guard.h, docs/security/limits.md)
  int64_t session_ttl_ms = 12LL * 3600 * 1000;  // one working day and then some
  // The cost of the stand-in hash a login for an unknown username is checked against, so it takes
  // as long as a wrong password for a real account (whose hashes have this cost). Tests: kFast.
  people::HashCost password_cost = people::HashCost::kInteractive;
  bool secure_cookies = false;                   // set the Secure flag (behind TLS)
  const services::AppealService* appeals = nullptr;  // set before registerRoutes
  services::HallService* hall = nullptr;             // set before registerRoutes (hall routes need it)
  services::AppointmentService* appointments = nullptr;  // set before registerRoutes (appointment routes need it)
  // Open311: the jurisdiction_id this server answers to (empty: any is accepted) and the UTC
  // offset of its datetimes (Asia/Shanghai by default).
  std::string open311_jurisdiction;
  int open311_utc_offset_minutes = 480;
  std::filesystem::path scenarios_dir;               // shipped hall scenarios (POST /api/v1/sim/run by name)
  // Simulation runs go here, off the io threads (api/sim_pool.h); registerRoutes makes a default
  // pool when none is set. Read per request, so a test may swap in a smaller one.
  std::shared_ptr<SimPool> sim_pool;
};

// Registers every route (system, session, users, departments, ledger) on the router.
void registerRoutes(http::Router& router, App& app);

// The authorizer the server calls before each handler: resolves the session cookie into
// ctx.caller, enforces the route's roles and the CSRF double-submit token on writes.
http::Authorizer makeAuthorizer(App& app);

// The hall events WebSocket endpoint for ServerOptions::ws_resolve: "/api/v1/halls/{id}/events" →
// topic "hall:{id}" and the hello message; nothing for other paths or unknown halls.
std::optional<std::pair<std::string, std::string>> hallEventsEndpoint(App& app, const std::string& path);

// Wires the store's counters into /metrics.
void exposeStoreMetrics(App& app);

}  // namespace onedoor::api
