// Thin RAII wrappers over the sqlite3 C API: a Connection with a per-connection cache of prepared
// statements, and a Statement that binds by name and resets itself when it goes out of scope.
// Thread-safety: none. A Connection and its Statements are used by one thread at a time.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

namespace onedoor::sqlite {

// Maps an SQLite result code (extended codes are on) to a Status with a bilingual message.
// Constraint failures become kConflict / kInvalid; busy / locked kUnavailable; the rest kInternal.
Status sqliteStatus(sqlite3* db, int rc, std::string_view what);

class Connection;

// A prepared statement borrowed from a Connection (or a one-off one, see Connection::prepare).
// On destruction it is reset and its bindings cleared, which also ends any read it holds open.
class Statement {
 public:
  Statement() = default;
  Statement(Statement&& o) noexcept { *this = std::move(o); }
  Statement& operator=(Statement&& o) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { release(); }

  // Binding by parameter name (":name"). A name the SQL does not have is a programming error; it
  // is remembered and reported by the next step()/run().
  Statement& bindInt(const char* name, int64_t v);
  Statement& bindText(const char* name, std::string_view v);
  Statement& bindNull(const char* name);
  Statement& bindBlob(const char* name, std::string_view bytes);
  Statement& bindOptInt(const char* name, const std::optional<int64_t>& v);
  Statement& bindOptDouble(const char* name, const std::optional<double>& v);

  // Advances: true when a row is ready, false when the statement is done.
  Result<bool> step();
  // Runs to completion, ignoring any rows.
  Status run();

  int64_t columnInt(int i) const { return sqlite3_column_int64(stmt_, i); }
  bool columnIsNull(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }
  std::optional<int64_t> columnOptInt(int i) const;
  std::optional<double> columnOptDouble(int i) const;
  std::string columnText(int i) const;
  std::string columnBlob(int i) const;

 private:
  friend class Connection;
  Statement(Connection* conn, sqlite3_stmt* stmt, bool* in_use)
      : conn_(conn), stmt_(stmt), in_use_(in_use) {}
  int index(const char* name);
  void release();

  Connection* conn_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  bool* in_use_ = nullptr;  // the cache slot's flag; null for a one-off statement we own
  Status bind_error_;
};

class Connection {
 public:
  // Opens `path` with sqlite3_open_v2 `flags`; extended result codes on; busy_timeout set.
  static Result<std::unique_ptr<Connection>> open(const std::string& path, int flags, int busy_timeout_ms);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A prepared statement for `sql`, from the cache (prepared once, SQLITE_PREPARE_PERSISTENT).
  // If the cached one is still borrowed (nested use of the same SQL), a one-off statement is
  // prepared instead so the outer use is not disturbed.
  Result<Statement> prepare(const std::string& sql);
  // prepare(sql) + run(): one statement, e.g. "BEGIN IMMEDIATE", "COMMIT", an UPDATE.
  Status run(const std::string& sql);
  // Several statements separated by ';' (migrations, PRAGMAs); not cached.
  Status execScript(const std::string& sql);

  int64_t changes() const { return sqlite3_changes64(db_); }
  int64_t lastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }
  bool inTransaction() const { return sqlite3_get_autocommit(db_) == 0; }
  sqlite3* handle() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };

  sqlite3* db_;
  // Node-based map: a Statement keeps a pointer to its slot's in_use flag, which stays valid
  // while other entries are added.
  std::unordered_map<std::string, Cached> cache_;
};

}  // namespace onedoor::sqlite
