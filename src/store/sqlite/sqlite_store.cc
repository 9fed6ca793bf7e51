// The SQLite Store: the shared group-commit machinery (sql/group_commit_store.h) over one writer
// connection (each batch one BEGIN IMMEDIATE transaction) and a pool of read-only connections.
//
// Durability is pipelined. The writer commits with synchronous=NORMAL (WAL: no fsync per commit)
// and hands the batch's results to the syncer thread, which fdatasyncs the WAL file and only then
// calls each `done`. While the syncer waits for the disk, the writer already runs the next batch;
// batches that commit during one sync are covered together by the next one. Why an acknowledged
// write survives power loss: a WAL commit is durable once its frames are on disk, and fdatasync
// on any descriptor of the WAL file flushes all of its dirty pages (the page cache belongs to the
// inode) — our sync starts after COMMIT returned, so it covers that commit. Checkpoints (run by
// SQLite on the writer after a commit) cannot break this: with synchronous=NORMAL SQLite itself
// syncs the WAL before copying it into the database file, syncs the database file after a
// complete checkpoint, and syncs the WAL header when it starts reusing the file, so a commit is
// at every moment either in the WAL where it was written or in the synced database file. A
// failed fdatasync stops all writing (fail-stop): after such a failure Linux may have dropped WAL
// pages, and WAL recovery stops at the first broken frame, so later commits would not survive.
//
// Reads use a pool of read-only connections; they may see a commit a few milliseconds before it
// is durable (and before its `done` runs).
// Thread-safety: as GroupCommitStore; data_version_ belongs to the writer thread, wal_fd_ to the
// syncer (the completion thread).
#include "store/sqlite/sqlite_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/random.h"
#include "store/sql/group_commit_store.h"
#include "store/sql/ownership.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/wal_coalescing_vfs.h"

namespace onedoor::sqlite {

namespace {

using sql::ChainHead;
using sql::loadChainHead;

constexpr int kBusyTimeoutMs = 5000;
// Negative: KiB (PRAGMA cache_size); SQLite's default is 2 MiB per connection.
constexpr int kWriterCacheKiB = -32768;

// Process-wide SQLite settings; they can only be made before SQLite initialises, i.e. before the
// first connection opens (later calls fail with SQLITE_MISUSE and change nothing). Memory
// statistics off: with them on, every SQLite malloc and free takes a global mutex to keep counts
// that nothing here reads (callgrind: sqlite3Malloc + sqlite3_free from 16 % to 9 % of the
// writer thread's instructions).
//
// The writer's per-write SAVEPOINT copies each page the write changes that an earlier write of the
// batch had already changed into the statement journal (about ten 4 KiB pages per appeal). Kept in
// memory with temp_store=MEMORY that journal grows in 1 KiB chunks, five mallocs and frees per page
// (callgrind: a fifth of the writer's instructions went to it). With the default temp_store it is a
// memory buffer that grows in chunks of the spill size and moves to a temporary file only past it:
// 256 KiB makes that one malloc per write, and a spill only for writes that change over 60 pages.
constexpr int kStatementJournalSpillBytes = 256 * 1024;

void configureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, kStatementJournalSpillBytes);
  });
}

// PRAGMA data_version: changes when another connection (another process, another Store) commits;
// never for this connection's own commits. Tells the writer its cached ChainHead may be stale.
Result<int64_t> dataVersion(Connection& conn) {
  Result<Statement> st = conn.prepare("PRAGMA data_version");
  if (!st) return st.status();
  Result<bool> row = st->step();
  if (!row) return row.status();
  if (!*row) return internalError("数据库错误 / PRAGMA data_version returned nothing");
  return st->columnInt(0);
}

class SqliteStore final : public sql::GroupCommitStore {
 public:
  // `wal_fd` is a descriptor of the database's WAL file, or -1 for no syncing at all
  // (synchronous_full=false).
  SqliteStore(const StoreOptions& options, std::unique_ptr<Connection> writer,
              std::vector<std::unique_ptr<Connection>> readers, int wal_fd)
      : GroupCommitStore(options, std::move(writer), toShared(std::move(readers))), wal_fd_(wal_fd) {}

