// Tests of what is particular to the SQLite backend: URL parsing, PRAGMAs and schema, migrations,
// the statement cache, batching statistics, the writer thread's robustness and pipelined durability
// (the syncer thread answers each write after the sync that covers its commit).
#include <gtest/gtest.h>

#include <map>
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <filesystem>
#include <future>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/connection.h"
#include "store/sqlite/migrations.h"
#include "store/store.h"
#include "support/sqlite_value.h"

namespace onedoor {
namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "onedoor-sqlite-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    path_ = (dir_ / "onedoor.db").string();
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::unique_ptr<Store> open(const StoreOptions& options = {}) {
    auto r = openStore("sqlite:" + path_, options);
    EXPECT_TRUE(r.isOk()) << r.status().message();
    return r.isOk() ? std::move(r).value() : nullptr;
  }

  // One value from a query on the raw file.
  std::string rawQuery(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    std::string out = test::sqliteValue(db, sql);
    sqlite3_close(db);
    return out;
  }

  static Status appendOne(WriteTx& tx) { return tx.appendEvent(EventDraft{1, "system", "test.e", "", "{}"}).status(); }

  std::filesystem::path dir_;
  std::string path_;
};

TEST(OpenStoreTest, RejectsUnsupportedUrls) {
  // A PostgreSQL URL goes to that backend: nothing listens on port 1, so it fails fast and says so.
  auto pg = openStore("postgresql://onedoor@127.0.0.1:1/onedoor");
  ASSERT_FALSE(pg.isOk());
  EXPECT_EQ(pg.status().code(), Code::kUnavailable);
  for (const char* url : {"mysql://x", "onedoor.db", "sqlite:", "sqlite::memory:", ""}) {
    auto r = openStore(url);
    ASSERT_FALSE(r.isOk()) << url;
    EXPECT_EQ(r.status().code(), Code::kInvalid) << url;
    EXPECT_NE(r.status().message().find(" / "), std::string::npos);
  }
}

TEST_F(SqliteStoreTest, RejectsBadOptions) {
  StoreOptions o;
  o.read_connections = 0;
  EXPECT_EQ(openStore("sqlite:" + path_, o).status().code(), Code::kInvalid);
  o = {};
  o.max_batch = 0;
  EXPECT_EQ(openStore("sqlite:" + path_, o).status().code(), Code::kInvalid);
}

TEST_F(SqliteStoreTest, CreatesParentDirectoriesAndAcceptsUrlSpelling) {
  const auto nested = dir_ / "a" / "b" / "c.db";
  auto r = openStore("sqlite://" + nested.string());  // sqlite:///abs/path
  ASSERT_TRUE(r.isOk()) << r.status().message();
  EXPECT_TRUE(std::filesystem::exists(nested));
}

TEST_F(SqliteStoreTest, PragmasAndStrictSchema) {
  {
    auto store = open();
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(rawQuery("PRAGMA journal_mode"), "wal");
    EXPECT_EQ(rawQuery("SELECT count(*) FROM pragma_table_list WHERE schema = 'main' AND strict = 1 AND name IN "
                       "('departments','users','sessions','events','schema_migrations')"),
              "5");
    EXPECT_EQ(rawQuery("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = "
                       "'trigger' AND tbl_name = 'events' ORDER BY name)"),
              "events_no_delete,events_no_update");
    EXPECT_EQ(rawQuery("SELECT max(version) FROM schema_migrations"), std::to_string(sqlite::migrations().back().version));
  }
  // Reopening applies nothing twice.
  auto again = open();
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(rawQuery("SELECT count(*) FROM schema_migrations"), std::to_string(sqlite::migrations().size()));
}

