// Sparse cross-training (issue 19 §3): the skill graph's components, the bound for a given graph
// (each component pooled on its own), expected shortfall by max flow, the training advice, and the
// dispatch goal on the long chain.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/report.h"
#include "sim/skill_graph.h"

using namespace onedoor::sim;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

Scenario shipped(const std::string& name) {
  fs::path p = fs::path(ONEDOOR_SOURCE_DIR) / "scenarios" / (name + ".json");
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  auto r = parseScenario(ss.str());
  EXPECT_TRUE(r) << p << ": " << r.status().message();
  return *r;
}

// Four services: A and B busy, C and D quiet; clerks 1-3 know {A, B}, clerks 4-6 know {C, D}.
json twoPairs() {
  auto svc = [](const char* code, double rate) {
    return json{{"code", code}, {"service_min", {{"dist", "lognormal"}, {"mean", 10}, {"cv", 1.0}}},
                {"arrivals_per_hour", {rate, rate, rate, rate}}};
  };
  json j = {{"name", "two-pairs"}, {"hours", {{"open", "09:00"}, {"close", "13:00"}}},
            {"services", {svc("A", 9), svc("B", 8), svc("C", 3), svc("D", 3)}}};
  j["windows"] = json::array();
  j["staff"] = json::array();
  for (int i = 0; i < 6; ++i) {
    std::string id = std::to_string(i + 1);
    json skills = i < 3 ? json{"A", "B"} : json{"C", "D"};
    j["windows"].push_back({{"id", id}, {"skills", skills}});
    j["staff"].push_back({{"id", "c" + id}, {"skills", skills}, {"window", id}});
  }
  return j;
}

Scenario parse(const json& j) {
  auto r = parseScenario(j.dump());
  EXPECT_TRUE(r) << r.status().message();
  return *r;
}

}  // namespace

TEST(SimSkillGraph, ComponentsOfPairsAndOfAChain) {
  Scenario pairs = parse(twoPairs());
  EXPECT_EQ(skillComponents(pairs), (std::vector<std::vector<int>>{{0, 1}, {2, 3}}));
  json j = twoPairs();
  j["staff"][2]["skills"] = {"B", "C"};  // one clerk links the pairs
  EXPECT_EQ(skillComponents(parse(j)), (std::vector<std::vector<int>>{{0, 1, 2, 3}}));
  EXPECT_EQ(skillComponents(shipped("sparse-chain")).size(), 1u);
  EXPECT_EQ(skillComponents(shipped("sparse-pairs")).size(), 4u);
  // The part of the hall for one pair: its clerks and windows, the other pair's arrivals zero.
  Scenario part = componentScenario(pairs, {2, 3});
  EXPECT_EQ(part.staff.size(), 3u);
  EXPECT_EQ(part.windows.size(), 3u);
  EXPECT_EQ(part.staff[0].window, 0);
  EXPECT_EQ(part.services[0].arrivals_per_hour[0], 0.0);
  EXPECT_EQ(part.services[2].arrivals_per_hour[0], 3.0);
}

TEST(SimSkillGraph, ShortfallByHand) {
  std::vector<std::vector<int>> pairs{{0, 1}, {0, 1}, {2, 3}, {2, 3}};
  std::vector<std::vector<int>> chain{{0, 1}, {1, 2}, {2, 3}, {3, 0}};
  std::vector<std::vector<int>> full(4, {0, 1, 2, 3});
  // Demand 2 + 1 on the first pair (2 clerks) and 0.5 + 0.5 on the second: one erlang cannot be
  // served with pairs; the chain moves it (A on clerks {0,1} and {3,0}, B on {1,2}, C and D on
  // {2,3}), as does full flexibility.
  std::vector<double> d{2, 1, 0.5, 0.5};
  EXPECT_NEAR(shortfall(d, pairs), 1.0, 1e-9);
  EXPECT_NEAR(shortfall(d, chain), 0.0, 1e-9);
  EXPECT_NEAR(shortfall(d, full), 0.0, 1e-9);
  // More than all four clerks: the excess, whatever the skills.
  EXPECT_NEAR(shortfall({3, 1, 1, 1}, full), 2.0, 1e-9);
  EXPECT_NEAR(shortfall({3, 1, 1, 1}, chain), 2.0, 1e-9);
  EXPECT_NEAR(shortfall({3, 1, 1, 1}, pairs), 2.0, 1e-9);
  EXPECT_NEAR(shortfall({0, 0, 0, 0}, pairs), 0.0, 1e-9);
}

