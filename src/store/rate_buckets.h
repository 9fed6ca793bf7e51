// Rate-limit state kept in the database, so that every node sharing a PostgreSQL counts against
// the same buckets: token buckets by (kind, key), and the counts the per-phone caps look at. Used
// inside a WriteFn, in the transaction of the write they guard (a refused or failed write rolls its
// tokens back with it). Works on the transactions of the stores openStore() makes (the SQL lives in
// store/sql/rate_buckets.cc); kInternal for any other WriteTx.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "people/rate_limit.h"
#include "store/store.h"

namespace onedoor {

// Takes one token from bucket (kind, key) at `now` and stores the bucket when allowed.
Result<people::RateTake> takeRateToken(WriteTx& tx, const std::string& kind, const std::string& key,
                                       const people::RateLimit& limit, int64_t now);

// Tickets waiting, called or being served in the hall that carry `phone` (as stored).
Result<int64_t> activeTicketsOfPhone(WriteTx& tx, int64_t hall_id, const std::string& phone);

// Appointments holding a place (booked or checked in) for `phone` with from <= slot_start < to.
Result<int64_t> placesOfPhone(WriteTx& tx, const std::string& phone, int64_t from, int64_t to);

// Deletes the buckets that are full again at `now` (a missing bucket is a full one).
Status pruneRateBuckets(WriteTx& tx, int64_t now);

}  // namespace onedoor
