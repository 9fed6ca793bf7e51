// The appeal lifecycle: what handlers, supervisors and citizens can and cannot do to a case, and the
// events the citizen's timeline and the ledger receive.
#include <gtest/gtest.h>

#include <string>

#include "appeals/lifecycle.h"

using namespace onedoor;
using namespace onedoor::appeals;

namespace {

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;
constexpr int64_t kT0 = 1'717'200'000'000;  // 2024-06-01 00:00 UTC
constexpr int64_t kRoads = 11;              // 城管局
constexpr int64_t kWater = 12;              // 水务局
constexpr int64_t kHousing = 13;            // 住建局
constexpr const char* kPhone = "13812345678";

Actor handler(int64_t user, int64_t dept) { return {user, "handler", dept}; }
const Actor kRoadsHandler = handler(101, kRoads);
const Actor kRoadsColleague = handler(102, kRoads);
const Actor kWaterHandler = handler(201, kWater);
const Actor kSupervisor{900, "supervisor", std::nullopt};
const Actor kAdmin{1, "admin", std::nullopt};
const Actor kClerk{300, "clerk", kRoads};
const Actor kOperator{301, "operator", std::nullopt};
const Actor kCitizen{0, "citizen", std::nullopt};
const Actor kSystem{0, "system", std::nullopt};

Appeal received() {
  Appeal a;
  a.id = 7;
  a.tracking_code = "7K3M9QX2PA";
  a.category = "road.streetlight";
  a.text = "幸福路 12 号门口路灯不亮一周了";
  a.phone = kPhone;
  a.created_at = kT0;
  a.response_due = kT0 + 1 * kDay;
  a.resolution_due = kT0 + 5 * kDay;
  return a;
}

ReplyInput goodReply() {
  ReplyInput in;
  in.text = "经现场核查，路灯线路老化，已安排更换。";
  in.action = "更换幸福路 12 号路灯线路";
  in.responsible = "城管局照明所 王工";
  in.due = kT0 + 4 * kDay;
  return in;
}

// Walks a fresh case forward with legal commands; every step must succeed.
Appeal assigned() {
  auto r = route(received(), kRoads, 101, std::nullopt, kSystem, kT0 + kHour);
  EXPECT_TRUE(r) << r.status().message();
  return r->after;
}
Appeal accepted() {
  auto r = accept(assigned(), kRoadsHandler, kT0 + 2 * kHour);
  EXPECT_TRUE(r) << r.status().message();
  return r->after;
}
Appeal replied() {
  auto r = reply(accepted(), goodReply(), kT0 + 3 * kDay, kRoadsHandler, kT0 + 2 * kDay);
  EXPECT_TRUE(r) << r.status().message();
  return r->after;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A refusal must carry the right code and a message that says why, in both languages.
void expectRefused(const Result<Change>& r, Code code, const std::string& why_zh, const std::string& why_en) {
  ASSERT_FALSE(r) << "expected a refusal";
  EXPECT_EQ(r.status().code(), code) << r.status().message();
  EXPECT_TRUE(contains(r.status().message(), why_zh)) << r.status().message();
  EXPECT_TRUE(contains(r.status().message(), why_en)) << r.status().message();
  EXPECT_TRUE(contains(r.status().message(), " / ")) << "bilingual: " << r.status().message();
}

}  // namespace

// ---- route -------------------------------------------------------------------------------------

TEST(Route, ReceivedCaseGoesToTheDepartmentAndHandler) {
  auto r = route(received(), kRoads, 101, std::nullopt, kSystem, kT0 + kHour);
  ASSERT_TRUE(r) << r.status().message();
  EXPECT_EQ(r->after.state, State::kAssigned);
  EXPECT_EQ(r->after.department_id, kRoads);
  EXPECT_EQ(r->after.handler_id, 101);
  ASSERT_EQ(r->events.size(), 1u);
  EXPECT_EQ(r->events[0].type, "appeal.routed");
  EXPECT_EQ(r->events[0].payload["department_id"], kRoads);
  EXPECT_EQ(r->events[0].payload["handler_id"], 101);
  EXPECT_FALSE(r->events[0].payload.contains("backup"));
  // Deadlines are the caller's; routing does not touch them.
  EXPECT_EQ(r->after.response_due, kT0 + kDay);
  EXPECT_EQ(r->after.resolution_due, kT0 + 5 * kDay);
}

TEST(Route, ToADepartmentWithoutAHandlerAndByASupervisor) {
  auto r = route(received(), kWater, std::nullopt, std::nullopt, kSupervisor, kT0);
  ASSERT_TRUE(r) << r.status().message();
  EXPECT_EQ(r->after.state, State::kAssigned);
  EXPECT_FALSE(r->after.handler_id.has_value());
  EXPECT_TRUE(r->events[0].payload["handler_id"].is_null());
  EXPECT_EQ(r->events[0].payload["by_user"], 900);
}

TEST(Route, AbsentAPostGoesToTheBPostAndTheEventSaysSo) {
  auto r = route(received(), kRoads, 102, BackupRouting{101, "out"}, kSystem, kT0 + kHour);
  ASSERT_TRUE(r) << r.status().message();
  EXPECT_EQ(r->after.state, State::kAssigned);
  EXPECT_EQ(r->after.handler_id, 102);  // at once, not after the A post returns
  ASSERT_EQ(r->events.size(), 1u);
  const auto& backup = r->events[0].payload.at("backup");
  EXPECT_EQ(backup["absent_handler_id"], 101);
  EXPECT_EQ(backup["absent_reason"], "out");
  EXPECT_EQ(backup["absent_label"], "外出");
  EXPECT_EQ(backup["backup_handler_id"], 102);
  EXPECT_EQ(r->events[0].payload["handler_id"], 102);

  auto off = route(received(), kRoads, 102, BackupRouting{101, "off"}, kSystem, kT0);
  ASSERT_TRUE(off);
  EXPECT_EQ(off->events[0].payload["backup"]["absent_label"], "休假");
  auto pause = route(received(), kRoads, 102, BackupRouting{101, "break"}, kSystem, kT0);
  ASSERT_TRUE(pause);
  EXPECT_EQ(pause->events[0].payload["backup"]["absent_label"], "暂离");
}

TEST(Route, Refusals) {
  expectRefused(route(received(), kRoads, 101, std::nullopt, kRoadsHandler, kT0), Code::kForbidden, "分派规则",
                "routed by the routing rules or by a supervisor");
  expectRefused(route(received(), kRoads, 101, std::nullopt, kOperator, kT0), Code::kForbidden, "分派规则",
                "routed by the routing rules");
  expectRefused(route(assigned(), kWater, std::nullopt, std::nullopt, kSystem, kT0), Code::kConflict, "尚未受理",
                "cannot route it now");

  auto no_dept = route(received(), 0, std::nullopt, std::nullopt, kSystem, kT0);
  expectRefused(no_dept, Code::kInvalid, "承办部门", "department is required");
  EXPECT_EQ(no_dept.status().field(), "department");

  auto no_b = route(received(), kRoads, std::nullopt, BackupRouting{101, "out"}, kSystem, kT0);
  expectRefused(no_b, Code::kInvalid, "B 岗", "backup handler");
  EXPECT_EQ(no_b.status().field(), "handler");

  auto same = route(received(), kRoads, 101, BackupRouting{101, "out"}, kSystem, kT0);
  expectRefused(same, Code::kInvalid, "不能是同一人", "must be different people");
  EXPECT_EQ(same.status().field(), "backup");

  auto odd = route(received(), kRoads, 102, BackupRouting{101, "on_duty"}, kSystem, kT0);
  expectRefused(odd, Code::kInvalid, "外出、暂离或休假", "out, break or off");
  EXPECT_EQ(odd.status().field(), "backup");
}

// ---- accept ------------------------------------------------------------------------------------

TEST(Accept, TheAssignedHandlerAcceptsOnTime) {
  auto r = accept(assigned(), kRoadsHandler, kT0 + 2 * kHour);
  ASSERT_TRUE(r) << r.status().message();
  EXPECT_EQ(r->after.state, State::kAccepted);
  EXPECT_EQ(r->after.accepted_at, kT0 + 2 * kHour);
  ASSERT_EQ(r->events.size(), 1u);
  EXPECT_EQ(r->events[0].type, "appeal.accepted");
  EXPECT_EQ(r->events[0].payload["by_user"], 101);
  EXPECT_EQ(r->events[0].payload["department_id"], kRoads);
  EXPECT_EQ(r->events[0].payload["on_time"], true);
}

TEST(Accept, LateAcceptanceIsMarked) {
  auto r = accept(assigned(), kRoadsHandler, kT0 + kDay + 1);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->events[0].payload["on_time"], false);
}

