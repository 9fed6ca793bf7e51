// Matter JSON: the contract's shape out, and what an editor sends back in (types checked per field).
#include <gtest/gtest.h>

#include "matters/matter_json.h"

using namespace onedoor;
using namespace onedoor::matters;
using nlohmann::json;

namespace {

Matter sample() {
  Matter m;
  m.id = 5;
  m.code = "SB-001";
  m.name = "社保卡申领";
  m.summary = "第一次办社保卡。";
  m.who = "本区参保人";
  m.conditions = {"已参保"};
  m.materials.push_back({"m1", "身份证", "正反面", "在有效期内", true, 1, "公安机关", {"临时身份证"}, false});
  m.materials.push_back({"m2", "照片", "", "", false, 0, "照相馆", {}, true});
  m.fee = "免费";
  m.legal_basis = {"《社会保险法》"};
  m.statutory_days = 20;
  m.promised_days = 0;
  m.channels = Channels::kWindow;
  m.promised_trips = 1;
  m.department_id = 3;
  m.hall_services = {"A"};
  m.keywords = {"社保"};
  m.version = 2;
  m.published_at = 1000;
  return m;
}

TEST(MatterJson, ShapeOfTheContract) {
  json j = matterToJson(sample());
  EXPECT_EQ(j["id"], 5);
  EXPECT_EQ(j["code"], "SB-001");
  EXPECT_EQ(j["channels"], "window");
  EXPECT_EQ(j["statutory_days"], 20);
  EXPECT_EQ(j["promised_days"], 0);
  EXPECT_EQ(j["promised_trips"], 1);
  EXPECT_EQ(j["version"], 2);
  EXPECT_EQ(j["materials"][0]["id"], "m1");
  EXPECT_EQ(j["materials"][0]["copies"], 1);
  EXPECT_EQ(j["materials"][0]["alternatives"][0], "临时身份证");
  EXPECT_EQ(j["materials"][1]["optional"], true);
  Matter none;
  json k = matterToJson(none);
  EXPECT_TRUE(k["statutory_days"].is_null());
  EXPECT_TRUE(k["promised_days"].is_null());
}

TEST(MatterJson, RoundTrip) {
  Matter m = sample();
  auto back = matterFromJson(matterToJson(m));
  ASSERT_TRUE(back.isOk()) << back.status().message();
  EXPECT_EQ(back->name, m.name);
  EXPECT_EQ(back->statutory_days, m.statutory_days);
  EXPECT_EQ(back->promised_days, std::optional<int>(0));
  EXPECT_EQ(back->channels, Channels::kWindow);
  ASSERT_EQ(back->materials.size(), 2u);
  EXPECT_EQ(back->materials[0].issuer, "公安机关");
  EXPECT_FALSE(back->materials[1].original);
  EXPECT_TRUE(back->materials[1].optional);
  EXPECT_EQ(back->hall_services, m.hall_services);
  EXPECT_EQ(back->department_id, 3);
}

TEST(MatterJson, WrongTypesNameTheField) {
  json j = matterToJson(sample());
  j["materials"][1]["copies"] = "two";
  auto r = matterFromJson(j);
  ASSERT_FALSE(r.isOk());
  EXPECT_EQ(r.status().code(), Code::kInvalid);
  EXPECT_EQ(r.status().field(), "materials[1].copies");
  j = matterToJson(sample());
  j["channels"] = "fax";
  EXPECT_EQ(matterFromJson(j).status().field(), "channels");
  j = matterToJson(sample());
  j["keywords"] = {"a", 3};
  EXPECT_EQ(matterFromJson(j).status().field(), "keywords[1]");
  EXPECT_FALSE(matterFromJson(json::array()).isOk());
}

TEST(MatterJson, NullDaysAndReadOnlyFieldsIgnored) {
  json j = matterToJson(sample());
  j["statutory_days"] = nullptr;
  j["department_name"] = "人社局";
  j["plain"] = {{"score", 80}};
  j["draft"] = nullptr;
  auto r = matterFromJson(j);
  ASSERT_TRUE(r.isOk());
  EXPECT_FALSE(r->statutory_days.has_value());
}

}  // namespace
