// The live hall over the Store: every command is one WriteFn that checks, changes the rows, keeps
// the cached hall::Dispatcher in step, appends ledger events and prepares WebSocket messages.
// Thread-safety: see hall_service.h (caches on the writer thread only; snapshots under snap_mu_).
#include "services/hall_service.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <future>
#include <unordered_set>

#include "core/random.h"
#include "hall/remedies.h"
#include "services/people_service.h"

namespace onedoor::services {

using nlohmann::json;
using hall::Dispatcher;
using hall::ServiceIdx;
using hall::SkillSet;
using hall::StaffIdx;
using hall::TicketIdx;
using hall::WindowIdx;

namespace {

constexpr int64_t kMinuteMs = 60'000;
const char* const kNotSeated = "您没有在这个窗口签到 / You are not signed in at this window";

json optInt(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }
json nullIfEmpty(const std::string& v) { return v.empty() ? json(nullptr) : json(v); }

uint8_t classIndex(const Dispatcher& d, const std::string& code) {
  for (size_t i = 0; i < d.classes().size(); ++i)
    if (d.classes()[i].code == code) return static_cast<uint8_t>(i);
  return 0;
}

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

// The class a ticket's holder claimed but nobody has confirmed yet, from its ticket.issued event.
std::string claimedPriority(Reader& r, const TicketRow& t) {
  if (t.priority != "normal") return {};
  for (const auto& ev : r.eventsBySubject("ticket:" + std::to_string(t.id))) {
    if (ev.type != "ticket.issued") continue;
    auto p = json::parse(ev.payload_json, nullptr, false);
    return p.is_object() ? p.value("claimed_priority", std::string()) : std::string();
  }
  return {};
}

}  // namespace

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

static const char* ratingName(int r) {
  switch (r) {
    case 5: return "very_satisfied";
    case 4: return "satisfied";
    case 3: return "basically_satisfied";
    case 2: return "dissatisfied";
    default: return "very_dissatisfied";
  }
}

double HallSnapshot::glassDoorMinAt(int64_t now) const {
  if (now <= glass_door_at) return glass_door_min;
  return glass_door_min + glass_door_count * static_cast<double>(now - glass_door_at) / kMinuteMs;
}

// ---- the per-hall cache ----------------------------------------------------------------------

struct HallService::Cache {
  int64_t hall_id = 0;
  HallRow hall;                          // the row as of the last write that touched it
  std::vector<int> window_numbers;       // index = WindowIdx
  std::unordered_map<int64_t, std::string> names;  // user id → display name (remedies)
  std::vector<HallServiceRow> services;  // index = ServiceIdx; names, prefixes, means (not numbers)
  std::vector<int64_t> window_ids;       // index = WindowIdx
  std::unordered_map<int64_t, WindowIdx> window_idx;
  std::unordered_map<int64_t, StaffIdx> staff_idx;  // user id → staff
  std::unordered_map<int64_t, TicketIdx> tickets;    // database id → dispatcher ticket (live ones)
  std::unordered_set<int64_t> notified;              // near-front notice sent

  const Dispatcher& d() const { return *disp_; }
  std::optional<ServiceIdx> service(const std::string& code) const { return disp_->serviceByCode(code); }
  SkillSet skills(const std::vector<std::string>& codes) const {
    SkillSet s;
    for (const auto& c : codes)
      if (auto i = service(c)) s.add(*i);
    return s;
  }
  const HallServiceRow* serviceRow(const std::string& code) const {
    for (const auto& s : services)
      if (s.code == code) return &s;
    return nullptr;
  }
  hall::NewTicket spec(const TicketRow& t) const {
    hall::NewTicket n;
    n.service = service(t.service).value_or(0);
    n.priority_class = classIndex(*disp_, t.priority);
    n.arrival = t.arrival;
    n.appointment = t.appointment;
    n.tag = static_cast<uint64_t>(t.id);
    return n;
  }

 private:
  friend class HallService::Change;
  std::unique_ptr<Dispatcher> disp_;  // changed only through a Change
};

// The one way to change a hall's dispatcher. Taking a Change marks the hall moved for this write:
// if the write then fails (its rows roll back), guarded() drops the cache so the next write
// rebuilds it from the database; when it succeeds, the batch end builds the hall's snapshot from
// it, and in tests guarded() checks the dispatcher's invariants. There is no other mutable path to
// the dispatcher, so no command can change it and forget to say so (the bug of a per-command
// counter). Everything the cache mirrors from a row that writes change (the hall row) is renewed
// in finishWrite(); ticket numbers are not cached at all (takeTicketNumber()).
class HallService::Change {
 public:
  Change(HallService& hs, Cache& c) : c_(c) { hs.moved_.insert(c.hall_id); }
  Change(const Change&) = delete;
  Change& operator=(const Change&) = delete;
  Dispatcher& d() { return *c_.disp_; }
  void reset(std::unique_ptr<Dispatcher> d) { c_.disp_ = std::move(d); }
  // The staff handle of a user, created on demand; a user without a skills row may serve every
  // service of the hall (a clerk signing in somewhere new is trusted until skills are recorded).
  StaffIdx staff(int64_t user_id) {
    auto it = c_.staff_idx.find(user_id);
    if (it != c_.staff_idx.end()) return it->second;
    StaffIdx st = c_.disp_->addStaff(std::to_string(user_id), SkillSet::all(static_cast<int>(c_.services.size())));
    c_.staff_idx[user_id] = st;
    return st;
  }

