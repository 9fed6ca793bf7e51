// Implementation of connection.h: sqlite3 open/close, the prepared-statement cache, error mapping.
// Thread-safety: as connection.h (one thread per Connection at a time).
#include "store/sqlite/connection.h"

#include <utility>

namespace onedoor::sqlite {

Status sqliteStatus(sqlite3* db, int rc, std::string_view what) {
  const std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return conflict("记录已存在 / record already exists (" + detail + ")");
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return invalid("引用的记录不存在 / referenced record does not exist");
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_DATATYPE:
      return invalid("取值不符合要求 / value not allowed (" + detail + ")");
    default:
      break;
  }
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return {Code::kUnavailable, "数据库繁忙，请稍后重试 / database busy, try again (" + detail + ")"};
    case SQLITE_FULL:
      return {Code::kUnavailable, "磁盘空间不足 / disk full (" + detail + ")"};
    default:
      return internalError("数据库错误 / database error while " + std::string(what) + ": " + detail);
  }
}

// ---- Statement ----

Statement& Statement::operator=(Statement&& o) noexcept {
  if (this != &o) {
    release();
    conn_ = std::exchange(o.conn_, nullptr);
    stmt_ = std::exchange(o.stmt_, nullptr);
    in_use_ = std::exchange(o.in_use_, nullptr);
    bind_error_ = std::move(o.bind_error_);
  }
  return *this;
}

void Statement::release() {
  if (stmt_ == nullptr) return;
  if (in_use_ != nullptr) {
    // Back to the cache: reset ends the statement (and any read lock it holds), clear_bindings
    // makes sure no value leaks into the next use.
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    *in_use_ = false;
  } else {
    sqlite3_finalize(stmt_);
  }
  stmt_ = nullptr;
  in_use_ = nullptr;
  conn_ = nullptr;
}

int Statement::index(const char* name) {
  const int i = sqlite3_bind_parameter_index(stmt_, name);
  if (i == 0 && bind_error_.isOk()) {
    bind_error_ = internalError(std::string("数据库错误 / no SQL parameter named ") + name);
  }
  return i;
}

Statement& Statement::bindInt(const char* name, int64_t v) {
  if (int i = index(name)) sqlite3_bind_int64(stmt_, i, v);
  return *this;
}

Statement& Statement::bindText(const char* name, std::string_view v) {
  // SQLITE_TRANSIENT: SQLite copies, so temporaries passed here are safe.
  if (int i = index(name)) sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Statement& Statement::bindBlob(const char* name, std::string_view bytes) {
  if (int i = index(name)) sqlite3_bind_blob64(stmt_, i, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bindNull(const char* name) {
  if (int i = index(name)) sqlite3_bind_null(stmt_, i);
  return *this;
}

Statement& Statement::bindOptInt(const char* name, const std::optional<int64_t>& v) {
  return v ? bindInt(name, *v) : bindNull(name);
}

Statement& Statement::bindOptDouble(const char* name, const std::optional<double>& v) {
  if (!v) return bindNull(name);
  if (int i = index(name)) sqlite3_bind_double(stmt_, i, *v);
  return *this;
}

Result<bool> Statement::step() {
  if (!bind_error_.isOk()) return bind_error_;
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return sqliteStatus(sqlite3_db_handle(stmt_), rc, "running a statement");
}

Status Statement::run() {
  for (;;) {
    Result<bool> r = step();
    if (!r) return r.status();
    if (!*r) return Status::ok();
  }
}

std::optional<int64_t> Statement::columnOptInt(int i) const {
  if (columnIsNull(i)) return std::nullopt;
  return columnInt(i);
}

std::optional<double> Statement::columnOptDouble(int i) const {
  if (columnIsNull(i)) return std::nullopt;
  return sqlite3_column_double(stmt_, i);
}

std::string Statement::columnText(int i) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
  const int n = sqlite3_column_bytes(stmt_, i);
  return p != nullptr ? std::string(p, static_cast<size_t>(n)) : std::string();
}

std::string Statement::columnBlob(int i) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, i));
  const int n = sqlite3_column_bytes(stmt_, i);
  return p != nullptr ? std::string(p, static_cast<size_t>(n)) : std::string();
}

// ---- Connection ----

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, int flags, int busy_timeout_ms) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = internalError("无法打开数据库 / cannot open database " + path + ": " +
                             (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    sqlite3_close_v2(db);
    return s;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() {
  for (auto& [sql, c] : cache_) sqlite3_finalize(c.stmt);
  // close_v2: never fails with SQLITE_BUSY; the handle goes when its last statement does.
  sqlite3_close_v2(db_);
}

Result<Statement> Connection::prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end() && !it->second.in_use) {
    it->second.in_use = true;
    return Statement(this, it->second.stmt, &it->second.in_use);
  }
  const bool cache_it = it == cache_.end();
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    cache_it ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
  if (rc != SQLITE_OK) return sqliteStatus(db_, rc, "preparing a statement");
  if (!cache_it) return Statement(this, stmt, nullptr);
  auto slot = cache_.emplace(sql, Cached{stmt, true}).first;
  return Statement(this, stmt, &slot->second.in_use);
}

Status Connection::run(const std::string& sql) {
  Result<Statement> st = prepare(sql);
  if (!st) return st.status();
  return st->run();
}

Status Connection::execScript(const std::string& sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);  // sqliteStatus reads the message from the connection instead
  if (rc != SQLITE_OK) return sqliteStatus(db_, rc, "running SQL");
  return Status::ok();
}

}  // namespace onedoor::sqlite
