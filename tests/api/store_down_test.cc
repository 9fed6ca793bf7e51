// Never lie (issue 20 item 4): with the database down, every route says so (503 with
// Retry-After), or answers exactly what it answered before from memory. Never "not found", an
// empty list, 401 or a 200 with a different body: a citizen told "no such appeal" during an
// outage believes it.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "api/await_store.h"
#include "test_server.h"

namespace {

using namespace onedoor::testing;
using bhttp::verb;
using nlohmann::json;

// Every GET route of the OpenAPI document, plus the Open311 ones it leaves out, with its path
// parameters filled from real rows where one exists.
std::vector<std::string> everyGetTarget(TestServer& s, const std::map<std::string, std::string>& values) {
  auto doc = s.request(verb::get, "/api/openapi.json").json();
  std::vector<std::string> paths;
  for (const auto& [path, ops] : doc["paths"].items())
    if (ops.contains("get")) paths.push_back(path);
  for (const char* p : {"/open311/v2/discovery.{format}", "/open311/v2/services.{format}",
                        "/open311/v2/services/{service_code}.{format}", "/open311/v2/requests.{format}",
                        "/open311/v2/requests/{id}.{format}", "/open311/v2/servicerequestupdates.{format}",
                        "/open311/v2/tokens/{token}.{format}"})
    paths.push_back(p);
  std::vector<std::string> out;
  const std::regex param("\\{([a-z_]+)\\}");
  for (std::string p : paths) {
    std::smatch m;
    while (std::regex_search(p, m, param)) {
      auto it = values.find(m[1]);
      p.replace(m.position(0), m.length(0), it == values.end() ? "1" : it->second);
    }
    out.push_back(p);
  }
  return out;
}

}  // namespace

TEST(StoreDown, NoReadRouteAnswersNotFoundOrEmptyWhileTheDatabaseIsDown) {
  TestServer s;
  auto admin = s.signIn("admin");
  auto clerk = s.signIn("supervisor");
  auto filed = s.request(verb::post, "/api/v1/appeals",
                         json{{"category", "housing.leak"},
                              {"text", "楼上卫生间漏水，已经三天了"},
                              {"phone", "13812345678"},
                              {"name", "张秀兰"}}
                             .dump());
  ASSERT_EQ(filed.status, 201u) << filed.body;
  std::string code = filed.json()["tracking_code"], secret = filed.json()["secret"];
  auto ticket = s.request(verb::post, "/api/v1/halls/1/tickets", json{{"service", "A"}}.dump(), clerk);
  ASSERT_TRUE(ticket.status == 200u || ticket.status == 201u) << ticket.body;
  std::map<std::string, std::string> values = {{"tracking_code", code + "?secret=" + secret},
                                                {"ticket_id", ticket.json()["ticket_id"]},
                                                {"format", "json"},
                                                {"hall", "1"},
                                                {"year", "2026"}};
  auto targets = everyGetTarget(s, values);
  ASSERT_GE(targets.size(), 40u);

  int said_503 = 0;
  std::vector<std::string> lies;
  for (const auto& target : targets) {
    const Headers none;
    for (const Headers* who : {&none, static_cast<const Headers*>(&admin)}) {
      const Headers& h = *who;
      auto healthy = s.request(verb::get, target, {}, h);
      s.faults().failReads(true);
      auto down = s.request(verb::get, target, {}, h);
      s.faults().failReads(false);
      const std::string as = std::string(who == &none ? "anonymous " : "admin ") + target;
      if (down.status == 503u) {
        ++said_503;
        if (down.headers["retry-after"].empty()) lies.push_back(as + ": 503 without Retry-After");
        continue;
      }
      // Served from memory (the OpenAPI document, a hall snapshot): the same answer as before.
      if (down.status != healthy.status || down.body != healthy.body)
        lies.push_back(as + ": " + std::to_string(down.status) + " " + down.body.substr(0, 160) +
                       " (healthy: " + std::to_string(healthy.status) + ")");
    }
  }
  EXPECT_TRUE(lies.empty()) << [&] {
    std::string all;
    for (const auto& l : lies) all += l + "\n";
    return all;
  }();
  EXPECT_GE(said_503, 40);  // the sweep reached the routes that read
}

TEST(StoreDown, CitizenIsNeverToldTheirAppealDoesNotExist) {
  TestServer s;
  auto filed = s.request(verb::post, "/api/v1/appeals",
                         json{{"category", "road.damage"}, {"text", "人行道塌了一个坑"}, {"phone", "13900001111"}}.dump());
  ASSERT_EQ(filed.status, 201u) << filed.body;
  std::string target = "/api/v1/appeals/" + filed.json()["tracking_code"].get<std::string>() +
                       "?secret=" + filed.json()["secret"].get<std::string>();
  s.faults().failReads(true);
  auto r = s.request(verb::get, target);
  EXPECT_EQ(r.status, 503u) << r.body;
  EXPECT_EQ(r.headers["retry-after"], "1");
  s.faults().failReads(false);
  EXPECT_EQ(s.request(verb::get, target).status, 200u);
  // A code that really does not exist is still "not found".
  EXPECT_EQ(s.request(verb::get, "/api/v1/appeals/ZZZZZZZZZZ?secret=x").status, 404u);
}

TEST(StoreDown, WritesAnswer503AndHealthzSaysTheNodeCannotWrite) {
  TestServer s;
  auto clerk = s.signIn("supervisor");
  EXPECT_EQ(s.request(verb::get, "/healthz").status, 200u);
  s.faults().failWrites(true);
  auto appeal = s.request(verb::post, "/api/v1/appeals",
                          json{{"category", "road.damage"}, {"text", "人行道塌了一个坑"}, {"phone", "13900001111"}}.dump());
  EXPECT_EQ(appeal.status, 503u) << appeal.body;
  EXPECT_FALSE(appeal.headers["retry-after"].empty());
  auto ticket = s.request(verb::post, "/api/v1/halls/1/tickets", json{{"service", "A"}}.dump(), clerk);
  EXPECT_EQ(ticket.status, 503u) << ticket.body;
  s.faults().failWrites(false);
  EXPECT_EQ(s.request(verb::post, "/api/v1/halls/1/tickets", json{{"service", "A"}}.dump(), clerk).status, 201u);
}

TEST(StoreDown, AFrozenDatabaseAnswers503InsteadOfHangingAndTheServerStaysResponsive) {
  TestServer s;
  struct Limit {  // the process-wide wait limit, put back afterwards
    int64_t saved = onedoor::api::storeWaitLimitMs().exchange(300);
    ~Limit() { onedoor::api::storeWaitLimitMs() = saved; }
  } limit;
  const int64_t before = s.lastSeq();
  s.faults().holdWrites();  // every write now waits, as behind a frozen PostgreSQL
  auto t0 = std::chrono::steady_clock::now();
  auto r = s.request(verb::post, "/api/v1/appeals",
                     json{{"category", "road.damage"}, {"text", "人行道塌了一个坑"}, {"phone", "13900001111"}}.dump());
  const auto waited = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(r.status, 503u) << r.body;
  EXPECT_FALSE(r.headers["retry-after"].empty());
  EXPECT_NE(r.body.find("not known"), std::string::npos) << r.body;  // never "failed": it may yet commit
  EXPECT_LT(waited, std::chrono::seconds(5));
  EXPECT_EQ(s.request(verb::get, "/livez").status, 200u);
  s.faults().releaseWrites();
  // The write the client stopped waiting for commits after all: its outcome was indeed unknown.
  for (int i = 0; i < 100 && s.lastSeq() == before; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_GT(s.lastSeq(), before);
}
