// Matters over HTTP on a real server: search by Chinese, full pinyin and initials; the guide and
// its versions; the materials precheck; the admin's drafts and publishing (each a ledger event);
// validation; the plain-language check and the jargon list.
#include <gtest/gtest.h>

#include "test_server.h"

using namespace onedoor;
using namespace onedoor::testing;
using bhttp::verb;
using nlohmann::json;

namespace {

int64_t departmentId(TestServer& s, const std::string& name) {
  auto r = s.request(verb::get, "/api/v1/departments").json();
  for (const auto& d : r["departments"])
    if (d["name"] == name) return d["id"].get<int64_t>();
  ADD_FAILURE() << "no department " << name;
  return 0;
}

// A matter unlike any in the demo catalogue, so its searches find it first.
json fishingBoat(int64_t dept) {
  return {{"code", "T-YC-001"},
          {"name", "渔船登记备案"},
          {"summary", "家里的渔船要登记，带上船和身份证明来办。"},
          {"who", "本区渔民"},
          {"conditions", json::array({"船在本区停靠"})},
          {"materials",
           {{{"id", "m1"}, {"name", "身份证"}, {"description", "正反面"}, {"issuer", "公安机关"},
             {"alternatives", json::array({"临时身份证"})}, {"original", true}, {"copies", 1}},
            {{"id", "m2"}, {"name", "船舶检验证书"}, {"issuer", "区渔船检验站（东湖路 8 号）"}},
            {{"id", "m3"}, {"name", "照片"}, {"optional", true}}}},
          {"fee", "免费"},
          {"legal_basis", json::array({"《渔业船舶登记办法》"})},
          {"statutory_days", 20},
          {"promised_days", 5},
          {"channels", "window"},
          {"promised_trips", 1},
          {"department_id", dept},
          {"hall_services", json::array({"H"})},
          {"keywords", json::array({"船只"})}};
}

struct Created {
  int64_t id = 0;
  json matter;
};

Created createAndPublish(TestServer& s, const Headers& admin, json body) {
  auto c = s.request(verb::post, "/api/v1/admin/matters", body.dump(), admin);
  EXPECT_EQ(c.status, 201u) << c.body;
  int64_t id = c.json()["matter"]["id"].get<int64_t>();
  auto p = s.request(verb::post, "/api/v1/admin/matters/" + std::to_string(id) + "/publish", "", admin);
  EXPECT_EQ(p.status, 200u) << p.body;
  return {id, p.json()["matter"]};
}

}  // namespace

TEST(MattersApi, SearchByChinesePinyinAndInitials) {
  TestServer s;
  auto admin = s.signIn("admin");
  auto m = createAndPublish(s, admin, fishingBoat(departmentId(s, "明湖区城市管理局")));
  for (const auto& [q, match] : std::vector<std::pair<std::string, std::string>>{
           {"%E6%B8%94%E8%88%B9", "name"},  // 渔船
           {"yuchuan", "pinyin"},
           {"YuChuanDengJi", "pinyin"},
           {"ycdj", "initials"},
           {"YCDJBA", "initials"}}) {
    auto r = s.request(verb::get, "/api/v1/matters?q=" + q);
    ASSERT_EQ(r.status, 200u) << r.body;
    auto list = r.json()["matters"];
    ASSERT_FALSE(list.empty()) << q;
    EXPECT_EQ(list[0]["id"], m.id) << q;
    EXPECT_EQ(list[0]["match"], match) << q;
    EXPECT_EQ(list[0]["department_name"], "明湖区城市管理局");
    EXPECT_EQ(list[0]["promised_trips"], 1);
    EXPECT_EQ(list[0]["channels"], "window");
  }
  // A keyword, and nothing for a word no matter has.
  auto kw = s.request(verb::get, "/api/v1/matters?q=%E8%88%B9%E5%8F%AA").json()["matters"];  // 船只
  ASSERT_FALSE(kw.empty());
  EXPECT_EQ(kw[0]["match"], "keyword");
  EXPECT_TRUE(s.request(verb::get, "/api/v1/matters?q=zzqqxx").json()["matters"].empty());
  // Empty q lists every published matter by code.
  auto all = s.request(verb::get, "/api/v1/matters").json()["matters"];
  ASSERT_FALSE(all.empty());
  for (size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1]["code"].get<std::string>(), all[i]["code"].get<std::string>());
  EXPECT_EQ(s.request(verb::get, "/api/v1/matters?limit=0").status, 400u);
}

