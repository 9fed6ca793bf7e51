// Matter validation, the one-time-notification rule, trips, application moves and the
// spring-door index.
#include <gtest/gtest.h>

#include "matters/rules.h"

using namespace onedoor;
using namespace onedoor::matters;

namespace {

Matter valid() {
  Matter m;
  m.code = "SB-001";
  m.name = "社保卡申领";
  m.summary = "第一次办社保卡。";
  m.department_id = 3;
  m.hall_services = {"A"};
  m.materials.push_back({"m1", "身份证", "", "", true, 1, "公安机关", {}, false});
  m.materials.push_back({"m2", "户口簿", "", "", true, 0, "派出所", {}, false});
  m.materials.push_back({"m3", "照片", "", "", false, 0, "", {}, true});
  return m;
}

const std::set<int64_t> kDepts = {3};
const std::set<std::string> kCodes = {"A", "B"};

std::string fieldOf(const Matter& m) { return validateMatter(m, kDepts, kCodes).field(); }

TEST(MatterRules, ValidMatterPasses) { EXPECT_TRUE(validateMatter(valid(), kDepts, kCodes).isOk()); }

TEST(MatterRules, ValidationNamesTheField) {
  Matter m = valid();
  m.name = "";
  EXPECT_EQ(fieldOf(m), "name");
  m = valid();
  m.name.clear();
  for (int i = 0; i < 61; ++i) m.name += "字";
  EXPECT_EQ(fieldOf(m), "name");
  m = valid();
  m.name = std::string();
  for (int i = 0; i < 60; ++i) m.name += "字";
  EXPECT_EQ(fieldOf(m), "");  // exactly 60 is fine
  m = valid();
  m.summary = "  ";
  EXPECT_EQ(fieldOf(m), "summary");
  m = valid();
  m.materials[1].id = "m1";
  EXPECT_EQ(fieldOf(m), "materials[1].id");
  m = valid();
  m.materials[0].id = "";
  EXPECT_EQ(fieldOf(m), "materials[0].id");
  m = valid();
  m.materials[2].name = "";
  EXPECT_EQ(fieldOf(m), "materials[2].name");
  m = valid();
  m.promised_trips = 2;
  EXPECT_EQ(fieldOf(m), "promised_trips");
  m = valid();
  m.statutory_days = 5;
  m.promised_days = 6;
  EXPECT_EQ(fieldOf(m), "promised_days");
  m.promised_days = 5;
  EXPECT_EQ(fieldOf(m), "");
  m.statutory_days.reset();
  m.promised_days = 30;  // no statutory limit to compare with
  EXPECT_EQ(fieldOf(m), "");
  m = valid();
  m.department_id = 4;
  EXPECT_EQ(fieldOf(m), "department_id");
  m = valid();
  m.hall_services = {"A", "Z"};
  EXPECT_EQ(fieldOf(m), "hall_services[1]");
  EXPECT_EQ(validateMatter(m, kDepts, kCodes).code(), Code::kInvalid);
}

TEST(MatterRules, MissingMaterialsSkipOptionalOnes) {
  Matter m = valid();
  auto missing = missingMaterials(m, {"m1"});
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0]->id, "m2");
  EXPECT_TRUE(missingMaterials(m, {"m2", "m1"}).empty());
  EXPECT_TRUE(checkMaterialIds(m, {"m1", "m3"}, "have").isOk());
  Status bad = checkMaterialIds(m, {"m1", "m9"}, "have");
  EXPECT_EQ(bad.code(), Code::kInvalid);
  EXPECT_EQ(bad.field(), "have");
}

Notification list(std::vector<std::string> items) {
  Notification n;
  n.items = std::move(items);
  return n;
}

