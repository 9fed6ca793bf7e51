// The PostgreSQL side of the shared SQL layer (store/sql/statement.h) over libpq: a Connection
// and its statements. The shared SQL names parameters ":name"; they are rewritten to $1..$n once
// per statement. Values go as text (blobs as binary) and come back as text, so the server infers
// each parameter's type from its context: where the context gives none (":x IS NULL" alone, or
// ":a + :b"), the SQL must say it, e.g. CAST(:x AS BIGINT), which SQLite accepts too.
// Thread-safety: none. A Connection and its Statements are used by one thread at a time.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/sql/statement.h"

namespace onedoor::pg {

// Maps a failed libpq call to a Status by SQLSTATE (`res` may be null when there is no result,
// e.g. a failed connect): unique violation → kConflict; foreign key, not-null, check and data
// exceptions → kInvalid; lost connection, shutdown, serialization failure, deadlock, exhausted
// resources → kUnavailable (the caller may retry); the rest kInternal.
Status pgStatus(PGconn* conn, const PGresult* res, std::string_view what);

// SQL with ":name" parameters rewritten to "$1".."$n" (a repeated name keeps its number), and the
// names (without ':') in number order. String literals, quoted identifiers, comments and "::"
// casts are left alone. Dollar-quoted bodies are not recognised (scripts with functions go
// through execScript, which takes no parameters).
struct RewrittenSql {
  std::string sql;
  std::vector<std::string> names;
};
RewrittenSql rewriteParameters(std::string_view sql);

class Connection : public sql::Connection {
 public:
  // `conninfo`: a postgresql:// URL or "key=value" string. connect_timeout defaults to 5 s (the
  // URL may say otherwise); client_encoding is always UTF8.
  static Result<std::unique_ptr<Connection>> open(const std::string& conninfo);
  ~Connection() override;

  Status execScript(const std::string& sql) override;
  int64_t changes() const override { return changes_; }
  sql::Dialect dialect() const override { return sql::Dialect::kPostgres; }

  // The server went away (terminated backend, restart, network): every call fails with
  // kUnavailable until reconnect().
  bool broken() const { return PQstatus(conn_) != CONNECTION_OK; }
  // Connects again with the same parameters and drops the statement cache (server-side prepared
  // statements die with the session). No Statement may be borrowed while this runs. An open
  // transaction is lost, as the server already rolled it back.
  Status reconnect();
  // Session settings (e.g. "SET statement_timeout = 5000") run now and again after every
  // reconnect, which starts a new session without them.
  Status setSessionDefaults(const std::string& sql);
  // Reconnects when broken(); the stores call it before each batch and each read.
  Status ensureUsable() override { return broken() ? reconnect() : Status::ok(); }
  bool inTransaction() const override { return PQtransactionStatus(conn_) != PQTRANS_IDLE; }
  PGconn* handle() const { return conn_; }

  // For the statements: records the row count of an INSERT/UPDATE/DELETE/MERGE result, and
  // hands out server-side statement names unique on this connection.
  void noteChanges(const PGresult* res);
  std::string nextStatementName() { return "od" + std::to_string(++statements_); }

 protected:
  Result<std::unique_ptr<sql::StatementImpl>> prepareNew(const std::string& sql, bool cached) override;

 private:
  explicit Connection(PGconn* conn) : conn_(conn) {}

  PGconn* conn_;
  std::string session_defaults_;  // run after every (re)connect
  int64_t changes_ = 0;
  uint64_t statements_ = 0;
};

}  // namespace onedoor::pg
