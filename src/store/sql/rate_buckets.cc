// The SQL behind store/rate_buckets.h for both backends. Thread-safety: as tx.h.
#include "store/rate_buckets.h"

#include "store/sql/rows.h"
#include "store/sql/tx.h"

namespace onedoor {

namespace {

// The rate-limit SQL needs the shared SQL transaction; the Store interface stays as it is (these
// are operational counters, not domain data every backend must model).
Result<sql::WriteTxImpl*> sqlTx(WriteTx& tx) {
  auto* impl = dynamic_cast<sql::WriteTxImpl*>(&tx);
  if (!impl) return internalError("限流需要 SQL 存储 / rate limits need an SQL store");
  return impl;
}

}  // namespace

Result<people::RateTake> takeRateToken(WriteTx& tx, const std::string& kind, const std::string& key,
                                       const people::RateLimit& limit, int64_t now) {
  auto impl = sqlTx(tx);
  if (!impl) return impl.status();
  return (*impl)->takeRateToken(kind, key, limit, now);
}

Result<int64_t> activeTicketsOfPhone(WriteTx& tx, int64_t hall_id, const std::string& phone) {
  auto impl = sqlTx(tx);
  if (!impl) return impl.status();
  return (*impl)->activeTicketsOfPhone(hall_id, phone);
}

Result<int64_t> placesOfPhone(WriteTx& tx, const std::string& phone, int64_t from, int64_t to) {
  auto impl = sqlTx(tx);
  if (!impl) return impl.status();
  return (*impl)->placesOfPhone(phone, from, to);
}

Status pruneRateBuckets(WriteTx& tx, int64_t now) {
  auto impl = sqlTx(tx);
  if (!impl) return impl.status();
  return (*impl)->pruneRateBuckets(now);
}

namespace sql {

// One count(*) row.
Result<int64_t> WriteTxImpl::countRow(Statement& st) {
  Result<bool> row = st.step();
  if (!row) return check(row.status());
  if (!*row) return check(internalError("数据库错误 / count returned no row"));
  return st.columnInt(0);
}

Result<people::RateTake> WriteTxImpl::takeRateToken(const std::string& kind, const std::string& key,
                                                    const people::RateLimit& limit, int64_t now) {
  std::optional<int64_t> full_at;
  {
    ONEDOOR_WRITE_PREPARE(st, "SELECT full_at FROM rate_buckets WHERE kind = :kind AND bucket = :bucket");
    st.bindText(":kind", kind).bindText(":bucket", key);
    Result<bool> row = st.step();
    if (!row) return check(row.status());
    if (*row) full_at = st.columnInt(0);
  }
  people::RateTake take = people::takeToken(limit, full_at, now);
  if (!take.allowed) return take;
  ONEDOOR_WRITE_PREPARE(st,
                        "INSERT INTO rate_buckets(kind, bucket, full_at) VALUES (:kind, :bucket, :full_at) "
                        "ON CONFLICT(kind, bucket) DO UPDATE SET full_at = excluded.full_at");
  if (Status s = check(st.bindText(":kind", kind).bindText(":bucket", key).bindInt(":full_at", take.full_at).run()); !s) return s;
  return take;
}

Result<int64_t> WriteTxImpl::activeTicketsOfPhone(int64_t hall_id, const std::string& phone) {
  ONEDOOR_WRITE_PREPARE(st,
                        "SELECT count(*) FROM tickets WHERE hall_id = :h AND phone = :p AND phone <> '' "
                        "AND state IN ('waiting', 'called', 'serving')");  // phone <> '': the partial index (v18)
  st.bindInt(":h", hall_id).bindText(":p", phone);
  return countRow(st);
}

Result<int64_t> WriteTxImpl::placesOfPhone(const std::string& phone, int64_t from, int64_t to) {
  ONEDOOR_WRITE_PREPARE(st,
                        "SELECT count(*) FROM appointments WHERE phone = :p AND slot_start >= :from "
                        "AND slot_start < :to AND state IN ('booked', 'checked_in')");
  st.bindText(":p", phone).bindInt(":from", from).bindInt(":to", to);
  return countRow(st);
}

Status WriteTxImpl::pruneRateBuckets(int64_t now) {
  ONEDOOR_WRITE_PREPARE(st, "DELETE FROM rate_buckets WHERE full_at <= :now");
  return check(st.bindInt(":now", now).run());
}

}  // namespace sql

}  // namespace onedoor
