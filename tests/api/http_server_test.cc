// The HTTP server as a client sees it: limits, timeouts, pipelining, static files, bad input,
// graceful shutdown. Every test talks real HTTP to a server on 127.0.0.1.
#include <gtest/gtest.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <future>
#include <thread>

#include "api/await_store.h"
#include "api/json_body.h"
#include "test_server.h"

using namespace onedoor;
using namespace onedoor::testing;
using bhttp::verb;

static void expectErrorShape(const HttpResult& r) {
  auto j = r.json();
  ASSERT_TRUE(j.is_object()) << r.body;
  ASSERT_TRUE(j.contains("error")) << r.body;
  EXPECT_TRUE(j["error"]["code"].is_string());
  EXPECT_TRUE(j["error"]["message"].is_string());
  EXPECT_TRUE(j["error"].contains("field"));
  // Bilingual: a Chinese part and an English part.
  std::string msg = j["error"]["message"];
  EXPECT_NE(msg.find(" / "), std::string::npos) << msg;
}

static std::string bodyOfRaw(const std::string& raw) {
  auto p = raw.find("\r\n\r\n");
  return p == std::string::npos ? "" : raw.substr(p + 4);
}

static int statusOfRaw(const std::string& raw) {
  if (raw.size() < 12) return 0;
  return std::stoi(raw.substr(9, 3));
}

TEST(HttpServer, HealthzAnswersWithRequestId) {
  TestServer s;
  auto r = s.request(verb::get, "/healthz");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.json()["status"], "ok");
  EXPECT_EQ(r.headers["x-request-id"].size(), 16u);
  auto r2 = s.request(verb::get, "/healthz", "", {{"X-Request-Id", "abc-123"}});
  EXPECT_EQ(r2.headers["x-request-id"], "abc-123");
}

TEST(HttpServer, MalformedHttpGetsJson400AndServerStaysUp) {
  TestServer s;
  std::string raw = s.raw("THIS IS NOT HTTP\r\n\r\n");
  EXPECT_EQ(statusOfRaw(raw), 400) << raw;
  HttpResult r;
  r.body = bodyOfRaw(raw);
  expectErrorShape(r);
  EXPECT_EQ(s.request(verb::get, "/healthz").status, 200u);
}

TEST(HttpServer, InvalidJsonIs400) {
  TestServer s;
  auto r = s.request(verb::post, "/api/v1/session", "{\"username\": ");
  EXPECT_EQ(r.status, 400u);
  expectErrorShape(r);
  EXPECT_EQ(r.json()["error"]["code"], "invalid");
}

TEST(HttpServer, WrongTypeNamesTheField) {
  TestServer s;
  auto r = s.request(verb::post, "/api/v1/session", R"({"username": 12, "password": "x"})");
  EXPECT_EQ(r.status, 400u);
  expectErrorShape(r);
  EXPECT_EQ(r.json()["error"]["field"], "username");
}

TEST(HttpServer, UnknownFieldIsRejected) {
  TestServer s;
  auto r = s.request(verb::post, "/api/v1/session", R"({"username":"clerk","password":"onedoor-demo","admin":true})");
  EXPECT_EQ(r.status, 400u);
  expectErrorShape(r);
  EXPECT_EQ(r.json()["error"]["field"], "admin");
}

TEST(HttpServer, NonUtf8BodyIsRejected) {
  TestServer s;
  auto r = s.request(verb::post, "/api/v1/session", "{\"username\":\"\xC3\x28\",\"password\":\"12345678\"}");
  EXPECT_EQ(r.status, 400u);
  expectErrorShape(r);
  EXPECT_NE(r.json()["error"]["message"].get<std::string>().find("UTF-8"), std::string::npos);
}

TEST(HttpServer, WrongContentTypeIsRejected) {
  TestServer s;
  auto r = s.request(verb::post, "/api/v1/session", R"({"username":"clerk","password":"onedoor-demo"})",
                     {{"Content-Type", "text/plain"}});
  EXPECT_EQ(r.status, 400u);
  expectErrorShape(r);
}

