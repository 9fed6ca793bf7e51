// The appeal lifecycle as a pure state machine: (appeal, command, actor, now) → the changed appeal
// plus the events to append to the ledger, or a Status saying why not. No I/O; thread-safe.
//
//   received ─route→ assigned ─accept→ accepted ─reply→ replied ─verdict(ok)→ closed
//                      ↑  ↑               │  ↑              │ └─expireConfirmation→ closed (unconfirmed)
//                      │  └──transfer─────┘  └──verdict(not resolved / dissatisfied): reopen
//                      └── supervisorAssign (final: no more transfers)
//
// Deadlines are never computed here: the service layer runs the working-day calendar and passes
// the results in (confirm_due, new_resolution_due). Transfers do not restart the clock: the
// citizen's deadlines keep running while offices pass the case around (PRODUCT rule 4).
//
// Who may act: supervisors and admins on any case; handlers on cases of their own department or
// assigned to them; the "system" actor routes at intake and escalates; the citizen gives the verdict
// (the service has checked the tracking code's secret). Clerks and operators only record appeals.
//
// Escalation rule (checkDeadlines). escalation_level is the only memory, so the rule is stated as
// a target the record itself implies:
//   misses = [response]   when response_due has passed and the case is not accepted yet, or it was
//                         accepted after response_due;
//          + [resolution] when resolution_due has passed and the case is not replied yet;
//          + missed_deadlines    resolution deadlines missed in earlier rounds (a late reply that
//                                the citizen sent back; the reopen keeps the count);
//   target = min(2, number of misses)   (1 = department head, 2 = supervisor).
// checkDeadlines acts only while a deadline is missed right now (so a late acceptance is not
// escalated after the fact on its own, but still counts once the resolution deadline is missed),
// raises the level to the target and emits one "appeal.escalated" per level gained, each naming
// the deadline that caused it ({"trigger":"deadline","deadline":"response"|"resolution","due":…}).
// It never lowers the level. The target depends only on the record and grows only with time, so
// a second call emits nothing; something new comes only when a further deadline passes and the
// count exceeds the level. Manual escalations count towards the level (a case the handler already
// took to the head is not escalated again when its response deadline passes). A missed deadline
// that would not raise the level emits nothing; the supervisor's overdue list still shows it, and a
// second reopen takes the case to the supervisor regardless (PRODUCT rule 2).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "appeals/appeal.h"
#include "core/result.h"

namespace onedoor::appeals {

// After this many transfers only a supervisor may move the case (首问负责制).
inline constexpr int kMaxTransfers = 2;
// escalation_level values.
inline constexpr int kLevelDepartmentHead = 1;
inline constexpr int kLevelSupervisor = 2;

// role: admin | supervisor | handler | clerk | operator | citizen | system.
struct Actor {
  int64_t user_id = 0;
  std::string role;
  std::optional<int64_t> department_id;
};

// `text` with every occurrence of the citizen's `phone` masked (138****1234): for free texts that
// go into the ledger or before staff who may not see the number (PRODUCT rule 10).
std::string scrub(const std::string& text, const std::string& phone);

// One ledger event to append, e.g. {"appeal.accepted", {...}}. Payloads are small and never carry
// the citizen's phone number (it is masked if a free text happens to quote it).
struct EventSpec {
  std::string type;
  nlohmann::json payload;
};

struct Change {
  Appeal after;
  std::vector<EventSpec> events;  // at least one on every successful command
};

// The A post was absent, so routing went straight to the B post (AB岗, PRODUCT rule 5).
struct BackupRouting {
  int64_t absent_handler_id = 0;
  std::string absent_reason;  // the A post's presence: "out", "break" or "off"
};

struct ReplyInput {
  std::string text;         // the message to the citizen
  std::string action;       // what was / will be done
  std::string responsible;  // by whom
  std::optional<int64_t> due;  // by when (epoch ms); must be later than now
  bool formulaic = false;      // the caller's formulaic-reply checker flagged the reply
  std::string override_reason;  // a supervisor's reason to let a flagged reply through
};

// received → assigned. `handler_id` is the post the case lands on; with `backup` it is the B post
// and the event names the absent A post and why it was absent. `a` by value: the intake moves its
// new case in rather than copying it.
Result<Change> route(Appeal a, int64_t department_id, std::optional<int64_t> handler_id,
                     std::optional<BackupRouting> backup, const Actor& actor, int64_t now);

// assigned → accepted (the response). A handler who accepts an unowned case becomes its owner.
Result<Change> accept(const Appeal& a, const Actor& actor, int64_t now);

// accepted → replied; opens the citizen's confirmation window until `confirm_due`.
Result<Change> reply(const Appeal& a, const ReplyInput& in, int64_t confirm_due, const Actor& actor,
                     int64_t now);

// assigned|accepted → assigned at another department, handler cleared, transfers + 1.
Result<Change> transfer(const Appeal& a, int64_t to_department_id, const std::string& reason,
                        const Actor& actor, int64_t now);

// received|assigned|accepted → assigned, for good (assignment_final). Supervisors and admins only.
Result<Change> supervisorAssign(const Appeal& a, int64_t department_id,
                                std::optional<int64_t> handler_id, const std::string& reason,
                                const Actor& actor, int64_t now);

// One level up (department head, then supervisor), by hand, with a reason.
Result<Change> escalate(const Appeal& a, const std::string& reason, const Actor& actor, int64_t now);

// The deadline sweep (see the escalation rule above); nullopt when there is nothing to do.
std::optional<Change> checkDeadlines(const Appeal& a, int64_t now);

// The citizen's verdict on a replied case. Resolved and at least basically satisfied closes it;
// otherwise it reopens (back to accepted with `new_resolution_due`); a second reopen escalates to
// the supervisor; dissatisfied or worse also opens a rectification (PRODUCT rules 1, 2, 8).
Result<Change> verdict(const Appeal& a, bool resolved, Rating rating, const std::string& comment,
                       int64_t new_resolution_due, const Actor& actor, int64_t now);

// replied and past confirm_due → closed as "unconfirmed": no verdict, never counted as satisfied.
std::optional<Change> expireConfirmation(const Appeal& a, int64_t now);

// The citizen's timeline label for an event type, e.g. "appeal.accepted" → "已受理".
std::string timelineLabel(const std::string& event_type);

}  // namespace onedoor::appeals
