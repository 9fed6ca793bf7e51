// Appeal service: intake, routing, commands, verdicts and the deadline sweep.
#include "services/appeal_service.h"


#include <algorithm>
#include <cmath>
#include <future>
#include <regex>
#include <set>

#include "appeals/secret.h"
#include "core/canonical_json.h"
#include "core/random.h"
#include "core/text.h"
#include "services/people_service.h"

namespace onedoor::services {

using appeals::Appeal;
using appeals::Change;
using nlohmann::json;

static Status checkText(const std::string& value, const char* field, const char* zh, size_t min, size_t max) {
  if (!isValidUtf8(value)) return invalid(std::string(zh) + "不是有效的文字 / " + field + " is not valid UTF-8", field);
  size_t n = codePointCount(value);
  if (n < min)
    return invalid(std::string(zh) + "至少需要 " + std::to_string(min) + " 个字 / " + field + " needs at least " +
                       std::to_string(min) + " characters",
                   field);
  if (n > max)
    return invalid(std::string(zh) + "最多 " + std::to_string(max) + " 个字 / " + field + " may have at most " +
                       std::to_string(max) + " characters",
                   field);
  return Status::ok();
}

static bool allDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// ^1[3-9][0-9]{9}$ without std::regex (it ran on the io threads for every submission).
bool isMainlandMobile(std::string_view s) {
  return s.size() == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9' && allDigits(s.substr(2));
}

// ^0[0-9]{2,3}-?[0-9]{7,8}$: an area code of 3 or 4 digits starting with 0, an optional hyphen,
// a number of 7 or 8 digits. Without the hyphen the split is free, so 0 and 9 to 11 digits.
bool isMainlandLandline(std::string_view s) {
  if (s.empty() || s[0] != '0') return false;
  std::string_view rest = s.substr(1);
  size_t dash = rest.find('-');
  if (dash == std::string_view::npos) return rest.size() >= 9 && rest.size() <= 11 && allDigits(rest);
  std::string_view area = rest.substr(0, dash), number = rest.substr(dash + 1);
  return area.size() >= 2 && area.size() <= 3 && allDigits(area) && number.size() >= 7 && number.size() <= 8 &&
         allDigits(number);
}

Status AppealService::validateIntake(const IntakeInput& in) {
  if (in.category.empty()) return invalid("请选择诉求类别 / Choose a category", "category");
  const bool open311 = in.channel == appeals::Channel::kOpen311;
  if (Status s = checkText(in.text, "text", "诉求内容", open311 ? 1 : 5, open311 ? kOpen311TextMax : 2000); !s) return s;
  if (in.channel == appeals::Channel::kMailbox) {
    if (Status s = checkText(in.title, "title", "信件标题", 2, 60); !s) return s;
  } else if (Status s = checkText(in.title, "title", "标题", 0, 60); !s) {
    return s;
  }
  if (Status s = checkText(in.address, "address", "地址", 0, 200); !s) return s;
  if (Status s = checkText(in.area, "area", "所在街道", 0, 40); !s) return s;
  if (Status s = checkText(in.name, "name", "姓名", 0, 40); !s) return s;
  // A concern raised in person on a field visit may come without a phone: the visiting staff
  // member is the contact then.
  bool phone_optional = (in.channel == appeals::Channel::kField || open311) && in.phone.empty();
  // 311 clients send numbers in any country's style: digits with + - ( ) . and spaces.
  static const std::regex kAnyPhone(R"(^\+?[0-9 ()./-]{5,24}$)");
  bool phone_ok = open311 ? std::regex_match(in.phone, kAnyPhone)
                          : isMainlandMobile(in.phone) || isMainlandLandline(in.phone);
  if (!phone_optional && !phone_ok)
    return invalid("请填写正确的联系电话（11 位手机号或带区号的座机） / Enter a valid phone number", "phone");
  if (in.lat.has_value() != in.lng.has_value())
    return invalid("地图位置需要同时有经度和纬度 / Give both latitude and longitude", "lat");
  if (in.lat && (!std::isfinite(*in.lat) || *in.lat < -90 || *in.lat > 90))
    return invalid("纬度不正确 / Latitude must be between -90 and 90", "lat");
  if (in.lng && (!std::isfinite(*in.lng) || *in.lng < -180 || *in.lng > 180))
    return invalid("经度不正确 / Longitude must be between -180 and 180", "lng");
  return Status::ok();
}

calendar::DeadlineResult AppealService::due(int64_t from, int limit, bool urgent) const {
  auto cal = calendars_.current();
  return urgent ? cal->addWorkingHours(from, limit) : cal->addWorkingDays(from, limit);
}

static bool absent(const std::string& presence) { return presence == "out" || presence == "off"; }

// The department a new case goes to: the most specific rule wins (category + this area, then
// category + any area), else the category's own department.
static int64_t routedDepartment(const appeals::Category& category, const std::string& area,
                                const std::vector<appeals::RoutingRule>& rules) {
  const appeals::RoutingRule* best = nullptr;
  for (const auto& r : rules) {
    if (r.category != category.code) continue;
    if (!area.empty() && r.area == area) {
      best = &r;
      break;
    }
    if (r.area.empty() && !best) best = &r;
  }
  return best ? best->department_id : category.department_id;
}

// The A post: the department's first handler with a B post, else its first handler (users by id).
static const User* aPost(int64_t department_id, const std::vector<User>& users) {
  const User* a_post = nullptr;
  for (const auto& u : users) {
    if (u.role != "handler" || u.disabled || u.department_id != department_id) continue;
    if (!a_post || (!a_post->backup_user_id && u.backup_user_id)) a_post = &u;
  }
  return a_post;
}

RoutingDecision decideRouting(const appeals::Category& category, const std::string& area,
                              const std::vector<appeals::RoutingRule>& rules, const std::vector<User>& users) {
  RoutingDecision d;
  d.department_id = routedDepartment(category, area, rules);
  const User* a_post = aPost(d.department_id, users);
  if (!a_post) return d;  // no handler: the department's queue
  d.handler_id = a_post->id;
  if (absent(a_post->presence) && a_post->backup_user_id) {
    for (const auto& u : users) {
      if (u.id == *a_post->backup_user_id && !u.disabled && !absent(u.presence)) {
        d.handler_id = u.id;
        d.backup = appeals::BackupRouting{a_post->id, a_post->presence};
      }
    }
  }
  return d;
}

// decideRouting over only the rows it can look at (the intake runs on the single writer thread):
// the category's rules, the routed department's enabled handlers and, when the A post is away,
// its B post (who may belong to any department). Same decision as over every rule and user.
static RoutingDecision routeNewCase(WriteTx& tx, const appeals::Category& category, const std::string& area) {
  std::vector<appeals::RoutingRule> rules = tx.routingRulesFor(category.code);
  const int64_t department_id = routedDepartment(category, area, rules);
  std::vector<User> users = tx.departmentHandlers(department_id);
  const User* a_post = aPost(department_id, users);
  if (a_post && absent(a_post->presence) && a_post->backup_user_id) {
    const int64_t b_id = *a_post->backup_user_id;
    bool listed = std::any_of(users.begin(), users.end(), [b_id](const User& u) { return u.id == b_id; });
    if (!listed) {
      if (auto b = tx.userById(b_id)) users.push_back(std::move(*b));  // after the A post: order matters no more
    }
  }
  return decideRouting(category, area, rules, users);
}

static EventDraft toDraft(const appeals::EventSpec& e, int64_t now, const std::string& actor, int64_t appeal_id) {
  // The payload goes to appendJsonEvent beside the draft.
  return EventDraft{now, actor, e.type, "appeal:" + std::to_string(appeal_id), {}};
}

static Status storeChange(WriteTx& tx, const Change& change, int64_t now, const std::string& actor) {
  if (Status st = tx.updateAppeal(change.after); !st) return st;
  for (const auto& e : change.events) {
    auto ev = tx.appendJsonEvent(toDraft(e, now, actor, change.after.id), e.payload);
    if (!ev) return ev.status();
  }
  return Status::ok();
}

WriteFn AppealService::intakeWrite(IntakeInput in, std::shared_ptr<IntakeOutcome> out) const {
  int64_t now = clock_.nowMs();
  // Checked and drawn here, on the caller's thread, so the single writer does only the storage work.
  Status valid = validateIntake(in);
  std::string secret = appeals::newSecret();
  std::string secret_hash = appeals::secretHash(key_, secret);
  return [this, in = std::move(in), out, now, valid = std::move(valid), secret = std::move(secret),
          secret_hash = std::move(secret_hash)](WriteTx& tx) mutable -> Status {
    if (!valid) return valid;
    auto category = tx.categoryByCode(in.category);
    if (!category || !category->active)
      return invalid("没有这个诉求类别，请重新选择 / Unknown category", "category");
    Appeal a;
    a.channel = in.channel;
    a.category = in.category;
    // The store runs a WriteFn once: the texts move into the case instead of being copied.
    a.title = std::move(in.title);
    a.text = std::move(in.text);
    a.address = std::move(in.address);
    a.area = in.area;
    a.lat = in.lat;
    a.lng = in.lng;
    a.phone = std::move(in.phone);
    a.citizen_name = std::move(in.name);
    a.created_at = now;
    a.created_by = in.created_by;
    a.api_key_id = in.api_key_id;
    auto response = due(now, category->response_limit, category->urgent);
    auto resolution = due(now, category->resolution_limit, category->urgent);
    a.response_due = response.due_ms;
    a.resolution_due = resolution.due_ms;
    a.secret_hash = std::move(secret_hash);
    auto decision = routeNewCase(tx, *category, in.area);
    a.department_id = decision.department_id;
    // Route before the insert, so the new case is written once, already assigned.
    appeals::Actor system{0, "system", std::nullopt};
    auto change = appeals::route(std::move(a), decision.department_id, decision.handler_id, decision.backup, system, now);
    if (!change) return change.status();
    Appeal& stored = change->after;
    // Tracking codes are time-ordered with a random rest (see timeOrderedBase32); a collision (two
    // intakes in one millisecond drawing the same 25 bits) just draws again.
    Result<int64_t> id = Status(Code::kConflict, "");
    for (int attempt = 0; attempt < 5 && !id && id.status().code() == Code::kConflict; ++attempt) {
      stored.tracking_code = timeOrderedBase32(now, 10);
      id = tx.insertAppeal(stored);
    }
    if (!id) return id.status();
    stored.id = *id;
    CanonicalJsonObject received;
    received.addString("channel", appeals::channelName(stored.channel))
        .addString("category", stored.category)
        .addString("category_name", category->name)
        .addString("tracking_code", stored.tracking_code)
        .addInt("response_due", stored.response_due)
        .addInt("resolution_due", stored.resolution_due)
        .addBool("estimated", response.estimated || resolution.estimated);
    if (in.api_key_id) received.addInt("api_key_id", *in.api_key_id);
    const std::string subject = "appeal:" + std::to_string(stored.id);
    auto ev = tx.appendObjectEvent(EventDraft{now, in.actor, "appeal.received", subject, {}}, received);
    if (!ev) return ev.status();
    if (in.open311) {
      Open311Submission sub = *in.open311;
      sub.appeal_id = stored.id;
      if (Status st = tx.insertOpen311Submission(sub); !st) return st;
    }
    for (const auto& e : change->events) {
      auto routed = tx.appendJsonEvent(EventDraft{now, kSystemActor, e.type, subject, {}}, e.payload);
      if (!routed) return routed.status();
    }
    if (out) {
      if (auto d = tx.departmentById(stored.department_id)) out->department_name = std::move(d->name);
      out->appeal = std::move(change->after);
      out->secret = std::move(secret);
      out->estimated = response.estimated || resolution.estimated;
    }
    return Status::ok();
  };
}

WriteFn AppealService::applyWrite(int64_t id, std::string actor, CaseCommand cmd, std::shared_ptr<Appeal> out) const {
  int64_t now = clock_.nowMs();
  return [id, actor = std::move(actor), cmd = std::move(cmd), out, now](WriteTx& tx) -> Status {
    auto a = tx.appealById(id);
    if (!a) return notFound("找不到该诉求 / No such appeal");
    auto change = cmd(*a, tx);
    if (!change) return change.status();
    if (Status st = storeChange(tx, *change, now, actor); !st) return st;
    if (out) *out = change->after;
    return Status::ok();
  };
}

bool AppealService::secretMatches(const Appeal& a, const std::string& secret) const {
  return appeals::secretMatches(key_, a.secret_hash, secret);
}

WriteFn AppealService::verdictWrite(std::string tracking_code, std::string secret, bool resolved, appeals::Rating rating,
                                    std::string comment, std::shared_ptr<Appeal> out) const {
  int64_t now = clock_.nowMs();
  return [this, code = std::move(tracking_code), secret = std::move(secret), resolved, rating,
          comment = std::move(comment), out, now](WriteTx& tx) -> Status {
    auto a = tx.appealByTrackingCode(code);
    if (!a) return notFound("查询码不存在，请核对 / No appeal with this tracking code");
    if (!secretMatches(*a, secret))
      return {Code::kForbidden, "查询密码不正确 / The secret does not match this tracking code", "secret"};
    if (Status st = checkText(comment, "comment", "评价意见", 0, 500); !st) return st;
    auto category = tx.categoryByCode(a->category);
    int limit = category ? category->resolution_limit : 5;
    bool urgent = category && category->urgent;
    int64_t new_due = due(now, limit, urgent).due_ms;
    appeals::Actor citizen{0, "citizen", std::nullopt};
    auto change = appeals::verdict(*a, resolved, rating, comment, new_due, citizen, now);
    if (!change) return change.status();
    if (Status st = storeChange(tx, *change, now, "citizen:" + a->tracking_code); !st) return st;
    for (const auto& e : change->events) {
      if (e.type != "appeal.rectification_opened") continue;
      // A bad rating opens a rectification with its own deadline, closed by a follow-up call.
      appeals::Rectification r;
      r.appeal_id = a->id;
      r.rating = rating;
      r.comment = comment;
      r.opened_at = now;
      r.due = calendars_.current()->addWorkingDays(now, kRectificationDays).due_ms;
      auto rid = tx.insertRectification(r);
      if (!rid) return rid.status();
      json payload = {{"appeal_id", a->id}, {"rating", appeals::ratingName(rating)}, {"due", r.due}};
      auto ev = tx.appendEvent(EventDraft{now, kSystemActor, "rectification.opened",
                                          "rectification:" + std::to_string(*rid), payload.dump()});
      if (!ev) return ev.status();
    }
    if (out) *out = change->after;
    return Status::ok();
  };
}

WriteFn AppealService::photoWrite(std::string tracking_code, std::string secret, std::string bytes,
                                  std::shared_ptr<appeals::AppealPhoto> out) const {
  int64_t now = clock_.nowMs();
  return [this, code = std::move(tracking_code), secret = std::move(secret), bytes = std::move(bytes), out,
          now](WriteTx& tx) -> Status {
    auto a = tx.appealByTrackingCode(code);
    if (!a) return notFound("查询码不存在，请核对 / No appeal with this tracking code");
    if (!secretMatches(*a, secret))
      return {Code::kForbidden, "查询密码不正确 / The secret does not match this tracking code", "secret"};
    if (bytes.empty()) return invalid("没有收到照片 / The photo is empty", "photo");
    if (bytes.size() > appeals::kMaxPhotoBytes)
      return {Code::kTooLarge, "照片太大，请不要超过 5 MB / The photo is larger than 5 MB", "photo"};
    auto mime = appeals::imageMimeOf(bytes);
    if (!mime) return invalid("只能上传 JPG、PNG 或 WebP 格式的照片 / Only JPEG, PNG or WebP photos", "photo");
    if (a->state == appeals::State::kClosed)
      return conflict("该诉求已办结，不能再添加照片 / The case is closed; no more photos can be added");
    if (tx.listAppealPhotos(a->id).size() >= static_cast<size_t>(appeals::kMaxPhotosPerAppeal))
      return conflict("每件诉求最多 3 张照片 / At most 3 photos per appeal");
    appeals::AppealPhoto p;
    p.appeal_id = a->id;
    p.mime = *mime;
    p.size = static_cast<int64_t>(bytes.size());
    p.hash = blake2bHex(bytes);
    p.created_at = now;
    p.bytes = bytes;
    auto id = tx.insertAppealPhoto(p);
    if (!id) return id.status();
    p.id = *id;
    // The hash in the ledger proves later that the stored picture is the one the citizen sent.
    json payload = {{"photo_id", p.id}, {"mime", p.mime}, {"size", p.size}, {"hash", p.hash}};
    auto ev = tx.appendEvent(EventDraft{now, "citizen:" + a->tracking_code, "appeal.photo_added",
                                        "appeal:" + std::to_string(a->id), payload.dump()});
    if (!ev) return ev.status();
    if (out) {
      *out = std::move(p);
      out->bytes.clear();
    }
    return Status::ok();
  };
}

WriteFn AppealService::followupWrite(int64_t rectification_id, int64_t user_id, std::string note, bool satisfied,
                                     std::shared_ptr<appeals::Rectification> out) const {
  int64_t now = clock_.nowMs();
  return [rectification_id, user_id, note = std::move(note), satisfied, out, now](WriteTx& tx) -> Status {
    if (Status st = checkText(note, "note", "回访记录", 5, 500); !st) return st;
    auto r = tx.rectificationById(rectification_id);
    if (!r) return notFound("找不到该整改 / No such rectification");
    if (r->done) return conflict("这条整改已经回访过了 / This rectification has already been followed up");
    r->done = true;
    r->followup_at = now;
    r->followup_by = user_id;
    r->followup_note = note;
    r->citizen_satisfied = satisfied;
    if (Status st = tx.updateRectification(*r); !st) return st;
    json payload = {{"appeal_id", r->appeal_id}, {"citizen_satisfied", satisfied}, {"on_time", now <= r->due}};
    auto ev = tx.appendEvent(EventDraft{now, userActor(user_id), "rectification.followed_up",
                                        "rectification:" + std::to_string(r->id), payload.dump()});
    if (!ev) return ev.status();
    if (out) *out = *r;
    return Status::ok();
  };
}

CaseCommand AppealService::accept(appeals::Actor actor) const {
  int64_t now = clock_.nowMs();
  return [actor, now](const Appeal& a, WriteTx&) { return appeals::accept(a, actor, now); };
}

CaseCommand AppealService::reply(appeals::Actor actor, std::string text, std::string action, std::string responsible,
                                 int64_t due_ms, std::string override_reason) const {
  int64_t now = clock_.nowMs();
  return [this, actor, text = std::move(text), action = std::move(action), responsible = std::move(responsible), due_ms,
          override_reason = std::move(override_reason), now](const Appeal& a, WriteTx&) -> Result<Change> {
    auto verdict = checker_.check(text::ReplyDraft{text, action, responsible, due_ms > 0});
    appeals::ReplyInput in;
    in.text = text;
    in.action = action;
    in.responsible = responsible;
    if (due_ms > 0) in.due = due_ms;
    in.formulaic = verdict.formulaic;
    in.override_reason = override_reason;
    int64_t confirm_due = calendars_.current()->addWorkingDays(now, 3).due_ms;  // the citizen's confirmation window
    auto change = appeals::reply(a, in, confirm_due, actor, now);
    if (!change && verdict.formulaic && change.status().code() == Code::kConflict) {
      // Say exactly what is missing, from the checker's findings.
      std::string msg = "答复像是套话，请补充具体内容 / The reply looks formulaic; add the missing details:";
      for (const auto& f : verdict.findings) msg += "\n· " + f.message;
      return Status(Code::kConflict, msg, "formulaic");
    }
    return change;
  };
}

CaseCommand AppealService::transfer(appeals::Actor actor, int64_t department_id, std::string reason) const {
  int64_t now = clock_.nowMs();
  return [actor, department_id, reason = std::move(reason), now](const Appeal& a, WriteTx& tx) -> Result<Change> {
    if (!tx.departmentById(department_id)) return invalid("转办部门不存在 / No such department", "department_id");
    return appeals::transfer(a, department_id, reason, actor, now);
  };
}

CaseCommand AppealService::assign(appeals::Actor actor, int64_t department_id, std::optional<int64_t> handler_id,
                                  std::string reason) const {
  int64_t now = clock_.nowMs();
  return [actor, department_id, handler_id, reason = std::move(reason), now](const Appeal& a,
                                                                               WriteTx& tx) -> Result<Change> {
    if (!tx.departmentById(department_id)) return invalid("指派部门不存在 / No such department", "department_id");
    if (handler_id) {
      auto u = tx.userById(*handler_id);
      if (!u || u->role != "handler" || u->department_id != department_id)
        return invalid("承办人不属于该部门 / The handler is not in that department", "handler_id");
    }
    return appeals::supervisorAssign(a, department_id, handler_id, reason, actor, now);
  };
}

CaseCommand AppealService::escalate(appeals::Actor actor, std::string reason) const {
  int64_t now = clock_.nowMs();
  return [actor, reason = std::move(reason), now](const Appeal& a, WriteTx&) {
    return appeals::escalate(a, reason, actor, now);
  };
}

Result<int> AppealService::sweep(Store& store) const {
  std::vector<Appeal> open;
  Status st = store.read([&](Reader& r) -> Status {
    AppealQuery q;
    q.open_only = true;
    q.limit = 100000;
    open = r.listAppeals(q);
    return Status::ok();
  });
  if (!st) return st;
  int changed = 0;
  int64_t now = clock_.nowMs();
  for (const auto& a : open) {
    bool needs = appeals::checkDeadlines(a, now).has_value() || appeals::expireConfirmation(a, now).has_value();
    if (!needs) continue;
    // Decide again inside the transaction on the fresh record, so a concurrent action wins.
    auto cmd = [now](const Appeal& fresh, WriteTx&) -> Result<Change> {
      if (auto c = appeals::expireConfirmation(fresh, now)) return *c;
      if (auto c = appeals::checkDeadlines(fresh, now)) return *c;
      return Status(Code::kConflict, "nothing to do");
    };
    Status w = store.write(applyWrite(a.id, kSystemActor, cmd, nullptr));
    if (w) ++changed;
    else if (w.code() != Code::kConflict) return w;
  }
  return changed;
}

static std::set<std::string> bigrams(const std::string& s) {
  // Character bigrams over code points: robust for Chinese without a segmenter.
  std::vector<std::string> cps;
  for (size_t i = 0; i < s.size();) {
    size_t len = 1;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0xF0) len = 4;
    else if (c >= 0xE0) len = 3;
    else if (c >= 0xC0) len = 2;
    std::string cp = s.substr(i, len);
    i += len;
    if (cp == " " || cp == "，" || cp == "。" || cp == "," || cp == ".") continue;
    cps.push_back(cp);
  }
  std::set<std::string> out;
  for (size_t i = 0; i + 1 < cps.size(); ++i) out.insert(cps[i] + cps[i + 1]);
  return out;
}

static double jaccard(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.empty() || b.empty()) return 0;
  size_t inter = 0;
  for (const auto& x : a) inter += b.count(x);
  return static_cast<double>(inter) / static_cast<double>(a.size() + b.size() - inter);
}

std::vector<Appeal> similarAppeals(const std::vector<Appeal>& open, const std::string& text, const std::string& address,
                                   size_t max_results) {
  auto t = bigrams(text), ad = bigrams(address);
  std::vector<std::pair<double, const Appeal*>> scored;
  for (const auto& a : open) {
    double score = jaccard(t, bigrams(a.text)) + (address.empty() ? 0 : 0.8 * jaccard(ad, bigrams(a.address)));
    if (score >= 0.2) scored.push_back({score, &a});
  }
  std::stable_sort(scored.begin(), scored.end(), [](auto& x, auto& y) { return x.first > y.first; });
  std::vector<Appeal> out;
  for (size_t i = 0; i < scored.size() && i < max_results; ++i) out.push_back(*scored[i].second);
  return out;
}

}  // namespace onedoor::services
