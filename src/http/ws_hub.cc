// WsHub implementation: per client one reader coroutine (pongs, close frames, idle timeout) and one
// writer coroutine draining the client's queue; both on the client's own io thread.
#include "http/ws_hub.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/websocket.hpp>
#include <algorithm>
#include <deque>
#include <spdlog/spdlog.h>

namespace onedoor::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

struct WsHub::Client {
  explicit Client(beast::tcp_stream s) : ws(std::move(s)), wake(ws.get_executor()) {}
  websocket::stream<beast::tcp_stream> ws;
  asio::steady_timer wake;  // cancelled to wake the writer
  std::deque<std::shared_ptr<const std::string>> queue;
  bool closing = false;  // hub shutdown: send a close frame
  bool done = false;     // connection over (error, dropped or closed)
  // All members are touched only on the client's io thread.

  void abort() {
    done = true;
    beast::error_code ec;
    beast::get_lowest_layer(ws).socket().close(ec);
    wake.cancel();
  }
};

static void serverHeader(websocket::response_type& res) { res.set(beast::http::field::server, "onedoor"); }

static asio::awaitable<void> writeLoop(std::shared_ptr<WsHub::Client> c) {
  beast::error_code ec;
  for (;;) {
    if (c->done) break;
    if (c->queue.empty()) {
      if (c->closing) {
        websocket::close_reason reason(websocket::close_code::going_away);
        co_await c->ws.async_close(reason, asio::redirect_error(asio::use_awaitable, ec));
        c->abort();
        break;
      }
      c->wake.expires_at(asio::steady_timer::time_point::max());
      co_await c->wake.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    std::shared_ptr<const std::string> msg = c->queue.front();
    c->ws.text(true);
    co_await c->ws.async_write(asio::buffer(*msg), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      c->abort();
      break;
    }
    if (!c->queue.empty()) c->queue.pop_front();
  }
}

asio::awaitable<void> WsHub::serve(beast::tcp_stream stream, beast::http::request<beast::http::string_body> req,
                                   std::string topic, std::string hello) {
  auto c = std::make_shared<Client>(std::move(stream));
  beast::get_lowest_layer(c->ws).expires_never();
  websocket::stream_base::timeout to{};
  to.handshake_timeout = options_.handshake_timeout;
  to.idle_timeout = options_.idle_timeout;
  to.keep_alive_pings = true;
  c->ws.set_option(to);
  c->ws.set_option(websocket::stream_base::decorator(&serverHeader));
  c->ws.read_message_max(4096);  // clients only send pongs and close frames
  beast::error_code ec;
  co_await c->ws.async_accept(req, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return;
  {
    std::lock_guard lock(mu_);
    if (closed_) co_return;
  }
  add(topic, c);
  c->queue.push_back(std::make_shared<const std::string>(std::move(hello)));
  asio::co_spawn(c->ws.get_executor(), writeLoop(c), asio::detached);
  beast::flat_buffer buf;
  for (;;) {
    co_await c->ws.async_read(buf, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    buf.consume(buf.size());
  }
  remove(topic, c);
  if (!c->done) c->abort();
}

void WsHub::add(const std::string& topic, const std::shared_ptr<Client>& c) {
  std::lock_guard lock(mu_);
  topics_[topic].push_back(c);
}

void WsHub::remove(const std::string& topic, const std::shared_ptr<Client>& c) {
  std::lock_guard lock(mu_);
  auto it = topics_.find(topic);
  if (it == topics_.end()) return;
  auto& v = it->second;
  v.erase(std::remove(v.begin(), v.end(), c), v.end());
  if (v.empty()) topics_.erase(it);
}

void WsHub::publish(const std::string& topic, const std::string& message) {
  std::vector<std::shared_ptr<Client>> targets;
  {
    std::lock_guard lock(mu_);
    auto it = topics_.find(topic);
    if (it == topics_.end()) return;
    targets = it->second;
  }
  auto msg = std::make_shared<const std::string>(message);
  size_t max_queue = options_.max_queue;
  for (auto& c : targets) {
    asio::post(c->ws.get_executor(), [this, c, msg, max_queue] {
      if (c->done) return;
      if (c->queue.size() >= max_queue) {
        // Too slow: drop it rather than buffer without bound; the page reconnects and reloads.
        spdlog::warn("websocket client dropped: {} messages queued", c->queue.size());
        {
          std::lock_guard lock(mu_);
          ++dropped_;
        }
        c->abort();
        return;
      }
      c->queue.push_back(msg);
      c->wake.cancel();
    });
  }
}

void WsHub::closeAll() {
  std::vector<std::shared_ptr<Client>> all;
  {
    std::lock_guard lock(mu_);
    closed_ = true;
    for (auto& [t, v] : topics_) all.insert(all.end(), v.begin(), v.end());
  }
  for (auto& c : all) {
    asio::post(c->ws.get_executor(), [c] {
      c->closing = true;
      c->wake.cancel();
    });
  }
}

size_t WsHub::clientCount() const {
  std::lock_guard lock(mu_);
  size_t n = 0;
  for (const auto& [t, v] : topics_) n += v.size();
  return n;
}

size_t WsHub::dropped() const {
  std::lock_guard lock(mu_);
  return dropped_;
}

}  // namespace onedoor::http