  ~SqliteStore() override {
    shutdown();
    if (wal_fd_ >= 0) ::close(wal_fd_);
  }

 protected:
  // BEGIN IMMEDIATE, then makes the head match the database inside it (so no other writer can
  // move the chain meanwhile): after a failed commit, or when another process has committed since
  // our last transaction. Without this a second writer (e.g. `onedoor user add` beside a running
  // server) would leave our head stale and every later append failing.
  Status beginBatch(ChainHead& head, bool head_valid) override {
    // After a failed sync nothing more may commit (see the top of this file).
    if (broken_.load(std::memory_order_acquire)) return brokenStatus();
    Status s = writer().run("BEGIN IMMEDIATE");
    if (!s) return s;
    auto& conn = static_cast<Connection&>(writer());
    Result<int64_t> v = dataVersion(conn);
    if (!v) return v.status();
    if (head_valid && *v == data_version_) return Status::ok();
    Result<ChainHead> h = loadChainHead(conn);
    if (!h) return h.status();
    head = std::move(*h);
    data_version_ = *v;
    return Status::ok();
  }

  // One fdatasync of the WAL file covers every commit made before it.
  Result<bool> makeDurable() override {
    if (wal_fd_ < 0) return false;
    if (broken_.load(std::memory_order_acquire)) return brokenStatus();
    int rc;
    do {
      rc = ::fdatasync(wal_fd_);
    } while (rc != 0 && errno == EINTR);
    if (rc == 0) return true;
    const int err = errno;
    broken_.store(true, std::memory_order_release);
    // 503, as every failure to write: the node cannot take writes; /healthz says why.
    return Status(Code::kUnavailable, std::string("写入未能落盘，本节点已停止写入，需重启 / could not make the write "
                                                  "durable (fdatasync of the WAL: ") +
                                          std::strerror(err) + "); this node stopped writing until it restarts");
  }

  // A deferred BEGIN: the snapshot starts at the first SELECT and lasts until COMMIT, so all of a
  // read's SELECTs see one consistent state of the database.
  Status beginRead(sql::Connection& conn) override { return conn.run("BEGIN"); }

 private:
  static std::vector<std::unique_ptr<sql::Connection>> toShared(std::vector<std::unique_ptr<Connection>> v) {
    std::vector<std::unique_ptr<sql::Connection>> out;
    for (auto& c : v) out.push_back(std::move(c));
    return out;
  }

  static Status brokenStatus() {
    return Status(Code::kUnavailable,
                  "存储已停止写入：此前一次落盘失败，需重启 / writes stopped: an earlier sync to disk failed; restart the node");
  }

  int64_t data_version_ = -1;        // writer thread only; PRAGMA data_version the head matches
  const int wal_fd_;                 // syncer thread (and the destructor); -1: never sync
  std::atomic<bool> broken_{false};  // set by the syncer when a sync fails; never cleared
};

}  // namespace

// Runs quick_check or integrity_check; ok when SQLite finds nothing, else kInternal naming the first
// problems and how to restore. A file too damaged to be read at all fails the same way.
static Status integrityOf(Connection& conn, const std::string& path, bool full) {
  auto damaged = [&](const std::string& what) {
    return internalError("数据库文件已损坏，不能使用；请按 docs/operations.md「恢复」一节从备份恢复，或运行 onedoor check 查看详情 / " +
                         path + " is damaged (" + what +
                         "); refusing to use it. Restore it from a backup (docs/operations.md, \"Restore\"); "
                         "`onedoor check` lists the problems");
  };
  Result<Statement> st = conn.prepare(full ? "PRAGMA integrity_check(20)" : "PRAGMA quick_check(20)");
  if (!st) return damaged(st.status().message());
  std::string problems;
  int rows = 0;
  for (;;) {
    Result<bool> row = st->step();
    if (!row) return damaged(row.status().message());
    if (!*row) break;
    std::string line = st->columnText(0);
    if (line == "ok" && rows == 0) continue;
    if (!problems.empty()) problems += "; ";
    problems += line;
    ++rows;
  }
  return rows == 0 ? Status::ok() : damaged(problems);
}