TEST(Accept, ADepartmentColleagueTakesAnUnownedCase) {
  auto unowned = route(received(), kRoads, std::nullopt, std::nullopt, kSystem, kT0)->after;
  auto r = accept(unowned, kRoadsColleague, kT0 + kHour);
  ASSERT_TRUE(r) << r.status().message();
  EXPECT_EQ(r->after.handler_id, 102);  // 首问负责: whoever picks it up owns it
  // A colleague of the same department may also accept a case routed to someone else.
  auto other = accept(assigned(), kRoadsColleague, kT0 + kHour);
  ASSERT_TRUE(other) << other.status().message();
  EXPECT_EQ(other->after.handler_id, 101);  // the owner does not change
}

TEST(Accept, AHandlerFromElsewhereAssignedByNameMayAccept) {
  auto a = route(received(), kRoads, 201, std::nullopt, kSystem, kT0)->after;  // 201 is in kWater
  auto r = accept(a, kWaterHandler, kT0 + kHour);
  ASSERT_TRUE(r) << r.status().message();
  EXPECT_EQ(r->after.state, State::kAccepted);
}

TEST(Accept, SupervisorAndAdminMayAcceptAnyCaseWithoutTakingIt) {
  auto unowned = route(received(), kRoads, std::nullopt, std::nullopt, kSystem, kT0)->after;
  for (const Actor& boss : {kSupervisor, kAdmin}) {
    auto r = accept(unowned, boss, kT0 + kHour);
    ASSERT_TRUE(r) << r.status().message();
    EXPECT_EQ(r->after.state, State::kAccepted);
    EXPECT_FALSE(r->after.handler_id.has_value());
  }
}

TEST(Accept, Refusals) {
  expectRefused(accept(assigned(), kWaterHandler, kT0), Code::kForbidden, "承办人只能受理本部门或指派给自己的诉求",
                "Handlers may accept only cases of their own department or assigned to them");
  expectRefused(accept(assigned(), Actor{103, "handler", std::nullopt}, kT0), Code::kForbidden, "本部门",
                "own department");
  expectRefused(accept(assigned(), kClerk, kT0), Code::kForbidden, "窗口人员和话务员只负责登记诉求",
                "Clerks and operators only record appeals; they cannot accept a case");
  expectRefused(accept(assigned(), kOperator, kT0), Code::kForbidden, "只负责登记诉求", "only record appeals");
  expectRefused(accept(assigned(), kCitizen, kT0), Code::kForbidden, "只能评价答复", "only give a verdict");
  expectRefused(accept(assigned(), Actor{5, "mayor", std::nullopt}, kT0), Code::kForbidden, "无权受理",
                "may not accept");
  expectRefused(accept(received(), kSupervisor, kT0), Code::kConflict, "尚未分派到部门，不能受理",
                "has not been routed to a department yet; it cannot accept it now");
  expectRefused(accept(accepted(), kRoadsHandler, kT0), Code::kConflict, "已受理", "already been accepted");
  expectRefused(accept(replied(), kRoadsHandler, kT0), Code::kConflict, "等待诉求人评价", "awaits the citizen's verdict");
}

// ---- reply -------------------------------------------------------------------------------------

