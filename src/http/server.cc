// Server implementation. Each connection is one coroutine on one io thread: read a request,
// dispatch, write the response, repeat (which also serves pipelined requests in order).
#include "http/server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <future>
#include <spdlog/spdlog.h>

#include "core/random.h"
#include "core/text.h"
#include "http/errors.h"
#include "http/log_redact.h"

namespace onedoor::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

struct Server::Connection {
  Connection(tcp::socket s, ConnectionLimits::Slot place) : stream(std::move(s)), slot(std::move(place)) {}
  beast::tcp_stream stream;
  ConnectionLimits::Slot slot;  // its place under the connection caps, given back when it ends
  bool busy = false;  // a request is being handled; touched only on the connection's io thread
};

static std::vector<std::unique_ptr<asio::io_context>> makeContexts(int n) {
  std::vector<std::unique_ptr<asio::io_context>> v;
  for (int i = 0; i < std::max(1, n); ++i) v.push_back(std::make_unique<asio::io_context>(1));
  return v;
}

Server::Server(ServerOptions options, const Router& router, Metrics& metrics, Authorizer authorizer)
    : options_(std::move(options)),
      router_(router),
      metrics_(metrics),
      authorizer_(std::move(authorizer)),
      static_files_(options_.web_root),
      limits_(effectiveMaxConnections(options_.max_connections, openFileLimit()), options_.max_connections_per_address),
      iocs_(makeContexts(options_.threads)),
      acceptor_(*iocs_[0]) {}

Server::~Server() { shutdown(); }

