// The hall's JSON renderers (see hall_render.h). Stateless; thread-safe.
#include "api/hall_render.h"

#include <algorithm>
#include <cmath>

#include "services/people_service.h"

namespace onedoor::api {

using nlohmann::json;
using services::HallSnapshot;

namespace {

constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kDayMs = 24 * 3600 * 1000LL;
constexpr size_t kRecentShown = 10;

json optInt(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }
json nullIfEmpty(const std::string& v) { return v.empty() ? json(nullptr) : json(v); }
json tenths(double v) { return std::round(v * 10) / 10; }

json servicesJson(const std::vector<HallServiceRow>& rows, const HallSnapshot& snap) {
  json services = json::array();
  for (const auto& s : rows) {
    auto wi = snap.waiting.find(s.code);
    auto pi = snap.predicted_wait_min.find(s.code);
    json pred = nullptr;
    if (pi != snap.predicted_wait_min.end() && pi->second) pred = tenths(*pi->second);
    services.push_back({{"code", s.code},
                        {"name", s.name},
                        {"prefix", s.prefix},
                        {"waiting", wi == snap.waiting.end() ? 0 : wi->second},
                        {"predicted_wait_min", pred},
                        {"mean_service_min", s.mean_service_min}});
  }
  return services;
}

std::string serviceName(const std::vector<HallServiceRow>& rows, const std::string& code) {
  for (const auto& s : rows)
    if (s.code == code) return s.name;
  return code;
}

// One recent call as the state lists it.
json recentCallJson(const TicketRow& t, const std::string& service_name, int window_number) {
  return {{"number", t.number}, {"window_number", window_number}, {"service_name", service_name},
          {"at", t.called_at.value_or(0)}};
}

// The public state but its time-dependent tail: the body up to (not including) its closing brace,
// and the recent calls (time of the call, rendered object), newest first.
void renderPublic(const HallSnapshot& snap, std::string& head, std::vector<std::pair<int64_t, std::string>>& recent) {
  const services::HallBoard& b = snap.board;
  json windows = json::array();
  std::unordered_map<int64_t, int> numbers;
  for (const auto& w : b.windows) {
    numbers[w.id] = w.number;
    json current = nullptr;
    if (auto it = b.current.find(w.id); it != b.current.end()) {
      const TicketRow& t = it->second;
      // What a calling display needs of a window's current ticket: its number and service.
      current = {{"number", t.number}, {"service", t.service}, {"service_name", serviceName(b.services, t.service)},
                 {"state", t.state}};
    }
    windows.push_back({{"id", w.id}, {"number", w.number}, {"name", w.name}, {"skills", w.skills},
                       {"state", w.state}, {"current", current}});
  }
  json body = {{"hall", {{"id", b.hall.id}, {"code", b.hall.code}, {"name", b.hall.name},
                         {"target_p95_min", b.hall.target_p95_min}}},
               {"view", "public"},
               {"services", servicesJson(b.services, snap)},
               {"windows", windows},
               {"glass_door_open_now", snap.glass_door_count},
               {"version", snap.version}};
  head = body.dump(-1, ' ', false, json::error_handler_t::replace);
  head.pop_back();  // the closing brace: the time-dependent fields follow when served
  recent.clear();
  for (const auto& t : b.recent_calls) {
    int number = 0;
    if (t.window_id)
      if (auto it = numbers.find(*t.window_id); it != numbers.end()) number = it->second;
    recent.emplace_back(t.called_at.value_or(0), recentCallJson(t, serviceName(b.services, t.service), number).dump(-1, ' ', false, json::error_handler_t::replace));
  }
}

}  // namespace

void renderPublicState(HallSnapshot& snap) {
  renderPublic(snap, snap.public_head, snap.public_recent);
  snap.public_ready = true;
}

std::string publicStateBody(const HallSnapshot& snap, int64_t now) {
  std::string head_local;
  std::vector<std::pair<int64_t, std::string>> recent_local;
  const std::string* head = &snap.public_head;
  const std::vector<std::pair<int64_t, std::string>>* recent = &snap.public_recent;
  if (!snap.public_ready) {
    renderPublic(snap, head_local, recent_local);
    head = &head_local;
    recent = &recent_local;
  }
  std::string out;
  out.reserve(head->size() + 128 * kRecentShown + 64);
  out += *head;
  out += ",\"recent_calls\":[";
  size_t shown = 0;
  for (const auto& [at, text] : *recent) {
    if (at < now - kDayMs) break;  // newest first: the rest are older still
    if (shown == kRecentShown) break;
    if (shown++ > 0) out += ',';
    out += text;
  }
  out += "],\"glass_door_min_today\":";
  out += tenths(snap.glassDoorMinToday(now)).dump();
  out += '}';
  return out;
}

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
        wait = it->second.wait_min ? tenths(*it->second.wait_min) : json(nullptr);
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
          {"rating", rating ? json(services::hallRatingName(rating->rating)) : json(nullptr)},
          // A class claimed from outside the hall that a clerk has not confirmed yet (null: none).
          {"priority_claimed", t.state == "waiting" ? nullIfEmpty(services::claimedPriority(r, t)) : json(nullptr)}};
}

