// Scenario files: the shipped ones parse; malformed ones are refused naming the field (JSON
// pointer) and the problem.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/scenario.h"

using namespace onedoor::sim;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

json minimal() {
  return json::parse(R"({
    "name": "t", "hours": {"open": "09:00", "close": "11:00"},
    "services": [{"code": "a", "service_min": {"dist": "lognormal", "mean": 8, "cv": 0.8}, "arrivals_per_hour": [5, 6]},
                 {"code": "b", "arrivals_per_hour": [1, 2]}],
    "windows": [{"id": "1", "skills": ["a"]}, {"id": "2", "skills": ["a", "b"], "open": false}],
    "staff": [{"id": "x", "skills": ["a", "b"], "window": "1"}, {"id": "y", "skills": ["b"], "shift": ["09:00", "10:00"], "window": null}],
    "priority_share": 0.1, "patience_min": {"dist": "exponential", "mean": 90}, "target": {"p95_wait_min": 15}
  })");
}

// Parses `j` and returns the field the error names ("" when it parses).
std::string refusedField(const json& j) {
  auto r = parseScenario(j.dump());
  if (r) return "";
  EXPECT_NE(r.status().message().find(r.status().field()), std::string::npos) << r.status().message();
  return r.status().field();
}

}  // namespace

TEST(SimScenario, MinimalScenarioParses) {
  auto r = parseScenario(minimal().dump());
  ASSERT_TRUE(r) << r.status().message();
  EXPECT_EQ(r->services.size(), 2u);
  EXPECT_EQ(r->intervals(), 2);
  EXPECT_EQ(r->windows[1].open, false);
  EXPECT_EQ(r->staff[0].window, 0);
  EXPECT_EQ(r->staff[1].window, -1);
  EXPECT_EQ(r->staff[1].shift_end_min, 600);
  EXPECT_EQ(r->services[1].service_min.kind, Distribution::Kind::kExponential);
}

TEST(SimScenario, MalformedFieldsAreNamed) {
  auto with = [](auto edit) {
    json j = minimal();
    edit(j);
    return refusedField(j);
  };
  EXPECT_EQ(with([](json& j) { j["colour"] = "red"; }), "/colour");
  EXPECT_EQ(with([](json& j) { j.erase("name"); }), "/name");
  EXPECT_EQ(with([](json& j) { j["hours"]["open"] = "9am"; }), "/hours/open");
  EXPECT_EQ(with([](json& j) { j["hours"]["close"] = "08:00"; }), "/hours/close");
  EXPECT_EQ(with([](json& j) { j["services"][0]["arrivals_per_hour"] = {1, 2, 3}; }), "/services/0/arrivals_per_hour");
  EXPECT_EQ(with([](json& j) { j["services"][1]["arrivals_per_hour"][1] = -1; }), "/services/1/arrivals_per_hour/1");
  EXPECT_EQ(with([](json& j) { j["services"][0]["service_min"]["dist"] = "gamma"; }), "/services/0/service_min/dist");
  EXPECT_EQ(with([](json& j) { j["services"][0]["service_min"]["cv"] = "high"; }), "/services/0/service_min/cv");
  EXPECT_EQ(with([](json& j) { j["services"][0]["service_min"]["shape"] = 2; }), "/services/0/service_min/shape");
  EXPECT_EQ(with([](json& j) { j["services"][1]["code"] = "a"; }), "/services/1/code");
  EXPECT_EQ(with([](json& j) { j["windows"][1]["skills"][1] = "zz"; }), "/windows/1/skills/1");
  EXPECT_EQ(with([](json& j) { j["windows"][0]["open"] = "yes"; }), "/windows/0/open");
  EXPECT_EQ(with([](json& j) { j["staff"][0]["window"] = "9"; }), "/staff/0/window");
  EXPECT_EQ(with([](json& j) { j["staff"][1]["window"] = "1"; }), "/staff/1/window");  // seat taken
  EXPECT_EQ(with([](json& j) { j["staff"][1]["shift"] = {"10:00", "09:00"}; }), "/staff/1/shift/1");
  EXPECT_EQ(with([](json& j) { j["priority_share"] = 1.5; }), "/priority_share");
  EXPECT_EQ(with([](json& j) { j["patience_min"]["cv"] = 1; }), "/patience_min/cv");
  EXPECT_EQ(with([](json& j) { j["target"]["p95"] = 10; }), "/target/p95");
  EXPECT_EQ(with([](json& j) { j["services"] = json::array(); }), "/services");
  EXPECT_EQ(with([](json& j) { j["days"] = 1.5; }), "/days");
  EXPECT_EQ(refusedField(json::array()), "/");
  EXPECT_FALSE(parseScenario("{\"name\": "));
}

TEST(SimScenario, ShippedScenariosParse) {
#ifdef ONEDOOR_SOURCE_DIR
  fs::path dir = fs::path(ONEDOOR_SOURCE_DIR) / "scenarios";
#else
  fs::path dir = fs::path(__FILE__).parent_path() / ".." / ".." / ".." / "scenarios";
#endif
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".json") continue;
    std::ifstream f(e.path());
    std::stringstream ss;
    ss << f.rdbuf();
    auto r = parseScenario(ss.str());
    EXPECT_TRUE(r) << e.path() << ": " << r.status().message();
    ++n;
  }
  EXPECT_GE(n, 4);
}