 private:
  Cache& c_;
};

HallService::HallService(const Clock& clock, const CalendarBook& calendars) : clock_(clock), calendars_(calendars) {
  const char* v = std::getenv("ONEDOOR_BENCH_SNAPSHOT_PER_WRITE");
  per_write_ = v && std::string(v) == "1";
}
HallService::~HallService() = default;

static hall::WindowState windowState(const std::string& s) {
  if (s == "open") return hall::WindowState::kOpen;
  if (s == "paused") return hall::WindowState::kPaused;
  return hall::WindowState::kShut;
}

HallService::Cache* HallService::cacheFor(WriteTx& tx, int64_t hall_id, int64_t now, Status& st) {
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
  auto c = std::make_unique<Cache>();
  c->hall_id = hall_id;
  c->hall = *h;
  c->services = tx.listHallServices(hall_id);
  std::vector<hall::ServiceDef> defs;
  for (const auto& s : c->services) defs.push_back({s.code, s.prefix, s.mean_service_min});
  // Stored priority weights (admin settings) turn into head starts; none stored: the defaults.
  Change build(*this, *c);
  build.reset(std::make_unique<Dispatcher>(defs, hall::priorityClassesFromWeights(tx.hallPriorityWeights(hall_id)),
                                           hall::Rules{}));
  Dispatcher& d = build.d();
  for (const auto& sk : tx.listStaffSkills(hall_id)) {
    c->staff_idx[sk.user_id] = d.addStaff(std::to_string(sk.user_id), c->skills(sk.services));
  }
  // Free staff on duty are "present" (they could open a shut window); seated ones are present.
  for (auto& [user_id, idx] : c->staff_idx) {
    auto u = tx.userById(user_id);
    if (u) c->names[user_id] = u->display_name;
    if (u && !u->disabled && u->presence == "on_duty") (void)d.setPresent(idx, true);
  }
  auto windows = tx.listWindows(hall_id);
  for (const auto& w : windows) {
    WindowIdx wi = d.addWindow(std::to_string(w.id), c->skills(w.skills));
    c->window_ids.push_back(w.id);
    c->window_numbers.push_back(w.number);
    c->window_idx[w.id] = wi;
    if (w.staff_user_id) {
      if (!c->names.count(*w.staff_user_id))
        if (auto u = tx.userById(*w.staff_user_id)) c->names[*w.staff_user_id] = u->display_name;
      StaffIdx st = build.staff(*w.staff_user_id);
      (void)d.setPresent(st, true);
      (void)d.seat(st, wi);
      (void)d.setState(wi, windowState(w.state), w.idle_since);
    }
  }
  for (const auto& t : tx.listLiveTickets(hall_id)) {
    TicketIdx ti = d.add(c->spec(t));
    c->tickets[t.id] = ti;
    if (t.notified) c->notified.insert(t.id);
    if (t.state == "waiting" && t.redirect_window_id && c->window_idx.count(*t.redirect_window_id)) {
      (void)d.redirect(ti, c->window_idx[*t.redirect_window_id], now);
    } else if (t.state != "waiting" && t.window_id && c->window_idx.count(*t.window_id)) {
      WindowIdx wi = c->window_idx[*t.window_id];
      (void)d.redirect(ti, wi, now);
      (void)d.callNext(wi, now);
    }
  }
  Cache* raw = c.get();
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
Status HallService::finishWrite(WriteTx& tx, Cache& c, HallRow& h, int64_t now, HallOutcome& out) {
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
    if (Status st = tx.updateTicket(*t); !st) return st;
    c.notified.insert(id);
    out.notices.push_back({t->public_code, t->number, t->phone, ahead, h.id});
  }
  // The snapshot is built once per commit batch, after the commit (committed()).
  dirty_.insert(h.id);
  return Status::ok();
}

namespace {

json remedyJson(const nlohmann::json& base, const std::string& kind, int64_t window_id, int number,
                int64_t staff_user, const std::string& staff_name, const std::string& service) {
  json r = base;
  r["kind"] = kind;
  r["window"] = window_id;
  r["window_number"] = number;
  r["staff_user_id"] = staff_user;
  r["staff_name"] = staff_name;
  r["service"] = service;
  return r;
}

}  // namespace

std::shared_ptr<HallSnapshot> HallService::buildSnapshot(const Cache& c) const {
  const Dispatcher& d = c.d();
  const HallRow& h = c.hall;
  auto snap = std::make_shared<HallSnapshot>();
  snap->hall_id = h.id;
  snap->version = h.version;
  snap->glass_door_min = h.glass_door_min;
  snap->glass_door_at = h.glass_door_at;
  snap->glass_door_day = h.glass_door_day;
  snap->glass_door_count = h.glass_door_count;
  std::vector<double> servers(c.services.size());
  std::vector<bool> idle_able(c.services.size(), false);
  for (size_t s = 0; s < c.services.size(); ++s) {
    auto si = static_cast<ServiceIdx>(s);
    servers[s] = d.serversFor(si);
    for (WindowIdx w : d.idleWindows()) idle_able[s] = idle_able[s] || d.canServe(w, si);
    snap->waiting[c.services[s].code] = d.waiting(si);
    snap->predicted_wait_min[c.services[s].code] = d.predictedWaitMin(si);
  }
  for (const auto& [ti, ahead] : d.waitingRanks()) {
    const hall::Ticket& tk = d.ticket(ti);
    auto id = static_cast<int64_t>(tk.spec.tag);
    TicketView v;
    v.ahead = ahead;
    ServiceIdx s = tk.spec.service;
    if (tk.pinned != hall::kNoIdx16) v.wait_min = v.ahead * c.services[s].mean_service_min;
    else if (servers[s] <= 0) v.wait_min = std::nullopt;
    else if (v.ahead == 0 && idle_able[s]) v.wait_min = 0.0;
    else v.wait_min = (v.ahead + 1) * c.services[s].mean_service_min / servers[s];
    v.near_front = v.ahead <= h.notify_ahead;
    snap->tickets[id] = v;
  }
  auto staffName = [&](StaffIdx st) {
    const std::string& staff_id = d.staff()[st].id;
    int64_t user = std::stoll(staff_id);
    auto it = c.names.find(user);
    return std::make_pair(user, it == c.names.end() ? staff_id : it->second);
  };
  // Long predicted waits and the remedies the dispatcher suggests.
  hall::RemedyOptions ro;
  ro.target_min = h.target_p95_min;
  auto remedies = hall::suggestRemedies(d, ro);
  for (size_t s = 0; s < c.services.size(); ++s) {
    auto si = static_cast<ServiceIdx>(s);
    if (d.waiting(si) == 0) continue;
    auto p = d.predictedWaitMin(si);
    if (p && *p <= h.target_p95_min) continue;
    const HallServiceRow& sr = c.services[s];
    int target = static_cast<int>(h.target_p95_min);
    json alert = {{"id", "long_wait:" + sr.code},
                  {"kind", "long_wait"},
                  {"service", sr.code},
                  {"service_name", sr.name},
                  {"target_min", target},
                  {"predicted_wait_min", p ? json(*p) : json(nullptr)},
                  {"remedy", nullptr}};
    std::string wait_zh = p ? std::to_string(static_cast<int>(*p + 0.5)) + "分钟" : "无窗口可办";
    std::string wait_en = p ? "about " + std::to_string(static_cast<int>(*p + 0.5)) + " min" : "no window can serve it";
    std::string msg = sr.name + "预计等候" + wait_zh + "，超过目标" + std::to_string(target) + "分钟";
    std::string msg_en = "Service " + sr.code + " (" + sr.name + "): predicted wait " + wait_en + ", over the " +
                         std::to_string(target) + "-minute target";
    for (const auto& r : remedies) {
      if (r.service != si) continue;
      auto [staff_user, staff_name] = staffName(r.staff);
      int64_t window_id = c.window_ids[r.window];
      int number = c.window_numbers[r.window];
      if (r.kind == hall::Remedy::Kind::kOpenWindow) {
        alert["remedy"] = remedyJson(json::object(), "open_window", window_id, number, staff_user, staff_name, sr.code);
        msg += "：建议由" + staff_name + "开启" + std::to_string(number) + "号窗口";
        msg_en += ": suggest " + staff_name + " opens window " + std::to_string(number);
      } else {
        alert["remedy"] = remedyJson(json::object(), "switch_window", window_id, number, staff_user, staff_name, sr.code);
        msg += "：建议将" + std::to_string(number) + "号窗口切换办理" + sr.name;
        msg_en += ": suggest switching window " + std::to_string(number) + " to service " + sr.code;
      }
      break;
    }
    alert["message"] = msg;
    alert["message_en"] = msg_en;
    snap->long_wait_alerts.push_back(alert);
  }
  // Staffed windows with tickets they could serve waiting, and who could cover for them.
  for (size_t w = 0; w < d.windows().size(); ++w) {
    auto wi = static_cast<WindowIdx>(w);
    if (d.windows()[w].staff == hall::kNoIdx16) continue;
    SkillSet mine = d.effectiveSkills(wi) & d.servicesWaiting();
    if (mine.empty()) continue;
    int waiting = 0;
    mine.forEach([&](ServiceIdx s) { waiting += d.waiting(s); });
    json cover = nullptr;
    if (auto r = hall::coverRemedy(d, wi)) {
      auto [staff_user, staff_name] = staffName(r->staff);
      cover = remedyJson(json::object(), r->kind == hall::Remedy::Kind::kOpenWindow ? "open_window" : "switch_window",
                         c.window_ids[r->window], c.window_numbers[r->window], staff_user, staff_name,
                         c.services[r->service].code);
    }
    snap->window_waiting[c.window_ids[w]] = {{"waiting", waiting}, {"remedy", cover}};
  }
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

json ticketEvent(const char* type, const HallRow& h, const TicketRow& t, const std::string& service_name,
                 int window_number) {
  // Public (every display and phone of the hall hears it): the number, never the ticket's id.
  json e = {{"type", type},         {"hall", h.id},       {"version", h.version + 1}, {"number", t.number},
            {"service", t.service}, {"service_name", service_name}, {"state", t.state}};
  if (window_number > 0) e["window_number"] = window_number;
  return e;
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
    Cache* c = cacheFor(tx, hall_id, now, st);
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
    Change ch(*this, *c);
    c->tickets[t.id] = ch.d().add(c->spec(t));
    out->events.push_back(ticketEvent("ticket_issued", *h, t, svc.name, 0));
    if (Status s = finishWrite(tx, *c, *h, now, *out); !s) return s;
    out->ticket = t;
    out->holder_token = std::move(holder);
    return Status::ok();
  });
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
    Cache* c = cacheFor(tx, w->hall_id, now, st);
    if (!c) return st;
    const Dispatcher& d = c->d();
    WindowIdx wi = c->window_idx.at(w->id);
    std::string actor_s = actorOf(actor);
    std::string subject = "hall:" + std::to_string(h->id);
    // The window's current ticket, if any.
    std::optional<TicketRow> cur;
    if (TicketIdx ti = d.windows()[wi].serving; ti != hall::kNoTicket) cur = tx.ticketById(static_cast<int64_t>(d.ticket(ti).spec.tag));
    auto serviceName = [&](const std::string& code) {
      const HallServiceRow* r = c->serviceRow(code);
      return r ? r->name : code;
    };
    auto ticketChanged = [&](const TicketRow& t, const char* ledger_type, const char* ws_type, json extra) -> Status {
      if (Status s = tx.updateTicket(t); !s) return s;
      extra["window_id"] = w->id;
      extra["window_number"] = w->number;
      extra["number"] = t.number;
      extra["state"] = t.state;
      if (Status s = appendEvent(tx, now, actor_s, ledger_type, "ticket:" + std::to_string(t.id), extra); !s) return s;
      out->events.push_back(ticketEvent(ws_type, *h, t, serviceName(t.service), w->number));
      out->ticket = t;
      return Status::ok();
    };
    auto windowChanged = [&](const char* ledger_type, json extra) -> Status {
      if (Status s = tx.updateWindow(*w); !s) return s;
      extra["window_id"] = w->id;
      extra["window_number"] = w->number;
      extra["state"] = w->state;
      extra["staff_user_id"] = optInt(w->staff_user_id);
      extra["skills"] = w->skills;
      if (Status s = appendEvent(tx, now, actor_s, ledger_type, subject, extra); !s) return s;
      out->events.push_back({{"type", "window_changed"}, {"hall", h->id}, {"version", h->version + 1},
                             {"window", w->id}, {"window_number", w->number}, {"state", w->state}});
      out->window = *w;
      return Status::ok();
    };
    const std::string cur_number = cur ? cur->number : "";
    switch (cmd) {
      case WindowCmd::kCallNext: {
        if (w->state != "open" || !w->staff_user_id)
          return conflict("窗口未开启 / The window is not open", "window");
        if (cur) return conflict("窗口正在办理 " + cur_number + " / The window is busy with " + cur_number, "window");
        Change ch(*this, *c);
        auto ti = ch.d().callNext(wi, now);
        if (!ti) return Status::ok();  // nothing this window may serve is waiting
        auto t = tx.ticketById(static_cast<int64_t>(d.ticket(*ti).spec.tag));
        if (!t) return internalError("号票缺失 / ticket row missing");
        t->state = "called";
        t->window_id = w->id;
        t->redirect_window_id = std::nullopt;
        t->called_at = now;
        t->recalls = 0;
        w->idle_since = now;
        if (Status s = tx.updateWindow(*w); !s) return s;
        if (Status s = ticketChanged(*t, "ticket.called", "ticket_called", {}); !s) return s;
        break;
      }
      case WindowCmd::kRecall: {
        if (!cur || cur->state != "called") return conflict("没有待叫的号票 / No called ticket at this window", "window");
        ++cur->recalls;
        cur->called_at = now;
        if (Status s = ticketChanged(*cur, "ticket.recalled", "ticket_recalled", {{"recalls", cur->recalls}}); !s) return s;
        break;
      }
      case WindowCmd::kNoShow: {
        if (!cur || cur->state != "called") return conflict("没有待叫的号票 / No called ticket at this window", "window");
        if (cur->recalls < h->no_show_recalls)
          return conflict("需先重呼 " + std::to_string(h->no_show_recalls) + " 次 / Recall " +
                              std::to_string(h->no_show_recalls) + " times before marking a no-show",
                          "recalls");
        Change ch(*this, *c);
        if (Status s = ch.d().finish(wi, now); !s) return s;
        cur->state = "no_show";
        cur->finished_at = now;
        if (Status s = ticketChanged(*cur, "ticket.no_show", "ticket_no_show", {{"recalls", cur->recalls}}); !s) return s;
        break;
      }
      case WindowCmd::kStart: {
        if (!cur || cur->state != "called") return conflict("没有待办的号票 / No called ticket at this window", "window");
        cur->state = "serving";
        cur->started_at = now;
        if (Status s = ticketChanged(*cur, "ticket.started", "ticket_started", {}); !s) return s;
        break;
      }
      case WindowCmd::kFinish: {
        if (!cur || cur->state != "serving")
          return conflict("窗口没有正在办理的号票 / No ticket is being served at this window", "window");
        Change ch(*this, *c);
        if (Status s = ch.d().finish(wi, now); !s) return s;
        json extra;
        if (!cur->services_left.empty()) {
          // On to the visit's next service, keeping the original arrival.
          cur->service = cur->services_left.front();
          cur->services_left.erase(cur->services_left.begin());
          cur->state = "waiting";
          cur->window_id = std::nullopt;
          cur->called_at = std::nullopt;
          cur->started_at = std::nullopt;
          cur->recalls = 0;
          extra["next_service"] = cur->service;
          c->tickets[cur->id] = ch.d().add(c->spec(*cur));
          c->notified.erase(cur->id);
          cur->notified = false;
        } else {
          cur->state = "finished";
          cur->finished_at = now;
        }
        if (Status s = ticketChanged(*cur, "ticket.finished", "ticket_finished", extra); !s) return s;
        break;
      }
      case WindowCmd::kTransfer: {
        if (!cur) return conflict("窗口没有在办的号票 / No current ticket at this window", "window");
        auto to = c->service(args.service);
        if (!to) return notFound("没有这项业务：" + args.service + " / No such service: " + args.service);
        bool servable = false;
        for (size_t x = 0; x < d.windows().size(); ++x) {
          auto xi = static_cast<WindowIdx>(x);
          servable = servable || (d.windows()[x].state != hall::WindowState::kShut && d.canServe(xi, *to));
        }
        if (!servable)
          return conflict("没有窗口能办理" + serviceName(args.service) + " / No window can serve " + args.service,
                          "service");
        TicketIdx ti = d.windows()[wi].serving;
        Change ch(*this, *c);
        if (Status s = ch.d().transfer(ti, *to); !s) return s;
        if (Status s = ch.d().finish(wi, now); !s) return s;
        std::string from = cur->service;
        cur->service = args.service;
        cur->state = "waiting";
        cur->window_id = std::nullopt;
        cur->called_at = std::nullopt;
        cur->started_at = std::nullopt;
        cur->recalls = 0;
        if (Status s = ticketChanged(*cur, "ticket.transferred", "ticket_transferred", {{"from", from}, {"to", args.service}});
            !s)
          return s;
        break;
      }
      case WindowCmd::kRedirect: {
        if (!cur) return conflict("窗口没有在办的号票 / No current ticket at this window", "window");
        auto target = tx.windowById(args.window_id);
        if (!target || target->hall_id != w->hall_id) return notFound("找不到该窗口 / No such window");
        if (target->id == w->id) return conflict("不能转到本窗口 / Choose another window", "window");
        TicketIdx ti = d.windows()[wi].serving;
        Change ch(*this, *c);
        if (Status s = ch.d().redirect(ti, c->window_idx.at(target->id), now); !s) return s;
        cur->state = "waiting";
        cur->window_id = std::nullopt;
        cur->redirect_window_id = target->id;
        cur->called_at = std::nullopt;
        cur->started_at = std::nullopt;
        cur->recalls = 0;
        if (Status s = ticketChanged(*cur, "ticket.redirected", "ticket_transferred",
                                     {{"to_window_id", target->id}, {"to_window_number", target->number}});
            !s)
          return s;
        break;
      }
      case WindowCmd::kSignIn: {
        if (seated_here && w->state == "open") break;  // already there
        if (w->staff_user_id && !seated_here)
          return conflict("该窗口已有工作人员签到 / Someone else is signed in at this window", "window");
        auto u = tx.userById(actor.user_id);
        if (!u || u->disabled) return {Code::kForbidden, "账号不可用 / Account not usable"};
        for (const auto& other : tx.listWindows(w->hall_id))
          if (other.staff_user_id == actor.user_id && other.id != w->id)
            return conflict("您已在 " + std::to_string(other.number) + " 号窗口签到 / You are signed in at window " +
                                std::to_string(other.number),
                            "window");
        Change ch(*this, *c);
        StaffIdx sti = ch.staff(actor.user_id);
        c->names[actor.user_id] = u->display_name;
        (void)ch.d().setPresent(sti, true);
        if (!seated_here)
          if (Status s = ch.d().seat(sti, wi); !s) return s;
        if (Status s = ch.d().setState(wi, hall::WindowState::kOpen, now); !s) return s;
        if (u->presence != "on_duty") {
          if (Status s = tx.setUserPresence(u->id, "on_duty"); !s) return s;
          if (Status s = appendEvent(tx, now, actor_s, "staff.presence_changed", userActor(u->id),
                                     {{"from", u->presence}, {"to", "on_duty"}, {"window_number", w->number}});
              !s)
            return s;
        }
        w->staff_user_id = actor.user_id;
        w->state = "open";
        w->idle_since = now;
        w->away_since = std::nullopt;
        if (Status s = windowChanged("window.signed_in", {{"user_id", actor.user_id}}); !s) return s;
        break;
      }
      case WindowCmd::kSignOut: {
        if (!w->staff_user_id) return conflict("窗口无人签到 / Nobody is signed in at this window", "window");
        if (cur) return conflict("请先办结 " + cur_number + " / Finish " + cur_number + " first", "window");
        Change ch(*this, *c);
        if (Status s = ch.d().unseat(wi, now); !s) return s;
        int64_t user = *w->staff_user_id;
        w->staff_user_id = std::nullopt;
        w->state = "shut";
        w->idle_since = now;
        if (Status s = windowChanged("window.signed_out", {{"user_id", user}}); !s) return s;
        break;
      }
      case WindowCmd::kSetState: {
        if (args.state != "open" && args.state != "paused" && args.state != "shut")
          return invalid("窗口状态应为 open、paused 或 shut / state must be open, paused or shut", "state");
        if (args.state != "open" && cur)
          return conflict("请先办结 " + cur_number + " / Finish " + cur_number + " first", "window");
        Change ch(*this, *c);
        if (Status s = ch.d().setState(wi, windowState(args.state), now); !s) return s;
        w->state = args.state;
        w->idle_since = now;
        if (Status s = windowChanged("window.state_changed", {}); !s) return s;
        break;
      }
      case WindowCmd::kConfirmPriority: {
        // The clerk saw proof (ID card, disability or service certificate) of the class a ticket
        // claimed from outside the hall: it moves to where that class places it, arrival kept.
        if (!isPriorityClass(args.priority)) return invalid("优先类别不正确 / Unknown priority class", "priority");
        std::optional<TicketRow> t;
        int64_t today = dayStart(now);
        for (auto& live : tx.listLiveTickets(w->hall_id))
          if (live.number == args.number && live.state == "waiting" && live.issued_at >= today) t = live;
        if (!t) return invalid("今天没有等候中的 " + args.number + " 号 / No ticket " + args.number + " is waiting today", "number");
        auto it = c->tickets.find(t->id);
        if (it == c->tickets.end()) return internalError("号票不在调度器中 / ticket missing from the dispatcher");
        std::string from = t->priority;
        t->priority = args.priority;
        Change ch(*this, *c);
        if (Status s = ch.d().remove(it->second); !s) return s;
        it->second = ch.d().add(c->spec(*t));
        if (t->redirect_window_id && c->window_idx.count(*t->redirect_window_id))
          if (Status s = ch.d().redirect(it->second, c->window_idx.at(*t->redirect_window_id), now); !s) return s;
        if (Status s = ticketChanged(*t, "ticket.priority_confirmed", "ticket_priority_confirmed",
                                     {{"from", from}, {"to", args.priority}});
            !s)
          return s;
        break;
      }
      case WindowCmd::kReskill: {
        for (const auto& code : args.services)
          if (!c->service(code)) return notFound("没有这项业务：" + code + " / No such service: " + code);
        Change ch(*this, *c);
        if (Status s = ch.d().reskill(wi, c->skills(args.services)); !s) return s;
        w->skills = args.services;
        if (Status s = windowChanged("window.reskilled", {}); !s) return s;
        break;
      }
    }
    if (out->events.empty() && cmd == WindowCmd::kCallNext) {
      // Nothing called: no change, no new version; the snapshot stays as it is.
      return Status::ok();
    }
    if (out->events.empty()) return Status::ok();
    return finishWrite(tx, *c, *h, now, *out);
  });
}

