// The hall dispatcher's rules: skills limit what a window calls, priority with aging and the ratio
// rule, the NovoSGA ordering, transfers keep the original arrival, wait estimates, glass doors and
// remedies.
#include <gtest/gtest.h>

#include "hall/dispatcher.h"
#include "hall/remedies.h"

using namespace onedoor::hall;

namespace {

constexpr TimeMs kMin = 60'000;

// Two services (0 = social-security card, 1 = bank card), two windows, three staff.
struct Hall {
  Dispatcher d;
  WindowIdx w_ss, w_bank, w_spare;
  StaffIdx zhang, li, wang;
  explicit Hall(Rules rules = {})
      : d({{"ss", "A", 10}, {"bank", "B", 5}}, defaultPriorityClasses(), rules) {
    w_ss = d.addWindow("1", {0});
    w_bank = d.addWindow("2", {1});
    w_spare = d.addWindow("3", {0, 1});
    zhang = d.addStaff("zhang", {0, 1});
    li = d.addStaff("li", {1});
    wang = d.addStaff("wang", {0, 1});
    for (StaffIdx s : {zhang, li, wang}) EXPECT_TRUE(d.setPresent(s, true).isOk());
    EXPECT_TRUE(d.seat(zhang, w_ss).isOk());
    EXPECT_TRUE(d.seat(li, w_bank).isOk());
    EXPECT_TRUE(d.setState(w_ss, WindowState::kOpen, 0).isOk());
    EXPECT_TRUE(d.setState(w_bank, WindowState::kOpen, 0).isOk());
  }
  TicketIdx add(ServiceIdx s, TimeMs at, uint8_t cls = 0) { return d.add({s, cls, at}); }
};

}  // namespace

TEST(HallDispatcher, WindowCallsOnlyItsSkillsInArrivalOrder) {
  Hall h({Ordering::kFifo});
  TicketIdx b1 = h.add(1, 1 * kMin);
  TicketIdx a1 = h.add(0, 2 * kMin);
  TicketIdx a2 = h.add(0, 3 * kMin);
  EXPECT_EQ(h.d.callNext(h.w_ss, 4 * kMin), a1);
  EXPECT_FALSE(h.d.callNext(h.w_ss, 4 * kMin));  // busy until finished
  ASSERT_TRUE(h.d.finish(h.w_ss, 5 * kMin).isOk());
  EXPECT_EQ(h.d.callNext(h.w_ss, 5 * kMin), a2);
  EXPECT_EQ(h.d.callNext(h.w_bank, 5 * kMin), b1);
  EXPECT_EQ(h.d.waitingTotal(), 0);
}

TEST(HallDispatcher, ReskillStaysWithinTheStaffMembersSkills) {
  Hall h;
  EXPECT_FALSE(h.d.reskill(h.w_bank, {0, 1}).isOk());  // li holds only the bank card
  EXPECT_TRUE(h.d.reskill(h.w_ss, {0, 1}).isOk());
  // A window skilled beyond its clerk never calls the service the clerk lacks.
  Dispatcher d({{"a", "A"}, {"b", "B"}}, {}, {});
  WindowIdx w = d.addWindow("1", {0, 1});
  StaffIdx s = d.addStaff("x", {0});
  ASSERT_TRUE(d.setPresent(s, true).isOk());
  ASSERT_TRUE(d.seat(s, w).isOk());
  ASSERT_TRUE(d.setState(w, WindowState::kOpen, 0).isOk());
  d.add({1, 0, 0});
  EXPECT_FALSE(d.callNext(w, kMin));
  EXPECT_EQ(d.effectiveSkills(w), SkillSet({0}));
}

TEST(HallDispatcher, AgingLetsPriorityGoFirstButNobodyStarves) {
  Hall h({Ordering::kAging});
  TicketIdx normal = h.add(0, 0);
  TicketIdx elderly = h.add(0, 10 * kMin, 1);  // head start 15 min: counts as arrived at -5
  EXPECT_EQ(h.d.callNext(h.w_ss, 11 * kMin), elderly);
  ASSERT_TRUE(h.d.finish(h.w_ss, 12 * kMin).isOk());
  EXPECT_EQ(h.d.callNext(h.w_ss, 12 * kMin), normal);
  ASSERT_TRUE(h.d.finish(h.w_ss, 13 * kMin).isOk());
  // A normal ticket that has waited longer than the head start goes before a new priority one.
  TicketIdx old_normal = h.add(0, 20 * kMin);
  h.add(0, 40 * kMin, 1);
  EXPECT_EQ(h.d.callNext(h.w_ss, 41 * kMin), old_normal);
}

