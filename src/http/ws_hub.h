// WebSocket hub: clients subscribe to one topic (e.g. "hall:1") when they connect; publish() sends a
// text message to every subscriber of a topic. Each client lives on the io thread that accepted its
// connection; publish() posts to that io_context, so no strands are needed. Every client has a
// bounded send queue: a client that falls behind is dropped. Thread-safety: publish(), closeAll()
// and clientCount() are safe from any thread; serve() runs on the connection's io thread.
#pragma once

#include <utility>  // before Asio (asio#944)

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace onedoor::http {

class WsHub {
 public:
  struct Options {
    size_t max_queue = 256;                      // messages waiting per client before it is dropped
    std::chrono::seconds idle_timeout{30};       // pings are sent at half of it; no pong: closed
    std::chrono::seconds handshake_timeout{10};
  };
  WsHub() = default;
  explicit WsHub(Options o) : options_(o) {}

  // Sends `message` to every client subscribed to `topic`. Never blocks on a client.
  void publish(const std::string& topic, const std::string& message);
  // Closes every client with "going away" (graceful shutdown). New clients are refused after it.
  void closeAll();
  size_t clientCount() const;
  size_t dropped() const;  // clients dropped for falling behind

  struct Client;
  // Upgrades the connection (the request has been read), sends `hello`, then serves the client
  // until it or the hub closes. Runs on the connection's io thread.
  boost::asio::awaitable<void> serve(boost::beast::tcp_stream stream,
                                     boost::beast::http::request<boost::beast::http::string_body> req,
                                     std::string topic, std::string hello);

 private:
  void add(const std::string& topic, const std::shared_ptr<Client>& c);
  void remove(const std::string& topic, const std::shared_ptr<Client>& c);

  Options options_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::vector<std::shared_ptr<Client>>> topics_;
  bool closed_ = false;
  size_t dropped_ = 0;
};

}  // namespace onedoor::http
