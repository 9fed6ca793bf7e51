// Appeal intake, routing, handling and verdicts: the glue between the pure lifecycle, the
// working-day calendar, the formulaic-reply checker and the Store. Every write is one WriteFn that
// updates the case and appends its events in the same transaction. Thread-safe: members are
// immutable after construction (the calendar and checker are read-only).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "appeals/appeal.h"
#include "appeals/lifecycle.h"
#include "appeals/photo.h"
#include "calendar/working_calendar.h"
#include "services/calendar_book.h"
#include "core/clock.h"
#include "core/secret_key.h"
#include "store/store.h"
#include "text/formulaic.h"

namespace onedoor::services {

struct IntakeInput {
  appeals::Channel channel = appeals::Channel::kWeb;
  std::string category;
  std::string title;  // required for mailbox letters
  std::string text;
  std::string address;
  std::string area;
  std::string phone;
  std::string name;
  std::optional<double> lat, lng;
  int64_t created_by = 0;  // staff user for hotline / mailbox typed in / field
  std::string actor;       // ledger actor: "citizen", "user:12"
  // Open311: the client's key and what it sent beyond these fields (stored beside the case).
  std::optional<int64_t> api_key_id;
  std::optional<Open311Submission> open311;
};

struct IntakeOutcome {
  appeals::Appeal appeal;
  std::string secret;  // shown once to the citizen; only its hash is stored
  std::string department_name;
  bool estimated = false;
};

// What a staff member or the system asks of a case; returns the change the lifecycle allows.
using CaseCommand = std::function<Result<appeals::Change>(const appeals::Appeal&, WriteTx&)>;

class AppealService {
 public:
  // `key` hashes the citizens' secrets (appeals/secret.h); it must outlive the service.
  AppealService(const Clock& clock, const CalendarBook& calendars, const text::FormulaicChecker& checker,
                const SecretKey& key)
      : clock_(clock), calendars_(calendars), checker_(checker), key_(key) {}

  // Checks the fields a citizen or operator typed (lengths, phone format, coordinates). Pure.
  // Open311 requests (channel open311) follow GeoReport v2: the description may have up to 4000
  // characters, and the phone is optional and free-form (any country's format), since 311 clients
  // may file without one; the client's email, or Open311 itself, carries the answer then.
  static Status validateIntake(const IntakeInput& in);
  static constexpr size_t kOpen311TextMax = 4000;  // GeoReport v2's description limit

  // Validates, routes (rules, then the category's default department; A/B posts) and stores the new
  // case with its events. `out` receives the stored case and the secret.
  WriteFn intakeWrite(IntakeInput in, std::shared_ptr<IntakeOutcome> out) const;

  // Loads case `id` inside the transaction, runs `cmd`, stores the result and its events.
  WriteFn applyWrite(int64_t id, std::string actor, CaseCommand cmd, std::shared_ptr<appeals::Appeal> out) const;

  // The same, for the citizen: finds the case by tracking code and checks the secret first.
  WriteFn verdictWrite(std::string tracking_code, std::string secret, bool resolved, appeals::Rating rating,
                       std::string comment, std::shared_ptr<appeals::Appeal> out) const;

  // Adds a photo to the citizen's own case (tracking code + secret). The bytes must be a JPEG, PNG
  // or WebP picture of at most kMaxPhotoBytes; at most kMaxPhotosPerAppeal; not on a closed case.
  WriteFn photoWrite(std::string tracking_code, std::string secret, std::string bytes,
                     std::shared_ptr<appeals::AppealPhoto> out) const;

  // Records the follow-up call (回访) that ends a rectification. kConflict when already done.
  WriteFn followupWrite(int64_t rectification_id, int64_t user_id, std::string note, bool satisfied,
                        std::shared_ptr<appeals::Rectification> out) const;
  static constexpr int kRectificationDays = 5;  // working days to rectify and call back

  // Commands for staff actions (the actor's rights are checked by the lifecycle).
  CaseCommand accept(appeals::Actor actor) const;
  CaseCommand reply(appeals::Actor actor, std::string text, std::string action, std::string responsible, int64_t due,
                    std::string override_reason) const;
  CaseCommand transfer(appeals::Actor actor, int64_t department_id, std::string reason) const;
  CaseCommand assign(appeals::Actor actor, int64_t department_id, std::optional<int64_t> handler_id,
                     std::string reason) const;
  CaseCommand escalate(appeals::Actor actor, std::string reason) const;

  // Escalates overdue cases and closes expired confirmation windows as of now. Returns how many
  // cases changed. Blocking (uses Store::write); run from a background thread.
  Result<int> sweep(Store& store) const;

  // True when `secret` (as the citizen typed it) opens case `a`.
  bool secretMatches(const appeals::Appeal& a, const std::string& secret) const;
  calendar::DeadlineResult due(int64_t from, int limit, bool urgent) const;
  // The calendar in force (admins may replace it at any time; keep the pointer for one request).
  std::shared_ptr<const calendar::WorkingCalendar> calendar() const { return calendars_.current(); }
  const CalendarBook& calendars() const { return calendars_; }
  const Clock& clock() const { return clock_; }

 private:
  const Clock& clock_;
  const CalendarBook& calendars_;
  const text::FormulaicChecker& checker_;
  const SecretKey& key_;
};

// The portal's phone formats (mainland mobile, landline with area code), as validateIntake checks
// them.
bool isMainlandMobile(std::string_view s);
bool isMainlandLandline(std::string_view s);

// The routing decision for a new case, from rules and the department's A/B posts. Pure.
struct RoutingDecision {
  int64_t department_id = 0;
  std::optional<int64_t> handler_id;
  std::optional<appeals::BackupRouting> backup;
};
RoutingDecision decideRouting(const appeals::Category& category, const std::string& area,
                              const std::vector<appeals::RoutingRule>& rules, const std::vector<User>& users);

// Open cases that look like the same problem (same category; overlapping words or address), best
// first. Pure.
std::vector<appeals::Appeal> similarAppeals(const std::vector<appeals::Appeal>& open, const std::string& text,
                                            const std::string& address, size_t max_results = 5);

}  // namespace onedoor::services
