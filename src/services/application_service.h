// Applications (办件) at the desk: intake (the first trip), one-time notifications of missing
// materials (一次性告知), further visits (trips), state moves with their deadlines on the shared
// working-day calendar. Every write is one WriteFn that changes the application and appends its
// ledger events in the same transaction; a refusal changes nothing.
// Thread-safe: members are immutable after construction (the calendar book is thread-safe).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "matters/records.h"
#include "services/calendar_book.h"
#include "store/store.h"

namespace onedoor::services {

struct NewApplication {
  int64_t matter_id = 0;
  std::string applicant_name;
  std::string applicant_phone;
  std::string appointment_code;  // optional
  std::vector<std::string> have;
  int64_t user_id = 0;  // the clerk
};

class ApplicationService {
 public:
  ApplicationService(const Clock& clock, const CalendarBook& calendars) : clock_(clock), calendars_(calendars) {}

  // A new application under the matter's current published version; the first visit (trip 1).
  // State submitted when every required material is in `have`, else missing_materials with the
  // missing list recorded as the first notification.
  WriteFn createWrite(NewApplication in, std::shared_ptr<matters::Application> out) const;
  // A one-time notification: `items` are missing. Items on no earlier list make it a violation.
  // kConflict on an approved, rejected or done application; kInvalid on unknown or no items.
  WriteFn missingWrite(int64_t id, std::vector<std::string> items, int64_t user_id,
                       std::shared_ptr<matters::Application> out) const;
  // The applicant came again (a trip); materials brought are ticked off the missing list.
  WriteFn visitWrite(int64_t id, std::string purpose, std::vector<std::string> have, int64_t user_id,
                     std::shared_ptr<matters::Application> out) const;
  // accepted | approved | rejected (needs `reason`) | done.
  WriteFn stateWrite(int64_t id, std::string state, std::string reason, int64_t user_id,
                     std::shared_ptr<matters::Application> out) const;

  // accepted_at + promised_days working days (statutory_days when nothing is promised); nullopt
  // when the matter sets neither.
  std::optional<int64_t> dueFor(const matters::Matter& m, int64_t accepted_at) const;

  static Status validateApplicant(const std::string& name, const std::string& phone);

  const Clock& clock() const { return clock_; }

 private:
  const Clock& clock_;
  const CalendarBook& calendars_;
};

}  // namespace onedoor::services
