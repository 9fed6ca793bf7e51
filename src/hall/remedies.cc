// Remedy suggestions: longest predicted wait first, switch an idle qualified window, else open a
// shut window with a free qualified staff member.
#include "hall/remedies.h"

#include <algorithm>

namespace onedoor::hall {

std::vector<Remedy> suggestRemedies(const Dispatcher& d, const RemedyOptions& o) {
  std::vector<Remedy> out;
  // Cheap exit when no remedy could apply: nothing waits, or no idle window to switch and no free
  // staff member to open one.
  if (d.waitingTotal() == 0) return out;
  bool free_staff = false;
  for (const Staff& st : d.staff()) free_staff = free_staff || (st.present && st.window == kNoIdx16);
  if (!(o.allow_switch && !d.idleWindows().empty()) && !(o.allow_open && free_staff)) return out;
  struct Over {
    ServiceIdx s;
    double wait;
  };
  std::vector<Over> over;
  d.servicesWaiting().forEach([&](ServiceIdx s) {
    auto p = d.predictedWaitMin(s);
    double wait = p ? *p : 1e9;  // nobody can serve it: the longest wait of all
    if (wait > o.target_min) over.push_back({s, wait});
  });
  std::stable_sort(over.begin(), over.end(), [](const Over& a, const Over& b) { return a.wait > b.wait; });
  const auto& windows = d.windows();
  const auto& staff = d.staff();
  std::vector<bool> used_window(windows.size(), false), used_staff(staff.size(), false);
  for (const Over& ov : over) {
    bool done = false;
    if (o.allow_switch) {
      // An open staffed window whose clerk holds the skill, does not serve s now, and has nothing
      // of its own waiting: the cheapest move.
      for (size_t w = 0; w < windows.size() && !done; ++w) {
        const Window& win = windows[w];
        if (used_window[w] || win.state != WindowState::kOpen || win.staff == kNoIdx16) continue;
        if (win.skills.has(ov.s) || !staff[win.staff].skills.has(ov.s)) continue;
        if (d.effectiveSkills(static_cast<WindowIdx>(w)).intersects(d.servicesWaiting())) continue;
        out.push_back({Remedy::Kind::kSwitchWindow, static_cast<WindowIdx>(w), win.staff, ov.s, ov.wait});
        used_window[w] = used_staff[win.staff] = true;
        done = true;
      }
    }
    if (!done && o.allow_open) {
      // A free present staff member qualified for s (fewest skills first, to keep the versatile
      // ones free), at the first unstaffed shut window.
      int best_staff = -1;
      for (size_t k = 0; k < staff.size(); ++k) {
        const Staff& st = staff[k];
        if (used_staff[k] || !st.present || st.window != kNoIdx16 || !st.skills.has(ov.s)) continue;
        if (best_staff < 0 || st.skills.count() < staff[best_staff].skills.count()) best_staff = static_cast<int>(k);
      }
      if (best_staff >= 0) {
        for (size_t w = 0; w < windows.size(); ++w) {
          if (used_window[w] || windows[w].staff != kNoIdx16 || windows[w].state != WindowState::kShut) continue;
          out.push_back({Remedy::Kind::kOpenWindow, static_cast<WindowIdx>(w), static_cast<StaffIdx>(best_staff),
                         ov.s, ov.wait});
          used_window[w] = used_staff[best_staff] = true;
          break;
        }
      }
    }
  }
  return out;
}

}  // namespace onedoor::hall

namespace onedoor::hall {

std::optional<Remedy> coverRemedy(const Dispatcher& d, WindowIdx w) {
  if (w >= d.windows().size()) return std::nullopt;
  SkillSet mine = d.effectiveSkills(w) & d.servicesWaiting();
  if (mine.empty()) return std::nullopt;
  // The services of w with tickets waiting, the longest queue first.
  std::vector<ServiceIdx> wanted;
  mine.forEach([&](ServiceIdx s) { wanted.push_back(s); });
  std::stable_sort(wanted.begin(), wanted.end(), [&](ServiceIdx a, ServiceIdx b) { return d.waiting(a) > d.waiting(b); });
  const auto& windows = d.windows();
  const auto& staff = d.staff();
  for (ServiceIdx s : wanted) {
    int best = -1;
    for (size_t k = 0; k < staff.size(); ++k) {
      const Staff& st = staff[k];
      if (!st.present || st.window != kNoIdx16 || !st.skills.has(s)) continue;
      if (best < 0 || st.skills.count() < staff[best].skills.count()) best = static_cast<int>(k);
    }
    if (best >= 0) {
      int pick = -1;
      for (size_t x = 0; x < windows.size(); ++x) {
        if (x == w || windows[x].staff != kNoIdx16 || windows[x].state != WindowState::kShut) continue;
        if (pick < 0 || (windows[x].skills.has(s) && !windows[pick].skills.has(s))) pick = static_cast<int>(x);
      }
      if (pick >= 0)
        return Remedy{Remedy::Kind::kOpenWindow, static_cast<WindowIdx>(pick), static_cast<StaffIdx>(best), s,
                      d.predictedWaitMin(s).value_or(0)};
    }
    for (WindowIdx x : d.idleWindows()) {
      if (x == w || windows[x].skills.has(s) || !staff[windows[x].staff].skills.has(s)) continue;
      return Remedy{Remedy::Kind::kSwitchWindow, x, windows[x].staff, s, d.predictedWaitMin(s).value_or(0)};
    }
  }
  return std::nullopt;
}

}  // namespace onedoor::hall