TEST(Reply, StatesTheActionAndOpensTheConfirmationWindow) {
  const int64_t now = kT0 + 2 * kDay;
  auto r = reply(accepted(), goodReply(), now + 3 * kDay, kRoadsHandler, now);
  ASSERT_TRUE(r) << r.status().message();
  const Appeal& a = r->after;
  EXPECT_EQ(a.state, State::kReplied);
  EXPECT_EQ(a.replied_at, now);
  EXPECT_EQ(a.confirm_due, now + 3 * kDay);
  ASSERT_TRUE(a.reply.has_value());
  EXPECT_EQ(a.reply->action, "更换幸福路 12 号路灯线路");
  EXPECT_EQ(a.reply->responsible, "城管局照明所 王工");
  EXPECT_EQ(a.reply->due, kT0 + 4 * kDay);
  EXPECT_EQ(a.reply->at, now);
  EXPECT_EQ(a.reply->by_user, 101);
  EXPECT_FALSE(a.reply->formulaic_override);
  ASSERT_EQ(r->events.size(), 1u);
  const auto& p = r->events[0].payload;
  EXPECT_EQ(r->events[0].type, "appeal.replied");
  EXPECT_EQ(p["text"], "经现场核查，路灯线路老化，已安排更换。");
  EXPECT_EQ(p["action"], "更换幸福路 12 号路灯线路");
  EXPECT_EQ(p["responsible"], "城管局照明所 王工");
  EXPECT_EQ(p["due"], kT0 + 4 * kDay);
  EXPECT_EQ(p["confirm_due"], now + 3 * kDay);
  EXPECT_EQ(p["on_time"], true);
  EXPECT_EQ(p["formulaic_override"], false);
}

TEST(Reply, LateReplyIsMarked) {
  const int64_t now = kT0 + 6 * kDay;  // resolution_due was day 5
  auto in = goodReply();
  in.due = now + kDay;
  auto r = reply(accepted(), in, now + 3 * kDay, kRoadsHandler, now);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->events[0].payload["on_time"], false);
}

TEST(Reply, EachMissingPartIsNamed) {
  const int64_t now = kT0 + 2 * kDay;
  struct Case {
    void (*blank)(ReplyInput&);
    const char* field;
    const char* zh;
    const char* en;
  };
  const Case cases[] = {
      {[](ReplyInput& in) { in.text = ""; }, "text", "答复内容", "The reply text is required"},
      {[](ReplyInput& in) { in.action = "  "; }, "action", "具体措施", "The action (what was or will be done) is required"},
      {[](ReplyInput& in) { in.responsible = "\xE3\x80\x80"; }, "responsible", "责任单位或责任人",
       "The responsible unit or person is required"},
      {[](ReplyInput& in) { in.due.reset(); }, "due", "办理时限", "The due date (by when) is required"},
      {[](ReplyInput& in) { in.due = kT0 + kDay; }, "due", "不能早于现在", "must be in the future"},
  };
  for (const auto& c : cases) {
    auto in = goodReply();
    c.blank(in);
    auto r = reply(accepted(), in, now + 3 * kDay, kRoadsHandler, now);
    expectRefused(r, Code::kInvalid, c.zh, c.en);
    EXPECT_EQ(r.status().field(), c.field);
  }
}

TEST(Reply, WrongStateOrWrongPersonIsRefused) {
  const int64_t now = kT0 + 2 * kDay;
  expectRefused(reply(assigned(), goodReply(), now + 3 * kDay, kRoadsHandler, now), Code::kConflict,
                "尚未受理，不能答复", "has not been accepted yet; it cannot reply to it now");
  expectRefused(reply(replied(), goodReply(), now + 3 * kDay, kRoadsHandler, now), Code::kConflict, "已答复",
                "awaits the citizen's verdict");
  auto closed = verdict(replied(), true, Rating::kSatisfied, "", 0, kCitizen, kT0 + 3 * kDay)->after;
  expectRefused(reply(closed, goodReply(), now + 3 * kDay, kRoadsHandler, now), Code::kConflict, "已办结",
                "This case is closed");
  expectRefused(reply(accepted(), goodReply(), now + 3 * kDay, kWaterHandler, now), Code::kForbidden,
                "承办人只能答复本部门", "Handlers may reply to only cases of their own department");
}

TEST(Reply, FormulaicReplyIsRefusedWithWhatIsMissing) {
  const int64_t now = kT0 + 2 * kDay;
  auto in = goodReply();
  in.text = "您的意见很好，我们一定高度重视，认真研究。";
  in.formulaic = true;
  auto r = reply(accepted(), in, now + 3 * kDay, kRoadsHandler, now);
  expectRefused(r, Code::kConflict, "没有说明具体措施：请写明做了什么、由谁负责、何时完成",
                "say what was or will be done, by whom and by when");
  // A handler's own reason does not let it through: only a supervisor may vouch for it.
  in.override_reason = "我觉得可以";
  expectRefused(reply(accepted(), in, now + 3 * kDay, kRoadsHandler, now), Code::kConflict, "套话",
                "boilerplate");
}

TEST(Reply, SupervisorOverrideNeedsAReasonAndIsRecorded) {
  const int64_t now = kT0 + 2 * kDay;
  auto in = goodReply();
  in.formulaic = true;
  auto no_reason = reply(accepted(), in, now + 3 * kDay, kSupervisor, now);
  expectRefused(no_reason, Code::kConflict, "必须填写理由", "needs a reason");
  EXPECT_EQ(no_reason.status().field(), "override_reason");

  in.override_reason = "答复已含具体措施，检测为误判";
  auto r = reply(accepted(), in, now + 3 * kDay, kSupervisor, now);
  ASSERT_TRUE(r) << r.status().message();
  EXPECT_EQ(r->after.state, State::kReplied);
  EXPECT_TRUE(r->after.reply->formulaic_override);
  EXPECT_EQ(r->after.reply->override_reason, "答复已含具体措施，检测为误判");
  ASSERT_EQ(r->events.size(), 2u);
  EXPECT_EQ(r->events[0].type, "appeal.replied");
  EXPECT_EQ(r->events[0].payload["formulaic_override"], true);
  EXPECT_EQ(r->events[1].type, "appeal.formulaic_override");
  EXPECT_EQ(r->events[1].payload["by_user"], 900);
  EXPECT_EQ(r->events[1].payload["reason"], "答复已含具体措施，检测为误判");

  auto by_admin = reply(accepted(), in, now + 3 * kDay, kAdmin, now);
  ASSERT_TRUE(by_admin);
  EXPECT_EQ(by_admin->events.size(), 2u);
}

TEST(Reply, AReasonWithoutAFlagIsNotAnOverride) {
  const int64_t now = kT0 + 2 * kDay;
  auto in = goodReply();
  in.override_reason = "无";
  auto r = reply(accepted(), in, now + 3 * kDay, kSupervisor, now);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->after.reply->formulaic_override);
  EXPECT_EQ(r->after.reply->override_reason, "");
  EXPECT_EQ(r->events.size(), 1u);
}

// ---- transfer ----------------------------------------------------------------------------------

