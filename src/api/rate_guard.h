// The rate limits of one anonymous write (people/rate_limit.h): the token buckets and per-phone
// caps it must pass, checked inside the transaction of the write they guard (a refused write
// writes nothing; a write that fails for another reason gives its tokens back). Staff sessions
// are not limited per address (the kiosk and the desk serve a whole hall from one address).
// Build one per request, on the io thread; the WriteFn it returns runs on the store's writer.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "api/app.h"
#include "http/types.h"
#include "store/store.h"

namespace onedoor::api {

class RateGuard {
 public:
  RateGuard(const App& app, const http::RequestContext& ctx);

  // A bucket per client address (IPv4 address, IPv6 /64), named as in people::limitNames().
  RateGuard& perAddress(const char* name, const people::RateLimit& limit);
  // A bucket per phone number; nothing when `phone` has no digits (the write itself checks it).
  RateGuard& perPhone(const char* name, const std::string& phone, const people::RateLimit& limit);
  // At most `cap` active tickets with `phone` in the hall (0: no cap).
  RateGuard& activeTickets(int64_t hall_id, const std::string& phone, int cap);
  // At most `cap` appointment places for `phone` with day_start <= slot start < day_end (0: no cap).
  RateGuard& placesPerDay(const std::string& phone, int64_t day_start, int64_t day_end, int cap);

  // `inner` with the checks in front of it, in the same transaction: refused → kTooMany with a
  // message naming the limit, and nothing written.
  WriteFn guard(WriteFn inner) const;

  // The error response for a write's status: 429 with Retry-After when this guard refused it.
  http::Response errorOut(const http::RequestContext& ctx, const Status& st) const;

 private:
  struct Check;
  struct State;
  std::shared_ptr<State> state_;
};

// The limits of each anonymous write, in one place (docs/security/limits.md lists them).
// A citizen's own appeal (no staff session: portal, mailbox): per address and per phone.
RateGuard appealLimits(const App& app, const http::RequestContext& ctx, const std::string& phone);
// A photo sent with an appeal: per address.
RateGuard photoLimits(const App& app, const http::RequestContext& ctx);
// A ticket: remote (phone) tickets per address and per phone; any ticket with a phone counts
// against the active tickets that phone may hold in the hall.
RateGuard ticketLimits(const App& app, const http::RequestContext& ctx, int64_t hall_id, const std::string& channel,
                       const std::string& phone);
// A booking: per address and per phone, and the places one phone may hold on the slot's local day
// (which starts at `day_start`).
RateGuard bookingLimits(const App& app, const http::RequestContext& ctx, const std::string& phone, int64_t day_start);

}  // namespace onedoor::api
