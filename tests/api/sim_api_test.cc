// POST /api/v1/sim/run over real HTTP: supervisors run a shipped or inline scenario and get the
// simulator's JSON; clerks are refused; bad bodies name the field; oversized runs are refused.
#include <gtest/gtest.h>

#include "test_server.h"

using namespace onedoor::testing;
using nlohmann::json;
using boost::beast::http::verb;

namespace {

std::map<std::string, std::string> signIn(TestServer& s, const std::string& user) {
  auto [cookie, csrf] = s.login(user);
  return {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
}

json tinyHall() {
  return json::parse(R"({"name": "tiny", "hours": {"open": "09:00", "close": "11:00"},
    "services": [{"code": "a", "arrivals_per_hour": [6, 8]}, {"code": "b", "arrivals_per_hour": [3, 3]}],
    "windows": [{"id": "1", "skills": ["a"]}, {"id": "2", "skills": ["b"]}],
    "staff": [{"id": "x", "skills": ["a", "b"], "window": "1"}, {"id": "y", "skills": ["b"], "window": "2"}]})");
}

}  // namespace

TEST(SimApi, SupervisorRunsShippedAndInlineScenarios) {
  TestServer s;
  auto sup = signIn(s, "supervisor");
  auto r = s.request(verb::post, "/api/v1/sim/run", json{{"name", "seed-hall"}, {"seed", 3}, {"reps", 2}}.dump(), sup);
  ASSERT_EQ(r.status, 200u) << r.body;
  auto j = r.json();
  EXPECT_EQ(j["scenario"], "seed-hall");
  for (const char* p : {"static", "ordered", "onedoor", "pooled"}) EXPECT_TRUE(j["policies"].contains(p)) << p;
  // Same seed, same answer.
  auto again = s.request(verb::post, "/api/v1/sim/run", json{{"name", "seed-hall"}, {"seed", 3}, {"reps", 2}}.dump(), sup);
  EXPECT_EQ(again.body, r.body);

  auto inl = s.request(verb::post, "/api/v1/sim/run", json{{"scenario", tinyHall()}, {"policy", "onedoor"}}.dump(), sup);
  ASSERT_EQ(inl.status, 200u) << inl.body;
  EXPECT_EQ(inl.json()["policies"].size(), 1u);
}

TEST(SimApi, RolesAndBadBodies) {
  TestServer s;
  auto clerk = signIn(s, "clerk");
  EXPECT_EQ(s.request(verb::post, "/api/v1/sim/run", json{{"name", "seed-hall"}}.dump(), clerk).status, 403u);
  EXPECT_EQ(s.request(verb::post, "/api/v1/sim/run", json{{"name", "seed-hall"}}.dump()).status, 401u);

  auto sup = signIn(s, "supervisor");
  auto field = [&](const json& body, unsigned status) {
    auto r = s.request(verb::post, "/api/v1/sim/run", body.dump(), sup);
    EXPECT_EQ(r.status, status) << body.dump() << " → " << r.body;
    auto f = r.json()["error"]["field"];
    return f.is_string() ? f.get<std::string>() : std::string();
  };
  EXPECT_EQ(field({{"name", "../etc/passwd"}}, 400), "name");
  field({{"name", "no-such-hall"}}, 404);
  EXPECT_EQ(field({{"name", "seed-hall"}, {"reps", 500}}, 400), "reps");
  EXPECT_EQ(field({{"name", "seed-hall"}, {"colour", 1}}, 400), "colour");
  EXPECT_EQ(field({{"name", "seed-hall"}, {"policy", "fastest"}}, 400), "policy");
  json bad = tinyHall();
  bad["services"][0]["service_min"] = {{"dist", "weibull"}, {"mean", 3}};
  EXPECT_EQ(field({{"scenario", bad}}, 400), "scenario/services/0/service_min/dist");
  json big = tinyHall();
  big["days"] = 3000;
  EXPECT_EQ(field({{"scenario", big}, {"reps", 20}}, 413), "reps");
}

