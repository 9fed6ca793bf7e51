// Matter and application rules: see rules.h.
#include "matters/rules.h"

#include <algorithm>
#include <map>

#include "core/text.h"

namespace onedoor::matters {

namespace {

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

Status textField(const std::string& value, const std::string& field, const std::string& zh, size_t max_chars,
                 bool required) {
  if (!isValidUtf8(value)) return invalid(zh + "不是有效的文字 / " + field + " is not valid UTF-8", field);
  if (required && blank(value)) return invalid("请填写" + zh + " / " + field + " is required", field);
  if (codePointCount(value) > max_chars)
    return invalid(zh + "最多 " + std::to_string(max_chars) + " 个字 / " + field + " may have at most " +
                       std::to_string(max_chars) + " characters",
                   field);
  return Status::ok();
}

Status textList(const std::vector<std::string>& list, const std::string& field, const std::string& zh,
                size_t max_items, size_t max_chars) {
  if (list.size() > max_items)
    return invalid(zh + "最多 " + std::to_string(max_items) + " 项 / " + field + " may have at most " +
                       std::to_string(max_items) + " items",
                   field);
  for (size_t i = 0; i < list.size(); ++i) {
    if (Status s = textField(list[i], field + "[" + std::to_string(i) + "]", zh, max_chars, true); !s) return s;
  }
  return Status::ok();
}

}  // namespace

Status validateMatter(const Matter& m, const std::set<int64_t>& departments, const std::set<std::string>& hall_codes) {
  if (Status s = textField(m.code, "code", "事项编码", 20, true); !s) return s;
  if (Status s = textField(m.name, "name", "事项名称", kNameMaxChars, true); !s) return s;
  if (Status s = textField(m.name_en, "name_en", "英文名称", 120, false); !s) return s;
  if (Status s = textField(m.summary, "summary", "事项简介", 500, true); !s) return s;
  if (Status s = textField(m.summary_en, "summary_en", "英文简介", 1000, false); !s) return s;
  if (Status s = textField(m.who, "who", "办理对象", 500, false); !s) return s;
  if (Status s = textField(m.fee, "fee", "收费标准", 200, false); !s) return s;
  if (Status s = textList(m.conditions, "conditions", "办理条件", 30, 300); !s) return s;
  if (Status s = textList(m.legal_basis, "legal_basis", "设定依据", 30, 300); !s) return s;
  if (Status s = textList(m.keywords, "keywords", "关键词", 30, 30); !s) return s;
  if (m.materials.size() > 50) return invalid("材料最多 50 项 / at most 50 materials", "materials");
  std::set<std::string> ids;
  for (size_t i = 0; i < m.materials.size(); ++i) {
    const Material& x = m.materials[i];
    std::string p = "materials[" + std::to_string(i) + "].";
    if (blank(x.id)) return invalid("材料编号不能为空 / a material needs an id", p + "id");
    if (x.id.size() > 16) return invalid("材料编号太长 / the material id is too long", p + "id");
    if (!ids.insert(x.id).second)
      return invalid("材料编号重复：" + x.id + " / duplicate material id: " + x.id, p + "id");
    if (Status s = textField(x.name, p + "name", "材料名称", 100, true); !s) return s;
    if (Status s = textField(x.description, p + "description", "材料说明", 500, false); !s) return s;
    if (Status s = textField(x.example, p + "example", "材料示例", 300, false); !s) return s;
    if (Status s = textField(x.issuer, p + "issuer", "出具单位", 200, false); !s) return s;
    if (Status s = textList(x.alternatives, p + "alternatives", "可替代材料", 10, 100); !s) return s;
    if (x.copies < 0 || x.copies > 20)
      return invalid("复印件份数应在 0 到 20 之间 / copies must be between 0 and 20", p + "copies");
  }
  if (m.promised_trips != 0 && m.promised_trips != 1)
    return invalid("最多跑动次数只能是 0 或 1 / promised_trips must be 0 or 1", "promised_trips");
  if (m.statutory_days && (*m.statutory_days < 0 || *m.statutory_days > 365))
    return invalid("法定时限应在 0 到 365 个工作日之间 / statutory_days must be 0 to 365", "statutory_days");
  if (m.promised_days && (*m.promised_days < 0 || *m.promised_days > 365))
    return invalid("承诺时限应在 0 到 365 个工作日之间 / promised_days must be 0 to 365", "promised_days");
  if (m.statutory_days && m.promised_days && *m.promised_days > *m.statutory_days)
    return invalid("承诺时限不能长于法定时限 / promised_days may not exceed statutory_days", "promised_days");
  if (!departments.count(m.department_id)) return invalid("部门不存在 / no such department", "department_id");
  for (size_t i = 0; i < m.hall_services.size(); ++i) {
    if (!hall_codes.count(m.hall_services[i]))
      return invalid("大厅没有这个业务：" + m.hall_services[i] + " / no such hall service: " + m.hall_services[i],
                     "hall_services[" + std::to_string(i) + "]");
  }
  return Status::ok();
}

std::vector<const Material*> missingMaterials(const Matter& m, const std::vector<std::string>& have) {
  std::vector<const Material*> out;
  for (const auto& x : m.materials) {
    if (x.optional) continue;
    if (std::find(have.begin(), have.end(), x.id) == have.end()) out.push_back(&x);
  }
  return out;
}

Status checkMaterialIds(const Matter& m, const std::vector<std::string>& ids, const std::string& field) {
  for (const auto& id : ids) {
    bool known = std::any_of(m.materials.begin(), m.materials.end(), [&](const Material& x) { return x.id == id; });
    if (!known) return invalid("没有这项材料：" + id + " / unknown material: " + id, field);
  }
  return Status::ok();
}

NotificationJudgement judgeNotification(const std::vector<Notification>& earlier, const std::vector<std::string>& items) {
  NotificationJudgement j;
  if (earlier.empty()) return j;
  std::set<std::string> told;
  for (const auto& n : earlier) told.insert(n.items.begin(), n.items.end());
  std::set<std::string> seen;
  for (const auto& item : items) {
    if (!told.count(item) && seen.insert(item).second) j.new_items.push_back(item);
  }
  j.violation = !j.new_items.empty();
  return j;
}

int extraTrips(int trips, int promised_trips) { return std::max(0, trips - promised_trips); }

bool isApplicationState(const std::string& s) {
  return s == "prechecked" || s == "submitted" || s == "accepted" || s == "missing_materials" || s == "approved" ||
         s == "rejected" || s == "done";
}

bool isFinishedState(const std::string& s) { return s == "approved" || s == "rejected" || s == "done"; }

Status checkMove(const std::string& from, const std::string& to) {
  if (to != "accepted" && to != "approved" && to != "rejected" && to != "done")
    return invalid("状态只能改为 accepted、approved、rejected 或 done / state must be accepted, approved, rejected or done",
                   "state");
  bool ok = false;
  if (to == "accepted") ok = from == "submitted";
  if (to == "approved") ok = from == "accepted";
  if (to == "rejected") ok = from == "submitted" || from == "accepted" || from == "missing_materials";
  if (to == "done") ok = from == "approved";
  if (ok) return Status::ok();
  std::string why = to == "accepted" && from == "missing_materials"
                        ? "材料还没有补齐，不能受理 / materials are still missing; it cannot be accepted yet"
                        : "办件当前状态（" + from + "）不能改为 " + to + " / cannot move from " + from + " to " + to;
  return conflict(why, "state");
}

namespace {

struct Acc {
  int finished = 0, trips = 0, over_one = 0, over_promised = 0, violations = 0, extra = 0;
  void add(const Application& a) {
    ++finished;
    trips += a.trips;
    if (a.trips > 1) ++over_one;
    if (a.trips > a.promised_trips) ++over_promised;
    violations += a.violations;
    extra += extraTrips(a.trips, a.promised_trips);
  }
  IndexRow row() const {
    IndexRow r;
    r.finished = finished;
    r.violations = violations;
    r.extra_trips = extra;
    if (finished > 0) {
      r.mean_trips = static_cast<double>(trips) / finished;
      r.over_one_trip_share = static_cast<double>(over_one) / finished;
      r.over_promised_share = static_cast<double>(over_promised) / finished;
    }
    return r;
  }
};

std::vector<KeyedIndexRow> rowsOf(const std::map<int64_t, Acc>& by) {
  std::vector<KeyedIndexRow> out;
  for (const auto& [k, acc] : by) out.push_back({k, acc.row()});
  std::stable_sort(out.begin(), out.end(), [](const KeyedIndexRow& a, const KeyedIndexRow& b) {
    if (a.row.extra_trips != b.row.extra_trips) return a.row.extra_trips > b.row.extra_trips;
    if (a.row.violations != b.row.violations) return a.row.violations > b.row.violations;
    return a.key < b.key;
  });
  return out;
}

}  // namespace

SpringDoorIndex springDoorIndex(const std::vector<Application>& finished) {
  Acc overall;
  std::map<int64_t, Acc> by_matter, by_dept;
  for (const auto& a : finished) {
    overall.add(a);
    by_matter[a.matter_id].add(a);
    by_dept[a.department_id].add(a);
  }
  SpringDoorIndex idx;
  idx.overall = overall.row();
  idx.matters = rowsOf(by_matter);
  idx.departments = rowsOf(by_dept);
  return idx;
}

}  // namespace onedoor::matters
