// The machinery both backends share: one writer thread with group commit, a completion thread
// that makes each batch durable and then calls its `done`s in commit order, and a pool of read
// connections. Modelled on LevelDB's DBImpl::Write: callers queue WriteFns under mu_; the writer
// takes up to max_batch of them, runs them in one transaction, each inside its own SAVEPOINT (a
// WriteFn that fails is rolled back alone), and commits once. A backend (sqlite/, postgres/)
// says how a batch's transaction begins, how the chain head is kept current, and what makes a
// commit durable.
// Thread-safety: every public method is safe from any thread (see store.h). mu_ guards the queue
// and closing_; done_mu_ the completion queue; pool_mu_ the free read connections; the writer
// connection and head_ belong to the writer thread.
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/sql/statement.h"
#include "store/sql/tx.h"
#include "store/store.h"

namespace onedoor::sql {

class GroupCommitStore : public Store {
 public:
  void submit(WriteFn fn, WriteDone done) override;
  Status read(const std::function<Status(Reader&)>& fn) override;
  StoreStats stats() const override;
  void close() override;
  void addBatchEndHook(std::function<void(bool committed)> hook) override;

  // Starts the two threads; the backend's open function calls it once the store is built.
  void start();

 protected:
  GroupCommitStore(const StoreOptions& options, std::unique_ptr<Connection> writer,
                   std::vector<std::unique_ptr<Connection>> readers);
  ~GroupCommitStore() override;

  // close() and join both threads; the derived destructor calls it first, before its own members
  // (which the threads use through the virtuals below) go away.
  void shutdown();

  // ---- What a backend provides ----
  // Writer thread: opens the batch's transaction and makes `head` match the database within it
  // (another process or node may have appended events since). `head_valid` is false after a
  // failed batch, when the cached head may be ahead of the database.
  virtual Status beginBatch(ChainHead& head, bool head_valid) = 0;
  // Completion thread: makes every batch committed so far durable. Returns true when it did a
  // sync (counted in StoreStats), false when commits are durable by themselves.
  virtual Result<bool> makeDurable() = 0;
  // Any thread: opens a read snapshot on `conn` (from the pool).
  virtual Status beginRead(Connection& conn) = 0;

  Connection& writer() { return *writer_; }

 private:
  struct Pending {
    WriteFn fn;
    WriteDone done;
  };
  // A batch the writer has finished, waiting for the completion thread.
  struct Finished {
    std::vector<WriteDone> dones;
    std::vector<Status> results;
    int64_t durable_writes = 0;  // writes committed by the batch that wait for durability
  };

  Connection* acquireReader();
  void releaseReader(Connection* c);
  void writerLoop();
  Status runOne(const WriteFn& fn);
  void runBatch(std::vector<Pending>& batch);
  void completionLoop();
  // Keep StoreStats::write_problem true, and log when writes start failing and when they work
  // again. Writer thread (a batch's outcome) and completion thread (a failed sync, fail-stop).
  void noteBatchOutcome(const Status& batch_error, int64_t committed_writes);
  void noteSyncFailure(const Status& sync_error);

  const StoreOptions options_;
  std::unique_ptr<Connection> writer_;  // writer thread only
  ChainHead head_;                      // writer thread only
  RoutingRowsCache routing_rows_;       // writer thread only; for one batch
  bool head_valid_ = false;             // writer thread only; false until loaded, and after a failed batch
  std::mutex hooks_mu_;
  std::vector<std::function<void(bool)>> batch_end_hooks_;  // guarded by hooks_mu_
  std::vector<std::unique_ptr<Connection>> readers_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;
  bool closing_ = false;

  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<Connection*> free_readers_;

  std::mutex done_mu_;
  std::condition_variable done_cv_;
  std::vector<Finished> finished_;  // batches waiting for durability, in commit order
  bool writer_exited_ = false;

  // One mutex per thread to join: a `done` that closes the store waits for the writer while
  // another thread in close() may be waiting for the completion thread.
  std::mutex writer_join_mu_;
  std::mutex completion_join_mu_;
  std::thread writer_thread_;
  std::thread completion_thread_;
  std::thread::id writer_id_;      // set once in start(), read-only afterwards
  std::thread::id completion_id_;  // likewise

  static constexpr std::array<int64_t, 8> kBatchBounds = {1, 2, 4, 8, 16, 32, 64, 128};  // then +Inf
  std::atomic<int64_t> commits_{0};
  std::atomic<int64_t> writes_{0};
  std::atomic<int64_t> failed_writes_{0};
  std::atomic<int64_t> syncs_{0};
  std::atomic<int64_t> synced_writes_{0};
  std::array<std::atomic<int64_t>, kBatchBounds.size() + 1> buckets_{};

  mutable std::mutex health_mu_;
  std::string write_problem_;    // guarded by health_mu_; empty while writes work
  bool writes_stopped_ = false;  // guarded by health_mu_; never cleared
};

}  // namespace onedoor::sql
