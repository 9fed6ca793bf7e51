// Awaiting a store write from a coroutine without blocking an io thread: the WriteFn goes to the
// writer thread; its completion is posted back to the awaiting coroutine's executor.
#pragma once

#include <utility>  // before Asio (asio#944)

#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <memory>

#include "store/store.h"

namespace onedoor::api {

// How long a request waits for its write at most (serve --store-timeout; default 5 s). Past it the
// request answers 503 at once instead of hanging with a frozen database; the write itself may
// still commit later, so the answer says its outcome is not known yet.
inline std::atomic<int64_t>& storeWaitLimitMs() {
  static std::atomic<int64_t> limit{5000};
  return limit;
}

// `on_done`, when set, runs on the store's completion thread (not the writer: see Store::submit)
// with the write's final status before the coroutine is resumed (the hall publishes its events
// from there), whether or not the request stopped waiting for it.
inline boost::asio::awaitable<Status> awaitWrite(Store& store, WriteFn fn,
                                                 std::function<void(const Status&)> on_done = {}) {
  namespace asio = boost::asio;
  auto ex = co_await asio::this_coro::executor;
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(Status)>(
      [&store, ex, &on_done](auto handler, WriteFn fn) {
        using H = decltype(handler);
        // Resumed exactly once: by the write's completion or by the timer, whichever comes first.
        struct Waiter {
          H handler;
          // The work guard keeps the io_context running (e.g. during graceful shutdown) until the
          // write is durable and the response can be sent.
          asio::executor_work_guard<decltype(ex)> guard;
          asio::steady_timer timer;
          std::atomic<bool> resumed{false};
          Waiter(H h, decltype(ex) e) : handler(std::move(h)), guard(e), timer(e) {}
          void resume(Status st) {
            if (resumed.exchange(true)) return;
            timer.cancel();
            std::move(handler)(std::move(st));
            guard.reset();
          }
        };
        auto waiter = std::make_shared<Waiter>(std::move(handler), ex);
        const int64_t limit_ms = storeWaitLimitMs().load(std::memory_order_relaxed);
        waiter->timer.expires_after(std::chrono::milliseconds(limit_ms));
        waiter->timer.async_wait([waiter, limit_ms](const boost::system::error_code& ec) {
          if (ec) return;  // cancelled: the write answered first
          waiter->resume(Status(Code::kUnavailable,
                                "数据库在 " +
                                    (limit_ms % 1000 == 0 ? std::to_string(limit_ms / 1000) + " 秒"
                                                          : std::to_string(limit_ms) + " 毫秒") +
                                    "内没有应答，这次提交是否已保存尚不确定，请稍后查询再决定是否重试 / the database did not "
                                    "answer in time; whether this was saved is not known yet: check before retrying"));
        });
        store.submit(std::move(fn), [waiter, ex, on_done = std::move(on_done)](Status st) {
          if (on_done) on_done(st);
          asio::post(ex, [waiter, st = std::move(st)]() mutable { waiter->resume(std::move(st)); });
        });
      },
      asio::use_awaitable, std::move(fn));
}

}  // namespace onedoor::api
