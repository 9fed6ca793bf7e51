// The rules of matters and applications, pure: validation of a matter, materials still missing,
// the one-time-notification rule (一次性告知), trips and extra trips, application states, and the
// spring-door index (弹簧门指数). docs/matters-api.md states them. Thread-safe (no state).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"
#include "matters/matter.h"
#include "matters/records.h"

namespace onedoor::matters {

constexpr size_t kNameMaxChars = 60;

// The contract's validation: name (required, ≤ 60 chars), summary required, material ids unique and
// non-empty, material names required, promised_trips 0 or 1, promised_days ≤ statutory_days when
// both are set, no negative days or copies, the department exists, every hall service code exists.
// kInvalid with `field` ("materials[2].id") on the first problem.
Status validateMatter(const Matter& m, const std::set<int64_t>& departments, const std::set<std::string>& hall_codes);

// Required (non-optional) materials of `m` not in `have`, in the matter's order.
std::vector<const Material*> missingMaterials(const Matter& m, const std::vector<std::string>& have);

// kInvalid naming `field` when an id is not a material of `m` (or is empty).
Status checkMaterialIds(const Matter& m, const std::vector<std::string>& ids, const std::string& field);

// The one-time-notification rule: a later list naming an item that no earlier list named is a
// violation (the applicant should have been told everything at once). Repeating a list, or a
// subset of it, is not. The first list is never a violation and has no new items.
struct NotificationJudgement {
  std::vector<std::string> new_items;
  bool violation = false;
};
NotificationJudgement judgeNotification(const std::vector<Notification>& earlier, const std::vector<std::string>& items);

// Trips beyond the promise (最多跑一次): max(0, trips - promised_trips).
int extraTrips(int trips, int promised_trips);

// Application states and moves.
bool isApplicationState(const std::string& s);
bool isFinishedState(const std::string& s);  // approved, rejected, done
// Whether a clerk may move an application from `from` to `to` (accepted, approved, rejected, done).
// A refused move is kConflict, an unknown target kInvalid (field "state").
Status checkMove(const std::string& from, const std::string& to);

// One row of the spring-door index over finished applications.
struct IndexRow {
  int finished = 0;
  std::optional<double> mean_trips;           // null when nothing finished
  std::optional<double> over_one_trip_share;  // share with more than one trip
  std::optional<double> over_promised_share;  // share with more trips than promised
  int violations = 0;                         // one-time-notification violations
  int extra_trips = 0;                        // trips beyond the promise, summed
};

struct KeyedIndexRow {
  int64_t key = 0;  // matter id or department id
  IndexRow row;
};

struct SpringDoorIndex {
  IndexRow overall;
  std::vector<KeyedIndexRow> matters;      // worst first (extra trips, violations, then key)
  std::vector<KeyedIndexRow> departments;  // worst first
};

// Over `finished` (the caller picks the window); each counts against its matter and department.
SpringDoorIndex springDoorIndex(const std::vector<Application>& finished);

}  // namespace onedoor::matters