TEST(HttpServer, OversizedBodyIs413AndNothingIsWritten) {
  TestServer s;
  int64_t before = 0;
  (void)s.store().read([&](Reader& r) { before = r.lastSeq(); return Status::ok(); });
  // The declared length is enough for the server to refuse before reading the body.
  std::string big = R"({"username":")" + std::string(100 * 1024, 'a') + R"(","password":"x"})";
  std::string raw = s.raw("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
                          std::to_string(big.size()) + "\r\n\r\n" + big.substr(0, 1024));
  EXPECT_EQ(statusOfRaw(raw), 413) << raw.substr(0, 200);
  HttpResult r;
  r.body = bodyOfRaw(raw);
  expectErrorShape(r);
  int64_t after = 0;
  (void)s.store().read([&](Reader& r) { after = r.lastSeq(); return Status::ok(); });
  EXPECT_EQ(before, after);
  EXPECT_EQ(s.request(verb::get, "/healthz").status, 200u);
}

TEST(HttpServer, OversizedHeadersAre431) {
  TestServer s;
  std::string raw = s.raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20 * 1024, 'b') + "\r\n\r\n");
  EXPECT_EQ(statusOfRaw(raw), 431) << raw.substr(0, 200);
  HttpResult r;
  r.body = bodyOfRaw(raw);
  expectErrorShape(r);
}