TEST(Transfer, MovesTheCaseWithItsReasonAndKeepsTheClock) {
  auto r = transfer(accepted(), kWater, "供水管线属水务局管辖", kRoadsHandler, kT0 + 3 * kHour);
  ASSERT_TRUE(r) << r.status().message();
  const Appeal& a = r->after;
  EXPECT_EQ(a.state, State::kAssigned);
  EXPECT_EQ(a.department_id, kWater);
  EXPECT_FALSE(a.handler_id.has_value());
  EXPECT_FALSE(a.accepted_at.has_value());  // the receiving department must respond itself
  EXPECT_EQ(a.transfers, 1);
  EXPECT_EQ(a.response_due, kT0 + kDay);  // no fresh start for passing the case on
  EXPECT_EQ(a.resolution_due, kT0 + 5 * kDay);
  ASSERT_EQ(r->events.size(), 1u);
  EXPECT_EQ(r->events[0].type, "appeal.transferred");
  EXPECT_EQ(r->events[0].payload["from_department_id"], kRoads);
  EXPECT_EQ(r->events[0].payload["to_department_id"], kWater);
  EXPECT_EQ(r->events[0].payload["reason"], "供水管线属水务局管辖");
  EXPECT_EQ(r->events[0].payload["transfers"], 1);

  // The new department now owns it; the old one no longer may act.
  EXPECT_TRUE(accept(a, kWaterHandler, kT0 + 4 * kHour));
  EXPECT_EQ(accept(a, kRoadsHandler, kT0 + 4 * kHour).status().code(), Code::kForbidden);
}

TEST(Transfer, FromAssignedToo) {
  auto r = transfer(assigned(), kWater, "不属本部门职责", kRoadsHandler, kT0 + kHour);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->after.transfers, 1);
}

TEST(Transfer, ThirdTransferIsRefused) {
  auto once = transfer(accepted(), kWater, "管线属水务局", kRoadsHandler, kT0 + 3 * kHour);
  ASSERT_TRUE(once);
  auto twice = transfer(once->after, kHousing, "小区内管线属物业，由住建局督促", kWaterHandler, kT0 + 4 * kHour);
  ASSERT_TRUE(twice) << twice.status().message();
  EXPECT_EQ(twice->after.transfers, 2);
  const Actor housing = handler(301, kHousing);
  auto third = transfer(twice->after, kRoads, "路灯属城管局", housing, kT0 + 5 * kHour);
  ASSERT_FALSE(third);
  EXPECT_EQ(third.status().code(), Code::kConflict);
  EXPECT_EQ(third.status().message(),
            "该诉求已转办 2 次，按首问负责制只能由督查人员指派 / This case was transferred 2 times; only a supervisor "
            "may assign it now");
  // Even a supervisor must assign (and so make it final) rather than transfer a third time.
  EXPECT_EQ(transfer(twice->after, kRoads, "x", kSupervisor, kT0).status().code(), Code::kConflict);
}

TEST(Transfer, InputRefusals) {
  auto no_reason = transfer(accepted(), kWater, " \n", kRoadsHandler, kT0);
  expectRefused(no_reason, Code::kInvalid, "转办理由", "A reason for the transfer is required");
  EXPECT_EQ(no_reason.status().field(), "reason");
  auto same = transfer(accepted(), kRoads, "换个人办", kRoadsHandler, kT0);
  expectRefused(same, Code::kInvalid, "不能转办给本部门", "cannot be transferred to the department that already has it");
  EXPECT_EQ(same.status().field(), "department");
  auto none = transfer(accepted(), 0, "不属本部门", kRoadsHandler, kT0);
  expectRefused(none, Code::kInvalid, "接收部门", "receiving department is required");
}

TEST(Transfer, StateAndActorRefusals) {
  expectRefused(transfer(received(), kWater, "理由", kSupervisor, kT0), Code::kConflict, "尚未分派", "cannot transfer");
  expectRefused(transfer(replied(), kWater, "理由", kRoadsHandler, kT0), Code::kConflict, "已答复", "cannot transfer");
  expectRefused(transfer(accepted(), kHousing, "理由", kWaterHandler, kT0), Code::kForbidden, "承办人只能转办本部门",
                "Handlers may transfer only cases");
  expectRefused(transfer(accepted(), kWater, "理由", kClerk, kT0), Code::kForbidden, "不能转办", "cannot transfer a case");
}

// ---- supervisor assignment ---------------------------------------------------------------------

TEST(SupervisorAssign, IsFinalAndEndsTransfers) {
  auto twice = transfer(transfer(accepted(), kWater, "管线", kRoadsHandler, kT0)->after, kHousing, "物业",
                        kWaterHandler, kT0)
                   ->after;
  auto r = supervisorAssign(twice, kRoads, 101, "路灯归城管局，首问部门负责到底", kSupervisor, kT0 + kDay);
  ASSERT_TRUE(r) << r.status().message();
  EXPECT_EQ(r->after.state, State::kAssigned);
  EXPECT_EQ(r->after.department_id, kRoads);
  EXPECT_EQ(r->after.handler_id, 101);
  EXPECT_TRUE(r->after.assignment_final);
  EXPECT_EQ(r->after.transfers, 2);
  ASSERT_EQ(r->events.size(), 1u);
  EXPECT_EQ(r->events[0].type, "appeal.assigned");
  EXPECT_EQ(r->events[0].payload["from_department_id"], kHousing);
  EXPECT_EQ(r->events[0].payload["department_id"], kRoads);
  EXPECT_EQ(r->events[0].payload["handler_id"], 101);
  EXPECT_EQ(r->events[0].payload["reason"], "路灯归城管局，首问部门负责到底");
  EXPECT_EQ(r->events[0].payload["final"], true);

  auto acc = accept(r->after, kRoadsHandler, kT0 + kDay + kHour);
  ASSERT_TRUE(acc);
  auto refused = transfer(acc->after, kWater, "还是不归我们", kRoadsHandler, kT0 + kDay + 2 * kHour);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.status().code(), Code::kConflict);
  EXPECT_EQ(refused.status().message(),
            "该诉求已由督查人员最终指派，不能再转办 / A supervisor assigned this case for good; it cannot be transferred");
}

