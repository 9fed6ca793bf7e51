// GeoReport v2 mapping and rendering.
#include "open311/georeport.h"

#include <chrono>
#include <cmath>
#include <cstdio>

#include "appeals/lifecycle.h"
#include "core/text.h"
#include "open311/xml_writer.h"

namespace onedoor::open311 {

using nlohmann::json;

std::optional<std::string> Form::get(const std::string& name) const {
  auto it = fields.find(name);
  if (it == fields.end()) return std::nullopt;
  return it->second;
}

Result<Form> parseForm(std::string_view body) {
  Form form;
  size_t i = 0;
  while (i <= body.size()) {
    size_t j = body.find('&', i);
    if (j == std::string_view::npos) j = body.size();
    std::string_view pair = body.substr(i, j - i);
    i = j + 1;
    if (pair.empty()) {
      if (j == body.size()) break;
      continue;
    }
    size_t eq = pair.find('=');
    auto key = percentDecode(pair.substr(0, eq), true);
    auto value = eq == std::string_view::npos ? std::optional<std::string>("") : percentDecode(pair.substr(eq + 1), true);
    if (!key || !value) return invalid("表单编码不正确 / The form body has a malformed %-escape");
    if (!isValidUtf8(*key) || !isValidUtf8(*value)) return invalid("表单内容不是有效的 UTF-8 / The form body is not UTF-8");
    if (key->rfind("attribute[", 0) == 0) {
      // attribute[CODE] or attribute[CODE][]
      size_t close = key->find(']', 10);
      if (close == std::string::npos || close == 10) return invalid("属性参数格式不正确 / Malformed attribute key: " + *key, *key);
      std::string code = key->substr(10, close - 10);
      std::string rest = key->substr(close + 1);
      if (!rest.empty() && rest != "[]") return invalid("属性参数格式不正确 / Malformed attribute key: " + *key, *key);
      if (value->empty()) continue;
      auto& list = form.attributes[code];
      if (rest.empty()) list.clear();  // attribute[CODE]: one value, the last wins
      list.push_back(*value);
      continue;
    }
    if (value->empty()) {
      form.fields.erase(*key);  // empty = absent
      continue;
    }
    form.fields[*key] = *value;
    if (j == body.size()) break;
  }
  return form;
}

std::string formatDatetime(int64_t ms, int offset) {
  using namespace std::chrono;
  int64_t local_s = ms / 1000 - (ms % 1000 < 0 ? 1 : 0) + int64_t{offset} * 60;
  sys_days day{days{local_s / 86400 - (local_s % 86400 < 0 ? 1 : 0)}};
  int64_t sod = local_s - int64_t{day.time_since_epoch().count()} * 86400;
  year_month_day ymd{day};
  int off = std::abs(offset);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), static_cast<int>(sod / 3600),
                static_cast<int>(sod / 60 % 60), static_cast<int>(sod % 60), offset < 0 ? '-' : '+', off / 60,
                off % 60);
  return buf;
}

std::optional<int64_t> parseDatetime(std::string_view s, int default_offset) {
  auto digits = [&](size_t pos, size_t n) -> std::optional<int> {
    if (pos + n > s.size()) return std::nullopt;
    int v = 0;
    for (size_t k = pos; k < pos + n; ++k) {
      if (s[k] < '0' || s[k] > '9') return std::nullopt;
      v = v * 10 + (s[k] - '0');
    }
    return v;
  };
  auto y = digits(0, 4), mo = digits(5, 2), d = digits(8, 2);
  if (!y || !mo || !d || s[4] != '-' || s[7] != '-') return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{*y}, std::chrono::month(static_cast<unsigned>(*mo)),
                                  std::chrono::day(static_cast<unsigned>(*d))};
  if (!ymd.ok()) return std::nullopt;
  int64_t seconds = 0;
  int offset = default_offset;
  size_t pos = 10;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
    auto hh = digits(pos + 1, 2), mm = digits(pos + 4, 2);
    if (!hh || !mm || s[pos + 3] != ':' || *hh > 23 || *mm > 59) return std::nullopt;
    seconds = *hh * 3600 + *mm * 60;
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      auto ss = digits(pos + 1, 2);
      if (!ss || *ss > 60) return std::nullopt;
      seconds += std::min(*ss, 59);
      pos += 3;
      if (pos < s.size() && s[pos] == '.') {
        ++pos;
        size_t start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
        if (pos == start) return std::nullopt;
      }
    }
    if (pos < s.size()) {
      char z = s[pos];
      if ((z == 'Z' || z == 'z') && pos + 1 == s.size()) {
        offset = 0;
      } else if (z == '+' || z == '-' || z == ' ') {
        auto oh = digits(pos + 1, 2);
        std::optional<int> om;
        size_t end;
        if (pos + 3 < s.size() && s[pos + 3] == ':') {
          om = digits(pos + 4, 2);
          end = pos + 6;
        } else {
          om = digits(pos + 3, 2);
          end = pos + 5;
        }
        if (!oh || !om || end != s.size() || *oh > 14 || *om > 59) return std::nullopt;
        offset = (*oh * 60 + *om) * (z == '-' ? -1 : 1);
      } else {
        return std::nullopt;
      }
    }
  }
  int64_t days = std::chrono::sys_days(ymd).time_since_epoch().count();
  return (days * 86400 + seconds - int64_t{offset} * 60) * 1000;
}

