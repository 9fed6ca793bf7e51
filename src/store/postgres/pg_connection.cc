// Implementation of pg_connection.h: connecting, parameter rewriting, statements over libpq, error
// mapping. Thread-safety: as pg_connection.h.
#include "store/postgres/pg_connection.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <utility>

namespace onedoor::pg {

namespace {

// Type OIDs of the built-in types (pg_type.h; stable across releases).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

// libpq's messages end in a newline and may span lines; a Status message is one line.
std::string trimmed(const char* s) {
  std::string out = s != nullptr ? s : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  std::replace(out.begin(), out.end(), '\n', ' ');
  return out;
}

bool isNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool isNameChar(char c) { return isNameStart(c) || (c >= '0' && c <= '9'); }

// Parses an integer column's text. A numeric or float text ("12.0") is truncated like SQLite's
// column_int64 does; booleans read 't'/'f'.
int64_t parseInt(const char* s, int len) {
  if (len == 1 && (s[0] == 't' || s[0] == 'f')) return s[0] == 't' ? 1 : 0;
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s, s + len, v);
  if (ec == std::errc() && end == s + len) return v;
  double d = 0;
  if (std::from_chars(s, s + len, d).ec != std::errc() || std::isnan(d)) return v;
  // Clamped as SQLite does: a cast of an out-of-range double is undefined.
  if (d >= 9223372036854775807.0) return std::numeric_limits<int64_t>::max();
  if (d <= -9223372036854775808.0) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(d);
}

// Does this command tag report rows changed (what changes() counts, as SQLite does)?
bool isDml(const char* tag) {
  for (const char* verb : {"INSERT ", "UPDATE ", "DELETE ", "MERGE "}) {
    if (std::strncmp(tag, verb, std::strlen(verb)) == 0) return true;
  }
  return false;
}

// Ignores NOTICEs ("relation already exists, skipping"): libpq would print them on stderr.
void ignoreNotice(void*, const char*) {}

class PgStatement : public sql::StatementImpl {
 public:
  PgStatement(Connection* conn, RewrittenSql rewritten, std::string prepared_name)
      : conn_(conn),
        sql_(std::move(rewritten.sql)),
        names_(std::move(rewritten.names)),
        prepared_name_(std::move(prepared_name)),
        values_(names_.size()),
        binary_(names_.size(), 0) {}
  // Touches only its own result: a cached statement may outlive its PGconn (the cache is dropped
  // after the connection closes), and the server forgets prepared statements with the session.
  ~PgStatement() override { PQclear(res_); }

  bool bindInt(const char* name, int64_t v) override { return set(name, std::to_string(v), false); }
  bool bindText(const char* name, std::string_view v) override { return set(name, std::string(v), false); }
  bool bindBlob(const char* name, std::string_view bytes) override { return set(name, std::string(bytes), true); }
  bool bindDouble(const char* name, double v) override {
    // Shortest text that reads back as the same double.
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return set(name, std::string(buf, ec == std::errc() ? end : buf), false);
  }
  bool bindNull(const char* name) override {
    const int i = index(name);
    if (i < 0) return false;
    values_[static_cast<size_t>(i)].reset();
    binary_[static_cast<size_t>(i)] = 0;
    return true;
  }

  Result<bool> step() override {
    if (res_ == nullptr) {
      Status s = execute();
      if (!s) return s;
      row_ = -1;
    }
    if (row_ < PQntuples(res_)) ++row_;
    return row_ < PQntuples(res_);
  }