TEST(SupervisorAssign, FinalEvenBeforeAnyTransfer) {
  auto r = supervisorAssign(received(), kWater, std::nullopt, "重大民生问题，督查直接指派", kAdmin, kT0);
  ASSERT_TRUE(r) << r.status().message();
  EXPECT_TRUE(r->after.assignment_final);
  EXPECT_EQ(transfer(r->after, kRoads, "理由", kWaterHandler, kT0).status().code(), Code::kConflict);
}

TEST(SupervisorAssign, Refusals) {
  expectRefused(supervisorAssign(accepted(), kWater, 201, "理由", kRoadsHandler, kT0), Code::kForbidden,
                "只有督查人员或管理员可以最终指派", "Only a supervisor or an admin may assign a case for good");
  expectRefused(supervisorAssign(replied(), kWater, 201, "理由", kSupervisor, kT0), Code::kConflict, "已答复",
                "cannot assign");
  auto no_reason = supervisorAssign(accepted(), kWater, 201, "", kSupervisor, kT0);
  expectRefused(no_reason, Code::kInvalid, "指派理由", "A reason for the assignment is required");
  EXPECT_EQ(no_reason.status().field(), "reason");
  auto no_dept = supervisorAssign(accepted(), 0, 201, "理由", kSupervisor, kT0);
  EXPECT_EQ(no_dept.status().field(), "department");
}

// ---- manual escalation -------------------------------------------------------------------------

TEST(Escalate, ToTheHeadThenTheSupervisorThenNoFurther) {
  auto one = escalate(accepted(), "涉及多部门，需局领导协调", kRoadsHandler, kT0 + kDay);
  ASSERT_TRUE(one) << one.status().message();
  EXPECT_EQ(one->after.escalation_level, 1);
  EXPECT_EQ(one->after.state, State::kAccepted);
  ASSERT_EQ(one->events.size(), 1u);
  EXPECT_EQ(one->events[0].type, "appeal.escalated");
  EXPECT_EQ(one->events[0].payload["trigger"], "manual");
  EXPECT_EQ(one->events[0].payload["from_level"], 0);
  EXPECT_EQ(one->events[0].payload["to_level"], 1);
  EXPECT_EQ(one->events[0].payload["to"], "department_head");
  EXPECT_EQ(one->events[0].payload["reason"], "涉及多部门，需局领导协调");
  EXPECT_EQ(one->events[0].payload["by_user"], 101);

  auto two = escalate(one->after, "局领导协调无果", kSupervisor, kT0 + 2 * kDay);
  ASSERT_TRUE(two);
  EXPECT_EQ(two->after.escalation_level, 2);
  EXPECT_EQ(two->events[0].payload["to"], "supervisor");

  expectRefused(escalate(two->after, "再升级", kSupervisor, kT0), Code::kConflict, "已升级到督查人员",
                "already with the supervisor");
}

TEST(Escalate, TheSystemMayEscalateWithoutAUser) {
  auto r = escalate(assigned(), "接诉即办：涉及群众安全", kSystem, kT0);
  ASSERT_TRUE(r) << r.status().message();
  EXPECT_EQ(r->after.escalation_level, 1);
  EXPECT_FALSE(r->events[0].payload.contains("by_user"));
}

TEST(Escalate, Refusals) {
  auto no_reason = escalate(accepted(), "", kRoadsHandler, kT0);
  expectRefused(no_reason, Code::kInvalid, "升级理由", "A reason for the escalation is required");
  EXPECT_EQ(no_reason.status().field(), "reason");
  expectRefused(escalate(accepted(), "理由", kWaterHandler, kT0), Code::kForbidden, "承办人只能升级本部门",
                "Handlers may escalate only cases");
  expectRefused(escalate(accepted(), "理由", kOperator, kT0), Code::kForbidden, "只负责登记诉求", "cannot escalate");
  auto closed = verdict(replied(), true, Rating::kVerySatisfied, "", 0, kCitizen, kT0 + 3 * kDay)->after;
  expectRefused(escalate(closed, "理由", kSupervisor, kT0), Code::kConflict, "已办结，不能升级",
                "This case is closed; it cannot escalate it now");
}

// ---- deadlines ---------------------------------------------------------------------------------

TEST(CheckDeadlines, NothingBeforeADeadlinePasses) {
  EXPECT_FALSE(checkDeadlines(assigned(), kT0 + kDay));  // exactly at the deadline is still on time
  EXPECT_FALSE(checkDeadlines(accepted(), kT0 + 5 * kDay));
}

TEST(CheckDeadlines, MissedResponseGoesToTheHeadOnceOnly) {
  const Appeal a = assigned();
  auto c = checkDeadlines(a, kT0 + kDay + 1);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->after.escalation_level, 1);
  EXPECT_EQ(c->after.state, State::kAssigned);
  ASSERT_EQ(c->events.size(), 1u);
  EXPECT_EQ(c->events[0].type, "appeal.escalated");
  EXPECT_EQ(c->events[0].payload["trigger"], "deadline");
  EXPECT_EQ(c->events[0].payload["deadline"], "response");
  EXPECT_EQ(c->events[0].payload["due"], kT0 + kDay);
  EXPECT_EQ(c->events[0].payload["from_level"], 0);
  EXPECT_EQ(c->events[0].payload["to_level"], 1);
  EXPECT_EQ(c->events[0].payload["to"], "department_head");

  // Idempotent: the sweep may run every minute; the record already says level 1.
  EXPECT_FALSE(checkDeadlines(c->after, kT0 + kDay + 2));
  EXPECT_FALSE(checkDeadlines(c->after, kT0 + 4 * kDay));

  // A late acceptance does not bring the level down, nor up.
  auto acc = accept(c->after, kRoadsHandler, kT0 + 2 * kDay);
  ASSERT_TRUE(acc);
  EXPECT_EQ(acc->after.escalation_level, 1);
  EXPECT_FALSE(checkDeadlines(acc->after, kT0 + 3 * kDay));

  // Then the resolution deadline passes: the next level, the supervisor, once.
  auto c2 = checkDeadlines(acc->after, kT0 + 5 * kDay + 1);
  ASSERT_TRUE(c2);
  EXPECT_EQ(c2->after.escalation_level, 2);
  ASSERT_EQ(c2->events.size(), 1u);
  EXPECT_EQ(c2->events[0].payload["deadline"], "resolution");
  EXPECT_EQ(c2->events[0].payload["due"], kT0 + 5 * kDay);
  EXPECT_EQ(c2->events[0].payload["to"], "supervisor");
  EXPECT_FALSE(checkDeadlines(c2->after, kT0 + 9 * kDay));
}