TEST(SimApi, ShippedScenariosAreListedForThePicker) {
  TestServer s;
  EXPECT_EQ(s.request(verb::get, "/api/v1/sim/scenarios").status, 401u);
  auto r = s.request(verb::get, "/api/v1/sim/scenarios", "", signIn(s, "supervisor"));
  ASSERT_EQ(r.status, 200u) << r.body;
  std::map<std::string, json> by_name;
  const json body = r.json();  // kept alive: the loop below holds references into it
  for (const auto& sc : body["scenarios"]) by_name[sc["name"].get<std::string>()] = sc;
  for (const char* n : {"seed-hall", "district-day", "month-start", "understaffed"}) {
    ASSERT_TRUE(by_name.count(n)) << n << " in " << r.body;
    EXPECT_FALSE(by_name[n].contains("error")) << by_name[n].dump();
  }
  EXPECT_GE(by_name["district-day"]["windows"].get<int>(), 20);
  EXPECT_GE(by_name["district-day"]["services"].get<int>(), 30);
}

TEST(SimApi, TheLiveDemoHallCanBeSimulated) {
  TestServer s;
  auto sup = signIn(s, "supervisor");
  auto halls = s.request(verb::get, "/api/v1/halls");
  ASSERT_EQ(halls.status, 200u);
  const json hall_list = halls.json();
  ASSERT_FALSE(hall_list["halls"].empty());
  int64_t hall = hall_list["halls"][0]["id"];

  // Without ticket history the arrivals are a share of what the open windows serve; the run has
  // the hall's own services and its four policies.
  auto r = s.request(verb::post, "/api/v1/sim/run", json{{"hall", hall}, {"reps", 2}}.dump(), sup);
  ASSERT_EQ(r.status, 200u) << r.body;
  const json out = r.json();
  EXPECT_GT(out["citizens"].get<int>(), 0);
  for (const char* p : {"static", "ordered", "onedoor", "pooled"}) EXPECT_TRUE(out["policies"].contains(p)) << p;
  EXPECT_TRUE(out["policies"]["static"]["per_service"].contains("A"));  // 社保卡

  // Tickets issued now become the hall's history: the scenario follows them.
  for (int i = 0; i < 3; ++i) {
    auto t = s.request(verb::post, "/api/v1/halls/" + std::to_string(hall) + "/tickets",
                       json{{"service", "B"}, {"priority", "normal"}}.dump());
    ASSERT_EQ(t.status, 201u) << t.body;
  }
  auto again = s.request(verb::post, "/api/v1/sim/run", json{{"hall", hall}, {"reps", 1}}.dump(), sup);
  ASSERT_EQ(again.status, 200u) << again.body;

  EXPECT_EQ(s.request(verb::post, "/api/v1/sim/run", json{{"hall", 99999}}.dump(), sup).status, 404u);
  auto both = s.request(verb::post, "/api/v1/sim/run", json{{"hall", hall}, {"name", "seed-hall"}}.dump(), sup);
  EXPECT_EQ(both.status, 400u);
  EXPECT_EQ(s.request(verb::post, "/api/v1/sim/run", json{{"hall", "x"}}.dump(), sup).status, 400u);
}

TEST(SimApi, TrainingAdviceAndTheSkillGraphBound) {
  TestServer s;
  auto sup = signIn(s, "supervisor");
  auto r = s.request(verb::post, "/api/v1/sim/run",
                     json{{"name", "sparse-pairs"}, {"reps", 2}, {"advise_training", true}}.dump(), sup);
  ASSERT_EQ(r.status, 200u) << r.body;
  const json out = r.json();
  EXPECT_EQ(out["skill_graph"]["components"], 4);
  EXPECT_GT(out["skill_graph"]["bound_wait_min"]["mean"].get<double>(), out["policies"]["pooled"]["wait_min"]["mean"].get<double>());
  ASSERT_FALSE(out["training"]["moves"].empty());
  EXPECT_TRUE(out["training"]["moves"][0]["joins_components"].get<bool>());
  // Without the flag there is no advice; a flag that is not a boolean is refused by name.
  auto plain = s.request(verb::post, "/api/v1/sim/run", json{{"name", "sparse-chain"}, {"reps", 1}}.dump(), sup);
  ASSERT_EQ(plain.status, 200u) << plain.body;
  EXPECT_FALSE(plain.json().contains("training"));
  EXPECT_EQ(plain.json()["skill_graph"]["components"], 1);
  auto bad = s.request(verb::post, "/api/v1/sim/run", json{{"name", "seed-hall"}, {"advise_training", "yes"}}.dump(), sup);
  EXPECT_EQ(bad.status, 400u);
  EXPECT_NE(bad.body.find("advise_training"), std::string::npos) << bad.body;
}
