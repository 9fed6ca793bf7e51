// Simulation runs off the io threads (issue 18 item 7): a what-if run is seconds of CPU, so it goes
// to a small pool of worker threads with a bounded queue; a run that finds the queue full is
// refused at once (429 with Retry-After) instead of waiting behind the others. Thread-safe.
#pragma once

#include <utility>  // before Asio (asio#944)

#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace onedoor::api {

class SimPool {
 public:
  struct Options {
    int threads = 1;          // workers (1 on a 2-core machine leaves a core to the io threads)
    size_t queue = 4;         // runs waiting for a worker beyond those running
    std::chrono::milliseconds time_limit{20000};  // per run, checked by the engine (RunOptions::deadline)
  };
  explicit SimPool(Options o);
  ~SimPool();  // runs already queued finish first
  SimPool(const SimPool&) = delete;
  SimPool& operator=(const SimPool&) = delete;

  // Queues `job` for a worker; false (and both dropped) when every worker is busy and `queue` runs
  // already wait. `then` runs on the worker after `job`, once its place is free again (so a client
  // told the result may submit again at once).
  bool trySubmit(std::function<void()> job, std::function<void()> then);
  const Options& options() const { return options_; }

 private:
  void work();
  Options options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<std::function<void()>, std::function<void()>>> jobs_;
  size_t in_flight_ = 0;  // running and waiting
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

// Runs `fn` on the pool and resumes the awaiting coroutine on its own executor with the result;
// nullopt at once when the pool is full.
template <typename T>
boost::asio::awaitable<std::optional<T>> awaitOnPool(SimPool& pool, std::function<T()> fn) {
  namespace asio = boost::asio;
  auto ex = co_await asio::this_coro::executor;
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(std::optional<T>)>(
      [&pool, ex](auto handler, std::function<T()> fn) {
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        // The work guard keeps the io_context running (graceful shutdown) until the answer is sent.
        auto guard = std::make_shared<asio::executor_work_guard<decltype(ex)>>(ex);
        auto out = std::make_shared<std::optional<T>>();
        bool queued = pool.trySubmit([out, fn = std::move(fn)] { out->emplace(fn()); },
                                     [shared, guard, ex, out] {
                                       asio::post(ex, [shared, guard, out]() mutable {
                                         (*shared)(std::move(*out));
                                         guard->reset();
                                       });
                                     });
        if (!queued) {
          asio::post(ex, [shared, guard]() mutable {
            (*shared)(std::optional<T>());
            guard->reset();
          });
        }
      },
      asio::use_awaitable, std::move(fn));
}

}  // namespace onedoor::api
