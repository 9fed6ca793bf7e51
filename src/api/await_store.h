// Awaiting a store write from a coroutine without blocking an io thread: the WriteFn goes to the
// writer thread; its completion is posted back to the awaiting coroutine's executor.
#pragma once

#include <utility>  // before Asio (asio#944)

#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <functional>
#include <memory>

#include "store/store.h"

namespace onedoor::api {

// `on_done`, when set, runs on the store's completion thread (not the writer: see Store::submit)
// with the write's final status before the coroutine is resumed (the hall publishes its events
// from there).
inline boost::asio::awaitable<Status> awaitWrite(Store& store, WriteFn fn,
                                                 std::function<void(const Status&)> on_done = {}) {
  namespace asio = boost::asio;
  auto ex = co_await asio::this_coro::executor;
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(Status)>(
      [&store, ex, &on_done](auto handler, WriteFn fn) {
        using H = decltype(handler);
        auto shared = std::make_shared<H>(std::move(handler));
        // The work guard keeps the io_context running (e.g. during graceful shutdown) until the
        // write is durable and the response can be sent.
        auto guard = std::make_shared<asio::executor_work_guard<decltype(ex)>>(ex);
        store.submit(std::move(fn), [shared, guard, ex, on_done = std::move(on_done)](Status st) {
          if (on_done) on_done(st);
          asio::post(ex, [shared, guard, st = std::move(st)]() mutable {
            (*shared)(std::move(st));
            guard->reset();
          });
        });
      },
      asio::use_awaitable, std::move(fn));
}

}  // namespace onedoor::api
