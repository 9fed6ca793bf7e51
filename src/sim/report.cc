// Replications × days × policies over common random numbers, then statistics, JSON and table.
#include "sim/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "hall/staffing.h"
#include "sim/skill_graph.h"

namespace onedoor::sim {

WaitStats waitStats(std::vector<float> w) {
  WaitStats s;
  s.served = static_cast<int64_t>(w.size());
  if (w.empty()) return s;
  double sum = 0;
  for (float x : w) sum += x;
  s.mean = sum / static_cast<double>(w.size());
  // Nearest rank, by selection rather than a full sort (the year-long runs hold a million waits).
  auto rank = [&](double q) {
    size_t k = static_cast<size_t>(std::ceil(q * static_cast<double>(w.size())));
    auto it = w.begin() + static_cast<std::ptrdiff_t>(std::clamp<size_t>(k, 1, w.size()) - 1);
    std::nth_element(w.begin(), it, w.end());
    return static_cast<double>(*it);
  };
  s.max = *std::max_element(w.begin(), w.end());
  s.p50 = rank(0.50);
  s.p95 = rank(0.95);
  return s;
}

std::string clockText(int m) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", (m / 60) % 100, m % 60);
  return buf;
}

ErlangReference erlangReference(const Scenario& sc) {
  ErlangReference best;
  best.load_erlangs = -1;
  for (int k = 0; k < sc.intervals(); ++k) {
    double lambda = 0, work = 0;
    for (const auto& s : sc.services) {
      lambda += s.arrivals_per_hour[k];
      work += s.arrivals_per_hour[k] * s.service_min.mean;
    }
    double load = work / 60.0;
    if (load <= best.load_erlangs) continue;
    int start = sc.open_min + k * sc.interval_min;
    int windows = 0;
    for (const auto& st : sc.staff)
      if (st.window >= 0 && sc.windows[st.window].open && st.shift_start_min <= start && st.shift_end_min > start) ++windows;
    best.interval = k;
    best.start_min = start;
    best.arrivals_per_hour = lambda;
    best.mean_service_min = lambda > 0 ? work / lambda : 0;
    best.load_erlangs = load;
    best.windows = windows;
  }
  best.p_wait = hall::erlangC(best.windows, best.load_erlangs);
  best.mean_wait_min = hall::mmcMeanWait(best.windows, best.load_erlangs, best.mean_service_min);
  return best;
}

std::vector<Tally> runTallies(const Scenario& sc, const RunOptions& o, RunReport& rep,
                              const std::function<void(double)>& progress) {
  bool want_pooled = std::find(o.policies.begin(), o.policies.end(), Policy::kPooled) != o.policies.end();
  bool want_onedoor = std::find(o.policies.begin(), o.policies.end(), Policy::kOnedoor) != o.policies.end();
  std::vector<Tally> tallies(o.policies.size());
  Tally scratch;  // onedoor run only to record the schedule pooled replays
  size_t total = static_cast<size_t>(o.reps) * static_cast<size_t>(sc.days), done = 0;
  OpenSchedule schedule;
  for (int r = 0; r < o.reps; ++r) {
    for (int day = 0; day < sc.days; ++day) {
      // Between days here, within a long day in the engine (DayInput::deadline).
      if (o.deadline != std::chrono::steady_clock::time_point::max() && std::chrono::steady_clock::now() >= o.deadline) {
        rep.timed_out = true;
        return tallies;
      }
      std::vector<Citizen> citizens = drawCitizens(sc, o.seed, r, day);
      rep.citizens += static_cast<int64_t>(citizens.size());
      schedule.clear();
      if (want_pooled && !want_onedoor) {
        DayInput in{sc, citizens, Policy::kOnedoor, o.knobs, nullptr, &schedule, o.plan, o.deadline};
        simulateDay(in, scratch);
      }
      // onedoor before pooled, so its schedule exists when pooled replays it.
      std::vector<size_t> order(o.policies.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return (o.policies[a] == Policy::kPooled) < (o.policies[b] == Policy::kPooled);
      });
      for (size_t i : order) {
        Policy p = o.policies[i];
        DayInput in{sc, citizens, p, o.knobs};
        in.deadline = o.deadline;
        if (p == Policy::kOnedoor) in.record = &schedule, in.plan = o.plan;
        if (p == Policy::kPooled) in.replay = &schedule;
        simulateDay(in, tallies[i]);
      }
      rep.timed_out = scratch.timed_out || std::any_of(tallies.begin(), tallies.end(), [](const Tally& t) { return t.timed_out; });
      if (rep.timed_out) return tallies;
      ++done;
      if (progress) progress(static_cast<double>(done) / static_cast<double>(total));
    }
  }
  rep.events += scratch.events;
  return tallies;
}