TEST(MattersApi, DraftsPublishingAndVersions) {
  TestServer s;
  auto admin = s.signIn("admin");
  auto clerk = s.signIn("clerk");  // before seq0: signing in is a ledger event too
  int64_t dept = departmentId(s, "明湖区城市管理局");
  int64_t seq0 = s.lastSeq();
  auto c = s.request(verb::post, "/api/v1/admin/matters", fishingBoat(dept).dump(), admin);
  ASSERT_EQ(c.status, 201u) << c.body;
  int64_t id = c.json()["matter"]["id"];
  EXPECT_EQ(c.json()["matter"]["version"], 0);
  std::string path = "/api/v1/matters/" + std::to_string(id);
  // A draft is invisible to citizens and to search.
  EXPECT_EQ(s.request(verb::get, path).status, 404u);
  EXPECT_TRUE(s.request(verb::get, "/api/v1/matters?q=ycdj").json()["matters"].empty());
  EXPECT_EQ(s.request(verb::post, path + "/precheck", R"({"have":[]})").status, 404u);

  std::string admin_path = "/api/v1/admin/matters/" + std::to_string(id);
  auto p1 = s.request(verb::post, admin_path + "/publish", "", admin);
  ASSERT_EQ(p1.status, 200u) << p1.body;
  EXPECT_EQ(p1.json()["matter"]["version"], 1);
  auto v1 = s.request(verb::get, path).json();
  EXPECT_EQ(v1["name"], "渔船登记备案");
  EXPECT_EQ(v1["version"], 1);
  EXPECT_EQ(v1["department_name"], "明湖区城市管理局");
  EXPECT_TRUE(v1["plain"]["score"].is_number_integer());
  EXPECT_EQ(v1["materials"].size(), 3u);

  // Save a new draft: citizens still see version 1; the admin list shows both.
  json edited = fishingBoat(dept);
  edited["name"] = "渔船登记";
  auto put = s.request(verb::put, "/api/v1/admin/matters/" + std::to_string(id), edited.dump(), admin);
  ASSERT_EQ(put.status, 200u) << put.body;
  EXPECT_EQ(put.json()["matter"]["name"], "渔船登记");
  EXPECT_TRUE(put.json()["plain"]["sentences"].is_array());
  EXPECT_EQ(put.json()["plain"]["limits"]["sentence_chars"], 40);
  EXPECT_EQ(s.request(verb::get, path).json()["name"], "渔船登记备案");
  auto list = s.request(verb::get, "/api/v1/admin/matters", "", admin).json()["matters"];
  bool found = false;
  for (const auto& m : list) {
    if (m["id"] != id) continue;
    found = true;
    EXPECT_EQ(m["name"], "渔船登记备案");
    EXPECT_EQ(m["published"], true);
    EXPECT_EQ(m["draft"]["name"], "渔船登记");
  }
  EXPECT_TRUE(found);

  auto p2 = s.request(verb::post, admin_path + "/publish", "", admin);
  ASSERT_EQ(p2.status, 200u);
  EXPECT_EQ(p2.json()["matter"]["version"], 2);
  EXPECT_EQ(s.request(verb::get, path).json()["name"], "渔船登记");
  EXPECT_EQ(s.request(verb::get, path).json()["version"], 2);
  // Search follows the current version.
  auto found_new = s.request(verb::get, "/api/v1/matters?q=ycdj").json()["matters"];
  ASSERT_FALSE(found_new.empty());
  EXPECT_EQ(found_new[0]["name"], "渔船登记");

  // Versions (staff only), newest first; an old version is still there whole.
  EXPECT_EQ(s.request(verb::get, path + "/versions").status, 401u);
  auto versions = s.request(verb::get, path + "/versions", "", clerk).json()["versions"];
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0]["version"], 2);
  EXPECT_EQ(versions[1]["version"], 1);
  EXPECT_GT(versions[1]["published_by"].get<int64_t>(), 0);
  auto old = s.request(verb::get, path + "/versions/1", "", clerk);
  ASSERT_EQ(old.status, 200u);
  EXPECT_EQ(old.json()["name"], "渔船登记备案");
  EXPECT_EQ(s.request(verb::get, path + "/versions/3", "", clerk).status, 404u);
  // Only admins edit.
  EXPECT_EQ(s.request(verb::post, admin_path + "/publish", "", clerk).status, 403u);

  // Each save and publish is a ledger event on matter:{id}.
  EXPECT_EQ(s.eventTypes("matter:" + std::to_string(id)),
            (std::vector<std::string>{"matter.saved", "matter.published", "matter.saved", "matter.published"}));
  EXPECT_EQ(s.lastSeq(), seq0 + 4);
}

