// The hall ticket's lifecycle: one small function per command (see ticket_lifecycle.h). Pure.
#include "hall/ticket_lifecycle.h"

namespace onedoor::hall {

namespace {

using nlohmann::json;

const char* const kNoCalled = "没有待叫的号票 / No called ticket at this window";
const char* const kNoCurrent = "窗口没有在办的号票 / No current ticket at this window";

TicketChange change(const TicketFacts& t, const char* event_type, const char* message_type, Requeue requeue) {
  TicketChange c;
  c.after = t;
  c.event_type = event_type;
  c.message_type = message_type;
  c.requeue = requeue;
  return c;
}

// Back to waiting, off any window (transfer, redirect, the visit's next service).
void backToWaiting(TicketFacts& t) {
  t.status = TicketStatus::kWaiting;
  t.window_id = std::nullopt;
  t.called_at = std::nullopt;
  t.started_at = std::nullopt;
  t.recalls = 0;
}

Result<TicketChange> call(const TicketFacts* t, const TicketCommand& cmd, int64_t now) {
  if (!t || t->status != TicketStatus::kWaiting) return internalError("号票不在等候 / the called ticket is not waiting");
  TicketChange c = change(*t, "ticket.called", "ticket_called", Requeue::kCalled);
  c.after.status = TicketStatus::kCalled;
  c.after.window_id = cmd.window_id;
  c.after.redirect_window_id = std::nullopt;
  c.after.called_at = now;
  c.after.recalls = 0;
  return c;
}

Result<TicketChange> recall(const TicketFacts* t, int64_t now) {
  if (!t || t->status != TicketStatus::kCalled) return conflict(kNoCalled, "window");
  TicketChange c = change(*t, "ticket.recalled", "ticket_recalled", Requeue::kNone);
  ++c.after.recalls;
  c.after.called_at = now;
  c.payload["recalls"] = c.after.recalls;
  return c;
}

Result<TicketChange> noShow(const TicketFacts* t, const TicketCommand& cmd, int64_t now) {
  if (!t || t->status != TicketStatus::kCalled) return conflict(kNoCalled, "window");
  if (t->recalls < cmd.no_show_recalls)
    return conflict("需先重呼 " + std::to_string(cmd.no_show_recalls) + " 次 / Recall " +
                        std::to_string(cmd.no_show_recalls) + " times before marking a no-show",
                    "recalls");
  TicketChange c = change(*t, "ticket.no_show", "ticket_no_show", Requeue::kDone);
  c.after.status = TicketStatus::kNoShow;
  c.after.finished_at = now;
  c.payload["recalls"] = t->recalls;
  return c;
}

Result<TicketChange> start(const TicketFacts* t, int64_t now) {
  if (!t || t->status != TicketStatus::kCalled) return conflict("没有待办的号票 / No called ticket at this window", "window");
  TicketChange c = change(*t, "ticket.started", "ticket_started", Requeue::kNone);
  c.after.status = TicketStatus::kServing;
  c.after.started_at = now;
  return c;
}

Result<TicketChange> finish(const TicketFacts* t, int64_t now) {
  if (!t || t->status != TicketStatus::kServing)
    return conflict("窗口没有正在办理的号票 / No ticket is being served at this window", "window");
  if (t->services_left.empty()) {
    TicketChange c = change(*t, "ticket.finished", "ticket_finished", Requeue::kDone);
    c.after.status = TicketStatus::kFinished;
    c.after.finished_at = now;
    return c;
  }
  // On to the visit's next service, keeping the original arrival.
  TicketChange c = change(*t, "ticket.finished", "ticket_finished", Requeue::kNextService);
  c.after.service = t->services_left.front();
  c.after.services_left.erase(c.after.services_left.begin());
  backToWaiting(c.after);
  c.after.notified = false;
  c.payload["next_service"] = c.after.service;
  return c;
}

Result<TicketChange> transfer(const TicketFacts* t, const TicketCommand& cmd) {
  if (!t) return conflict(kNoCurrent, "window");
  TicketChange c = change(*t, "ticket.transferred", "ticket_transferred", Requeue::kTransfer);
  c.after.service = cmd.service;
  backToWaiting(c.after);
  c.payload = {{"from", t->service}, {"to", cmd.service}};
  return c;
}

Result<TicketChange> redirect(const TicketFacts* t, const TicketCommand& cmd) {
  if (!t) return conflict(kNoCurrent, "window");
  TicketChange c = change(*t, "ticket.redirected", "ticket_transferred", Requeue::kRedirect);
  backToWaiting(c.after);
  c.after.redirect_window_id = cmd.window_id;
  c.payload = {{"to_window_id", cmd.window_id}, {"to_window_number", cmd.window_number}};
  return c;
}

Result<TicketChange> cancel(const TicketFacts* t, int64_t now) {
  if (!t || t->status != TicketStatus::kWaiting)
    return conflict("只能取消等候中的号票 / Only a waiting ticket can be cancelled", "state");
  TicketChange c = change(*t, "ticket.cancelled", "ticket_cancelled", Requeue::kRemoved);
  c.after.status = TicketStatus::kCancelled;
  c.after.finished_at = now;
  c.payload["number"] = t->number;
  return c;
}

Result<TicketChange> confirmPriority(const TicketFacts* t, const TicketCommand& cmd) {
  if (!isPriorityClassName(cmd.priority)) return invalid("优先类别不正确 / Unknown priority class", "priority");
  if (!t || t->status != TicketStatus::kWaiting)
    return invalid("今天没有等候中的号票 / No such ticket is waiting today", "number");
  TicketChange c = change(*t, "ticket.priority_confirmed", "ticket_priority_confirmed", Requeue::kReordered);
  c.after.priority = cmd.priority;
  c.payload = {{"from", t->priority}, {"to", cmd.priority}};
  return c;
}

}  // namespace

std::string_view statusName(TicketStatus s) {
  switch (s) {
    case TicketStatus::kWaiting: return "waiting";
    case TicketStatus::kCalled: return "called";
    case TicketStatus::kServing: return "serving";
    case TicketStatus::kFinished: return "finished";
    case TicketStatus::kNoShow: return "no_show";
    case TicketStatus::kCancelled: return "cancelled";
  }
  return "waiting";
}

std::optional<TicketStatus> parseStatus(std::string_view s) {
  for (auto st : {TicketStatus::kWaiting, TicketStatus::kCalled, TicketStatus::kServing, TicketStatus::kFinished,
                  TicketStatus::kNoShow, TicketStatus::kCancelled})
    if (statusName(st) == s) return st;
  return std::nullopt;
}

bool isPriorityClassName(std::string_view p) {
  return p == "normal" || p == "elderly" || p == "disabled" || p == "pregnant" || p == "military";
}

Result<TicketChange> apply(const TicketFacts* t, const TicketCommand& cmd, int64_t now) {
  switch (cmd.kind) {
    case TicketCmd::kCall: return call(t, cmd, now);
    case TicketCmd::kRecall: return recall(t, now);
    case TicketCmd::kNoShow: return noShow(t, cmd, now);
    case TicketCmd::kStart: return start(t, now);
    case TicketCmd::kFinish: return finish(t, now);
    case TicketCmd::kTransfer: return transfer(t, cmd);
    case TicketCmd::kRedirect: return redirect(t, cmd);
    case TicketCmd::kCancel: return cancel(t, now);
    case TicketCmd::kConfirmPriority: return confirmPriority(t, cmd);
  }
  return internalError("unknown ticket command");
}

}  // namespace onedoor::hall
