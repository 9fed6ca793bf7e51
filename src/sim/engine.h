// The discrete-event engine: one simulated day of one policy, driving hall::Dispatcher with a
// simulated clock, and the tallies it fills. Deterministic; no shared state.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/citizens.h"
#include "sim/scenario.h"

namespace onedoor::sim {

enum class Policy { kStatic, kOrdered, kOnedoor, kPooled };
const char* policyName(Policy p);
bool parsePolicy(std::string_view name, Policy& out);

// How the onedoor policy decides; the defaults are what `onedoor sim` uses.
struct OnedoorKnobs {
  double open_when_wait_min = -1;   // open a spare window when a joining ticket's predicted wait
                                    // passes this; < 0 means half the scenario's p95 target
  double close_idle_min = 20;       // shut a window idle this long with nothing it can serve waiting
  bool close_planned_windows = false;  // also shut windows that were open in the plan (else only spares)
  int tick_s = 60;                  // how often the supervisor logic runs
};

// Open-window count over a day: (time, count) at each change. onedoor records it; pooled replays it.
using OpenSchedule = std::vector<std::pair<int64_t, int>>;

// Staffing plan (advice): for each interval, the staff members who sit at windows. The onedoor
// policy then seats exactly them (others leave when idle) and dispatches as usual.
struct WindowPlan {
  std::vector<std::vector<int>> staff;
};

struct Tally {
  std::vector<std::vector<float>> waits;           // per service: minutes waited by served citizens
  std::vector<std::vector<float>> interval_waits;  // per arrival interval, all services
  std::vector<int64_t> abandoned;                  // per service, including unserved at day end
  std::vector<int64_t> no_show;                    // per service
  double window_ms = 0;                            // window-milliseconds open
  double glass_ms = 0;                             // window-milliseconds of glass door
  uint64_t events = 0;
  int64_t reskills = 0;                            // onedoor: windows opened or re-skilled
  // Calls by (window, service) and by (staff member, service): [index * services + service].
  std::vector<int64_t> calls_by_window, calls_by_staff;
  bool timed_out = false;                          // a day stopped at DayInput::deadline
  void init(size_t services, size_t intervals);
};

struct DayInput {
  const Scenario& sc;
  const std::vector<Citizen>& citizens;
  Policy policy;
  OnedoorKnobs knobs;
  const OpenSchedule* replay = nullptr;  // pooled: the onedoor schedule to replay (required)
  OpenSchedule* record = nullptr;        // onedoor: where to record its schedule (optional)
  const WindowPlan* plan = nullptr;      // onedoor: cap on open windows per interval (advice)
  // The day stops where it is when this passes (a served run's time limit) and out.timed_out is set.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

void simulateDay(const DayInput& in, Tally& out);

}  // namespace onedoor::sim
