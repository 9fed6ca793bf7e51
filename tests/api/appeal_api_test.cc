// Appeals end to end over HTTP: intake, A/B routing, the citizen's page, handling, formulaic
// refusal, verdicts, reopening, transfers (首问负责制), bad input, and the board.
#include <gtest/gtest.h>

#include "test_server.h"

using namespace onedoor;
using namespace onedoor::testing;
using bhttp::verb;
using nlohmann::json;

namespace {

struct Staff {
  std::map<std::string, std::string> headers;
};

Staff signIn(TestServer& s, const std::string& user) {
  auto [cookie, csrf] = s.login(user);
  return {{{"Cookie", cookie}, {"X-CSRF-Token", csrf}}};
}

json submit(TestServer& s, json body, unsigned expect = 201) {
  auto r = s.request(verb::post, "/api/v1/appeals", body.dump());
  EXPECT_EQ(r.status, expect) << r.body;
  return r.json();
}

json housingCase() {
  return {{"category", "housing.leak"},
          {"text", "楼上卫生间漏水，已经三天了，天花板在滴水"},
          {"phone", "13812345678"},
          {"address", "东湖街道柳岸小区 3 栋 402"}};
}

std::string tomorrow() {
  // A date safely in the future for a reply's "by when".
  time_t t = time(nullptr) + 3 * 24 * 3600;
  char buf[16];
  strftime(buf, sizeof buf, "%Y-%m-%d", gmtime(&t));
  return buf;
}

json concreteReply() {
  return {{"text", "经现场核查，漏水来自楼上卫生间防水层破损。已约定维修人员上门修复，修复后由社区回访。"},
          {"action", "安排维修人员更换卫生间防水层并修复天花板"},
          {"responsible", "明湖区住房和城乡建设局物业科 李强"},
          {"due", tomorrow()}};
}

}  // namespace

TEST(AppealApi, CategoriesArePublic) {
  TestServer s;
  auto r = s.request(verb::get, "/api/v1/categories");
  ASSERT_EQ(r.status, 200u);
  auto cats = r.json()["categories"];
  ASSERT_GE(cats.size(), 10u);
  bool found = false;
  for (const auto& c : cats) found = found || (c["code"] == "road.damage" && c["pinyin"] == "dlps");
  EXPECT_TRUE(found);
}

