// Redirect to a window: the ticket waits for that window only, ahead of everything it could call,
// and leaves the other windows' queues; cancelling or transferring it undoes the pin.
#include <gtest/gtest.h>

#include "hall/dispatcher.h"

using namespace onedoor::hall;

namespace {

struct TwoWindows {
  Dispatcher d{{{"ss", "A", 10}, {"bank", "B", 5}}, defaultPriorityClasses(), Rules{}};
  WindowIdx w1, w2;
  TwoWindows() {
    w1 = d.addWindow("1", {0});
    w2 = d.addWindow("2", {0, 1});
    StaffIdx a = d.addStaff("a", {0, 1}), b = d.addStaff("b", {0, 1});
    EXPECT_TRUE(d.setPresent(a, true).isOk() && d.setPresent(b, true).isOk());
    EXPECT_TRUE(d.seat(a, w1).isOk() && d.seat(b, w2).isOk());
    EXPECT_TRUE(d.setState(w1, WindowState::kOpen, 0).isOk() && d.setState(w2, WindowState::kOpen, 0).isOk());
  }
};

}  // namespace

TEST(HallDispatcherRedirect, CalledTicketGoesToTheFrontOfAnotherWindowOnly) {
  TwoWindows h;
  TicketIdx first = h.d.add({0, 0, 0});
  TicketIdx second = h.d.add({0, 0, 1000});
  ASSERT_EQ(h.d.callNext(h.w1, 2000), first);
  ASSERT_TRUE(h.d.redirect(first, h.w2, 3000).isOk());
  EXPECT_TRUE(h.d.ticket(first).state == TicketState::kWaiting);
  EXPECT_EQ(h.d.waiting(0), 1);                    // only `second` is in the service queue
  EXPECT_EQ(h.d.callNext(h.w1, 4000), second);     // window 1 no longer sees the redirected one
  ASSERT_TRUE(h.d.finish(h.w1, 5000).isOk());
  EXPECT_EQ(h.d.callNext(h.w1, 5000), std::nullopt);
  EXPECT_EQ(h.d.callNext(h.w2, 6000), first);      // window 2 calls it first
}

TEST(HallDispatcherRedirect, CancelledRedirectIsSkipped) {
  TwoWindows h;
  TicketIdx t = h.d.add({1, 0, 0});
  TicketIdx other = h.d.add({0, 0, 10});
  ASSERT_TRUE(h.d.redirect(t, h.w2, 0).isOk());
  EXPECT_EQ(h.d.aheadOf(t), 0);
  ASSERT_TRUE(h.d.remove(t).isOk());
  EXPECT_EQ(h.d.waiting(0), 1);
  EXPECT_EQ(h.d.callNext(h.w2, 20), other);
}
