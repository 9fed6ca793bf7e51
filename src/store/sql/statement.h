// The SQL layer both backends share: a Connection with a cache of prepared statements and a
// Statement handle that binds parameters by name (":name") and reads columns by index. The
// Reader/WriteTx SQL (src/store/sql/*.cc) is written once against this; src/store/sqlite and
// src/store/postgres implement StatementImpl and Connection::prepareNew for their client library.
// Thread-safety: none. A Connection and its Statements are used by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

namespace onedoor::sql {

// Where the SQL the two backends accept differs (few places: JSON array parameters), the shared
// code asks the connection which one it talks to.
enum class Dialect { kSqlite, kPostgres };

// A column's type in the current row, for code that copies rows without knowing the schema
// (onedoor migrate-db).
enum class ColumnType { kNull, kInt, kDouble, kText, kBlob };

// One prepared statement of a backend. The bind methods return false when the SQL has no such
// parameter (the Statement handle turns that into an error at the next step()).
class StatementImpl {
 public:
  virtual ~StatementImpl() = default;
  virtual bool bindInt(const char* name, int64_t v) = 0;
  virtual bool bindText(const char* name, std::string_view v) = 0;
  virtual bool bindBlob(const char* name, std::string_view bytes) = 0;
  virtual bool bindDouble(const char* name, double v) = 0;
  virtual bool bindNull(const char* name) = 0;
  // Runs the statement on the first call; true while a row is ready, false when done.
  virtual Result<bool> step() = 0;
  virtual bool columnIsNull(int i) const = 0;
  virtual int64_t columnInt(int i) const = 0;
  virtual double columnDouble(int i) const = 0;
  virtual std::string columnText(int i) const = 0;
  virtual std::string columnBlob(int i) const = 0;
  virtual int columnCount() const = 0;
  virtual std::string columnName(int i) const = 0;
  virtual ColumnType columnType(int i) const = 0;
  // Ends the statement (and any read it holds open) and clears its bindings, ready for reuse.
  virtual void reset() = 0;
  // Runs an `INSERT ... ON CONFLICT DO NOTHING RETURNING id` to its end: the new row's id, or
  // nullopt when a unique key kept the row out. This reads the RETURNING row; a backend may do
  // better (SQLite: see SqliteStatement).
  virtual Result<std::optional<int64_t>> runInsert();
};

// A prepared statement borrowed from a Connection's cache (or a one-off one, see prepare). On
// destruction it is reset and goes back to the cache.
class Statement {
 public:
  Statement() = default;
  Statement(StatementImpl* cached, bool* in_use) : impl_(cached), in_use_(in_use) {}
  explicit Statement(std::unique_ptr<StatementImpl> one_off) : impl_(one_off.get()), owned_(std::move(one_off)) {}
  Statement(Statement&& o) noexcept { *this = std::move(o); }
  Statement& operator=(Statement&& o) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { release(); }

  // Binding by parameter name (":name"). A name the SQL does not have is a programming error; it
  // is remembered and reported by the next step()/run().
  Statement& bindInt(const char* name, int64_t v) { return note(impl_->bindInt(name, v), name); }
  Statement& bindText(const char* name, std::string_view v) { return note(impl_->bindText(name, v), name); }
  Statement& bindBlob(const char* name, std::string_view b) { return note(impl_->bindBlob(name, b), name); }
  Statement& bindNull(const char* name) { return note(impl_->bindNull(name), name); }
  Statement& bindOptInt(const char* name, const std::optional<int64_t>& v) {
    return v ? bindInt(name, *v) : bindNull(name);
  }
  Statement& bindOptDouble(const char* name, const std::optional<double>& v) {
    return v ? note(impl_->bindDouble(name, *v), name) : bindNull(name);
  }

  // Advances: true when a row is ready, false when the statement is done.
  Result<bool> step();
  // Runs to completion, ignoring any rows; then (also after an error) the statement is reset
  // (bindings cleared), so it can be bound and run again.
  Status run();
  // Runs an `INSERT ... ON CONFLICT DO NOTHING RETURNING id` and gives that id; kConflict when
  // the row was not inserted because a unique key exists.
  Result<int64_t> runReturningId();

  int64_t columnInt(int i) const { return impl_->columnInt(i); }
  bool columnIsNull(int i) const { return impl_->columnIsNull(i); }
  std::optional<int64_t> columnOptInt(int i) const {
    return columnIsNull(i) ? std::nullopt : std::optional<int64_t>(columnInt(i));
  }
  std::optional<double> columnOptDouble(int i) const {
    return columnIsNull(i) ? std::nullopt : std::optional<double>(impl_->columnDouble(i));
  }
  std::string columnText(int i) const { return impl_->columnText(i); }
  std::string columnBlob(int i) const { return impl_->columnBlob(i); }
  double columnDouble(int i) const { return impl_->columnDouble(i); }
  int columnCount() const { return impl_->columnCount(); }
  std::string columnName(int i) const { return impl_->columnName(i); }
  ColumnType columnType(int i) const { return impl_->columnType(i); }
  Statement& bindDouble(const char* name, double v) { return note(impl_->bindDouble(name, v), name); }

 private:
  Statement& note(bool bound, const char* name);
  void release();

  StatementImpl* impl_ = nullptr;
  bool* in_use_ = nullptr;                 // the cache slot's flag; null for a one-off statement
  std::unique_ptr<StatementImpl> owned_;   // set for a one-off statement
  Status bind_error_;
};

class Connection {
 public:
  virtual ~Connection() = default;
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A prepared statement for `sql`, from the cache (prepared once). If the cached one is still
  // borrowed (nested use of the same SQL), a one-off statement is prepared instead so the outer
  // use is not disturbed.
  Result<Statement> prepare(std::string_view sql);
  // prepare(sql) + run(): one statement, e.g. "COMMIT", an UPDATE.
  Status run(std::string_view sql);
  // Several statements separated by ';' (migrations, settings); not cached, no parameters.
  virtual Status execScript(const std::string& sql) = 0;
  // Rows changed by the most recent INSERT/UPDATE/DELETE run on this connection.
  virtual int64_t changes() const = 0;
  virtual Dialect dialect() const = 0;
  // Inside a transaction block (including one a failed statement has aborted).
  virtual bool inTransaction() const = 0;
  // Makes the connection usable again after it was lost (PostgreSQL: reconnects); ok when it is.
  virtual Status ensureUsable() { return Status::ok(); }

 protected:
  // Prepares `sql` anew; `cached` says it will live in the cache (backends may prepare it
  // server-side once) rather than be used once.
  virtual Result<std::unique_ptr<StatementImpl>> prepareNew(const std::string& sql, bool cached) = 0;
  // Drops every cached statement (e.g. after a PostgreSQL reconnect, where they no longer exist).
  void clearStatementCache() { cache_.clear(); }

 private:
  struct Cached {
    std::unique_ptr<StatementImpl> impl;
    bool in_use = false;
  };
  // Looked up by the SQL text as it is, so a hit builds no std::string (the hot writes prepare
  // several statements per request from string literals).
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view sql) const noexcept { return std::hash<std::string_view>{}(sql); }
  };
  // Node-based map: a Statement keeps a pointer to its slot's in_use flag, which stays valid
  // while other entries are added.
  std::unordered_map<std::string, Cached, SqlHash, std::equal_to<>> cache_;
};

}  // namespace onedoor::sql