TEST_F(SqliteStoreTest, MigrationsAreIdempotentAndRefuseNewerDatabases) {
  auto conn = sqlite::Connection::open(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 1000);
  ASSERT_TRUE(conn.isOk());
  ASSERT_TRUE(sqlite::applyMigrations(**conn));
  ASSERT_TRUE(sqlite::applyMigrations(**conn));
  auto v = sqlite::schemaVersion(**conn);
  ASSERT_TRUE(v.isOk());
  EXPECT_EQ(*v, sqlite::migrations().back().version);
  // Versions strictly ascending.
  for (size_t i = 1; i < sqlite::migrations().size(); ++i) {
    EXPECT_LT(sqlite::migrations()[i - 1].version, sqlite::migrations()[i].version);
  }
  ASSERT_TRUE((*conn)->execScript("INSERT INTO schema_migrations VALUES (9999, 0)"));
  Status s = sqlite::applyMigrations(**conn);
  EXPECT_FALSE(s.isOk());
  EXPECT_FALSE((*conn)->inTransaction());
  conn = Result<std::unique_ptr<sqlite::Connection>>(Status());  // close before openStore
  auto store = openStore("sqlite:" + path_);
  EXPECT_FALSE(store.isOk());
}

TEST_F(SqliteStoreTest, MigrationsRunPerVersionSoAGapFilledLaterStillRuns) {
  // Branches number their migrations apart (v5 here, v4 elsewhere). A database that has a higher
  // version recorded must still get a lower one it lacks: simulated by recording only the newest.
  auto conn = sqlite::Connection::open(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 1000);
  ASSERT_TRUE(conn.isOk());
  int newest = sqlite::migrations().back().version;
  ASSERT_TRUE((*conn)->execScript("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER "
                                  "NOT NULL) STRICT; INSERT INTO schema_migrations VALUES (" +
                                  std::to_string(newest) + ", 0)"));
  ASSERT_TRUE(sqlite::applyMigrations(**conn));
  conn = Result<std::unique_ptr<sqlite::Connection>>(Status());
  EXPECT_EQ(rawQuery("SELECT count(*) FROM sqlite_master WHERE name = 'departments'"), "1");  // v1 ran
  // The newest migration is recorded, so it did not run: the first table that the newest
  // table-creating migration creates is absent when that one is the newest.
  std::string sql = sqlite::migrations().back().sql;
  if (sql.find("CREATE TABLE ") == std::string::npos) {
    // The newest changes existing tables; v9 (tables only) must then have run. Check its table.
    EXPECT_EQ(rawQuery("SELECT count(*) FROM sqlite_master WHERE name = 'hall_shifts'"), "1");
    EXPECT_EQ(rawQuery("SELECT count(*) FROM schema_migrations"), std::to_string(sqlite::migrations().size()));
    return;
  }
  auto at = sql.find("CREATE TABLE ");
  ASSERT_NE(at, std::string::npos);
  std::string table = sql.substr(at + 13, sql.find_first_of(" (", at + 13) - (at + 13));
  EXPECT_EQ(rawQuery("SELECT count(*) FROM sqlite_master WHERE name = '" + table + "'"), "0") << table;
  EXPECT_EQ(rawQuery("SELECT count(*) FROM schema_migrations"), std::to_string(sqlite::migrations().size()));
}

TEST(CheckInListsTest, RewritesOnlyCheckInListsOfLiterals) {
  EXPECT_EQ(sqlite::checkInListsAsComparisons(
                "CREATE TABLE t (\n  s TEXT NOT NULL CHECK (s IN ('a', 'b''c', 'd')),\n  n INTEGER CHECK (n IN (0, 1, -2)),\n"
                "  k TEXT CHECK (k IN ('x',\n    'y')),\n  r INTEGER CHECK (r BETWEEN 1 AND 5),\n"
                "  q TEXT CHECK (length(q) > 0 AND q IN ('p', 'q', 'z'))\n) STRICT"),
            "CREATE TABLE t (\n  s TEXT NOT NULL CHECK (s = 'a' OR s = 'b''c' OR s = 'd'),\n  n INTEGER CHECK (n = 0 OR n = 1 OR "
            "n = -2),\n  k TEXT CHECK (k = 'x' OR k = 'y'),\n  r INTEGER CHECK (r BETWEEN 1 AND 5),\n"
            "  q TEXT CHECK (length(q) > 0 AND q IN ('p', 'q', 'z'))\n) STRICT");
  // Not a literal list: untouched.
  const std::string sub = "CREATE TABLE u (a TEXT CHECK (a IN (SELECT x FROM v)), b TEXT CHECK (b IN ('x', y)))";
  EXPECT_EQ(sqlite::checkInListsAsComparisons(sub), sub);
}

