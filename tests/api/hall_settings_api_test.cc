// Hall settings over HTTP: priority-class weights that reorder the queues at once, and weekly shifts
// checked against the hall (times, clerks and their skills, overlaps), each save in the ledger, and
// the what-if scenario built from the stored shifts.
#include <gtest/gtest.h>

#include "services/hall_scenario.h"
#include "test_server.h"

using namespace onedoor;
using namespace onedoor::testing;
using bhttp::verb;
using nlohmann::json;

namespace {

// Issued by hall staff, so the priority class counts at once (a phone's claim would wait).
std::string issueA(TestServer& s, const char* priority) {
  auto r = s.request(verb::post, "/api/v1/halls/1/tickets", json{{"service", "A"}, {"priority", priority}}.dump(),
                     s.signIn("supervisor"));
  EXPECT_EQ(r.status, 201u) << r.body;
  return r.json()["number"].get<std::string>();
}

std::vector<std::string> queueA(TestServer& s) {
  json st = s.request(verb::get, "/api/v1/halls/1/state", "", s.signIn("supervisor")).json();
  std::vector<std::string> out;
  for (const auto& q : st["queues"]["A"]) out.push_back(q["number"].get<std::string>());
  return out;
}

int countEvents(TestServer& s, const std::string& type) {
  int n = 0;
  (void)s.store().read([&](Reader& r) -> Status {
    for (const auto& e : r.eventsBySubject("hall:1")) n += e.type == type;
    return Status::ok();
  });
  return n;
}

int64_t userId(const json& shifts_doc, const std::string& username) {
  for (const auto& m : shifts_doc["staff"])
    if (m["username"] == username) return m["user_id"].get<int64_t>();
  return 0;
}

}  // namespace

TEST(HallSettingsApi, PriorityWeightsChangeTheCallingOrder) {
  TestServer s;
  auto sup = s.signIn("supervisor");
  auto got = s.request(verb::get, "/api/v1/halls/1/settings", "", sup);
  ASSERT_EQ(got.status, 200u) << got.body;
  EXPECT_EQ(got.json()["priority_weights"]["normal"], 1);
  EXPECT_EQ(got.json()["priority_weights"]["elderly"], 4);  // 15 minutes' head start
  EXPECT_TRUE(got.json()["defaults"]);

  std::string normal = issueA(s, "normal");
  std::string elderly = issueA(s, "elderly");
  EXPECT_EQ(queueA(s), (std::vector<std::string>{elderly, normal}));  // aging: the elderly go first

  // Weight 1 = no head start: arrival order again, at once.
  auto put = s.request(verb::put, "/api/v1/halls/1/settings", R"({"priority_weights":{"elderly":1}})", sup);
  ASSERT_EQ(put.status, 200u) << put.body;
  EXPECT_EQ(put.json()["priority_weights"]["elderly"], 1);
  EXPECT_EQ(put.json()["priority_weights"]["disabled"], 4);  // untouched classes keep theirs
  EXPECT_FALSE(put.json()["defaults"]);
  EXPECT_EQ(countEvents(s, "hall.settings_saved"), 1);
  EXPECT_EQ(queueA(s), (std::vector<std::string>{normal, elderly}));
  auto clerk = s.signIn("hall02");
  auto called = s.request(verb::post, "/api/v1/windows/2/call-next", "", clerk);
  ASSERT_EQ(called.status, 200u) << called.body;
  EXPECT_EQ(called.json()["ticket"]["number"], normal);

  // Back up to 10: the elderly ticket is called next at window 1, ahead of a newer normal one.
  ASSERT_EQ(s.request(verb::put, "/api/v1/halls/1/settings", R"({"priority_weights":{"elderly":10}})", sup).status, 200u);
  std::string later = issueA(s, "normal");
  EXPECT_EQ(queueA(s), (std::vector<std::string>{elderly, later}));
}

