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

// ---- SqliteStatement ----

int SqliteStatement::paramIndex(const char* name) {
  for (size_t k = 0; k < params_.size(); ++k) {
    const Param& p = params_[(next_ + k) % params_.size()];
    if (p.ptr == name && p.name == name) {
      next_ = (next_ + k + 1) % params_.size();
      return p.index;
    }
  }
  const int i = sqlite3_bind_parameter_index(stmt_, name);
  if (i != 0 && params_.size() < 64) params_.push_back({name, name, i});
  return i;
}

bool SqliteStatement::bindInt(const char* name, int64_t v) {
  const int i = paramIndex(name);
  return i != 0 && sqlite3_bind_int64(stmt_, i, v) == SQLITE_OK;
}

bool SqliteStatement::bindText(const char* name, std::string_view v) {
  // The value is copied (callers may pass temporaries). SQLITE_TRANSIENT would have SQLite malloc a
  // copy on every bind and free it on the next (about 30 per appeal); short values are copied
  // instead into a buffer of this statement that keeps its capacity, bound as SQLITE_STATIC. The
  // buffer only changes here, right before its new address is bound, and never while the
  // statement runs (a bind then fails anyway), so SQLite never reads it half-written.
  const int i = paramIndex(name);
  if (i == 0) return false;
  if (v.size() > kOwnedTextMax || sqlite3_stmt_busy(stmt_)) {
    return sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8) == SQLITE_OK;
  }
  if (text_.size() < static_cast<size_t>(i)) text_.resize(static_cast<size_t>(sqlite3_bind_parameter_count(stmt_)));
  std::string& buf = text_[static_cast<size_t>(i) - 1];
  buf.assign(v);
  return sqlite3_bind_text64(stmt_, i, buf.data(), buf.size(), SQLITE_STATIC, SQLITE_UTF8) == SQLITE_OK;
}

bool SqliteStatement::bindBlob(const char* name, std::string_view bytes) {
  const int i = paramIndex(name);
  return i != 0 && sqlite3_bind_blob64(stmt_, i, bytes.data(), bytes.size(), SQLITE_TRANSIENT) == SQLITE_OK;
}

bool SqliteStatement::bindDouble(const char* name, double v) {
  const int i = paramIndex(name);
  return i != 0 && sqlite3_bind_double(stmt_, i, v) == SQLITE_OK;
}

bool SqliteStatement::bindNull(const char* name) {
  const int i = paramIndex(name);
  return i != 0 && sqlite3_bind_null(stmt_, i) == SQLITE_OK;
}

Result<bool> SqliteStatement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return sqliteStatus(sqlite3_db_handle(stmt_), rc, "running a statement");
}

std::string SqliteStatement::columnText(int i) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
  const int n = sqlite3_column_bytes(stmt_, i);
  return p != nullptr ? std::string(p, static_cast<size_t>(n)) : std::string();
}

std::string SqliteStatement::columnBlob(int i) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, i));
  const int n = sqlite3_column_bytes(stmt_, i);
  return p != nullptr ? std::string(p, static_cast<size_t>(n)) : std::string();
}

sql::ColumnType SqliteStatement::columnType(int i) const {
  switch (sqlite3_column_type(stmt_, i)) {
    case SQLITE_INTEGER: return sql::ColumnType::kInt;
    case SQLITE_FLOAT: return sql::ColumnType::kDouble;
    case SQLITE_BLOB: return sql::ColumnType::kBlob;
    case SQLITE_NULL: return sql::ColumnType::kNull;
    default: return sql::ColumnType::kText;
  }
}

void SqliteStatement::reset() {
  // reset ends the statement (and any read lock it holds); clear_bindings makes sure no value
  // leaks into the next use.
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Result<std::optional<int64_t>> SqliteStatement::runInsert() {
  if (!rowid_insert_) return sql::StatementImpl::runInsert();
  Result<bool> row = step();
  if (!row) return row.status();
  sqlite3* db = sqlite3_db_handle(stmt_);
  // ON CONFLICT DO NOTHING that did nothing changes no row (and leaves last_insert_rowid as it was).
  if (sqlite3_changes(db) == 0) return std::optional<int64_t>();
  return std::optional<int64_t>(sqlite3_last_insert_rowid(db));
}

// ---- Connection ----

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, int flags, int busy_timeout_ms,
                                                     const char* vfs) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, vfs);
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
  // The cached statements must be finalized before the handle closes; close_v2 would wait for
  // them anyway, and never fails with SQLITE_BUSY.
  clearStatementCache();
  sqlite3_close_v2(db_);
}

Result<std::unique_ptr<sql::StatementImpl>> Connection::prepareNew(const std::string& sql, bool cached) {
  // SQLite keeps RETURNING rows in an ephemeral b-tree, created and dropped on every run (a
  // quarter of an appeal insert's work). Every `RETURNING id` of ours returns the INTEGER PRIMARY
  // KEY, i.e. the rowid, which sqlite3_last_insert_rowid gives for free.
  static constexpr std::string_view kReturningId = " RETURNING id";
  const std::string_view text = sql;
  const bool rowid_insert = text.size() > kReturningId.size() && text.substr(0, 7) == "INSERT " &&
                            text.substr(text.size() - kReturningId.size()) == kReturningId;
  const size_t length = rowid_insert ? text.size() - kReturningId.size() : text.size();
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(length), cached ? SQLITE_PREPARE_PERSISTENT : 0,
                                    &stmt, nullptr);
  if (rc != SQLITE_OK) return sqliteStatus(db_, rc, "preparing a statement");
  return std::unique_ptr<sql::StatementImpl>(new SqliteStatement(stmt, rowid_insert));
}

Status Connection::execScript(const std::string& sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);  // sqliteStatus reads the message from the connection instead
  if (rc != SQLITE_OK) return sqliteStatus(db_, rc, "running SQL");
  return Status::ok();
}

}  // namespace onedoor::sqlite
