// A Store that passes everything to a real one until a test throws a switch: then reads, or
// writes, fail as a database that is down fails (kUnavailable), without touching the real store.
// For checking that no route turns a store error into "not found", an empty list or a 200.
// Thread-safety: as the wrapped store; the switches are atomics.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "store/store.h"

namespace onedoor::test {

class FaultSwitchStore final : public Store {
 public:
  explicit FaultSwitchStore(std::unique_ptr<Store> real) : real_(std::move(real)) {}

  void failReads(bool on) { fail_reads_ = on; }
  void failWrites(bool on) { fail_writes_ = on; }
  // While held, writes wait here (as behind a frozen database); releasing hands them on in order.
  void holdWrites() {
    std::lock_guard l(mu_);
    holding_ = true;
  }
  void releaseWrites() {
    std::vector<std::pair<WriteFn, WriteDone>> held;
    {
      std::lock_guard l(mu_);
      holding_ = false;
      held.swap(held_);
    }
    for (auto& [fn, done] : held) real_->submit(std::move(fn), std::move(done));
  }
  Store& real() { return *real_; }

  void submit(WriteFn fn, WriteDone done) override {
    if (fail_writes_) {
      done(down());
      return;
    }
    {
      std::lock_guard l(mu_);
      if (holding_) {
        held_.emplace_back(std::move(fn), std::move(done));
        return;
      }
    }
    real_->submit(std::move(fn), std::move(done));
  }
  Status read(const std::function<Status(Reader&)>& fn) override { return fail_reads_ ? down() : real_->read(fn); }
  StoreStats stats() const override { return real_->stats(); }
  void close() override {
    releaseWrites();
    real_->close();
  }
  void addBatchEndHook(std::function<void(bool)> hook) override { real_->addBatchEndHook(std::move(hook)); }
  void notifyNodes(const std::string& channel, const std::string& payload) override {
    real_->notifyNodes(channel, payload);
  }
  void listenNodes(const std::string& channel, std::function<void(const std::string&)> fn) override {
    real_->listenNodes(channel, std::move(fn));
  }

 private:
  static Status down() { return {Code::kUnavailable, "数据库暂不可用 / the database is unavailable (test switch)"}; }
  std::unique_ptr<Store> real_;
  std::atomic<bool> fail_reads_{false};
  std::atomic<bool> fail_writes_{false};
  std::mutex mu_;
  bool holding_ = false;                                  // guarded by mu_
  std::vector<std::pair<WriteFn, WriteDone>> held_;        // guarded by mu_
};

}  // namespace onedoor::test
