// The demo's matters (from the catalogue, demo_matters_data.h) and a believable month of finished
// applications, so the guide, the desk and the spring-door index have something true to show.
// Both run inside loadDemoCentre's one transaction. Deterministic: the same input gives the same
// records (times are relative to `now`).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "store/store.h"

namespace onedoor::demo {

// Inserts and publishes every catalogue matter as the admin (matter.saved, matter.published).
// "department_code" names a demo department by its key (or its name); kInvalid naming the matter
// when one does not pass validation.
Status loadDemoMatters(WriteTx& tx, const std::map<std::string, int64_t>& dept_ids, int64_t admin_id, int64_t now);

// About 60 applications finished over the 30 days before `now`, with their visits, one-time
// notifications and ledger events: most in one trip, some in two, and one-time-notification
// violations concentrated on two or three matters. Needs published matters; none: nothing.
Status seedDemoApplications(WriteTx& tx, int64_t clerk_id, int64_t now);

}  // namespace onedoor::demo