namespace {

// The window's current ticket (called or being served): from the snapshot when there is one (no
// scan of the queue), else from the live tickets.
std::optional<TicketRow> currentAt(Reader& r, const WindowRow& w, const HallSnapshot* snap) {
  if (snap) {
    auto it = snap->board.current.find(w.id);
    if (it == snap->board.current.end()) return std::nullopt;
    auto t = r.ticketById(it->second.id);
    if (t && t->window_id == w.id && (t->state == "called" || t->state == "serving")) return t;
    return std::nullopt;
  }
  std::optional<TicketRow> cur;
  for (const auto& t : r.listLiveTickets(w.hall_id))
    if (t.window_id == w.id && t.state != "waiting") cur = t;
  return cur;
}

json staffJson(Reader& r, const WindowRow& w, std::optional<User>* user_out = nullptr) {
  if (!w.staff_user_id) return nullptr;
  auto u = r.userById(*w.staff_user_id);
  if (user_out) *user_out = u;
  return {{"user_id", *w.staff_user_id}, {"name", u ? u->display_name : ""}, {"presence", u ? u->presence : ""}};
}

}  // namespace

json windowJson(Reader& r, const WindowRow& w, const HallSnapshot* snap) {
  json current = nullptr;
  if (auto t = currentAt(r, w, snap)) current = ticketJson(r, *t, snap);
  bool idle = current.is_null() && w.state == "open";
  return {{"id", w.id},
          {"number", w.number},
          {"name", w.name},
          {"skills", w.skills},
          {"state", w.state},
          {"staff", staffJson(r, w)},
          {"current", current},
          {"idle_since", idle ? json(w.idle_since) : json(nullptr)}};
}

namespace {

// A staffed window whose clerk has been away past the hall's limit while tickets it could serve wait.
std::optional<json> staffAwayAlert(Reader& r, const HallRow& h, const WindowRow& w, const User& u,
                                   const HallSnapshot& snap, int64_t now) {
  auto ww = snap.window_waiting.find(w.id);
  if (u.presence == "on_duty" || ww == snap.window_waiting.end()) return std::nullopt;
  // Away since the last presence change.
  auto evs = r.eventsBySubject(services::userActor(u.id));
  int64_t since = evs.empty() ? w.idle_since : evs.back().at;
  double away_min = static_cast<double>(now - since) / kMinuteMs;
  if (away_min <= h.staff_away_max_min) return std::nullopt;
  int away = static_cast<int>(away_min);
  int waiting = ww->second.value("waiting", 0);
  const json& remedy = ww->second["remedy"];
  std::string msg = std::to_string(w.number) + "号窗口 " + u.display_name + " 已离开 " + std::to_string(away) +
                    " 分钟（上限 " + std::to_string(h.staff_away_max_min) + " 分钟），" + std::to_string(waiting) +
                    " 人在等候";
  std::string msg_en = "Window " + std::to_string(w.number) + ": " + u.display_name + " has been away " +
                       std::to_string(away) + " min (limit " + std::to_string(h.staff_away_max_min) + " min) while " +
                       std::to_string(waiting) + " wait";
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
  return json{{"id", "staff_away:" + std::to_string(w.id)},
              {"kind", "staff_away"},
              {"window", w.id},
              {"window_number", w.number},
              {"staff_name", u.display_name},
              {"presence", u.presence},
              {"message", msg},
              {"message_en", msg_en},
              {"away_min", away},
              {"limit_min", h.staff_away_max_min},
              {"waiting", waiting},
              {"remedy", remedy}};
}

}  // namespace

