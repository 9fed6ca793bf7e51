// scenarioFromHall: see hall_scenario.h.
#include "services/hall_scenario.h"

#include "services/hall_settings.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>

namespace onedoor::services {

using nlohmann::json;

Result<json> scenarioFromHall(Reader& r, int64_t hall_id, int64_t now_ms, const HallScenarioOptions& o) {
  auto hall = r.hallById(hall_id);
  if (!hall) return notFound("找不到该大厅 / No such hall");
  const auto services = r.listHallServices(hall_id);
  const auto windows = r.listWindows(hall_id);
  if (services.empty() || windows.empty())
    return conflict("该大厅还没有业务或窗口，无法推演 / The hall has no services or windows to simulate");
  const int hours = o.close_hour - o.open_hour;

  // Arrivals: tickets issued per service and local opening hour over the history window, divided
  // by the number of days that had any ticket (a closed day is not a quiet day).
  std::map<std::string, std::vector<double>> counts;
  for (const auto& s : services) counts[s.code].assign(static_cast<size_t>(hours), 0.0);
  std::set<int64_t> days;
  const int64_t from = now_ms - int64_t{o.history_days} * 86'400'000;
  for (const auto& e : r.eventsBetween(from, now_ms, "ticket:", 1'000'000)) {
    if (e.type != "ticket.issued") continue;
    json p = json::parse(e.payload_json, nullptr, false);
    if (!p.is_object() || p.value("hall_id", int64_t{0}) != hall_id) continue;
    auto it = counts.find(p.value("service", ""));
    if (it == counts.end()) continue;
    const int64_t local = e.at + int64_t{o.utc_offset_minutes} * 60'000;
    const int hour = static_cast<int>((local / 3'600'000) % 24);
    if (hour < o.open_hour || hour >= o.close_hour) continue;
    it->second[static_cast<size_t>(hour - o.open_hour)] += 1;
    days.insert(local / 86'400'000);
  }
  const bool history = !days.empty();

  // Without history: each open window's capacity shared among the services it serves, at the
  // fallback utilisation, flat over the day.
  std::map<std::string, double> fallback;
  if (!history) {
    for (const auto& w : windows) {
      if (w.state != "open" || w.skills.empty()) continue;
      for (const auto& code : w.skills) {
        for (const auto& s : services) {
          if (s.code != code) continue;
          fallback[code] += o.fallback_utilisation * 60.0 / std::max(1.0, s.mean_service_min) /
                            static_cast<double>(w.skills.size());
        }
      }
    }
  }

  json svc = json::array();
  for (const auto& s : services) {
    json rates = json::array();
    for (int h = 0; h < hours; ++h) {
      double rate = history ? counts[s.code][static_cast<size_t>(h)] / static_cast<double>(days.size())
                            : fallback[s.code];
      rates.push_back(std::round(rate * 100) / 100);
    }
    svc.push_back({{"code", s.code},
                   {"name", s.name},
                   {"service_min", {{"dist", "lognormal"}, {"mean", s.mean_service_min}, {"cv", 0.8}}},
                   {"arrivals_per_hour", rates}});
  }

  json win = json::array();
  std::map<int64_t, std::string> seat;  // user id → window id
  for (const auto& w : windows) {
    std::string id = std::to_string(w.number);
    win.push_back({{"id", id}, {"skills", w.skills}, {"open", w.state == "open"}});
    if (w.staff_user_id) seat[*w.staff_user_id] = id;
  }

  const std::string shift_open = (o.open_hour < 10 ? "0" : "") + std::to_string(o.open_hour) + ":00";
  const std::string shift_close = (o.close_hour < 10 ? "0" : "") + std::to_string(o.close_hour) + ":00";
  json staff = json::array();
  // Stored shifts (the admin's weekly schedule) for the weekday of `now` take precedence: each shift
  // is one staff entry with its own hours, window and services.
  std::map<int64_t, std::vector<std::string>> skills_of;
  for (const auto& sk : r.listStaffSkills(hall_id)) skills_of[sk.user_id] = sk.services;
  int64_t local_day = (now_ms + int64_t{o.utc_offset_minutes} * 60'000) / 86'400'000;
  int weekday = static_cast<int>(((local_day + 3) % 7 + 7) % 7) + 1;  // 1970-01-01 was a Thursday; 1 = Monday
  std::map<int, std::string> window_ids;
  for (const auto& w : windows) window_ids[w.number] = std::to_string(w.number);
  std::map<std::string, int> entries;  // username → shifts so far (ids must be unique)
  int shifts_today = 0;
  std::set<int> seated_at;
  for (const auto& sh : r.listHallShifts(hall_id)) {
    if (std::find(sh.weekdays.begin(), sh.weekdays.end(), weekday) == sh.weekdays.end()) continue;
    auto u = r.userById(sh.user_id);
    if (!u || u->disabled) continue;
    std::vector<std::string> sk = sh.services.empty() ? skills_of[sh.user_id] : sh.services;
    if (sk.empty()) continue;
    int n = ++entries[u->username];
    // A scenario seats one staff member per window: later shifts at a taken window start in the back office.
    json window = nullptr;
    if (sh.window_number && window_ids.count(*sh.window_number) && seated_at.insert(*sh.window_number).second)
      window = window_ids[*sh.window_number];
    staff.push_back({{"id", n == 1 ? u->username : u->username + "#" + std::to_string(n)},
                     {"name", u->display_name},
                     {"skills", sk},
                     {"shift", {hhmm(sh.start_min), hhmm(std::min(sh.end_min, 23 * 60 + 59))}},
                     {"window", window}});
    ++shifts_today;
  }
  if (shifts_today == 0)
  for (const auto& sk : r.listStaffSkills(hall_id)) {
    if (sk.services.empty()) continue;
    auto u = r.userById(sk.user_id);
    if (!u || u->disabled) continue;
    auto seated = seat.find(sk.user_id);
    json m = {{"id", u->username},
              {"name", u->display_name},
              {"skills", sk.services},
              {"shift", {shift_open, shift_close}},
              {"window", seated == seat.end() ? json(nullptr) : json(seated->second)}};
    staff.push_back(std::move(m));
  }

  std::string staff_note = shifts_today > 0 ? "; staff from " + std::to_string(shifts_today) +
                                                  " stored shift(s) for weekday " + std::to_string(weekday)
                                            : "";
  return json{{"name", hall->code.empty() ? "hall-" + std::to_string(hall_id) : hall->code},
              {"description", (history ? hall->name + ": arrivals per hour averaged over " +
                                            std::to_string(days.size()) + " day(s) of its own tickets"
                                      : hall->name + ": no ticket history yet, so arrivals are " +
                                            std::to_string(static_cast<int>(o.fallback_utilisation * 100)) +
                                            "% of what its open windows can serve") + staff_note},
              {"days", 1},
              {"hours", {{"open", shift_open}, {"close", shift_close}}},
              {"services", svc},
              {"windows", win},
              {"staff", staff},
              {"target", {{"p95_wait_min", hall->target_p95_min}}}};
}

}  // namespace onedoor::services