TEST(HallSettingsApi, BadWeightsAreRefusedAndChangeNothing) {
  TestServer s;
  auto sup = s.signIn("supervisor");
  struct Case {
    const char* body;
    const char* field;
  } cases[] = {
      {R"({"priority_weights":{"normal":2}})", "priority_weights.normal"},
      {R"({"priority_weights":{"elderly":11}})", "priority_weights.elderly"},
      {R"({"priority_weights":{"elderly":0}})", "priority_weights.elderly"},
      {R"({"priority_weights":{"pregnant":2.5}})", "priority_weights.pregnant"},
      {R"({"priority_weights":{"military":"3"}})", "priority_weights.military"},
      {R"({"priority_weights":{"vip":5}})", "priority_weights.vip"},
      {R"({"priority_weights":[1,2]})", "priority_weights"},
      {R"({"weights":{"elderly":2}})", "weights"},
  };
  for (const auto& c : cases) {
    auto r = s.request(verb::put, "/api/v1/halls/1/settings", c.body, sup);
    EXPECT_EQ(r.status, 400u) << c.body << " → " << r.body;
    EXPECT_EQ(r.json()["error"]["field"], c.field) << r.body;
    EXPECT_NE(r.json()["error"]["message"].get<std::string>().find(" / "), std::string::npos);  // bilingual
  }
  EXPECT_EQ(s.request(verb::put, "/api/v1/halls/1/settings", R"({"priority_weights":{"elderly":2}})",
                      s.signIn("hall02")).status,
            403u);
  EXPECT_EQ(s.request(verb::put, "/api/v1/halls/99/settings", R"({"priority_weights":{"elderly":2}})", sup).status,
            404u);
  EXPECT_EQ(countEvents(s, "hall.settings_saved"), 0);
  EXPECT_TRUE(s.request(verb::get, "/api/v1/halls/1/settings", "", sup).json()["defaults"]);
}