WriteFn HallService::cancelWrite(std::string ticket_code, std::string holder_token, std::shared_ptr<HallOutcome> out) {
  int64_t now = clock_.nowMs();
  return guarded(out, [this, code = std::move(ticket_code), holder = std::move(holder_token), out, now](WriteTx& tx) -> Status {
    auto t = tx.ticketByCode(code);
    if (!t) return notFound("找不到该号票 / No such ticket");
    if (Status s = checkHolder(tx, *t, holder); !s) return s;
    out->hall_id = t->hall_id;
    if (t->state != "waiting") return conflict("只能取消等候中的号票 / Only a waiting ticket can be cancelled", "state");
    auto h = tx.hallById(t->hall_id);
    if (!h) return notFound("找不到该大厅 / No such hall");
    Status st;
    Cache* c = cacheFor(tx, t->hall_id, now, st);
    if (!c) return st;
    auto it = c->tickets.find(t->id);
    Change ch(*this, *c);
    if (it != c->tickets.end())
      if (Status s = ch.d().remove(it->second); !s) return s;
    t->state = "cancelled";
    t->finished_at = now;
    if (Status s = tx.updateTicket(*t); !s) return s;
    if (Status s = appendEvent(tx, now, "citizen", "ticket.cancelled", "ticket:" + std::to_string(t->id),
                               {{"number", t->number}});
        !s)
      return s;
    const HallServiceRow* sr = c->serviceRow(t->service);
    out->events.push_back(ticketEvent("ticket_cancelled", *h, *t, sr ? sr->name : t->service, 0));
    out->ticket = *t;
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
                             {{"rating", ratingName(rating)}, {"window_id", optInt(t->window_id)}});
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
                                {"rating", ratingName(rating)}, {"due", due}});
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
    Cache* c = cacheFor(tx, hall_id, now, st);
    if (!c) return st;
    WindowIdx wi = c->window_idx.at(w->id);
    json payload = {{"kind", in.kind}, {"window_id", w->id}, {"window_number", w->number}};
    if (in.kind == "open_window") {
      if (w->staff_user_id) return conflict("窗口已有工作人员 / The window is staffed", "window");
      auto u = tx.userById(in.staff_user_id);
      if (!u || u->disabled) return notFound("找不到该工作人员 / No such staff member");
      for (const auto& other : tx.listWindows(hall_id))
        if (other.staff_user_id == in.staff_user_id)
          return conflict("该工作人员已在 " + std::to_string(other.number) + " 号窗口 / Already at a window", "staff_user_id");
      Change ch(*this, *c);
      Dispatcher& d = ch.d();
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
    } else if (in.kind == "switch_window") {
      if (!c->service(in.service)) return notFound("没有这项业务：" + in.service + " / No such service: " + in.service);
      Change ch(*this, *c);
      if (Status s = ch.d().reskill(wi, c->skills({in.service})); !s) return s;
      w->skills = {in.service};
      payload["service"] = in.service;
    } else {
      return invalid("措施应为 open_window 或 switch_window / kind must be open_window or switch_window", "kind");
    }
    if (Status s = tx.updateWindow(*w); !s) return s;
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
    // (cacheFor's rebuild is itself a Change).
    dropCache(hall_id);
    Status st;
    Cache* c = cacheFor(tx, hall_id, now, st);
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
    Cache* c = cacheFor(tx, hall_id, now, st);
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

