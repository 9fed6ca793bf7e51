// The SQLite backend of the shared SQL layer (store/sql/statement.h): sqlite3 connections and
// prepared statements; the statement cache and the Statement handle live in the shared layer.
// Thread-safety: none. A Connection and its Statements are used by one thread at a time.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "store/sql/statement.h"

namespace onedoor::sqlite {

// Maps an SQLite result code (extended codes are on) to a Status with a bilingual message.
// Constraint failures become kConflict / kInvalid; busy / locked kUnavailable; the rest kInternal.
Status sqliteStatus(sqlite3* db, int rc, std::string_view what);

using sql::Statement;

// An sqlite3 prepared statement behind sql::Statement.
class SqliteStatement final : public sql::StatementImpl {
 public:
  // `rowid_insert`: the SQL was an `INSERT ... RETURNING id` prepared without its RETURNING
  // clause (see Connection::prepareNew); runInsert reads the id from the connection instead.
  explicit SqliteStatement(sqlite3_stmt* stmt, bool rowid_insert = false) : stmt_(stmt), rowid_insert_(rowid_insert) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  bool bindInt(const char* name, int64_t v) override;
  bool bindText(const char* name, std::string_view v) override;
  bool bindBlob(const char* name, std::string_view bytes) override;
  bool bindDouble(const char* name, double v) override;
  bool bindNull(const char* name) override;
  Result<bool> step() override;
  bool columnIsNull(int i) const override { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }
  int64_t columnInt(int i) const override { return sqlite3_column_int64(stmt_, i); }
  double columnDouble(int i) const override { return sqlite3_column_double(stmt_, i); }
  std::string columnText(int i) const override;
  std::string columnBlob(int i) const override;
  int columnCount() const override { return sqlite3_column_count(stmt_); }
  std::string columnName(int i) const override { return sqlite3_column_name(stmt_, i); }
  sql::ColumnType columnType(int i) const override;
  void reset() override;
  Result<std::optional<int64_t>> runInsert() override;

 private:
  // The parameter index of `name`. sqlite3_bind_parameter_index compares the name with every
  // parameter in turn (34 for an appeal: ~12 % of the writer's work); callers bind the same
  // string literals in the same order each time, so remembered (pointer, index) pairs are checked
  // from where the last lookup ended, and the name is compared once to rule out a reused pointer.
  int paramIndex(const char* name);
  struct Param {
    const char* ptr;
    std::string name;
    int index;
  };
  // Text values up to this size are bound from text_ (see bindText); longer ones are copied by SQLite.
  static constexpr size_t kOwnedTextMax = 4096;
  sqlite3_stmt* stmt_;
  bool rowid_insert_;
  std::vector<Param> params_;
  std::vector<std::string> text_;  // by parameter index - 1
  size_t next_ = 0;
};

class Connection final : public sql::Connection {
 public:
  // Opens `path` with sqlite3_open_v2 `flags` through the VFS named `vfs` (null: the default);
  // extended result codes on; busy_timeout set.
  static Result<std::unique_ptr<Connection>> open(const std::string& path, int flags, int busy_timeout_ms,
                                                  const char* vfs = nullptr);
  ~Connection() override;

  Status execScript(const std::string& sql) override;
  int64_t changes() const override { return sqlite3_changes64(db_); }
  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }

  bool inTransaction() const override { return sqlite3_get_autocommit(db_) == 0; }
  sqlite3* handle() const { return db_; }

 protected:
  Result<std::unique_ptr<sql::StatementImpl>> prepareNew(const std::string& sql, bool cached) override;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

}  // namespace onedoor::sqlite
