// Staffing advice (`onedoor sim --advise`): per interval, the fewest open windows, and whose skills,
// that keep the p95 wait under the scenario's target — Erlang C / square-root staffing as the start,
// corrected by simulating the onedoor policy with that plan. Says when the target is out of reach and
// by how many windows.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/scenario.h"

namespace onedoor::sim {

struct IntervalAdvice {
  int start_min = 0;
  double load_erlangs = 0;
  int staff_on_shift = 0;        // who could sit at a window in this interval
  int square_root = 0;           // Halfin–Whitt ceil(a + beta·sqrt(a)), beta for a 20 % delay
  int erlang_c = 0;              // smallest c with M/M/c P(wait > target) <= 5 %, CV-corrected
  int windows = 0;               // advised, after simulation
  double p95_wait_min = 0;       // simulated with the advised plan
  std::vector<int> staff;        // staff indices suggested for the windows (greedy skill coverage)
  bool feasible = true;          // the skills on shift can carry this interval's load at all
  std::vector<int> overloaded;   // service indices of an overloaded set, when not feasible
  int short_by = 0;              // windows missing to meet the target (0 when met)
};

struct Advice {
  double target_p95_min = 15;
  bool meets_target = true;
  int simulations = 0;
  std::vector<IntervalAdvice> intervals;
  double window_hours = 0;       // of the advised plan
};

struct AdviseOptions {
  uint64_t seed = 1;
  int reps = 1;
  int max_rounds = 12;
};

Advice adviseStaffing(const Scenario& sc, const AdviseOptions& o);
nlohmann::ordered_json adviceJson(const Advice& a, const Scenario& sc);
std::string adviceTable(const Advice& a, const Scenario& sc);

}  // namespace onedoor::sim