uint16_t Server::start() {
  largest_body_limit_ = options_.body_limit;
  for (const Route& r : router_.routes()) largest_body_limit_ = std::max(largest_body_limit_, r.max_body);
  auto address = asio::ip::make_address(options_.host);
  tcp::endpoint ep{address, options_.port};
  acceptor_.open(ep.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(ep);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  port_ = acceptor_.local_endpoint().port();
  asio::co_spawn(*iocs_[0], acceptLoop(), asio::detached);
  for (auto& ioc : iocs_) work_.emplace_back(ioc->get_executor());
  for (auto& ioc_ptr : iocs_) {
    asio::io_context* ioc = ioc_ptr.get();
    threads_.emplace_back([ioc, n = threads_.size()] {
      // Named so that top -H and perf tell the io threads from the writer.
      pthread_setname_np(pthread_self(), ("od-io-" + std::to_string(n)).c_str());
      for (;;) {
        try {
          ioc->run();
          break;
        } catch (const std::exception& e) {
          // A handler must never take the server down; log and keep serving.
          spdlog::error("io thread caught: {}", e.what());
        }
      }
    });
  }
  return port_;
}

asio::awaitable<void> Server::acceptLoop() {
  AcceptBackoff backoff;
  // One line per 10 s at most for each condition: a flood must not become a flood of log.
  LogThrottle accept_log(std::chrono::seconds(10)), refuse_log(std::chrono::seconds(10));
  asio::steady_timer pause(*iocs_[0]);
  for (;;) {
    beast::error_code ec;
    asio::io_context& target = *iocs_[next_ioc_++ % iocs_.size()];
    tcp::socket socket = co_await acceptor_.async_accept(target, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (ec == asio::error::operation_aborted || stopping_) co_return;
      // Out of descriptors (EMFILE/ENFILE) the connection stays queued and accept fails again at
      // once: pause, longer each time, instead of spinning a core and the log.
      auto wait = backoff.next();
      if (auto suppressed = accept_log.allow(std::chrono::steady_clock::now()))
        spdlog::warn("accept failed: {} ({} more since the last report); pausing {} ms", ec.message(), *suppressed,
                     wait.count());
      pause.expires_after(wait);
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    backoff.reset();
    if (stopping_) co_return;
    std::string peer;
    bool via_trusted_proxy = false;
    {
      beast::error_code pec;
      auto ep = socket.remote_endpoint(pec);
      if (!pec) {
        peer = peerKey(ep.address().to_string());
        via_trusted_proxy = options_.trusted_proxies.trusts(ep.address());
      }
    }
    ConnectionLimits::Refusal why = ConnectionLimits::Refusal::kNone;
    ConnectionLimits::Slot slot = limits_.tryAcquire(peer, &why, via_trusted_proxy);
    if (!slot) {
      // Closed at once rather than left in the backlog, where it would hold up other clients.
      beast::error_code ignored;
      socket.close(ignored);
      if (auto suppressed = refuse_log.allow(std::chrono::steady_clock::now()))
        spdlog::warn("connection from {} refused: {} ({} more refused since the last report)", peer,
                     why == ConnectionLimits::Refusal::kTotal
                         ? "server at its connection cap (" + std::to_string(limits_.maxTotal()) + ")"
                         : "address at its cap (" + std::to_string(limits_.maxPerAddress()) + ")",
                     *suppressed);
      continue;
    }
    auto conn = std::make_shared<Connection>(std::move(socket), std::move(slot));
    {
      std::lock_guard lock(conns_mu_);
      conns_.insert(conn);
    }
    auto ex = conn->stream.get_executor();
    asio::co_spawn(ex, serveConnection(conn), asio::detached);
  }
}

static std::string requestIdFor(const Request& req) {
  auto incoming = req["X-Request-Id"];
  if (!incoming.empty() && incoming.size() <= 64) {
    bool ok = true;
    for (char c : incoming) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
    if (ok) return std::string(incoming);
  }
  return randomHex(8);
}

static void addCommonHeaders(Response& res, const std::string& request_id, bool hsts) {
  res.set(bhttp::field::server, "onedoor");
  // One year; browsers then refuse plain http for this host (only sent when the public URL is https).
  if (hsts) res.set(bhttp::field::strict_transport_security, "max-age=31536000");
  res.set("X-Request-Id", request_id);
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "same-origin");
  res.set("X-Frame-Options", "DENY");
}

std::string Server::forwardedClient(const Request& req, const std::string& peer) const {
  std::string forwarded;
  for (const auto& f : req) {
    if (!beast::iequals(f.name_string(), "X-Forwarded-For")) continue;
    if (!forwarded.empty()) forwarded += ',';
    forwarded += std::string(f.value());
  }
  return clientAddress(peer, forwarded, req["X-Real-IP"], options_.trusted_proxies);
}

asio::awaitable<void> Server::serveConnection(std::shared_ptr<Connection> conn) {
  beast::flat_buffer buffer;
  std::string peer;
  {
    beast::error_code ec;
    auto ep = conn->stream.socket().remote_endpoint(ec);
    if (!ec) peer = ep.address().to_string();
  }
  for (;;) {
    if (stopping_) break;
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options_.header_limit));
    // The parser takes the largest body any route accepts; the route's own limit is checked as
    // soon as its header is in, so an oversized upload is refused before its body is read.
    parser.body_limit(largest_body_limit_);
    conn->stream.expires_after(options_.read_timeout);
    beast::error_code ec;
    co_await bhttp::async_read_header(conn->stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    // The route, looked up once per request: its body limit applies before the body is read.
    Target target;
    size_t route_body_limit = 0;
    if (!ec) {
      target = resolve(parser.get());
      route_body_limit = bodyLimitFor(target);
      if (route_body_limit < parser.content_length().value_or(0)) ec = bhttp::error::body_limit;
    }
    if (!ec && !parser.is_done()) {
      co_await bhttp::async_read(conn->stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    }
    if (!ec && parser.get().body().size() > route_body_limit) ec = bhttp::error::body_limit;  // chunked
    auto started = std::chrono::steady_clock::now();
    // The client this request speaks for: the peer, or whom a trusted proxy forwarded it for.
    std::string remote = peer;
    if (!ec && !options_.trusted_proxies.empty()) remote = forwardedClient(parser.get(), peer);
    if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted || ec == beast::error::timeout ||
        ec == asio::error::connection_reset || ec == asio::error::eof || ec == asio::error::bad_descriptor) {
      break;
    }
    Response res;
    std::string request_id;
    std::string route_label;
    bool keep_alive = false;
    std::string method_text = "-";
    std::string target_text = "-";
    if (ec) {
      // The request could not be parsed: answer once with the JSON error shape, then close,
      // because the stream position is no longer trustworthy.
      request_id = randomHex(8);
      route_label = "invalid";
      if (ec == bhttp::error::body_limit) {
        res = errorResponse(bhttp::status::payload_too_large, "too_large",
                            "请求内容太大 / The request body is too large", 11, false);
      } else if (ec == bhttp::error::header_limit) {
        res = errorResponse(bhttp::status::request_header_fields_too_large, "too_large",
                            "请求头太大 / The request headers are too large", 11, false);
      } else {
        res = errorResponse(bhttp::status::bad_request, "malformed",
                            "请求格式不正确 / Malformed HTTP request: " + ec.message(), 11, false);
      }
    } else if (options_.ws_hub && options_.ws_resolve && beast::websocket::is_upgrade(parser.get())) {
      // A WebSocket upgrade: the hub owns the connection from here on.
      std::string_view target = parser.get().target();
      auto path = percentDecode(target.substr(0, target.find('?')), false);
      std::optional<std::pair<std::string, std::string>> sub;
      if (path) sub = options_.ws_resolve(*path);
      if (sub) {
        conn->busy = true;
        spdlog::info("websocket {} {} subscribed to {}", remote, redactTargetForLog(*path, ""), sub->first);
        // Named arguments, no temporaries inside co_await (GCC 12 coroutine bug).
        auto upgrade = parser.release();
        std::string topic = std::move(sub->first), hello = std::move(sub->second);
        co_await options_.ws_hub->serve(std::move(conn->stream), std::move(upgrade), std::move(topic),
                                        std::move(hello));
        std::lock_guard lock(conns_mu_);
        conns_.erase(conn);
        co_return;
      }
      res = errorResponse(bhttp::status::not_found, "not_found", "找不到该地址 / No such path", 11, false);
      request_id = randomHex(8);
      route_label = "websocket";
    } else {
      conn->busy = true;
      const Request& req = parser.get();
      request_id = requestIdFor(req);
      method_text = std::string(req.method_string());
      try {
        res = co_await dispatch(req, target, remote, request_id, route_label);
      } catch (const std::exception& e) {
        spdlog::error("[{}] handler threw: {}", request_id, e.what());
        res = errorResponse(bhttp::status::internal_server_error, "internal",
                            "服务器内部错误，请稍后再试 / Internal server error; please retry", req.version(),
                            req.keep_alive());
      }
      // For the access log: credentials in the path or query redacted (log_redact.h).
      target_text = redactTargetForLog(req.target(), target.match.route ? target.match.route->pattern : "");
      keep_alive = req.keep_alive() && res.keep_alive() && !stopping_;
      res.version(req.version());
    }
    res.keep_alive(keep_alive);
    addCommonHeaders(res, request_id, options_.hsts);
    size_t bytes = res.body().size();
    unsigned status = res.result_int();
    // Recorded when the response is ready (before it is written) so a client that has read its
    // response always finds it counted.
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    metrics_.record(method_text, route_label, status, seconds);
    conn->stream.expires_after(options_.write_timeout);
    beast::error_code wec;
    co_await bhttp::async_write(conn->stream, res, asio::redirect_error(asio::use_awaitable, wec));
    conn->busy = false;
    spdlog::info("[{}] {} {} {} -> {} {}B {:.2f}ms", request_id, remote, method_text, target_text, status, bytes,
                 seconds * 1000);
    if (wec || !keep_alive) break;
  }
  beast::error_code ignored;
  conn->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  conn->stream.socket().close(ignored);
  std::lock_guard lock(conns_mu_);
  conns_.erase(conn);
}