TEST(AppealApi, WholeCaseFromSubmissionToVerdict) {
  TestServer s;
  auto created = submit(s, housingCase());
  std::string code = created["tracking_code"], secret = created["secret"];
  EXPECT_EQ(code.size(), 10u);
  EXPECT_EQ(created["department"], "明湖区住房和城乡建设局");
  EXPECT_GT(created["resolution_due"].get<int64_t>(), created["response_due"].get<int64_t>());
  int64_t id = created["id"];

  // The citizen's page needs the secret.
  EXPECT_EQ(s.request(verb::get, "/api/v1/appeals/" + code).status, 403u);
  EXPECT_EQ(s.request(verb::get, "/api/v1/appeals/" + code + "?secret=WRONGWRONG").status, 403u);
  auto page = s.request(verb::get, "/api/v1/appeals/" + code + "?secret=" + secret);
  ASSERT_EQ(page.status, 200u);
  EXPECT_EQ(page.json()["appeal"]["state"], "assigned");
  EXPECT_EQ(page.json()["appeal"].count("phone"), 0u);  // no personal data on the public page
  EXPECT_FALSE(page.json()["can_verdict"].get<bool>());

  // A verdict before any reply is refused and changes nothing.
  auto early = s.request(verb::post, "/api/v1/appeals/" + code + "/verdict",
                         json{{"secret", secret}, {"resolved", true}, {"rating", "satisfied"}}.dump());
  EXPECT_EQ(early.status, 409u) << early.body;

  auto handler = signIn(s, "handler");
  auto inbox = s.request(verb::get, "/api/v1/appeals?mine=1&open=1", "", handler.headers);
  ASSERT_EQ(inbox.status, 200u);
  ASSERT_EQ(inbox.json()["appeals"].size(), 1u);
  EXPECT_EQ(inbox.json()["appeals"][0]["phone_masked"], "138****5678");

  auto base = "/api/v1/appeals/" + std::to_string(id);
  auto acc = s.request(verb::post, base + "/accept", "", handler.headers);
  ASSERT_EQ(acc.status, 200u) << acc.body;
  EXPECT_EQ(acc.json()["appeal"]["state"], "accepted");
  EXPECT_EQ(acc.json()["appeal"]["phone"], "13812345678");  // the handler calls the citizen back

  // The seed's own non-answer is refused, and says what is missing.
  json formulaic = {{"text", "您的意见很好，我们一定高度重视，认真研究。"},
                    {"action", "高度重视，认真研究"},
                    {"responsible", "有关部门"},
                    {"due", tomorrow()}};
  auto refused = s.request(verb::post, base + "/reply", formulaic.dump(), handler.headers);
  EXPECT_EQ(refused.status, 409u) << refused.body;
  EXPECT_EQ(refused.json()["error"]["code"], "formulaic");

  auto replied = s.request(verb::post, base + "/reply", concreteReply().dump(), handler.headers);
  ASSERT_EQ(replied.status, 200u) << replied.body;
  EXPECT_EQ(replied.json()["appeal"]["state"], "replied");

  page = s.request(verb::get, "/api/v1/appeals/" + code + "?secret=" + secret);
  EXPECT_TRUE(page.json()["can_verdict"].get<bool>());
  EXPECT_EQ(page.json()["appeal"]["reply"]["action"], "安排维修人员更换卫生间防水层并修复天花板");

  // Not resolved → reopened, back with the handler.
  auto reopened = s.request(verb::post, "/api/v1/appeals/" + code + "/verdict",
                            json{{"secret", secret}, {"resolved", false}, {"rating", "dissatisfied"},
                                 {"comment", "还在漏"}}.dump());
  ASSERT_EQ(reopened.status, 200u) << reopened.body;
  EXPECT_EQ(reopened.json()["appeal"]["state"], "accepted");
  EXPECT_EQ(reopened.json()["appeal"]["reopen_count"], 1);

  ASSERT_EQ(s.request(verb::post, base + "/reply", concreteReply().dump(), handler.headers).status, 200u);
  auto closed = s.request(verb::post, "/api/v1/appeals/" + code + "/verdict",
                          json{{"secret", secret}, {"resolved", true}, {"rating", "satisfied"}}.dump());
  ASSERT_EQ(closed.status, 200u) << closed.body;
  EXPECT_EQ(closed.json()["appeal"]["state"], "closed");
  auto timeline = closed.json()["timeline"];
  EXPECT_GE(timeline.size(), 8u);
  EXPECT_EQ(timeline[0]["type"], "appeal.received");

  // A second verdict, and a reply on the closed case, are refused.
  EXPECT_EQ(s.request(verb::post, "/api/v1/appeals/" + code + "/verdict",
                      json{{"secret", secret}, {"resolved", true}, {"rating", "very_satisfied"}}.dump())
                .status,
            409u);
  EXPECT_EQ(s.request(verb::post, base + "/reply", concreteReply().dump(), handler.headers).status, 409u);

  // The whole story is in the ledger, and the chain holds.
  auto sup = signIn(s, "supervisor");
  EXPECT_EQ(s.request(verb::get, "/api/v1/ledger/verify", "", sup.headers).json()["ok"], true);
}

TEST(AppealApi, AbsentAPostRoutesToBPostAndSaysSo) {
  TestServer s;
  auto handler = signIn(s, "handler");
  ASSERT_EQ(s.request(verb::post, "/api/v1/me/presence", R"({"status":"out"})", handler.headers).status, 200u);
  auto created = submit(s, housingCase());
  auto sup = signIn(s, "supervisor");
  auto page = s.request(verb::get, "/api/v1/cases/" + std::to_string(created["id"].get<int64_t>()), "", sup.headers);
  ASSERT_EQ(page.status, 200u);
  EXPECT_EQ(page.json()["appeal"]["handler"], "王芳");  // handler2, the B post
  bool said = false;
  (void)s.store().read([&](Reader& r) {
    for (const auto& e : r.eventsBySubject("appeal:" + std::to_string(created["id"].get<int64_t>())))
      if (e.type == "appeal.routed" && e.payload_json.find("out") != std::string::npos) said = true;
    return Status::ok();
  });
  EXPECT_TRUE(said);
}

TEST(AppealApi, ThirdTransferIsRefusedUntilASupervisorAssigns) {
  TestServer s;
  auto created = submit(s, housingCase());
  std::string base = "/api/v1/appeals/" + std::to_string(created["id"].get<int64_t>());
  auto sup = signIn(s, "supervisor");
  // Departments in the demo: 5 = 住建局, 6 = 城管局, 7 = 市场监管局.
  EXPECT_EQ(s.request(verb::post, base + "/transfer", R"({"department_id":6})", sup.headers).status, 400u);  // no reason
  EXPECT_EQ(s.request(verb::post, base + "/transfer", R"({"department_id":6,"reason":"属于道路问题"})", sup.headers).status, 200u);
  EXPECT_EQ(s.request(verb::post, base + "/transfer", R"({"department_id":7,"reason":"涉及商家"})", sup.headers).status, 200u);
  auto third = s.request(verb::post, base + "/transfer", R"({"department_id":5,"reason":"退回"})", sup.headers);
  EXPECT_EQ(third.status, 409u) << third.body;
  auto assigned = s.request(verb::post, base + "/assign", R"({"department_id":5,"reason":"按首问负责制由住建局办理"})", sup.headers);
  ASSERT_EQ(assigned.status, 200u) << assigned.body;
  EXPECT_TRUE(assigned.json()["appeal"]["assignment_final"].get<bool>());
  EXPECT_EQ(s.request(verb::post, base + "/transfer", R"({"department_id":6,"reason":"再转"})", sup.headers).status, 409u);
  // A clerk may not assign.
  auto clerk = signIn(s, "clerk");
  EXPECT_EQ(s.request(verb::post, base + "/assign", R"({"department_id":5,"reason":"x"})", clerk.headers).status, 403u);
}