TEST(HttpServer, PathTraversalIsRefused) {
  TestServer s;
  for (std::string target : {"/../etc/passwd", "/assets/../../onedoor.db", "/%2e%2e/onedoor.db", "/a%5c..%5conedoor.db"}) {
    std::string raw = s.raw("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(statusOfRaw(raw), 400) << target << "\n" << raw.substr(0, 300);
    EXPECT_EQ(raw.find("SQLite format"), std::string::npos);
  }
}

TEST(HttpServer, MalformedUrlsAre400WithTheErrorShape) {
  TestServer s;
  // A broken escape in the path or the query, a relative path, a path that is not UTF-8.
  for (std::string target : {"/api/v1/categories%zz", "/api/v1/categories?a=%zz", "api/v1/categories",
                             "/api/v1/%FF"}) {
    std::string raw = s.raw("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(statusOfRaw(raw), 400) << target << "\n" << raw.substr(0, 300);
    HttpResult r;
    r.body = bodyOfRaw(raw);
    expectErrorShape(r);
  }
  EXPECT_EQ(s.request(verb::get, "/api/v1/categories").status, 200u);
}

TEST(HttpServer, SlowLorisIsCutOff) {
  TestServer s;  // read timeout 1.5 s
  auto start = std::chrono::steady_clock::now();
  // Headers never finish: the server must close the connection at its read timeout.
  std::string raw = s.raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n", 6000);
  double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(waited, 4.0) << "the connection stayed open";
  EXPECT_GE(waited, 1.0);
  EXPECT_EQ(s.request(verb::get, "/healthz").status, 200u);
}

TEST(HttpServer, KeepAliveAndPipeliningAnswerInOrder) {
  TestServer s;
  std::string raw = s.raw(
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: first\r\n\r\n"
      "GET /api/v1/departments HTTP/1.1\r\nHost: x\r\nX-Request-Id: second\r\n\r\n"
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: third\r\nConnection: close\r\n\r\n");
  auto p1 = raw.find("X-Request-Id: first");
  auto p2 = raw.find("X-Request-Id: second");
  auto p3 = raw.find("X-Request-Id: third");
  ASSERT_NE(p1, std::string::npos) << raw;
  ASSERT_NE(p2, std::string::npos);
  ASSERT_NE(p3, std::string::npos);
  EXPECT_LT(p1, p2);
  EXPECT_LT(p2, p3);
  EXPECT_NE(raw.find("明湖区"), std::string::npos);
}

TEST(HttpServer, UnknownApiPathIsJson404AndWrongMethod405) {
  TestServer s;
  auto r = s.request(verb::get, "/api/v1/nothing-here");
  EXPECT_EQ(r.status, 404u);
  expectErrorShape(r);
  auto m = s.request(verb::put, "/api/v1/departments", "{}");
  EXPECT_EQ(m.status, 405u);
  expectErrorShape(m);
}

TEST(HttpServer, StaticFilesMimeCacheGzipAndAppFallback) {
  TestServer s;
  auto asset = s.request(verb::get, "/assets/index-abc123.js", "", {{"Accept-Encoding", "gzip, deflate"}});
  EXPECT_EQ(asset.status, 200u);
  EXPECT_EQ(asset.headers["content-type"], "text/javascript; charset=utf-8");
  EXPECT_NE(asset.headers["cache-control"].find("immutable"), std::string::npos);
  EXPECT_EQ(asset.headers["content-encoding"], "gzip");
  EXPECT_EQ(static_cast<unsigned char>(asset.body[0]), 0x1f);  // gzip magic
  auto plain = s.request(verb::get, "/assets/index-abc123.js");
  EXPECT_EQ(plain.headers.count("content-encoding"), 0u);
  EXPECT_NE(plain.body.find("一扇门"), std::string::npos);

  auto app_route = s.request(verb::get, "/desk");
  EXPECT_EQ(app_route.status, 200u);
  EXPECT_NE(app_route.body.find("<div id=app>"), std::string::npos);
  EXPECT_EQ(app_route.headers["cache-control"], "no-cache");

  auto missing = s.request(verb::get, "/assets/missing.js");
  EXPECT_EQ(missing.status, 404u);
  expectErrorShape(missing);

  auto head = s.request(verb::head, "/");
  EXPECT_EQ(head.status, 200u);
  EXPECT_NE(head.headers["content-length"], "0");
}

TEST(HttpServer, GracefulShutdownFinishesInFlightWrites) {
  // A test-only route that takes 300 ms and then appends an event through the writer thread.
  TestServer s([](http::Router& router, api::App& app) {
    router.add({verb::post, "/test/slow-write", {},
                [&app](http::RequestContext& ctx) -> boost::asio::awaitable<http::Response> {
                  boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, std::chrono::milliseconds(300));
                  co_await t.async_wait(boost::asio::use_awaitable);
                  Status st = co_await api::awaitWrite(app.store, [](WriteTx& tx) -> Status {
                    auto e = tx.appendEvent({1, "system", "test.slow", "test:1", "{}"});
                    return e ? Status::ok() : e.status();
                  });
                  co_return api::jsonOk(ctx, {{"ok", st.isOk()}});
                },
                {"test", "test"}});
  });
  auto pending = std::async(std::launch::async, [&] { return s.request(verb::post, "/test/slow-write"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto t0 = std::chrono::steady_clock::now();
  s.server().shutdown();  // must wait for the request in flight
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto r = pending.get();
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.json()["ok"], true);
  EXPECT_EQ(r.headers["connection"], "close");
  EXPECT_LT(took, 5.0);
  bool found = false;
  (void)s.store().read([&](Reader& rd) {
    for (const auto& e : rd.latestEvents(5)) found = found || e.type == "test.slow";
    return Status::ok();
  });
  EXPECT_TRUE(found);
}

TEST(HttpServer, MetricsExposeRoutesLatencyAndCommitBatches) {
  TestServer s;
  s.request(verb::get, "/healthz");
  s.request(verb::get, "/api/v1/nothing");
  auto m = s.request(verb::get, "/metrics");
  EXPECT_EQ(m.status, 200u);
  EXPECT_NE(m.headers["content-type"].find("text/plain"), std::string::npos);
  EXPECT_NE(m.body.find(R"(onedoor_http_requests_total{method="GET",route="/healthz",status="200"} 1)"),
            std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find(R"(status="404")"), std::string::npos);
  EXPECT_NE(m.body.find("onedoor_http_request_duration_seconds_bucket{le=\"+Inf\"}"), std::string::npos);
  EXPECT_NE(m.body.find("onedoor_store_write_queue_depth"), std::string::npos);
  EXPECT_NE(m.body.find("onedoor_store_commit_batch_size_bucket{le=\"1\"}"), std::string::npos);
}
