// `onedoor sim` run as a process on a shipped scenario: the table, JSON with the contract's fields,
// identical bytes for the same seed, and a clear refusal of a malformed scenario file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/cli_process.h"

namespace fs = std::filesystem;

namespace {

using onedoor::testing::run;

std::string scenario(const char* name) { return (fs::path(ONEDOOR_SOURCE_DIR) / "scenarios" / name).string(); }

}  // namespace

TEST(SimCli, TableAndJsonOnTheSeedHall) {
  auto table = run("sim --scenario " + scenario("seed-hall.json") + " --reps 2");
  ASSERT_EQ(table.exit_code, 0) << table.output;
  for (const char* word : {"static", "ordered", "onedoor", "pooled", "ss_card", "Erlang C"})
    EXPECT_NE(table.output.find(word), std::string::npos) << word;

  auto a = run("sim --scenario " + scenario("seed-hall.json") + " --json --seed 5 --reps 2", false);
  auto b = run("sim --scenario " + scenario("seed-hall.json") + " --json --seed 5 --reps 2", false);
  ASSERT_EQ(a.exit_code, 0) << a.output;
  EXPECT_EQ(a.output, b.output);
  auto j = nlohmann::json::parse(a.output);
  for (const char* p : {"static", "ordered", "onedoor", "pooled"}) {
    const auto& pol = j["policies"][p];
    for (const char* f : {"served", "abandoned", "wait_min", "per_service", "window_hours_open", "glass_door_min", "erlang_c"})
      EXPECT_TRUE(pol.contains(f)) << p << " lacks " << f;
    for (const char* f : {"mean", "p50", "p95", "max"}) EXPECT_TRUE(pol["wait_min"].contains(f));
    EXPECT_TRUE(pol["per_service"].contains("bank_card"));
  }
  EXPECT_LT(j["policies"]["onedoor"]["wait_min"]["p95"].get<double>(), j["policies"]["static"]["wait_min"]["p95"].get<double>());

  auto one = run("sim --scenario " + scenario("seed-hall.json") + " --json --policy onedoor --advise", false);
  ASSERT_EQ(one.exit_code, 0);
  auto j1 = nlohmann::json::parse(one.output);
  EXPECT_EQ(j1["policies"].size(), 1u);
  EXPECT_TRUE(j1["advice"]["intervals"].is_array());
}

TEST(SimCli, MalformedScenarioIsRefusedNamingTheField) {
  fs::path bad = fs::temp_directory_path() / "onedoor-sim-bad.json";
  {
    std::ofstream f(bad);
    f << R"({"name": "x", "services": [{"code": "a", "arrivals_per_hour": [1,2,3,4,5,6,7,8], "service_min": {"dist": "weibull", "mean": 3}}],
             "windows": [{"id": "1", "skills": ["a"]}], "staff": []})";
  }
  auto r = run("sim --scenario " + bad.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("/services/0/service_min/dist"), std::string::npos) << r.output;
  fs::remove(bad);
  EXPECT_EQ(run("sim --scenario " + scenario("seed-hall.json") + " --policy fastest").exit_code, 2);
  EXPECT_NE(run("sim --scenario /nonexistent.json").exit_code, 0);
}
