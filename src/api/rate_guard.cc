// RateGuard: the checks of one request, run first in its write's transaction.
#include "api/rate_guard.h"

#include <optional>

#include "api/json_body.h"
#include "store/rate_buckets.h"

namespace onedoor::api {

// One bucket (name, key, limit) or one cap (a count of rows against `cap`).
struct RateGuard::Check {
  std::string name;
  std::string key;
  people::RateLimit limit;
  int cap = 0;
  int64_t hall_id = 0;       // activeTickets
  int64_t from = 0, to = 0;  // placesPerDay
};

struct RateGuard::State {
  bool staff = false;
  std::string address;
  int64_t now = 0;
  std::vector<Check> checks;
  // Set on the writer thread when a check refused; read once the write is done.
  int64_t retry_after_ms = 0;
  bool refused = false;
};

namespace {

// What a cap's refusal says, and the Retry-After it suggests: a cap frees when a ticket is
// finished or cancelled, or a booking is cancelled, not at a known time.
constexpr int64_t kCapRetryMs = 5 * 60 * 1000;

Status capRefusal(const std::string& name, int cap) {
  if (name == "tickets.phone.active")
    return {Code::kTooMany, "同一手机号在本大厅最多同时持有 " + std::to_string(cap) +
                                " 张未办结的号，请先办完或取消已有的号 / One phone number may hold at most " +
                                std::to_string(cap) + " active tickets in this hall; finish or cancel one first",
            "phone"};
  return {Code::kTooMany, "同一手机号每天最多预约 " + std::to_string(cap) +
                              " 个名额，请先取消已有的预约 / One phone number may book at most " + std::to_string(cap) +
                              " places a day; cancel a booking first",
          "phone"};
}

}  // namespace

RateGuard::RateGuard(const App& app, const http::RequestContext& ctx) : state_(std::make_shared<State>()) {
  state_->staff = ctx.caller.has_value();
  state_->address = people::addressKey(ctx.remote_address);
  state_->now = app.clock.nowMs();
}

RateGuard& RateGuard::perAddress(const char* name, const people::RateLimit& limit) {
  if (!state_->staff && limit.burst > 0) state_->checks.push_back({name, state_->address, limit});
  return *this;
}

RateGuard& RateGuard::perPhone(const char* name, const std::string& phone, const people::RateLimit& limit) {
  std::string key = people::phoneKey(phone);
  if (!key.empty() && limit.burst > 0) state_->checks.push_back({name, key, limit});
  return *this;
}

RateGuard& RateGuard::activeTickets(int64_t hall_id, const std::string& phone, int cap) {
  if (!phone.empty() && cap > 0) state_->checks.push_back({"tickets.phone.active", phone, {}, cap, hall_id});
  return *this;
}

RateGuard& RateGuard::placesPerDay(const std::string& phone, int64_t day_start, int64_t day_end, int cap) {
  if (!phone.empty() && cap > 0)
    state_->checks.push_back({"places.phone.day", phone, {}, cap, 0, day_start, day_end});
  return *this;
}

WriteFn RateGuard::guard(WriteFn inner) const {
  return [state = state_, inner = std::move(inner)](WriteTx& tx) -> Status {
    for (const Check& c : state->checks) {
      if (c.cap > 0) {
        Result<int64_t> held = c.hall_id ? activeTicketsOfPhone(tx, c.hall_id, c.key) : placesOfPhone(tx, c.key, c.from, c.to);
        if (!held) return held.status();
        if (*held >= c.cap) {
          state->refused = true;
          state->retry_after_ms = kCapRetryMs;
          return capRefusal(c.name, c.cap);
        }
        continue;
      }
      Result<people::RateTake> take = takeRateToken(tx, c.name, c.key, c.limit, state->now);
      if (!take) return take.status();
      if (!take->allowed) {
        state->refused = true;
        state->retry_after_ms = take->retry_after_ms;
        return {Code::kTooMany, people::refusalMessage(c.name, c.limit, take->retry_after_ms)};
      }
    }
    return inner(tx);
  };
}

http::Response RateGuard::errorOut(const http::RequestContext& ctx, const Status& st) const {
  http::Response res = api::errorOut(ctx, st);
  if (state_->refused && st.code() == Code::kTooMany)
    res.set(http::bhttp::field::retry_after, std::to_string((state_->retry_after_ms + 999) / 1000));
  return res;
}

RateGuard appealLimits(const App& app, const http::RequestContext& ctx, const std::string& phone) {
  RateGuard limits(app, ctx);
  // Staff (hotline operators, mailbox clerks) record appeals under their own name.
  if (!ctx.caller)
    limits.perAddress("appeal.address", app.rate_limits.appeal_address)
        .perPhone("appeal.phone", phone, app.rate_limits.appeal_phone);
  return limits;
}

RateGuard photoLimits(const App& app, const http::RequestContext& ctx) {
  RateGuard limits(app, ctx);
  limits.perAddress("photo.address", app.rate_limits.photo_address);
  return limits;
}

RateGuard ticketLimits(const App& app, const http::RequestContext& ctx, int64_t hall_id, const std::string& channel,
                       const std::string& phone) {
  const people::RateLimits& rl = app.rate_limits;
  RateGuard limits(app, ctx);
  limits.activeTickets(hall_id, phone, rl.tickets_phone_active);
  if (channel == "remote") limits.perAddress("ticket.address", rl.ticket_address).perPhone("ticket.phone", phone, rl.ticket_phone);
  return limits;
}

RateGuard bookingLimits(const App& app, const http::RequestContext& ctx, const std::string& phone, int64_t day_start) {
  const people::RateLimits& rl = app.rate_limits;
  RateGuard limits(app, ctx);
  limits.placesPerDay(phone, day_start, day_start + 24 * 3600 * 1000, rl.places_phone_day)
      .perAddress("booking.address", rl.booking_address)
      .perPhone("booking.phone", phone, rl.booking_phone);
  return limits;
}

}  // namespace onedoor::api