RunReport runScenario(const Scenario& sc, const RunOptions& o, const std::function<void(double)>& progress) {
  RunReport rep;
  rep.scenario = sc.name;
  rep.seed = o.seed;
  rep.reps = o.reps;
  rep.days = sc.days;
  rep.erlang = erlangReference(sc);
  std::vector<Tally> tallies = runTallies(sc, o, rep, progress);
  if (rep.timed_out) return rep;
  for (size_t i = 0; i < o.policies.size(); ++i) {
    Tally& t = tallies[i];
    t.init(sc.services.size(), static_cast<size_t>(sc.intervals()));
    rep.events += t.events;
    PolicyReport pr;
    pr.policy = o.policies[i];
    std::vector<float> all;
    for (size_t s = 0; s < sc.services.size(); ++s) {
      ServiceReport srv{sc.services[s].code, waitStats(t.waits[s]), t.abandoned[s], t.no_show[s]};
      pr.abandoned += srv.abandoned;
      pr.no_show += srv.no_show;
      all.insert(all.end(), t.waits[s].begin(), t.waits[s].end());
      pr.per_service.push_back(std::move(srv));
    }
    pr.wait = waitStats(std::move(all));
    pr.window_hours_open = t.window_ms / 3'600'000.0 / o.reps;
    pr.glass_door_min = t.glass_ms / 60'000.0 / o.reps;
    pr.reskills = t.reskills;
    for (auto& iw : t.interval_waits) pr.per_interval.push_back(waitStats(iw));
    rep.policies.push_back(std::move(pr));
  }
  bool want_onedoor = std::find(o.policies.begin(), o.policies.end(), Policy::kOnedoor) != o.policies.end();
  auto pooled = std::find_if(rep.policies.begin(), rep.policies.end(), [](const PolicyReport& p) { return p.policy == Policy::kPooled; });
  if (want_onedoor && pooled != rep.policies.end() && o.plan == nullptr) {
    if (skillComponents(sc).size() <= 1) {
      rep.bound = GraphBound{1, pooled->wait, pooled->abandoned};
    } else {
      rep.bound = graphBound(sc, o, rep);
      if (rep.timed_out) rep.bound.reset();
    }
  }
  return rep;
}

namespace {

double round2(double x) { return std::isfinite(x) ? std::round(x * 100.0) / 100.0 : x; }

nlohmann::ordered_json waitJson(const WaitStats& w) {
  return {{"mean", round2(w.mean)}, {"p50", round2(w.p50)}, {"p95", round2(w.p95)}, {"max", round2(w.max)}};
}

}  // namespace

