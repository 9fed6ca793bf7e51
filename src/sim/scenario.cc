// Strict scenario parser: every object's keys are checked against the known ones, every value's
// type and range, and every reference (skills, window) against the declared services and windows.
#include "sim/scenario.h"

#include <nlohmann/json.hpp>
#include <set>

#include "core/json_depth.h"

namespace onedoor::sim {

namespace {

using nlohmann::json;

struct Bad {
  std::string pointer;
  std::string problem;
};

std::string esc(const std::string& key) {  // JSON pointer escaping (RFC 6901)
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

class Reader {
 public:
  void keys(const json& obj, const std::string& at, std::initializer_list<const char*> allowed) {
    if (!obj.is_object()) throw Bad{at.empty() ? "/" : at, "must be an object"};
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      bool known = false;
      for (const char* k : allowed) known = known || it.key() == k;
      if (!known) throw Bad{at + "/" + esc(it.key()), "unknown field"};
    }
  }
  std::string str(const json& obj, const std::string& at, const char* key, bool required, std::string dflt = {}) {
    auto it = obj.find(key);
    std::string p = at + "/" + key;
    if (it == obj.end()) {
      if (required) throw Bad{p, "is required"};
      return dflt;
    }
    if (!it->is_string()) throw Bad{p, "must be a string"};
    std::string v = it->get<std::string>();
    if (required && v.empty()) throw Bad{p, "must not be empty"};
    return v;
  }
  double num(const json& obj, const std::string& at, const char* key, double dflt, double lo, double hi) {
    auto it = obj.find(key);
    if (it == obj.end()) return dflt;
    return numValue(*it, at + "/" + key, lo, hi);
  }
  double numValue(const json& v, const std::string& p, double lo, double hi) {
    if (!v.is_number()) throw Bad{p, "must be a number"};
    double d = v.get<double>();
    if (!(d >= lo && d <= hi)) throw Bad{p, "must be between " + fmt(lo) + " and " + fmt(hi)};
    return d;
  }
  int integer(const json& obj, const std::string& at, const char* key, int dflt, int lo, int hi) {
    auto it = obj.find(key);
    if (it == obj.end()) return dflt;
    std::string p = at + "/" + key;
    if (!it->is_number_integer()) throw Bad{p, "must be an integer"};
    auto v = it->get<int64_t>();
    if (v < lo || v > hi) throw Bad{p, "must be between " + std::to_string(lo) + " and " + std::to_string(hi)};
    return static_cast<int>(v);
  }
  bool boolean(const json& obj, const std::string& at, const char* key, bool dflt) {
    auto it = obj.find(key);
    if (it == obj.end()) return dflt;
    if (!it->is_boolean()) throw Bad{at + "/" + key, "must be true or false"};
    return it->get<bool>();
  }
  int clock(const json& v, const std::string& p) {
    if (!v.is_string()) throw Bad{p, "must be a time \"HH:MM\""};
    std::string s = v.get<std::string>();
    if (s.size() != 5 || s[2] != ':' || !isdigit(s[0]) || !isdigit(s[1]) || !isdigit(s[3]) || !isdigit(s[4]))
      throw Bad{p, "must be a time \"HH:MM\""};
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 24 || m > 59 || (h == 24 && m != 0)) throw Bad{p, "is not a valid time of day"};
    return h * 60 + m;
  }
  Distribution dist(const json& v, const std::string& p, bool allow_cv_default) {
    keys(v, p, {"dist", "mean", "cv"});
    Distribution d;
    std::string kind = str(v, p, "dist", true);
    if (kind == "lognormal") d.kind = Distribution::Kind::kLognormal;
    else if (kind == "exponential") d.kind = Distribution::Kind::kExponential;
    else if (kind == "fixed") d.kind = Distribution::Kind::kFixed;
    else throw Bad{p + "/dist", "must be \"lognormal\", \"exponential\" or \"fixed\""};
    if (!v.contains("mean")) throw Bad{p + "/mean", "is required"};
    d.mean = num(v, p, "mean", 1.0, 0.01, 10000);
    if (d.kind == Distribution::Kind::kLognormal) {
      if (!v.contains("cv") && !allow_cv_default) throw Bad{p + "/cv", "is required for a lognormal distribution"};
      d.cv = num(v, p, "cv", 1.0, 0.0, 5.0);
    } else {
      if (v.contains("cv")) throw Bad{p + "/cv", "applies only to a lognormal distribution"};
      d.cv = d.kind == Distribution::Kind::kFixed ? 0.0 : 1.0;
    }
    return d;
  }
  std::vector<int> skills(const json& v, const std::string& p, const std::vector<ServiceSpec>& services) {
    if (!v.is_array()) throw Bad{p, "must be an array of service codes"};
    std::vector<int> out;
    for (size_t i = 0; i < v.size(); ++i) {
      std::string ip = p + "/" + std::to_string(i);
      if (!v[i].is_string()) throw Bad{ip, "must be a service code (string)"};
      std::string code = v[i].get<std::string>();
      int found = -1;
      for (size_t s = 0; s < services.size(); ++s)
        if (services[s].code == code) found = static_cast<int>(s);
      if (found < 0) throw Bad{ip, "unknown service code \"" + code + "\""};
      if (std::find(out.begin(), out.end(), found) != out.end()) throw Bad{ip, "service listed twice"};
      out.push_back(found);
    }
    return out;
  }
  static std::string fmt(double d) {
    std::string s = std::to_string(d);
    while (s.size() > 1 && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  }
};

Scenario parse(const json& j) {
  Reader r;
  r.keys(j, "", {"name", "description", "days", "hours", "interval_min", "services", "windows", "staff",
                 "priority_share", "appointment_share", "patience_min", "no_show_share", "target"});
  Scenario sc;
  sc.name = r.str(j, "", "name", true);
  sc.description = r.str(j, "", "description", false);
  sc.days = r.integer(j, "", "days", 1, 1, 3660);
  if (auto it = j.find("hours"); it != j.end()) {
    r.keys(*it, "/hours", {"open", "close"});
    if (!it->contains("open")) throw Bad{"/hours/open", "is required"};
    if (!it->contains("close")) throw Bad{"/hours/close", "is required"};
    sc.open_min = r.clock((*it)["open"], "/hours/open");
    sc.close_min = r.clock((*it)["close"], "/hours/close");
    if (sc.close_min <= sc.open_min) throw Bad{"/hours/close", "must be after the opening time"};
  }
  sc.interval_min = r.integer(j, "", "interval_min", 60, 5, 240);
  if ((sc.close_min - sc.open_min) % sc.interval_min != 0)
    throw Bad{"/interval_min", "must divide the opening hours evenly"};
  auto sv = j.find("services");
  if (sv == j.end()) throw Bad{"/services", "is required"};
  if (!sv->is_array() || sv->empty()) throw Bad{"/services", "must be a non-empty array"};
  if (sv->size() > 256) throw Bad{"/services", "at most 256 services"};
  for (size_t i = 0; i < sv->size(); ++i) {
    std::string p = "/services/" + std::to_string(i);
    const json& s = (*sv)[i];
    r.keys(s, p, {"code", "name", "service_min", "arrivals_per_hour"});
    ServiceSpec spec;
    spec.code = r.str(s, p, "code", true);
    for (const auto& other : sc.services)
      if (other.code == spec.code) throw Bad{p + "/code", "duplicate service code \"" + spec.code + "\""};
    spec.name = r.str(s, p, "name", false, spec.code);
    if (auto d = s.find("service_min"); d != s.end()) spec.service_min = r.dist(*d, p + "/service_min", true);
    auto a = s.find("arrivals_per_hour");
    if (a == s.end()) throw Bad{p + "/arrivals_per_hour", "is required"};
    if (!a->is_array()) throw Bad{p + "/arrivals_per_hour", "must be an array of numbers"};
    if (static_cast<int>(a->size()) != sc.intervals())
      throw Bad{p + "/arrivals_per_hour", "must have one rate per interval: " + std::to_string(sc.intervals()) +
                                              " values, found " + std::to_string(a->size())};
    for (size_t k = 0; k < a->size(); ++k)
      spec.arrivals_per_hour.push_back(r.numValue((*a)[k], p + "/arrivals_per_hour/" + std::to_string(k), 0, 10000));
    sc.services.push_back(std::move(spec));
  }
  auto wv = j.find("windows");
  if (wv == j.end()) throw Bad{"/windows", "is required"};
  if (!wv->is_array() || wv->empty()) throw Bad{"/windows", "must be a non-empty array"};
  if (wv->size() > 1000) throw Bad{"/windows", "at most 1000 windows"};
  for (size_t i = 0; i < wv->size(); ++i) {
    std::string p = "/windows/" + std::to_string(i);
    const json& w = (*wv)[i];
    r.keys(w, p, {"id", "skills", "open"});
    WindowSpec spec;
    spec.id = r.str(w, p, "id", true);
    for (const auto& other : sc.windows)
      if (other.id == spec.id) throw Bad{p + "/id", "duplicate window id \"" + spec.id + "\""};
    if (!w.contains("skills")) throw Bad{p + "/skills", "is required"};
    spec.skills = r.skills(w["skills"], p + "/skills", sc.services);
    spec.open = r.boolean(w, p, "open", true);
    sc.windows.push_back(std::move(spec));
  }
  auto st = j.find("staff");
  if (st == j.end()) throw Bad{"/staff", "is required"};
  if (!st->is_array()) throw Bad{"/staff", "must be an array"};
  if (st->size() > 1000) throw Bad{"/staff", "at most 1000 staff members"};
  std::set<int> seated;
  for (size_t i = 0; i < st->size(); ++i) {
    std::string p = "/staff/" + std::to_string(i);
    const json& s = (*st)[i];
    r.keys(s, p, {"id", "name", "skills", "shift", "window"});
    StaffSpec spec;
    spec.id = r.str(s, p, "id", true);
    for (const auto& other : sc.staff)
      if (other.id == spec.id) throw Bad{p + "/id", "duplicate staff id \"" + spec.id + "\""};
    if (!s.contains("skills")) throw Bad{p + "/skills", "is required"};
    spec.skills = r.skills(s["skills"], p + "/skills", sc.services);
    spec.shift_start_min = sc.open_min;
    spec.shift_end_min = sc.close_min;
    if (auto sh = s.find("shift"); sh != s.end()) {
      if (!sh->is_array() || sh->size() != 2) throw Bad{p + "/shift", "must be [\"HH:MM\", \"HH:MM\"]"};
      spec.shift_start_min = r.clock((*sh)[0], p + "/shift/0");
      spec.shift_end_min = r.clock((*sh)[1], p + "/shift/1");
      if (spec.shift_end_min <= spec.shift_start_min) throw Bad{p + "/shift/1", "must be after the shift's start"};
    }
    if (auto w = s.find("window"); w != s.end() && !w->is_null()) {
      if (!w->is_string()) throw Bad{p + "/window", "must be a window id or null"};
      std::string id = w->get<std::string>();
      for (size_t k = 0; k < sc.windows.size(); ++k)
        if (sc.windows[k].id == id) spec.window = static_cast<int>(k);
      if (spec.window < 0) throw Bad{p + "/window", "unknown window id \"" + id + "\""};
      if (!seated.insert(spec.window).second) throw Bad{p + "/window", "another staff member starts at window \"" + id + "\""};
    }
    sc.staff.push_back(std::move(spec));
  }
  sc.priority_share = r.num(j, "", "priority_share", 0.0, 0.0, 1.0);
  sc.appointment_share = r.num(j, "", "appointment_share", 0.0, 0.0, 1.0);
  sc.no_show_share = r.num(j, "", "no_show_share", 0.0, 0.0, 1.0);
  if (auto pt = j.find("patience_min"); pt != j.end() && !pt->is_null()) sc.patience_min = r.dist(*pt, "/patience_min", false);
  if (auto t = j.find("target"); t != j.end()) {
    r.keys(*t, "/target", {"p95_wait_min"});
    sc.target_p95_wait_min = r.num(*t, "/target", "p95_wait_min", 15.0, 0.1, 1440);
  }
  return sc;
}

}  // namespace

Result<Scenario> parseScenario(std::string_view json_text) {
  if (!jsonDepthWithin(json_text)) return invalid(kJsonTooDeepMessage, "/");
  json j;
  try {
    j = json::parse(json_text);
  } catch (const json::parse_error& e) {
    return invalid(std::string("场景文件不是有效的 JSON / the scenario is not valid JSON: ") + e.what(), "/");
  }
  try {
    return parse(j);
  } catch (const Bad& b) {
    return invalid("场景字段有误 / bad scenario field " + b.pointer + ": " + b.problem, b.pointer);
  } catch (const json::exception& e) {
    return invalid(std::string("场景字段有误 / bad scenario: ") + e.what(), "/");
  }
}

}  // namespace onedoor::sim
