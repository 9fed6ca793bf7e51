// Webhook implementation: one synchronous Beast client call per queued body, on the webhook thread.
#include "http/webhook.h"

#include <utility>  // before Asio (asio#944)

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

namespace onedoor::http {

namespace asio = boost::asio;
namespace beast = boost::beast;

Result<Webhook::Target> Webhook::parseUrl(const std::string& url) {
  const std::string scheme = "http://";
  if (url.rfind(scheme, 0) != 0) return invalid("webhook 地址须为 http:// / the webhook URL must start with http://", "url");
  std::string rest = url.substr(scheme.size());
  Target t;
  size_t slash = rest.find('/');
  std::string hostport = rest.substr(0, slash);
  t.path = slash == std::string::npos ? "/" : rest.substr(slash);
  size_t colon = hostport.rfind(':');
  if (colon != std::string::npos && hostport.find(']') == std::string::npos) {
    t.host = hostport.substr(0, colon);
    t.port = hostport.substr(colon + 1);
  } else {
    t.host = hostport;
    t.port = "80";
  }
  if (t.host.empty() || t.port.empty()) return invalid("webhook 地址不正确 / malformed webhook URL", "url");
  return t;
}

Webhook::Webhook(Target target, std::chrono::milliseconds timeout, size_t max_queue)
    : target_(std::move(target)), timeout_(timeout), max_queue_(max_queue), thread_([this] { run(); }) {}

Webhook::~Webhook() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

bool Webhook::post(std::string body) {
  {
    std::lock_guard lock(mu_);
    if (queue_.size() >= max_queue_) {
      ++failed_;
      return false;
    }
    queue_.push_back(std::move(body));
  }
  cv_.notify_one();
  return true;
}

int64_t Webhook::sent() const {
  std::lock_guard lock(mu_);
  return sent_;
}

int64_t Webhook::failed() const {
  std::lock_guard lock(mu_);
  return failed_;
}

void Webhook::run() {
  pthread_setname_np(pthread_self(), "od-webhook");
  for (;;) {
    std::string body;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      body = std::move(queue_.front());
      queue_.pop_front();
    }
    bool ok = false;
    try {
      asio::io_context ioc;
      asio::ip::tcp::resolver resolver(ioc);
      beast::tcp_stream stream(ioc);
      stream.expires_after(timeout_);
      stream.connect(resolver.resolve(target_.host, target_.port));
      beast::http::request<beast::http::string_body> req{beast::http::verb::post, target_.path, 11};
      req.set(beast::http::field::host, target_.host);
      req.set(beast::http::field::content_type, "application/json");
      req.set(beast::http::field::user_agent, "onedoor-webhook");
      req.body() = body;
      req.prepare_payload();
      // The synchronous calls below honour the stream's deadline only in their async forms, so the
      // socket gets OS-level timeouts as well.
      struct timeval tv {
        static_cast<time_t>(timeout_.count() / 1000), static_cast<suseconds_t>((timeout_.count() % 1000) * 1000)
      };
      setsockopt(stream.socket().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      setsockopt(stream.socket().native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
      beast::http::write(stream, req);
      beast::flat_buffer buf;
      beast::http::response<beast::http::string_body> res;
      beast::http::read(stream, buf, res);
      ok = res.result_int() >= 200 && res.result_int() < 300;
      beast::error_code ec;
      stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    } catch (const std::exception& e) {
      spdlog::warn("sms webhook failed: {}", e.what());
    }
    std::lock_guard lock(mu_);
    (ok ? sent_ : failed_)++;
  }
}

}  // namespace onedoor::http