// v10 changes the CHECKs of tables that already hold rows, in place: the rows stay, the same values
// are refused, and an appeal insert no longer builds a temporary b-tree per row (SQLite's
// OpenEphemeral) on the connection that migrated nor on a new one.
TEST_F(SqliteStoreTest, V10WritesInListChecksAsComparisonsInPlace) {
  auto conn = sqlite::Connection::open(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 1000);
  ASSERT_TRUE(conn.isOk());
  sqlite::Connection& c = **conn;
  ASSERT_TRUE(c.execScript("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT"));
  for (const sqlite::Migration& m : sqlite::migrations()) {
    if (m.version >= 10) break;
    ASSERT_TRUE(c.execScript(m.sql)) << m.version;
    ASSERT_TRUE(c.execScript("INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) + ", 0)"));
  }
  ASSERT_TRUE(c.execScript(
      "INSERT INTO departments(id, name, level) VALUES (1, '城管局', 'office');"
      "INSERT INTO users(id, username, display_name, role, password_hash, department_id, presence, created_at) "
      "VALUES (1, 'h', 'H', 'handler', 'x', 1, 'on_duty', 0)"));
  const std::string appeals_before = rawQuery("SELECT sql FROM sqlite_schema WHERE name = 'appeals'");
  ASSERT_NE(appeals_before.find("state IN ('received'"), std::string::npos);

  ASSERT_TRUE(sqlite::applyMigrations(c));
  EXPECT_EQ(rawQuery("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%CHECK (% IN (%'"), "0");
  EXPECT_EQ(rawQuery("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND sql LIKE '% IN (%'"), "2");
  EXPECT_EQ(rawQuery("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(rawQuery("SELECT username || ' ' || presence FROM users"), "h on_duty");
  EXPECT_NE(rawQuery("SELECT sql FROM sqlite_schema WHERE name = 'appeals'").find(
                "state = 'received' OR state = 'assigned' OR state = 'accepted' OR state = 'replied' OR state = 'closed'"),
            std::string::npos);

  // The same values are refused as before, as CHECK failures.
  Status bad_presence = c.run("UPDATE users SET presence = 'asleep'");
  EXPECT_EQ(bad_presence.code(), Code::kInvalid) << bad_presence.message();
  EXPECT_TRUE(c.run("UPDATE users SET presence = 'out'"));
  const std::string insert =
      "INSERT INTO appeals(tracking_code, secret_hash, channel, category, title, text, address, phone, citizen_name, "
      "area, state, department_id, created_at, created_by, response_due, resolution_due, transfers, "
      "assignment_final, reopen_count, escalation_level, confirm_due, verdict_comment, close_reason) "
      "VALUES ('T1', 'h', :channel, 'c', '', 't', 'a', '1', '', '', 'received', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, '', '')";
  ASSERT_TRUE(c.execScript("PRAGMA foreign_keys = OFF"));
  {
    auto st = c.prepare(insert);
    ASSERT_TRUE(st.isOk());
    EXPECT_EQ(st->bindText(":channel", "fax").run().code(), Code::kInvalid);
    EXPECT_TRUE(st->bindText(":channel", "hotline").run());
  }
  auto ephemeral_tables = [&](sqlite::Connection& on) {
    auto explain = on.prepare("EXPLAIN " + insert);
    EXPECT_TRUE(explain.isOk());
    int n = 0;
    for (;;) {
      auto row = explain->step();
      if (!row.isOk() || !*row) break;
      n += explain->columnText(1) == "OpenEphemeral";
    }
    return n;
  };
  EXPECT_EQ(ephemeral_tables(c), 0);
  auto fresh = sqlite::Connection::open(path_, SQLITE_OPEN_READWRITE, 1000);
  ASSERT_TRUE(fresh.isOk());
  EXPECT_EQ(ephemeral_tables(**fresh), 0);
}

TEST_F(SqliteStoreTest, InsertReturningIdGivesTheRowidOrAConflict) {
  // SQLite runs `... RETURNING id` without the RETURNING clause and reads the rowid instead.
  auto conn = sqlite::Connection::open(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 1000);
  ASSERT_TRUE(conn.isOk());
  sqlite::Connection& c = **conn;
  ASSERT_TRUE(c.execScript("CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE) STRICT;"
                           "CREATE TABLE log (n INTEGER) STRICT;"
                           "CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log VALUES (100); END;"
                           "INSERT INTO t VALUES (41, 'a')"));
  const std::string sql = "INSERT INTO t(code) VALUES (:code) ON CONFLICT DO NOTHING RETURNING id";
  for (int round = 0; round < 2; ++round) {  // the second time from the statement cache
    auto st = c.prepare(sql);
    ASSERT_TRUE(st.isOk());
    auto id = st->bindText(":code", round == 0 ? "b" : "c").runReturningId();
    ASSERT_TRUE(id.isOk()) << id.status().message();
    EXPECT_EQ(*id, 42 + round);
    auto dup = st->bindText(":code", "a").runReturningId();
    EXPECT_EQ(dup.status().code(), Code::kConflict);
  }
  auto st = c.prepare(sql);
  ASSERT_TRUE(st.isOk());
  EXPECT_EQ(st->bindNull(":code").runReturningId().status().code(), Code::kInvalid);  // NOT NULL
  EXPECT_EQ(rawQuery("SELECT group_concat(id) FROM t"), "41,42,43");
}

TEST_F(SqliteStoreTest, StatementCacheBindsByNameAndClearsBindings) {
  auto conn = sqlite::Connection::open(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 1000);
  ASSERT_TRUE(conn.isOk());
  sqlite::Connection& c = **conn;
  ASSERT_TRUE(c.execScript("CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1,'x'),(2,'y'),(3,NULL)"));
  const std::string sql = "SELECT a, b FROM t WHERE a >= :min ORDER BY a";
  {
    auto outer = c.prepare(sql);
    ASSERT_TRUE(outer.isOk());
    outer->bindInt(":min", 2);
    auto row = outer->step();
    ASSERT_TRUE(row.isOk() && *row);
    EXPECT_EQ(outer->columnInt(0), 2);
    // The same SQL while the cached statement is borrowed: a separate statement, outer undisturbed.
    auto inner = c.prepare(sql);
    ASSERT_TRUE(inner.isOk());
    inner->bindInt(":min", 1);
    ASSERT_TRUE(*inner->step());
    EXPECT_EQ(inner->columnInt(0), 1);
    ASSERT_TRUE(*outer->step());
    EXPECT_EQ(outer->columnInt(0), 3);
    EXPECT_FALSE(outer->columnOptInt(1).has_value());
    EXPECT_TRUE(outer->columnIsNull(1));
  }
  {
    // Reused from the cache: bindings were cleared, so :min is NULL and nothing matches.
    auto again = c.prepare(sql);
    ASSERT_TRUE(again.isOk());
    auto row = again->step();
    ASSERT_TRUE(row.isOk());
    EXPECT_FALSE(*row);
  }
  {
    auto bad = c.prepare(sql);
    ASSERT_TRUE(bad.isOk());
    bad->bindInt(":nope", 1);
    auto row = bad->step();
    EXPECT_FALSE(row.isOk());
  }
  auto syntax = c.prepare("SELEKT 1");
  EXPECT_FALSE(syntax.isOk());
  EXPECT_EQ(syntax.status().code(), Code::kInternal);
}

TEST_F(SqliteStoreTest, BoundTextIsCopiedWhateverItsLengthAndLifetime) {
  // Short text is bound from the statement's own buffers (SQLITE_STATIC), long text copied by
  // SQLite: either way a temporary may die right after the bind, and a rebind (shorter, longer, from
  // the statement cache) replaces the value.
  auto conn = sqlite::Connection::open(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 1000);
  ASSERT_TRUE(conn.isOk());
  sqlite::Connection& c = **conn;
  ASSERT_TRUE(c.execScript("CREATE TABLE t (a TEXT, b TEXT) STRICT"));
  const std::string insert = "INSERT INTO t(a, b) VALUES (:a, :b)";
  const std::vector<std::string> values = {"市长信箱", std::string(5000, 'x'), "", "短", std::string(300, 'y')};
  for (const auto& v : values) {
    auto st = c.prepare(insert);
    ASSERT_TRUE(st.isOk());
    st->bindText(":a", std::string(v)).bindText(":b", std::string(v) + "!");  // temporaries
    ASSERT_TRUE(st->run().isOk());
  }
  auto rows = c.prepare("SELECT a, b FROM t ORDER BY rowid");
  ASSERT_TRUE(rows.isOk());
  for (const auto& v : values) {
    ASSERT_TRUE(*rows->step());
    EXPECT_EQ(rows->columnText(0), v);
    EXPECT_EQ(rows->columnText(1), v + "!");
  }
  // A bind while the statement is between rows is refused (the next step says so) and leaves the
  // row being read alone.
  auto sel = c.prepare("SELECT :p || a FROM t ORDER BY rowid");
  ASSERT_TRUE(sel.isOk());
  sel->bindText(":p", "1-");
  ASSERT_TRUE(*sel->step());
  sel->bindText(":p", "a much longer prefix that would overwrite the buffer-");
  EXPECT_EQ(sel->columnText(0), "1-市长信箱");
  EXPECT_FALSE(sel->step().isOk());
}

TEST_F(SqliteStoreTest, BatchHistogramCountsCommits) {
  StoreOptions o;
  o.max_batch = 1;  // no grouping: one commit per write
  auto store = open(o);
  ASSERT_NE(store, nullptr);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(store->write(appendOne));
  StoreStats s = store->stats();
  EXPECT_EQ(s.commits, 5);
  EXPECT_EQ(s.writes, 5);
  ASSERT_EQ(s.batch_size_buckets.size(), 9u);
  EXPECT_EQ(s.batch_size_buckets[0], 5);
}

TEST_F(SqliteStoreTest, SubmittedWritesShareOneCommit) {
  auto store = open();
  ASSERT_NE(store, nullptr);
  // Hold the writer inside a WriteFn until 50 more writes are queued behind it.
  std::atomic<bool> entered{false}, release{false};
  std::atomic<int> done{0};
  store->submit(
      [&](WriteTx& tx) {
        entered = true;
        while (!release) std::this_thread::yield();
        return appendOne(tx);
      },
      [&](Status) { ++done; });
  while (!entered) std::this_thread::yield();
  for (int i = 0; i < 50; ++i) store->submit(appendOne, [&](Status s) { done += s.isOk() ? 1 : 1000; });
  EXPECT_GE(store->stats().queue_depth, 50);
  release = true;
  store->close();
  EXPECT_EQ(done.load(), 51);
  StoreStats s = store->stats();
  EXPECT_EQ(s.writes, 51);
  EXPECT_EQ(s.commits, 2);  // the blocking one alone, then the 50 together
  EXPECT_EQ(s.batch_size_buckets[0], 1);
  EXPECT_EQ(s.batch_size_buckets[6], 1);  // 50 ≤ 64
}

TEST_F(SqliteStoreTest, BatchEndHookRunsOnTheWriterOncePerBatchBeforeItsDones) {
  auto store = open();
  ASSERT_NE(store, nullptr);
  std::thread::id writer;
  std::atomic<int> ends{0}, committed_ends{0};
  std::atomic<bool> hook_on_writer{true};
  store->addBatchEndHook([&](bool committed) {
    hook_on_writer = hook_on_writer && std::this_thread::get_id() == writer;
    ++ends;
    committed_ends += committed ? 1 : 0;
  });
  std::atomic<bool> entered{false}, release{false};
  std::atomic<int> dones_after_hook{0};
  store->submit(
      [&](WriteTx& tx) {
        writer = std::this_thread::get_id();
        entered = true;
        while (!release) std::this_thread::yield();
        return appendOne(tx);
      },
      [&](Status) { dones_after_hook += ends.load() >= 1 ? 1 : 0; });
  while (!entered) std::this_thread::yield();
  for (int i = 0; i < 20; ++i) store->submit(appendOne, [&](Status) { dones_after_hook += ends.load() >= 2 ? 1 : 0; });
  release = true;
  store->close();
  EXPECT_EQ(ends.load(), 2);  // the held write alone, then the 20 together
  EXPECT_EQ(committed_ends.load(), 2);
  EXPECT_TRUE(hook_on_writer.load());
  EXPECT_EQ(dones_after_hook.load(), 21);  // every done ran after its batch's hook
}

TEST_F(SqliteStoreTest, WriterAndSyncerThreadsAskForNiceMinusFive) {
  // Whether this process may lower a thread's nice value: try it on a thread of our own.
  bool may_lower = false;
  std::thread([&] { may_lower = setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), -5) == 0; }).join();
  const int ours = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
  auto store = open();
  ASSERT_NE(store, nullptr);
  std::atomic<int> writer_nice{100}, syncer_nice{100};
  ASSERT_TRUE(store->write([&](WriteTx& tx) {
    writer_nice = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
    return appendOne(tx);
  }));
  std::promise<void> done;
  store->submit(appendOne, [&](Status) {
    syncer_nice = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
    done.set_value();
  });
  done.get_future().wait();
  store->close();
  EXPECT_EQ(writer_nice.load(), may_lower ? -5 : ours);
  EXPECT_EQ(syncer_nice.load(), may_lower ? -5 : ours);
}

TEST_F(SqliteStoreTest, MaxBatchLimitsTheGroup) {
  StoreOptions o;
  o.max_batch = 8;
  auto store = open(o);
  ASSERT_NE(store, nullptr);
  std::atomic<bool> entered{false}, release{false};
  store->submit(
      [&](WriteTx& tx) {
        entered = true;
        while (!release) std::this_thread::yield();
        return appendOne(tx);
      },
      nullptr);
  while (!entered) std::this_thread::yield();
  for (int i = 0; i < 32; ++i) store->submit(appendOne, nullptr);
  release = true;
  store->close();
  StoreStats s = store->stats();
  EXPECT_EQ(s.writes, 33);
  EXPECT_EQ(s.commits, 5);  // 1 + 4 × 8
  EXPECT_EQ(s.batch_size_buckets[3], 4);
}

TEST_F(SqliteStoreTest, ThrowingDoneDoesNotStopTheWriter) {
  auto store = open();
  ASSERT_NE(store, nullptr);
  store->submit(appendOne, [](Status) { throw std::runtime_error("careless callback"); });
  EXPECT_TRUE(store->write(appendOne));
  EXPECT_EQ(store->stats().commits >= 1, true);
}

TEST_F(SqliteStoreTest, CloseFromADoneCallbackDoesNotDeadlock) {
  auto store = open();
  ASSERT_NE(store, nullptr);
  std::atomic<bool> closed{false};
  Store* raw = store.get();
  store->submit(appendOne, [&](Status) {
    raw->close();
    closed = true;
  });
  while (!closed) std::this_thread::yield();
  EXPECT_EQ(store->write(appendOne).code(), Code::kUnavailable);
  store.reset();  // joins the writer
  auto reopened = open();
  ASSERT_NE(reopened, nullptr);
  int64_t last = 0;
  ASSERT_TRUE(reopened->read([&](Reader& r) {
    last = r.lastSeq();
    return Status::ok();
  }));
  EXPECT_EQ(last, 1);
}

// Pipelined durability: `done` runs after the sync, and by then the write is in the files.
TEST_F(SqliteStoreTest, DoneRunsWhenTheWriteIsReadableFromAFreshConnection) {
  auto store = open();
  ASSERT_NE(store, nullptr);
  constexpr int kWrites = 40;
  std::atomic<int> seen{0}, answered{0};
  std::mutex mu;
  std::vector<std::string> problems;
  for (int i = 0; i < kWrites; ++i) {
    auto seq = std::make_shared<int64_t>(0);
    store->submit(
        [seq](WriteTx& tx) {
          auto e = tx.appendEvent(EventDraft{1, "system", "test.durable", "", "{}"});
          if (!e) return e.status();
          *seq = e->seq;
          return Status::ok();
        },
        [&, seq](Status s) {
          // A connection opened only now, outside the store: the write must already be there.
          std::string got = s ? rawQuery("SELECT count(*) FROM events WHERE seq = " + std::to_string(*seq)) : "error";
          if (got == "1") {
            ++seen;
          } else {
            std::lock_guard lk(mu);
            problems.push_back(s.message() + " seq " + std::to_string(*seq) + ": " + got);
          }
          ++answered;
        });
  }
  store->close();
  EXPECT_EQ(answered.load(), kWrites);
  EXPECT_EQ(seen.load(), kWrites);
  EXPECT_TRUE(problems.empty()) << problems.front();
  StoreStats st = store->stats();
  EXPECT_GE(st.syncs, 1);
  EXPECT_LE(st.syncs, st.commits);  // a sync may cover several commits, never the other way round
  EXPECT_EQ(st.synced_writes, kWrites);
}

TEST_F(SqliteStoreTest, WithoutSynchronousFullNothingIsSynced) {
  StoreOptions o;
  o.synchronous_full = false;
  auto store = open(o);
  ASSERT_NE(store, nullptr);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(store->write(appendOne));
  EXPECT_EQ(store->stats().syncs, 0);
  EXPECT_EQ(store->stats().synced_writes, 0);
}

TEST_F(SqliteStoreTest, CloseWithWritesInFlightAnswersEveryWriteExactlyOnce) {
  auto store = open();
  ASSERT_NE(store, nullptr);
  constexpr int kThreads = 4, kPerThread = 100;
  std::array<std::atomic<int>, kThreads * kPerThread> calls{};
  std::atomic<int> ok{0}, unavailable{0}, other{0};
  std::atomic<int> submitted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int k = t * kPerThread + i;
        store->submit(appendOne, [&, k](Status s) {
          ++calls[k];
          if (s) ++ok;
          else if (s.code() == Code::kUnavailable) ++unavailable;
          else ++other;
        });
        ++submitted;
      }
    });
  }
  // Close while the submitters are still going: some writes are queued, some committed and
  // waiting for their sync, some arrive after close.
  while (submitted < kThreads * kPerThread / 4) std::this_thread::yield();
  store->close();
  for (auto& th : threads) th.join();
  for (int k = 0; k < kThreads * kPerThread; ++k) EXPECT_EQ(calls[k].load(), 1) << "write " << k;
  EXPECT_EQ(ok + unavailable, kThreads * kPerThread);
  EXPECT_EQ(other.load(), 0);
  // Every acknowledged write is in the file, and nothing else.
  store.reset();
  auto reopened = open();
  ASSERT_NE(reopened, nullptr);
  int64_t last = 0;
  ASSERT_TRUE(reopened->read([&](Reader& r) {
    last = r.lastSeq();
    return Status::ok();
  }));
  EXPECT_EQ(last, ok.load());
}