TEST(CheckDeadlines, OnTimeResponseThenMissedResolutionGoesToTheHead) {
  auto c = checkDeadlines(accepted(), kT0 + 5 * kDay + 1);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->after.escalation_level, 1);
  ASSERT_EQ(c->events.size(), 1u);
  EXPECT_EQ(c->events[0].payload["deadline"], "resolution");
  EXPECT_FALSE(checkDeadlines(c->after, kT0 + 6 * kDay));
}

TEST(CheckDeadlines, BothMissedAtOnceRaiseTwoLevelsInOneSweep) {
  auto c = checkDeadlines(assigned(), kT0 + 6 * kDay);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->after.escalation_level, 2);
  ASSERT_EQ(c->events.size(), 2u);
  EXPECT_EQ(c->events[0].payload["deadline"], "response");
  EXPECT_EQ(c->events[0].payload["to_level"], 1);
  EXPECT_EQ(c->events[1].payload["deadline"], "resolution");
  EXPECT_EQ(c->events[1].payload["to_level"], 2);
  EXPECT_FALSE(checkDeadlines(c->after, kT0 + 7 * kDay));
}

TEST(CheckDeadlines, LateAcceptanceAloneIsNotEscalatedAfterTheFactButCountsLater) {
  auto late = accept(assigned(), kRoadsHandler, kT0 + 2 * kDay)->after;  // sweep never saw it unaccepted
  EXPECT_FALSE(checkDeadlines(late, kT0 + 3 * kDay));
  auto c = checkDeadlines(late, kT0 + 5 * kDay + 1);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->after.escalation_level, 2);  // same outcome as if the sweep had run in time
  ASSERT_EQ(c->events.size(), 2u);
  EXPECT_EQ(c->events[0].payload["deadline"], "response");
  EXPECT_EQ(c->events[1].payload["deadline"], "resolution");
}

TEST(CheckDeadlines, ManualEscalationCountsTowardsTheLevel) {
  auto manual = escalate(assigned(), "群众反映强烈", kRoadsHandler, kT0 + kHour)->after;
  EXPECT_FALSE(checkDeadlines(manual, kT0 + kDay + 1));  // already with the head
  auto c = checkDeadlines(manual, kT0 + 5 * kDay + 1);
  ASSERT_TRUE(c);
  ASSERT_EQ(c->events.size(), 1u);
  EXPECT_EQ(c->events[0].payload["deadline"], "resolution");
  EXPECT_EQ(c->events[0].payload["from_level"], 1);
}

TEST(CheckDeadlines, RepliedAndClosedCasesAreNotEscalated) {
  EXPECT_FALSE(checkDeadlines(replied(), kT0 + 30 * kDay));
  auto closed = expireConfirmation(replied(), kT0 + 4 * kDay)->after;
  EXPECT_FALSE(checkDeadlines(closed, kT0 + 30 * kDay));
}

TEST(CheckDeadlines, ALateReplySentBackStillCountsWhenTheNewDeadlinePasses) {
  // Accepted on time, replied a day after its resolution deadline (the sweep took it to the head).
  auto late = checkDeadlines(accepted(), kT0 + 5 * kDay + 1)->after;
  ASSERT_EQ(late.escalation_level, 1);
  auto in = goodReply();
  in.due = kT0 + 7 * kDay;
  auto replied_late = reply(late, in, kT0 + 9 * kDay, kRoadsHandler, kT0 + 6 * kDay);
  ASSERT_TRUE(replied_late) << replied_late.status().message();
  // The citizen says it is not resolved: a new round with a new deadline.
  const int64_t now = kT0 + 7 * kDay;
  auto reopened = verdict(replied_late->after, false, Rating::kSatisfied, "没修好", now + 5 * kDay, kCitizen, now);
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->after.missed_deadlines, 1);
  EXPECT_FALSE(checkDeadlines(reopened->after, now + 4 * kDay));  // the new deadline has not passed
  // The new deadline passes too: the second missed resolution deadline goes to the supervisor.
  auto c = checkDeadlines(reopened->after, now + 5 * kDay + 1);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->after.escalation_level, 2);
  ASSERT_EQ(c->events.size(), 1u);
  EXPECT_EQ(c->events[0].payload["deadline"], "resolution");
  EXPECT_EQ(c->events[0].payload["to"], "supervisor");
}

TEST(CheckDeadlines, AnOnTimeReplySentBackDoesNotCountAsMissed) {
  const int64_t now = kT0 + 3 * kDay;
  auto reopened = verdict(replied(), false, Rating::kSatisfied, "没修好", now + 5 * kDay, kCitizen, now);
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->after.missed_deadlines, 0);
  auto c = checkDeadlines(reopened->after, now + 5 * kDay + 1);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->after.escalation_level, 1);  // one missed deadline: the department head
}

// ---- the citizen's verdict ---------------------------------------------------------------------

TEST(Verdict, ResolvedAndSatisfiedCloses) {
  auto r = verdict(replied(), true, Rating::kSatisfied, "路灯已亮，谢谢", 0, kCitizen, kT0 + 2 * kDay + kHour);
  ASSERT_TRUE(r) << r.status().message();
  const Appeal& a = r->after;
  EXPECT_EQ(a.state, State::kClosed);
  EXPECT_EQ(a.close_reason, "verdict");
  EXPECT_EQ(a.closed_at, kT0 + 2 * kDay + kHour);
  EXPECT_EQ(a.resolved, true);
  EXPECT_EQ(a.rating, Rating::kSatisfied);
  EXPECT_EQ(a.verdict_comment, "路灯已亮，谢谢");
  ASSERT_EQ(r->events.size(), 1u);
  EXPECT_EQ(r->events[0].type, "appeal.closed");
  EXPECT_EQ(r->events[0].payload["reason"], "verdict");
  EXPECT_EQ(r->events[0].payload["resolved"], true);
  EXPECT_EQ(r->events[0].payload["rating"], "satisfied");
  EXPECT_EQ(r->events[0].payload["rating_label"], "满意");
  EXPECT_EQ(r->events[0].payload["comment"], "路灯已亮，谢谢");
}

TEST(Verdict, BasicallySatisfiedIsEnoughToClose) {
  auto r = verdict(replied(), true, Rating::kBasicallySatisfied, "", 0, kCitizen, kT0 + 3 * kDay);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->after.state, State::kClosed);
}

