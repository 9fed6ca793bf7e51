// The SQLite Store. Writes go through one writer thread with group commit, modelled on LevelDB's
// DBImpl::Write: callers queue WriteFns under mu_; the writer takes up to max_batch of them, runs
// them in one BEGIN IMMEDIATE transaction, each inside its own SAVEPOINT, commits once (one fsync
// for the whole batch) and then reports each status. Reads use a pool of read-only connections.
// Thread-safety: mu_ guards the queue and closing_; pool_mu_ guards the free read connections;
// the writer connection and head_ belong to the writer thread (and to open() before it starts).
#include "store/sqlite/sqlite_store.h"

#include <array>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
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
constexpr std::array<int64_t, 8> kBatchBounds = {1, 2, 4, 8, 16, 32, 64, 128};  // then +Inf

size_t bucketOf(size_t n) {
  for (size_t i = 0; i < kBatchBounds.size(); ++i) {
    if (static_cast<int64_t>(n) <= kBatchBounds[i]) return i;
  }
  return kBatchBounds.size();
}

class SqliteStore final : public Store {
 public:
  SqliteStore(const StoreOptions& options, std::unique_ptr<Connection> writer, ChainHead head,
              int64_t data_version, std::vector<std::unique_ptr<Connection>> readers)
      : options_(options),
        writer_(std::move(writer)),
        head_(std::move(head)),
        data_version_(data_version),
        readers_(std::move(readers)) {
    for (auto& r : readers_) free_readers_.push_back(r.get());
    thread_ = std::thread([this] {
      pthread_setname_np(pthread_self(), "od-writer");
      writerLoop();
    });
    writer_id_ = thread_.get_id();
  }

  ~SqliteStore() override {
    close();
    // If close() ran on the writer thread itself (from a `done`), it could not join; do it here.
    // (Destroying the store from a `done` callback is not supported.)
    std::lock_guard lk(join_mu_);
    if (thread_.joinable() && writer_id_ != std::this_thread::get_id()) thread_.join();
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
    // A `done` callback that closes the store runs on the writer thread, which cannot join itself;
    // the loop will still drain and exit, and the destructor joins.
    if (std::this_thread::get_id() == writer_id_) return;
    std::lock_guard lk(join_mu_);
    if (thread_.joinable()) thread_.join();
  }

 private:
  struct Pending {
    WriteFn fn;
    WriteDone done;
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
        if (queue_.empty()) return;  // closing and drained
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
    Status batch_error = writer_->run("BEGIN IMMEDIATE");
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

    for (size_t i = 0; i < batch.size(); ++i) {
      if (!batch[i].done) continue;
      // `done` must not take the writer down with it.
      try {
        batch[i].done(std::move(results[i]));
      } catch (...) {
      }
    }
  }

  const StoreOptions options_;
  std::unique_ptr<Connection> writer_;  // writer thread only
  ChainHead head_;                      // writer thread only
  bool head_valid_ = true;              // writer thread only; false after a failed commit
  int64_t data_version_;                // writer thread only; PRAGMA data_version head_ matches
  std::vector<std::unique_ptr<Connection>> readers_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;
  bool closing_ = false;

  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<Connection*> free_readers_;

  std::mutex join_mu_;
  std::thread thread_;
  std::thread::id writer_id_;  // set once in the constructor, read-only afterwards

  std::atomic<int64_t> commits_{0};
  std::atomic<int64_t> writes_{0};
  std::atomic<int64_t> failed_writes_{0};
  std::array<std::atomic<int64_t>, kBatchBounds.size() + 1> buckets_{};
};

}  // namespace

Result<std::unique_ptr<Store>> openSqliteStore(const std::string& path, const StoreOptions& options) {
  if (options.read_connections < 1) return invalid("读连接数至少为 1 / read_connections must be at least 1");
  if (options.max_batch < 1) return invalid("批大小至少为 1 / max_batch must be at least 1");
  initCrypto();  // BLAKE2b for the chain; idempotent

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
  if (s) s = w.execScript(options.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  if (s) s = w.execScript("PRAGMA foreign_keys=ON");
  if (s) s = applyMigrations(w);
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
  return std::unique_ptr<Store>(
      new SqliteStore(options, std::move(*writer), std::move(*head), *data_version, std::move(readers)));
}

}  // namespace onedoor::sqlite
