// Hall settings: validation of priority weights and shifts, the shifts WriteFn, and renderers.
#include "services/hall_settings.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "hall/dispatcher.h"
#include "services/people_service.h"

namespace onedoor::services {

using nlohmann::json;

namespace {

const char* const kDayZh[] = {"", "周一", "周二", "周三", "周四", "周五", "周六", "周日"};
const char* const kDayEn[] = {"", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

const char* classZh(const std::string& c) {
  if (c == "normal") return "普通";
  if (c == "elderly") return "老年人";
  if (c == "disabled") return "残疾人";
  if (c == "pregnant") return "孕妇";
  if (c == "military") return "军人";
  return "";
}

// "HH:MM" → minutes, or -1.
int parseTime(const std::string& s) {
  if (s.size() != 5 || s[2] != ':') return -1;
  for (int i : {0, 1, 3, 4})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return -1;
  int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return -1;
  return h * 60 + m;
}

std::string rowLabel(size_t i) { return "第 " + std::to_string(i + 1) + " 行"; }
std::string rowLabelEn(size_t i) { return "Row " + std::to_string(i + 1); }
std::string field(size_t i, const char* name) { return "shifts[" + std::to_string(i) + "]." + name; }

}  // namespace

const std::vector<std::string>& priorityClassCodes() {
  static const std::vector<std::string> kCodes = {"normal", "elderly", "disabled", "pregnant", "military"};
  return kCodes;
}

std::string hhmm(int minutes) {
  minutes = std::clamp(minutes, 0, 24 * 60);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
  return buf;
}

Result<std::map<std::string, int>> parsePriorityWeights(const json& body, std::map<std::string, int> current) {
  if (!body.is_object() || !body.contains("priority_weights") || !body["priority_weights"].is_object())
    return invalid("请提供各优先类别的权重 / Give priority_weights as an object of class → weight", "priority_weights");
  const json& w = body["priority_weights"];
  for (auto it = w.begin(); it != w.end(); ++it) {
    const std::string& cls = it.key();
    const auto& codes = priorityClassCodes();
    std::string f = "priority_weights." + cls;
    if (std::find(codes.begin(), codes.end(), cls) == codes.end())
      return invalid("未知的优先类别：" + cls + " / Unknown priority class: " + cls, f);
    const json& v = it.value();
    double x = v.is_number() ? v.get<double>() : -1;
    if (!v.is_number() || x != std::floor(x) || x < 1 || x > 10)
      return invalid(std::string(classZh(cls)) + "的权重应为 1 到 10 之间的整数 / The " + cls +
                         " weight must be a whole number from 1 to 10",
                     f);
    current[cls] = static_cast<int>(x);
  }
  if (current.count("normal") && current["normal"] != 1)
    return invalid("普通号的权重固定为 1，其他类别以它为基准 / The normal weight is always 1: the others are "
                   "measured against it",
                   "priority_weights.normal");
  current["normal"] = 1;
  return current;
}

Result<std::vector<HallShiftRow>> parseShifts(const json& body) {
  if (!body.is_object() || !body.contains("shifts") || !body["shifts"].is_array())
    return invalid("请提供班次列表 / Give shifts as a list", "shifts");
  const json& list = body["shifts"];
  if (list.size() > 500) return invalid("班次太多（最多 500 条）/ Too many shifts (at most 500)", "shifts");
  std::vector<HallShiftRow> out;
  for (size_t i = 0; i < list.size(); ++i) {
    const json& s = list[i];
    std::string row = rowLabel(i), row_en = rowLabelEn(i);
    if (!s.is_object()) return invalid(row + "格式不正确 / " + row_en + " is not an object", field(i, "user_id"));
    HallShiftRow r;
    if (!s.contains("user_id") || !s["user_id"].is_number_integer())
      return invalid(row + "：请选择工作人员 / " + row_en + ": choose a staff member", field(i, "user_id"));
    r.user_id = s["user_id"].get<int64_t>();
    if (!s.contains("weekdays") || !s["weekdays"].is_array() || s["weekdays"].empty())
      return invalid(row + "：请至少选择一天 / " + row_en + ": choose at least one weekday", field(i, "weekdays"));
    for (const auto& d : s["weekdays"]) {
      if (!d.is_number_integer() || d.get<int>() < 1 || d.get<int>() > 7)
        return invalid(row + "：星期应为 1（周一）到 7（周日）/ " + row_en + ": weekdays are 1 (Monday) to 7 (Sunday)",
                       field(i, "weekdays"));
      int day = d.get<int>();
      if (std::find(r.weekdays.begin(), r.weekdays.end(), day) == r.weekdays.end()) r.weekdays.push_back(day);
    }
    std::sort(r.weekdays.begin(), r.weekdays.end());
    for (const char* key : {"start", "end"}) {
      int t = s.contains(key) && s[key].is_string() ? parseTime(s[key].get<std::string>()) : -1;
      if (t < 0)
        return invalid(row + "：时间应为 HH:MM，例如 09:00 / " + row_en + ": times are HH:MM, e.g. 09:00", field(i, key));
      if (t % 30 != 0)
        return invalid(row + "：时间须为整点或半点（如 09:00、09:30）/ " + row_en +
                           ": times must be on the hour or half hour (e.g. 09:00, 09:30)",
                       field(i, key));
      (std::string(key) == "start" ? r.start_min : r.end_min) = t;
    }
    if (r.end_min <= r.start_min)
      return invalid(row + "：下班时间 " + hhmm(r.end_min) + " 应晚于上班时间 " + hhmm(r.start_min) + " / " + row_en +
                         ": the end " + hhmm(r.end_min) + " must be after the start " + hhmm(r.start_min),
                     field(i, "end"));
    if (s.contains("window") && !s["window"].is_null()) {
      if (!s["window"].is_number_integer() || s["window"].get<int>() <= 0)
        return invalid(row + "：窗口号不正确 / " + row_en + ": invalid window number", field(i, "window"));
      r.window_number = s["window"].get<int>();
    }
    if (s.contains("services") && !s["services"].is_null()) {
      if (!s["services"].is_array() || s["services"].size() > 32)
        return invalid(row + "：业务应为业务编码列表 / " + row_en + ": services must be a list of service codes",
                       field(i, "services"));
      for (const auto& c : s["services"]) {
        if (!c.is_string() || c.get<std::string>().empty() || c.get<std::string>().size() > 16)
          return invalid(row + "：业务应为业务编码列表 / " + row_en + ": services must be a list of service codes",
                         field(i, "services"));
        r.services.push_back(c.get<std::string>());
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

WriteFn saveShiftsWrite(int64_t hall_id, std::vector<HallShiftRow> shifts, std::string actor, int64_t now) {
  return [hall_id, shifts = std::move(shifts), actor = std::move(actor), now](WriteTx& tx) -> Status {
    auto h = tx.hallById(hall_id);
    if (!h) return notFound("找不到该大厅 / No such hall");
    std::map<int64_t, std::vector<std::string>> skills;
    for (const auto& sk : tx.listStaffSkills(hall_id)) skills[sk.user_id] = sk.services;
    std::map<int, WindowRow> windows;
    for (const auto& w : tx.listWindows(hall_id)) windows[w.number] = w;
    std::vector<std::string> codes;
    for (const auto& s : tx.listHallServices(hall_id)) codes.push_back(s.code);
    for (size_t i = 0; i < shifts.size(); ++i) {
      const HallShiftRow& r = shifts[i];
      std::string row = rowLabel(i), row_en = rowLabelEn(i);
      auto u = tx.userById(r.user_id);
      if (!u) return invalid(row + "：找不到该工作人员 / " + row_en + ": no such staff member", field(i, "user_id"));
      if (u->disabled)
        return invalid(row + "：" + u->display_name + " 的账号已停用 / " + row_en + ": " + u->username + " is disabled",
                       field(i, "user_id"));
      if (u->role != "clerk" && u->role != "supervisor")
        return invalid(row + "：" + u->display_name + " 不是窗口工作人员 / " + row_en + ": " + u->username +
                           " is not a window clerk",
                       field(i, "user_id"));
      auto sk = skills.find(r.user_id);
      if (sk == skills.end() || sk->second.empty())
        return invalid(row + "：" + u->display_name + " 在本大厅没有登记可办业务 / " + row_en + ": " + u->username +
                           " has no recorded skills in this hall",
                       field(i, "user_id"));
      for (const auto& c : r.services) {
        if (std::find(codes.begin(), codes.end(), c) == codes.end())
          return invalid(row + "：没有这项业务：" + c + " / " + row_en + ": no such service: " + c, field(i, "services"));
        if (std::find(sk->second.begin(), sk->second.end(), c) == sk->second.end())
          return invalid(row + "：" + u->display_name + " 不会办理业务 " + c + " / " + row_en + ": " + u->username +
                             " is not trained for service " + c,
                         field(i, "services"));
      }
      if (r.window_number && !windows.count(*r.window_number))
        return invalid(row + "：本大厅没有 " + std::to_string(*r.window_number) + " 号窗口 / " + row_en +
                           ": this hall has no window " + std::to_string(*r.window_number),
                       field(i, "window"));
      // One person cannot work two overlapping shifts on the same day.
      for (size_t j = 0; j < i; ++j) {
        const HallShiftRow& o = shifts[j];
        if (o.user_id != r.user_id || r.start_min >= o.end_min || o.start_min >= r.end_min) continue;
        for (int d : r.weekdays) {
          if (std::find(o.weekdays.begin(), o.weekdays.end(), d) == o.weekdays.end()) continue;
          return invalid(row + "：" + u->display_name + " 的班次 " + hhmm(r.start_min) + "–" + hhmm(r.end_min) +
                             " 与第 " + std::to_string(j + 1) + " 行 " + hhmm(o.start_min) + "–" + hhmm(o.end_min) +
                             " 在" + kDayZh[d] + "重叠 / " + row_en + ": " + u->username + "'s shift " +
                             hhmm(r.start_min) + "–" + hhmm(r.end_min) + " overlaps row " + std::to_string(j + 1) + " (" +
                             hhmm(o.start_min) + "–" + hhmm(o.end_min) + ") on " + kDayEn[d],
                         field(i, "start"));
        }
      }
    }
    if (Status s = tx.replaceHallShifts(hall_id, shifts); !s) return s;
    json list = json::array();
    for (const auto& r : shifts)
      list.push_back({{"user_id", r.user_id}, {"weekdays", r.weekdays}, {"start", hhmm(r.start_min)},
                      {"end", hhmm(r.end_min)}, {"window", r.window_number ? json(*r.window_number) : json(nullptr)},
                      {"services", r.services}});
    auto ev = tx.appendEvent(EventDraft{now, actor, "hall.shifts_saved", "hall:" + std::to_string(hall_id),
                                        json{{"count", shifts.size()}, {"shifts", list}}.dump()});
    return ev ? Status::ok() : ev.status();
  };
}

Result<std::map<std::string, int>> parseAppointmentCapacity(const json& body) {
  for (auto it = body.begin(); it != body.end(); ++it)
    if (it.key() != "capacity") return invalid("未知字段 / Unknown field: " + it.key(), it.key());
  auto c = body.find("capacity");
  if (c == body.end() || !c->is_object() || c->empty())
    return invalid("请至少填写一项业务的预约名额 / Give the places per slot of at least one service", "capacity");
  std::map<std::string, int> out;
  const std::string range = std::to_string(kMaxAppointmentCapacity);
  for (auto it = c->begin(); it != c->end(); ++it) {
    const json& v = it.value();
    if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() > kMaxAppointmentCapacity)
      return invalid("业务 " + it.key() + " 的每个时段预约名额应为 0 到 " + range + " 的整数 / Places per slot for service " +
                         it.key() + " must be a whole number from 0 to " + range,
                     "capacity." + it.key());
    out[it.key()] = v.get<int>();
  }
  return out;
}

WriteFn saveAppointmentCapacityWrite(int64_t hall_id, std::map<std::string, int> capacity, std::string actor,
                                     int64_t now) {
  return [hall_id, capacity = std::move(capacity), actor = std::move(actor), now](WriteTx& tx) -> Status {
    if (!tx.hallById(hall_id)) return notFound("找不到该大厅 / No such hall");
    std::vector<std::string> codes;
    for (const auto& s : tx.listHallServices(hall_id)) codes.push_back(s.code);
    json before = json::object(), after = json::object();
    for (const auto& [code, places] : capacity) {
      if (std::find(codes.begin(), codes.end(), code) == codes.end())
        return invalid("本大厅没有这项业务：" + code + " / This hall has no service " + code, "capacity." + code);
      before[code] = tx.appointmentCapacity(hall_id, code);
      after[code] = places;
      if (Status s = tx.setAppointmentCapacity(hall_id, code, places); !s) return s;
    }
    auto ev = tx.appendEvent(EventDraft{now, actor, "hall.appointment_capacity_set", "hall:" + std::to_string(hall_id),
                                        json{{"before", before}, {"after", after}}.dump()});
    return ev ? Status::ok() : ev.status();
  };
}

json prioritySettingsJson(Reader& r, int64_t hall_id) {
  auto weights = hall::defaultPriorityWeights();
  bool stored = false;
  for (const auto& [k, v] : r.hallPriorityWeights(hall_id)) weights[k] = v, stored = true;
  json w = json::object();
  for (const auto& c : priorityClassCodes()) w[c] = weights[c];
  return {{"hall", hall_id},
          {"priority_weights", w},
          {"defaults", !stored},
          {"head_start_per_weight_min", hall::kHeadStartPerWeightMin}};
}

json shiftsJson(Reader& r, int64_t hall_id) {
  json shifts = json::array();
  for (const auto& s : r.listHallShifts(hall_id))
    shifts.push_back({{"id", s.id}, {"user_id", s.user_id}, {"weekdays", s.weekdays}, {"start", hhmm(s.start_min)},
                      {"end", hhmm(s.end_min)}, {"window", s.window_number ? json(*s.window_number) : json(nullptr)},
                      {"services", s.services}});
  json staff = json::array();
  for (const auto& sk : r.listStaffSkills(hall_id)) {
    auto u = r.userById(sk.user_id);
    if (!u || u->disabled) continue;
    staff.push_back({{"user_id", u->id}, {"name", u->display_name}, {"username", u->username}, {"role", u->role},
                     {"skills", sk.services}});
  }
  json windows = json::array();
  for (const auto& w : r.listWindows(hall_id)) windows.push_back({{"number", w.number}, {"skills", w.skills}});
  json services = json::array();
  for (const auto& s : r.listHallServices(hall_id)) services.push_back({{"code", s.code}, {"name", s.name}});
  return {{"hall", hall_id}, {"shifts", shifts}, {"staff", staff}, {"windows", windows}, {"services", services}};
}

json appointmentCapacityJson(Reader& r, int64_t hall_id) {
  json services = json::array();
  for (const auto& s : r.listHallServices(hall_id))
    services.push_back({{"code", s.code}, {"name", s.name}, {"capacity", r.appointmentCapacity(hall_id, s.code)}});
  return {{"hall", hall_id}, {"default", kDefaultAppointmentCapacity}, {"max", kMaxAppointmentCapacity}, {"services", services}};
}

}  // namespace onedoor::services