TEST(Verdict, BeforeAReplyIsRefused) {
  for (const Appeal& a : {received(), assigned(), accepted()}) {
    auto r = verdict(a, true, Rating::kVerySatisfied, "", 0, kCitizen, kT0 + kDay);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.status().code(), Code::kConflict);
    EXPECT_EQ(r.status().message(), "您还没有收到答复，暂不能评价 / You have not received a reply yet, so there is nothing to rate");
  }
}

TEST(Verdict, SecondVerdictIsRefused) {
  auto closed = verdict(replied(), true, Rating::kSatisfied, "", 0, kCitizen, kT0 + 3 * kDay)->after;
  auto again = verdict(closed, false, Rating::kVeryDissatisfied, "再评一次", kT0 + 9 * kDay, kCitizen, kT0 + 4 * kDay);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.status().code(), Code::kConflict);
  EXPECT_EQ(again.status().message(), "您已评价过，该诉求已办结 / You have already given your verdict and the case is closed");
}

TEST(Verdict, OnlyTheCitizen) {
  for (const Actor& staff : {kRoadsHandler, kSupervisor, kAdmin, kOperator, kSystem}) {
    expectRefused(verdict(replied(), true, Rating::kVerySatisfied, "", 0, staff, kT0 + 3 * kDay), Code::kForbidden,
                  "评价只能由诉求人本人提交", "Only the citizen who raised the appeal can give the verdict");
  }
}

TEST(Verdict, NotResolvedReopensWithANewDeadlineAndKeepsTheRejectedReplyInTheEvent) {
  const int64_t now = kT0 + 3 * kDay;
  auto r = verdict(replied(), false, Rating::kBasicallySatisfied, "灯亮了两天又坏了", now + 5 * kDay, kCitizen, now);
  ASSERT_TRUE(r) << r.status().message();
  const Appeal& a = r->after;
  EXPECT_EQ(a.state, State::kAccepted);
  EXPECT_EQ(a.reopen_count, 1);
  EXPECT_EQ(a.resolution_due, now + 5 * kDay);
  EXPECT_FALSE(a.reply.has_value());
  EXPECT_FALSE(a.replied_at.has_value());
  EXPECT_FALSE(a.closed_at.has_value());
  EXPECT_EQ(a.escalation_level, 0);  // the first reopen alone does not escalate
  EXPECT_EQ(a.resolved, false);
  EXPECT_EQ(a.handler_id, 101);  // back to the same owner
  ASSERT_EQ(r->events.size(), 1u);  // basically satisfied: no rectification
  const auto& p = r->events[0].payload;
  EXPECT_EQ(r->events[0].type, "appeal.reopened");
  EXPECT_EQ(p["resolved"], false);
  EXPECT_EQ(p["rating"], "basically_satisfied");
  EXPECT_EQ(p["comment"], "灯亮了两天又坏了");
  EXPECT_EQ(p["reopen_count"], 1);
  EXPECT_EQ(p["resolution_due"], now + 5 * kDay);
  EXPECT_EQ(p["rejected_reply"]["action"], "更换幸福路 12 号路灯线路");
  EXPECT_EQ(p["rejected_reply"]["responsible"], "城管局照明所 王工");
  EXPECT_EQ(p["rejected_reply"]["due"], kT0 + 4 * kDay);

  // The handler must reply again, with a concrete action, before the citizen can close it.
  auto second_reply = goodReply();
  second_reply.due = now + 3 * kDay;
  auto again = reply(a, second_reply, now + kDay + 3 * kDay, kRoadsHandler, now + kDay);
  ASSERT_TRUE(again) << again.status().message();
  EXPECT_EQ(again->after.state, State::kReplied);
}

TEST(Verdict, DissatisfiedOpensARectification) {
  const int64_t now = kT0 + 3 * kDay;
  auto r = verdict(replied(), true, Rating::kDissatisfied, "态度差", now + 5 * kDay, kCitizen, now);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->after.state, State::kAccepted);  // resolved but dissatisfied still reopens
  EXPECT_EQ(r->after.reopen_count, 1);
  ASSERT_EQ(r->events.size(), 2u);
  EXPECT_EQ(r->events[0].type, "appeal.reopened");
  EXPECT_EQ(r->events[1].type, "appeal.rectification_opened");
  EXPECT_EQ(r->events[1].payload["rating"], "dissatisfied");
  EXPECT_EQ(r->events[1].payload["rating_label"], "不满意");
  EXPECT_EQ(r->events[1].payload["department_id"], kRoads);
  EXPECT_EQ(r->events[1].payload["handler_id"], 101);

  auto worst = verdict(replied(), false, Rating::kVeryDissatisfied, "", now + 5 * kDay, kCitizen, now);
  ASSERT_TRUE(worst);
  ASSERT_EQ(worst->events.size(), 2u);
  EXPECT_EQ(worst->events[1].payload["rating"], "very_dissatisfied");
}

TEST(Verdict, SecondReopenEscalatesToTheSupervisor) {
  int64_t now = kT0 + 3 * kDay;
  auto first = verdict(replied(), false, Rating::kSatisfied, "没修好", now + 5 * kDay, kCitizen, now);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->after.escalation_level, 0);
  now += kDay;
  auto in = goodReply();
  in.due = now + 2 * kDay;
  auto replied_again = reply(first->after, in, now + 3 * kDay, kRoadsHandler, now);
  ASSERT_TRUE(replied_again) << replied_again.status().message();
  now += kHour;
  auto second = verdict(replied_again->after, false, Rating::kSatisfied, "还是没修好", now + 5 * kDay, kCitizen, now);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->after.reopen_count, 2);
  EXPECT_EQ(second->after.escalation_level, 2);
  ASSERT_EQ(second->events.size(), 2u);
  EXPECT_EQ(second->events[0].type, "appeal.reopened");
  EXPECT_EQ(second->events[1].type, "appeal.escalated");
  EXPECT_EQ(second->events[1].payload["trigger"], "reopen");
  EXPECT_EQ(second->events[1].payload["reopen_count"], 2);
  EXPECT_EQ(second->events[1].payload["from_level"], 0);
  EXPECT_EQ(second->events[1].payload["to_level"], 2);
  EXPECT_EQ(second->events[1].payload["to"], "supervisor");
}