json hallStaffStateJson(Reader& r, const HallRow& h, const HallSnapshot& snap, int64_t now, const QueuePage& page) {
  auto service_rows = r.listHallServices(h.id);
  json windows = json::array();
  json alerts = snap.long_wait_alerts;
  for (const auto& w : r.listWindows(h.id)) {
    std::optional<User> u;
    json staff = staffJson(r, w, &u);
    if (u)
      if (auto alert = staffAwayAlert(r, h, w, *u, snap, now)) alerts.push_back(std::move(*alert));
    json current = nullptr;
    if (auto t = currentAt(r, w, &snap)) current = ticketJson(r, *t, &snap);
    bool idle = current.is_null() && w.state == "open";
    windows.push_back({{"id", w.id},
                       {"number", w.number},
                       {"name", w.name},
                       {"skills", w.skills},
                       {"state", w.state},
                       {"staff", staff},
                       {"current", current},
                       {"idle_since", idle ? json(w.idle_since) : json(nullptr)}});
  }
  // One page of each service's queue, in queue order: O(services · limit) rows read by id.
  json queues = json::object();
  bool more = false;
  for (const auto& [code, ids] : snap.queue_order) {
    size_t from = static_cast<size_t>(std::max(page.after, 0));
    size_t to = std::min(ids.size(), from + static_cast<size_t>(page.limit));
    more = more || to < ids.size();
    for (size_t i = from; i < to; ++i) {
      auto t = r.ticketById(ids[i]);
      if (!t || t->state != "waiting") continue;  // called or gone since the snapshot
      auto it = snap.tickets.find(t->id);
      queues[code].push_back({{"ticket_id", t->public_code}, {"number", t->number}, {"priority", t->priority},
                              {"arrival", t->arrival}, {"ahead", it == snap.tickets.end() ? 0 : it->second.ahead},
                              {"redirect_window_id", optInt(t->redirect_window_id)},
                              {"place", static_cast<int64_t>(i) + 1}});
    }
  }
  json recent = json::array();
  for (const auto& t : r.recentCalls(h.id, now - kDayMs, static_cast<int64_t>(kRecentShown))) {
    int number = 0;
    if (t.window_id)
      if (auto w = r.windowById(*t.window_id)) number = w->number;
    recent.push_back(recentCallJson(t, serviceName(service_rows, t.service), number));
  }
  return {{"view", "staff"},
          {"hall", {{"id", h.id}, {"code", h.code}, {"name", h.name}, {"target_p95_min", h.target_p95_min},
                    {"no_show_recalls", h.no_show_recalls}, {"notify_ahead", h.notify_ahead},
                    {"staff_away_max_min", h.staff_away_max_min}}},
          {"services", servicesJson(service_rows, snap)},
          {"windows", windows},
          {"queues", queues},
          {"queue_page", {{"after", page.after}, {"limit", page.limit},
                          {"next_after", more ? json(page.after + page.limit) : json(nullptr)}}},
          {"recent_calls", recent},
          {"alerts", alerts},
          {"glass_door_min_today", tenths(snap.glassDoorMinToday(now))},
          {"glass_door_open_now", snap.glass_door_count},
          {"version", snap.version}};
}

}  // namespace onedoor::api
