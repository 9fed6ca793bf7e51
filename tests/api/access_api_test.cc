// Need-to-know for staff (issue 18 item 11) and the public mailbox (item 14), over HTTP: which role
// sees which case's personal data, what a case outside one's scope looks like (404, or a list row
// without the citizen), and the ledger event each read of personal data leaves.
#include <gtest/gtest.h>

#include "test_server.h"

using namespace onedoor;
using namespace onedoor::testing;
using bhttp::verb;
using nlohmann::json;

namespace {

// Demo departments: 5 = 住建局 (handler, handler2), 6 = 城管局 (urban1), 7 = 市场监管局 (market1).
constexpr int64_t kHousing = 5;

json housingCase() {
  return {{"category", "housing.leak"},
          {"text", "楼上卫生间漏水，已经三天了，请回电 13812345678"},
          {"phone", "13812345678"},
          {"name", "张秀兰"},
          {"address", "东湖街道柳岸小区 3 栋 402"},
          {"lat", 30.5},
          {"lng", 114.3}};
}

int64_t submit(TestServer& s, const json& body, const Headers& headers = {}) {
  auto r = s.request(verb::post, "/api/v1/appeals", body.dump(), headers);
  EXPECT_EQ(r.status, 201u) << r.body;
  return r.json()["id"].get<int64_t>();
}

std::string casePath(int64_t id) { return "/api/v1/cases/" + std::to_string(id); }

std::string pngBytes() {
  std::string b("\x89PNG\r\n\x1A\n", 8);
  return b + std::string(500, 'p');
}

// Adds a photo as the citizen and returns the staff url of it.
std::string addPhoto(TestServer& s, const json& created) {
  std::string code = created["tracking_code"], secret = created["secret"];
  auto r = s.request(verb::post, "/api/v1/appeals/" + code + "/photos?secret=" + secret, pngBytes(),
                     {{"Content-Type", "image/png"}});
  EXPECT_EQ(r.status, 201u) << r.body;
  return casePath(created["id"].get<int64_t>()) + "/photos/" + std::to_string(r.json()["id"].get<int64_t>());
}

int64_t userId(TestServer& s, const std::string& username) {
  int64_t id = 0;
  EXPECT_TRUE(s.store().read([&](Reader& r) {
    if (auto u = r.userByUsername(username)) id = u->id;
    return Status::ok();
  }));
  return id;
}

// The personal-data reads of a case in the ledger: {actor, what}.
std::vector<std::pair<std::string, std::string>> reads(TestServer& s, int64_t id) {
  std::vector<std::pair<std::string, std::string>> out;
  EXPECT_TRUE(s.store().read([&](Reader& r) {
    for (const auto& e : r.eventsBySubject("access:appeal:" + std::to_string(id))) {
      EXPECT_EQ(e.type, "appeal.personal_data_read");
      auto p = json::parse(e.payload_json);
      EXPECT_EQ(p["appeal_id"], id);
      out.emplace_back(e.actor, p["what"].get<std::string>());
    }
    return Status::ok();
  }));
  return out;
}

// The row of case `id` in a list answer: a pointer into `list`, so keep `list` alive.
const json* rowOf(const json& list, int64_t id) {
  for (const auto& a : list["appeals"])
    if (a["id"] == id) return &a;
  return nullptr;
}

void expectNoCitizen(const json& row) {
  EXPECT_EQ(row["address"], "");
  EXPECT_EQ(row["phone_masked"], "");
  EXPECT_FALSE(row["personal_data"].get<bool>());
  EXPECT_EQ(row["text"].get<std::string>().find("13812345678"), std::string::npos) << row["text"];
  EXPECT_NE(row["text"].get<std::string>().find("138****5678"), std::string::npos) << row["text"];
}

}  // namespace