TEST(MattersApi, ValidationRefusesWithTheFieldAndChangesNothing) {
  TestServer s;
  auto admin = s.signIn("admin");
  int64_t dept = departmentId(s, "明湖区城市管理局");
  int64_t seq0 = s.lastSeq();
  auto expect400 = [&](json body, const std::string& field) {
    auto r = s.request(verb::post, "/api/v1/admin/matters", body.dump(), admin);
    EXPECT_EQ(r.status, 400u) << field << ": " << r.body;
    EXPECT_EQ(r.json()["error"]["field"], field) << r.body;
  };
  json b = fishingBoat(dept);
  b["name"] = "";
  expect400(b, "name");
  b = fishingBoat(dept);
  b["name"] = std::string();
  for (int i = 0; i < 61; ++i) b["name"] = b["name"].get<std::string>() + "船";
  expect400(b, "name");
  b = fishingBoat(dept);
  b.erase("summary");
  expect400(b, "summary");
  b = fishingBoat(dept);
  b["materials"][1]["id"] = "m1";
  expect400(b, "materials[1].id");
  b = fishingBoat(dept);
  b["materials"][0]["name"] = "";
  expect400(b, "materials[0].name");
  b = fishingBoat(dept);
  b["promised_trips"] = 2;
  expect400(b, "promised_trips");
  b = fishingBoat(dept);
  b["promised_days"] = 30;
  expect400(b, "promised_days");
  b = fishingBoat(dept);
  b["channels"] = "fax";
  expect400(b, "channels");
  b = fishingBoat(dept);
  b["department_id"] = 9999;
  expect400(b, "department_id");
  b = fishingBoat(dept);
  b["hall_services"] = {"H", "Q"};
  expect400(b, "hall_services[1]");
  b = fishingBoat(dept);
  b["materials"][0]["copies"] = "one";
  expect400(b, "materials[0].copies");
  EXPECT_EQ(s.lastSeq(), seq0);
  // A duplicate code is a conflict.
  ASSERT_EQ(s.request(verb::post, "/api/v1/admin/matters", fishingBoat(dept).dump(), admin).status, 201u);
  auto dup = s.request(verb::post, "/api/v1/admin/matters", fishingBoat(dept).dump(), admin);
  EXPECT_EQ(dup.status, 409u);
  EXPECT_EQ(dup.json()["error"]["field"], "code");
  // A citizen cannot create.
  EXPECT_EQ(s.request(verb::post, "/api/v1/admin/matters", fishingBoat(dept).dump()).status, 401u);
}

