// The demo's matters: the catalogue (demo_matters_data.h), inserted and published by the admin.
#include <nlohmann/json.hpp>

#include "demo/demo_matters.h"
#include "demo/demo_matters_data.h"
#include "matters/matter_json.h"
#include "services/matter_service.h"
#include "services/people_service.h"

namespace onedoor::demo {

using nlohmann::json;

Status loadDemoMatters(WriteTx& tx, const std::map<std::string, int64_t>& dept_ids, int64_t admin_id, int64_t now) {
  json list = json::parse(demoMattersJson(), nullptr, false);
  if (!list.is_array()) return internalError("演示事项数据不是 JSON 数组 / the demo matters are not a JSON array");
  std::map<std::string, int64_t> by_name;
  for (const auto& d : tx.listDepartments()) by_name[d.name] = d.id;
  for (size_t i = 0; i < list.size(); ++i) {
    const json& j = list[i];
    auto m = matters::matterFromJson(j);
    std::string label = "demo matter " + std::to_string(i) + (j.is_object() ? " " + j.value("code", "") : "");
    if (!m) return internalError(label + ": " + m.status().message() + " (" + m.status().field() + ")");
    std::string dept = j.is_object() ? j.value("department_code", "") : "";
    if (auto it = dept_ids.find(dept); it != dept_ids.end()) m->department_id = it->second;
    else if (auto n = by_name.find(dept); n != by_name.end()) m->department_id = n->second;
    else return internalError(label + ": unknown department_code " + dept);
    if (Status s = services::validateMatterIn(tx, *m); !s)
      return internalError(label + ": " + s.message() + " (" + s.field() + ")");
    auto id = tx.insertMatter(*m, now);
    if (!id) return id.status();
    std::string subject = "matter:" + std::to_string(*id);
    json payload = {{"code", m->code}, {"name", m->name}, {"department_id", m->department_id}};
    auto saved = tx.appendEvent(EventDraft{now, services::userActor(admin_id), "matter.saved", subject, payload.dump()});
    if (!saved) return saved.status();
    auto published = tx.publishMatter(*id, now, admin_id);
    if (!published) return published.status();
    payload["version"] = published->version;
    auto ev = tx.appendEvent(EventDraft{now, services::userActor(admin_id), "matter.published", subject, payload.dump()});
    if (!ev) return ev.status();
  }
  return Status::ok();
}

}  // namespace onedoor::demo