TEST(HallDispatcher, RatioRuleCallsANormalTicketAfterNPriorityCalls) {
  Hall h({Ordering::kOrdered, 2});
  TicketIdx n1 = h.add(0, 0);
  TicketIdx p1 = h.add(0, kMin, 2), p2 = h.add(0, 2 * kMin, 2), p3 = h.add(0, 3 * kMin, 2);
  std::vector<TicketIdx> calls;
  for (int i = 0; i < 4; ++i) {
    auto t = h.d.callNext(h.w_ss, (10 + i) * kMin);
    ASSERT_TRUE(t);
    calls.push_back(*t);
    ASSERT_TRUE(h.d.finish(h.w_ss, (10 + i) * kMin).isOk());
  }
  EXPECT_EQ(calls, (std::vector<TicketIdx>{p1, p2, n1, p3}));
}

TEST(HallDispatcher, OrderedPutsAppointmentsThenWeightThenArrival) {
  Dispatcher d({{"a", "A"}}, defaultPriorityClasses(), {Ordering::kOrdered});
  WindowIdx w = d.addWindow("1", {0});
  StaffIdx s = d.addStaff("x", {0});
  ASSERT_TRUE(d.setPresent(s, true).isOk() && d.seat(s, w).isOk() && d.setState(w, WindowState::kOpen, 0).isOk());
  TicketIdx walk_in = d.add({0, 0, 0});
  TicketIdx military = d.add({0, 4, kMin});
  TicketIdx disabled = d.add({0, 2, 2 * kMin});
  TicketIdx booked_late = d.add({0, 0, 3 * kMin, 30 * kMin});
  TicketIdx booked_early = d.add({0, 0, 4 * kMin, 20 * kMin});
  std::vector<TicketIdx> order;
  for (int i = 0; i < 5; ++i) {
    order.push_back(*d.callNext(w, 50 * kMin));
    ASSERT_TRUE(d.finish(w, 50 * kMin).isOk());
  }
  EXPECT_EQ(order, (std::vector<TicketIdx>{booked_early, booked_late, disabled, military, walk_in}));
}

TEST(HallDispatcher, TransferKeepsTheOriginalArrival) {
  Hall h({Ordering::kFifo});
  TicketIdx early = h.add(0, 0);
  h.add(1, 5 * kMin);
  ASSERT_EQ(h.d.callNext(h.w_ss, 6 * kMin), early);
  ASSERT_TRUE(h.d.transfer(early, 1).isOk());  // wrong service: goes to the bank queue
  ASSERT_TRUE(h.d.finish(h.w_ss, 7 * kMin).isOk());
  EXPECT_EQ(h.d.ticket(early).spec.arrival, 0);
  EXPECT_EQ(h.d.callNext(h.w_bank, 8 * kMin), early);  // ahead of the 5-minute arrival
  EXPECT_EQ(h.d.waiting(1), 1);
}

TEST(HallDispatcher, RefusesUnknownServicesAndClasses) {
  Hall h;
  EXPECT_EQ(h.d.add({7, 0, 0}), kNoTicket);
  EXPECT_EQ(h.d.add({0, 9, 0}), kNoTicket);
  EXPECT_EQ(h.d.waitingTotal(), 0);
  EXPECT_FALSE(h.d.transfer(0, 1).isOk());  // no such ticket
  EXPECT_FALSE(h.d.finish(h.w_ss, 0).isOk());  // nothing called
}

TEST(HallDispatcher, NoOpenWindowIdlesWhileATicketItMayServeWaits) {
  // The caller's contract: call next when a window frees and when a ticket arrives; then the glass
  // door of open windows stays shut.
  Hall h({Ordering::kAging});
  ASSERT_TRUE(h.d.reskill(h.w_ss, {0, 1}).isOk());  // zhang holds both skills
  for (int i = 0; i < 3; ++i) {
    h.add(1, i * kMin);
    for (WindowIdx w : std::vector<WindowIdx>(h.d.idleWindows().begin(), h.d.idleWindows().end())) h.d.callNext(w, i * kMin);
  }
  EXPECT_EQ(h.d.waiting(1), 1);  // two windows busy, one ticket waits
  EXPECT_TRUE(h.d.idleWindows().empty());
  ASSERT_TRUE(h.d.finish(h.w_bank, 5 * kMin).isOk());
  EXPECT_TRUE(h.d.callNext(h.w_bank, 5 * kMin));
  EXPECT_EQ(h.d.waitingTotal(), 0);
}