TEST(AppealApi, BadIntakeIsRefusedAndNothingIsStored) {
  TestServer s;
  auto base = housingCase();
  auto missing = base;
  missing.erase("phone");
  EXPECT_EQ(submit(s, missing, 400)["error"]["field"], "phone");
  auto bad_phone = base;
  bad_phone["phone"] = "12345";
  EXPECT_EQ(submit(s, bad_phone, 400)["error"]["field"], "phone");
  auto unknown = base;
  unknown["category"] = "no.such";
  EXPECT_EQ(submit(s, unknown, 400)["error"]["field"], "category");
  auto overlong = base;
  std::string long_text;
  for (int i = 0; i < 2001; ++i) long_text += "漏";
  overlong["text"] = long_text;
  EXPECT_EQ(submit(s, overlong, 400)["error"]["field"], "text");
  auto hotline = base;
  hotline["channel"] = "hotline";  // only operators record calls
  EXPECT_EQ(s.request(verb::post, "/api/v1/appeals", hotline.dump()).status, 401u);
  auto sup = signIn(s, "supervisor");
  EXPECT_EQ(s.request(verb::get, "/api/v1/appeals", "", sup.headers).json()["appeals"].size(), 0u);
}

TEST(AppealApi, HotlineMailboxAndFieldVisitChannels) {
  TestServer s;
  auto op = signIn(s, "operator");
  auto call = housingCase();
  call["channel"] = "hotline";
  auto r = s.request(verb::post, "/api/v1/appeals", call.dump(), op.headers);
  ASSERT_EQ(r.status, 201u) << r.body;
  auto letter = housingCase();
  letter["channel"] = "mailbox";
  EXPECT_EQ(s.request(verb::post, "/api/v1/appeals", letter.dump()).status, 400u);  // a letter needs a title
  letter["title"] = "关于小区漏水的来信";
  EXPECT_EQ(s.request(verb::post, "/api/v1/appeals", letter.dump()).status, 201u);
  // The similar-case hint finds the call for the letter's text.
  auto similar = s.request(verb::get, "/api/v1/appeals/similar?category=housing.leak&text=%E6%A5%BC%E4%B8%8A%E5%8D%AB%E7%94%9F%E9%97%B4%E6%BC%8F%E6%B0%B4",
                           "", op.headers);
  ASSERT_EQ(similar.status, 200u);
  EXPECT_GE(similar.json()["appeals"].size(), 2u);

  auto clerk = signIn(s, "clerk");
  json visit = {{"place", "柳岸社区"},
                {"visited_on", "2026-11-20"},
                {"concerns", {{{"category", "city.streetlight"}, {"text", "小区北门路灯坏了一个月"}},
                              {{"category", "civil.elderly"}, {"text", "老人助餐点希望延长开放时间"}}}}};
  auto v = s.request(verb::post, "/api/v1/field-visits", visit.dump(), clerk.headers);
  ASSERT_EQ(v.status, 201u) << v.body;
  EXPECT_EQ(v.json()["appeals"].size(), 2u);
  // One bad concern and nothing of the visit is stored.
  visit["concerns"][1]["category"] = "no.such";
  EXPECT_EQ(s.request(verb::post, "/api/v1/field-visits", visit.dump(), clerk.headers).status, 400u);
  auto sup = signIn(s, "supervisor");
  EXPECT_EQ(s.request(verb::get, "/api/v1/appeals", "", sup.headers).json()["appeals"].size(), 4u);
}

TEST(AppealApi, BoardCountsWithoutPersonalData) {
  TestServer s;
  for (int i = 0; i < 3; ++i) submit(s, housingCase());
  auto r = s.request(verb::get, "/api/v1/board");
  ASSERT_EQ(r.status, 200u);
  auto b = r.json();
  EXPECT_EQ(b["overall"]["cases"], 3);
  EXPECT_EQ(r.body.find("13812345678"), std::string::npos);
  EXPECT_EQ(r.body.find("138****"), std::string::npos);
  EXPECT_EQ(b["departments"][0]["ranked"], false);  // fewer than 5 cases
  EXPECT_EQ(s.request(verb::get, "/api/v1/board?from=2026-13-01").status, 400u);
}

