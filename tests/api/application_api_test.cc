// Applications over HTTP on a real server: intake (trip 1), the one-time-notification rule end to
// end, trips through visits, state moves and their refusals (nothing changes), the citizen's
// tracking page, and the spring-door index over a small hand-made set.
#include <gtest/gtest.h>

#include <algorithm>

#include "test_server.h"

using namespace onedoor;
using namespace onedoor::testing;
using bhttp::verb;
using nlohmann::json;

namespace {

// A published matter of our own: m1, m2, m3 required, m4 optional; promise: one trip, 5 days.
struct Fixture {
  TestServer s;
  Headers admin, clerk;
  int64_t matter_id = 0;
  Fixture() {
    admin = s.signIn("admin");
    clerk = s.signIn("clerk");
    int64_t dept = 0;
    json depts = s.request(verb::get, "/api/v1/departments").json();
    for (const auto& d : depts["departments"])
      if (d["name"] == "明湖区民政局") dept = d["id"];
    json body = {{"code", "T-HY-001"},
                 {"name", "婚姻登记证明补办"},
                 {"summary", "结婚证丢了，可以来补一份证明。"},
                 {"materials",
                  {{{"id", "m1"}, {"name", "身份证"}, {"issuer", "公安机关"}},
                   {{"id", "m2"}, {"name", "户口簿"}, {"issuer", "派出所"}, {"alternatives", json::array({"户籍证明"})}},
                   {{"id", "m3"}, {"name", "照片"}, {"issuer", "照相馆"}},
                   {{"id", "m4"}, {"name", "情况说明"}, {"optional", true}}}},
                 {"statutory_days", 20},
                 {"promised_days", 5},
                 {"channels", "window"},
                 {"promised_trips", 1},
                 {"department_id", dept},
                 {"hall_services", json::array({"H"})}};
    auto c = s.request(verb::post, "/api/v1/admin/matters", body.dump(), admin);
    EXPECT_EQ(c.status, 201u) << c.body;
    matter_id = c.json()["matter"]["id"];
    EXPECT_EQ(s.request(verb::post, "/api/v1/admin/matters/" + std::to_string(matter_id) + "/publish", "", admin).status,
              200u);
  }
  HttpResult create(json have) {
    json body = {{"matter_id", matter_id}, {"applicant_name", "张三丰"}, {"applicant_phone", "13812345678"},
                 {"have", have}};
    return s.request(verb::post, "/api/v1/applications", body.dump(), clerk);
  }
  std::string path(const json& app) { return "/api/v1/applications/" + std::to_string(app["id"].get<int64_t>()); }
  HttpResult post(const std::string& p, const json& body) { return s.request(verb::post, p, body.dump(), clerk); }
};

}  // namespace

TEST(ApplicationApi, IntakeCountsTheFirstTripAndRecordsTheFirstList) {
  Fixture f;
  auto complete = f.create({"m1", "m2", "m3"});
  ASSERT_EQ(complete.status, 201u) << complete.body;
  json a = complete.json();
  EXPECT_EQ(a["state"], "submitted");
  EXPECT_EQ(a["trips"], 1);
  EXPECT_EQ(a["visits"].size(), 1u);
  EXPECT_TRUE(a["notifications"].empty());
  EXPECT_EQ(a["applicant_name"], "张*");
  EXPECT_EQ(a["applicant_phone"], "138****5678");
  EXPECT_EQ(a["matter_name"], "婚姻登记证明补办");
  EXPECT_EQ(a["department_name"], "明湖区民政局");
  EXPECT_EQ(a["code"].get<std::string>().size(), 10u);
  EXPECT_EQ(a["tracking_url"], "/track/application/" + a["code"].get<std::string>());

  auto partial = f.create(json::array({"m1"}));
  ASSERT_EQ(partial.status, 201u);
  json b = partial.json();
  EXPECT_EQ(b["state"], "missing_materials");
  EXPECT_EQ(b["missing"], json({"m2", "m3"}));
  ASSERT_EQ(b["notifications"].size(), 1u);
  EXPECT_EQ(b["notifications"][0]["violation"], false);
  EXPECT_EQ(f.s.eventTypes("application:" + std::to_string(b["id"].get<int64_t>())),
            (std::vector<std::string>{"application.created", "application.missing_listed"}));

  // Refusals: bad phone, unknown material, unknown matter, a role that does not work the desk.
  auto handler = f.s.signIn("handler");  // signing in is a ledger event: before the count
  int64_t seq = f.s.lastSeq();
  json bad = {{"matter_id", f.matter_id}, {"applicant_name", "李四"}, {"applicant_phone", "12345"}};
  EXPECT_EQ(f.post("/api/v1/applications", bad).json()["error"]["field"], "applicant_phone");
  auto unknown = f.create({"m1", "m9"});
  EXPECT_EQ(unknown.status, 400u);
  EXPECT_EQ(unknown.json()["error"]["field"], "have");
  bad = {{"matter_id", 99999}, {"applicant_name", "李四"}, {"applicant_phone", "13812345678"}};
  EXPECT_EQ(f.post("/api/v1/applications", bad).status, 400u);
  EXPECT_EQ(f.s.request(verb::post, "/api/v1/applications",
                        json{{"matter_id", f.matter_id}, {"applicant_name", "李四"}, {"applicant_phone", "13812345678"}}.dump(),
                        handler)
                .status,
            403u);
  EXPECT_EQ(f.s.lastSeq(), seq);
}