// ---- rendering ----------------------------------------------------------------------------------

json ticketJson(Reader& r, const TicketRow& t, const HallSnapshot* snap) {
  std::string service_name = t.service;
  for (const auto& s : r.listHallServices(t.hall_id))
    if (s.code == t.service) service_name = s.name;
  json window = nullptr;
  if (t.window_id) {
    if (auto w = r.windowById(*t.window_id)) window = {{"id", w->id}, {"number", w->number}};
  }
  json ahead = 0, wait = nullptr;
  bool near = false;
  if (t.state == "waiting") {
    if (snap) {
      auto it = snap->tickets.find(t.id);
      if (it != snap->tickets.end()) {
        ahead = it->second.ahead;
        wait = it->second.wait_min ? json(std::round(*it->second.wait_min * 10) / 10) : json(nullptr);
        near = it->second.near_front;
      }
    }
  } else if (t.state == "called" || t.state == "serving") {
    wait = 0;
    near = true;
  }
  auto rating = r.ticketRating(t.id);
  return {{"ticket_id", t.public_code},
          {"hall", t.hall_id},  // the phone page subscribes to this hall's events
          {"number", t.number},
          {"service", t.service},
          {"service_name", service_name},
          {"services_left", t.services_left},
          {"priority", t.priority},
          {"state", t.state},
          {"ahead", ahead},
          {"estimated_wait_min", wait},
          {"window", window},
          {"redirect_window_id", optInt(t.redirect_window_id)},
          {"issued_at", t.issued_at},
          {"arrival", t.arrival},
          {"called_at", optInt(t.called_at)},
          {"started_at", optInt(t.started_at)},
          {"finished_at", optInt(t.finished_at)},
          {"recalls", t.recalls},
          {"channel", t.channel},
          {"status_url", "/t/" + t.public_code},
          {"near_front", near},
          {"rating", rating ? json(ratingName(rating->rating)) : json(nullptr)},
          // A class claimed from outside the hall that a clerk has not confirmed yet (null: none).
          {"priority_claimed", t.state == "waiting" ? nullIfEmpty(claimedPriority(r, t)) : json(nullptr)}};
}