TEST(HallSettingsApi, ShiftsAreCheckedKeptAndUsedByTheScenario) {
  TestServer s;
  auto admin = s.signIn("admin");
  json doc = s.request(verb::get, "/api/v1/halls/1/shifts", "", admin).json();
  EXPECT_TRUE(doc["shifts"].empty());
  EXPECT_EQ(doc["windows"].size(), 14u);
  int64_t gao = userId(doc, "hall02"), lin = userId(doc, "hall01");
  ASSERT_GT(gao, 0);
  ASSERT_GT(lin, 0);
  json good = {{"shifts",
                {{{"user_id", gao}, {"weekdays", {1, 2, 3, 4, 5, 6, 7}}, {"start", "09:00"}, {"end", "12:00"},
                  {"window", 2}, {"services", {"A"}}},
                 {{"user_id", gao}, {"weekdays", {1, 2, 3, 4, 5, 6, 7}}, {"start", "13:30"}, {"end", "17:00"},
                  {"window", 2}, {"services", {"A", "H"}}},
                 {{"user_id", lin}, {"weekdays", {1, 3, 5}}, {"start", "09:00"}, {"end", "17:00"}, {"window", nullptr}}}}};
  auto put = s.request(verb::put, "/api/v1/halls/1/shifts", good.dump(), admin);
  ASSERT_EQ(put.status, 200u) << put.body;
  ASSERT_EQ(put.json()["shifts"].size(), 3u);
  EXPECT_EQ(countEvents(s, "hall.shifts_saved"), 1);
  json kept = s.request(verb::get, "/api/v1/halls/1/shifts", "", s.signIn("supervisor")).json()["shifts"];
  ASSERT_EQ(kept.size(), 3u);  // ordered by user, then start: 林晓 (hall01), then 高洁's two
  EXPECT_EQ(kept[0]["user_id"], lin);
  EXPECT_EQ(kept[0]["weekdays"], json({1, 3, 5}));
  EXPECT_EQ(kept[1]["start"], "09:00");
  EXPECT_EQ(kept[1]["window"], 2);
  EXPECT_EQ(kept[2]["start"], "13:30");
  EXPECT_EQ(kept[2]["services"], json({"A", "H"}));

  auto refuse = [&](json shift, const std::string& field, const std::string& words) {
    json body = good;
    body["shifts"].push_back(shift);
    auto r = s.request(verb::put, "/api/v1/halls/1/shifts", body.dump(), admin);
    EXPECT_EQ(r.status, 400u) << shift.dump() << " → " << r.body;
    EXPECT_EQ(r.json()["error"]["field"], field) << r.body;
    EXPECT_NE(r.json()["error"]["message"].get<std::string>().find(words), std::string::npos) << r.body;
  };
  int64_t song = userId(doc, "hall05");
  refuse({{"user_id", song}, {"weekdays", {1}}, {"start", "09:15"}, {"end", "12:00"}}, "shifts[3].start", "半点");
  refuse({{"user_id", song}, {"weekdays", {1}}, {"start", "12:00"}, {"end", "12:00"}}, "shifts[3].end", "晚于");
  refuse({{"user_id", song}, {"weekdays", {8}}, {"start", "09:00"}, {"end", "12:00"}}, "shifts[3].weekdays", "周日");
  refuse({{"user_id", song}, {"weekdays", {1}}, {"start", "9:00"}, {"end", "12:00"}}, "shifts[3].start", "HH:MM");
  refuse({{"user_id", song}, {"weekdays", {1}}, {"start", "09:00"}, {"end", "12:00"}, {"services", {"D"}}},
         "shifts[3].services", "不会办理");
  refuse({{"user_id", song}, {"weekdays", {1}}, {"start", "09:00"}, {"end", "12:00"}, {"window", 40}},
         "shifts[3].window", "40");
  refuse({{"user_id", gao}, {"weekdays", {2}}, {"start", "11:30"}, {"end", "14:00"}}, "shifts[3].start", "重叠");
  // The admin account is not a window clerk.
  int64_t admin_user = 0;
  (void)s.store().read([&](Reader& r) -> Status {
    admin_user = r.userByUsername("admin")->id;
    return Status::ok();
  });
  refuse({{"user_id", admin_user}, {"weekdays", {1}}, {"start", "09:00"}, {"end", "12:00"}}, "shifts[3].user_id",
         "不是窗口工作人员");
  EXPECT_EQ(s.request(verb::put, "/api/v1/halls/1/shifts", good.dump(), s.signIn("hall02")).status, 403u);
  // Nothing changed by the refusals.
  EXPECT_EQ(countEvents(s, "hall.shifts_saved"), 1);
  EXPECT_EQ(s.request(verb::get, "/api/v1/halls/1/shifts", "", admin).json()["shifts"], kept);

  // The what-if scenario takes today's shifts: 高洁 twice (morning at window 2, afternoon in the back
  // office since the window is taken), with the shifts' hours and services.
  json sc;
  (void)s.store().read([&](Reader& r) -> Status {
    auto res = services::scenarioFromHall(r, 1, 1'764'208'800'000);  // Thursday 2025-11-27 10:00 in Shanghai
    if (res) sc = *res;
    return Status::ok();
  });
  ASSERT_TRUE(sc.is_object());
  json morning, afternoon;
  for (const auto& m : sc["staff"]) {
    if (m["id"] == "hall02") morning = m;
    if (m["id"] == "hall02#2") afternoon = m;
  }
  ASSERT_FALSE(morning.is_null()) << sc["staff"].dump();
  EXPECT_EQ(morning["shift"], json({"09:00", "12:00"}));
  EXPECT_EQ(morning["window"], "2");
  EXPECT_EQ(morning["skills"], json({"A"}));
  EXPECT_EQ(afternoon["shift"], json({"13:30", "17:00"}));
  EXPECT_TRUE(afternoon["window"].is_null());
  EXPECT_EQ(sc["staff"].size(), 2u);  // 林晓 works Monday, Wednesday and Friday only
}

