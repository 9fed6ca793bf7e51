// TestServer implementation.
#include "test_server.h"

#include "api/await_store.h"

#include <gtest/gtest.h>

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <fstream>
#include <random>
#include <thread>

#include "core/random.h"
#include "demo/demo_centre.h"
#include "services/calendar_sync.h"
#include "services/secret_key_binding.h"
#include "support/test_database.h"

namespace onedoor::testing {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

nlohmann::json takeTicket(TestServer& s, const std::string& service) {
  auto r = s.request(bhttp::verb::post, "/api/v1/halls/1/tickets", nlohmann::json{{"service", service}}.dump());
  EXPECT_EQ(r.status, 201u) << r.body;
  return r.json();
}

std::string demoDatabase(test::PgCluster& cluster) {
  const std::string url = cluster.migratedDatabaseUrl();
  auto store = openStore(url);
  if (!store) throw std::runtime_error(store.status().message());
  TestClock clock;
  Status st = demo::loadDemoCentre(**store, clock, /*fast_hash=*/true);
  if (!st) throw std::runtime_error(st.message());
  (*store)->close();
  return url;
}

TestServer::TestServer(std::function<void(http::Router&, api::App&)> customize,
                       std::function<void(http::ServerOptions&)> options) {
  init("", std::move(customize), std::move(options));
}

TestServer::TestServer(const std::string& join_db_url) { init(join_db_url, {}, {}); }

void TestServer::init(const std::string& join_db_url, std::function<void(http::Router&, api::App&)> customize,
                      std::function<void(http::ServerOptions&)> options) {
  initCrypto();
  dir_ = std::filesystem::temp_directory_path() / ("onedoor-api-" + randomHex(6));
  std::filesystem::create_directories(dir_ / "web" / "assets");
  // A small web root: index.html, a hashed asset large enough to be gzipped.
  std::ofstream(dir_ / "web" / "index.html") << "<!doctype html><title>一扇门</title><div id=app></div>";
  std::ofstream js(dir_ / "web" / "assets" / "index-abc123.js");
  for (int i = 0; i < 200; ++i) js << "console.log('一扇门 onedoor " << i << "');\n";
  js.close();
  db_url_ = join_db_url.empty() ? test::testDatabaseUrl(dir_) : join_db_url;
  auto store = openStore(db_url_);
  if (!store) throw std::runtime_error(store.status().message());
  store_ = std::make_unique<test::FaultSwitchStore>(std::move(*store));
  if (join_db_url.empty()) {
    Status st = demo::loadDemoCentre(*store_, clock_, /*fast_hash=*/true);
    if (!st) throw std::runtime_error(st.message());
  }
  // A copy of the shipped calendars: admins' edits in tests must not touch the source tree.
  std::filesystem::create_directories(dir_ / "calendars");
  for (const auto& f : std::filesystem::directory_iterator(ONEDOOR_SOURCE_DIR "/calendars/cn"))
    std::filesystem::copy_file(f.path(), dir_ / "calendars" / f.path().filename());
  auto book = services::CalendarBook::open(dir_ / "calendars");
  if (!book) throw std::runtime_error(book.status().message());
  calendars_ = std::move(*book);
  if (Status cs = services::syncCalendarsFromLedger(*store_, *calendars_); !cs) throw std::runtime_error(cs.message());
  services::followCalendarsAcrossNodes(*store_, *calendars_);
  appeals_ = std::make_unique<services::AppealService>(clock_, *calendars_, checker_, key_);
  // Every node of a test database shares the one test key, as a deployment's nodes share theirs.
  if (Status kb = services::bindSecretKey(*store_, key_, clock_.nowMs()); !kb) throw std::runtime_error(kb.message());
  app_.reset(new api::App{*store_, clock_, metrics_, people::LoginLimiter{}});
  app_->appeals = appeals_.get();
  app_->password_cost = people::HashCost::kFast;  // the demo users' hashes are fast ones here
  // A loaded CI machine must not turn a slow write into a 503; StoreDown sets its own limit.
  api::storeWaitLimitMs() = 30000;
#ifdef ONEDOOR_SOURCE_DIR
  app_->scenarios_dir = std::filesystem::path(ONEDOOR_SOURCE_DIR) / "scenarios";
#endif
  hall_ = std::make_unique<services::HallService>(clock_, *calendars_);
  hall_->attach(*store_);
  hall_->setCheckInvariants(true);  // every API test checks the dispatcher after every change
  app_->hall = hall_.get();
  hub_ = std::make_unique<http::WsHub>();
  hall_->publish = [hub = hub_.get()](int64_t hall_id, const std::string& msg) {
    hub->publish("hall:" + std::to_string(hall_id), msg);
  };
  hall_->shareWithNodes(*store_);
  api::exposeStoreMetrics(*app_);
  api::registerRoutes(router_, *app_);
  if (customize) customize(router_, *app_);
  http::ServerOptions opts;
  opts.port = 0;
  opts.threads = 2;
  opts.read_timeout = std::chrono::milliseconds(1500);
  opts.web_root = dir_ / "web";
  opts.body_limit = 64 * 1024;
  opts.ws_hub = hub_.get();
  opts.ws_resolve = [app = app_.get()](const std::string& path) { return api::hallEventsEndpoint(*app, path); };
  opts.header_limit = 8 * 1024;
  if (options) options(opts);
  server_ = std::make_unique<http::Server>(opts, router_, metrics_, api::makeAuthorizer(*app_));
  port_ = server_->start();
}

TestServer::~TestServer() {
  server_->shutdown();
  store_->close();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

HttpResult TestServer::request(bhttp::verb method, const std::string& target, const std::string& body,
                               const std::map<std::string, std::string>& headers) {
  asio::io_context ioc;
  tcp::socket sock(ioc);
  sock.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
  bhttp::request<bhttp::string_body> req{method, target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  if (!body.empty()) req.set(bhttp::field::content_type, "application/json");
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  bhttp::write(sock, req);
  boost::beast::flat_buffer buf;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  if (method == bhttp::verb::head) parser.skip(true);
  bhttp::read(sock, buf, parser);
  auto& res = parser.get();
  HttpResult out;
  out.status = res.result_int();
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto& slot = out.headers[name];
    if (!slot.empty()) slot += "\n";
    slot += std::string(f.value());
  }
  out.body = res.body();
  boost::system::error_code ec;
  sock.shutdown(tcp::socket::shutdown_both, ec);
  return out;
}

Headers TestServer::signIn(const std::string& username) {
  auto [cookie, csrf] = login(username);
  return {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
}

int64_t TestServer::lastSeq() {
  int64_t seq = 0;
  EXPECT_TRUE(store_->read([&](Reader& r) {
    seq = r.lastSeq();
    return Status::ok();
  }));
  return seq;
}

std::vector<std::string> TestServer::eventTypes(const std::string& subject) {
  std::vector<std::string> out;
  EXPECT_TRUE(store_->read([&](Reader& r) {
    for (const auto& e : r.eventsBySubject(subject)) out.push_back(e.type);
    return Status::ok();
  }));
  return out;
}

WebhookSink::WebhookSink() : acceptor_(ioc_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
  listener_ = std::thread([this] {
    boost::asio::ip::tcp::socket sock(ioc_);
    boost::beast::error_code ec;
    acceptor_.accept(sock, ec);
    if (ec) return;
    boost::beast::flat_buffer buf;
    bhttp::request<bhttp::string_body> req;
    bhttp::read(sock, buf, req, ec);
    if (ec) return;
    received_ = req.body();
    bhttp::response<bhttp::string_body> res{bhttp::status::ok, 11};
    res.prepare_payload();
    bhttp::write(sock, res, ec);
  });
}

WebhookSink::~WebhookSink() {
  if (!listener_.joinable()) return;
  // A test that stopped early never sent the request: connect once so the accept returns.
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket poke(ioc);
  boost::beast::error_code ec;
  poke.connect(acceptor_.local_endpoint(), ec);
  poke.close(ec);
  listener_.join();
}

std::string WebhookSink::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + path;
}

const std::string& WebhookSink::body() {
  if (listener_.joinable()) listener_.join();
  return received_;
}

std::pair<std::string, std::string> TestServer::login(const std::string& username, const std::string& password) {
  auto r = request(bhttp::verb::post, "/api/v1/session",
                   nlohmann::json{{"username", username}, {"password", password}}.dump());
  if (r.status != 200) throw std::runtime_error("login failed: " + r.body);
  std::string cookies;
  std::string csrf;
  std::string all = r.headers["set-cookie"];
  size_t i = 0;
  while (i < all.size()) {
    size_t j = all.find('\n', i);
    if (j == std::string::npos) j = all.size();
    std::string line = all.substr(i, j - i);
    i = j + 1;
    std::string pair = line.substr(0, line.find(';'));
    if (!cookies.empty()) cookies += "; ";
    cookies += pair;
    if (pair.rfind("onedoor_csrf=", 0) == 0) csrf = pair.substr(13);
  }
  return {cookies, csrf};
}

std::string TestServer::raw(const std::string& bytes, int timeout_ms) {
  asio::io_context ioc;
  tcp::socket sock(ioc);
  sock.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
  // The server may answer and close before it has read everything (e.g. 413): keep reading.
  boost::system::error_code write_ec;
  asio::write(sock, asio::buffer(bytes), write_ec);
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  sock.non_blocking(true);
  char buf[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    boost::system::error_code ec;
    size_t n = sock.read_some(asio::buffer(buf), ec);
    if (ec == asio::error::would_block) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    if (ec) break;  // closed by the server
    out.append(buf, n);
  }
  return out;
}

}  // namespace onedoor::testing
