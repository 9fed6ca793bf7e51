// Skill graph components, the per-component pooled bound, expected shortfall (max flow over sampled
// demand) and the greedy training advice.
#include "sim/skill_graph.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "hall/staffing.h"
#include "sim/rng.h"

namespace onedoor::sim {

namespace {

std::vector<std::vector<int>> staffSkills(const Scenario& sc) {
  std::vector<std::vector<int>> out;
  for (const auto& st : sc.staff) out.push_back(st.skills);
  return out;
}

std::vector<std::vector<int>> componentsOf(size_t n_services, const std::vector<std::vector<int>>& skills) {
  std::vector<int> parent(n_services);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](int x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::vector<bool> held(n_services, false);
  for (const auto& ks : skills) {
    for (int s : ks) {
      if (s < 0 || static_cast<size_t>(s) >= n_services) continue;
      held[s] = true;
      int a = find(s), b = find(ks[0]);
      if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
  }
  std::vector<std::vector<int>> out;
  std::vector<int> slot(n_services, -1);
  for (size_t s = 0; s < n_services; ++s) {
    if (!held[s]) continue;
    int r = find(static_cast<int>(s));
    if (slot[r] < 0) slot[r] = static_cast<int>(out.size()), out.emplace_back();
    out[slot[r]].push_back(static_cast<int>(s));
  }
  return out;
}

double rate(const Scenario& sc, int s) {
  double r = 0;
  for (double x : sc.services[s].arrivals_per_hour) r += x;
  return r;
}

}  // namespace

std::vector<std::vector<int>> skillComponents(const Scenario& sc) {
  return componentsOf(sc.services.size(), staffSkills(sc));
}

Scenario componentScenario(const Scenario& sc, const std::vector<int>& services) {
  Scenario out = sc;
  std::vector<bool> in(sc.services.size(), false);
  for (int s : services) in[s] = true;
  for (size_t s = 0; s < out.services.size(); ++s)
    if (!in[s]) std::fill(out.services[s].arrivals_per_hour.begin(), out.services[s].arrivals_per_hour.end(), 0.0);
  std::vector<bool> keep_staff(sc.staff.size(), false), start_window(sc.windows.size(), false);
  for (size_t k = 0; k < sc.staff.size(); ++k) {
    const auto& sk = sc.staff[k].skills;
    keep_staff[k] = !sk.empty() && in[sk[0]];
    if (sc.staff[k].window >= 0) start_window[sc.staff[k].window] = true;
  }
  std::vector<int> remap(sc.windows.size(), -1);
  out.windows.clear();
  for (size_t w = 0; w < sc.windows.size(); ++w) {
    bool mine = !start_window[w];  // spare or unstaffed windows: any clerk may open them
    for (size_t k = 0; k < sc.staff.size() && !mine; ++k) mine = keep_staff[k] && sc.staff[k].window == static_cast<int>(w);
    if (!mine) continue;
    remap[w] = static_cast<int>(out.windows.size());
    out.windows.push_back(sc.windows[w]);
  }
  out.staff.clear();
  for (size_t k = 0; k < sc.staff.size(); ++k) {
    if (!keep_staff[k]) continue;
    StaffSpec st = sc.staff[k];
    st.window = st.window >= 0 ? remap[st.window] : -1;
    out.staff.push_back(std::move(st));
  }
  return out;
}

GraphBound graphBound(const Scenario& sc, const RunOptions& o, RunReport& rep) {
  GraphBound out;
  auto comps = skillComponents(sc);
  out.components = static_cast<int>(comps.size());
  std::vector<float> waits;
  for (const auto& comp : comps) {
    Scenario part = componentScenario(sc, comp);
    RunOptions po = o;
    po.policies = {Policy::kPooled};
    po.plan = nullptr;
    RunReport pr;
    std::vector<Tally> t = runTallies(part, po, pr);
    rep.events += pr.events;
    if (pr.timed_out) {
      rep.timed_out = true;
      return out;
    }
    for (int s : comp) {
      waits.insert(waits.end(), t[0].waits[s].begin(), t[0].waits[s].end());
      out.abandoned += t[0].abandoned[s];
    }
  }
  out.wait = waitStats(std::move(waits));
  return out;
}

double shortfall(const std::vector<double>& demand, const std::vector<std::vector<int>>& skills) {
  double total = 0;
  for (double d : demand) total += d;
  if (total <= 0) return 0;
  return std::max(0.0, total - hall::checkFeasibility(demand, skills, 1.0).capacity);
}

double expectedShortfall(const Scenario& sc, const std::vector<std::vector<int>>& skills, int samples, uint64_t seed) {
  const int n = sc.intervals();
  std::vector<std::pair<double, int>> busiest;
  for (int k = 0; k < n; ++k) {
    double load = 0;
    for (const auto& s : sc.services) load += s.arrivals_per_hour[k] * s.service_min.mean / 60.0;
    busiest.push_back({-load, k});
  }
  std::sort(busiest.begin(), busiest.end());
  busiest.resize(std::min<size_t>(busiest.size(), 2));
  double sum = 0;
  int count = 0;
  std::vector<double> demand(sc.services.size());
  for (const auto& [neg, k] : busiest) {
    int start = sc.open_min + k * sc.interval_min;
    std::vector<std::vector<int>> on;
    for (size_t i = 0; i < sc.staff.size(); ++i)
      if (sc.staff[i].shift_start_min <= start && sc.staff[i].shift_end_min > start) on.push_back(skills[i]);
    Rng rng = Rng::stream(seed, 0x5eed, static_cast<uint64_t>(k) + 1);
    for (int j = 0; j < samples; ++j) {
      for (size_t s = 0; s < sc.services.size(); ++s) {
        double a = sc.services[s].arrivals_per_hour[k] * sc.services[s].service_min.mean / 60.0;
        demand[s] = std::max(0.0, a + std::sqrt(a) * rng.normal());
      }
      sum += shortfall(demand, on);
      ++count;
    }
  }
  return count ? sum / count : 0;
}

TrainingAdvice adviseTraining(const Scenario& sc, const TrainingOptions& o) {
  TrainingAdvice out;
  auto timedOut = [&] { return std::chrono::steady_clock::now() >= o.deadline; };
  RunOptions ro;
  ro.seed = o.seed;
  ro.reps = o.reps;
  ro.deadline = o.deadline;
  ro.policies = {Policy::kOnedoor, Policy::kPooled};
  RunReport base = runScenario(sc, ro);
  if (base.timed_out) {
    out.timed_out = true;
    return out;
  }
  out.onedoor_mean = base.policies[0].wait.mean;
  out.onedoor_p95 = base.policies[0].wait.p95;
  out.pooled_mean = base.policies[1].wait.mean;
  out.pooled_p95 = base.policies[1].wait.p95;
  out.components = static_cast<int>(skillComponents(sc).size());
  const double gap = out.onedoor_mean - out.pooled_mean;
  ro.policies = {Policy::kOnedoor};
  Scenario cur = sc;
  double cur_mean = out.onedoor_mean;
  for (int step = 0; step < o.moves; ++step) {
    auto skills = staffSkills(cur);
    const size_t n_comp = componentsOf(cur.services.size(), skills).size();
    // One candidate per (skill set, new service): clerks with the same skills are interchangeable.
    struct Cand {
      int staff, service;
      double shortfall;
    };
    std::vector<Cand> cands;
    std::vector<std::vector<int>> seen_sets;
    for (size_t k = 0; k < skills.size(); ++k) {
      std::vector<int> key = skills[k];
      std::sort(key.begin(), key.end());
      if (std::find(seen_sets.begin(), seen_sets.end(), key) != seen_sets.end()) continue;
      seen_sets.push_back(key);
      for (size_t s = 0; s < cur.services.size(); ++s) {
        if (std::find(key.begin(), key.end(), static_cast<int>(s)) != key.end() || rate(cur, static_cast<int>(s)) <= 0) continue;
        if (timedOut()) {
          out.timed_out = true;
          return out;
        }
        skills[k].push_back(static_cast<int>(s));
        cands.push_back({static_cast<int>(k), static_cast<int>(s), expectedShortfall(cur, skills, 24, o.seed)});
        skills[k].pop_back();
      }
    }
    if (cands.empty()) break;
    std::stable_sort(cands.begin(), cands.end(), [](const Cand& a, const Cand& b) { return a.shortfall < b.shortfall - 1e-12; });
    cands.resize(std::min<size_t>(cands.size(), static_cast<size_t>(std::max(1, o.shortlist))));
    int best = -1;
    RunReport best_rep;
    for (size_t i = 0; i < cands.size(); ++i) {
      if (timedOut()) {
        out.timed_out = true;
        return out;
      }
      Scenario next = cur;
      next.staff[cands[i].staff].skills.push_back(cands[i].service);
      RunReport r = runScenario(next, ro);
      if (r.timed_out) {
        out.timed_out = true;
        return out;
      }
      if (best < 0 || r.policies[0].wait.mean < best_rep.policies[0].wait.mean - 1e-9) best = static_cast<int>(i), best_rep = std::move(r);
    }
    const Cand& c = cands[best];
    double mean = best_rep.policies[0].wait.mean;
    if (mean >= cur_mean) break;  // no single skill helps any more
    TrainingMove m;
    m.staff = c.staff;
    m.service = c.service;
    m.shortfall = c.shortfall;
    cur.staff[c.staff].skills.push_back(c.service);
    m.joins_components = skillComponents(cur).size() < n_comp;
    m.mean = mean;
    m.p95 = best_rep.policies[0].wait.p95;
    m.gain_min = cur_mean - mean;
    m.gap_closed = gap > 0 ? std::clamp((out.onedoor_mean - mean) / gap, 0.0, 1.0) : 0.0;
    cur_mean = mean;
    out.moves.push_back(m);
  }
  return out;
}

namespace {
double r2(double x) { return std::round(x * 100.0) / 100.0; }
}  // namespace

nlohmann::ordered_json trainingJson(const TrainingAdvice& a, const Scenario& sc) {
  nlohmann::ordered_json j;
  j["components"] = a.components;
  j["onedoor"] = {{"mean", r2(a.onedoor_mean)}, {"p95", r2(a.onedoor_p95)}};
  j["pooled"] = {{"mean", r2(a.pooled_mean)}, {"p95", r2(a.pooled_p95)}};
  nlohmann::ordered_json moves = nlohmann::ordered_json::array();
  for (const auto& m : a.moves) {
    moves.push_back({{"staff", sc.staff[m.staff].id},
                     {"service", sc.services[m.service].code},
                     {"holds", [&] {
                        nlohmann::ordered_json h = nlohmann::ordered_json::array();
                        for (int s : sc.staff[m.staff].skills) h.push_back(sc.services[s].code);
                        return h;
                      }()},
                     {"joins_components", m.joins_components},
                     {"mean", r2(m.mean)},
                     {"p95", r2(m.p95)},
                     {"gain_min", r2(m.gain_min)},
                     {"gap_closed", r2(m.gap_closed)}});
  }
  j["moves"] = std::move(moves);
  if (a.timed_out) j["timed_out"] = true;
  return j;
}

std::string trainingTable(const TrainingAdvice& a, const Scenario& sc) {
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "Training advice: skill graph of %d component(s); onedoor mean / p95 %.2f / %.2f min, pooled %.2f / %.2f\n",
                a.components, a.onedoor_mean, a.onedoor_p95, a.pooled_mean, a.pooled_p95);
  out += buf;
  if (a.moves.empty()) out += "  no single skill shortens the mean wait\n";
  int n = 0;
  for (const auto& m : a.moves) {
    std::string holds;
    for (int s : sc.staff[m.staff].skills) holds += (holds.empty() ? "" : ", ") + sc.services[s].code;
    std::snprintf(buf, sizeof buf,
                  "  %d. teach %s (%s) %s%s: mean %.2f (−%.2f min), p95 %.2f; %.0f %% of the gap to pooled closed\n", ++n,
                  sc.staff[m.staff].id.c_str(), holds.c_str(), sc.services[m.service].code.c_str(),
                  m.joins_components ? " [joins two parts of the skill graph]" : "", m.mean, m.gain_min, m.p95,
                  m.gap_closed * 100);
    out += buf;
  }
  if (a.timed_out) out += "  (stopped at the time limit)\n";
  return out;
}

std::string boundTable(const RunReport& r) {
  if (!r.bound) return "";
  const PolicyReport *od = nullptr, *po = nullptr;
  for (const auto& p : r.policies) {
    if (p.policy == Policy::kOnedoor) od = &p;
    if (p.policy == Policy::kPooled) po = &p;
  }
  if (!od || !po) return "";
  char buf[512];
  auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
  std::snprintf(buf, sizeof buf,
                "\nSkill graph: %d component(s). Bound for this graph (each component pooled): mean %.2f, p95 %.2f "
                "(pooled %.2f, %.2f).\nonedoor / pooled: mean %.2f ×, p95 %.2f ×; onedoor / graph bound: mean %.2f ×, "
                "p95 %.2f ×; graph bound / pooled: mean %.2f ×, p95 %.2f ×\n",
                r.bound->components, r.bound->wait.mean, r.bound->wait.p95, po->wait.mean, po->wait.p95,
                ratio(od->wait.mean, po->wait.mean), ratio(od->wait.p95, po->wait.p95),
                ratio(od->wait.mean, r.bound->wait.mean), ratio(od->wait.p95, r.bound->wait.p95),
                ratio(r.bound->wait.mean, po->wait.mean), ratio(r.bound->wait.p95, po->wait.p95));
  return buf;
}

nlohmann::ordered_json boundJson(const RunReport& r) {
  nlohmann::ordered_json j;
  if (!r.bound) return j;
  j["components"] = r.bound->components;
  j["bound_wait_min"] = {{"mean", r2(r.bound->wait.mean)}, {"p95", r2(r.bound->wait.p95)}};
  j["bound_abandoned"] = r.bound->abandoned;
  return j;
}

}  // namespace onedoor::sim
