// Stored records around matters: a matter's draft and publication state, its published versions,
// the jargon list, and applications (办件) with their one-time notifications and on-site visits.
// Plain value types that cross the Store interface; see docs/matters-api.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "matters/matter.h"

namespace onedoor::matters {

// A matter as the store keeps it: the working draft plus where its publication stands.
struct MatterRecord {
  Matter draft;                 // the latest saved draft (id and code filled in)
  bool draft_dirty = true;      // saved since the last publish (false: the draft is the current version)
  int current_version = 0;      // 0 = never published
  int64_t published_at = 0;     // of the current version
  int64_t published_by = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;       // last save or publish
};

struct MatterVersionInfo {
  int version = 0;
  int64_t published_at = 0;
  int64_t published_by = 0;  // user id
};

// One jargon term and the plainer words to use ("予以" → "给").
struct JargonEntry {
  std::string term;
  std::string plain;
};

// One one-time notification (一次性告知): the materials the applicant was told are missing.
struct Notification {
  int64_t at = 0;
  std::vector<std::string> items;      // material ids on this list
  std::vector<std::string> new_items;  // items on no earlier list (empty for the first list)
  bool violation = false;              // new_items is not empty on a later list
  int64_t by = 0;                      // user id
};

// One on-site visit of the applicant (a trip, 跑一次).
struct Visit {
  int64_t at = 0;
  std::string purpose;              // "submit" | "submit_materials" | "collect" | "other"
  std::vector<std::string> have;    // materials brought
  int64_t by = 0;                   // user id
};

// States: prechecked, submitted, accepted, missing_materials, approved, rejected, done.
struct Application {
  int64_t id = 0;
  std::string code;           // tracking code, 10 chars Crockford base32
  int64_t matter_id = 0;
  int matter_version = 0;     // the published version the application was made under
  int64_t department_id = 0;  // the matter's department at the time (indexed for the spring-door index)
  std::string state = "submitted";
  std::string applicant_name;
  std::string applicant_phone;
  std::string appointment_code;        // empty when none
  std::vector<std::string> have;       // materials received
  std::vector<std::string> missing;    // materials still missing (the current list)
  int trips = 0;                       // on-site visits (== visits.size() unless seeded otherwise)
  int promised_trips = 1;              // the matter's promise at the time
  int violations = 0;                  // notifications that were violations
  int64_t submitted_at = 0;
  std::optional<int64_t> accepted_at;
  std::optional<int64_t> due;
  std::optional<int64_t> finished_at;  // approved, rejected (or done without either)
  std::string reason;                  // the legal reason of a rejection
  int64_t created_by = 0;              // user id
  std::vector<Notification> notifications;  // oldest first (filled by the store on reads)
  std::vector<Visit> visits;                // oldest first (filled by the store on reads)
};

// Filters for listing applications; unset fields do not filter. Newest first (submitted_at, id).
struct ApplicationQuery {
  std::optional<std::string> state;
  std::optional<int64_t> matter_id;
  std::optional<int64_t> department_id;
  int64_t limit = 200;
};

}  // namespace onedoor::matters