TEST(AccessApi, HandlerOfAnotherDepartmentGetsNothingPersonal) {
  TestServer s;
  auto created = s.request(verb::post, "/api/v1/appeals", housingCase().dump()).json();
  int64_t id = created["id"];
  std::string photo = addPhoto(s, created);
  auto urban = s.signIn("urban1");

  // The case page and the photo answer exactly as for a case that does not exist.
  auto page = s.request(verb::get, casePath(id), "", urban);
  auto none = s.request(verb::get, casePath(id + 1000), "", urban);
  EXPECT_EQ(page.status, 404u) << page.body;
  EXPECT_EQ(page.body, none.body);
  EXPECT_EQ(page.body.find("张秀兰"), std::string::npos);
  EXPECT_EQ(s.request(verb::get, photo, "", urban).status, 404u);
  // So does an action on it.
  auto acc = s.request(verb::post, "/api/v1/appeals/" + std::to_string(id) + "/accept", "", urban);
  EXPECT_EQ(acc.status, 404u) << acc.body;

  // The department filter still lists the work, without the citizen.
  auto list = s.request(verb::get, "/api/v1/appeals?department=" + std::to_string(kHousing), "", urban);
  ASSERT_EQ(list.status, 200u);
  json rows = list.json();
  const json* row = rowOf(rows, id);
  ASSERT_NE(row, nullptr);
  expectNoCitizen(*row);
  EXPECT_EQ(list.body.find("柳岸小区"), std::string::npos);

  // Nothing was read, so nothing is logged.
  EXPECT_TRUE(reads(s, id).empty());

  // The department's own handler sees it all, and the read is logged.
  auto handler = s.signIn("handler");
  auto own = s.request(verb::get, casePath(id), "", handler);
  ASSERT_EQ(own.status, 200u) << own.body;
  EXPECT_EQ(own.json()["appeal"]["citizen_name"], "张秀兰");
  EXPECT_EQ(own.json()["appeal"]["address"], "东湖街道柳岸小区 3 栋 402");
  EXPECT_EQ(own.json()["appeal"]["phone"], "13812345678");
  EXPECT_EQ(s.request(verb::get, photo, "", handler).status, 200u);
  json mine = s.request(verb::get, "/api/v1/appeals?mine=1&open=1", "", handler).json();
  row = rowOf(mine, id);
  ASSERT_NE(row, nullptr);
  EXPECT_TRUE((*row)["personal_data"].get<bool>());
  EXPECT_EQ((*row)["address"], "东湖街道柳岸小区 3 栋 402");
  std::string who = "user:" + std::to_string(userId(s, "handler"));
  EXPECT_EQ(reads(s, id), (std::vector<std::pair<std::string, std::string>>{{who, "case"}, {who, "photo"}}));
}

TEST(AccessApi, TransferredThroughDepartmentStillSees) {
  TestServer s;
  int64_t id = submit(s, housingCase());
  auto handler = s.signIn("handler");
  auto moved = s.request(verb::post, "/api/v1/appeals/" + std::to_string(id) + "/transfer",
                         R"({"department_id":6,"reason":"属于道路积水问题，由城管局办理"})", handler);
  ASSERT_EQ(moved.status, 200u) << moved.body;
  EXPECT_EQ(moved.json()["appeal"]["department_id"], 6);  // housing passed it on and still sees it

  // Housing (both posts) still opens it; the number stays masked: calling back is urban's job now.
  for (const char* user : {"handler", "handler2"}) {
    auto page = s.request(verb::get, casePath(id), "", s.signIn(user));
    ASSERT_EQ(page.status, 200u) << user << page.body;
    EXPECT_EQ(page.json()["appeal"]["address"], "东湖街道柳岸小区 3 栋 402");
    EXPECT_EQ(page.json()["appeal"]["phone"], "138****5678");
    EXPECT_TRUE(page.json()["actions"].empty());
  }
  auto urban = s.request(verb::get, casePath(id), "", s.signIn("urban1"));
  ASSERT_EQ(urban.status, 200u);
  EXPECT_EQ(urban.json()["appeal"]["phone"], "13812345678");
  // A department it never reached does not.
  EXPECT_EQ(s.request(verb::get, casePath(id), "", s.signIn("market1")).status, 404u);
}

TEST(AccessApi, OperatorSeesOwnFilingsAndAHintWithoutPersonalData) {
  TestServer s;
  auto op = s.signIn("operator");
  json call = housingCase();
  call["channel"] = "hotline";
  int64_t own = submit(s, call, op);
  int64_t portal = submit(s, housingCase());

  auto page = s.request(verb::get, casePath(own), "", op);
  ASSERT_EQ(page.status, 200u) << page.body;
  EXPECT_EQ(page.json()["appeal"]["citizen_name"], "张秀兰");
  EXPECT_EQ(s.request(verb::get, casePath(portal), "", op).status, 404u);

  auto list = s.request(verb::get, "/api/v1/appeals", "", op).json();
  ASSERT_NE(rowOf(list, own), nullptr);
  EXPECT_TRUE((*rowOf(list, own))["personal_data"].get<bool>());
  ASSERT_NE(rowOf(list, portal), nullptr);
  expectNoCitizen(*rowOf(list, portal));

  // The similar-case hint: the problem, not the person.
  auto similar = s.request(verb::get, "/api/v1/appeals/similar?category=housing.leak&text=%E6%A5%BC%E4%B8%8A%E5%8D%AB%E7%94%9F%E9%97%B4%E6%BC%8F%E6%B0%B4",
                           "", op);
  ASSERT_EQ(similar.status, 200u);
  ASSERT_EQ(similar.json()["appeals"].size(), 2u);
  const nlohmann::json hint = similar.json();  // kept alive: a range-for over a temporary's member dangles
  for (const auto& a : hint["appeals"]) {
    EXPECT_FALSE(a.contains("address"));
    EXPECT_EQ(a["text"].get<std::string>().find("13812345678"), std::string::npos);
  }
  EXPECT_EQ(similar.body.find("柳岸小区"), std::string::npos);
  EXPECT_EQ(similar.body.find("张秀兰"), std::string::npos);
}

