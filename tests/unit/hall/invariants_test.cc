// Dispatcher::checkInvariants: a random walk over every command (add, remove, transfer, redirect,
// call, finish, seat, unseat, open/pause/shut, re-skill, presence) keeps every derived index in step
// with the lanes, windows and staff.
#include <gtest/gtest.h>

#include <random>

#include "hall/dispatcher.h"

using namespace onedoor::hall;

TEST(HallDispatcherInvariants, HoldAfterEveryCommandOfARandomDay) {
  for (Ordering ordering : {Ordering::kFifo, Ordering::kAging, Ordering::kOrdered}) {
    Dispatcher d({{"A", "A", 10}, {"B", "B", 5}, {"C", "C", 8}}, defaultPriorityClasses(), {ordering, 2});
    for (int w = 0; w < 5; ++w) d.addWindow(std::to_string(w), SkillSet::all(3));
    for (int s = 0; s < 6; ++s) d.addStaff("s" + std::to_string(s), s % 2 ? SkillSet{0, 1} : SkillSet{1, 2});
    std::mt19937 rng(7 + static_cast<int>(ordering));
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    std::vector<TicketIdx> issued;
    TimeMs now = 0;
    for (int step = 0; step < 20'000; ++step) {
      now += 1000 * pick(60);
      auto w = static_cast<WindowIdx>(pick(5));
      auto st = static_cast<StaffIdx>(pick(6));
      TicketIdx t = issued.empty() ? kNoTicket : issued[pick(static_cast<int>(issued.size()))];
      switch (pick(12)) {
        case 0: case 1: case 2:
          issued.push_back(d.add({static_cast<ServiceIdx>(pick(3)), static_cast<uint8_t>(pick(5)), now,
                                  pick(10) == 0 ? std::optional<TimeMs>(now - 60'000) : std::nullopt}));
          break;
        case 3: (void)d.callNext(w, now); break;
        case 4: (void)d.finish(w, now); break;
        case 5: if (t != kNoTicket) (void)d.remove(t); break;
        case 6: if (t != kNoTicket) (void)d.transfer(t, static_cast<ServiceIdx>(pick(3))); break;
        case 7: if (t != kNoTicket) (void)d.redirect(t, w, now); break;
        case 8: (void)d.setPresent(st, pick(2) == 0); (void)d.seat(st, w); break;
        case 9: (void)d.unseat(w, now); break;
        case 10: (void)d.setState(w, static_cast<WindowState>(pick(3)), now); break;
        case 11: (void)d.reskill(w, pick(2) ? SkillSet{1} : SkillSet::all(3)); break;
      }
      auto ok = d.checkInvariants();
      ASSERT_TRUE(ok.isOk()) << "step " << step << ": " << ok.message();
    }
  }
}