  bool columnIsNull(int i) const override { return PQgetisnull(res_, row_, i) != 0; }
  int64_t columnInt(int i) const override {
    if (columnIsNull(i)) return 0;
    return parseInt(PQgetvalue(res_, row_, i), PQgetlength(res_, row_, i));
  }
  double columnDouble(int i) const override {
    if (columnIsNull(i)) return 0;
    const char* s = PQgetvalue(res_, row_, i);
    const int len = PQgetlength(res_, row_, i);
    if (len == 1 && (s[0] == 't' || s[0] == 'f')) return s[0] == 't' ? 1 : 0;
    double d = 0;
    std::from_chars(s, s + len, d);  // also reads "Infinity", "-Infinity", "NaN"
    return d;
  }
  std::string columnText(int i) const override {
    const char* s = PQgetvalue(res_, row_, i);  // null only when out of range
    return s != nullptr ? std::string(s, static_cast<size_t>(PQgetlength(res_, row_, i))) : std::string();
  }
  std::string columnBlob(int i) const override {
    if (PQftype(res_, i) != kByteaOid) return columnText(i);
    size_t n = 0;
    unsigned char* bytes =
        PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(res_, row_, i)), &n);
    if (bytes == nullptr) return {};
    std::string out(reinterpret_cast<const char*>(bytes), n);
    PQfreemem(bytes);
    return out;
  }
  int columnCount() const override { return res_ != nullptr ? PQnfields(res_) : 0; }
  std::string columnName(int i) const override {
    const char* n = res_ != nullptr ? PQfname(res_, i) : nullptr;
    return n != nullptr ? n : "";
  }
  sql::ColumnType columnType(int i) const override {
    if (columnIsNull(i)) return sql::ColumnType::kNull;
    switch (PQftype(res_, i)) {
      case kInt2Oid:
      case kInt4Oid:
      case kInt8Oid:
      case kBoolOid:
        return sql::ColumnType::kInt;
      case kFloat4Oid:
      case kFloat8Oid:
      case kNumericOid:
        return sql::ColumnType::kDouble;
      case kByteaOid:
        return sql::ColumnType::kBlob;
      default:
        return sql::ColumnType::kText;
    }
  }

  void reset() override {
    PQclear(res_);
    res_ = nullptr;
    row_ = -1;
    for (auto& v : values_) v.reset();
    std::fill(binary_.begin(), binary_.end(), 0);
  }

 private:
  int index(const char* name) const {
    std::string_view n(name);
    if (!n.empty() && n.front() == ':') n.remove_prefix(1);
    for (size_t i = 0; i < names_.size(); ++i) {
      if (names_[i] == n) return static_cast<int>(i);
    }
    return -1;
  }

  bool set(const char* name, std::string value, bool binary) {
    const int i = index(name);
    if (i < 0) return false;
    values_[static_cast<size_t>(i)] = std::move(value);
    binary_[static_cast<size_t>(i)] = binary ? 1 : 0;
    return true;
  }

  // Runs the statement; the whole result is fetched (results here are pages, not exports).
  Status execute() {
    const int n = static_cast<int>(values_.size());
    std::vector<const char*> values(values_.size());
    std::vector<int> lengths(values_.size());
    for (size_t i = 0; i < values_.size(); ++i) {
      values[i] = values_[i] ? values_[i]->data() : nullptr;
      lengths[i] = values_[i] ? static_cast<int>(values_[i]->size()) : 0;
    }
    PGconn* pc = conn_->handle();
    if (is_write_ && PQtransactionStatus(pc) == PQTRANS_INTRANS) return executeInSavepoint(values, lengths);
    PGresult* res =
        prepared_name_.empty()
            ? PQexecParams(pc, sql_.c_str(), n, nullptr, values.data(), lengths.data(), binary_.data(), 0)
            : PQexecPrepared(pc, prepared_name_.c_str(), n, values.data(), lengths.data(), binary_.data(), 0);
    const ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
      Status s = pgStatus(pc, res, "running a statement");
      PQclear(res);
      return s;
    }
    conn_->noteChanges(res);
    res_ = res;
    return Status::ok();
  }

  // Inside a transaction a failing statement aborts the whole transaction on PostgreSQL, while on
  // SQLite it fails alone and the WriteFn may go on (e.g. after a refused insert). So a write runs
  // in its own savepoint: SAVEPOINT, the statement and RELEASE go in one pipeline (one round
  // trip); when the statement fails, ROLLBACK TO the savepoint makes the transaction usable again.
  Status executeInSavepoint(const std::vector<const char*>& values, const std::vector<int>& lengths) {
    PGconn* pc = conn_->handle();
    const int n = static_cast<int>(values.size());
    if (PQenterPipelineMode(pc) != 1) return pgStatus(pc, nullptr, "starting a pipeline");
    bool sent = PQsendQueryParams(pc, "SAVEPOINT od_stmt", 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
    sent = sent && (prepared_name_.empty()
                        ? PQsendQueryParams(pc, sql_.c_str(), n, nullptr, values.data(), lengths.data(), binary_.data(), 0)
                        : PQsendQueryPrepared(pc, prepared_name_.c_str(), n, values.data(), lengths.data(),
                                              binary_.data(), 0)) == 1;
    sent = sent && PQsendQueryParams(pc, "RELEASE od_stmt", 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
    sent = sent && PQpipelineSync(pc) == 1;
    if (!sent) {
      Status s = pgStatus(pc, nullptr, "sending a statement");
      PQexitPipelineMode(pc);
      return s;
    }
    // One result per command (each followed by a null), then the sync point.
    auto next = [pc]() -> PGresult* {
      PGresult* r = PQgetResult(pc);
      if (r != nullptr) {
        while (PGresult* extra = PQgetResult(pc)) PQclear(extra);
      }
      return r;
    };
    PGresult* save = next();
    PGresult* stmt = next();
    PGresult* release = next();
    PGresult* sync = PQgetResult(pc);
    const bool synced = sync != nullptr && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
    PQclear(sync);
    PQexitPipelineMode(pc);
    auto ok = [](PGresult* r) {
      return r != nullptr && (PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK);
    };
    Status result;
    if (!synced || !ok(save)) {
      result = pgStatus(pc, ok(save) ? nullptr : save, "running a statement");
    } else if (!ok(stmt)) {
      result = pgStatus(pc, stmt, "running a statement");
      if (PQstatus(pc) == CONNECTION_OK) {
        PGresult* undo = PQexec(pc, "ROLLBACK TO SAVEPOINT od_stmt; RELEASE SAVEPOINT od_stmt");
        PQclear(undo);
      }
    } else if (!ok(release)) {
      result = pgStatus(pc, release, "running a statement");
    }
    PQclear(save);
    PQclear(release);
    if (!result.isOk()) {
      PQclear(stmt);
      return result;
    }
    conn_->noteChanges(stmt);
    res_ = stmt;
    return Status::ok();
  }

  static bool startsWithWrite(const std::string& sql) {
    size_t i = sql.find_first_not_of(" \t\n(");
    if (i == std::string::npos) return false;
    std::string head;
    for (; i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])) && head.size() < 6; ++i)
      head += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i])));
    return head == "INSERT" || head == "UPDATE" || head == "DELETE";
  }

  Connection* conn_;
  std::string sql_;
  bool is_write_ = startsWithWrite(sql_);
  std::vector<std::string> names_;
  std::string prepared_name_;  // empty: a one-off statement run with PQexecParams
  std::vector<std::optional<std::string>> values_;  // unset: NULL (as SQLite's unbound parameters)
  std::vector<int> binary_;                         // libpq paramFormats: 1 for blobs
  PGresult* res_ = nullptr;
  int row_ = -1;
};

}  // namespace