TEST(AccessApi, ClerkSeesNoAppealsPersonalData) {
  TestServer s;
  auto created = s.request(verb::post, "/api/v1/appeals", housingCase().dump()).json();
  int64_t id = created["id"];
  std::string photo = addPhoto(s, created);
  auto clerk = s.signIn("clerk");
  EXPECT_EQ(s.request(verb::get, casePath(id), "", clerk).status, 404u);
  EXPECT_EQ(s.request(verb::get, photo, "", clerk).status, 404u);
  auto list = s.request(verb::get, "/api/v1/appeals", "", clerk);
  ASSERT_EQ(list.status, 200u);
  json rows = list.json();
  ASSERT_NE(rowOf(rows, id), nullptr);
  expectNoCitizen(*rowOf(rows, id));
  EXPECT_TRUE(reads(s, id).empty());
}

TEST(AccessApi, SupervisorSeesAllAndEveryReadIsALedgerEvent) {
  TestServer s;
  auto created = s.request(verb::post, "/api/v1/appeals", housingCase().dump()).json();
  int64_t id = created["id"];
  // Intake writes no read event (the benchmarked write path stays as it was).
  EXPECT_TRUE(reads(s, id).empty());
  std::string photo = addPhoto(s, created);

  for (const char* user : {"supervisor", "admin"}) {
    auto h = s.signIn(user);
    auto page = s.request(verb::get, casePath(id), "", h);
    ASSERT_EQ(page.status, 200u) << user;
    EXPECT_EQ(page.json()["appeal"]["citizen_name"], "张秀兰");
    EXPECT_EQ(page.json()["appeal"]["lat"], 30.5);
    EXPECT_EQ(s.request(verb::get, photo, "", h).status, 200u);
  }
  // An action answers with the case page: that read is logged with the action, in one write.
  auto handler = s.signIn("handler");
  ASSERT_EQ(s.request(verb::post, "/api/v1/appeals/" + std::to_string(id) + "/accept", "", handler).status, 200u);

  std::string sup = "user:" + std::to_string(userId(s, "supervisor"));
  std::string admin = "user:" + std::to_string(userId(s, "admin"));
  std::string hdl = "user:" + std::to_string(userId(s, "handler"));
  EXPECT_EQ(reads(s, id), (std::vector<std::pair<std::string, std::string>>{
                              {sup, "case"}, {sup, "photo"}, {admin, "case"}, {admin, "photo"}, {hdl, "case"}}));
  // Supervisors find them in the ledger; the case's own timeline (the citizen's page) does not list them.
  auto events = s.request(verb::get, "/api/v1/events?desc=1&limit=20", "", s.signIn("supervisor"));
  EXPECT_NE(events.body.find("appeal.personal_data_read"), std::string::npos);
  for (const auto& type : s.eventTypes("appeal:" + std::to_string(id))) EXPECT_NE(type, "appeal.personal_data_read");
  EXPECT_EQ(s.request(verb::get, "/api/v1/ledger/verify", "", s.signIn("supervisor")).json()["ok"], true);
}

TEST(AccessApi, MailboxLettersComeFromThePortalWithoutLoginAsDocumented) {
  TestServer s;
  // The mayor's mailbox is a citizen channel (PRODUCT.md; the portal's /mailbox page sends it).
  json letter = housingCase();
  letter["channel"] = "mailbox";
  auto untitled = s.request(verb::post, "/api/v1/appeals", letter.dump());
  EXPECT_EQ(untitled.status, 400u);
  EXPECT_EQ(untitled.json()["error"]["field"], "title");
  letter["title"] = "关于小区漏水的来信";
  int64_t id = submit(s, letter);
  bool by_citizen = false;
  EXPECT_TRUE(s.store().read([&](Reader& r) {
    auto a = r.appealById(id);
    EXPECT_EQ(appeals::channelName(a->channel), "mailbox");
    EXPECT_EQ(a->created_by, 0);
    for (const auto& e : r.eventsBySubject("appeal:" + std::to_string(id)))
      if (e.type == "appeal.received") by_citizen = e.actor == "citizen";
    return Status::ok();
  }));
  EXPECT_TRUE(by_citizen);
  // Hotline calls alone need a staff session.
  json call = housingCase();
  call["channel"] = "hotline";
  EXPECT_EQ(s.request(verb::post, "/api/v1/appeals", call.dump()).status, 401u);

  // And the API description says so.
  auto spec = s.request(verb::get, "/api/openapi.json").json();
  std::string summary = spec["paths"]["/api/v1/appeals"]["post"]["summary"];
  EXPECT_EQ(summary.find("mailbox with a staff session"), std::string::npos) << summary;
  EXPECT_NE(summary.find("No login for channel web (the portal) and mailbox"), std::string::npos) << summary;
}