std::string_view statusOf(appeals::State s) {
  return s == appeals::State::kReplied || s == appeals::State::kClosed ? "closed" : "open";
}

std::vector<appeals::State> statesFor(std::string_view status) {
  using appeals::State;
  if (status == "open") return {State::kReceived, State::kAssigned, State::kAccepted};
  if (status == "closed") return {State::kReplied, State::kClosed};
  return {};
}

static Doc nullable(const std::string& s) { return s.empty() ? Doc(nullptr) : Doc(s); }

Doc serviceDoc(const appeals::Category& c, bool has_attributes) {
  // Keywords are stored space-separated; the spec lists them comma-separated.
  std::string keywords;
  for (size_t i = 0; i < c.keywords.size();) {
    size_t j = c.keywords.find(' ', i);
    if (j == std::string::npos) j = c.keywords.size();
    if (j > i) {
      if (!keywords.empty()) keywords += ",";
      keywords += c.keywords.substr(i, j - i);
    }
    i = j + 1;
  }
  std::string unit = c.urgent ? "个工作小时" : "个工作日";
  std::string unit_en = c.urgent ? " working hours" : " working days";
  std::string description = c.name + "：" + std::to_string(c.response_limit) + unit + "内受理，" +
                            std::to_string(c.resolution_limit) + unit + "内答复 / accepted within " +
                            std::to_string(c.response_limit) + unit_en + ", answered within " +
                            std::to_string(c.resolution_limit) + unit_en;
  Doc d;
  d["service_code"] = c.code;
  d["service_name"] = c.name;
  d["description"] = description;
  d["metadata"] = has_attributes;
  d["type"] = "realtime";
  d["keywords"] = nullable(keywords);
  d["group"] = nullable(c.group);
  return d;
}

Doc serviceDefinitionDoc(const std::string& service_code, const std::vector<appeals::CategoryAttribute>& attrs) {
  Doc list = Doc::array();
  for (const auto& a : attrs) {
    Doc x;
    x["variable"] = a.variable;
    x["code"] = a.code;
    x["datatype"] = a.datatype;
    x["required"] = a.required;
    x["datatype_description"] = nullable(a.datatype_description);
    x["order"] = a.order;
    x["description"] = a.description;
    if (a.datatype == "singlevaluelist" || a.datatype == "multivaluelist") {
      Doc values = Doc::array();
      for (const auto& [key, name] : a.values) {
        Doc v;
        v["key"] = key;
        v["name"] = name;
        values.push_back(v);
      }
      x["values"] = values;
    }
    list.push_back(x);
  }
  Doc d;
  d["service_code"] = service_code;
  d["attributes"] = list;
  return d;
}

Result<json> checkAttributes(const std::vector<appeals::CategoryAttribute>& defs,
                             const std::map<std::string, std::vector<std::string>>& sent, int offset) {
  json out = json::object();
  for (const auto& [code, values] : sent) {
    const appeals::CategoryAttribute* def = nullptr;
    for (const auto& d : defs) {
      if (d.code == code) def = &d;
    }
    if (!def || !def->variable)
      return invalid("该服务没有这个属性：" + code + " / This service has no attribute " + code, "attribute[" + code + "]");
    if (def->datatype != "multivaluelist" && values.size() > 1)
      return invalid("属性只能有一个值：" + code + " / Attribute " + code + " takes one value", "attribute[" + code + "]");
    for (const auto& v : values) {
      bool ok = true;
      if (codePointCount(v) > 1000) ok = false;
      if (def->datatype == "number") {
        char* end = nullptr;
        double x = std::strtod(v.c_str(), &end);
        ok = ok && end && *end == '\0' && std::isfinite(x) && !v.empty();
      } else if (def->datatype == "datetime") {
        ok = ok && parseDatetime(v, offset).has_value();
      } else if (def->datatype == "singlevaluelist" || def->datatype == "multivaluelist") {
        bool known = false;
        for (const auto& [key, name] : def->values) known = known || key == v;
        ok = ok && known;
      }
      if (!ok)
        return invalid("属性值不正确：" + code + " / Invalid value for attribute " + code, "attribute[" + code + "]");
    }
    out[code] = def->datatype == "multivaluelist" ? json(values) : json(values.front());
  }
  for (const auto& d : defs) {
    if (d.variable && d.required && !out.contains(d.code))
      return invalid("缺少必填属性：" + d.code + " / Missing required attribute " + d.code, "attribute[" + d.code + "]");
  }
  return out;
}

