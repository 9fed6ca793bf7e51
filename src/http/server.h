// The HTTP server on Boost.Beast with C++20 coroutines: keep-alive, pipelining, timeouts, size
// limits, graceful shutdown, request ids, access log, static files, routing to API handlers.
// Thread-safety: start()/shutdown() from one controlling thread. Each io thread runs its own
// io_context and owns the connections accepted onto it, so a connection is only ever touched by
// one thread and needs no strand (strands with coroutines hit use-after-free bugs in Asio 1.74's
// any_executor, see asio#835).
#pragma once

#include <utility>  // before Asio (asio#944)

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "core/result.h"
#include "http/client_address.h"
#include "http/conn_limits.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/static_files.h"
#include "http/ws_hub.h"

namespace onedoor::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: pick a free port (see Server::port())
  int threads = 2;
  // The whole request (headers and body) must arrive within this time, so a slow-loris client
  // that trickles bytes is cut off; it also bounds how long an idle keep-alive connection stays.
  std::chrono::milliseconds read_timeout{15000};
  std::chrono::milliseconds write_timeout{15000};
  size_t header_limit = 16 * 1024;
  size_t body_limit = 1024 * 1024;
  // Connection caps (docs/security/server.md): open connections at most max_connections (0: the
  // open-file limit less a reserve; a larger value is lowered to it) and at most
  // max_connections_per_address from one peer address (0: no cap; at most half the total). A
  // connection over a cap is accepted and closed at once, so it does not wait in the backlog.
  size_t max_connections = 0;
  size_t max_connections_per_address = 128;
  std::filesystem::path web_root;  // empty: no static files
  // WebSocket endpoints: for a GET upgrade request on `path`, the hub topic and the first message
  // ("hello") to send, or nothing (the path is then routed as plain HTTP). Called on an io thread.
  WsHub* ws_hub = nullptr;
  std::function<std::optional<std::pair<std::string, std::string>>(const std::string& path)> ws_resolve;
  // Reverse proxies whose X-Forwarded-For / X-Real-IP name the client (RequestContext::remote_address,
  // the access log); see client_address.h.
  TrustedProxies trusted_proxies;
  // Served over https (--public-url https://…): every response carries Strict-Transport-Security.
  bool hsts = false;
};

// Resolves the caller and checks the route's roles (and CSRF for writes). Set by the API layer so
// that http/ knows nothing of sessions or users.
using Authorizer = std::function<Status(RequestContext&, const Route&)>;

class Server {
 public:
  Server(ServerOptions options, const Router& router, Metrics& metrics, Authorizer authorizer);
  ~Server();

  // Binds and starts the io threads; returns the bound port. Throws on bind failure (start-up).
  uint16_t start();
  uint16_t port() const { return port_; }
  const ConnectionLimits& connectionLimits() const { return limits_; }

  // Graceful: stop accepting, close idle connections, let requests in flight finish and their
  // responses be written, then join the io threads. Idempotent.
  void shutdown();

  // Blocks until SIGINT or SIGTERM arrives, then calls shutdown().
  void runUntilSignal();


 private:
  struct Connection;
  boost::asio::awaitable<void> acceptLoop();
  boost::asio::awaitable<void> serveConnection(std::shared_ptr<Connection> conn);
  // What a request's target names, worked out once as soon as its header is in (the body limit
  // and the dispatch both need the route): the decoded path, the query, and the route when the
  // path is well-formed.
  struct Target {
    std::optional<std::string> path;  // nullopt: a malformed escape
    std::optional<std::map<std::string, std::string>> query;
    bool well_formed = false;  // path and query decoded, path absolute and valid UTF-8
    Router::Match match;
  };
  Target resolve(const Request& req) const;
  // The client behind a trusted proxy (options_.trusted_proxies), else `peer`.
  std::string forwardedClient(const Request& req, const std::string& peer) const;
  boost::asio::awaitable<Response> dispatch(const Request& req, Target& target, const std::string& remote,
                                            const std::string& request_id, std::string& route_label);

  // The route's max_body, or options_.body_limit for routes without one.
  size_t bodyLimitFor(const Target& target) const;

  ServerOptions options_;
  size_t largest_body_limit_ = 0;  // set by start() from the route table
  const Router& router_;
  Metrics& metrics_;
  Authorizer authorizer_;
  StaticFiles static_files_;
  // Every Connection holds one of its slots; declared before the io contexts and the connection
  // set so that it outlives every connection.
  ConnectionLimits limits_;
  using WorkGuard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
  std::vector<std::unique_ptr<boost::asio::io_context>> iocs_;  // one per io thread
  std::vector<WorkGuard> work_;                                // keeps idle io threads running
  boost::asio::ip::tcp::acceptor acceptor_;                    // on iocs_[0]
  size_t next_ioc_ = 0;                                        // round-robin; acceptLoop only
  std::vector<std::thread> threads_;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  bool stopped_ = false;
  std::mutex conns_mu_;
  std::set<std::shared_ptr<Connection>> conns_;
};

}  // namespace onedoor::http