Status pgStatus(PGconn* conn, const PGresult* res, std::string_view what) {
  const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string code = state != nullptr ? state : "";
  // The primary message only: DETAIL repeats the offending key's values (a phone number, a name),
  // which must not reach users or logs through this message.
  std::string detail = trimmed(res != nullptr ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr);
  if (detail.empty() && conn != nullptr) detail = trimmed(PQerrorMessage(conn));
  const bool lost = conn == nullptr || PQstatus(conn) != CONNECTION_OK;
  if (lost || code.starts_with("08") || code == "57P01" || code == "57P02" || code == "57P03" ||
      code == "40001" || code == "40P01" || code.starts_with("53") || code == "57014" || code == "55P03") {
    // 57014: statement_timeout (the database too slow or a lock held too long); 55P03: lock wait.
    return {Code::kUnavailable, "数据库暂时不可用，请稍后重试 / database unavailable, try again (" + detail + ")"};
  }
  if (code == "23505") return conflict("记录已存在 / record already exists (" + detail + ")");
  if (code == "23503") return invalid("引用的记录不存在 / referenced record does not exist (" + detail + ")");
  if (code == "23502" || code == "23514" || code.starts_with("22")) {
    return invalid("取值不符合要求 / value not allowed (" + detail + ")");
  }
  return internalError("数据库错误 / database error while " + std::string(what) + ": " + detail);
}

