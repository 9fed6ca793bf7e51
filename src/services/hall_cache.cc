// One hall's writer-thread cache (see hall_cache.h): loading it from the rows, the one scope that
// changes it, and the read snapshot built from it. Thread-safety: writer thread only.
#include "services/hall_cache.h"

#include <algorithm>

#include "hall/remedies.h"

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
constexpr int64_t kDayMs = 24 * 3600 * 1000LL;

uint8_t classIndex(const Dispatcher& d, const std::string& code) {
  for (size_t i = 0; i < d.classes().size(); ++i)
    if (d.classes()[i].code == code) return static_cast<uint8_t>(i);
  return 0;
}

hall::WindowState windowState(const std::string& s) {
  if (s == "open") return hall::WindowState::kOpen;
  if (s == "paused") return hall::WindowState::kPaused;
  return hall::WindowState::kShut;
}


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

double HallSnapshot::glassDoorMinAt(int64_t now) const {
  if (now <= glass_door_at) return glass_door_min;
  return glass_door_min + glass_door_count * static_cast<double>(now - glass_door_at) / kMinuteMs;
}

double HallSnapshot::glassDoorMinToday(int64_t now) const {
  return glass_door_day > 0 && now - glass_door_day >= kDayMs ? 0 : glassDoorMinAt(now);
}

SkillSet HallCache::skills(const std::vector<std::string>& codes) const {
  SkillSet s;
  for (const auto& c : codes)
    if (auto i = service(c)) s.add(*i);
  return s;
}

const HallServiceRow* HallCache::serviceRow(const std::string& code) const {
  for (const auto& s : services)
    if (s.code == code) return &s;
  return nullptr;
}

hall::NewTicket HallCache::spec(const TicketRow& t) const {
  hall::NewTicket n;
  n.service = service(t.service).value_or(0);
  n.priority_class = classIndex(*disp_, t.priority);
  n.arrival = t.arrival;
  n.appointment = t.appointment;
  n.tag = static_cast<uint64_t>(t.id);
  return n;
}

std::unique_ptr<HallCache> HallCache::load(WriteTx& tx, const HallRow& h, int64_t now,
                                           std::unordered_set<int64_t>& moved, Status& st) {
  auto c = std::make_unique<HallCache>();
  c->hall_id = h.id;
  c->hall = h;
  c->services = tx.listHallServices(h.id);
  std::vector<hall::ServiceDef> defs;
  for (const auto& s : c->services) defs.push_back({s.code, s.prefix, s.mean_service_min});
  // Stored priority weights (admin settings) turn into head starts; none stored: the defaults.
  HallChange build(moved, *c);
  build.reset(std::make_unique<Dispatcher>(defs, hall::priorityClassesFromWeights(tx.hallPriorityWeights(h.id)),
                                           hall::Rules{}));
  Dispatcher& d = build.d();
  for (const auto& sk : tx.listStaffSkills(h.id)) {
    c->staff_idx[sk.user_id] = d.addStaff(std::to_string(sk.user_id), c->skills(sk.services));
  }
  // Free staff on duty are "present" (they could open a shut window); seated ones are present.
  for (auto& [user_id, idx] : c->staff_idx) {
    auto u = tx.userById(user_id);
    if (u) c->names[user_id] = u->display_name;
    if (u && !u->disabled && u->presence == "on_duty") (void)d.setPresent(idx, true);
  }
  c->window_rows_ = tx.listWindows(h.id);
  for (const auto& w : c->window_rows_) {
    WindowIdx wi = d.addWindow(std::to_string(w.id), c->skills(w.skills));
    c->window_ids.push_back(w.id);
    c->window_numbers.push_back(w.number);
    c->window_idx[w.id] = wi;
    if (w.staff_user_id) {
      if (!c->names.count(*w.staff_user_id))
        if (auto u = tx.userById(*w.staff_user_id)) c->names[*w.staff_user_id] = u->display_name;
      StaffIdx sti = build.staff(*w.staff_user_id);
      (void)d.setPresent(sti, true);
      (void)d.seat(sti, wi);
      (void)d.setState(wi, windowState(w.state), w.idle_since);
    }
  }
  for (const auto& t : tx.listLiveTickets(h.id)) {
    TicketIdx ti = d.add(c->spec(t));
    c->tickets[t.id] = ti;
    if (t.notified) c->notified.insert(t.id);
    if (t.state == "waiting" && t.redirect_window_id && c->window_idx.count(*t.redirect_window_id)) {
      (void)d.redirect(ti, c->window_idx[*t.redirect_window_id], now);
    } else if (t.state != "waiting" && t.window_id && c->window_idx.count(*t.window_id)) {
      WindowIdx wi = c->window_idx[*t.window_id];
      (void)d.redirect(ti, wi, now);
      (void)d.callNext(wi, now);
      c->at_windows_[t.id] = t;
    }
  }
  c->recent_ = tx.recentCalls(h.id, now - kDayMs, static_cast<int64_t>(kRecentKept));
  (void)st;
  return c;
}