json windowJson(Reader& r, const WindowRow& w, const HallSnapshot* snap) {
  json staff = nullptr;
  if (w.staff_user_id) {
    auto u = r.userById(*w.staff_user_id);
    staff = {{"user_id", *w.staff_user_id}, {"name", u ? u->display_name : ""}, {"presence", u ? u->presence : ""}};
  }
  json current = nullptr;
  for (const auto& t : r.listLiveTickets(w.hall_id))
    if (t.window_id == w.id && t.state != "waiting") current = ticketJson(r, t, snap);
  bool idle = current.is_null() && w.state == "open";
  return {{"id", w.id},
          {"number", w.number},
          {"name", w.name},
          {"skills", w.skills},
          {"state", w.state},
          {"staff", staff},
          {"current", current},
          {"idle_since", idle ? json(w.idle_since) : json(nullptr)}};
}

namespace {

// What a calling display needs of a window's current ticket: its number and service.
json publicCurrent(const json& ticket) {
  if (ticket.is_null()) return nullptr;
  return {{"number", ticket["number"]}, {"service", ticket["service"]}, {"service_name", ticket["service_name"]},
          {"state", ticket["state"]}};
}

}  // namespace

json hallStateJson(Reader& r, const HallRow& h, const HallSnapshot& snap, int64_t now, HallView view) {
  const bool staff_view = view == HallView::kStaff;
  json services = json::array();
  for (const auto& s : r.listHallServices(h.id)) {
    auto wi = snap.waiting.find(s.code);
    auto pi = snap.predicted_wait_min.find(s.code);
    json pred = nullptr;
    if (pi != snap.predicted_wait_min.end() && pi->second) pred = std::round(*pi->second * 10) / 10;
    services.push_back({{"code", s.code},
                        {"name", s.name},
                        {"prefix", s.prefix},
                        {"waiting", wi == snap.waiting.end() ? 0 : wi->second},
                        {"predicted_wait_min", pred},
                        {"mean_service_min", s.mean_service_min}});
  }
  // Live tickets once, grouped: the windows' current tickets and the queues.
  auto live = r.listLiveTickets(h.id);
  json windows = json::array();
  json alerts = snap.long_wait_alerts;
  for (const auto& w : r.listWindows(h.id)) {
    json staff = nullptr;
    if (w.staff_user_id && staff_view) {
      auto u = r.userById(*w.staff_user_id);
      staff = {{"user_id", *w.staff_user_id}, {"name", u ? u->display_name : ""}, {"presence", u ? u->presence : ""}};
      auto ww = snap.window_waiting.find(w.id);
      if (u && u->presence != "on_duty" && ww != snap.window_waiting.end()) {
        // Away from a staffed window while tickets it could serve wait: since the last presence change.
        auto evs = r.eventsBySubject(userActor(u->id));
        int64_t since = evs.empty() ? w.idle_since : evs.back().at;
        double away_min = static_cast<double>(now - since) / kMinuteMs;
        if (away_min > h.staff_away_max_min) {
          int away = static_cast<int>(away_min);
          int waiting = ww->second.value("waiting", 0);
          const json& remedy = ww->second["remedy"];
          std::string msg = std::to_string(w.number) + "号窗口 " + u->display_name + " 已离开 " + std::to_string(away) +
                            " 分钟（上限 " + std::to_string(h.staff_away_max_min) + " 分钟），" + std::to_string(waiting) +
                            " 人在等候";
          std::string msg_en = "Window " + std::to_string(w.number) + ": " + u->display_name + " has been away " +
                               std::to_string(away) + " min (limit " + std::to_string(h.staff_away_max_min) +
                               " min) while " + std::to_string(waiting) + " wait";
          if (remedy.is_object()) {
            std::string rw = std::to_string(remedy["window_number"].get<int>());
            std::string who = remedy["staff_name"].get<std::string>();
            std::string svc = remedy["service"].get<std::string>();
            if (remedy["kind"] == "open_window") {
              msg += "：建议由" + who + "开启" + rw + "号窗口";
              msg_en += ": suggest " + who + " opens window " + rw;
            } else {
              msg += "：建议将" + rw + "号窗口切换办理 " + svc;
              msg_en += ": suggest switching window " + rw + " to service " + svc;
            }
          }
          alerts.push_back({{"id", "staff_away:" + std::to_string(w.id)},
                            {"kind", "staff_away"},
                            {"window", w.id},
                            {"window_number", w.number},
                            {"staff_name", u->display_name},
                            {"presence", u->presence},
                            {"message", msg},
                            {"message_en", msg_en},
                            {"away_min", away},
                            {"limit_min", h.staff_away_max_min},
                            {"waiting", waiting},
                            {"remedy", remedy}});
        }
      }
    }
    json current = nullptr;
    for (const auto& t : live)
      if (t.window_id == w.id && t.state != "waiting") current = ticketJson(r, t, &snap);
    bool idle = current.is_null() && w.state == "open";
    if (!staff_view) {
      windows.push_back({{"id", w.id}, {"number", w.number}, {"name", w.name}, {"skills", w.skills},
                         {"state", w.state}, {"current", publicCurrent(current)}});
      continue;
    }
    windows.push_back({{"id", w.id},
                       {"number", w.number},
                       {"name", w.name},
                       {"skills", w.skills},
                       {"state", w.state},
                       {"staff", staff},
                       {"current", current},
                       {"idle_since", idle ? json(w.idle_since) : json(nullptr)}});
  }
  json queues = json::object();
  for (const auto& t : live) {
    if (!staff_view) break;  // the public sees counts (services[].waiting), not the tickets
    if (t.state != "waiting") continue;
    auto it = snap.tickets.find(t.id);
    json q = {{"ticket_id", t.public_code}, {"number", t.number}, {"priority", t.priority},
              {"arrival", t.arrival}, {"ahead", it == snap.tickets.end() ? 0 : it->second.ahead},
              {"redirect_window_id", optInt(t.redirect_window_id)}};
    queues[t.service].push_back(q);
  }
  for (auto& [code, list] : queues.items()) {
    (void)code;
    std::sort(list.begin(), list.end(), [](const json& a, const json& b) { return a["ahead"] < b["ahead"]; });
  }
  json recent = json::array();
  int64_t day = now - 24 * 3600 * 1000LL;
  for (const auto& t : r.recentCalls(h.id, day, 10)) {
    std::string service_name = t.service;
    for (const auto& s : services)
      if (s["code"] == t.service) service_name = s["name"].get<std::string>();
    int number = 0;
    if (t.window_id)
      if (auto w = r.windowById(*t.window_id)) number = w->number;
    recent.push_back({{"number", t.number}, {"window_number", number}, {"service_name", service_name},
                      {"at", t.called_at.value_or(0)}});
  }
  double gd = snap.glass_door_day > 0 && now - snap.glass_door_day >= 24 * 3600 * 1000LL ? 0 : snap.glassDoorMinAt(now);
  if (!staff_view) {
    return {{"hall", {{"id", h.id}, {"code", h.code}, {"name", h.name}, {"target_p95_min", h.target_p95_min}}},
            {"view", "public"},
            {"services", services},
            {"windows", windows},
            {"recent_calls", recent},
            {"glass_door_min_today", std::round(gd * 10) / 10},
            {"glass_door_open_now", snap.glass_door_count},
            {"version", snap.version}};
  }
  return {{"view", "staff"},
          {"hall", {{"id", h.id}, {"code", h.code}, {"name", h.name}, {"target_p95_min", h.target_p95_min},
                    {"no_show_recalls", h.no_show_recalls}, {"notify_ahead", h.notify_ahead},
                    {"staff_away_max_min", h.staff_away_max_min}}},
          {"services", services},
          {"windows", windows},
          {"queues", queues},
          {"recent_calls", recent},
          {"alerts", alerts},
          {"glass_door_min_today", std::round(gd * 10) / 10},
          {"glass_door_open_now", snap.glass_door_count},
          {"version", snap.version}};
}

}  // namespace onedoor::services