TEST(MatterRules, OneTimeNotification) {
  // The first list is never a violation.
  auto first = judgeNotification({}, {"m2", "m5"});
  EXPECT_FALSE(first.violation);
  EXPECT_TRUE(first.new_items.empty());
  // The same list again, or a part of it: not a violation.
  EXPECT_FALSE(judgeNotification({list({"m2", "m5"})}, {"m2", "m5"}).violation);
  EXPECT_FALSE(judgeNotification({list({"m2", "m5"})}, {"m5"}).violation);
  // An item on no earlier list is.
  auto later = judgeNotification({list({"m2"})}, {"m2", "m5"});
  EXPECT_TRUE(later.violation);
  EXPECT_EQ(later.new_items, std::vector<std::string>{"m5"});
  // "Any earlier list": an item told on the first list but not the second is not new on the third.
  EXPECT_FALSE(judgeNotification({list({"m2"}), list({"m3"})}, {"m2", "m3"}).violation);
  auto dup = judgeNotification({list({"m1"})}, {"m4", "m4"});
  EXPECT_EQ(dup.new_items, std::vector<std::string>{"m4"});
}

TEST(MatterRules, ExtraTrips) {
  EXPECT_EQ(extraTrips(1, 1), 0);
  EXPECT_EQ(extraTrips(3, 1), 2);
  EXPECT_EQ(extraTrips(1, 0), 1);
  EXPECT_EQ(extraTrips(0, 1), 0);
}

TEST(MatterRules, Moves) {
  EXPECT_TRUE(checkMove("submitted", "accepted").isOk());
  EXPECT_EQ(checkMove("missing_materials", "accepted").code(), Code::kConflict);
  EXPECT_TRUE(checkMove("accepted", "approved").isOk());
  EXPECT_TRUE(checkMove("missing_materials", "rejected").isOk());
  EXPECT_TRUE(checkMove("approved", "done").isOk());
  EXPECT_EQ(checkMove("submitted", "approved").code(), Code::kConflict);
  EXPECT_EQ(checkMove("rejected", "done").code(), Code::kConflict);
  EXPECT_EQ(checkMove("done", "accepted").code(), Code::kConflict);
  EXPECT_EQ(checkMove("submitted", "missing_materials").code(), Code::kInvalid);
  EXPECT_TRUE(isFinishedState("approved") && isFinishedState("rejected") && isFinishedState("done"));
  EXPECT_FALSE(isFinishedState("accepted"));
}

Application app(int64_t matter, int64_t dept, int trips, int promised, int violations) {
  Application a;
  a.matter_id = matter;
  a.department_id = dept;
  a.trips = trips;
  a.promised_trips = promised;
  a.violations = violations;
  return a;
}

TEST(MatterRules, SpringDoorIndex) {
  // Matter 1 (dept 10): trips 1, 1, 3 with one violation; matter 2 (dept 10, promise 0): 1 trip;
  // matter 3 (dept 20): 2 trips.
  std::vector<Application> done = {app(1, 10, 1, 1, 0), app(1, 10, 1, 1, 0), app(1, 10, 3, 1, 1),
                                   app(2, 10, 1, 0, 0), app(3, 20, 2, 1, 0)};
  auto idx = springDoorIndex(done);
  EXPECT_EQ(idx.overall.finished, 5);
  EXPECT_DOUBLE_EQ(*idx.overall.mean_trips, 8.0 / 5);
  EXPECT_DOUBLE_EQ(*idx.overall.over_one_trip_share, 2.0 / 5);
  EXPECT_DOUBLE_EQ(*idx.overall.over_promised_share, 3.0 / 5);
  EXPECT_EQ(idx.overall.violations, 1);
  EXPECT_EQ(idx.overall.extra_trips, 2 + 1 + 1);
  ASSERT_EQ(idx.matters.size(), 3u);
  EXPECT_EQ(idx.matters[0].key, 1);  // worst first
  EXPECT_EQ(idx.matters[0].row.extra_trips, 2);
  EXPECT_EQ(idx.matters[0].row.finished, 3);
  ASSERT_EQ(idx.departments.size(), 2u);
  EXPECT_EQ(idx.departments[0].key, 10);
  EXPECT_EQ(idx.departments[0].row.extra_trips, 3);
  EXPECT_EQ(idx.departments[1].row.extra_trips, 1);
  auto empty = springDoorIndex({});
  EXPECT_EQ(empty.overall.finished, 0);
  EXPECT_FALSE(empty.overall.mean_trips.has_value());
  EXPECT_TRUE(empty.matters.empty());
}

}  // namespace