nlohmann::ordered_json toJson(const RunReport& r) {
  nlohmann::ordered_json out;
  out["scenario"] = r.scenario;
  out["seed"] = r.seed;
  out["reps"] = r.reps;
  out["days"] = r.days;
  out["citizens"] = r.citizens;
  nlohmann::ordered_json erl;
  erl["busiest_interval"] = clockText(r.erlang.start_min);
  erl["arrivals_per_hour"] = round2(r.erlang.arrivals_per_hour);
  erl["mean_service_min"] = round2(r.erlang.mean_service_min);
  erl["load_erlangs"] = round2(r.erlang.load_erlangs);
  erl["windows"] = r.erlang.windows;
  erl["p_wait"] = round2(r.erlang.p_wait * 100) / 100;
  if (std::isfinite(r.erlang.mean_wait_min)) erl["mean_wait_min"] = round2(r.erlang.mean_wait_min);
  else erl["mean_wait_min"] = nullptr;  // the windows cannot carry the load: no steady state
  nlohmann::ordered_json pols = nlohmann::ordered_json::object();
  for (const auto& p : r.policies) {
    nlohmann::ordered_json j;
    j["served"] = p.wait.served;
    j["abandoned"] = p.abandoned;
    j["no_show"] = p.no_show;
    j["wait_min"] = waitJson(p.wait);
    nlohmann::ordered_json ps = nlohmann::ordered_json::object();
    for (const auto& s : p.per_service) {
      ps[s.code] = {{"served", s.wait.served}, {"abandoned", s.abandoned}, {"no_show", s.no_show},
                    {"wait_min", waitJson(s.wait)}};
    }
    j["per_service"] = std::move(ps);
    j["window_hours_open"] = round2(p.window_hours_open);
    j["glass_door_min"] = round2(p.glass_door_min);
    j["erlang_c"] = erl;
    pols[policyName(p.policy)] = std::move(j);
  }
  out["policies"] = std::move(pols);
  if (r.bound) out["skill_graph"] = boundJson(r);
  return out;
}

std::string toTable(const RunReport& r) {
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf, "scenario %s · seed %llu · %d rep(s) × %d day(s) · %lld citizens\n\n",
                r.scenario.c_str(), static_cast<unsigned long long>(r.seed), r.reps, r.days,
                static_cast<long long>(r.citizens));
  out += buf;
  std::snprintf(buf, sizeof buf, "%-8s %8s %9s %8s %8s %8s %8s %9s %10s\n", "policy", "served", "abandoned", "mean",
                "p50", "p95", "max", "win-hours", "glass-min");
  out += buf;
  for (const auto& p : r.policies) {
    std::snprintf(buf, sizeof buf, "%-8s %8lld %9lld %8.1f %8.1f %8.1f %8.1f %9.1f %10.1f\n", policyName(p.policy),
                  static_cast<long long>(p.wait.served), static_cast<long long>(p.abandoned), p.wait.mean, p.wait.p50,
                  p.wait.p95, p.wait.max, p.window_hours_open, p.glass_door_min);
    out += buf;
  }
  out += "(waits in minutes, served citizens; window-hours and glass-door minutes per replication)\n\n";
  // Per service: p95 wait by policy.
  std::snprintf(buf, sizeof buf, "%-16s", "p95 by service");
  out += buf;
  for (const auto& p : r.policies) {
    std::snprintf(buf, sizeof buf, " %9s", policyName(p.policy));
    out += buf;
  }
  out += "\n";
  if (!r.policies.empty()) {
    for (size_t s = 0; s < r.policies[0].per_service.size(); ++s) {
      std::snprintf(buf, sizeof buf, "%-16.16s", r.policies[0].per_service[s].code.c_str());
      out += buf;
      for (const auto& p : r.policies) {
        std::snprintf(buf, sizeof buf, " %9.1f", p.per_service[s].wait.p95);
        out += buf;
      }
      out += "\n";
    }
  }
  const auto& e = r.erlang;
  std::snprintf(buf, sizeof buf,
                "\nErlang C, busiest interval %s: %.1f arrivals/h, E[S] %.1f min, load %.2f erlangs on %d windows: ",
                clockText(e.start_min).c_str(), e.arrivals_per_hour, e.mean_service_min, e.load_erlangs, e.windows);
  out += buf;
  if (std::isfinite(e.mean_wait_min)) {
    std::snprintf(buf, sizeof buf, "P(wait) %.3f, mean wait %.1f min (M/M/c, all services pooled)\n", e.p_wait,
                  e.mean_wait_min);
  } else {
    std::snprintf(buf, sizeof buf, "overloaded (load >= windows), no steady state\n");
  }
  out += buf;
  out += boundTable(r);
  return out;
}

}  // namespace onedoor::sim
