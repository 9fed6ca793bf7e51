// Implementation of statement.h: the handle's bookkeeping and the prepared-statement cache.
// Thread-safety: as statement.h.
#include "store/sql/statement.h"

#include <utility>

namespace onedoor::sql {

Statement& Statement::operator=(Statement&& o) noexcept {
  if (this != &o) {
    release();
    impl_ = std::exchange(o.impl_, nullptr);
    in_use_ = std::exchange(o.in_use_, nullptr);
    owned_ = std::move(o.owned_);
    bind_error_ = std::move(o.bind_error_);
  }
  return *this;
}

void Statement::release() {
  if (impl_ == nullptr) return;
  impl_->reset();
  if (in_use_ != nullptr) *in_use_ = false;
  owned_.reset();
  impl_ = nullptr;
  in_use_ = nullptr;
}

Statement& Statement::note(bool bound, const char* name) {
  if (!bound && bind_error_.isOk()) {
    bind_error_ = internalError(std::string("数据库错误 / no SQL parameter named ") + name);
  }
  return *this;
}

Result<bool> Statement::step() {
  if (!bind_error_.isOk()) return bind_error_;
  return impl_->step();
}

Status Statement::run() {
  Status outcome;
  for (;;) {
    Result<bool> r = step();
    if (!r) {
      outcome = r.status();
      break;
    }
    if (!*r) break;
  }
  // Ready to run again with new bindings (a loop over rows reuses one statement), also after an
  // error.
  impl_->reset();
  return outcome;
}

Result<std::optional<int64_t>> StatementImpl::runInsert() {
  Result<bool> row = step();
  if (!row) return row.status();
  if (!*row) return std::optional<int64_t>();
  const int64_t id = columnInt(0);
  for (;;) {  // to the end, so the statement completes
    Result<bool> more = step();
    if (!more) return more.status();
    if (!*more) break;
  }
  return std::optional<int64_t>(id);
}

Result<int64_t> Statement::runReturningId() {
  if (!bind_error_.isOk()) return bind_error_;
  Result<std::optional<int64_t>> id = impl_->runInsert();
  impl_->reset();
  if (!id) return id.status();
  // INSERT ... ON CONFLICT DO NOTHING gives no row on a duplicate key. Neither backend raises an
  // error for it, so a WriteFn may draw a new code and try again within the same transaction
  // (PostgreSQL would otherwise abort the whole transaction).
  if (!*id) return conflict("记录已存在 / record already exists");
  return **id;
}

Result<Statement> Connection::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end() && !it->second.in_use) {
    it->second.in_use = true;
    return Statement(it->second.impl.get(), &it->second.in_use);
  }
  const bool cache_it = it == cache_.end();
  std::string text(sql);
  Result<std::unique_ptr<StatementImpl>> impl = prepareNew(text, cache_it);
  if (!impl) return impl.status();
  if (!cache_it) return Statement(std::move(*impl));
  auto slot = cache_.emplace(std::move(text), Cached{std::move(*impl), true}).first;
  return Statement(slot->second.impl.get(), &slot->second.in_use);
}

Status Connection::run(std::string_view sql) {
  Result<Statement> st = prepare(sql);
  if (!st) return st.status();
  return st->run();
}

}  // namespace onedoor::sql