Doc requestDoc(const RequestView& v, int offset) {
  const appeals::Appeal& a = *v.appeal;
  int64_t updated = a.created_at;
  for (const auto& t : {a.accepted_at, a.replied_at, a.closed_at}) {
    if (t && *t > updated) updated = *t;
  }
  Doc d;
  d["service_request_id"] = std::to_string(a.id);
  d["status"] = std::string(statusOf(a.state));
  d["status_notes"] = a.reply ? Doc(a.reply->text) : Doc(nullptr);
  d["service_name"] = v.service_name;
  d["service_code"] = a.category;
  d["description"] = a.text;
  d["agency_responsible"] = nullable(v.agency);
  d["service_notice"] = nullptr;
  d["requested_datetime"] = formatDatetime(a.created_at, offset);
  d["updated_datetime"] = formatDatetime(updated, offset);
  d["expected_datetime"] = formatDatetime(a.resolution_due, offset);
  d["address"] = nullable(a.address);
  d["address_id"] = v.submission ? nullable(v.submission->address_id) : Doc(nullptr);
  d["zipcode"] = nullptr;
  d["lat"] = a.lat ? Doc(*a.lat) : Doc(nullptr);
  d["long"] = a.lng ? Doc(*a.lng) : Doc(nullptr);
  d["media_url"] = v.submission ? nullable(v.submission->media_url) : Doc(nullptr);
  return d;
}

Doc updateDoc(const Event& e, int64_t appeal_id, int offset) {
  // The status after the event: a reply (and what comes with it) or a close shows as closed.
  bool closed = e.type == "appeal.replied" || e.type == "appeal.closed" || e.type == "appeal.formulaic_override" ||
                e.type == "appeal.rectification_opened";
  std::string description = appeals::timelineLabel(e.type);
  if (e.type == "appeal.replied") {
    json p = json::parse(e.payload_json, nullptr, false);
    if (p.is_object() && p.contains("text") && p["text"].is_string()) description = p["text"].get<std::string>();
  }
  Doc d;
  d["update_id"] = std::to_string(e.seq);
  d["service_request_id"] = std::to_string(appeal_id);
  d["status"] = closed ? "closed" : "open";
  d["updated_datetime"] = formatDatetime(e.at, offset);
  d["description"] = description;
  d["media_url"] = nullptr;
  d["external_status_code"] = e.type;
  return d;
}

Doc errorsDoc(int code, const std::string& description) {
  Doc e;
  e["code"] = code;
  e["description"] = description;
  return Doc::array({e});
}

static std::string itemName(const std::string& container) {
  static const std::map<std::string, std::string> kNames = {
      {"services", "service"},     {"service_requests", "request"},      {"attributes", "attribute"},
      {"values", "value"},         {"endpoints", "endpoint"},            {"formats", "format"},
      {"errors", "error"},         {"service_requests_updates", "request_update"}, {"api_keys", "api_key"}};
  auto it = kNames.find(container);
  return it == kNames.end() ? "item" : it->second;
}

static std::string scalarText(const Doc& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_null()) return "";
  return v.dump();
}

static void write(XmlWriter& w, const std::string& name, const Doc& v) {
  if (v.is_object()) {
    w.open(name);
    for (const auto& [k, child] : v.items()) write(w, k, child);
    w.close();
  } else if (v.is_array()) {
    w.open(name);
    std::string item = itemName(name);
    for (const auto& child : v) write(w, item, child);
    w.close();
  } else {
    w.leaf(name, scalarText(v));
  }
}

std::string toXml(const std::string& root, const Doc& doc) {
  XmlWriter w;
  write(w, root, doc);
  return w.finish();
}

}  // namespace onedoor::open311
