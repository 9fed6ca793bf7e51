// A real OneDoor server on 127.0.0.1 port 0 over a fresh database with the demo centre (an SQLite
// file, or a PostgreSQL database when ONEDOOR_TEST_DB=postgresql: see tests/support/
// test_database.h), and a small synchronous HTTP client, for the API tests. One TestServer per test.
#pragma once

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "api/app.h"
#include "calendar/working_calendar.h"
#include "services/appeal_service.h"
#include "services/hall_service.h"
#include "http/ws_hub.h"
#include "text/formulaic.h"
#include "core/clock.h"
#include "http/server.h"
#include "support/fault_switch_store.h"
#include "support/pg_cluster.h"

namespace onedoor::testing {

namespace bhttp = boost::beast::http;

using Headers = std::map<std::string, std::string>;

struct HttpResult {
  unsigned status = 0;
  std::map<std::string, std::string> headers;  // lower-case names; Set-Cookie values joined by "\n"
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
  // Keeps the order of object keys (for documents whose field order matters, e.g. Open311 XML).
  nlohmann::ordered_json ordered() const { return nlohmann::ordered_json::parse(body, nullptr, false); }
};

// The system clock plus an offset that tests move forward (thread-safe: the server's threads and
// the store's writer read it while the test advances it).
class TestClock final : public Clock {
 public:
  int64_t nowMs() const override { return system_.nowMs() + offset_.load(std::memory_order_relaxed); }
  void advance(int64_t ms) { offset_.fetch_add(ms, std::memory_order_relaxed); }

 private:
  SystemClock system_;
  std::atomic<int64_t> offset_{0};
};

// A stand-in SMS gateway: a listener on 127.0.0.1 that answers one HTTP request with 200 and keeps
// its body. Not thread-safe: one test thread uses it.
class WebhookSink {
 public:
  WebhookSink();
  ~WebhookSink();
  WebhookSink(const WebhookSink&) = delete;
  WebhookSink& operator=(const WebhookSink&) = delete;

  // http://127.0.0.1:<port><path>
  std::string url(const std::string& path) const;
  // Waits for the one request and returns its body.
  const std::string& body();

 private:
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::string received_;
  std::thread listener_;
};

// A new PostgreSQL database in `cluster` with the demo centre loaded, for TestServer(url) nodes
// to share.
std::string demoDatabase(test::PgCluster& cluster);

class TestServer {
 public:
  // `customize` may add test-only routes before the server starts.
  explicit TestServer(std::function<void(http::Router&, api::App&)> customize = {},
                      std::function<void(http::ServerOptions&)> options = {});
  // A second node on the database of another TestServer (its dbUrl(); PostgreSQL): no demo load,
  // its own hall service, WebSocket hub and HTTP server.
  explicit TestServer(const std::string& join_db_url);
  ~TestServer();

  uint16_t port() const { return port_; }
  Store& store() { return *store_; }
  // Switches that make the server's reads or writes fail as a database that is down does.
  test::FaultSwitchStore& faults() { return *store_; }
  const services::AppealService& appeals() const { return *appeals_; }
  // The server key every TestServer uses (fixed, so nodes on one database agree).
  static SecretKey testKey() { return SecretKey::fromBytes("onedoor-test-key-0123456789abcdef"); }
  const SecretKey& secretKey() const { return key_; }
  services::HallService& hall() { return *hall_; }
  http::WsHub& hub() { return *hub_; }
  http::Server& server() { return *server_; }
  // The API's context, e.g. to change its rate limits before the test sends anything.
  api::App& app() { return *app_; }
  // Moves the server's clock forward (sessions, deadlines and hall alerts see the new time).
  void advanceClock(int64_t ms) { clock_.advance(ms); }
  const std::filesystem::path& dir() const { return dir_; }
  // The database this server uses: sqlite: by default, postgresql:// when ONEDOOR_TEST_DB says so.
  const std::string& dbUrl() const { return db_url_; }

  // One request on a fresh connection.
  HttpResult request(bhttp::verb method, const std::string& target, const std::string& body = {},
                     const std::map<std::string, std::string>& headers = {});

  // Logs in and returns {cookie header value, csrf token}.
  std::pair<std::string, std::string> login(const std::string& username, const std::string& password = "onedoor-demo");
  // Logs `username` in; the Cookie and X-CSRF-Token headers that make later requests theirs.
  Headers signIn(const std::string& username);

  // The ledger's last sequence number, and the event types about `subject` oldest first (a failed
  // read is a test failure).
  int64_t lastSeq();
  std::vector<std::string> eventTypes(const std::string& subject);

  // Sends raw bytes and reads until the server closes or `timeout_ms` passes.
  std::string raw(const std::string& bytes, int timeout_ms = 3000);

 private:
  void init(const std::string& join_db_url, std::function<void(http::Router&, api::App&)> customize,
            std::function<void(http::ServerOptions&)> options);
  std::filesystem::path dir_;
  std::string db_url_;
  std::unique_ptr<test::FaultSwitchStore> store_;
  TestClock clock_;
  http::Metrics metrics_;
  std::unique_ptr<services::CalendarBook> calendars_;
  text::FormulaicChecker checker_;
  SecretKey key_ = testKey();
  std::unique_ptr<services::AppealService> appeals_;
  std::unique_ptr<services::HallService> hall_;
  std::unique_ptr<http::WsHub> hub_;
  std::unique_ptr<api::App> app_;
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  uint16_t port_ = 0;
};

// An anonymous ticket for `service` at hall 1 (a failure to take it fails the test); the ticket's JSON.
nlohmann::json takeTicket(TestServer& s, const std::string& service);

}  // namespace onedoor::testing
