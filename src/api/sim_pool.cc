// Implementation of sim_pool.h.
#include "api/sim_pool.h"

#include <pthread.h>

#include <string>

namespace onedoor::api {

SimPool::SimPool(Options o) : options_(o) {
  for (int i = 0; i < std::max(1, options_.threads); ++i) {
    workers_.emplace_back([this, i] {
      pthread_setname_np(pthread_self(), ("od-sim-" + std::to_string(i)).c_str());
      work();
    });
  }
}

SimPool::~SimPool() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : workers_) t.join();
}

bool SimPool::trySubmit(std::function<void()> job, std::function<void()> then) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || in_flight_ >= workers_.size() + options_.queue) return false;
    ++in_flight_;
    jobs_.emplace_back(std::move(job), std::move(then));
  }
  cv_.notify_one();
  return true;
}

void SimPool::work() {
  for (;;) {
    std::pair<std::function<void()>, std::function<void()>> job;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, nothing left
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job.first();
    {
      std::lock_guard lock(mu_);
      --in_flight_;
    }
    job.second();
  }
}

}  // namespace onedoor::api
