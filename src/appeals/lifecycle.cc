// The appeal lifecycle state machine (see lifecycle.h for the transitions and the escalation rule).
// Pure functions of their arguments; thread-safe.
#include "appeals/lifecycle.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include "core/text.h"

namespace onedoor::appeals {
namespace {

using nlohmann::json;

// A command's name in both languages, so refusals can say what was refused.
struct Verb {
  const char* zh;
  const char* en;
};
constexpr Verb kRoute{"分派", "route"};
constexpr Verb kAccept{"受理", "accept"};
constexpr Verb kReply{"答复", "reply to"};
constexpr Verb kTransfer{"转办", "transfer"};
constexpr Verb kAssign{"指派", "assign"};
constexpr Verb kEscalate{"升级", "escalate"};

Status forbidden(std::string msg) { return {Code::kForbidden, std::move(msg)}; }

bool isSupervisor(const Actor& actor) { return actor.role == "supervisor" || actor.role == "admin"; }

// Blank means nothing but ASCII whitespace and the ideographic space (U+3000), which Chinese
// input methods produce; "　" is not a reason.
bool isBlank(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
    } else if (s.substr(i, 3) == "\xE3\x80\x80") {
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

// Why a command cannot run in the case's current state, in the citizen's and the clerk's words.
Status stateConflict(State s, Verb verb) {
  std::string zh, en;
  switch (s) {
    case State::kReceived:
      zh = "该诉求尚未分派到部门";
      en = "This case has not been routed to a department yet";
      break;
    case State::kAssigned:
      zh = "该诉求尚未受理";
      en = "This case has not been accepted yet";
      break;
    case State::kAccepted:
      zh = "该诉求已受理，正在办理";
      en = "This case has already been accepted and is being handled";
      break;
    case State::kReplied:
      zh = "该诉求已答复，正在等待诉求人评价";
      en = "This case has been replied to and awaits the citizen's verdict";
      break;
    case State::kClosed:
      zh = "该诉求已办结";
      en = "This case is closed";
      break;
  }
  return conflict(zh + "，不能" + verb.zh + " / " + en + "; it cannot " + verb.en + " it now");
}

// Whether `actor` may work on case `a` (accept, reply, transfer, escalate): supervisors and admins on
// any case, handlers on their own department's cases or cases assigned to them.
Status mayHandle(const Appeal& a, const Actor& actor, Verb verb) {
  if (isSupervisor(actor)) return Status::ok();
  if (actor.role == "handler") {
    const bool own_department = actor.department_id && *actor.department_id == a.department_id;
    const bool assigned_to_me = a.handler_id && *a.handler_id == actor.user_id;
    if (own_department || assigned_to_me) return Status::ok();
    return forbidden(std::string("承办人只能") + verb.zh + "本部门或指派给自己的诉求 / Handlers may " + verb.en +
                     " only cases of their own department or assigned to them");
  }
  if (actor.role == "clerk" || actor.role == "operator") {
    return forbidden(std::string("窗口人员和话务员只负责登记诉求，不能") + verb.zh + "诉求 / Clerks and operators only record appeals; they cannot " +
                     verb.en + " a case");
  }
  if (actor.role == "citizen") {
    return forbidden(std::string("诉求人不能") + verb.zh + "诉求，只能评价答复 / A citizen cannot " + verb.en +
                     " a case, only give a verdict on its reply");
  }
  return forbidden(std::string("当前角色无权") + verb.zh + "诉求 / This role may not " + verb.en + " a case");
}

Status requireText(const std::string& value, const char* field, const char* zh, const char* en) {
  if (isBlank(value)) return invalid(std::string("请填写") + zh + " / " + en + " is required", field);
  return Status::ok();
}

const char* presenceLabel(const std::string& presence) {
  if (presence == "out") return "外出";
  if (presence == "break") return "暂离";
  if (presence == "off") return "休假";
  return "";
}

const char* levelName(int level) {
  return level >= kLevelSupervisor ? "supervisor" : level == kLevelDepartmentHead ? "department_head" : "none";
}

json escalationPayload(int from, int to) {
  return json{{"from_level", from}, {"to_level", to}, {"to", levelName(to)}};
}

json ratingJson(Rating r) { return json{{"rating", ratingName(r)}, {"rating_label", ratingLabel(r)}}; }

}  // namespace

// Free texts go into the ledger, which is kept forever and feeds the citizen's receipt; if a text
// quotes the citizen's phone number it is masked there (PRODUCT rule 10).
std::string scrub(const std::string& text, const std::string& phone) {
  if (phone.size() < 5) return text;  // too short to be a phone number; would mask random digits
  const std::string masked = maskPhone(phone);
  std::string out = text;
  for (size_t pos = out.find(phone); pos != std::string::npos; pos = out.find(phone, pos + masked.size())) {
    out.replace(pos, phone.size(), masked);
  }
  return out;
}

Result<Change> route(Appeal a, int64_t department_id, std::optional<int64_t> handler_id,
                     std::optional<BackupRouting> backup, const Actor& actor, int64_t now) {
  // Routing belongs to the intake rules (system) or to a supervisor's hand, not to whoever typed
  // the appeal in: that is what keeps intake fast and routing consistent.
  if (actor.role != "system" && !isSupervisor(actor)) {
    return forbidden(
        "诉求按分派规则自动分派，或由督查人员分派 / Appeals are routed by the routing rules or by a supervisor");
  }
  if (a.state != State::kReceived) return stateConflict(a.state, kRoute);
  if (department_id <= 0) return invalid("请选择承办部门 / A department is required", "department");
  if (handler_id && *handler_id <= 0) return invalid("承办人无效 / The handler is not valid", "handler");
  if (backup) {
    if (!handler_id) {
      return invalid("AB岗分派必须指明 B 岗承办人 / Routing to a backup post needs the backup handler", "handler");
    }
    if (backup->absent_handler_id <= 0 || backup->absent_handler_id == *handler_id) {
      return invalid("AB岗分派的 A 岗与 B 岗不能是同一人 / The absent A post and the backup B post must be different people",
                     "backup");
    }
    if (*presenceLabel(backup->absent_reason) == '\0') {
      return invalid("A 岗缺席原因只能是外出、暂离或休假 / The A post's absence must be out, break or off", "backup");
    }
  }

  Change c{std::move(a), {}};
  c.after.state = State::kAssigned;
  c.after.department_id = department_id;
  c.after.handler_id = handler_id;
  // Member by member: a braced list would first build the pairs as JSON arrays (every intake
  // routes once, on the single writer thread).
  json p = json::object();
  p["department_id"] = department_id;
  p["handler_id"] = handler_id ? json(*handler_id) : json(nullptr);
  if (backup) {
    // The citizen's timeline and the audit must show that the case did not wait for the absent
    // A post but went to the B post at once (PRODUCT rule 5).
    p["backup"] = json{{"absent_handler_id", backup->absent_handler_id},
                       {"absent_reason", backup->absent_reason},
                       {"absent_label", presenceLabel(backup->absent_reason)},
                       {"backup_handler_id", *handler_id}};
  }
  if (actor.role != "system") p["by_user"] = actor.user_id;
  c.events.push_back({"appeal.routed", std::move(p)});
  (void)now;  // routing time is the event's own timestamp
  return c;
}

Result<Change> accept(const Appeal& a, const Actor& actor, int64_t now) {
  if (Status s = mayHandle(a, actor, kAccept); !s) return s;
  if (a.state != State::kAssigned) return stateConflict(a.state, kAccept);

  Change c{a, {}};
  c.after.state = State::kAccepted;
  c.after.accepted_at = now;
  // First-asked responsibility: the handler who picks up an unowned case owns it from here on.
  if (!a.handler_id && actor.role == "handler") c.after.handler_id = actor.user_id;
  c.events.push_back({"appeal.accepted",
                      json{{"by_user", actor.user_id},
                           {"department_id", a.department_id},
                           {"handler_id", c.after.handler_id ? json(*c.after.handler_id) : json(nullptr)},
                           {"on_time", a.response_due == 0 || now <= a.response_due}}});
  return c;
}

Result<Change> reply(const Appeal& a, const ReplyInput& in, int64_t confirm_due, const Actor& actor,
                     int64_t now) {
  if (Status s = mayHandle(a, actor, kReply); !s) return s;
  if (a.state != State::kAccepted) return stateConflict(a.state, kReply);
  // Rule 1: a reply must say what was or will be done, by whom, by when.
  if (Status s = requireText(in.text, "text", "答复内容", "The reply text"); !s) return s;
  if (Status s = requireText(in.action, "action", "具体措施（做了什么或将做什么）", "The action (what was or will be done)"); !s) return s;
  if (Status s = requireText(in.responsible, "responsible", "责任单位或责任人", "The responsible unit or person"); !s) return s;
  if (!in.due) return invalid("请填写办理时限（何时完成） / The due date (by when) is required", "due");
  if (*in.due <= now) return invalid("办理时限不能早于现在 / The due date must be in the future", "due");
  if (confirm_due <= now) {
    return internalError("确认期限计算有误 / The confirmation deadline must be in the future");
  }
  const bool override_formulaic = in.formulaic;
  if (in.formulaic) {
    if (!isSupervisor(actor)) {
      return conflict(
          "答复像套话，没有说明具体措施：请写明做了什么、由谁负责、何时完成，或请督查人员填写理由后放行 / "
          "The reply reads as boilerplate without a concrete action: say what was or will be done, by whom "
          "and by when, or ask a supervisor to let it through with a reason",
          "text");
    }
    if (isBlank(in.override_reason)) {
      return conflict("放行被判定为套话的答复必须填写理由 / Letting a reply flagged as boilerplate through needs a reason",
                      "override_reason");
    }
  }

  Change c{a, {}};
  Reply r;
  r.text = in.text;
  r.action = in.action;
  r.responsible = in.responsible;
  r.due = *in.due;
  r.at = now;
  r.by_user = actor.user_id;
  r.formulaic_override = override_formulaic;
  if (override_formulaic) r.override_reason = in.override_reason;
  c.after.reply = r;
  c.after.state = State::kReplied;
  c.after.replied_at = now;
  c.after.confirm_due = confirm_due;
  // The reply is cleared if the citizen reopens the case, so the event keeps the whole of it.
  c.events.push_back({"appeal.replied", json{{"by_user", actor.user_id},
                                              {"text", scrub(in.text, a.phone)},
                                              {"action", scrub(in.action, a.phone)},
                                              {"responsible", scrub(in.responsible, a.phone)},
                                              {"due", *in.due},
                                              {"confirm_due", confirm_due},
                                              {"on_time", a.resolution_due == 0 || now <= a.resolution_due},
                                              {"formulaic_override", override_formulaic}}});
  if (override_formulaic) {
    // Counted in the revolving-door index: a supervisor vouched for a reply the checker refused.
    c.events.push_back({"appeal.formulaic_override",
                        json{{"by_user", actor.user_id}, {"reason", scrub(in.override_reason, a.phone)}}});
  }
  return c;
}

Result<Change> transfer(const Appeal& a, int64_t to_department_id, const std::string& reason,
                        const Actor& actor, int64_t now) {
  if (Status s = mayHandle(a, actor, kTransfer); !s) return s;
  if (a.state != State::kAssigned && a.state != State::kAccepted) return stateConflict(a.state, kTransfer);
  // 首问负责制: no ping-pong. Checked before the form fields so nobody writes a reason in vain.
  if (a.assignment_final) {
    return conflict("该诉求已由督查人员最终指派，不能再转办 / A supervisor assigned this case for good; it cannot be transferred");
  }
  if (a.transfers >= kMaxTransfers) {
    return conflict("该诉求已转办 " + std::to_string(a.transfers) +
                    " 次，按首问负责制只能由督查人员指派 / This case was transferred " + std::to_string(a.transfers) +
                    " times; only a supervisor may assign it now");
  }
  if (Status s = requireText(reason, "reason", "转办理由", "A reason for the transfer"); !s) return s;
  if (to_department_id <= 0) return invalid("请选择接收部门 / A receiving department is required", "department");
  if (to_department_id == a.department_id) {
    return invalid("不能转办给本部门 / A case cannot be transferred to the department that already has it", "department");
  }

  Change c{a, {}};
  c.after.state = State::kAssigned;
  c.after.department_id = to_department_id;
  c.after.handler_id.reset();
  // The receiving department has to respond itself; the case's deadlines keep running.
  c.after.accepted_at.reset();
  c.after.transfers = a.transfers + 1;
  c.events.push_back({"appeal.transferred", json{{"by_user", actor.user_id},
                                                  {"from_department_id", a.department_id},
                                                  {"to_department_id", to_department_id},
                                                  {"reason", scrub(reason, a.phone)},
                                                  {"transfers", c.after.transfers}}});
  (void)now;
  return c;
}

Result<Change> supervisorAssign(const Appeal& a, int64_t department_id,
                                std::optional<int64_t> handler_id, const std::string& reason,
                                const Actor& actor, int64_t now) {
  if (!isSupervisor(actor)) {
    return forbidden("只有督查人员或管理员可以最终指派诉求 / Only a supervisor or an admin may assign a case for good");
  }
  if (a.state != State::kReceived && a.state != State::kAssigned && a.state != State::kAccepted) {
    return stateConflict(a.state, kAssign);
  }
  if (Status s = requireText(reason, "reason", "指派理由", "A reason for the assignment"); !s) return s;
  if (department_id <= 0) return invalid("请选择承办部门 / A department is required", "department");
  if (handler_id && *handler_id <= 0) return invalid("承办人无效 / The handler is not valid", "handler");

  Change c{std::move(a), {}};
  c.after.state = State::kAssigned;
  c.after.department_id = department_id;
  c.after.handler_id = handler_id;
  c.after.accepted_at.reset();  // the assignee responds anew
  c.after.assignment_final = true;
  c.events.push_back({"appeal.assigned",
                      json{{"by_user", actor.user_id},
                           {"from_department_id", a.department_id},
                           {"department_id", department_id},
                           {"handler_id", handler_id ? json(*handler_id) : json(nullptr)},
                           {"reason", scrub(reason, a.phone)},
                           {"final", true}}});
  (void)now;
  return c;
}

Result<Change> escalate(const Appeal& a, const std::string& reason, const Actor& actor, int64_t now) {
  if (actor.role != "system") {
    if (Status s = mayHandle(a, actor, kEscalate); !s) return s;
  }
  if (a.state == State::kClosed) return stateConflict(a.state, kEscalate);
  if (a.escalation_level >= kLevelSupervisor) {
    return conflict("该诉求已升级到督查人员，无法再升级 / This case is already with the supervisor; it cannot go higher");
  }
  if (Status s = requireText(reason, "reason", "升级理由", "A reason for the escalation"); !s) return s;

  Change c{a, {}};
  c.after.escalation_level = a.escalation_level + 1;
  json p = escalationPayload(a.escalation_level, c.after.escalation_level);
  p["trigger"] = "manual";
  p["reason"] = scrub(reason, a.phone);
  if (actor.role != "system") p["by_user"] = actor.user_id;
  c.events.push_back({"appeal.escalated", std::move(p)});
  (void)now;
  return c;
}

std::optional<Change> checkDeadlines(const Appeal& a, int64_t now) {
  if (a.state == State::kClosed) return std::nullopt;
  const bool not_accepted = a.state == State::kReceived || a.state == State::kAssigned;
  const bool not_replied = not_accepted || a.state == State::kAccepted;
  const bool response_missed_now = a.response_due > 0 && not_accepted && now > a.response_due;
  const bool accepted_late = a.response_due > 0 && a.accepted_at && *a.accepted_at > a.response_due;
  const bool resolution_missed_now = a.resolution_due > 0 && not_replied && now > a.resolution_due;
  if (!response_missed_now && !resolution_missed_now) return std::nullopt;

  struct Miss {
    const char* deadline;
    int64_t due;
  };
  std::vector<Miss> misses;
  if (response_missed_now || accepted_late) misses.push_back({"response", a.response_due});
  for (int i = 0; i < a.missed_deadlines; ++i) misses.push_back({"earlier_resolution", 0});
  if (resolution_missed_now) misses.push_back({"resolution", a.resolution_due});
  const int target = std::min<int>(kLevelSupervisor, static_cast<int>(misses.size()));
  if (target <= a.escalation_level) return std::nullopt;

  Change c{a, {}};
  // One event per level gained, the k-th level blamed on the k-th missed deadline in time order.
  for (int level = a.escalation_level + 1; level <= target; ++level) {
    const Miss& m = misses[static_cast<size_t>(level - 1)];
    json p = escalationPayload(level - 1, level);
    p["trigger"] = "deadline";
    p["deadline"] = m.deadline;
    if (m.due > 0) p["due"] = m.due;
    c.events.push_back({"appeal.escalated", std::move(p)});
  }
  c.after.escalation_level = target;
  return c;
}

Result<Change> verdict(const Appeal& a, bool resolved, Rating rating, const std::string& comment,
                       int64_t new_resolution_due, const Actor& actor, int64_t now) {
  if (actor.role != "citizen") {
    return forbidden("评价只能由诉求人本人提交 / Only the citizen who raised the appeal can give the verdict");
  }
  if (a.state == State::kClosed) {
    if (a.close_reason == "unconfirmed") {
      return conflict("确认期已过，该诉求已按未确认办结，不能再评价 / The confirmation window has passed and the case was closed as unconfirmed; it can no longer be rated");
    }
    return conflict("您已评价过，该诉求已办结 / You have already given your verdict and the case is closed");
  }
  if (a.state != State::kReplied) {
    return conflict("您还没有收到答复，暂不能评价 / You have not received a reply yet, so there is nothing to rate");
  }
  const int level = static_cast<int>(rating);
  if (level < static_cast<int>(Rating::kVeryDissatisfied) || level > static_cast<int>(Rating::kVerySatisfied)) {
    return invalid("评价等级无效 / The rating is not one of the five levels", "rating");
  }
  const bool satisfied_enough = rating >= Rating::kBasicallySatisfied;
  const bool bad_rating = rating <= Rating::kDissatisfied;
  const std::string clean_comment = scrub(comment, a.phone);

  Change c{a, {}};
  c.after.resolved = resolved;
  c.after.rating = rating;
  c.after.verdict_comment = comment;

  if (resolved && satisfied_enough) {
    c.after.state = State::kClosed;
    c.after.closed_at = now;
    c.after.close_reason = "verdict";
    json p{{"reason", "verdict"}, {"resolved", true}, {"comment", clean_comment}};
    p.update(ratingJson(rating));
    c.events.push_back({"appeal.closed", std::move(p)});
    return c;
  }

  // Rule 2: "not resolved" or a bad rating sends the case back to work with a new deadline.
  if (new_resolution_due <= now) {
    return internalError("重新办理的期限计算有误 / The new resolution deadline must be in the future");
  }
  c.after.state = State::kAccepted;
  c.after.reopen_count = a.reopen_count + 1;
  // A reply that came after its deadline stays a missed deadline in the new round.
  if (a.replied_at && a.resolution_due > 0 && *a.replied_at > a.resolution_due) {
    c.after.missed_deadlines = a.missed_deadlines + 1;
  }
  c.after.resolution_due = new_resolution_due;
  c.after.reply.reset();
  c.after.replied_at.reset();
  c.after.confirm_due = 0;
  json p{{"resolved", resolved},
         {"comment", clean_comment},
         {"reopen_count", c.after.reopen_count},
         {"resolution_due", new_resolution_due}};
  p.update(ratingJson(rating));
  if (a.reply) {
    // What the citizen rejected stays on the record of the ledger even though the case drops it.
    p["rejected_reply"] = json{{"action", scrub(a.reply->action, a.phone)},
                               {"responsible", scrub(a.reply->responsible, a.phone)},
                               {"due", a.reply->due}};
  }
  c.events.push_back({"appeal.reopened", std::move(p)});

  if (bad_rating) {
    // Rule 8: the caller records the rectification task (deadline, follow-up call) from this event.
    json r{{"department_id", a.department_id},
           {"handler_id", a.handler_id ? json(*a.handler_id) : json(nullptr)}};
    r.update(ratingJson(rating));
    c.events.push_back({"appeal.rectification_opened", std::move(r)});
  }

  if (c.after.reopen_count >= 2 && a.escalation_level < kLevelSupervisor) {
    c.after.escalation_level = kLevelSupervisor;
    json e = escalationPayload(a.escalation_level, kLevelSupervisor);
    e["trigger"] = "reopen";
    e["reopen_count"] = c.after.reopen_count;
    c.events.push_back({"appeal.escalated", std::move(e)});
  }
  return c;
}

std::optional<Change> expireConfirmation(const Appeal& a, int64_t now) {
  if (a.state != State::kReplied || a.confirm_due <= 0 || now <= a.confirm_due) return std::nullopt;
  Change c{a, {}};
  c.after.state = State::kClosed;
  c.after.closed_at = now;
  c.after.close_reason = "unconfirmed";
  // Rule 1: silence is not satisfaction. Nothing of a verdict may be left on the record.
  c.after.resolved.reset();
  c.after.rating.reset();
  c.after.verdict_comment.clear();
  c.events.push_back({"appeal.closed", json{{"reason", "unconfirmed"}, {"confirm_due", a.confirm_due}}});
  return c;
}

std::string timelineLabel(const std::string& event_type) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kLabels{{
      {"appeal.received", "已登记"},  // written by intake, not by this state machine
      {"appeal.routed", "已分派"},
      {"appeal.accepted", "已受理"},
      {"appeal.replied", "已答复"},
      {"appeal.transferred", "已转办"},
      {"appeal.assigned", "督查指派"},
      {"appeal.escalated", "已升级督办"},
      {"appeal.reopened", "重新办理"},
      {"appeal.closed", "已办结"},
      {"appeal.formulaic_override", "督查审核放行"},
      {"appeal.rectification_opened", "已启动整改"},
      {"appeal.photo_added", "已补充照片"},  // written by the photo upload
  }};
  for (const auto& [type, label] : kLabels) {
    if (type == event_type) return std::string(label);
  }
  return "办理进展";  // a citizen never sees a raw event code
}

}  // namespace onedoor::appeals
