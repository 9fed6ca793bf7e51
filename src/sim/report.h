// Running a scenario for several policies, seeds and replications, and the report it yields: the
// JSON of SCENARIOS.md and the readable table of `onedoor sim`.
#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/engine.h"
#include "sim/scenario.h"

namespace onedoor::sim {

struct WaitStats {
  int64_t served = 0;
  double mean = 0, p50 = 0, p95 = 0, max = 0;
};
WaitStats waitStats(std::vector<float> waits);  // nearest-rank percentiles

struct ServiceReport {
  std::string code;
  WaitStats wait;
  int64_t abandoned = 0;
  int64_t no_show = 0;
};

struct PolicyReport {
  Policy policy;
  WaitStats wait;
  int64_t abandoned = 0;
  int64_t no_show = 0;
  std::vector<ServiceReport> per_service;
  double window_hours_open = 0;   // per replication
  double glass_door_min = 0;      // per replication
  int64_t reskills = 0;
  std::vector<WaitStats> per_interval;  // by arrival interval
};

// The analytic reference: M/M/c for the busiest interval, all services pooled, c = windows open in
// the scenario's own layout at that time.
struct ErlangReference {
  int interval = 0;
  int start_min = 0;
  double arrivals_per_hour = 0;
  double mean_service_min = 0;
  double load_erlangs = 0;
  int windows = 0;
  double p_wait = 1;
  double mean_wait_min = 0;  // +inf when the load meets or passes the windows
};
ErlangReference erlangReference(const Scenario& sc);

struct RunOptions {
  uint64_t seed = 1;
  int reps = 1;
  std::vector<Policy> policies{Policy::kStatic, Policy::kOrdered, Policy::kOnedoor, Policy::kPooled};
  OnedoorKnobs knobs;
  const WindowPlan* plan = nullptr;  // applies to onedoor runs (staffing advice)
  // A run still going at this time stops (RunReport::timed_out) instead of finishing.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

// The lower bound for the hall's own skill graph (src/sim/skill_graph.h): services joined by a clerk
// who holds both form connected components, and no dispatch rule moves work between components; each
// component run as its own pooled hall (one FIFO queue, every clerk of the component serving all its
// services) bounds what any dispatch can reach. Equal to `pooled` when the graph is connected.
struct GraphBound {
  int components = 1;
  WaitStats wait;
  int64_t abandoned = 0;
};

struct RunReport {
  std::string scenario;
  uint64_t seed = 0;
  int reps = 0;
  int days = 0;
  std::vector<PolicyReport> policies;
  ErlangReference erlang;
  uint64_t events = 0;
  int64_t citizens = 0;
  bool timed_out = false;  // stopped at RunOptions::deadline: the figures are incomplete
  std::optional<GraphBound> bound;  // with onedoor and pooled both run
};

// The raw tallies of the run, one per policy of o.policies (rep gets citizens, events, timed_out);
// runScenario is this plus the statistics. For callers that merge runs (the skill-graph bound).
std::vector<Tally> runTallies(const Scenario& sc, const RunOptions& o, RunReport& rep,
                              const std::function<void(double)>& progress = {});

// progress(fraction done) is called now and then (for the progress bar); may be empty.
RunReport runScenario(const Scenario& sc, const RunOptions& o, const std::function<void(double)>& progress = {});

nlohmann::ordered_json toJson(const RunReport& r);
std::string toTable(const RunReport& r);
std::string clockText(int minutes_after_midnight);

}  // namespace onedoor::sim
