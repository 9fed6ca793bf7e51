// The hall ticket's lifecycle (hall/ticket_lifecycle): each command's change and event, and the
// refusals a clerk or holder sees; and the one wait estimate the dispatcher and the live hall's
// snapshot share (a redirected ticket's wait is the same from both).
#include <gtest/gtest.h>

#include "hall/dispatcher.h"
#include "hall/ticket_lifecycle.h"

using namespace onedoor;
using namespace onedoor::hall;

namespace {

TicketFacts waiting(std::string service = "A") {
  TicketFacts t;
  t.number = "A001";
  t.service = std::move(service);
  return t;
}

TicketChange ok(const TicketFacts* t, const TicketCommand& cmd, int64_t now = 1000) {
  auto r = apply(t, cmd, now);
  EXPECT_TRUE(r) << r.status().message();
  return r ? *r : TicketChange{};
}

}  // namespace

TEST(TicketLifecycle, StatusNamesRoundTrip) {
  for (auto s : {TicketStatus::kWaiting, TicketStatus::kCalled, TicketStatus::kServing, TicketStatus::kFinished,
                 TicketStatus::kNoShow, TicketStatus::kCancelled})
    EXPECT_EQ(parseStatus(statusName(s)), s);
  EXPECT_FALSE(parseStatus("gone"));
  EXPECT_TRUE(isLive(TicketStatus::kServing));
  EXPECT_FALSE(isLive(TicketStatus::kFinished));
}

TEST(TicketLifecycle, CallStartFinish) {
  TicketFacts t = waiting();
  TicketChange called = ok(&t, {.kind = TicketCmd::kCall, .window_id = 7}, 100);
  EXPECT_EQ(called.after.status, TicketStatus::kCalled);
  EXPECT_EQ(called.after.window_id, 7);
  EXPECT_EQ(called.after.called_at, 100);
  EXPECT_EQ(called.event_type, "ticket.called");
  EXPECT_EQ(called.requeue, Requeue::kCalled);
  TicketChange started = ok(&called.after, {.kind = TicketCmd::kStart}, 200);
  EXPECT_EQ(started.after.status, TicketStatus::kServing);
  EXPECT_EQ(started.after.started_at, 200);
  TicketChange done = ok(&started.after, {.kind = TicketCmd::kFinish}, 300);
  EXPECT_EQ(done.after.status, TicketStatus::kFinished);
  EXPECT_EQ(done.after.finished_at, 300);
  EXPECT_EQ(done.requeue, Requeue::kDone);
  EXPECT_EQ(done.message_type, "ticket_finished");
}

TEST(TicketLifecycle, FinishWithServicesLeftWaitsForTheNextService) {
  TicketFacts t = waiting();
  t.services_left = {"B", "C"};
  t.status = TicketStatus::kServing;
  t.window_id = 3;
  t.called_at = 10;
  t.started_at = 20;
  t.recalls = 2;
  t.notified = true;
  TicketChange c = ok(&t, {.kind = TicketCmd::kFinish});
  EXPECT_EQ(c.after.status, TicketStatus::kWaiting);
  EXPECT_EQ(c.after.service, "B");
  EXPECT_EQ(c.after.services_left, std::vector<std::string>{"C"});
  EXPECT_FALSE(c.after.window_id || c.after.called_at || c.after.started_at);
  EXPECT_EQ(c.after.recalls, 0);
  EXPECT_FALSE(c.after.notified);
  EXPECT_EQ(c.payload["next_service"], "B");
  EXPECT_EQ(c.requeue, Requeue::kNextService);
}

TEST(TicketLifecycle, NoShowOnlyAfterTheHallsRecalls) {
  TicketFacts t = waiting();
  t.status = TicketStatus::kCalled;
  auto early = apply(&t, {.kind = TicketCmd::kNoShow, .no_show_recalls = 2}, 0);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.status().code(), Code::kConflict);
  EXPECT_EQ(early.status().field(), "recalls");
  for (int i = 0; i < 2; ++i) t = ok(&t, {.kind = TicketCmd::kRecall}).after;
  EXPECT_EQ(t.recalls, 2);
  TicketChange c = ok(&t, {.kind = TicketCmd::kNoShow, .no_show_recalls = 2}, 50);
  EXPECT_EQ(c.after.status, TicketStatus::kNoShow);
  EXPECT_EQ(c.payload["recalls"], 2);
}

