// The SQLite Store. Writes go through one writer thread with group commit, modelled on LevelDB's
// DBImpl::Write: callers queue WriteFns under mu_; the writer takes up to max_batch of them, runs
// them in one BEGIN IMMEDIATE transaction, each inside its own SAVEPOINT, and commits once.
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
// Thread-safety: mu_ guards the queue and closing_; sync_mu_ guards the syncer's queue and
// writer_exited_; pool_mu_ guards the free read connections; the writer connection and head_
// belong to the writer thread (and to open() before it starts); wal_fd_ is used by the syncer.
#include "store/sqlite/sqlite_store.h"

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/random.h"
#include "ledger/ledger.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_tx.h"

namespace onedoor::sqlite {

namespace {

constexpr int kBusyTimeoutMs = 5000;
// Negative: KiB (PRAGMA cache_size); SQLite's default is 2 MiB per connection.
constexpr int kWriterCacheKiB = -32768;

// Process-wide SQLite settings; they can only be made before SQLite initialises, i.e. before the
// first connection opens (later calls fail with SQLITE_MISUSE and change nothing). Memory
// statistics off: with them on, every SQLite malloc and free takes a global mutex to keep counts
// that nothing here reads (callgrind: sqlite3Malloc + sqlite3_free from 16 % to 9 % of the
// writer thread's instructions).
void configureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}
constexpr std::array<int64_t, 8> kBatchBounds = {1, 2, 4, 8, 16, 32, 64, 128};  // then +Inf

size_t bucketOf(size_t n) {
  for (size_t i = 0; i < kBatchBounds.size(); ++i) {
    if (static_cast<int64_t>(n) <= kBatchBounds[i]) return i;
  }
  return kBatchBounds.size();
}

class SqliteStore final : public Store {
 public:
  // `wal_fd` is a descriptor of the database's WAL file, or -1 for no syncing at all
  // (synchronous_full=false).
  SqliteStore(const StoreOptions& options, std::unique_ptr<Connection> writer, ChainHead head,
              int64_t data_version, std::vector<std::unique_ptr<Connection>> readers, int wal_fd)
      : options_(options),
        writer_(std::move(writer)),
        head_(std::move(head)),
        data_version_(data_version),
        readers_(std::move(readers)),
        wal_fd_(wal_fd) {
    for (auto& r : readers_) free_readers_.push_back(r.get());
    // Both ids are set before either thread can call back into close() (a `done` runs only after
    // a submit, which cannot happen before the constructor returns).
    syncer_ = std::thread([this] {
      pthread_setname_np(pthread_self(), "od-syncer");
      syncerLoop();
    });
    syncer_id_ = syncer_.get_id();
    thread_ = std::thread([this] {
      pthread_setname_np(pthread_self(), "od-writer");
      writerLoop();
    });
    writer_id_ = thread_.get_id();
  }

  ~SqliteStore() override {
    close();
    // If close() ran on a store thread itself (from a WriteFn or a `done`), it could not join
    // that thread; do it here. (Destroying the store from a WriteFn or `done` is not supported.)
    const auto me = std::this_thread::get_id();
    {
      std::lock_guard lk(writer_join_mu_);
      if (thread_.joinable() && writer_id_ != me) thread_.join();
    }
    {
      std::lock_guard lk(syncer_join_mu_);
      if (syncer_.joinable() && syncer_id_ != me) syncer_.join();
    }
    if (wal_fd_ >= 0) ::close(wal_fd_);
  }

  void addBatchEndHook(std::function<void(bool committed)> hook) override {
    std::lock_guard lk(hooks_mu_);
    batch_end_hooks_.push_back(std::move(hook));
  }

  void submit(WriteFn fn, WriteDone done) override {
    {
      std::lock_guard lk(mu_);
      if (!closing_) {
        queue_.push_back(Pending{std::move(fn), std::move(done)});
        cv_.notify_one();
        return;
      }
    }
    if (done) done(Status(Code::kUnavailable, "存储已关闭 / store is closed"));
  }

  Status read(const std::function<Status(Reader&)>& fn) override {
    Connection* conn = acquireReader();
    // Give the connection back on every path, exceptions included, outside any transaction.
    struct Release {
      SqliteStore* self;
      Connection* conn;
      ~Release() {
        if (conn->inTransaction()) conn->execScript("ROLLBACK");
        self->releaseReader(conn);
      }
    } release{this, conn};

    // A deferred BEGIN: the snapshot starts at the first SELECT and lasts until COMMIT, so all of
    // fn's reads see one consistent state of the database.
    Status s = conn->run("BEGIN");
    if (!s) return s;
    SqliteReadTx tx(*conn);
    Status result = fn(tx);
    if (!tx.error().isOk()) result = tx.error();
    Status c = conn->run("COMMIT");
    if (result.isOk() && !c.isOk()) result = c;
    return result;
  }

