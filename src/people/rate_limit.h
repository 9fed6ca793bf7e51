// Rate limits for anonymous writes (appeals, photos, remote tickets, bookings) and for SMS sends:
// the token-bucket arithmetic, the configured limits with their defaults and names, and the keys
// buckets are kept under (an address, a phone). Pure: no I/O, time comes from the caller. The
// buckets themselves live in the database (store/rate_buckets.h) so every node counts the same.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace onedoor::people {

// A token bucket: it holds at most `burst` tokens and one token comes back every `refill_ms`.
// burst 0 switches the limit off.
struct RateLimit {
  int burst = 0;
  int64_t refill_ms = 0;
};

// One attempt to take a token. A bucket is stored as one number, the time at which it is full
// again (`full_at`, the "theoretical arrival time" of GCRA; a bucket never stored, or whose full_at
// has passed, is full), so taking a token is integer arithmetic with no drift.
struct RateTake {
  bool allowed = false;
  int64_t full_at = 0;         // the bucket's new state when allowed (store it); unchanged when refused
  int64_t retry_after_ms = 0;  // refused: how long until one token is back
};

RateTake takeToken(const RateLimit& limit, std::optional<int64_t> full_at, int64_t now_ms);

// Every limit, with defaults for a real centre. Address limits are generous because a whole
// office, a hotel or a mobile carrier's NAT shares one IPv4 address; phone limits are tight
// because one citizen rarely needs more. Staff sessions are never limited per address.
struct RateLimits {
  static constexpr int64_t kMinute = 60 * 1000;
  RateLimit appeal_address{20, 3 * kMinute};    // anonymous appeals per address (portal, mailbox)
  RateLimit appeal_phone{5, 60 * kMinute};      // appeals per phone number given
  RateLimit photo_address{15, 2 * kMinute};     // appeal photos per address (3 per case anyway)
  RateLimit ticket_address{10, 6 * kMinute};    // remote (phone) tickets per address
  RateLimit ticket_phone{3, 20 * kMinute};      // remote tickets per phone
  RateLimit booking_address{10, 6 * kMinute};   // appointment bookings per address
  RateLimit booking_phone{4, 30 * kMinute};     // bookings per phone
  RateLimit sms_phone{3, 20 * kMinute};         // SMS sent to one phone (a few per hour)
  int sms_phone_day = 10;                       // SMS to one phone per local day, never more
  int tickets_phone_active = 2;                 // active tickets one phone may hold per hall
  int places_phone_day = 2;                     // appointment places one phone may hold per day
};

// One limit's name (as in --limit NAME=VALUE and the docs), what it counts and who it counts, for
// the refusal message ("诉求"/"appeals", "同一网络地址"/"this network address").
struct LimitName {
  const char* name;
  const char* what_zh;
  const char* what_en;
  const char* who_zh;
  const char* who_en;
};
const std::vector<LimitName>& limitNames();
const LimitName* limitName(const std::string& name);

// Applies one "NAME=VALUE" setting: a bucket takes "BURST/INTERVAL" (e.g. "20/3m"; s, m, h or d;
// "0" or "off" switches it off), a cap takes a number (0 = off); "all=off" switches every limit
// off (benchmarks, load tests). kInvalid names what is wrong.
Status setLimit(RateLimits& limits, const std::string& setting);

// The bilingual refusal message: what is limited, for whom, the limit, and when to try again.
std::string refusalMessage(const std::string& name, const RateLimit& limit, int64_t retry_after_ms);
// "3 分钟" / "3 minutes" style durations (rounded up to whole seconds, minutes or hours).
std::string durationZh(int64_t ms);
std::string durationEn(int64_t ms);

// The bucket key of a client address: an IPv4 address as it is (also when written IPv4-mapped,
// ::ffff:a.b.c.d), an IPv6 address by its /64 (one household or phone gets a whole /64, so
// single addresses would be free to rotate). Anything unparsable is kept as given.
std::string addressKey(const std::string& address);
// The bucket key of a phone number: its digits, without a leading +86 / 0086.
std::string phoneKey(const std::string& phone);

}  // namespace onedoor::people