TEST(MattersApi, PrecheckListsWhatIsMissing) {
  TestServer s;
  auto admin = s.signIn("admin");
  auto m = createAndPublish(s, admin, fishingBoat(departmentId(s, "明湖区城市管理局")));
  std::string path = "/api/v1/matters/" + std::to_string(m.id) + "/precheck";
  auto r = s.request(verb::post, path, R"({"have":["m1"]})");
  ASSERT_EQ(r.status, 200u) << r.body;
  auto missing = r.json()["missing"];
  ASSERT_EQ(missing.size(), 1u);  // m3 is optional
  EXPECT_EQ(missing[0]["id"], "m2");
  EXPECT_EQ(missing[0]["name"], "船舶检验证书");
  EXPECT_EQ(missing[0]["issuer"], "区渔船检验站（东湖路 8 号）");
  EXPECT_EQ(r.json()["complete"], false);
  auto all = s.request(verb::post, path, R"({"have":["m1","m2"]})").json();
  EXPECT_EQ(all["complete"], true);
  EXPECT_TRUE(all["missing"].empty());
  // No list, a list of the wrong kind, an unknown material: 400 naming have.
  auto none = s.request(verb::post, path, R"({})");
  EXPECT_EQ(none.status, 400u);
  EXPECT_EQ(none.json()["error"]["field"], "have");
  auto unknown = s.request(verb::post, path, R"({"have":["m1","m9"]})");
  EXPECT_EQ(unknown.status, 400u);
  EXPECT_EQ(unknown.json()["error"]["field"], "have");
  EXPECT_EQ(s.request(verb::post, path, R"({"have":[1]})").status, 400u);
  EXPECT_EQ(s.request(verb::post, "/api/v1/matters/99999/precheck", R"({"have":[]})").status, 404u);
}

TEST(MattersApi, PlainLanguageCheckAndJargon) {
  TestServer s;
  auto admin = s.signIn("admin");
  auto clerk = s.signIn("clerk");
  // The shipped list until an admin saves one.
  auto jargon = s.request(verb::get, "/api/v1/admin/jargon", "", admin);
  ASSERT_EQ(jargon.status, 200u);
  ASSERT_FALSE(jargon.json()["terms"].empty());
  std::string term = jargon.json()["terms"][0]["term"];
  auto check = s.request(verb::post, "/api/v1/plain-language/check", json{{"text", "对符合条件的申请，" + term + "。"}}.dump(), clerk);
  ASSERT_EQ(check.status, 200u) << check.body;
  bool flagged = false;
  json report = check.json();
  for (const auto& sen : report["sentences"])
    for (const auto& p : sen["problems"]) flagged = flagged || (p["kind"] == "jargon" && p["text"] == term);
  EXPECT_TRUE(flagged) << term << " " << check.body;
  EXPECT_LT(check.json()["score"].get<int>(), 100);
  EXPECT_EQ(s.request(verb::post, "/api/v1/plain-language/check", R"({"text":"x"})").status, 401u);

  // A saved list replaces the shipped one: a new term is flagged, the old one no longer.
  auto put = s.request(verb::put, "/api/v1/admin/jargon", R"({"terms":[{"term":"兹","plain":"现在"}]})", admin);
  ASSERT_EQ(put.status, 200u) << put.body;
  auto after = s.request(verb::post, "/api/v1/plain-language/check", json{{"text", "兹，现通知如下。"}}.dump(), clerk).json();
  bool zi = false;
  for (const auto& sen : after["sentences"])
    for (const auto& p : sen["problems"]) zi = zi || (p["kind"] == "jargon" && p["text"] == "兹");
  EXPECT_TRUE(zi) << after.dump();
  EXPECT_EQ(s.request(verb::get, "/api/v1/admin/jargon", "", admin).json()["terms"].size(), 1u);
  EXPECT_EQ(s.eventTypes("jargon"), std::vector<std::string>{"jargon.saved"});
  auto bad = s.request(verb::put, "/api/v1/admin/jargon", R"({"terms":[{"term":""}]})", admin);
  EXPECT_EQ(bad.status, 400u);
  EXPECT_EQ(s.request(verb::put, "/api/v1/admin/jargon", R"({"terms":[]})", clerk).status, 403u);
}