TEST_F(SqliteStoreTest, ADoneCallbackMaySubmitAnotherWrite) {
  auto store = open();
  ASSERT_NE(store, nullptr);
  Store* raw = store.get();
  std::promise<Status> second;
  auto fut = second.get_future();
  store->submit(appendOne, [&](Status first) {
    if (!first) {
      second.set_value(first);
      return;
    }
    // From the completion thread: must neither deadlock nor run the write on this thread.
    raw->submit(appendOne, [&](Status s) { second.set_value(std::move(s)); });
  });
  EXPECT_TRUE(fut.get());
  int64_t last = 0;
  ASSERT_TRUE(store->read([&](Reader& r) {
    last = r.lastSeq();
    return Status::ok();
  }));
  EXPECT_EQ(last, 2);
}

// What the files hold the moment every write is acknowledged, without a clean close (which
// checkpoints): copies of the database and its WAL, as a crash would leave them, opened afresh.
// (A power loss is not testable in-process; this checks the acknowledged writes are in the files.)
TEST_F(SqliteStoreTest, AcknowledgedWritesAreInTheFilesWithoutACleanClose) {
  auto store = open();
  ASSERT_NE(store, nullptr);
  constexpr int kWrites = 60;
  std::mutex mu;
  std::set<int64_t> acked;
  std::atomic<int> answered{0};
  for (int i = 0; i < kWrites; ++i) {
    auto seq = std::make_shared<int64_t>(0);
    store->submit(
        [seq, i](WriteTx& tx) {
          auto e = tx.appendEvent(EventDraft{1, "system", "test.crash", "n:" + std::to_string(i), "{}"});
          if (!e) return e.status();
          *seq = e->seq;
          return Status::ok();
        },
        [&, seq](Status s) {
          if (s) {
            std::lock_guard lk(mu);
            acked.insert(*seq);
          }
          ++answered;
        });
  }
  while (answered < kWrites) std::this_thread::yield();
  ASSERT_EQ(acked.size(), static_cast<size_t>(kWrites));
  const auto copy = dir_ / "copy";
  std::filesystem::create_directories(copy);
  std::filesystem::copy_file(path_, copy / "onedoor.db");
  std::filesystem::copy_file(path_ + "-wal", copy / "onedoor.db-wal");
  auto recovered = openStore("sqlite:" + (copy / "onedoor.db").string());
  ASSERT_TRUE(recovered.isOk()) << recovered.status().message();
  std::vector<Event> events;
  ASSERT_TRUE((*recovered)->read([&](Reader& r) {
    events = r.eventsAfter(0, 1000);
    return Status::ok();
  }));
  std::set<int64_t> found;
  for (const auto& e : events) found.insert(e.seq);
  for (int64_t seq : acked) EXPECT_TRUE(found.count(seq)) << "acknowledged event " << seq << " is missing";
}

TEST_F(SqliteStoreTest, ReadPoolSharesFewConnectionsAmongManyThreads) {
  StoreOptions o;
  o.read_connections = 1;
  auto store = open(o);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->write(appendOne));
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        Status s = store->read([](Reader& r) { return r.lastSeq() == 1 ? Status::ok() : internalError("x"); });
        if (s) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 200);
}

TEST_F(SqliteStoreTest, ThrowingReadReturnsItsConnection) {
  StoreOptions o;
  o.read_connections = 1;
  auto store = open(o);
  ASSERT_NE(store, nullptr);
  EXPECT_THROW(store->read([](Reader& r) -> Status {
    r.lastSeq();
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  // The only connection is back in the pool, and not stuck in a transaction.
  ASSERT_TRUE(store->write(appendOne));
  int64_t last = -1;
  ASSERT_TRUE(store->read([&](Reader& r) {
    last = r.lastSeq();
    return Status::ok();
  }));
  EXPECT_EQ(last, 1);
}

}  // namespace
}  // namespace onedoor