TEST(ApplicationApi, OneTimeNotificationRuleEndToEnd) {
  Fixture f;
  json a = f.create(json::array({"m1"})).json();  // first list: m2, m3
  std::string p = f.path(a);
  // The same list again, and a subset: no violation.
  auto same = f.post(p + "/missing", {{"items", {"m2", "m3"}}});
  ASSERT_EQ(same.status, 200u) << same.body;
  EXPECT_EQ(same.json()["violations"], 0);
  EXPECT_EQ(same.json()["notifications"][1]["violation"], false);
  EXPECT_TRUE(same.json()["notifications"][1]["new_items"].empty());
  auto subset = f.post(p + "/missing", {{"items", json::array({"m3"})}});
  EXPECT_EQ(subset.json()["violations"], 0);
  // A list with an item never told before: a violation, with the item recorded.
  auto later = f.post(p + "/missing", {{"items", {"m3", "m1"}}});
  ASSERT_EQ(later.status, 200u);
  json v = later.json();
  EXPECT_EQ(v["violations"], 1);
  EXPECT_EQ(v["notifications"].size(), 4u);
  EXPECT_EQ(v["notifications"][3]["violation"], true);
  EXPECT_EQ(v["notifications"][3]["new_items"], json(json::array({"m1"})));
  EXPECT_EQ(v["missing"], json({"m3", "m1"}));
  auto types = f.s.eventTypes("application:" + std::to_string(a["id"].get<int64_t>()));
  EXPECT_EQ(std::count(types.begin(), types.end(), "application.violation"), 1);
  EXPECT_EQ(std::count(types.begin(), types.end(), "application.missing_listed"), 4);
  // Repeating it now is not a second violation.
  EXPECT_EQ(f.post(p + "/missing", {{"items", {"m1", "m3"}}}).json()["violations"], 1);
  // Unknown or no items: 400, nothing changes.
  int64_t seq = f.s.lastSeq();
  EXPECT_EQ(f.post(p + "/missing", {{"items", json::array({"m7"})}}).json()["error"]["field"], "items");
  EXPECT_EQ(f.post(p + "/missing", {{"items", json::array()}}).status, 400u);
  EXPECT_EQ(f.s.lastSeq(), seq);
}