TEST(SimSkillGraph, BoundForDisconnectedPairsExceedsPooled) {
  Scenario pairs = parse(twoPairs());
  RunOptions o;
  o.reps = 4;
  RunReport r = runScenario(pairs, o);
  ASSERT_TRUE(r.bound);
  EXPECT_EQ(r.bound->components, 2);
  const auto& onedoor = r.policies[2];
  const auto& pooled = r.policies[3];
  ASSERT_EQ(pooled.policy, Policy::kPooled);
  // A and B load 2.83 erlangs on 3 clerks, C and D 1 on 3: pooled over all 6 waits far less.
  EXPECT_GT(r.bound->wait.mean, 2 * pooled.wait.mean);
  EXPECT_GT(r.bound->wait.p95, pooled.wait.p95);
  // Within a pair every clerk knows both services: onedoor is the bound, up to ordering.
  EXPECT_NEAR(onedoor.wait.mean / r.bound->wait.mean, 1.0, 0.15);
  auto j = toJson(r);
  EXPECT_EQ(j["skill_graph"]["components"], 2);
  // Connected: the bound is pooled itself.
  json linked = twoPairs();
  linked["staff"][2]["skills"] = {"B", "C"};
  RunReport c = runScenario(parse(linked), o);
  ASSERT_TRUE(c.bound);
  EXPECT_EQ(c.bound->components, 1);
  EXPECT_EQ(c.bound->wait.mean, c.policies[3].wait.mean);
}

TEST(SimSkillGraph, TrainingAdviceClosesABrokenChainFirst) {
  Scenario sc = shipped("sparse-chain");
  // Break the chain's link between br_licence and re_register: their clerks keep br_licence only.
  int br = -1, re = -1;
  for (size_t s = 0; s < sc.services.size(); ++s) {
    if (sc.services[s].code == "br_licence") br = static_cast<int>(s);
    if (sc.services[s].code == "re_register") re = static_cast<int>(s);
  }
  int cut = 0;
  for (auto& st : sc.staff) {
    bool has_br = std::count(st.skills.begin(), st.skills.end(), br), has_re = std::count(st.skills.begin(), st.skills.end(), re);
    if (has_br && has_re) st.skills = {br}, ++cut;
  }
  ASSERT_GT(cut, 0);
  TrainingAdvice a = adviseTraining(sc, {.seed = 1, .reps = 2, .moves = 1, .shortlist = 4});
  ASSERT_EQ(a.moves.size(), 1u);
  const TrainingMove& m = a.moves[0];
  const auto& holds = sc.staff[m.staff].skills;
  bool closes = (m.service == re && std::count(holds.begin(), holds.end(), br)) ||
                (m.service == br && std::count(holds.begin(), holds.end(), re));
  EXPECT_TRUE(closes) << "teach " << sc.staff[m.staff].id << " " << sc.services[m.service].code;
  EXPECT_GT(m.gain_min, 0);
  EXPECT_GT(m.gap_closed, 0);
  auto j = trainingJson(a, sc);
  EXPECT_EQ(j["moves"][0]["staff"], sc.staff[m.staff].id);
}

TEST(SimSkillGraph, PairsAdviceJoinsComponents) {
  TrainingAdvice a = adviseTraining(shipped("sparse-pairs"), {.seed = 1, .reps = 2, .moves = 1, .shortlist = 3});
  ASSERT_EQ(a.moves.size(), 1u);
  EXPECT_EQ(a.components, 4);
  EXPECT_TRUE(a.moves[0].joins_components);
}

// The dispatch goal on the long chain, on a short run (seed 1, 10 replications: mean 1.32 ×, p95
// 1.24 × pooled; oldest-first dispatch gave 1.45 × and 1.44 ×): fails if onedoor's dispatch
// regresses. Over 40 replications the mean is 1.59 ×, short of the 1.25 × goal (docs/benchmarks.md).
TEST(SimSkillGraph, LongChainDispatchNearPooled) {
  RunOptions o;
  o.reps = 10;
  o.policies = {Policy::kOnedoor, Policy::kPooled};
  RunReport r = runScenario(shipped("sparse-chain"), o);
  const auto& onedoor = r.policies[0].wait;
  const auto& pooled = r.policies[1].wait;
  EXPECT_LE(onedoor.p95, 1.35 * pooled.p95) << onedoor.p95 << " vs " << pooled.p95;
  EXPECT_LE(onedoor.mean, 1.5 * pooled.mean) << onedoor.mean << " vs " << pooled.mean;
}