  StoreStats stats() const override {
    StoreStats s;
    {
      std::lock_guard lk(mu_);
      s.queue_depth = static_cast<int64_t>(queue_.size());
    }
    s.commits = commits_.load(std::memory_order_relaxed);
    s.writes = writes_.load(std::memory_order_relaxed);
    s.failed_writes = failed_writes_.load(std::memory_order_relaxed);
    s.syncs = syncs_.load(std::memory_order_relaxed);
    s.synced_writes = synced_writes_.load(std::memory_order_relaxed);
    s.batch_size_buckets.reserve(buckets_.size());
    for (const auto& b : buckets_) s.batch_size_buckets.push_back(b.load(std::memory_order_relaxed));
    return s;
  }

  void close() override {
    {
      std::lock_guard lk(mu_);
      closing_ = true;
      cv_.notify_all();
    }
    // The writer drains the queue and exits; then the syncer answers what is left and exits. A
    // thread cannot join itself: from a WriteFn (writer thread) we return at once; from a `done`
    // (syncer thread) we wait for the writer only, and the syncer answers the rest after this
    // callback returns. The destructor joins whatever is left. The writer never waits for the
    // syncer (its hand-over queue is unbounded), so waiting for the writer from a `done` is safe.
    const auto me = std::this_thread::get_id();
    if (me == writer_id_) return;
    {
      std::lock_guard lk(writer_join_mu_);
      if (thread_.joinable()) thread_.join();
    }
    if (me == syncer_id_) return;
    std::lock_guard lk(syncer_join_mu_);
    if (syncer_.joinable()) syncer_.join();
  }

 private:
  struct Pending {
    WriteFn fn;
    WriteDone done;
  };

  // A batch the writer has finished, waiting for the syncer: its `done`s and their statuses.
  struct Finished {
    std::vector<WriteDone> dones;
    std::vector<Status> results;
    int64_t durable_writes = 0;  // writes committed by the batch that wait for a sync (0: none)
  };

  Connection* acquireReader() {
    std::unique_lock lk(pool_mu_);
    pool_cv_.wait(lk, [this] { return !free_readers_.empty(); });
    Connection* c = free_readers_.back();
    free_readers_.pop_back();
    return c;
  }

  void releaseReader(Connection* c) {
    {
      std::lock_guard lk(pool_mu_);
      free_readers_.push_back(c);
    }
    pool_cv_.notify_one();
  }

