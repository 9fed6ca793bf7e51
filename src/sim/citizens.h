// The citizens of one simulated day, drawn before any policy runs (common random numbers): every
// policy sees the same arrivals, service times, patience, priority classes and no-shows.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "sim/scenario.h"

namespace onedoor::sim {

constexpr int64_t kForever = std::numeric_limits<int64_t>::max() / 4;

struct Citizen {
  int64_t arrival_ms;      // milliseconds after midnight of the simulated day
  int64_t service_ms;      // how long their service takes at any window
  int64_t patience_ms;     // how long they wait before leaving; kForever when they never leave
  int64_t appointment_ms;  // appointment time, or -1 for a walk-in
  uint16_t service;
  uint8_t priority_class;  // 0 normal, 1..4 = elderly, disabled, pregnant, military
  bool no_show;            // took a ticket but is not there when called
};

// Non-homogeneous Poisson arrivals per service (exponential gaps within each piecewise-constant
// interval, exact by memorylessness), one random stream per (seed, rep, day, service), sorted by
// arrival time.
std::vector<Citizen> drawCitizens(const Scenario& sc, uint64_t seed, int rep, int day);

}  // namespace onedoor::sim
