// Cover for a window whose clerk is away (the staff-away alert's remedy) and the cheap front-of-queue
// ranking the live hall uses for near-front notices.
#include <gtest/gtest.h>

#include <algorithm>

#include "hall/dispatcher.h"
#include "hall/remedies.h"

using namespace onedoor::hall;

namespace {

constexpr TimeMs kMin = 60'000;

// Services 0 and 1; window 1 serves 0 (zhang), window 2 serves 1 (li), window 3 is a shut spare;
// wang is free and present.
struct Hall {
  Dispatcher d{{{"ss", "A", 10}, {"bank", "B", 5}}, defaultPriorityClasses(), {}};
  WindowIdx w1 = d.addWindow("1", {0}), w2 = d.addWindow("2", {1}), w3 = d.addWindow("3", {0, 1});
  StaffIdx zhang = d.addStaff("zhang", {0}), li = d.addStaff("li", {0, 1}), wang = d.addStaff("wang", {0, 1});
  Hall() {
    for (StaffIdx s : {zhang, li, wang}) EXPECT_TRUE(d.setPresent(s, true).isOk());
    EXPECT_TRUE(d.seat(zhang, w1).isOk());
    EXPECT_TRUE(d.seat(li, w2).isOk());
    EXPECT_TRUE(d.setState(w1, WindowState::kOpen, 0).isOk());
    EXPECT_TRUE(d.setState(w2, WindowState::kOpen, 0).isOk());
  }
};

}  // namespace

TEST(HallCover, NothingWhenNoTicketTheWindowCouldServeWaits) {
  Hall h;
  EXPECT_FALSE(coverRemedy(h.d, h.w1));
  h.d.add({1, 0, 1 * kMin});  // a ticket for window 2's service only
  EXPECT_FALSE(coverRemedy(h.d, h.w1));
  EXPECT_TRUE(coverRemedy(h.d, h.w2));
}

TEST(HallCover, FreeQualifiedStaffOpensTheSpareWindow) {
  Hall h;
  h.d.add({0, 0, 1 * kMin});
  auto r = coverRemedy(h.d, h.w1);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->kind, Remedy::Kind::kOpenWindow);
  EXPECT_EQ(r->window, h.w3);
  EXPECT_EQ(r->staff, h.wang);
  EXPECT_EQ(r->service, 0);
}

TEST(HallCover, WithoutFreeStaffAnIdleCrossTrainedWindowSwitches) {
  Hall h;
  ASSERT_TRUE(h.d.setPresent(h.wang, false).isOk());
  h.d.add({0, 0, 1 * kMin});
  auto r = coverRemedy(h.d, h.w1);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->kind, Remedy::Kind::kSwitchWindow);
  EXPECT_EQ(r->window, h.w2);  // li holds service 0 and has nothing of her own waiting
  EXPECT_EQ(r->staff, h.li);
  // Nobody left to cover: no remedy.
  ASSERT_TRUE(h.d.reskill(h.w2, {0, 1}).isOk());
  EXPECT_FALSE(coverRemedy(h.d, h.w1));
}

TEST(HallFrontRanks, AgreeWithTheFullRankingAtTheFront) {
  Hall h;
  // Mixed classes and arrivals in one service, a few in the other, one redirected to window 2.
  for (int i = 0; i < 12; ++i) h.d.add({static_cast<ServiceIdx>(i % 3 == 0), static_cast<uint8_t>(i % 5), (20 - i) * kMin});
  auto pinned = h.d.add({0, 0, 30 * kMin});
  ASSERT_TRUE(h.d.redirect(pinned, h.w2, 31 * kMin).isOk());
  auto gone = h.d.add({0, 1, 0});
  ASSERT_TRUE(h.d.remove(gone).isOk());
  for (int limit : {1, 3, 20}) {
    auto full = h.d.waitingRanks();
    std::vector<std::pair<TicketIdx, int>> want;
    for (const auto& p : full)
      if (p.second < limit) want.push_back(p);
    auto got = h.d.frontRanks(limit);
    std::sort(want.begin(), want.end());
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, want) << "limit " << limit;
  }
}