TEST(ApplicationApi, TripsAndStatesWithRefusals) {
  Fixture f;
  json a = f.create(json::array({"m1"})).json();
  std::string p = f.path(a);
  // Can't accept while something is missing.
  EXPECT_EQ(f.post(p + "/state", {{"state", "accepted"}}).status, 409u);
  auto visit = f.post(p + "/visits", {{"purpose", "submit_materials"}, {"have", {"m2", "m3"}}});
  ASSERT_EQ(visit.status, 200u) << visit.body;
  EXPECT_EQ(visit.json()["trips"], 2);
  EXPECT_EQ(visit.json()["extra_trips"], 1);
  EXPECT_TRUE(visit.json()["missing"].empty());
  EXPECT_EQ(visit.json()["state"], "submitted");
  EXPECT_EQ(f.post(p + "/visits", {{"purpose", "chat"}}).json()["error"]["field"], "purpose");

  auto accepted = f.post(p + "/state", {{"state", "accepted"}});
  ASSERT_EQ(accepted.status, 200u) << accepted.body;
  json acc = accepted.json();
  ASSERT_TRUE(acc["due"].is_number_integer());
  // Five working days later: at least five calendar days after acceptance.
  EXPECT_GE(acc["due"].get<int64_t>() - acc["accepted_at"].get<int64_t>(), 5LL * 24 * 3600 * 1000);
  EXPECT_LE(acc["due"].get<int64_t>() - acc["accepted_at"].get<int64_t>(), 16LL * 24 * 3600 * 1000);
  ASSERT_EQ(f.post(p + "/state", {{"state", "approved"}}).status, 200u);

  // A missing list on an approved application: 409 and nothing changed.
  int64_t seq = f.s.lastSeq();
  auto before = f.s.request(verb::get, p, "", f.clerk).json();
  auto refused = f.post(p + "/missing", {{"items", json::array({"m2"})}});
  EXPECT_EQ(refused.status, 409u);
  EXPECT_EQ(f.s.request(verb::get, p, "", f.clerk).json(), before);
  EXPECT_EQ(f.s.lastSeq(), seq);
  // Collecting the licence is a trip too.
  EXPECT_EQ(f.post(p + "/visits", {{"purpose", "collect"}}).json()["trips"], 3);
  ASSERT_EQ(f.post(p + "/state", {{"state", "done"}}).status, 200u);
  EXPECT_EQ(f.post(p + "/visits", {{"purpose", "other"}}).status, 409u);

  // Rejected needs its reason.
  json b = f.create({"m1", "m2", "m3"}).json();
  std::string q = f.path(b);
  auto no_reason = f.post(q + "/state", {{"state", "rejected"}});
  EXPECT_EQ(no_reason.status, 400u);
  EXPECT_EQ(no_reason.json()["error"]["field"], "reason");
  auto rejected = f.post(q + "/state", {{"state", "rejected"}, {"reason", "不符合《婚姻登记条例》第五条"}});
  ASSERT_EQ(rejected.status, 200u);
  EXPECT_EQ(rejected.json()["reason"], "不符合《婚姻登记条例》第五条");
  EXPECT_TRUE(rejected.json()["finished_at"].is_number_integer());
  EXPECT_EQ(f.post(q + "/state", {{"state", "done"}}).status, 409u);
  EXPECT_EQ(f.post(q + "/state", {{"state", "lost"}}).status, 400u);
  EXPECT_EQ(f.post("/api/v1/applications/99999/state", {{"state", "accepted"}}).status, 404u);

  // Lists: newest first, filtered by state.
  auto list = f.s.request(verb::get, "/api/v1/applications?matter_id=" + std::to_string(f.matter_id), "", f.clerk);
  ASSERT_EQ(list.status, 200u);
  ASSERT_EQ(list.json()["applications"].size(), 2u);
  EXPECT_EQ(list.json()["applications"][0]["id"], b["id"]);
  auto done = f.s.request(verb::get, "/api/v1/applications?state=done&matter_id=" + std::to_string(f.matter_id), "", f.clerk);
  EXPECT_EQ(done.json()["applications"].size(), 1u);
  EXPECT_EQ(f.s.request(verb::get, "/api/v1/applications").status, 401u);
}

TEST(ApplicationApi, TrackingPageShape) {
  Fixture f;
  json a = f.create(json::array({"m1"})).json();
  std::string code = a["code"];
  auto r = f.s.request(verb::get, "/api/v1/applications/track/" + code);
  ASSERT_EQ(r.status, 200u) << r.body;
  json t = r.json();
  EXPECT_EQ(t["code"], code);
  EXPECT_EQ(t["matter_name"], "婚姻登记证明补办");
  EXPECT_EQ(t["state"], "missing_materials");
  ASSERT_EQ(t["missing"].size(), 2u);
  EXPECT_EQ(t["missing"][0]["id"], "m2");
  EXPECT_EQ(t["missing"][0]["name"], "户口簿");
  EXPECT_EQ(t["missing"][0]["issuer"], "派出所");
  EXPECT_EQ(t["missing"][0]["alternatives"], json(json::array({"户籍证明"})));
  ASSERT_EQ(t["notifications"].size(), 1u);
  EXPECT_EQ(t["notifications"][0]["items"], json({"户口簿", "照片"}));
  EXPECT_EQ(t["trips"], 1);
  EXPECT_TRUE(t["due"].is_null());
  // No personal data on the public page.
  EXPECT_EQ(r.body.find("13812345678"), std::string::npos);
  EXPECT_EQ(r.body.find("张三丰"), std::string::npos);
  EXPECT_EQ(f.s.request(verb::get, "/api/v1/applications/track/NOSUCHCODE").status, 404u);
}