Server::Target Server::resolve(const Request& req) const {
  Target t;
  std::string_view target = req.target();
  const size_t qpos = target.find('?');
  t.path = percentDecode(target.substr(0, qpos), false);
  if (qpos != std::string_view::npos) t.query = parseQuery(target.substr(qpos + 1));
  else t.query.emplace();
  t.well_formed = t.path && t.query && !t.path->empty() && (*t.path)[0] == '/' && isValidUtf8(*t.path);
  if (t.well_formed) t.match = router_.match(req.method(), *t.path);
  return t;
}

size_t Server::bodyLimitFor(const Target& target) const {
  const Route* route = target.match.route;
  return route && route->max_body > 0 ? route->max_body : options_.body_limit;
}

asio::awaitable<Response> Server::dispatch(const Request& req, Target& target, const std::string& remote,
                                           const std::string& request_id, std::string& route_label) {
  route_label = "unmatched";
  if (!target.well_formed) {
    co_return errorResponse(bhttp::status::bad_request, "invalid",
                            "网址格式不正确 / The request URL is malformed", req.version(), req.keep_alive());
  }
  const std::string& path = *target.path;
  Router::Match& match = target.match;
  if (match.route) {
    route_label = match.route->pattern;
    RequestContext ctx{req, request_id, remote, path, std::move(match.params), std::move(*target.query), std::nullopt};
    if (authorizer_) {
      Status st = authorizer_(ctx, *match.route);
      if (!st) co_return errorResponse(st, req.version(), req.keep_alive());
    }
    Response res = co_await match.route->handler(ctx);
    if (req.method() == bhttp::verb::head) {
      auto len = res.body().size();
      res.body().clear();
      res.content_length(len);
    }
    co_return res;
  }
  if (match.path_known) {
    route_label = "method_not_allowed";
    co_return errorResponse(bhttp::status::method_not_allowed, "method_not_allowed",
                            "该地址不支持此操作 / Method not allowed for this path", req.version(), req.keep_alive());
  }
  if (req.method() == bhttp::verb::get || req.method() == bhttp::verb::head) {
    if (!options_.web_root.empty()) {
      if (auto res = static_files_.serve(req, path)) {
        route_label = "static";
        if (req.method() == bhttp::verb::head) {
          auto len = res->body().size();
          res->body().clear();
          res->content_length(len);
        }
        co_return std::move(*res);
      }
    }
  }
  co_return errorResponse(bhttp::status::not_found, "not_found", "找不到该地址 / No such path", req.version(),
                          req.keep_alive());
}