Status checkSqliteIntegrity(const std::string& path) {
  configureSqliteOnce();
  auto conn = Connection::open(path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, kBusyTimeoutMs);
  if (!conn) return conn.status();
  StoreOptions existing;
  existing.must_exist = true;
  if (Status s = integrityOf(**conn, path, true); !s) return s;
  Result<sql::DatabaseShape> shape = sql::inspectDatabase(**conn);
  if (!shape) return shape.status();
  return sql::checkOpenable(*shape, existing, path);
}

Result<std::unique_ptr<Store>> openSqliteStore(const std::string& path, const StoreOptions& options) {
  if (options.read_connections < 1) return invalid("读连接数至少为 1 / read_connections must be at least 1");
  if (options.max_batch < 1) return invalid("批大小至少为 1 / max_batch must be at least 1");
  initCrypto();  // BLAKE2b for the chain; idempotent
  configureSqliteOnce();

  // Only the writer appends to the WAL: it alone needs the VFS that writes each commit at once.
  const char* vfs = walCoalescingVfs();
  if (vfs == nullptr) return internalError("无法注册 SQLite VFS / cannot register the WAL-coalescing SQLite VFS");
  auto writer = Connection::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 kBusyTimeoutMs, vfs);
  if (!writer) return writer.status();
  Connection& w = **writer;
  // Before anything is written (even the WAL switch in the header): is the file sound, and ours?
  if (options.quick_check) {
    if (Status q = integrityOf(w, path, false); !q) return q;
  }
  {
    Result<sql::DatabaseShape> shape = sql::inspectDatabase(w);
    if (!shape) return shape.status();
    if (Status ours = sql::checkOpenable(*shape, options, path); !ours) return ours;
  }
  // journal_mode must be set outside a transaction; WAL lets readers run beside the writer.
  Status s = w.execScript("PRAGMA journal_mode=WAL");
  if (s) {
    Result<Statement> jm = w.prepare("PRAGMA journal_mode");
    if (!jm) return jm.status();
    Result<bool> row = jm->step();
    if (!row) return row.status();
    if (!*row || jm->columnText(0) != "wal") {
      return internalError("无法启用 WAL 日志模式 / cannot switch the database to WAL journal mode: " + path);
    }
  }
  // FULL while migrations run (they are durable when open() returns); NORMAL for the writer,
  // whose commits the syncer makes durable (see the top of this file).
  if (s) s = w.execScript("PRAGMA synchronous=FULL");
  if (s) s = w.execScript("PRAGMA foreign_keys=ON");
  if (s) s = applyMigrations(w);
  if (s) s = w.execScript("PRAGMA synchronous=NORMAL");
  // The statement journal (see kStatementJournalSpillBytes) only undoes a WriteFn inside the open
  // transaction and is never read after a crash, so durability does not depend on it. A larger
  // page cache keeps the indexes that grow with random keys in memory.
  if (s) s = w.execScript("PRAGMA cache_size=" + std::to_string(kWriterCacheKiB));
  if (!s) return s;

  // Read-only connections only after the writer has created the file, the WAL and the schema.
  std::vector<std::unique_ptr<Connection>> readers;
  for (int i = 0; i < options.read_connections; ++i) {
    auto r = Connection::open(path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, kBusyTimeoutMs);
    if (!r) return r.status();
    s = (*r)->execScript("PRAGMA query_only=ON");
    if (!s) return s;
    readers.push_back(std::move(*r));
  }

  // Our own descriptor of the WAL file for the syncer. The file exists by now (the connections
  // above have read the database in WAL mode) and keeps its inode while any of them is open.
  int wal_fd = -1;
  if (options.synchronous_full) {
    const char* wal_path = sqlite3_filename_wal(sqlite3_db_filename(w.handle(), "main"));
    if (wal_path == nullptr) return internalError("找不到 WAL 文件 / no WAL file for " + path);
    wal_fd = ::open(wal_path, O_RDONLY | O_CLOEXEC);
    if (wal_fd < 0) {
      return internalError(std::string("无法打开 WAL 文件 / cannot open the WAL file ") + wal_path + ": " +
                           std::strerror(errno));
    }
  }
  auto store = std::unique_ptr<SqliteStore>(new SqliteStore(options, std::move(*writer), std::move(readers), wal_fd));
  store->start();
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace onedoor::sqlite