TEST(HallSettingsApi, AppointmentCapacityIsSetPerServiceInTheLedger) {
  TestServer s;
  auto sup = s.signIn("supervisor");
  auto capacityOf = [&](const json& doc, const std::string& code) {
    for (const auto& svc : doc["services"])
      if (svc["code"] == code) return svc["capacity"].get<int>();
    return -1;
  };
  auto got = s.request(verb::get, "/api/v1/halls/1/appointment-capacity", "", sup);
  ASSERT_EQ(got.status, 200u) << got.body;
  EXPECT_EQ(got.json()["default"], kDefaultAppointmentCapacity);
  EXPECT_EQ(got.json()["max"], 50);
  EXPECT_EQ(capacityOf(got.json(), "A"), kDefaultAppointmentCapacity);
  ASSERT_GE(got.json()["services"].size(), 2u);

  auto put = s.request(verb::put, "/api/v1/halls/1/appointment-capacity", R"({"capacity":{"A":1,"B":0}})", sup);
  ASSERT_EQ(put.status, 200u) << put.body;
  EXPECT_EQ(capacityOf(put.json(), "A"), 1);
  EXPECT_EQ(capacityOf(put.json(), "B"), 0);
  EXPECT_EQ(countEvents(s, "hall.appointment_capacity_set"), 1);
  json payload;
  (void)s.store().read([&](Reader& r) -> Status {
    for (const auto& e : r.eventsBySubject("hall:1"))
      if (e.type == "hall.appointment_capacity_set") payload = json::parse(e.payload_json);
    return Status::ok();
  });
  EXPECT_EQ(payload["before"]["A"], kDefaultAppointmentCapacity);
  EXPECT_EQ(payload["after"]["A"], 1);
  EXPECT_EQ(payload["after"]["B"], 0);
}

TEST(HallSettingsApi, BadAppointmentCapacityIsRefusedAndChangesNothing) {
  TestServer s;
  auto sup = s.signIn("supervisor");
  ASSERT_EQ(s.request(verb::put, "/api/v1/halls/1/appointment-capacity", R"({"capacity":{"A":3}})", sup).status, 200u);
  const std::pair<const char*, const char*> refusals[] = {
      {R"({"capacity":{"Z":3}})", "capacity.Z"},         {R"({"capacity":{"A":-1}})", "capacity.A"},
      {R"({"capacity":{"A":51}})", "capacity.A"},        {R"({"capacity":{"A":2.5}})", "capacity.A"},
      {R"({"capacity":{"A":"2"}})", "capacity.A"},       {R"({"capacity":{}})", "capacity"},
      {R"({})", "capacity"},                             {R"({"capacity":{"A":2},"note":1})", "note"},
      {R"({"capacity":{"A":2,"Z":1}})", "capacity.Z"},  // one bad code: the good one is not saved either
  };
  for (const auto& [body, field] : refusals) {
    auto r = s.request(verb::put, "/api/v1/halls/1/appointment-capacity", body, sup);
    EXPECT_EQ(r.status, 400u) << body << " " << r.body;
    EXPECT_EQ(r.json()["error"]["field"], field) << body;
  }
  EXPECT_EQ(s.request(verb::put, "/api/v1/halls/99/appointment-capacity", R"({"capacity":{"A":2}})", sup).status, 404u);
  auto clerk = s.signIn("hall02");
  EXPECT_EQ(s.request(verb::put, "/api/v1/halls/1/appointment-capacity", R"({"capacity":{"A":2}})", clerk).status, 403u);
  EXPECT_EQ(s.request(verb::get, "/api/v1/halls/1/appointment-capacity").status, 401u);
  EXPECT_EQ(countEvents(s, "hall.appointment_capacity_set"), 1);
  const json after = s.request(verb::get, "/api/v1/halls/1/appointment-capacity", "", sup).json();
  for (const auto& svc : after["services"]) {
    if (svc["code"] == "A") {
      EXPECT_EQ(svc["capacity"], 3);
    }
  }
}
