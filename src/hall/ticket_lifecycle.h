// A hall ticket's lifecycle as a pure state machine: (ticket, command, now) → the changed ticket
// plus the ledger event to append, or a Status saying why not (409 / 404 / 400). No I/O, no clock,
// no dispatcher; thread-safe. The service layer (services/hall_service.cc) reads the row, asks here,
// moves the dispatcher to match and writes the row and the event in one transaction.
//
//   waiting ─call→ called ─start→ serving ─finish→ finished
//      ↑  │          │  ↺ recall      │  └─finish (services left)→ waiting (next service, arrival kept)
//      │  │          └─noShow (after N recalls)→ no_show
//      │  └─cancel→ cancelled   (the holder)
//      └─── transfer (another service) / redirect (one window's queue) from called or serving
//   confirmPriority: waiting → waiting with the class the clerk saw proof of.
//
// Who may act at a window (seated clerk, supervisor, admin) is the window's question and is
// answered by the service before a command reaches a ticket.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace onedoor::hall {

enum class TicketStatus : uint8_t { kWaiting, kCalled, kServing, kFinished, kNoShow, kCancelled };

// "waiting", "called", "serving", "finished", "no_show", "cancelled" (the stored and public names).
std::string_view statusName(TicketStatus s);
std::optional<TicketStatus> parseStatus(std::string_view s);
// Waiting, called or serving: the dispatcher still holds it.
inline bool isLive(TicketStatus s) { return s <= TicketStatus::kServing; }

// What the lifecycle knows of a ticket (the row's changeable part).
struct TicketFacts {
  TicketStatus status = TicketStatus::kWaiting;
  std::string number;                      // "A023" (never changes)
  std::string service;                     // current service code
  std::vector<std::string> services_left;  // further services of the visit, in order
  std::string priority = "normal";
  std::optional<int64_t> window_id;           // the window that called it
  std::optional<int64_t> redirect_window_id;  // waiting for this window only
  std::optional<int64_t> called_at, started_at, finished_at;
  int recalls = 0;
  bool notified = false;  // "near the front" already sent
};

enum class TicketCmd { kCall, kRecall, kNoShow, kStart, kFinish, kTransfer, kRedirect, kCancel, kConfirmPriority };

struct TicketCommand {
  TicketCmd kind = TicketCmd::kCall;
  int64_t window_id = 0;       // call: the calling window; redirect: the target window
  int window_number = 0;       // redirect: the target window's number
  std::string service;         // transfer: the new service
  std::string priority;        // confirm priority: the confirmed class
  int no_show_recalls = 3;     // no-show: recalls required first (the hall's setting)
};

// What happens to the dispatcher's copy of the ticket.
enum class Requeue {
  kNone,        // it stays where it is (recall, start, confirm-priority handles its own)
  kCalled,      // the window's dispatcher call already took it (call)
  kDone,        // it leaves the window for good (finished, no_show)
  kNextService, // finished one service, waits in the next one's queue (arrival kept)
  kTransfer,    // waits in another service's queue (arrival kept)
  kRedirect,    // waits for one window only
  kRemoved,     // left the queue (cancelled)
  kReordered,   // its class changed: removed and queued again (confirm-priority)
};

struct TicketChange {
  TicketFacts after;
  std::string event_type;     // ledger type, e.g. "ticket.called"
  std::string message_type;   // WebSocket type, e.g. "ticket_called"
  nlohmann::json payload = nlohmann::json::object();  // the event's own fields (the service adds
                                                      // window, number and state)
  Requeue requeue = Requeue::kNone;
};

// One command on the ticket a window holds (`t` null: the window holds none) or, for cancel and
// confirm-priority, on a waiting ticket.
Result<TicketChange> apply(const TicketFacts* t, const TicketCommand& cmd, int64_t now);

bool isPriorityClassName(std::string_view p);  // normal, elderly, disabled, pregnant, military

}  // namespace onedoor::hall
