// Staffing advice: analytic start (Erlang C with the Allen–Cunneen CV correction, next to the
// Halfin–Whitt square-root figure), then rounds of simulation adding a window where the simulated
// p95 misses the target and removing one where it is met with room to spare.
#include "sim/advise.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "hall/staffing.h"
#include "sim/report.h"

namespace onedoor::sim {

namespace {

struct Load {
  std::vector<double> per_service;
  double total = 0, mean_service = 0, cv = 1;
};

Load loadOf(const Scenario& sc, int k) {
  Load l;
  double lambda = 0, cv2 = 0;
  for (const auto& s : sc.services) {
    double a = s.arrivals_per_hour[k] * s.service_min.mean / 60.0;
    l.per_service.push_back(a);
    l.total += a;
    lambda += s.arrivals_per_hour[k];
    cv2 += a * s.service_min.cvEffective() * s.service_min.cvEffective();
  }
  l.mean_service = lambda > 0 ? l.total * 60.0 / lambda : 1.0;
  l.cv = l.total > 0 ? std::sqrt(cv2 / l.total) : 1.0;
  return l;
}

// Greedy skill coverage: each pick is the staff member covering the most load still uncovered;
// a pick takes up to one erlang off the services it covers, heaviest first.
std::vector<int> pickStaff(const Scenario& sc, const std::vector<int>& on_shift, std::vector<double> left, int n) {
  std::vector<int> chosen;
  std::vector<bool> used(sc.staff.size(), false);
  std::vector<bool> covered(left.size(), false);
  for (int i = 0; i < n; ++i) {
    int best = -1;
    double best_cover = -1;
    for (int k : on_shift) {
      if (used[k]) continue;
      double cover = 0;  // a service with load that nobody chosen covers yet weighs most
      for (int s : sc.staff[k].skills) cover += left[s] + (left[s] > 0 && !covered[s] ? 1000.0 : 0.0);
      if (cover > best_cover + 1e-12) best = k, best_cover = cover;
    }
    if (best < 0) break;
    used[best] = true;
    chosen.push_back(best);
    for (int s : sc.staff[best].skills) covered[s] = true;
    std::vector<int> skills = sc.staff[best].skills;
    std::sort(skills.begin(), skills.end(), [&](int a, int b) { return left[a] > left[b]; });
    double cap = 1.0;
    for (int s : skills) {
      double take = std::min(cap, left[s]);
      left[s] -= take;
      cap -= take;
    }
  }
  return chosen;
}

}  // namespace

Advice adviseStaffing(const Scenario& sc, const AdviseOptions& o) {
  Advice adv;
  adv.target_p95_min = sc.target_p95_wait_min;
  const int n = sc.intervals();
  const int max_windows = static_cast<int>(sc.windows.size());
  std::vector<int> cap(n);
  double beta = hall::halfinWhittBeta(0.2);
  for (int k = 0; k < n; ++k) {
    IntervalAdvice ia;
    ia.start_min = sc.open_min + k * sc.interval_min;
    Load l = loadOf(sc, k);
    ia.load_erlangs = l.total;
    std::vector<std::vector<int>> skills;
    for (size_t s = 0; s < sc.staff.size(); ++s) {
      const auto& st = sc.staff[s];
      if (st.shift_start_min <= ia.start_min && st.shift_end_min >= ia.start_min + sc.interval_min) {
        ++ia.staff_on_shift;
        skills.push_back(st.skills);
      }
    }
    cap[k] = std::min(ia.staff_on_shift, max_windows);
    ia.square_root = l.total > 0 ? hall::squareRootStaffing(l.total, beta) : 0;
    ia.erlang_c = l.total > 0 ? hall::staffForTarget(l.total, l.mean_service, sc.target_p95_wait_min, 0.95, l.cv) : 0;
    auto f = hall::checkFeasibility(l.per_service, skills);
    ia.feasible = f.feasible && cap[k] > 0 && l.total < cap[k];
    ia.overloaded = f.worst_set;
    ia.windows = std::clamp(ia.erlang_c, l.total > 0 ? 1 : 0, std::max(cap[k], 0));
    adv.intervals.push_back(std::move(ia));
  }
  std::vector<std::vector<int>> on_shift(n);
  for (int k = 0; k < n; ++k) {
    int start = adv.intervals[k].start_min;
    for (size_t s = 0; s < sc.staff.size(); ++s)
      if (sc.staff[s].shift_start_min <= start && sc.staff[s].shift_end_min >= start + sc.interval_min)
        on_shift[k].push_back(static_cast<int>(s));
  }
  WindowPlan plan;
  plan.staff.resize(n);
  auto simulate = [&]() {
    for (int k = 0; k < n; ++k) {
      adv.intervals[k].staff = pickStaff(sc, on_shift[k], loadOf(sc, k).per_service, adv.intervals[k].windows);
      plan.staff[k] = adv.intervals[k].staff;
    }
    RunOptions ro;
    ro.seed = o.seed;
    ro.reps = o.reps;
    ro.policies = {Policy::kOnedoor};
    ro.plan = &plan;
    ++adv.simulations;
    RunReport r = runScenario(sc, ro);
    for (int k = 0; k < n; ++k) adv.intervals[k].p95_wait_min = r.policies[0].per_interval[k].p95;
    adv.window_hours = r.policies[0].window_hours_open;
  };
  const double target = sc.target_p95_wait_min;
  for (int round = 0; round < o.max_rounds; ++round) {
    simulate();
    bool changed = false;
    for (int k = 0; k < n; ++k) {
      auto& ia = adv.intervals[k];
      // Waits of one interval are also made by the one before it: add where it misses, and a
      // window before a miss when this one is already full.
      if (ia.p95_wait_min > target) {
        if (ia.windows < cap[k]) ++ia.windows, changed = true;
        else if (k > 0 && adv.intervals[k - 1].windows < cap[k - 1]) ++adv.intervals[k - 1].windows, changed = true;
      }
    }
    if (!changed) break;
  }
  // One pass down: drop a window where the target is met with room, keep the drop if it still holds.
  std::vector<int> before(n);
  for (int k = 0; k < n; ++k) {
    before[k] = adv.intervals[k].windows;
    if (adv.intervals[k].p95_wait_min < 0.5 * target && adv.intervals[k].windows > 1) --adv.intervals[k].windows;
  }
  if (before != [&] { std::vector<int> v(n); for (int k = 0; k < n; ++k) v[k] = adv.intervals[k].windows; return v; }()) {
    simulate();
    bool reverted = false;
    for (int k = 0; k < n; ++k) {
      if (adv.intervals[k].p95_wait_min > target && adv.intervals[k].windows < before[k]) {
        adv.intervals[k].windows = before[k];
        reverted = true;
      }
    }
    if (reverted) simulate();
  }
  adv.meets_target = true;
  for (int k = 0; k < n; ++k) {
    auto& ia = adv.intervals[k];
    if (ia.p95_wait_min > target || !ia.feasible) {
      adv.meets_target = false;
      // How many windows the target needs beyond what this interval has (analytic, pooled skills).
      ia.short_by = std::max(1, std::max(ia.erlang_c, ia.windows + 1) - cap[k]);
    }
  }
  return adv;
}

nlohmann::ordered_json adviceJson(const Advice& a, const Scenario& sc) {
  nlohmann::ordered_json out;
  out["target_p95_wait_min"] = a.target_p95_min;
  out["meets_target"] = a.meets_target;
  out["window_hours"] = std::round(a.window_hours * 100) / 100;
  out["simulations"] = a.simulations;
  auto arr = nlohmann::ordered_json::array();
  for (const auto& ia : a.intervals) {
    nlohmann::ordered_json j;
    j["start"] = clockText(ia.start_min);
    j["load_erlangs"] = std::round(ia.load_erlangs * 100) / 100;
    j["staff_on_shift"] = ia.staff_on_shift;
    j["square_root_staffing"] = ia.square_root;
    j["erlang_c_staffing"] = ia.erlang_c;
    j["windows"] = ia.windows;
    j["p95_wait_min"] = std::round(ia.p95_wait_min * 100) / 100;
    auto staff = nlohmann::ordered_json::array();
    for (int s : ia.staff) {
      std::vector<std::string> codes;
      for (int k : sc.staff[s].skills) codes.push_back(sc.services[k].code);
      staff.push_back({{"staff", sc.staff[s].id}, {"skills", codes}});
    }
    j["staff"] = std::move(staff);
    j["feasible"] = ia.feasible;
    if (!ia.overloaded.empty()) {
      std::vector<std::string> codes;
      for (int k : ia.overloaded) codes.push_back(sc.services[k].code);
      j["overloaded_services"] = codes;
    }
    j["short_by_windows"] = ia.short_by;
    arr.push_back(std::move(j));
  }
  out["intervals"] = std::move(arr);
  return out;
}

std::string adviceTable(const Advice& a, const Scenario& sc) {
  std::string out;
  char buf[1024];
  std::snprintf(buf, sizeof buf, "Staffing advice (target p95 %.0f min; Erlang C start corrected by %d simulations)\n",
                a.target_p95_min, a.simulations);
  out += buf;
  std::snprintf(buf, sizeof buf, "%-6s %7s %6s %6s %8s %8s %8s  %s\n", "start", "load", "staff", "sqrt", "erlangC",
                "windows", "p95", "who sits at the windows");
  out += buf;
  for (const auto& ia : a.intervals) {
    std::string who;  // staff ids; their skills are in the JSON
    for (size_t i = 0; i < ia.staff.size(); ++i) {
      if (i == 10) {
        who += " … +" + std::to_string(ia.staff.size() - 10);
        break;
      }
      who += (i ? " " : "") + sc.staff[ia.staff[i]].id;
    }
    std::snprintf(buf, sizeof buf, "%-6s %7.2f %6d %6d %8d %8d %8.1f  %s\n", clockText(ia.start_min).c_str(),
                  ia.load_erlangs, ia.staff_on_shift, ia.square_root, ia.erlang_c, ia.windows, ia.p95_wait_min,
                  who.c_str());
    out += buf;
    if (!ia.feasible || ia.short_by > 0) {
      std::string set;
      for (size_t i = 0; i < ia.overloaded.size() && i < 6; ++i) set += (i ? ", " : "") + sc.services[ia.overloaded[i]].code;
      if (ia.overloaded.size() == sc.services.size()) set = "all services";
      else if (ia.overloaded.size() > 6) set += " … (" + std::to_string(ia.overloaded.size()) + " services)";
      std::snprintf(buf, sizeof buf, "       ! target out of reach: %d more window(s) needed%s%s\n", ia.short_by,
                    set.empty() ? "" : "; overloaded services: ", set.c_str());
      out += buf;
    }
  }
  std::snprintf(buf, sizeof buf, "%s; advised plan: %.1f window-hours per day%s\n",
                a.meets_target ? "target met in every interval" : "TARGET NOT MET in some intervals",
                a.window_hours, "");
  out += buf;
  return out;
}

}  // namespace onedoor::sim