RewrittenSql rewriteParameters(std::string_view sql) {
  RewrittenSql out;
  out.sql.reserve(sql.size() + 8);
  size_t i = 0;
  // Copies a quoted run starting at sql[i] (the opening quote) through its closing quote. A
  // doubled quote inside reads as a close and a reopen, which copies the same; E'' strings also
  // escape with a backslash.
  auto copyQuoted = [&](char quote, bool backslash) {
    out.sql += sql[i++];
    while (i < sql.size()) {
      const char c = sql[i++];
      out.sql += c;
      if (backslash && c == '\\' && i < sql.size()) {
        out.sql += sql[i++];
      } else if (c == quote) {
        return;
      }
    }
  };
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'') {
      const bool escaped = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !isNameChar(sql[i - 2]));
      copyQuoted('\'', escaped);
    } else if (c == '"') {
      copyQuoted('"', false);
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const size_t end = sql.find('\n', i);
      const size_t stop = end == std::string_view::npos ? sql.size() : end;
      out.sql.append(sql.substr(i, stop - i));
      i = stop;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      const size_t end = sql.find("*/", i + 2);
      const size_t stop = end == std::string_view::npos ? sql.size() : end + 2;
      out.sql.append(sql.substr(i, stop - i));
      i = stop;
    } else if (c == ':' && i + 1 < sql.size() && sql[i + 1] == ':') {
      out.sql += "::";
      i += 2;
    } else if (c == ':' && i + 1 < sql.size() && isNameStart(sql[i + 1])) {
      size_t end = i + 1;
      while (end < sql.size() && isNameChar(sql[end])) ++end;
      const std::string_view name = sql.substr(i + 1, end - i - 1);
      size_t n = 0;
      while (n < out.names.size() && out.names[n] != name) ++n;
      if (n == out.names.size()) out.names.emplace_back(name);
      out.sql += '$';
      out.sql += std::to_string(n + 1);
      i = end;
    } else {
      out.sql += c;
      ++i;
    }
  }
  return out;
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& conninfo) {
  // Keywords are applied in order: the URL (expanded from "dbname") may override the timeout,
  // not the encoding, which the text protocol here depends on.
  // TCP keepalives and tcp_user_timeout: a database host that vanished (a partition, a dead
  // machine) shows as a broken connection within ~25 s instead of a wait without end.
  const char* keys[] = {"connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count",
                        "tcp_user_timeout", "dbname", "client_encoding", nullptr};
  const char* values[] = {"5", "1", "10", "5", "3", "15000", conninfo.c_str(), "UTF8", nullptr};
  PGconn* pc = PQconnectdbParams(keys, values, 1);
  if (pc == nullptr) return internalError("无法连接数据库 / cannot connect to the database: out of memory");
  if (PQstatus(pc) != CONNECTION_OK) {
    Status s{Code::kUnavailable, "无法连接数据库，请稍后重试 / cannot connect to the database, try again (" +
                                     trimmed(PQerrorMessage(pc)) + ")"};
    PQfinish(pc);
    return s;
  }
  PQsetNoticeProcessor(pc, ignoreNotice, nullptr);
  return std::unique_ptr<Connection>(new Connection(pc));
}

Connection::~Connection() { PQfinish(conn_); }

Status Connection::execScript(const std::string& sql) {
  PGresult* res = PQexec(conn_, sql.c_str());
  const ExecStatusType st = PQresultStatus(res);
  Status s = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY
                 ? Status::ok()
                 : pgStatus(conn_, res, "running SQL");
  PQclear(res);
  return s;
}

Status Connection::reconnect() {
  clearStatementCache();
  changes_ = 0;
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) return pgStatus(conn_, nullptr, "reconnecting");
  return session_defaults_.empty() ? Status::ok() : execScript(session_defaults_);
}

Status Connection::setSessionDefaults(const std::string& sql) {
  session_defaults_ = sql;
  return execScript(sql);
}

void Connection::noteChanges(const PGresult* res) {
  if (isDml(PQcmdStatus(const_cast<PGresult*>(res)))) {
    changes_ = std::strtoll(PQcmdTuples(const_cast<PGresult*>(res)), nullptr, 10);
  }
}

Result<std::unique_ptr<sql::StatementImpl>> Connection::prepareNew(const std::string& sql, bool cached) {
  RewrittenSql rewritten = rewriteParameters(sql);
  std::string name;
  if (cached) {
    name = nextStatementName();
    PGresult* res = PQprepare(conn_, name.c_str(), rewritten.sql.c_str(), 0, nullptr);
    Status s = PQresultStatus(res) == PGRES_COMMAND_OK ? Status::ok() : pgStatus(conn_, res, "preparing a statement");
    PQclear(res);
    if (!s) return s;
  }
  return std::unique_ptr<sql::StatementImpl>(new PgStatement(this, std::move(rewritten), std::move(name)));
}

}  // namespace onedoor::pg
