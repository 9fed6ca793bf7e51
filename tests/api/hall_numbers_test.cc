// Ticket numbers over HTTP: every ticket of a service gets its own number that day (hundreds of
// tickets over several services, interleaved with calls, finishes, transfers and cancels), the
// count restarts the next local morning, goes past 999 without wrapping, and stays one count when
// two nodes share PostgreSQL. The test server checks the dispatcher's invariants after every write
// (TestServer sets HallService::setCheckInvariants), so every step here also checks those.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "people/rate_limit.h"
#include "services/hall_service.h"
#include "support/pg_cluster.h"
#include "test_server.h"

using namespace onedoor;
using namespace onedoor::testing;
using bhttp::verb;
using nlohmann::json;

namespace {

HttpResult act(TestServer& s, const Headers& h, int window, const std::string& what, const json& body = nullptr) {
  return s.request(verb::post, "/api/v1/windows/" + std::to_string(window) + "/" + what,
                   body.is_null() ? std::string() : body.dump(), h);
}

// The holder's cancel: the ticket's secret from the issue response.
HttpResult cancel(TestServer& s, const json& t) {
  return s.request(verb::post, "/api/v1/tickets/" + t["ticket_id"].get<std::string>() + "/cancel",
                   json{{"holder_token", t.value("holder_token", "")}}.dump());
}

// These tickets stand for a kiosk's day from one test address: anonymous tickets are remote ones,
// rate-limited per address (their own suite, RateLimitApi), so the limits are off here.
void limitsOff(TestServer& s) { ASSERT_TRUE(people::setLimit(s.app().rate_limits, "all=off")); }

}  // namespace

TEST(HallNumbers, FormatHasThreeDigitsAtLeastAndNeverWraps) {
  EXPECT_EQ(services::formatTicketNumber("A", 1), "A001");
  EXPECT_EQ(services::formatTicketNumber("A", 999), "A999");
  EXPECT_EQ(services::formatTicketNumber("A", 1000), "A1000");
  EXPECT_EQ(services::formatTicketNumber("BX", 12345), "BX12345");
}

TEST(HallNumbers, TwoTicketsOfOneServiceGetTwoNumbers) {
  TestServer s;
  limitsOff(s);
  EXPECT_EQ(takeTicket(s, "A")["number"], "A001");
  EXPECT_EQ(takeTicket(s, "A")["number"], "A002");
  EXPECT_EQ(takeTicket(s, "B")["number"], "B001");
  EXPECT_EQ(takeTicket(s, "A")["number"], "A003");
}

TEST(HallNumbers, HundredsOfTicketsInterleavedWithCallsFinishesAndCancelsAreAllDistinct) {
  TestServer s;
  limitsOff(s);
  // Clerks at windows 1 (A, H), 2 (A), 3 (B) and 5 (C).
  std::map<int, Headers> clerks = {{1, s.signIn("hall01")}, {2, s.signIn("hall02")},
                                   {3, s.signIn("hall03")}, {5, s.signIn("hall05")}};
  const std::vector<std::string> services = {"A", "B", "C", "H"};
  std::map<std::string, std::vector<std::string>> numbers;  // per service, in issue order
  std::vector<json> waiting;
  std::mt19937 rng(19);
  for (int i = 0; i < 480; ++i) {
    const std::string& svc = services[rng() % services.size()];
    json t = takeTicket(s, svc);
    ASSERT_TRUE(t.contains("number")) << t.dump();
    numbers[svc].push_back(t["number"]);
    waiting.push_back(t);
    switch (rng() % 4) {
      case 0: {  // a window calls, starts and finishes its next ticket
        auto& [win, h] = *std::next(clerks.begin(), static_cast<long>(rng() % clerks.size()));
        auto called = act(s, h, win, "call-next");
        ASSERT_EQ(called.status, 200u) << called.body;
        if (called.json()["ticket"].is_null()) break;
        ASSERT_EQ(act(s, h, win, "start").status, 200u);
        ASSERT_EQ(act(s, h, win, "finish").status, 200u);
        break;
      }
      case 1: {  // someone still waiting gives up
        const json& w = waiting[rng() % waiting.size()];
        auto r = cancel(s, w);
        ASSERT_TRUE(r.status == 200u || r.status == 409u) << r.body;  // 409: called or cancelled already
        break;
      }
      default:
        break;
    }
  }
  for (const auto& [svc, list] : numbers) {
    std::set<std::string> distinct(list.begin(), list.end());
    EXPECT_EQ(distinct.size(), list.size()) << "service " << svc;
    // In issue order: A001, A002, … without gaps.
    for (size_t k = 0; k < list.size(); ++k)
      EXPECT_EQ(list[k], services::formatTicketNumber(svc, static_cast<int64_t>(k + 1))) << "service " << svc;
  }
}

TEST(HallNumbers, TheCountRestartsTheNextMorningAndPassesNineHundredNinetyNine) {
  TestServer s;
  limitsOff(s);
  for (int k = 1; k <= 1001; ++k) {
    json t = takeTicket(s, "H");
    ASSERT_EQ(t["number"], services::formatTicketNumber("H", k));
  }
  EXPECT_EQ(takeTicket(s, "A")["number"], "A001");
  s.advanceClock(24 * 3600 * 1000LL);  // the next local day
  EXPECT_EQ(takeTicket(s, "H")["number"], "H001");
  EXPECT_EQ(takeTicket(s, "H")["number"], "H002");
  EXPECT_EQ(takeTicket(s, "A")["number"], "A001");
}

TEST(HallNumbers, TwoNodesOnOnePostgresDatabaseShareOneCount) {
  const std::string url = demoDatabase(test::PgCluster::instance());
  TestServer a(url);
  TestServer b(url);
  limitsOff(a);
  limitsOff(b);
  std::map<std::string, std::vector<std::string>> numbers;
  for (int i = 0; i < 120; ++i) {
    TestServer& node = i % 2 ? b : a;
    const std::string svc = i % 3 ? "A" : "B";
    json t = takeTicket(node, svc);
    numbers[svc].push_back(t["number"]);
  }
  for (const auto& [svc, list] : numbers)
    for (size_t k = 0; k < list.size(); ++k)
      EXPECT_EQ(list[k], services::formatTicketNumber(svc, static_cast<int64_t>(k + 1))) << "service " << svc;
}
