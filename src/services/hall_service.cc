// The live hall over the Store: every command is one WriteFn that checks, changes the rows, keeps
// the cached hall::Dispatcher in step, appends ledger events and prepares WebSocket messages.
// Window commands are one small function each; what they do to a ticket comes from the pure
// hall::ticket_lifecycle, and the cache changes only through a HallChange (hall_cache.h).
// Thread-safety: see hall_service.h (caches on the writer thread only; snapshots under snap_mu_).
#include "services/hall_service.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <future>
#include <unordered_set>

#include "core/random.h"
#include "services/people_service.h"

namespace onedoor::services {

using nlohmann::json;
using hall::Dispatcher;
using hall::ServiceIdx;
using hall::StaffIdx;
using hall::TicketIdx;
using hall::TicketStatus;
using hall::WindowIdx;

namespace {

constexpr int64_t kMinuteMs = 60'000;
const char* const kNotSeated = "您没有在这个窗口签到 / You are not signed in at this window";

json optInt(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

Status appendEvent(WriteTx& tx, int64_t now, const std::string& actor, const std::string& type,
                   const std::string& subject, const json& payload) {
  auto ev = tx.appendEvent(EventDraft{now, actor, type, subject, payload.dump()});
  return ev ? Status::ok() : ev.status();
}

std::string actorOf(const HallActor& a) { return a.user_id > 0 ? userActor(a.user_id) : std::string("system"); }

// Takes the next number of a service in its hall today from the service's row, read inside this
// write (never from the cache: all writers, threads of one node or nodes sharing PostgreSQL, are
// serialised by the store, so a fresh read gives each ticket its own number). The count restarts
// on the first ticket of each local day.
Result<std::string> takeTicketNumber(WriteTx& tx, int64_t hall_id, const std::string& code, int64_t today) {
  for (HallServiceRow svc : tx.listHallServices(hall_id)) {
    if (svc.code != code) continue;
    if (svc.number_day != today) svc.number_day = today, svc.next_number = 1;
    std::string number = formatTicketNumber(svc.prefix, svc.next_number);
    ++svc.next_number;
    if (Status s = tx.updateHallService(svc); !s) return s;
    return number;
  }
  return notFound("没有这项业务：" + code + " / No such service: " + code);
}

constexpr int64_t kPadOfferMs = 10 * kMinuteMs;  // how long a pad offers a finished visit

// The holder's secret against the hash its ticket.issued event recorded. Tickets issued before
// holder secrets existed have none: nobody can act for them but staff.
Status checkHolder(Reader& r, const TicketRow& t, const std::string& token) {
  const Status refused{Code::kForbidden, "只有持票人可以这样做（凭号票二维码或手机页面） / Only the ticket's holder may do "
                                         "this (from the ticket's QR code or phone page)"};
  if (token.empty() || token.size() > 64) return refused;
  for (const auto& ev : r.eventsBySubject("ticket:" + std::to_string(t.id))) {
    if (ev.type != "ticket.issued") continue;
    auto p = json::parse(ev.payload_json, nullptr, false);
    if (!p.is_object() || !p.contains("holder_hash") || !p["holder_hash"].is_string()) return refused;
    const std::string want = p["holder_hash"].get<std::string>();
    const std::string got = blake2bHex(token);
    unsigned diff = want.size() ^ got.size();
    for (size_t i = 0; i < want.size() && i < got.size(); ++i) diff |= static_cast<unsigned char>(want[i] ^ got[i]);
    return diff == 0 ? Status::ok() : refused;
  }
  return refused;
}

}  // namespace

std::string claimedPriority(Reader& r, const TicketRow& t) {
  if (t.priority != "normal") return {};
  for (const auto& ev : r.eventsBySubject("ticket:" + std::to_string(t.id))) {
    if (ev.type != "ticket.issued") continue;
    auto p = json::parse(ev.payload_json, nullptr, false);
    return p.is_object() ? p.value("claimed_priority", std::string()) : std::string();
  }
  return {};
}

bool holderValid(Reader& r, const TicketRow& t, const std::string& token) { return checkHolder(r, t, token).isOk(); }

std::optional<TicketRow> padTicket(Reader& r, int64_t window_id, int64_t now) {
  auto t = r.lastFinishedAtWindow(window_id);
  if (t && t->state == "finished" && t->finished_at && now - *t->finished_at <= kPadOfferMs && !r.ticketRating(t->id))
    return t;
  return std::nullopt;
}

std::string formatTicketNumber(std::string_view prefix, int64_t n) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%03lld", static_cast<long long>(n));
  return std::string(prefix) + digits;
}

bool isPriorityClass(std::string_view p) {
  return p == "normal" || p == "elderly" || p == "disabled" || p == "pregnant" || p == "military";
}

std::optional<int> parseHallRating(std::string_view s) {
  if (s == "very_satisfied") return 5;
  if (s == "satisfied") return 4;
  if (s == "basically_satisfied") return 3;
  if (s == "dissatisfied") return 2;
  if (s == "very_dissatisfied") return 1;
  return std::nullopt;
}

const char* hallRatingName(int r) {
  switch (r) {
    case 5: return "very_satisfied";
    case 4: return "satisfied";
    case 3: return "basically_satisfied";
    case 2: return "dissatisfied";
    default: return "very_dissatisfied";
  }
}

// ---- caches, snapshots and publication (the cache itself: hall_cache.h) -----------------------

HallService::HallService(const Clock& clock, const CalendarBook& calendars) : clock_(clock), calendars_(calendars) {
  const char* v = std::getenv("ONEDOOR_BENCH_SNAPSHOT_PER_WRITE");
  per_write_ = v && std::string(v) == "1";
}
HallService::~HallService() = default;

HallCache* HallService::cacheFor(WriteTx& tx, int64_t hall_id, int64_t now, Status& st) {
  auto h = tx.hallById(hall_id);
  if (!h) {
    st = notFound("找不到该大厅 / No such hall");
    return nullptr;
  }
  // Every hall write bumps the row's version. A version other than the cache's means someone
  // else wrote the hall since: another node on the same PostgreSQL database, or a CLI process.
  auto it = caches_.find(hall_id);
  if (it != caches_.end() && it->second->hall.version == h->version) return it->second.get();
  if (it != caches_.end()) caches_.erase(it);
  auto c = HallCache::load(tx, *h, now, moved_, st);
  if (!c) return nullptr;
  HallCache* raw = c.get();
  caches_[hall_id] = std::move(c);
  return raw;
}

void HallService::dropCache(int64_t hall_id) { caches_.erase(hall_id); }

int64_t HallService::dayStart(int64_t ms) const {
  auto cal = calendars_.current();
  return cal->toUtcMs(cal->localDate(ms), 0);
}

// Bumps the hall's version, accumulates the glass-door index, finds near-front tickets and builds
// the snapshot readers will see once this write commits.
Status HallService::finishWrite(WriteTx& tx, HallCache& c, HallRow& h, int64_t now, HallOutcome& out) {
  const Dispatcher& d = c.d();
  int64_t today = dayStart(now);
  if (h.glass_door_day != today) {
    // A new day: count only the part of the open interval that falls into it.
    h.glass_door_min = 0;
    h.glass_door_at = std::max(h.glass_door_at, today);
    h.glass_door_day = today;
  }
  if (now > h.glass_door_at) {
    h.glass_door_min += h.glass_door_count * static_cast<double>(now - h.glass_door_at) / kMinuteMs;
    h.glass_door_at = now;
  }
  h.glass_door_count = d.glassDoorCount();
  ++h.version;
  if (Status st = tx.updateHall(h); !st) return st;
  out.hall_id = h.id;
  out.version = h.version;

  c.hall = h;
  // Forget tickets the dispatcher is done with.
  for (auto it = c.tickets.begin(); it != c.tickets.end();) {
    if (d.ticket(it->second).state == hall::TicketState::kGone) {
      c.notified.erase(it->first);
      it = c.tickets.erase(it);
    } else {
      ++it;
    }
  }
  // Near-front notices: only the front of each queue matters, so no full ranking here.
  for (const auto& [ti, ahead] : d.frontRanks(h.notify_ahead + 1)) {
    auto id = static_cast<int64_t>(d.ticket(ti).spec.tag);
    if (c.notified.count(id)) continue;
    auto t = tx.ticketById(id);
    if (!t) continue;
    t->notified = true;
    HallChange ch(moved_, c);
    if (Status st = ch.saveTicket(tx, *t); !st) return st;
    c.notified.insert(id);
    out.notices.push_back({t->public_code, t->number, t->phone, ahead, h.id});
  }
  // The snapshot is built once per commit batch, after the commit (committed()).
  dirty_.insert(h.id);
  return Status::ok();
}

std::shared_ptr<HallSnapshot> HallService::buildSnapshot(const HallCache& c) const {
  auto snap = c.snapshot();
  if (PublicRenderer render = render_public_.load(std::memory_order_acquire)) render(*snap);
  return snap;
}

void HallService::attach(Store& store) {
  store.addBatchEndHook([this](bool committed) { batchEnded(committed); });
  attached_ = true;
}

void HallService::batchEnded(bool committed) {
  if (dirty_.empty()) return;
  if (!committed) {
    // The batch was rolled back as a whole: the dispatchers hold changes the database does not.
    for (int64_t hall_id : dirty_) dropCache(hall_id);
  } else if (!per_write_) {
    std::unordered_map<int64_t, std::shared_ptr<const HallSnapshot>> fresh;
    for (int64_t hall_id : dirty_) {
      auto it = caches_.find(hall_id);
      // No dispatcher: a failing write later in the batch dropped it; readers refresh on demand.
      fresh[hall_id] = it == caches_.end() ? nullptr : buildSnapshot(*it->second);
    }
    for (const auto& out : batch_outs_) {
      auto it = fresh.find(out->hall_id);
      if (it == fresh.end()) continue;
      out->snapshot = it->second;
      out->snapshot_built = true;
    }
  }
  dirty_.clear();
  batch_outs_.clear();
}

void HallService::committed(const HallOutcome& out, const Status& st) {
  if (!st) return;  // guarded() and batchEnded() dealt with the dispatcher
  bool alerts_changed = false;
  const std::shared_ptr<const HallSnapshot>& snap = out.snapshot;
  if (out.hall_id && out.snapshot_built) {
    std::lock_guard lock(snap_mu_);
    if (!snap) {
      snaps_.erase(out.hall_id);
    } else {
      auto& cur = snaps_[out.hall_id];
      // The batch's writes share one snapshot: only the first of them changes anything here.
      if (cur != snap && (!cur || cur->version <= snap->version)) {
        alerts_changed = cur ? cur->long_wait_alerts != snap->long_wait_alerts : !snap->long_wait_alerts.empty();
        cur = snap;
      }
    }
  }
  if (publish) {
    std::vector<std::string> messages;
    for (const auto& e : out.events) messages.push_back(e.dump());
    if (alerts_changed && !out.events.empty()) {
      // Every display and phone of the hall hears this: the count only; staff pages reload the
      // staff state for the alerts themselves (they name staff).
      json a = {{"type", "alerts"}, {"hall", out.hall_id}, {"version", snap->version},
                {"count", snap->long_wait_alerts.size()}};
      messages.push_back(a.dump());
    }
    for (const auto& m : messages) {
      publish(out.hall_id, m);
      if (share_ && !out.from_peer) share_(out.hall_id, m);
    }
    // A write without messages still changed the hall for the other nodes' readers.
    if (share_ && !out.from_peer && messages.empty() && out.hall_id) share_(out.hall_id, "");
  }
  if (notify) {
    for (const auto& n : out.notices) notify(n);
  }
}

namespace {
constexpr const char* kHallChannel = "onedoor_hall";
}  // namespace

void HallService::shareWithNodes(Store& store) {
  // Payload: "<hall id>" or "<hall id> <message>"; a message too long for the channel is left out
  // and the other nodes refresh from the database alone (their clients get the next message).
  share_ = [&store](int64_t hall_id, const std::string& message) {
    std::string payload = std::to_string(hall_id);
    if (!message.empty() && payload.size() + 1 + message.size() <= Store::kMaxNodeMessage) payload += " " + message;
    store.notifyNodes(kHallChannel, payload);
  };
  store.listenNodes(kHallChannel, [this, &store](const std::string& payload) {
    if (payload.empty()) {  // the link came back: anything may have changed
      refreshFromPeer(store, 0);
      return;
    }
    const size_t sp = payload.find(' ');
    int64_t hall_id = 0;
    try {
      hall_id = std::stoll(payload.substr(0, sp));
    } catch (const std::exception&) {
      return;  // not ours
    }
    if (sp != std::string::npos && publish) publish(hall_id, payload.substr(sp + 1));
    refreshFromPeer(store, hall_id);
  });
}

void HallService::refreshFromPeer(Store& store, int64_t hall_id) {
  std::vector<int64_t> halls;
  if (hall_id != 0) {
    halls.push_back(hall_id);
  } else {
    std::lock_guard lock(snap_mu_);
    for (const auto& [id, snap] : snaps_) halls.push_back(id);
  }
  for (int64_t id : halls) {
    {
      std::lock_guard lock(peer_mu_);
      if (!peer_refresh_queued_.insert(id).second) continue;  // the queued refresh will see it
    }
    auto out = std::make_shared<HallOutcome>();
    out->from_peer = true;
    WriteFn refresh = refreshWrite(id, out);
    // Unqueue as the refresh starts reading, so a message arriving after that queues another.
    WriteFn fn = [this, id, refresh = std::move(refresh)](WriteTx& tx) {
      {
        std::lock_guard lock(peer_mu_);
        peer_refresh_queued_.erase(id);
      }
      return refresh(tx);
    };
    store.submit(std::move(fn), [this, out](Status st) { committed(*out, st); });
  }
}

std::shared_ptr<const HallSnapshot> HallService::snapshot(int64_t hall_id) const {
  std::lock_guard lock(snap_mu_);
  auto it = snaps_.find(hall_id);
  return it == snaps_.end() ? nullptr : it->second;
}

Status HallService::run(Store& store, WriteFn fn, const std::shared_ptr<HallOutcome>& out) {
  std::promise<Status> done;
  auto fut = done.get_future();
  store.submit(std::move(fn), [this, out, &done](Status st) {
    committed(*out, st);
    done.set_value(std::move(st));
  });
  return fut.get();
}

WriteFn HallService::guarded(std::shared_ptr<HallOutcome> out, WriteFn body) {
  return [this, out = std::move(out), body = std::move(body)](WriteTx& tx) -> Status {
    if (!attached_) return internalError("大厅服务未接入存储 / the hall service is not attached to the store");
    moved_.clear();
    Status st = body(tx);
    // Tests: every dispatcher this write changed still agrees with itself (a broken index fails
    // the write, which rolls back, instead of surfacing later as a wrong call).
    if (st && check_invariants_) {
      for (int64_t hall_id : moved_) {
        auto it = caches_.find(hall_id);
        if (it == caches_.end()) continue;
        if (Status inv = it->second->d().checkInvariants(); !inv) st = inv;
      }
    }
    out->fn_failed = !st;
    // A failed write is rolled back. If the dispatcher had already moved, it is dropped and rebuilt
    // from the database by the next write; a refusal before any change keeps it.
    if (!st) {
      for (int64_t hall_id : moved_) dropCache(hall_id);
      if (per_write_ && out->hall_id) dropCache(out->hall_id);
    }
    moved_.clear();
    if (st && out->hall_id) {
      if (per_write_) {  // the old behaviour, for side-by-side benchmarks: a snapshot per write
        auto it = caches_.find(out->hall_id);
        out->snapshot = it == caches_.end() ? nullptr : buildSnapshot(*it->second);
        out->snapshot_built = true;
      } else if (dirty_.count(out->hall_id)) {
        batch_outs_.push_back(out);
      }
    }
    return st;
  };
}

// ---- commands ----------------------------------------------------------------------------------

namespace {

json ticketEvent(const std::string& type, const HallRow& h, const TicketRow& t, const std::string& service_name,
                 int window_number) {
  // Public (every display and phone of the hall hears it): the number, never the ticket's id.
  json e = {{"type", type},         {"hall", h.id},       {"version", h.version + 1}, {"number", t.number},
            {"service", t.service}, {"service_name", service_name}, {"state", t.state}};
  if (window_number > 0) e["window_number"] = window_number;
  return e;
}

hall::TicketFacts factsOf(const TicketRow& t) {
  hall::TicketFacts f;
  f.status = hall::parseStatus(t.state).value_or(TicketStatus::kWaiting);
  f.number = t.number;
  f.service = t.service;
  f.services_left = t.services_left;
  f.priority = t.priority;
  f.window_id = t.window_id;
  f.redirect_window_id = t.redirect_window_id;
  f.called_at = t.called_at;
  f.started_at = t.started_at;
  f.finished_at = t.finished_at;
  f.recalls = t.recalls;
  f.notified = t.notified;
  return f;
}

void applyFacts(TicketRow& t, const hall::TicketFacts& f) {
  t.state = std::string(hall::statusName(f.status));
  t.service = f.service;
  t.services_left = f.services_left;
  t.priority = f.priority;
  t.window_id = f.window_id;
  t.redirect_window_id = f.redirect_window_id;
  t.called_at = f.called_at;
  t.started_at = f.started_at;
  t.finished_at = f.finished_at;
  t.recalls = f.recalls;
  t.notified = f.notified;
}

}  // namespace

WriteFn HallService::issueWrite(int64_t hall_id, IssueInput in, std::shared_ptr<HallOutcome> out) {
  int64_t now = clock_.nowMs();
  return guarded(out, [this, hall_id, in = std::move(in), out, now](WriteTx& tx) -> Status {
    out->hall_id = hall_id;
    std::vector<std::string> visit = in.services;
    if (visit.empty()) visit.push_back(in.service);
    else if (!in.service.empty() && visit.front() != in.service) visit.insert(visit.begin(), in.service);
    if (visit.empty() || visit.front().empty()) return invalid("请选择业务 / Choose a service", "service");
    if (visit.size() > 5) return invalid("一次最多办理 5 项业务 / At most 5 services per visit", "services");
    if (!isPriorityClass(in.priority)) return invalid("优先类别不正确 / Unknown priority class", "priority");
    if (in.appointment && in.channel != "appointment")
      return invalid("预约时间只能来自预约签到 / An appointment time comes from an appointment's check-in only",
                     "appointment_at");
    if (in.channel != "kiosk" && in.channel != "remote" && in.channel != "appointment")
      return invalid("取号渠道不正确 / Unknown channel", "channel");
    if (in.phone.size() > 20) return invalid("手机号不正确 / Invalid phone number", "phone");
    for (char ch : in.phone)
      if (!std::isdigit(static_cast<unsigned char>(ch)) && ch != '+' && ch != '-')
        return invalid("手机号不正确 / Invalid phone number", "phone");
    auto h = tx.hallById(hall_id);
    if (!h) return notFound("找不到该大厅 / No such hall");
    Status st;
    HallCache* c = cacheFor(tx, hall_id, now, st);
    if (!c) return st;
    for (const auto& code : visit)
      if (!c->serviceRow(code)) return notFound("没有这项业务：" + code + " / No such service: " + code);
    auto number = takeTicketNumber(tx, hall_id, visit.front(), dayStart(now));
    if (!number) return number.status();
    const HallServiceRow& svc = *c->serviceRow(visit.front());
    TicketRow t;
    t.hall_id = hall_id;
    t.number = std::move(*number);
    t.service = svc.code;
    t.services_left.assign(visit.begin() + 1, visit.end());
    // A class claimed from outside the hall waits as normal until a clerk sees proof of it.
    std::string claimed = in.trusted ? std::string() : in.priority;
    if (claimed == "normal") claimed.clear();
    t.priority = claimed.empty() ? in.priority : "normal";
    t.state = "waiting";
    t.arrival = now;
    t.issued_at = now;
    t.appointment = in.appointment;
    t.channel = in.channel;
    t.phone = in.phone;
    for (int attempt = 0;; ++attempt) {
      t.public_code = randomBase32(10);
      auto id = tx.insertTicket(t);
      if (id) {
        t.id = *id;
        break;
      }
      if (id.status().code() != Code::kConflict || attempt > 3) return id.status();
    }
    // The holder's secret: 80 random bits, returned once; the ledger keeps only its hash.
    std::string holder = randomBase32(16);
    json issued = {{"hall_id", hall_id}, {"number", t.number}, {"service", t.service},
                   {"services_left", t.services_left}, {"priority", t.priority}, {"channel", t.channel},
                   {"appointment", optInt(t.appointment)}, {"holder_hash", blake2bHex(holder)}};
    if (!claimed.empty()) issued["claimed_priority"] = claimed;
    if (Status s = appendEvent(tx, now, "citizen", "ticket.issued", "ticket:" + std::to_string(t.id), issued); !s)
      return s;
    HallChange ch(moved_, *c);
    c->tickets[t.id] = ch.d().add(c->spec(t));
    out->events.push_back(ticketEvent("ticket_issued", *h, t, svc.name, 0));
    if (Status s = finishWrite(tx, *c, *h, now, *out); !s) return s;
    out->ticket = t;
    out->holder_token = std::move(holder);
    return Status::ok();
  });
}

// One window command's rows and cache, read once by windowWrite.
struct HallService::WindowCtx {
  WriteTx& tx;
  HallOutcome& out;
  int64_t now;
  HallActor actor;
  std::string actor_s;
  WindowRow w;
  HallRow h;
  HallCache& c;
  WindowIdx wi;
  std::optional<TicketRow> cur;  // the window's current ticket, if any
  bool seated_here = false;