TEST(Verdict, SecondReopenAtTheSupervisorAlreadyAddsNoEscalation) {
  Appeal a = replied();
  a.reopen_count = 1;
  a.escalation_level = 2;
  auto r = verdict(a, false, Rating::kSatisfied, "", kT0 + 9 * kDay, kCitizen, kT0 + 3 * kDay);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->after.escalation_level, 2);
  ASSERT_EQ(r->events.size(), 1u);
  EXPECT_EQ(r->events[0].type, "appeal.reopened");
}

// ---- confirmation window -----------------------------------------------------------------------

TEST(ExpireConfirmation, SilenceClosesAsUnconfirmedNeverAsSatisfied) {
  const Appeal a = replied();  // confirm_due = kT0 + 3 days
  EXPECT_FALSE(expireConfirmation(a, kT0 + 3 * kDay));
  auto c = expireConfirmation(a, kT0 + 3 * kDay + 1);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->after.state, State::kClosed);
  EXPECT_EQ(c->after.close_reason, "unconfirmed");
  EXPECT_EQ(c->after.closed_at, kT0 + 3 * kDay + 1);
  EXPECT_FALSE(c->after.resolved.has_value());
  EXPECT_FALSE(c->after.rating.has_value());
  ASSERT_EQ(c->events.size(), 1u);
  EXPECT_EQ(c->events[0].type, "appeal.closed");
  EXPECT_EQ(c->events[0].payload["reason"], "unconfirmed");
  EXPECT_EQ(c->events[0].payload["confirm_due"], kT0 + 3 * kDay);
  EXPECT_FALSE(c->events[0].payload.contains("resolved"));
  EXPECT_FALSE(c->events[0].payload.contains("rating"));

  EXPECT_FALSE(expireConfirmation(c->after, kT0 + 30 * kDay));  // once only
  auto late = verdict(c->after, true, Rating::kVerySatisfied, "", 0, kCitizen, kT0 + 4 * kDay);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.status().code(), Code::kConflict);
  EXPECT_TRUE(contains(late.status().message(), "按未确认办结"));
}

TEST(ExpireConfirmation, AnEarlierReopeningVerdictIsNotLeftOnTheClosedCase) {
  const int64_t now = kT0 + 3 * kDay;
  auto reopened = verdict(replied(), false, Rating::kSatisfied, "没修好", now + 5 * kDay, kCitizen, now)->after;
  auto again = reply(reopened, goodReply(), now + 4 * kDay, kRoadsHandler, now + kHour)->after;
  auto c = expireConfirmation(again, now + 4 * kDay + 1);
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->after.resolved.has_value());
  EXPECT_FALSE(c->after.rating.has_value());
  EXPECT_EQ(c->after.verdict_comment, "");
}

TEST(ExpireConfirmation, OnlyRepliedCases) {
  EXPECT_FALSE(expireConfirmation(accepted(), kT0 + 30 * kDay));
  EXPECT_FALSE(expireConfirmation(assigned(), kT0 + 30 * kDay));
}

// ---- the whole walk: events, and no phone number anywhere ------------------------------------

TEST(Lifecycle, EveryStepEmitsEventsAndNoneCarriesThePhoneNumber) {
  Appeal a = received();
  std::vector<EventSpec> all;
  auto step = [&](Result<Change> r) {
    ASSERT_TRUE(r) << r.status().message();
    ASSERT_FALSE(r->events.empty());
    for (auto& e : r->events) all.push_back(e);
    a = r->after;
  };
  step(route(a, kRoads, 102, BackupRouting{101, "break"}, kSystem, kT0));
  step(accept(a, kRoadsColleague, kT0 + kHour));
  step(transfer(a, kWater, std::string("已电话联系诉求人 ") + kPhone + "，确认是水管问题", kRoadsColleague, kT0 + 2 * kHour));
  step(accept(a, kWaterHandler, kT0 + 3 * kHour));
  step(escalate(a, "需协调", kWaterHandler, kT0 + 4 * kHour));
  auto in = goodReply();
  in.text = std::string("已回电 ") + kPhone + " 告知处理进展";
  in.formulaic = true;
  in.override_reason = "已核实";
  step(reply(a, in, kT0 + 3 * kDay, kSupervisor, kT0 + kDay));
  step(verdict(a, false, Rating::kVeryDissatisfied, std::string("请打 ") + kPhone, kT0 + 6 * kDay, kCitizen, kT0 + 2 * kDay));
  in.formulaic = false;
  step(reply(a, in, kT0 + 5 * kDay, kWaterHandler, kT0 + 3 * kDay));
  step(verdict(a, true, Rating::kVerySatisfied, "", 0, kCitizen, kT0 + 4 * kDay));
  EXPECT_EQ(a.state, State::kClosed);

  ASSERT_EQ(all.size(), 11u);
  for (const auto& e : all) {
    EXPECT_EQ(e.type.rfind("appeal.", 0), 0u) << e.type;
    EXPECT_FALSE(contains(e.payload.dump(), kPhone)) << e.type << " " << e.payload.dump();
  }
  EXPECT_EQ(all[2].payload["reason"], "已电话联系诉求人 138****5678，确认是水管问题");
  // The record itself keeps the staff's and the citizen's words as written.
  EXPECT_EQ(a.reply->text, std::string("已回电 ") + kPhone + " 告知处理进展");
}

TEST(TimelineLabel, ChineseLabelsForTheCitizen) {
  EXPECT_EQ(timelineLabel("appeal.routed"), "已分派");
  EXPECT_EQ(timelineLabel("appeal.accepted"), "已受理");
  EXPECT_EQ(timelineLabel("appeal.replied"), "已答复");
  EXPECT_EQ(timelineLabel("appeal.transferred"), "已转办");
  EXPECT_EQ(timelineLabel("appeal.assigned"), "督查指派");
  EXPECT_EQ(timelineLabel("appeal.escalated"), "已升级督办");
  EXPECT_EQ(timelineLabel("appeal.reopened"), "重新办理");
  EXPECT_EQ(timelineLabel("appeal.closed"), "已办结");
  EXPECT_EQ(timelineLabel("appeal.formulaic_override"), "督查审核放行");
  EXPECT_EQ(timelineLabel("appeal.rectification_opened"), "已启动整改");
  EXPECT_EQ(timelineLabel("appeal.something_new"), "办理进展");
}