TEST(HallDispatcher, RemovedTicketsAreSkippedAndNotCounted) {
  Hall h;
  TicketIdx a = h.add(0, 0), b = h.add(0, kMin);
  ASSERT_TRUE(h.d.remove(a).isOk());
  EXPECT_FALSE(h.d.remove(a).isOk());
  EXPECT_EQ(h.d.waiting(0), 1);
  EXPECT_EQ(h.d.aheadOf(b), 0);
  EXPECT_EQ(h.d.callNext(h.w_ss, 2 * kMin), b);
}

TEST(HallDispatcher, WaitEstimateFromPeopleAheadAndServiceRate) {
  Hall h;
  std::vector<TicketIdx> t;
  for (int i = 0; i < 10; ++i) t.push_back(h.add(0, i * kMin));
  ASSERT_TRUE(h.d.callNext(h.w_ss, 10 * kMin));  // t[0] at the window; nine wait
  EXPECT_EQ(h.d.aheadOf(t[9]), 8);
  EXPECT_DOUBLE_EQ(*h.d.estimateWaitMin(t[9]), 9 * 10.0);  // one window, 10 min each
  ASSERT_TRUE(h.d.reskill(h.w_spare, {0}).isOk());
  ASSERT_TRUE(h.d.seat(h.wang, h.w_spare).isOk());
  ASSERT_TRUE(h.d.setState(h.w_spare, WindowState::kOpen, 10 * kMin).isOk());
  EXPECT_DOUBLE_EQ(*h.d.estimateWaitMin(t[9]), 9 * 10.0 / 2);
  EXPECT_FALSE(h.d.predictedWaitMin(0) == std::nullopt);
}

TEST(HallDispatcher, GlassDoorSeesIdleQualifiedWindowsAndShutSpares) {
  Hall h({Ordering::kFifo});
  for (int i = 0; i < 10; ++i) h.add(0, i * kMin);
  ASSERT_TRUE(h.d.callNext(h.w_ss, 10 * kMin));
  // Zhang is busy; li (bank only) is idle but unqualified; wang is free and a spare window is shut.
  EXPECT_EQ(h.d.glassDoorCount(), 1);
  auto doors = h.d.glassDoors();
  ASSERT_EQ(doors.size(), 1u);
  EXPECT_EQ(doors[0].window, h.w_spare);
  EXPECT_EQ(doors[0].staff, h.wang);
  // The remedy names that window and that staff member.
  auto remedies = suggestRemedies(h.d, {.target_min = 15});
  ASSERT_EQ(remedies.size(), 1u);
  EXPECT_EQ(remedies[0].kind, Remedy::Kind::kOpenWindow);
  EXPECT_EQ(remedies[0].window, h.w_spare);
  EXPECT_EQ(remedies[0].staff, h.wang);
  EXPECT_EQ(remedies[0].service, 0);
}

TEST(HallDispatcher, RemedySwitchesAnIdleCrossTrainedWindow) {
  Hall h({Ordering::kFifo});
  // Zhang (both skills) sits at the bank window, li at the card window cannot serve the card queue.
  Dispatcher d({{"ss", "A", 10}, {"bank", "B", 5}}, {}, {});
  WindowIdx w1 = d.addWindow("1", {0}), w2 = d.addWindow("2", {1});
  StaffIdx a = d.addStaff("a", {0}), b = d.addStaff("b", {0, 1});
  for (auto [s, w] : {std::pair{a, w1}, std::pair{b, w2}}) {
    ASSERT_TRUE(d.setPresent(s, true).isOk() && d.seat(s, w).isOk() && d.setState(w, WindowState::kOpen, 0).isOk());
  }
  for (int i = 0; i < 6; ++i) d.add({0, 0, i * kMin});
  ASSERT_TRUE(d.callNext(w1, 6 * kMin));
  EXPECT_EQ(d.glassDoorCount(), 1);  // b idles at the bank window while card tickets wait
  auto r = suggestRemedies(d, {.target_min = 15});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].kind, Remedy::Kind::kSwitchWindow);
  EXPECT_EQ(r[0].window, w2);
  EXPECT_EQ(r[0].service, 0);
}
