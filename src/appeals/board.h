// The public board's figures (接诉即办 "three rates" and more), computed from appeal records.
// Pure; thread-safe. The formulas are documented in docs/board.md and tested on a hand-computed set.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "appeals/appeal.h"

namespace onedoor::appeals {

struct Rates {
  int64_t cases = 0;
  // Each rate is numerator / denominator, or nullopt when the denominator is 0.
  std::optional<double> response_rate;      // accepted by response_due / (accepted + past response_due)
  std::optional<double> resolution_rate;    // citizen said resolved / closed cases
  std::optional<double> satisfaction_rate;  // rated 基本满意 or better / (rated + closed unconfirmed)
  std::optional<double> on_time_rate;       // replied by resolution_due / (replied + overdue unreplied)
  std::optional<double> reopen_rate;        // reopened at least once / cases
  std::optional<double> override_rate;      // replies let through by a formulaic override / replied
};

// Figures for a set of cases (e.g. one department's cases created in a period), as of `now`.
Rates computeRates(const std::vector<const Appeal*>& cases, int64_t now);

struct DepartmentRates {
  int64_t department_id = 0;
  Rates rates;
  bool ranked = false;       // enough cases to be ranked
  std::optional<int> rank;   // 1 = best, by satisfaction, then resolution, then response rate
};

struct Board {
  Rates overall;
  std::vector<DepartmentRates> departments;  // ranked first by rank, then the unranked by id
  int min_cases = 5;
};

Board computeBoard(const std::vector<Appeal>& cases, int64_t now, int min_cases = 5);

}  // namespace onedoor::appeals
