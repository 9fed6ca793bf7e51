// The hall soak (issue 19 §2): a compressed hour of the demo hall played through the API against
// real servers (SQLite, or PostgreSQL when ONEDOOR_TEST_DB says so; and two nodes sharing one
// PostgreSQL database with the clerks split over them), checked at every step against the
// in-process model and, over the hour, against `onedoor sim`. The checker is shown to catch
// breakage. A full compressed day runs when ONEDOOR_SOAK_DAY=1 (make bench).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "api/test_server.h"
#include "people/rate_limit.h"
#include "soak/soak.h"
#include "support/pg_cluster.h"

using namespace onedoor;
using namespace onedoor::testing;

namespace {

sim::Scenario loadScenario(const std::string& name) {
  std::ifstream in(std::string(ONEDOOR_SOURCE_DIR) + "/tests/soak/scenarios/" + name + ".json");
  std::stringstream ss;
  ss << in.rdbuf();
  auto sc = sim::parseScenario(ss.str());
  if (!sc) throw std::runtime_error(sc.status().message());
  return *sc;
}

// Moves every node's clock to `t` (never backwards).
std::function<void(int64_t)> clockOf(std::vector<TestServer*> nodes) {
  return [nodes](int64_t t) {
    for (TestServer* s : nodes) {
      int64_t d = t - s->app().clock.nowMs();
      if (d > 0) s->advanceClock(d);
    }
  };
}

soak::Report play(const std::string& scenario, std::vector<TestServer*> nodes) {
  soak::Options o;
  for (TestServer* s : nodes) {
    EXPECT_TRUE(people::setLimit(s->app().rate_limits, "all=off"));  // remote tickets from one address
    o.ports.push_back(s->port());
  }
  o.day_start_ms = soak::nextLocalMidnight(nodes.front()->app().clock.nowMs());
  o.set_clock = clockOf(nodes);
  o.log = [](const std::string& line) { std::cout << "  soak " << line << "\n"; };
  soak::Report r = soak::runSoak(loadScenario(scenario), o);
  std::cout << r.text();
  return r;
}

void expectPasses(const soak::Report& r) {
  EXPECT_TRUE(r.ok()) << r.text();
  const soak::Figures& f = r.figures;
  EXPECT_GT(f.served, 50);
  EXPECT_GT(f.no_show + f.cancelled, 0);
  EXPECT_GT(f.priority_confirmed, 0);
  EXPECT_GT(f.rated, 0);
  EXPECT_TRUE(f.ledger_ok);
  EXPECT_EQ(f.live.served, f.sim.served);
  EXPECT_NEAR(f.mean_ratio(), 1.0, 0.05);
  EXPECT_NEAR(f.p95_ratio(), 1.0, 0.05);
}

}  // namespace

TEST(Soak, CompressedHourOfTheDemoHall) {
  TestServer s;
  soak::Report r = play("soak-hour", {&s});
  expectPasses(r);
}

TEST(Soak, CompressedHourOnTwoPostgresNodesWithTheClerksSplit) {
  const std::string url = demoDatabase(test::PgCluster::instance());
  TestServer a(url);
  TestServer b(url);
  soak::Report r = play("soak-hour", {&a, &b});
  expectPasses(r);
}

// make bench: the whole compressed day (ONEDOOR_SOAK_DAY=1; ONEDOOR_SOAK_NODES=2 for two PostgreSQL nodes).
TEST(Soak, CompressedDay) {
  if (!std::getenv("ONEDOOR_SOAK_DAY")) GTEST_SKIP() << "set ONEDOOR_SOAK_DAY=1 (make bench runs it)";
  const char* nodes = std::getenv("ONEDOOR_SOAK_NODES");
  if (nodes && std::string(nodes) == "2") {
    const std::string url = demoDatabase(test::PgCluster::instance());
    TestServer a(url);
    TestServer b(url);
    expectPasses(play("soak-day", {&a, &b}));
  } else {
    TestServer s;
    expectPasses(play("soak-day", {&s}));
  }
}

// The checker catches what it is there to catch.
TEST(SoakChecker, DuplicateNumberIsAViolation) {
  soak::Checker c;
  c.issued("A", "A001");
  c.issued("B", "B001");
  c.issued("A", "A002");
  EXPECT_EQ(c.violationCount(), 0u);
  c.issued("A", "A001");
  ASSERT_EQ(c.violationCount(), 1u);
  EXPECT_NE(c.violations()[0].find("A001"), std::string::npos);
}

TEST(SoakChecker, TicketCalledTwiceOrAfterFinishingIsAViolation) {
  soak::Checker c;
  c.called("A001", 1, false, 0);
  c.called("A001", 1, true, 10);  // a recall is fine
  EXPECT_EQ(c.violationCount(), 0u);
  c.called("A001", 2, false, 20);  // at a second window
  EXPECT_EQ(c.violationCount(), 1u);
  c.gone("A001");
  c.called("A001", 1, true, 30);  // a finished ticket comes back
  EXPECT_EQ(c.violationCount(), 2u);
}

TEST(SoakChecker, CallMissingFromTheDisplayIsAViolation) {
  soak::Checker c;
  c.called("A001", 1, false, 1'000);
  c.called("B001", 3, false, 2'000);
  c.wsCall("A001", 1, false, 1'500);
  c.finishWebSocket();
  ASSERT_EQ(c.violationCount(), 1u);
  EXPECT_NE(c.violations()[0].find("missed 1"), std::string::npos) << c.violations()[0];
}

TEST(SoakChecker, CallsOutOfOrderOrLateOnTheDisplayAreViolations) {
  soak::Checker order;
  order.called("A001", 1, false, 0);
  order.called("B001", 3, false, 0);
  order.wsCall("B001", 3, false, 100);
  order.wsCall("A001", 1, false, 100);
  order.finishWebSocket();
  EXPECT_EQ(order.violationCount(), 1u);

  soak::Checker late;
  late.called("A001", 1, false, 0);
  late.wsCall("A001", 1, false, 1'500'000);  // 1.5 s later
  late.finishWebSocket();
  ASSERT_EQ(late.violationCount(), 1u);
  EXPECT_NE(late.violations()[0].find("1500 ms"), std::string::npos) << late.violations()[0];

  soak::Checker fine;
  fine.called("A001", 1, false, 0);
  fine.wsCall("A001", 1, false, 900'000);
  fine.finishWebSocket();
  EXPECT_EQ(fine.violationCount(), 0u);
}