TEST(ApplicationApi, SpringDoorIndexOfAHandMadeSet) {
  Fixture f;
  int64_t from = f.s.request(verb::get, "/api/v1/indices/spring-door").json()["to"].get<int64_t>();
  // A: everything at once, approved in one trip.
  json a = f.create({"m1", "m2", "m3"}).json();
  ASSERT_EQ(f.post(f.path(a) + "/state", {{"state", "accepted"}}).status, 200u);
  ASSERT_EQ(f.post(f.path(a) + "/state", {{"state", "approved"}}).status, 200u);
  // B: one thing missing, told once, brought on a second trip, approved.
  json b = f.create({"m1", "m2"}).json();
  ASSERT_EQ(f.post(f.path(b) + "/visits", {{"purpose", "submit_materials"}, {"have", json::array({"m3"})}}).status, 200u);
  ASSERT_EQ(f.post(f.path(b) + "/state", {{"state", "accepted"}}).status, 200u);
  ASSERT_EQ(f.post(f.path(b) + "/state", {{"state", "approved"}}).status, 200u);
  // C: a second list with something new (a violation), then rejected; one trip.
  json c = f.create({"m1", "m3"}).json();
  ASSERT_EQ(f.post(f.path(c) + "/missing", {{"items", {"m2", "m1"}}}).status, 200u);
  ASSERT_EQ(f.post(f.path(c) + "/state", {{"state", "rejected"}, {"reason", "材料不真实"}}).status, 200u);
  // D: still open, so not counted.
  f.create(json::array({"m1"}));

  auto r = f.s.request(verb::get, "/api/v1/indices/spring-door?from=" + std::to_string(from));
  ASSERT_EQ(r.status, 200u) << r.body;
  json idx = r.json();
  json overall = idx["overall"];
  EXPECT_EQ(overall["finished"], 3);
  EXPECT_DOUBLE_EQ(overall["mean_trips"].get<double>(), 4.0 / 3);
  EXPECT_DOUBLE_EQ(overall["over_one_trip_share"].get<double>(), 1.0 / 3);
  EXPECT_DOUBLE_EQ(overall["over_promised_share"].get<double>(), 1.0 / 3);
  EXPECT_EQ(overall["violations"], 1);
  EXPECT_EQ(overall["extra_trips"], 1);
  ASSERT_EQ(idx["matters"].size(), 1u);
  EXPECT_EQ(idx["matters"][0]["matter_id"], f.matter_id);
  EXPECT_EQ(idx["matters"][0]["name"], "婚姻登记证明补办");
  EXPECT_EQ(idx["matters"][0]["finished"], 3);
  ASSERT_EQ(idx["departments"].size(), 1u);
  EXPECT_EQ(idx["departments"][0]["name"], "明湖区民政局");
  EXPECT_EQ(idx["departments"][0]["extra_trips"], 1);
  // An empty window has nulls, not zeros, for the shares.
  auto empty = f.s.request(verb::get, "/api/v1/indices/spring-door?from=1000&to=2000").json();
  EXPECT_EQ(empty["overall"]["finished"], 0);
  EXPECT_TRUE(empty["overall"]["mean_trips"].is_null());
  EXPECT_EQ(f.s.request(verb::get, "/api/v1/indices/spring-door?from=2000&to=1000").status, 400u);
  EXPECT_EQ(f.s.request(verb::get, "/api/v1/indices/spring-door?from=yesterday").status, 400u);
}

TEST(ApplicationApi, DemoHistoryFeedsTheIndex) {
  TestServer s;
  auto idx = s.request(verb::get, "/api/v1/indices/spring-door").json();
  // The demo seeds about 60 finished applications over the last 30 days (when it has matters).
  if (s.request(verb::get, "/api/v1/matters").json()["matters"].empty()) GTEST_SKIP() << "no demo matters";
  EXPECT_GE(idx["overall"]["finished"].get<int>(), 50);
  EXPECT_GE(idx["overall"]["violations"].get<int>(), 2);
  // Most in one trip (or none, online), some in two or three.
  EXPECT_LT(idx["overall"]["mean_trips"].get<double>(), 1.6);
  EXPECT_GT(idx["overall"]["over_one_trip_share"].get<double>(), 0.0);
  EXPECT_LT(idx["overall"]["over_one_trip_share"].get<double>(), 0.5);
  // Violations gather on a few matters.
  int with_violations = 0;
  for (const auto& m : idx["matters"]) with_violations += m["violations"].get<int>() > 0;
  EXPECT_GE(with_violations, 1);
  EXPECT_LE(with_violations, 3);
}