  void writerLoop() {
    std::vector<Pending> batch;
    for (;;) {
      {
        std::unique_lock lk(mu_);
        cv_.wait(lk, [this] { return closing_ || !queue_.empty(); });
        if (queue_.empty()) {  // closing and drained: let the syncer finish and stop
          std::lock_guard slk(sync_mu_);
          writer_exited_ = true;
          sync_cv_.notify_one();
          return;
        }
        const size_t n = std::min(queue_.size(), static_cast<size_t>(options_.max_batch));
        for (size_t i = 0; i < n; ++i) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
      runBatch(batch);
      batch.clear();
    }
  }

  // Makes head_ match the database before a batch runs, inside its BEGIN IMMEDIATE (so no other
  // writer can move the chain meanwhile): after a failed commit, or when another process or node
  // has committed since our last transaction. Without this a second writer (e.g. `onedoor user
  // add` beside a running server) would leave our head stale and every later append failing.
  Status refreshHead() {
    Result<int64_t> v = dataVersion(*writer_);
    if (!v) return v.status();
    if (head_valid_ && *v == data_version_) return Status::ok();
    Result<ChainHead> h = loadChainHead(*writer_);
    if (!h) return h.status();
    head_ = std::move(*h);
    head_valid_ = true;
    data_version_ = *v;
    return Status::ok();
  }

  // Runs one WriteFn inside the open transaction; never throws.
  Status runOne(const WriteFn& fn) {
    if (!fn) return invalid("写入函数为空 / empty write function");
    SqliteWriteTx tx(*writer_, head_);
    Status s;
    try {
      s = fn(tx);
    } catch (const std::exception& e) {
      s = internalError(std::string("写入时发生内部错误 / write failed with an exception: ") + e.what());
    } catch (...) {
      s = internalError("写入时发生内部错误 / write failed with an unknown exception");
    }
    if (!tx.error().isOk()) s = tx.error();
    return s;
  }

  void runBatch(std::vector<Pending>& batch) {
    std::vector<Status> results(batch.size());
    // After a failed sync nothing more may commit (see the top of this file).
    Status batch_error = broken_.load(std::memory_order_acquire) ? brokenStatus() : writer_->run("BEGIN IMMEDIATE");
    if (batch_error.isOk()) batch_error = refreshHead();
    int64_t failed = 0;

    for (size_t i = 0; i < batch.size() && batch_error.isOk(); ++i) {
      const ChainHead saved = head_;
      batch_error = writer_->run("SAVEPOINT w");
      if (!batch_error.isOk()) break;
      Status s = runOne(batch[i].fn);
      // Free what the WriteFn captured now, before its caller is told it is done and moves on.
      batch[i].fn = nullptr;
      if (!s.isOk()) ++failed;
      if (s.isOk()) {
        batch_error = writer_->run("RELEASE w");
      } else {
        // Undo this WriteFn alone: its rows and its appended events, and the cached chain head.
        head_ = saved;
        if (writer_->inTransaction()) {
          Status rb = writer_->run("ROLLBACK TO w");
          Status rel = writer_->run("RELEASE w");
          if (!rb.isOk()) batch_error = rb;
          else if (!rel.isOk()) batch_error = rel;
        }
      }
      // SQLite may roll back the whole transaction by itself (e.g. disk full, I/O error); then the
      // earlier WriteFns of the batch are gone too and the batch as a whole has failed.
      if (batch_error.isOk() && !writer_->inTransaction()) {
        batch_error = internalError("数据库事务意外中止 / the database transaction was rolled back");
      }
      results[i] = std::move(s);
    }

    if (batch_error.isOk()) batch_error = writer_->run("COMMIT");
    if (!batch_error.isOk()) {
      if (writer_->inTransaction()) writer_->execScript("ROLLBACK");
      // Nothing of the batch is durable: the cached head may be ahead of the database. Reload it
      // inside the next transaction, where no other writer can move it meanwhile.
      head_valid_ = false;
      for (auto& r : results) r = batch_error;
      failed = static_cast<int64_t>(batch.size());
    } else {
      commits_.fetch_add(1, std::memory_order_relaxed);
      buckets_[bucketOf(batch.size())].fetch_add(1, std::memory_order_relaxed);
    }
    writes_.fetch_add(static_cast<int64_t>(batch.size()), std::memory_order_relaxed);
    failed_writes_.fetch_add(failed, std::memory_order_relaxed);

    {
      std::lock_guard lk(hooks_mu_);  // uncontended: hooks are added once, at start
      for (const auto& hook : batch_end_hooks_) hook(batch_error.isOk());
    }

    // Every batch goes through the syncer, failed ones too, so `done`s run in commit order on one
    // thread; only a batch that committed something waits for a sync.
    Finished f;
    f.dones.reserve(batch.size());
    for (auto& p : batch) f.dones.push_back(std::move(p.done));
    f.results = std::move(results);
    f.durable_writes = static_cast<int64_t>(batch.size()) - failed;
    {
      std::lock_guard lk(sync_mu_);
      finished_.push_back(std::move(f));
    }
    sync_cv_.notify_one();
  }

  static Status brokenStatus() {
    return internalError("存储已停止写入：此前一次落盘失败 / writes stopped: an earlier sync to disk failed");
  }

  // Makes everything committed so far durable: one fdatasync of the WAL file.
  Status syncWal() {
    if (broken_.load(std::memory_order_acquire)) return brokenStatus();
    int rc;
    do {
      rc = ::fdatasync(wal_fd_);
    } while (rc != 0 && errno == EINTR);
    if (rc == 0) return Status::ok();
    const int err = errno;
    broken_.store(true, std::memory_order_release);
    return internalError(std::string("写入未能落盘 / could not make the write durable (fdatasync of the WAL: ") +
                         std::strerror(err) + ")");
  }

  void syncerLoop() {
    std::vector<Finished> jobs;
    for (;;) {
      {
        std::unique_lock lk(sync_mu_);
        sync_cv_.wait(lk, [this] { return writer_exited_ || !finished_.empty(); });
        if (finished_.empty()) return;  // the writer has exited and everything is answered
        jobs.swap(finished_);
      }
      // Every job taken here was committed before this sync starts, so one sync covers them all.
      int64_t durable = 0;
      for (const auto& j : jobs) durable += j.durable_writes;
      Status sync_status;
      if (durable > 0 && wal_fd_ >= 0) {
        sync_status = syncWal();
        if (sync_status.isOk()) {
          syncs_.fetch_add(1, std::memory_order_relaxed);
          synced_writes_.fetch_add(durable, std::memory_order_relaxed);
        }
      }
      for (auto& j : jobs) {
        for (size_t i = 0; i < j.dones.size(); ++i) {
          if (!j.dones[i]) continue;
          // A committed write whose sync failed is not known to be durable: report the failure.
          Status st = j.durable_writes > 0 && j.results[i].isOk() && !sync_status.isOk() ? sync_status
                                                                                          : std::move(j.results[i]);
          // `done` must not take the syncer down with it.
          try {
            j.dones[i](std::move(st));
          } catch (...) {
          }
        }
      }
      jobs.clear();
    }
  }

  const StoreOptions options_;
  std::unique_ptr<Connection> writer_;  // writer thread only
  ChainHead head_;                      // writer thread only
  std::mutex hooks_mu_;
  std::vector<std::function<void(bool)>> batch_end_hooks_;  // guarded by hooks_mu_; run on the writer thread
  bool head_valid_ = true;              // writer thread only; false after a failed commit
  int64_t data_version_;                // writer thread only; PRAGMA data_version head_ matches
  std::vector<std::unique_ptr<Connection>> readers_;
  const int wal_fd_;                    // syncer thread (and the destructor); -1: never sync
  std::atomic<bool> broken_{false};     // set by the syncer when a sync fails; never cleared

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;
  bool closing_ = false;

  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<Connection*> free_readers_;

  std::mutex sync_mu_;
  std::condition_variable sync_cv_;
  std::vector<Finished> finished_;  // batches waiting for their sync, in commit order
  bool writer_exited_ = false;

  // One mutex per thread to join: a `done` that closes the store waits for the writer while
  // another thread in close() may be waiting for the syncer.
  std::mutex writer_join_mu_;
  std::mutex syncer_join_mu_;
  std::thread thread_;  // the writer
  std::thread syncer_;
  std::thread::id writer_id_;  // set once in the constructor, read-only afterwards
  std::thread::id syncer_id_;  // likewise

  std::atomic<int64_t> commits_{0};
  std::atomic<int64_t> writes_{0};
  std::atomic<int64_t> failed_writes_{0};
  std::atomic<int64_t> syncs_{0};
  std::atomic<int64_t> synced_writes_{0};
  std::array<std::atomic<int64_t>, kBatchBounds.size() + 1> buckets_{};
};

}  // namespace

Result<std::unique_ptr<Store>> openSqliteStore(const std::string& path, const StoreOptions& options) {
  if (options.read_connections < 1) return invalid("读连接数至少为 1 / read_connections must be at least 1");
  if (options.max_batch < 1) return invalid("批大小至少为 1 / max_batch must be at least 1");
  initCrypto();  // BLAKE2b for the chain; idempotent
  configureSqliteOnce();

  auto writer = Connection::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 kBusyTimeoutMs);
  if (!writer) return writer.status();
  Connection& w = **writer;
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
  // The writer's per-write SAVEPOINT copies every page a write touches into the sub-journal; kept
  // in memory (temp_store) that is a memcpy instead of two pwrite()s per page to a temporary file
  // once the sub-journal passes 64 KiB. The sub-journal only undoes a WriteFn inside the open
  // transaction and is never read after a crash, so durability does not depend on it. A larger
  // page cache keeps the indexes that grow with random keys (tracking codes) in memory.
  if (s) s = w.execScript("PRAGMA temp_store=MEMORY");
  if (s) s = w.execScript("PRAGMA cache_size=" + std::to_string(kWriterCacheKiB));
  if (!s) return s;
  Result<ChainHead> head = loadChainHead(w);
  if (!head) return head.status();
  Result<int64_t> data_version = dataVersion(w);
  if (!data_version) return data_version.status();

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
  return std::unique_ptr<Store>(new SqliteStore(options, std::move(*writer), std::move(*head), *data_version,
                                                std::move(readers), wal_fd));
}

}  // namespace onedoor::sqlite