StaffIdx HallChange::staff(int64_t user_id) {
  auto it = c_.staff_idx.find(user_id);
  if (it != c_.staff_idx.end()) return it->second;
  StaffIdx st = c_.disp_->addStaff(std::to_string(user_id), SkillSet::all(static_cast<int>(c_.services.size())));
  c_.staff_idx[user_id] = st;
  return st;
}

void HallChange::mirrorTicket(const TicketRow& t) {
  if ((t.state == "called" || t.state == "serving") && t.window_id) c_.at_windows_[t.id] = t;
  else c_.at_windows_.erase(t.id);
  // The latest calls, as recentCalls() orders them: by call time, then id, newest first.
  auto& r = c_.recent_;
  r.erase(std::remove_if(r.begin(), r.end(), [&](const TicketRow& x) { return x.id == t.id; }), r.end());
  if (!t.called_at) return;
  auto pos = std::find_if(r.begin(), r.end(), [&](const TicketRow& x) {
    return *x.called_at < *t.called_at || (*x.called_at == *t.called_at && x.id < t.id);
  });
  r.insert(pos, t);
  if (r.size() > HallCache::kRecentKept) r.resize(HallCache::kRecentKept);
}

Status HallChange::saveTicket(WriteTx& tx, const TicketRow& t) {
  if (Status s = tx.updateTicket(t); !s) return s;
  mirrorTicket(t);
  return Status::ok();
}

Status HallChange::saveWindow(WriteTx& tx, const WindowRow& w) {
  if (Status s = tx.updateWindow(w); !s) return s;
  auto it = c_.window_idx.find(w.id);
  if (it != c_.window_idx.end()) c_.window_rows_[it->second] = w;
  return Status::ok();
}


std::shared_ptr<HallSnapshot> HallCache::snapshot() const {
  const HallCache& c = *this;
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
    idle_able[s] = d.idleWindowCanServe(si);
    snap->waiting[c.services[s].code] = d.waiting(si);
    snap->predicted_wait_min[c.services[s].code] = d.predictedWaitMin(si);
  }
  std::vector<std::vector<std::pair<int, int64_t>>> order(c.services.size());
  for (const auto& [ti, ahead] : d.waitingRanks()) {
    const hall::Ticket& tk = d.ticket(ti);
    auto id = static_cast<int64_t>(tk.spec.tag);
    TicketView v;
    v.ahead = ahead;
    ServiceIdx s = tk.spec.service;
    v.wait_min = hall::waitEstimateMin(ahead, c.services[s].mean_service_min, servers[s], idle_able[s],
                                       tk.pinned != hall::kNoIdx16);
    v.near_front = v.ahead <= h.notify_ahead;
    snap->tickets[id] = v;
    order[s].emplace_back(ahead, id);
  }
  for (size_t s = 0; s < order.size(); ++s) {
    if (order[s].empty()) continue;
    std::sort(order[s].begin(), order[s].end());
    auto& ids = snap->queue_order[c.services[s].code];
    ids.reserve(order[s].size());
    for (const auto& [ahead, id] : order[s]) ids.push_back(id);
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
  // The public board: O(windows + services).
  HallBoard& b = snap->board;
  b.hall = h;
  b.services = c.services;
  b.windows = c.window_rows_;
  for (const auto& [id, t] : c.at_windows_)
    if (t.window_id) b.current[*t.window_id] = t;
  b.recent_calls = c.recent_;
  return snap;
}


}  // namespace onedoor::services
