// Two nodes (two servers, each with its own store, hall service and WebSocket hub) on one
// PostgreSQL database behave as one system: a ticket issued on one is called on the other, no
// ticket is ever called twice when both call at once, a WebSocket client on one sees the other's
// events within a second, and the ledger stays one chain.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "ledger/ledger.h"
#include "support/pg_cluster.h"
#include "test_server.h"

using namespace onedoor;
using namespace onedoor::testing;
using bhttp::verb;
using nlohmann::json;

namespace {

HttpResult act(TestServer& s, const Headers& h, int window, const std::string& what) {
  return s.request(verb::post, "/api/v1/windows/" + std::to_string(window) + "/" + what, "", h);
}

}  // namespace

TEST(MultiNode, TicketIssuedOnOneNodeIsCalledOnTheOtherAndSeenThereLive) {
  const std::string url = demoDatabase(test::PgCluster::instance());
  TestServer a(url);
  TestServer b(url);

  // A display on node B listens to the hall.
  namespace asio = boost::asio;
  namespace websocket = boost::beast::websocket;
  asio::io_context ioc;
  asio::ip::tcp::resolver resolver(ioc);
  websocket::stream<asio::ip::tcp::socket> ws(ioc);
  asio::connect(ws.next_layer(), resolver.resolve("127.0.0.1", std::to_string(b.port())));
  ws.handshake("127.0.0.1", "/api/v1/halls/1/events");
  boost::beast::flat_buffer buf;
  ws.read(buf);
  buf.consume(buf.size());
  struct timeval tv {2, 0};  // a missing event fails the test instead of hanging it
  setsockopt(ws.next_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);

  json t = takeTicket(a, "A");  // on node A
  auto clerk = b.signIn("hall02");
  auto called = act(b, clerk, 2, "call-next");  // on node B
  ASSERT_EQ(called.status, 200u) << called.body;
  ASSERT_FALSE(called.json()["ticket"].is_null()) << called.body;
  EXPECT_EQ(called.json()["ticket"]["ticket_id"], t["ticket_id"]);

  // Node A's clerk calls next on another node's change: window 2 is busy there too.
  auto clerk_a = a.signIn("hall02");
  EXPECT_EQ(act(a, clerk_a, 2, "call-next").status, 409u);

  // A ticket issued on A reaches B's WebSocket client within a second.
  auto t0 = std::chrono::steady_clock::now();
  json t2 = takeTicket(a, "B");
  json seen;
  for (int i = 0; i < 20 && seen.is_null(); ++i) {
    ws.read(buf);
    json m = json::parse(boost::beast::buffers_to_string(buf.data()), nullptr, false);
    buf.consume(buf.size());
    if (m["type"] == "ticket_issued" && m["number"] == t2["number"]) seen = m;
  }
  ASSERT_FALSE(seen.is_null());
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1));
  ws.close(websocket::close_code::normal);

  // B's readers count A's waiting ticket (B refreshed its snapshot from the database).
  bool waiting_on_b = false;
  for (int i = 0; i < 50 && !waiting_on_b; ++i) {
    json st = b.request(verb::get, "/api/v1/halls/1/state").json();
    for (const auto& svc : st["services"]) waiting_on_b |= svc["code"] == "B" && svc["waiting"] == 1;
    if (!waiting_on_b) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(waiting_on_b);
}

TEST(MultiNode, BothNodesCallingAtOnceNeverCallATicketTwiceAndTheLedgerStaysOneChain) {
  const std::string url = demoDatabase(test::PgCluster::instance());
  TestServer a(url);
  TestServer b(url);
  // 24 anonymous tickets from one address are remote ones to the rate limits (their own suite).
  for (TestServer* s : {&a, &b}) ASSERT_TRUE(people::setLimit(s->app().rate_limits, "all=off"));
  std::set<std::string> issued;
  for (int i = 0; i < 24; ++i) issued.insert(takeTicket(i % 2 ? a : b, "C")["ticket_id"].get<std::string>());

  // Windows 5 and 6 both serve C: one clerk on each node, calling and finishing as fast as they can.
  std::vector<std::string> called_a, called_b;
  auto work = [](TestServer& s, const std::string& user, int window, std::vector<std::string>& called) {
    auto h = s.signIn(user);
    for (int i = 0; i < 40; ++i) {
      auto r = act(s, h, window, "call-next");
      if (r.status != 200u) {
        ADD_FAILURE() << r.status << " " << r.body;
        return;
      }
      json t = r.json()["ticket"];
      if (t.is_null()) return;  // nobody left
      called.push_back(t["ticket_id"].get<std::string>());
      auto started = act(s, h, window, "start");
      if (started.status != 200u) {
        ADD_FAILURE() << started.status << " " << started.body;
        return;
      }
      auto f = act(s, h, window, "finish");
      if (f.status != 200u) {
        ADD_FAILURE() << f.status << " " << f.body;
        return;
      }
    }
  };
  std::thread ta([&] { work(a, "hall05", 5, called_a); });
  std::thread tb([&] { work(b, "hall06", 6, called_b); });
  ta.join();
  tb.join();

  std::multiset<std::string> all(called_a.begin(), called_a.end());
  all.insert(called_b.begin(), called_b.end());
  EXPECT_EQ(all.size(), issued.size());
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()), issued);  // each exactly once
  EXPECT_FALSE(called_a.empty());
  EXPECT_FALSE(called_b.empty());

  // One chain, whichever node appended.
  auto sup = a.signIn("supervisor");
  EXPECT_EQ(a.request(verb::get, "/api/v1/ledger/verify", "", sup).json()["ok"], true);
  EXPECT_EQ(b.request(verb::get, "/api/v1/ledger/verify", "", sup).json()["ok"], true);
}

TEST(MultiNode, ACalendarSavedOnOneNodeIsInForceOnTheOtherAndOnANodeStartedLater) {
  const std::string url = demoDatabase(test::PgCluster::instance());
  TestServer a(url);
  TestServer b(url);
  auto admin = a.signIn("admin");
  json y2027 = {{"year", 2027},
                {"region", "cn"},
                {"source", "测试用：2027 年放假安排"},
                {"holidays", {{{"name", "元旦"}, {"from", "2027-01-01"}, {"to", "2027-01-01"}}}},
                {"workdays", json::array()}};
  ASSERT_EQ(a.request(verb::put, "/api/v1/calendars/2027", y2027.dump(), admin).status, 200u);

  auto years_on = [&](TestServer& s) {
    return s.request(verb::get, "/api/v1/calendars", "", admin).json()["years"].size();
  };
  size_t on_b = 0;
  for (int i = 0; i < 100 && on_b != 3u; ++i) {  // NOTIFY is asynchronous: wait up to 2 s
    on_b = years_on(b);
    if (on_b != 3u) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(on_b, 3u);
  EXPECT_TRUE(std::filesystem::exists(b.dir() / "calendars" / "2027.json"));  // B's own files follow
  TestServer c(url);  // started after the save, from the shipped files: brought up to the ledger
  EXPECT_EQ(years_on(c), 3u);
}