TEST(TicketLifecycle, TransferAndRedirectGoBackToWaitingOffTheWindow) {
  TicketFacts t = waiting();
  t.status = TicketStatus::kServing;
  t.window_id = 3;
  TicketChange tr = ok(&t, {.kind = TicketCmd::kTransfer, .service = "D"});
  EXPECT_EQ(tr.after.status, TicketStatus::kWaiting);
  EXPECT_EQ(tr.after.service, "D");
  EXPECT_EQ(tr.payload, (nlohmann::json{{"from", "A"}, {"to", "D"}}));
  TicketChange rd = ok(&t, {.kind = TicketCmd::kRedirect, .window_id = 9, .window_number = 12});
  EXPECT_EQ(rd.after.redirect_window_id, 9);
  EXPECT_FALSE(rd.after.window_id);
  EXPECT_EQ(rd.event_type, "ticket.redirected");
  EXPECT_EQ(rd.message_type, "ticket_transferred");
  EXPECT_EQ(rd.payload["to_window_number"], 12);
}

TEST(TicketLifecycle, RefusalsNameWhatIsWrong) {
  TicketFacts t = waiting();
  // Nothing at the window.
  EXPECT_EQ(apply(nullptr, {.kind = TicketCmd::kRecall}, 0).status().code(), Code::kConflict);
  EXPECT_EQ(apply(nullptr, {.kind = TicketCmd::kTransfer, .service = "B"}, 0).status().code(), Code::kConflict);
  // Wrong state for the command.
  EXPECT_EQ(apply(&t, {.kind = TicketCmd::kStart}, 0).status().code(), Code::kConflict);
  EXPECT_EQ(apply(&t, {.kind = TicketCmd::kFinish}, 0).status().code(), Code::kConflict);
  TicketFacts served = t;
  served.status = TicketStatus::kServing;
  auto cancel = apply(&served, {.kind = TicketCmd::kCancel}, 0);
  EXPECT_EQ(cancel.status().code(), Code::kConflict);
  EXPECT_EQ(cancel.status().field(), "state");
  auto bad = apply(&t, {.kind = TicketCmd::kConfirmPriority, .priority = "vip"}, 0);
  EXPECT_EQ(bad.status().code(), Code::kInvalid);
  TicketChange elderly = ok(&t, {.kind = TicketCmd::kConfirmPriority, .priority = "elderly"});
  EXPECT_EQ(elderly.after.priority, "elderly");
  EXPECT_EQ(elderly.requeue, Requeue::kReordered);
  TicketChange cancelled = ok(&t, {.kind = TicketCmd::kCancel}, 5);
  EXPECT_EQ(cancelled.after.status, TicketStatus::kCancelled);
  EXPECT_EQ(cancelled.payload["number"], "A001");
}

// One wait estimate: Dispatcher::estimateWaitMin and the live snapshot (waitEstimateMin over
// waitingRanks) agree for every waiting ticket, redirected ones included.
TEST(TicketLifecycle, OneWaitEstimateForQueuedAndRedirectedTickets) {
  Dispatcher d({{"A", "A", 10}, {"B", "B", 6}}, defaultPriorityClasses(), Rules{});
  SkillSet both;
  both.add(0);
  both.add(1);
  WindowIdx w0 = d.addWindow("1", both), w1 = d.addWindow("2", both);
  for (WindowIdx w : {w0, w1}) {
    StaffIdx st = d.addStaff("s" + std::to_string(w), both);
    ASSERT_TRUE(d.setPresent(st, true));
    ASSERT_TRUE(d.seat(st, w));
    ASSERT_TRUE(d.setState(w, WindowState::kOpen, 0));
  }
  std::vector<TicketIdx> t;
  for (int i = 0; i < 8; ++i) t.push_back(d.add({static_cast<ServiceIdx>(i % 2), 0, i * 1000, std::nullopt, 0}));
  ASSERT_TRUE(d.callNext(w0, 9000));
  ASSERT_TRUE(d.redirect(t[5], w1, 9000));
  ASSERT_TRUE(d.redirect(t[7], w1, 9001));
  ASSERT_TRUE(d.callNext(w1, 9002));  // takes t[5], the first redirected ticket
  for (const auto& [ti, ahead] : d.waitingRanks()) {
    ServiceIdx s = d.ticket(ti).spec.service;
    auto snap = waitEstimateMin(ahead, d.services()[s].mean_service_min, d.serversFor(s),
                                ahead == 0 && d.idleWindowCanServe(s), d.ticket(ti).pinned != kNoIdx16);
    EXPECT_EQ(d.estimateWaitMin(ti), snap) << "ticket " << ti;
  }
  // t[7] waits for window 2 alone with nobody ahead: no wait beyond the window's current service.
  EXPECT_EQ(d.estimateWaitMin(t[7]), 0.0);
}
