// The simulator's promises: same seed, same bytes; every policy sees the same citizens; static
// never re-skills; no policy serves a service outside the staff member's skills; onedoor beats
// static on the seed's hall; pooled gets onedoor's window-hours; the advice says when the target is
// out of reach.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/advise.h"
#include "sim/citizens.h"
#include "sim/engine.h"
#include "sim/report.h"
#include "sim/synthetic.h"

using namespace onedoor::sim;
namespace fs = std::filesystem;

namespace {

Scenario shipped(const std::string& name) {
#ifdef ONEDOOR_SOURCE_DIR
  fs::path p = fs::path(ONEDOOR_SOURCE_DIR) / "scenarios" / (name + ".json");
#else
  fs::path p = fs::path(__FILE__).parent_path() / ".." / ".." / ".." / "scenarios" / (name + ".json");
#endif
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  auto r = parseScenario(ss.str());
  EXPECT_TRUE(r) << p << ": " << r.status().message();
  return *r;
}

bool has(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

}  // namespace

TEST(SimEngine, SameSeedSameBytesOtherSeedOtherBytes) {
  Scenario sc = shipped("seed-hall");
  RunOptions o;
  o.seed = 7;
  o.reps = 3;
  std::string a = toJson(runScenario(sc, o)).dump(), b = toJson(runScenario(sc, o)).dump();
  EXPECT_EQ(a, b);
  o.seed = 8;
  EXPECT_NE(a, toJson(runScenario(sc, o)).dump());
}

TEST(SimEngine, EveryPolicySeesTheSameCitizens) {
  Scenario sc = shipped("seed-hall");
  RunOptions o;
  o.reps = 3;
  RunReport r = runScenario(sc, o);
  ASSERT_EQ(r.policies.size(), 4u);
  for (const auto& p : r.policies)
    EXPECT_EQ(p.wait.served + p.abandoned + p.no_show, r.citizens) << policyName(p.policy);
  // Citizens are drawn per (seed, rep, day): the same whichever policies run.
  auto c1 = drawCitizens(sc, 1, 0, 0), c2 = drawCitizens(sc, 1, 0, 0);
  ASSERT_EQ(c1.size(), c2.size());
  for (size_t i = 0; i < c1.size(); ++i) {
    EXPECT_EQ(c1[i].arrival_ms, c2[i].arrival_ms);
    EXPECT_EQ(c1[i].service_ms, c2[i].service_ms);
  }
}

TEST(SimEngine, StaticNeverReskillsAndNobodyServesOutsideTheirSkills) {
  for (const char* name : {"seed-hall", "month-start"}) {
    Scenario sc = shipped(name);
    auto citizens = drawCitizens(sc, 3, 0, 0);
    const size_t S = sc.services.size();
    OpenSchedule schedule;
    for (Policy p : {Policy::kStatic, Policy::kOrdered, Policy::kOnedoor}) {
      Tally t;
      DayInput in{sc, citizens, p, {}};
      if (p == Policy::kOnedoor) in.record = &schedule;
      simulateDay(in, t);
      for (size_t k = 0; k < sc.staff.size(); ++k) {
        for (size_t s = 0; s < S; ++s) {
          if (t.calls_by_staff[k * S + s] == 0) continue;
          EXPECT_TRUE(has(sc.staff[k].skills, static_cast<int>(s)))
              << name << " " << policyName(p) << ": " << sc.staff[k].id << " served " << sc.services[s].code;
        }
      }
      if (p == Policy::kOnedoor) continue;
      EXPECT_EQ(t.reskills, 0);
      for (size_t w = 0; w < sc.windows.size(); ++w) {
        for (size_t s = 0; s < S; ++s) {
          if (t.calls_by_window[w * S + s] == 0) continue;
          EXPECT_TRUE(sc.windows[w].open) << name << ": spare window " << sc.windows[w].id << " opened under static";
          EXPECT_TRUE(has(sc.windows[w].skills, static_cast<int>(s)))
              << name << " " << policyName(p) << ": window " << sc.windows[w].id << " served " << sc.services[s].code;
        }
      }
    }
  }
}

TEST(SimEngine, OnedoorCutsTheSeedHallsTailToAThirdOfStatic) {
  Scenario sc = shipped("seed-hall");
  RunOptions o;
  o.reps = 10;
  RunReport r = runScenario(sc, o);
  const auto& st = r.policies[0];
  const auto& od = r.policies[2];
  const auto& pool = r.policies[3];
  ASSERT_EQ(st.policy, Policy::kStatic);
  ASSERT_EQ(od.policy, Policy::kOnedoor);
  EXPECT_LE(od.wait.p95, st.wait.p95 / 3);
  EXPECT_LT(od.glass_door_min, st.glass_door_min);
  EXPECT_NEAR(pool.window_hours_open, od.window_hours_open, 0.05 * od.window_hours_open);
  EXPECT_GT(r.erlang.load_erlangs, 0);
}

TEST(SimEngine, SyntheticHallRunsEveryPolicy) {
  Scenario sc = syntheticHall(12, 8, 2);
  RunReport r = runScenario(sc, {});
  for (const auto& p : r.policies) EXPECT_GT(p.wait.served, 0) << policyName(p.policy);
  EXPECT_GT(r.events, static_cast<uint64_t>(r.citizens));
}

TEST(SimAdvice, SeedHallMeetsTheTargetUnderstaffedDaySaysByHowMuch) {
  Advice ok = adviseStaffing(shipped("seed-hall"), {.seed = 1, .reps = 10});
  EXPECT_TRUE(ok.meets_target);
  for (const auto& ia : ok.intervals) {
    EXPECT_LE(ia.windows, ia.staff_on_shift);
    EXPECT_EQ(static_cast<int>(ia.staff.size()), ia.windows);
  }
  Scenario under = shipped("understaffed");
  Advice bad = adviseStaffing(under, {.seed = 1, .reps = 2});
  EXPECT_FALSE(bad.meets_target);
  int short_by = 0;
  for (const auto& ia : bad.intervals) short_by = std::max(short_by, ia.short_by);
  EXPECT_GT(short_by, 0);
  std::string table = adviceTable(bad, under);
  EXPECT_NE(table.find("more window(s) needed"), std::string::npos) << table;
}
