// The hall's skill graph (services joined by a clerk who holds both) and what follows from it:
// its connected components, the lower bound for the graph (each component pooled on its own), the
// expected shortfall of a skills matrix under fluctuating demand (Jordan & Graves 1995), and the
// training advice of `onedoor sim --advise-training`: which single skill to teach to which clerk
// closes the most of the gap to the pooled bound, then the next.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/report.h"
#include "sim/scenario.h"

namespace onedoor::sim {

// Connected components of the skill graph, each a sorted list of service indices, ordered by their
// first service. Services that no clerk holds are left out (nobody can serve them under any rule).
std::vector<std::vector<int>> skillComponents(const Scenario& sc);

// The part of the hall that serves `services` (one component): every service is kept, so service
// indices and the citizens drawn for them stay the same, but arrivals outside the component are
// zero; the clerks whose skills lie in it, the windows they start at, and the spare windows.
Scenario componentScenario(const Scenario& sc, const std::vector<int>& services);

// Pooled within each component (see GraphBound in report.h): the pooled policy run on every
// component's part of the hall, with the same seed and replications, waits merged.
GraphBound graphBound(const Scenario& sc, const RunOptions& o, RunReport& rep);

// Work that cannot be served at once: Σ demand − the max flow from services (capacity = demand,
// in erlangs) through able clerks (capacity 1 each). 0 for the pooled hall when Σ demand ≤ clerks.
double shortfall(const std::vector<double>& demand, const std::vector<std::vector<int>>& skills);
// The same averaged over Poisson-like fluctuations of the busiest intervals' loads (normal with
// variance = mean, truncated at 0), `samples` draws per interval from `seed`: the Jordan & Graves
// measure of how much of full flexibility's benefit a skills matrix gets.
double expectedShortfall(const Scenario& sc, const std::vector<std::vector<int>>& skills, int samples = 24,
                         uint64_t seed = 1);

struct TrainingMove {
  int staff = 0;
  int service = 0;
  bool joins_components = false;  // the new skill joins two components of the skill graph
  double shortfall = 0;           // expected shortfall after the move
  double mean = 0, p95 = 0;       // onedoor's waits with this and the earlier moves
  double gain_min = 0;            // mean wait saved by this move
  double gap_closed = 0;          // share of the gap to pooled closed so far (0..1)
};

struct TrainingAdvice {
  double onedoor_mean = 0, onedoor_p95 = 0;  // as the hall is
  double pooled_mean = 0, pooled_p95 = 0;
  int components = 1;
  std::vector<TrainingMove> moves;
  bool timed_out = false;
};

struct TrainingOptions {
  uint64_t seed = 1;
  int reps = 5;
  int moves = 3;       // how many single-skill steps to advise
  int shortlist = 6;   // candidates per step simulated (the best by expected shortfall)
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

TrainingAdvice adviseTraining(const Scenario& sc, const TrainingOptions& o);
nlohmann::ordered_json trainingJson(const TrainingAdvice& a, const Scenario& sc);
std::string trainingTable(const TrainingAdvice& a, const Scenario& sc);
// Lines for the table of `onedoor sim` about the skill graph bound (empty when there is none).
std::string boundTable(const RunReport& r);
nlohmann::ordered_json boundJson(const RunReport& r);

}  // namespace onedoor::sim