void Server::shutdown() {
  if (stopped_) return;
  stopped_ = true;
  stopping_ = true;
  if (!threads_.empty()) {
    std::promise<void> closed;
    asio::post(*iocs_[0], [this, &closed] {
      beast::error_code ec;
      acceptor_.close(ec);
      closed.set_value();
    });
    closed.get_future().wait();
    if (options_.ws_hub) options_.ws_hub->closeAll();
    std::vector<std::shared_ptr<Connection>> conns;
    {
      std::lock_guard lock(conns_mu_);
      conns.assign(conns_.begin(), conns_.end());
    }
    // Idle connections (waiting for a request) are closed now; busy ones finish their request,
    // write the response with "Connection: close" and end by themselves.
    for (auto& c : conns) {
      asio::post(c->stream.get_executor(), [c] {
        beast::error_code ec;
        if (!c->busy) c->stream.socket().cancel(ec);
      });
    }
    // Without the guards each io thread returns once its last connection has finished.
    for (auto& w : work_) w.reset();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }
}

void Server::runUntilSignal() {
  asio::io_context sig_ioc;
  asio::signal_set signals(sig_ioc, SIGINT, SIGTERM);
  signals.async_wait([](const beast::error_code&, int sig) {
    spdlog::info("signal {} received: finishing requests in flight and shutting down", sig);
  });
  sig_ioc.run();
  shutdown();
}

}  // namespace onedoor::http