  std::string serviceName(const std::string& code) const {
    const HallServiceRow* r = c.serviceRow(code);
    return r ? r->name : code;
  }
};

// Moves the dispatcher as the lifecycle's change says, then writes the row (keeping the cache's
// copies in step), the ledger event and the WebSocket message. `w` null: not a window command.
Status HallService::commitTicket(WriteTx& tx, HallCache& c, HallChange& ch, const HallRow& h, const WindowRow* w,
                                 TicketRow t, const hall::TicketChange& change, const std::string& actor,
                                 int64_t now, HallOutcome& out) {
  Dispatcher& d = ch.d();
  auto live = c.tickets.find(t.id);
  TicketIdx ti = live == c.tickets.end() ? hall::kNoTicket : live->second;
  WindowIdx wi = w ? c.window_idx.at(w->id) : hall::kNoIdx16;
  applyFacts(t, change.after);
  switch (change.requeue) {
    case hall::Requeue::kNone:
    case hall::Requeue::kCalled:
      break;
    case hall::Requeue::kDone:
      if (Status s = d.finish(wi, now); !s) return s;
      break;
    case hall::Requeue::kNextService:
      if (Status s = d.finish(wi, now); !s) return s;
      c.tickets[t.id] = d.add(c.spec(t));
      c.notified.erase(t.id);
      break;
    case hall::Requeue::kTransfer: {
      auto to = c.service(t.service);
      if (!to) return notFound("没有这项业务：" + t.service + " / No such service: " + t.service);
      if (Status s = d.transfer(ti, *to); !s) return s;
      if (Status s = d.finish(wi, now); !s) return s;
      break;
    }
    case hall::Requeue::kRedirect:
      if (Status s = d.redirect(ti, c.window_idx.at(*t.redirect_window_id), now); !s) return s;
      break;
    case hall::Requeue::kRemoved:
      if (ti != hall::kNoTicket)
        if (Status s = d.remove(ti); !s) return s;
      break;
    case hall::Requeue::kReordered: {
      if (ti == hall::kNoTicket) return internalError("号票不在调度器中 / ticket missing from the dispatcher");
      if (Status s = d.remove(ti); !s) return s;
      TicketIdx again = d.add(c.spec(t));
      c.tickets[t.id] = again;
      if (t.redirect_window_id && c.window_idx.count(*t.redirect_window_id))
        if (Status s = d.redirect(again, c.window_idx.at(*t.redirect_window_id), now); !s) return s;
      break;
    }
  }
  if (Status s = ch.saveTicket(tx, t); !s) return s;
  json payload = change.payload;
  if (w) {
    payload["window_id"] = w->id;
    payload["window_number"] = w->number;
    payload["state"] = t.state;
    if (!payload.contains("number")) payload["number"] = t.number;
  }
  if (Status s = appendEvent(tx, now, actor, change.event_type, "ticket:" + std::to_string(t.id), payload); !s) return s;
  const HallServiceRow* sr = c.serviceRow(t.service);
  out.events.push_back(ticketEvent(change.message_type, h, t, sr ? sr->name : t.service, w ? w->number : 0));
  out.ticket = t;
  return Status::ok();
}

Status HallService::windowChanged(WindowCtx& x, HallChange& ch, const char* ledger_type, json extra) {
  if (Status s = ch.saveWindow(x.tx, x.w); !s) return s;
  extra["window_id"] = x.w.id;
  extra["window_number"] = x.w.number;
  extra["state"] = x.w.state;
  extra["staff_user_id"] = optInt(x.w.staff_user_id);
  extra["skills"] = x.w.skills;
  if (Status s = appendEvent(x.tx, x.now, x.actor_s, ledger_type, "hall:" + std::to_string(x.h.id), extra); !s) return s;
  x.out.events.push_back({{"type", "window_changed"}, {"hall", x.h.id}, {"version", x.h.version + 1},
                          {"window", x.w.id}, {"window_number", x.w.number}, {"state", x.w.state}});
  x.out.window = x.w;
  return Status::ok();
}

Status HallService::callNext(WindowCtx& x) {
  if (x.w.state != "open" || !x.w.staff_user_id) return conflict("窗口未开启 / The window is not open", "window");
  if (x.cur) return conflict("窗口正在办理 " + x.cur->number + " / The window is busy with " + x.cur->number, "window");
  HallChange ch(moved_, x.c);
  auto ti = ch.d().callNext(x.wi, x.now);
  if (!ti) return Status::ok();  // nothing this window may serve is waiting
  auto t = x.tx.ticketById(static_cast<int64_t>(x.c.d().ticket(*ti).spec.tag));
  if (!t) return internalError("号票缺失 / ticket row missing");
  hall::TicketFacts f = factsOf(*t);
  auto change = hall::apply(&f, {.kind = hall::TicketCmd::kCall, .window_id = x.w.id}, x.now);
  if (!change) return change.status();
  x.w.idle_since = x.now;
  if (Status s = ch.saveWindow(x.tx, x.w); !s) return s;
  return commitTicket(x.tx, x.c, ch, x.h, &x.w, *t, *change, x.actor_s, x.now, x.out);
}

// Recall, no-show, start, finish, transfer, redirect: the window's current ticket through the
// lifecycle, after the checks that need the hall (the service exists and can be served, the
// target window is in the hall).
Status HallService::ticketCommand(WindowCtx& x, const hall::TicketCommand& cmd) {
  std::optional<hall::TicketFacts> f;
  if (x.cur) f = factsOf(*x.cur);
  auto change = hall::apply(f ? &*f : nullptr, cmd, x.now);
  if (!change) return change.status();
  if (cmd.kind == hall::TicketCmd::kTransfer) {
    auto to = x.c.service(cmd.service);
    if (!to) return notFound("没有这项业务：" + cmd.service + " / No such service: " + cmd.service);
    const Dispatcher& d = x.c.d();
    bool servable = false;
    for (size_t w = 0; w < d.windows().size(); ++w)
      servable = servable || (d.windows()[w].state != hall::WindowState::kShut && d.canServe(static_cast<WindowIdx>(w), *to));
    if (!servable)
      return conflict("没有窗口能办理" + x.serviceName(cmd.service) + " / No window can serve " + cmd.service, "service");
  }
  if (cmd.kind == hall::TicketCmd::kRedirect) {
    auto target = x.c.window_idx.find(cmd.window_id);
    if (target == x.c.window_idx.end()) return notFound("找不到该窗口 / No such window");
    if (cmd.window_id == x.w.id) return conflict("不能转到本窗口 / Choose another window", "window");
  }
  HallChange ch(moved_, x.c);
  return commitTicket(x.tx, x.c, ch, x.h, &x.w, *x.cur, *change, x.actor_s, x.now, x.out);
}

Status HallService::signIn(WindowCtx& x) {
  if (x.seated_here && x.w.state == "open") return Status::ok();  // already there
  if (x.w.staff_user_id && !x.seated_here)
    return conflict("该窗口已有工作人员签到 / Someone else is signed in at this window", "window");
  auto u = x.tx.userById(x.actor.user_id);
  if (!u || u->disabled) return {Code::kForbidden, "账号不可用 / Account not usable"};
  for (const auto& other : x.tx.listWindows(x.w.hall_id))
    if (other.staff_user_id == x.actor.user_id && other.id != x.w.id)
      return conflict("您已在 " + std::to_string(other.number) + " 号窗口签到 / You are signed in at window " +
                          std::to_string(other.number),
                      "window");
  HallChange ch(moved_, x.c);
  StaffIdx sti = ch.staff(x.actor.user_id);
  x.c.names[x.actor.user_id] = u->display_name;
  (void)ch.d().setPresent(sti, true);
  if (!x.seated_here)
    if (Status s = ch.d().seat(sti, x.wi); !s) return s;
  if (Status s = ch.d().setState(x.wi, hall::WindowState::kOpen, x.now); !s) return s;
  if (u->presence != "on_duty") {
    if (Status s = x.tx.setUserPresence(u->id, "on_duty"); !s) return s;
    if (Status s = appendEvent(x.tx, x.now, x.actor_s, "staff.presence_changed", userActor(u->id),
                               {{"from", u->presence}, {"to", "on_duty"}, {"window_number", x.w.number}});
        !s)
      return s;
  }
  x.w.staff_user_id = x.actor.user_id;
  x.w.state = "open";
  x.w.idle_since = x.now;
  x.w.away_since = std::nullopt;
  return windowChanged(x, ch, "window.signed_in", {{"user_id", x.actor.user_id}});
}

Status HallService::signOut(WindowCtx& x) {
  if (!x.w.staff_user_id) return conflict("窗口无人签到 / Nobody is signed in at this window", "window");
  if (x.cur) return conflict("请先办结 " + x.cur->number + " / Finish " + x.cur->number + " first", "window");
  HallChange ch(moved_, x.c);
  if (Status s = ch.d().unseat(x.wi, x.now); !s) return s;
  int64_t user = *x.w.staff_user_id;
  x.w.staff_user_id = std::nullopt;
  x.w.state = "shut";
  x.w.idle_since = x.now;
  return windowChanged(x, ch, "window.signed_out", {{"user_id", user}});
}

Status HallService::setWindowState(WindowCtx& x, const std::string& state) {
  if (state != "open" && state != "paused" && state != "shut")
    return invalid("窗口状态应为 open、paused 或 shut / state must be open, paused or shut", "state");
  if (state != "open" && x.cur)
    return conflict("请先办结 " + x.cur->number + " / Finish " + x.cur->number + " first", "window");
  hall::WindowState ws = state == "open" ? hall::WindowState::kOpen
                         : state == "paused" ? hall::WindowState::kPaused
                                             : hall::WindowState::kShut;
  HallChange ch(moved_, x.c);
  if (Status s = ch.d().setState(x.wi, ws, x.now); !s) return s;
  x.w.state = state;
  x.w.idle_since = x.now;
  return windowChanged(x, ch, "window.state_changed", json::object());
}

Status HallService::reskill(WindowCtx& x, const std::vector<std::string>& services) {
  for (const auto& code : services)
    if (!x.c.service(code)) return notFound("没有这项业务：" + code + " / No such service: " + code);
  HallChange ch(moved_, x.c);
  if (Status s = ch.d().reskill(x.wi, x.c.skills(services)); !s) return s;
  x.w.skills = services;
  return windowChanged(x, ch, "window.reskilled", json::object());
}

// The clerk saw proof (ID card, disability or service certificate) of the class a ticket claimed
// from outside the hall: it moves to where that class places it, arrival kept.
Status HallService::confirmPriority(WindowCtx& x, const WindowArgs& args) {
  if (!isPriorityClass(args.priority)) return invalid("优先类别不正确 / Unknown priority class", "priority");
  std::optional<TicketRow> t;
  int64_t today = dayStart(x.now);
  for (auto& live : x.tx.listLiveTickets(x.w.hall_id))
    if (live.number == args.number && live.state == "waiting" && live.issued_at >= today) t = live;
  if (!t) return invalid("今天没有等候中的 " + args.number + " 号 / No ticket " + args.number + " is waiting today", "number");
  if (!x.c.tickets.count(t->id)) return internalError("号票不在调度器中 / ticket missing from the dispatcher");
  hall::TicketFacts f = factsOf(*t);
  auto change = hall::apply(&f, {.kind = hall::TicketCmd::kConfirmPriority, .priority = args.priority}, x.now);
  if (!change) return change.status();
  HallChange ch(moved_, x.c);
  return commitTicket(x.tx, x.c, ch, x.h, &x.w, *t, *change, x.actor_s, x.now, x.out);
}

Status HallService::windowCommand(WindowCtx& x, WindowCmd cmd, const WindowArgs& args) {
  using hall::TicketCmd;
  switch (cmd) {
    case WindowCmd::kCallNext: return callNext(x);
    case WindowCmd::kRecall: return ticketCommand(x, {.kind = TicketCmd::kRecall});
    case WindowCmd::kNoShow:
      return ticketCommand(x, {.kind = TicketCmd::kNoShow, .no_show_recalls = x.h.no_show_recalls});
    case WindowCmd::kStart: return ticketCommand(x, {.kind = TicketCmd::kStart});
    case WindowCmd::kFinish: return ticketCommand(x, {.kind = TicketCmd::kFinish});
    case WindowCmd::kTransfer: return ticketCommand(x, {.kind = TicketCmd::kTransfer, .service = args.service});
    case WindowCmd::kRedirect: {
      auto target = x.tx.windowById(args.window_id);
      int number = target && target->hall_id == x.w.hall_id ? target->number : 0;
      int64_t id = target && target->hall_id == x.w.hall_id ? target->id : -1;
      return ticketCommand(x, {.kind = TicketCmd::kRedirect, .window_id = id, .window_number = number});
    }
    case WindowCmd::kSignIn: return signIn(x);
    case WindowCmd::kSignOut: return signOut(x);
    case WindowCmd::kSetState: return setWindowState(x, args.state);
    case WindowCmd::kReskill: return reskill(x, args.services);
    case WindowCmd::kConfirmPriority: return confirmPriority(x, args);
  }
  return internalError("unknown window command");
}

WriteFn HallService::windowWrite(int64_t window_id, WindowCmd cmd, WindowArgs args, HallActor actor,
                                 std::shared_ptr<HallOutcome> out) {
  int64_t now = clock_.nowMs();
  return guarded(out, [this, window_id, cmd, args = std::move(args), actor, out, now](WriteTx& tx) -> Status {
    auto w = tx.windowById(window_id);
    if (!w) return notFound("找不到该窗口 / No such window");
    out->hall_id = w->hall_id;
    auto h = tx.hallById(w->hall_id);
    if (!h) return notFound("找不到该大厅 / No such hall");
    bool staff_role = actor.role == "supervisor" || actor.role == "admin" || actor.role == "system";
    bool seated_here = w->staff_user_id && *w->staff_user_id == actor.user_id;
    if (cmd == WindowCmd::kReskill && !staff_role)
      return {Code::kForbidden, "只有值班长或管理员可以调整窗口业务 / Only a supervisor or admin may re-skill a window"};
    if (cmd != WindowCmd::kSignIn && !staff_role && !seated_here) return {Code::kForbidden, kNotSeated};
    Status st;
    HallCache* c = cacheFor(tx, w->hall_id, now, st);
    if (!c) return st;
    WindowIdx wi = c->window_idx.at(w->id);
    WindowCtx x{tx, *out, now, actor, actorOf(actor), *w, *h, *c, wi, std::nullopt, seated_here};
    if (TicketIdx ti = c->d().windows()[wi].serving; ti != hall::kNoTicket)
      x.cur = tx.ticketById(static_cast<int64_t>(c->d().ticket(ti).spec.tag));
    if (Status s = windowCommand(x, cmd, args); !s) return s;
    // Nothing happened (nothing to call, already signed in): no change, no new version.
    if (out->events.empty()) return Status::ok();
    return finishWrite(tx, *c, x.h, now, *out);
  });
}

WriteFn HallService::cancelWrite(std::string ticket_code, std::string holder_token, std::shared_ptr<HallOutcome> out) {
  int64_t now = clock_.nowMs();
  return guarded(out, [this, code = std::move(ticket_code), holder = std::move(holder_token), out, now](WriteTx& tx) -> Status {
    auto t = tx.ticketByCode(code);
    if (!t) return notFound("找不到该号票 / No such ticket");
    if (Status s = checkHolder(tx, *t, holder); !s) return s;
    out->hall_id = t->hall_id;
    hall::TicketFacts f = factsOf(*t);
    auto change = hall::apply(&f, {.kind = hall::TicketCmd::kCancel}, now);
    if (!change) return change.status();
    auto h = tx.hallById(t->hall_id);
    if (!h) return notFound("找不到该大厅 / No such hall");
    Status st;
    HallCache* c = cacheFor(tx, t->hall_id, now, st);
    if (!c) return st;
    HallChange ch(moved_, *c);
    if (Status s = commitTicket(tx, *c, ch, *h, nullptr, *t, *change, "citizen", now, *out); !s) return s;
    return finishWrite(tx, *c, *h, now, *out);
  });
}

namespace {

// Records a rating of a finished ticket (once); 不满意 or worse opens a rectification.
Status rateTicket(WriteTx& tx, const std::optional<TicketRow>& t, int rating, const std::string& comment, int64_t now,
                  int64_t due, HallOutcome* out) {
  if (rating < 1 || rating > 5) return invalid("评价等级不正确 / Unknown rating", "rating");
  out->hall_id = 0;  // no hall state changes
  if (t->state != "finished") return conflict("办结后才能评价 / Rate once the service is finished", "rating");
  if (tx.ticketRating(t->id)) return conflict("这次办理已经评价过了 / This visit has already been rated", "rating");
  std::optional<int64_t> staff;
  if (t->window_id) {
    // The clerk who finished it: the last ticket.finished event names the actor; the window's
    // seated clerk is a good enough stand-in when it is still the same.
    if (auto w = tx.windowById(*t->window_id)) staff = w->staff_user_id;
  }
  if (Status s = tx.insertTicketRating({t->id, rating, comment, now, t->window_id, staff}); !s) return s;
  if (Status s = appendEvent(tx, now, "citizen", "ticket.rated", "ticket:" + std::to_string(t->id),
                             {{"rating", hallRatingName(rating)}, {"window_id", optInt(t->window_id)}});
      !s)
    return s;
  if (rating <= 2) {
    appeals::Rectification r;
    r.source = "hall";
    r.ticket_id = t->id;
    r.rating = static_cast<appeals::Rating>(rating);
    r.comment = comment;
    r.opened_at = now;
    r.due = due;
    auto rid = tx.insertRectification(r);
    if (!rid) return rid.status();
    out->rectification_id = *rid;
    if (Status s = appendEvent(tx, now, "system", "rectification.opened", "rectification:" + std::to_string(*rid),
                               {{"source", "hall"}, {"ticket_id", t->id}, {"number", t->number},
                                {"rating", hallRatingName(rating)}, {"due", due}});
        !s)
      return s;
  }
  out->ticket = *t;
  return Status::ok();
}

}  // namespace

WriteFn HallService::rateWrite(std::string ticket_code, std::string holder_token, int rating, std::string comment,
                               std::shared_ptr<HallOutcome> out) {
  int64_t now = clock_.nowMs();
  int64_t due = calendars_.current()->addWorkingDays(now, 5).due_ms;
  return [code = std::move(ticket_code), holder = std::move(holder_token), rating, comment = std::move(comment), out,
          now, due](WriteTx& tx) -> Status {
    auto t = tx.ticketByCode(code);
    if (!t) return notFound("找不到该号票 / No such ticket");
    if (Status s = checkHolder(tx, *t, holder); !s) return s;
    return rateTicket(tx, t, rating, comment, now, due, out.get());
  };
}

WriteFn HallService::padRateWrite(int64_t window_id, int rating, std::string comment, std::shared_ptr<HallOutcome> out) {
  int64_t now = clock_.nowMs();
  int64_t due = calendars_.current()->addWorkingDays(now, 5).due_ms;
  return [window_id, rating, comment = std::move(comment), out, now, due](WriteTx& tx) -> Status {
    auto t = padTicket(tx, window_id, now);
    if (!t) return conflict("这个窗口没有待评价的办理 / No finished visit at this window waits for a rating", "rating");
    return rateTicket(tx, t, rating, comment, now, due, out.get());
  };
}

WriteFn HallService::remedyWrite(int64_t hall_id, RemedyInput in, HallActor actor, std::shared_ptr<HallOutcome> out) {
  int64_t now = clock_.nowMs();
  return guarded(out, [this, hall_id, in = std::move(in), actor, out, now](WriteTx& tx) -> Status {
    out->hall_id = hall_id;
    auto h = tx.hallById(hall_id);
    if (!h) return notFound("找不到该大厅 / No such hall");
    auto w = tx.windowById(in.window_id);
    if (!w || w->hall_id != hall_id) return notFound("找不到该窗口 / No such window");
    Status st;
    HallCache* c = cacheFor(tx, hall_id, now, st);
    if (!c) return st;
    WindowIdx wi = c->window_idx.at(w->id);
    json payload = {{"kind", in.kind}, {"window_id", w->id}, {"window_number", w->number}};
    if (in.kind != "open_window" && in.kind != "switch_window")
      return invalid("措施应为 open_window 或 switch_window / kind must be open_window or switch_window", "kind");
    std::optional<User> u;
    if (in.kind == "open_window") {
      if (w->staff_user_id) return conflict("窗口已有工作人员 / The window is staffed", "window");
      u = tx.userById(in.staff_user_id);
      if (!u || u->disabled) return notFound("找不到该工作人员 / No such staff member");
      for (const auto& other : tx.listWindows(hall_id))
        if (other.staff_user_id == in.staff_user_id)
          return conflict("该工作人员已在 " + std::to_string(other.number) + " 号窗口 / Already at a window", "staff_user_id");
    } else if (!c->service(in.service)) {
      return notFound("没有这项业务：" + in.service + " / No such service: " + in.service);
    }
    HallChange ch(moved_, *c);
    Dispatcher& d = ch.d();
    if (in.kind == "open_window") {
      StaffIdx sti = ch.staff(in.staff_user_id);
      c->names[in.staff_user_id] = u->display_name;
      (void)d.setPresent(sti, true);
      if (Status s = d.seat(sti, wi); !s) return s;
      if (Status s = d.setState(wi, hall::WindowState::kOpen, now); !s) return s;
      w->staff_user_id = in.staff_user_id;
      w->state = "open";
      w->idle_since = now;
      payload["staff_user_id"] = in.staff_user_id;
      // The window opens for the service the alert is about, even if it did not list it before.
      if (!in.service.empty()) {
        if (!c->service(in.service)) return notFound("没有这项业务：" + in.service + " / No such service: " + in.service);
        if (std::find(w->skills.begin(), w->skills.end(), in.service) == w->skills.end()) {
          std::vector<std::string> wider = w->skills;
          wider.push_back(in.service);
          if (d.reskill(wi, c->skills(wider))) {
            w->skills = wider;
          } else {
            if (Status s = d.reskill(wi, c->skills({in.service})); !s) return s;
            w->skills = {in.service};
          }
        }
        payload["service"] = in.service;
      }
    } else {
      if (Status s = d.reskill(wi, c->skills({in.service})); !s) return s;
      w->skills = {in.service};
      payload["service"] = in.service;
    }
    if (Status s = ch.saveWindow(tx, *w); !s) return s;
    if (Status s = appendEvent(tx, now, actorOf(actor), "hall.remedy_applied", "hall:" + std::to_string(hall_id), payload);
        !s)
      return s;
    out->events.push_back({{"type", "window_changed"}, {"hall", hall_id}, {"version", h->version + 1},
                           {"window", w->id}, {"window_number", w->number}, {"state", w->state}});
    out->window = *w;
    return finishWrite(tx, *c, *h, now, *out);
  });
}

WriteFn HallService::weightsWrite(int64_t hall_id, std::map<std::string, int> weights, HallActor actor,
                                  std::shared_ptr<HallOutcome> out) {
  int64_t now = clock_.nowMs();
  return guarded(out, [this, hall_id, weights = std::move(weights), actor, out, now](WriteTx& tx) -> Status {
    out->hall_id = hall_id;
    auto h = tx.hallById(hall_id);
    if (!h) return notFound("找不到该大厅 / No such hall");
    if (Status s = tx.setHallPriorityWeights(hall_id, weights); !s) return s;
    if (Status s = appendEvent(tx, now, actorOf(actor), "hall.settings_saved", "hall:" + std::to_string(hall_id),
                               {{"priority_weights", weights}});
        !s)
      return s;
    // The dispatcher's keys depend on the weights: rebuild it from the rows, inside this write
    // (the cache's load is itself a HallChange).
    dropCache(hall_id);
    Status st;
    HallCache* c = cacheFor(tx, hall_id, now, st);
    if (!c) return st;
    out->events.push_back({{"type", "settings_changed"}, {"hall", hall_id}, {"version", h->version + 1}});
    return finishWrite(tx, *c, *h, now, *out);
  });
}

WriteFn HallService::refreshWrite(int64_t hall_id, std::shared_ptr<HallOutcome> out) {
  int64_t now = clock_.nowMs();
  return guarded(out, [this, hall_id, out, now](WriteTx& tx) -> Status {
    out->hall_id = hall_id;
    auto h = tx.hallById(hall_id);
    if (!h) return notFound("找不到该大厅 / No such hall");
    Status st;
    HallCache* c = cacheFor(tx, hall_id, now, st);
    if (!c) return st;
    auto before = h->version;
    if (Status s = finishWrite(tx, *c, *h, now, *out); !s) return s;
    // A refresh is not a change: keep the version readers and WebSocket clients know.
    h->version = before;
    if (Status s = tx.updateHall(*h); !s) return s;
    c->hall = *h;
    out->version = before;
    return Status::ok();
  });
}

}  // namespace onedoor::services
