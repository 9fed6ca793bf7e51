// A generated hall scenario of any size (benchmarks and tests): departments of four services,
// windows sized to the load, staff cross-trained along a chain. Deterministic.
#pragma once

#include "sim/scenario.h"

namespace onedoor::sim {

// `windows` open windows (plus windows/8 spare ones and as many back-office staff), services in
// departments of four, a late-morning peak at about 90 % of the windows' capacity.
Scenario syntheticHall(int windows, int services, int days);

}  // namespace onedoor::sim
