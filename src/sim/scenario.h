// A hall scenario (the input of `onedoor sim`, format in docs/simulator.md and SCENARIOS.md) and
// its strict parser: unknown or malformed fields are refused with the field's JSON pointer.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "sim/rng.h"

namespace onedoor::sim {

struct ServiceSpec {
  std::string code;
  std::string name;
  Distribution service_min{Distribution::Kind::kExponential, 10.0, 1.0};
  std::vector<double> arrivals_per_hour;  // one rate per interval, in arrivals per hour
};

struct WindowSpec {
  std::string id;
  std::vector<int> skills;  // service indices
  bool open = true;         // false: a spare window, shut at the start
};

struct StaffSpec {
  std::string id;
  std::vector<int> skills;
  int shift_start_min = 0;  // minutes after midnight
  int shift_end_min = 0;
  int window = -1;          // index of the window they start at, -1 = back office
};

struct Scenario {
  std::string name;
  std::string description;
  int days = 1;
  int open_min = 9 * 60;     // minutes after midnight
  int close_min = 17 * 60;
  int interval_min = 60;     // length of one arrivals_per_hour slot
  std::vector<ServiceSpec> services;
  std::vector<WindowSpec> windows;
  std::vector<StaffSpec> staff;
  double priority_share = 0.0;
  double appointment_share = 0.0;
  std::optional<Distribution> patience_min;  // none: nobody leaves
  double no_show_share = 0.0;
  double target_p95_wait_min = 15.0;

  int intervals() const { return (close_min - open_min) / interval_min; }
};

// Parses and validates a scenario. On error the Status's field() is the JSON pointer of the bad
// field ("/services/2/service_min/cv") and its message says what is wrong.
Result<Scenario> parseScenario(std::string_view json_text);

}  // namespace onedoor::sim
