// The appeal case (诉求件): its states, channels, ratings and the record the lifecycle works on.
// Value types; no shared state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace onedoor::appeals {

// received → assigned → accepted (the response) → replied → closed; reopen goes back to accepted.
enum class State { kReceived, kAssigned, kAccepted, kReplied, kClosed };
enum class Channel { kWeb, kHotline, kMailbox, kField, kOpen311 };
// The five levels of 政务服务"好差评".
enum class Rating { kVeryDissatisfied = 1, kDissatisfied = 2, kBasicallySatisfied = 3, kSatisfied = 4, kVerySatisfied = 5 };

std::string_view stateName(State s);  // "received", "assigned", "accepted", "replied", "closed"
std::optional<State> parseState(std::string_view s);
std::string_view channelName(Channel c);  // "web", "hotline", "mailbox", "field", "open311"
std::optional<Channel> parseChannel(std::string_view s);
std::string_view ratingName(Rating r);  // "very_satisfied", "satisfied", "basically_satisfied", "dissatisfied", "very_dissatisfied"
std::optional<Rating> parseRating(std::string_view s);
std::string_view ratingLabel(Rating r);  // 非常满意 … 非常不满意

// A reply must state a concrete action: what was or will be done, by whom, by when.
struct Reply {
  std::string text;         // the message to the citizen
  std::string action;       // what was / will be done
  std::string responsible;  // by whom (unit or person)
  int64_t due = 0;          // by when (epoch ms)
  int64_t at = 0;
  int64_t by_user = 0;
  bool formulaic_override = false;  // a supervisor let a reply the checker called formulaic through
  std::string override_reason;
};

struct Appeal {
  int64_t id = 0;
  std::string tracking_code;  // 10 chars Crockford base32, shown to the citizen
  std::string secret_hash;    // keyed hash of the citizen's secret with its version marker (appeals/secret.h)
  Channel channel = Channel::kWeb;
  std::string category;  // category code
  std::string title;     // letters (mailbox) have one; may be empty
  std::string text;
  std::string address;
  std::optional<double> lat, lng;
  std::string phone;         // full; masked in every listing (PRODUCT rule 10)
  std::string citizen_name;  // optional
  std::string area;          // street / community name used by routing rules; may be empty

  State state = State::kReceived;
  int64_t department_id = 0;
  std::optional<int64_t> handler_id;
  int64_t created_at = 0;
  int64_t created_by = 0;  // staff user for hotline / field intake; 0 for citizens
  int64_t response_due = 0;    // accept by
  int64_t resolution_due = 0;  // reply by
  std::optional<int64_t> accepted_at, replied_at, closed_at;

  int transfers = 0;             // 首问负责制: after 2, only a supervisor may assign
  bool assignment_final = false; // a supervisor's assignment cannot be transferred away
  int reopen_count = 0;
  int escalation_level = 0;  // 0 none, 1 department head, 2 supervisor
  // Resolution deadlines missed in earlier rounds of work (a late reply the citizen then sent
  // back). They keep counting towards escalation after a reopen sets a new deadline.
  int missed_deadlines = 0;

  std::optional<Reply> reply;
  int64_t confirm_due = 0;  // the citizen's confirmation window ends (after a reply)

  std::optional<bool> resolved;  // the citizen's verdict, when given
  std::optional<Rating> rating;
  std::string verdict_comment;
  std::string close_reason;  // "verdict" | "unconfirmed"
  std::optional<int64_t> api_key_id;  // the outside client (Open311) that filed it, if any
};

}  // namespace onedoor::appeals
