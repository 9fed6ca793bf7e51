// A simulator scenario (SCENARIOS.md) built from a live hall: its services and mean service times,
// windows with their skills and open/shut state, staff with their skills and seats, its p95 target,
// and arrivals per opening hour from the hall's own ticket history in the ledger. Used by the
// what-if page to ask "what if this hall were run differently?". Reads only; thread-safe.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>

#include "core/result.h"
#include "store/store.h"

namespace onedoor::services {

struct HallScenarioOptions {
  int open_hour = 9;    // the hall's opening hours, local time
  int close_hour = 17;
  int history_days = 28;            // tickets issued in this many days before `now` set the arrivals
  int utc_offset_minutes = 480;     // Asia/Shanghai
  double fallback_utilisation = 0.8;  // with no history: the load the open windows carry at this level
};

// kNotFound for an unknown hall. The result's "description" says where the arrivals came from.
Result<nlohmann::json> scenarioFromHall(Reader& r, int64_t hall_id, int64_t now_ms, const HallScenarioOptions& o = {});

}  // namespace onedoor::services