TEST(AppealApi, BadRatingOpensARectificationClosedByAFollowUpCall) {
  TestServer s;
  auto created = submit(s, housingCase());
  std::string code = created["tracking_code"], secret = created["secret"];
  auto handler = signIn(s, "handler");
  std::string base = "/api/v1/appeals/" + std::to_string(created["id"].get<int64_t>());
  ASSERT_EQ(s.request(verb::post, base + "/accept", "", handler.headers).status, 200u);
  ASSERT_EQ(s.request(verb::post, base + "/reply", concreteReply().dump(), handler.headers).status, 200u);
  auto v = s.request(verb::post, "/api/v1/appeals/" + code + "/verdict",
                     json{{"secret", secret}, {"resolved", true}, {"rating", "very_dissatisfied"},
                          {"comment", "态度很差"}}.dump());
  ASSERT_EQ(v.status, 200u) << v.body;
  auto sup = signIn(s, "supervisor");
  auto list = s.request(verb::get, "/api/v1/rectifications?open=1", "", sup.headers);
  ASSERT_EQ(list.status, 200u) << list.body;
  ASSERT_EQ(list.json()["rectifications"].size(), 1u);
  auto r = list.json()["rectifications"][0];
  EXPECT_EQ(r["tracking_code"], code);
  EXPECT_EQ(r["rating_label"], "非常不满意");
  EXPECT_EQ(r["state"], "open");
  EXPECT_GT(r["due"].get<int64_t>(), r["opened_at"].get<int64_t>());
  std::string followup = "/api/v1/rectifications/" + std::to_string(r["id"].get<int64_t>()) + "/followup";
  EXPECT_EQ(s.request(verb::post, followup, R"({"note":"短","citizen_satisfied":true})", sup.headers).status, 400u);
  auto done = s.request(verb::post, followup, R"({"note":"已回访，群众对整改后的答复表示认可","citizen_satisfied":true})",
                        sup.headers);
  ASSERT_EQ(done.status, 200u) << done.body;
  EXPECT_EQ(done.json()["rectification"]["state"], "done");
  EXPECT_EQ(s.request(verb::post, followup, R"({"note":"再次回访记录一下","citizen_satisfied":true})", sup.headers).status,
            409u);
  EXPECT_EQ(s.request(verb::get, "/api/v1/rectifications?open=1", "", sup.headers).json()["rectifications"].size(), 0u);
  // A handler cannot see the supervisor's rectification list.
  EXPECT_EQ(s.request(verb::get, "/api/v1/rectifications", "", handler.headers).status, 403u);
}

TEST(CalendarApi, AdminSavesNextYearAndBadDataIsRefused) {
  TestServer s;
  auto admin = signIn(s, "admin");
  auto list = s.request(verb::get, "/api/v1/calendars", "", admin.headers);
  ASSERT_EQ(list.status, 200u);
  ASSERT_EQ(list.json()["years"].size(), 2u);
  EXPECT_EQ(list.json()["years"][1]["year"], 2026);
  EXPECT_EQ(list.json()["years"][1]["working_days"], 248);
  json y2027 = {{"year", 2027},
                {"region", "cn"},
                {"source", "测试用：2027 年放假安排"},
                {"holidays", {{{"name", "元旦"}, {"from", "2027-01-01"}, {"to", "2027-01-01"}}}},
                {"workdays", json::array()}};
  auto saved = s.request(verb::put, "/api/v1/calendars/2027", y2027.dump(), admin.headers);
  ASSERT_EQ(saved.status, 200u) << saved.body;
  EXPECT_EQ(s.request(verb::get, "/api/v1/calendars", "", admin.headers).json()["years"].size(), 3u);
  EXPECT_TRUE(s.appeals().calendar()->hasYear(2027));
  EXPECT_TRUE(std::filesystem::exists(s.dir() / "calendars" / "2027.json"));
  // A make-up working day must fall on a weekend: 2027-01-06 is a Wednesday.
  auto bad = y2027;
  bad["workdays"] = {{{"date", "2027-01-06"}, {"name", "调休"}}};
  auto refused = s.request(verb::put, "/api/v1/calendars/2027", bad.dump(), admin.headers);
  EXPECT_EQ(refused.status, 400u) << refused.body;
  EXPECT_FALSE(refused.json()["error"]["field"].is_null());
  EXPECT_EQ(s.request(verb::put, "/api/v1/calendars/2028", y2027.dump(), admin.headers).status, 400u);  // year mismatch
  auto sup = signIn(s, "supervisor");
  EXPECT_EQ(s.request(verb::put, "/api/v1/calendars/2027", y2027.dump(), sup.headers).status, 403u);
  // The refused edits left the saved year as it was.
  EXPECT_EQ(s.appeals().calendar()->year(2027)->workdays.size(), 0u);
}
