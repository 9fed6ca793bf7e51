// Implementation of copy_database.h over the shared SQL layer: the same code reads and writes
// either backend; only the catalogue queries (tables, columns, foreign keys, identity columns)
// differ per dialect.
#include "store/copy_database.h"

#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "ledger/ledger.h"
#include "store/db_url.h"
#include "store/postgres/pg_connection.h"
#include "store/sql/rows.h"
#include "store/sqlite/connection.h"
#include "store/store.h"

namespace onedoor {

namespace {

using sql::ColumnType;
using sql::Dialect;
using sql::Statement;

Result<std::unique_ptr<sql::Connection>> openRaw(const std::string& url) {
  if (isPostgresUrl(url)) {
    auto c = pg::Connection::open(url);
    if (!c) return c.status();
    return std::unique_ptr<sql::Connection>(std::move(*c));
  }
  Result<std::string> path = sqlitePathOf(url);
  if (!path) return path.status();
  auto c = sqlite::Connection::open(*path, SQLITE_OPEN_READWRITE, 5000);
  if (!c) return c.status();
  return std::unique_ptr<sql::Connection>(std::move(*c));
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

// Every row of a catalogue query (its parameter, if any, is ":p"), through the shared row reader.
template <class T, class From>
Result<std::vector<T>> rowsOf(sql::Connection& c, const std::string& query, const std::string& param, From from) {
  Result<Statement> st = c.prepare(query);
  if (!st) return st.status();
  if (!param.empty()) st->bindText(":p", param);
  Status error;
  std::vector<T> out = sql::allRows<T>(*st, from, [&](Status s) { error = std::move(s); });
  if (!error.isOk()) return error;
  return out;
}

// Runs `query` (one text column) and returns the values.
Result<std::vector<std::string>> texts(sql::Connection& c, const std::string& query, const std::string& param = "") {
  return rowsOf<std::string>(c, query, param, [](const Statement& st) { return st.columnText(0); });
}

// Runs `query` (two text columns) and returns the pairs.
Result<Pairs> pairs(sql::Connection& c, const std::string& query, const std::string& param = "") {
  return rowsOf<std::pair<std::string, std::string>>(
      c, query, param, [](const Statement& st) { return std::make_pair(st.columnText(0), st.columnText(1)); });
}

Result<std::vector<std::string>> tablesOf(sql::Connection& c) {
  if (c.dialect() == Dialect::kSqlite) {
    return texts(c, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                    "AND name <> 'schema_migrations' ORDER BY name");
  }
  return texts(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                  "AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY table_name");
}

Result<std::vector<std::string>> columnsOf(sql::Connection& c, const std::string& table) {
  if (c.dialect() == Dialect::kSqlite) return texts(c, "SELECT name FROM pragma_table_info(:p) ORDER BY cid", table);
  return texts(c, "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
                  "AND table_name = :p ORDER BY ordinal_position", table);
}

// (column, referenced table) of every foreign key of `table`.
Result<Pairs> foreignKeysOf(sql::Connection& c, const std::string& table) {
  const char* q = c.dialect() == Dialect::kSqlite
                      ? "SELECT \"from\", \"table\" FROM pragma_foreign_key_list(:p)"
                      : "SELECT a.attname, r.relname FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid "
                        "JOIN pg_class r ON r.oid = k.confrelid JOIN pg_attribute a ON a.attrelid = k.conrelid "
                        "AND a.attnum = k.conkey[1] WHERE k.contype = 'f' AND t.relname = :p";
  return pairs(c, q, table);
}

Result<int64_t> countRows(sql::Connection& c, const std::string& table) {
  Result<Statement> st = c.prepare("SELECT count(*) FROM " + table);
  if (!st) return st.status();
  Result<bool> row = st->step();
  if (!row) return row.status();
  return *row ? st->columnInt(0) : 0;
}

void bindValue(Statement& ins, const char* name, const Statement& row, int i) {
  switch (row.columnType(i)) {
    case ColumnType::kNull: ins.bindNull(name); break;
    case ColumnType::kInt: ins.bindInt(name, row.columnInt(i)); break;
    case ColumnType::kDouble: ins.bindDouble(name, row.columnDouble(i)); break;
    case ColumnType::kBlob: ins.bindBlob(name, row.columnBlob(i)); break;
    case ColumnType::kText: ins.bindText(name, row.columnText(i)); break;
  }
}

struct Plan {
  std::string table;
  std::vector<std::string> columns;
  std::set<std::string> deferred;  // FK columns set after the referenced rows exist (cycles)
};

// Orders the tables so that each comes after the tables it references. A self-reference, or a
// cycle, is broken by copying those columns as NULL first and setting them afterwards.
Result<std::vector<Plan>> planCopy(sql::Connection& target, const std::vector<std::string>& tables,
                                   const std::map<std::string, std::vector<std::string>>& columns) {
  std::map<std::string, Pairs> fks;
  for (const auto& t : tables) {
    auto f = foreignKeysOf(target, t);
    if (!f) return f.status();
    fks[t] = std::move(*f);
  }
  std::vector<Plan> plan;
  std::set<std::string> done;
  while (plan.size() < tables.size()) {
    // The remaining table with the fewest references to tables not yet copied (0 in a DAG).
    const std::string* best = nullptr;
    size_t best_unmet = SIZE_MAX;
    for (const auto& t : tables) {
      if (done.count(t)) continue;
      size_t unmet = 0;
      for (const auto& [col, ref] : fks[t]) unmet += ref != t && !done.count(ref);
      if (unmet < best_unmet) best = &t, best_unmet = unmet;
    }
    Plan p{*best, columns.at(*best), {}};
    for (const auto& [col, ref] : fks[*best])
      if (ref == *best || !done.count(ref)) p.deferred.insert(col);
    done.insert(*best);
    plan.push_back(std::move(p));
  }
  return plan;
}

Status copyTable(sql::Connection& from, sql::Connection& to, const Plan& p, int64_t& rows) {
  std::string cols, params;
  for (size_t i = 0; i < p.columns.size(); ++i) {
    cols += (i ? ", " : "") + p.columns[i];
    params += (i ? ", :c" : ":c") + std::to_string(i);
  }
  Result<Statement> sel = from.prepare("SELECT " + cols + " FROM " + p.table + " ORDER BY 1");
  if (!sel) return sel.status();
  Result<Statement> ins = to.prepare("INSERT INTO " + p.table + "(" + cols + ") VALUES (" + params + ")");
  if (!ins) return ins.status();
  std::vector<std::string> names;
  for (size_t i = 0; i < p.columns.size(); ++i) names.push_back(":c" + std::to_string(i));
  // Deferred columns: (first column's value = the row's key, column index, the row) set later.
  struct Later {
    std::string key_col;
    int64_t key;
    std::string col;
    int64_t value;
  };
  std::vector<Later> later;
  for (;;) {
    Result<bool> row = sel->step();
    if (!row) return row.status();
    if (!*row) break;
    for (size_t i = 0; i < p.columns.size(); ++i) {
      if (p.deferred.count(p.columns[i]) && !sel->columnIsNull(static_cast<int>(i))) {
        later.push_back({p.columns[0], sel->columnInt(0), p.columns[i], sel->columnInt(static_cast<int>(i))});
        ins->bindNull(names[i].c_str());
      } else {
        bindValue(*ins, names[i].c_str(), *sel, static_cast<int>(i));
      }
    }
    if (Status s = ins->run(); !s) return Status(s.code(), "复制 " + p.table + " 失败 / copying " + p.table + ": " + s.message());
    ++rows;
  }
  for (const auto& l : later) {
    Result<Statement> up = to.prepare("UPDATE " + p.table + " SET " + l.col + " = :v WHERE " + l.key_col + " = :k");
    if (!up) return up.status();
    if (Status s = up->bindInt(":v", l.value).bindInt(":k", l.key).run(); !s) return s;
  }
  return Status::ok();
}

// Identity columns continue after the copied ids (PostgreSQL; SQLite's rowids need nothing).
Status advanceIdentities(sql::Connection& to) {
  if (to.dialect() != Dialect::kPostgres) return Status::ok();
  auto ids = pairs(to, "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
                      "AND is_identity = 'YES'");
  if (!ids) return ids.status();
  for (const auto& [t, c] : *ids) {
    Status s = to.execScript("SELECT setval(pg_get_serial_sequence('" + t + "', '" + c + "'), (SELECT COALESCE(MAX(" +
                             c + "), 0) + 1 FROM " + t + "), false)");
    if (!s) return s;
  }
  return Status::ok();
}

// Verifies the ledger of the database at `url` and returns (events, last hash).
Result<std::pair<int64_t, std::string>> verifiedLedger(const std::string& url) {
  StoreOptions o;
  o.read_connections = 1;
  auto store = openStore(url, o);
  if (!store) return store.status();
  auto report = ledger::verifyStore(**store);
  if (!report) return report.status();
  if (!report->ok) {
    return internalError("账本校验失败 / ledger broken at seq " + std::to_string(report->first_bad_seq) + " in " + url +
                         ": " + report->reason);
  }
  std::string last;
  Status s = (*store)->read([&](Reader& r) {
    auto e = r.latestEvents(1);
    if (!e.empty()) last = e.front().hash;
    return Status::ok();
  });
  if (!s) return s;
  (*store)->close();
  return std::make_pair(report->events, last);
}

}  // namespace

Result<CopyReport> copyDatabase(const std::string& from_url, const std::string& to_url) {
  if (from_url == to_url) return invalid("源库与目标库相同 / source and target are the same database", "to");
  // Both at our newest schema (openStore migrates), and the source's ledger intact before we start.
  auto before = verifiedLedger(from_url);
  if (!before) return before.status();
  {
    auto target = openStore(to_url, StoreOptions{true, 1, 1});
    if (!target) return target.status();
    (*target)->close();
  }
  auto from = openRaw(from_url);
  if (!from) return from.status();
  auto to = openRaw(to_url);
  if (!to) return to.status();

  auto tables = tablesOf(**from);
  if (!tables) return tables.status();
  auto target_tables = tablesOf(**to);
  if (!target_tables) return target_tables.status();
  if (*tables != *target_tables) {
    return invalid("两个库的表不一致，请先升级两边 / the two databases have different tables; upgrade both first", "to");
  }
  std::map<std::string, std::vector<std::string>> columns;
  for (const auto& t : *tables) {
    auto a = columnsOf(**from, t);
    if (!a) return a.status();
    auto b = columnsOf(**to, t);
    if (!b) return b.status();
    std::vector<std::string> sa = *a, sb = *b;
    std::sort(sa.begin(), sa.end());
    std::sort(sb.begin(), sb.end());
    if (sa != sb) return invalid("表 " + t + " 的列不一致 / table " + t + " has different columns on the two sides", "to");
    columns[t] = *a;
    auto n = countRows(**to, t);
    if (!n) return n.status();
    if (*n > 0) return conflict("目标库已有数据（表 " + t + "）/ the target already holds data (table " + t + ")", "to");
  }
  auto plan = planCopy(**to, *tables, columns);
  if (!plan) return plan.status();

  CopyReport report;
  if (Status s = (*to)->run("BEGIN"); !s) return s;
  Status s = (*from)->run("BEGIN");  // one consistent snapshot of the source
  for (const auto& p : *plan) {
    if (!s) break;
    int64_t rows = 0;
    s = copyTable(**from, **to, p, rows);
    report.tables.push_back({p.table, rows});
  }
  if (s) s = advanceIdentities(**to);
  (*from)->run("COMMIT");
  if (s) s = (*to)->run("COMMIT");
  if (!s) {
    if ((*to)->inTransaction()) (*to)->execScript("ROLLBACK");
    return s;
  }

  auto after = verifiedLedger(to_url);
  if (!after) return after.status();
  if (*after != *before) {
    return internalError("复制后账本不一致 / the copied ledger differs: " + std::to_string(before->first) + " events ending " +
                         before->second + " vs " + std::to_string(after->first) + " ending " + after->second);
  }
  report.events = after->first;
  report.last_hash = after->second;
  return report;
}

}  // namespace onedoor
