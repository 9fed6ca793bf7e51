// PostgreSQL restarted under load, with two nodes writing: requests fail fast with 503 and
// Retry-After while it is down, the nodes reconnect by themselves, and every appeal acknowledged
// (201) before, during or after the restart is in the database afterwards.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "support/pg_cluster.h"
#include "test_server.h"

using namespace onedoor;
using namespace onedoor::testing;
using bhttp::verb;
using nlohmann::json;

TEST(PgFaults, RestartUnderLoadAnswers503ThenRecoversAndLosesNoAcknowledgedWrite) {
  auto cluster = test::PgCluster::startPrivate();  // its own server: the restart breaks every connection
  const std::string url = demoDatabase(*cluster);
  TestServer a(url);
  TestServer b(url);
  // Load from one address and phone: the rate limits (their own suite) would refuse it.
  for (TestServer* s : {&a, &b}) ASSERT_TRUE(people::setLimit(s->app().rate_limits, "all=off"));

  std::mutex mu;
  std::vector<std::string> acknowledged;  // tracking codes answered 201
  std::atomic<int> unavailable{0}, without_retry_after{0}, other{0};
  std::atomic<int> after_restart{0};
  std::atomic<bool> restarted{false}, stop{false};
  auto load = [&](TestServer& s) {
    const json body = {{"category", "housing.leak"},
                       {"text", "楼上卫生间漏水，已经三天了，天花板在滴水"},
                       {"phone", "13812345678"},
                       {"address", "东湖街道柳岸小区 3 栋 402"}};
    for (int i = 0; i < 5000 && !stop; ++i) {
      HttpResult r = s.request(verb::post, "/api/v1/appeals", body.dump());
      if (r.status == 201u) {
        std::lock_guard lock(mu);
        acknowledged.push_back(r.json()["tracking_code"].get<std::string>());
        if (restarted) ++after_restart;
      } else if (r.status == 503u) {
        ++unavailable;
        if (r.headers["retry-after"] != "1") ++without_retry_after;
      } else {
        ++other;
      }
    }
  };
  std::vector<std::thread> clients;
  for (TestServer* s : {&a, &a, &b, &b}) clients.emplace_back(load, std::ref(*s));

  auto wait_for = [&](auto done) {
    for (int i = 0; i < 3000 && !done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  };
  wait_for([&] {
    std::lock_guard lock(mu);
    return acknowledged.size() >= 100;
  });
  cluster->restart();  // fast shutdown: every session of both nodes is terminated
  restarted = true;
  wait_for([&] { return after_restart >= 100; });  // the nodes came back by themselves
  stop = true;
  for (auto& t : clients) t.join();

  EXPECT_GE(after_restart, 100);
  EXPECT_GT(unavailable, 0);  // some requests met the restart, and said so
  EXPECT_EQ(without_retry_after, 0);
  EXPECT_EQ(other, 0);
  // Every acknowledged appeal is there, read through a fresh connection.
  auto store = openStore(url);
  ASSERT_TRUE(store.isOk()) << store.status().message();
  size_t found = 0;
  ASSERT_TRUE((*store)
                  ->read([&](Reader& r) {
                    for (const auto& code : acknowledged) found += r.appealByTrackingCode(code).has_value();
                    return Status::ok();
                  })
                  .isOk());
  EXPECT_EQ(found, acknowledged.size());
  (*store)->close();
  auto sup = a.signIn("supervisor");
  EXPECT_EQ(a.request(verb::get, "/api/v1/ledger/verify", "", sup).json()["ok"], true);
}
