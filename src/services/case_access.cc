#include "services/case_access.h"

#include <nlohmann/json.hpp>

#include "services/people_service.h"

namespace onedoor::services {

std::set<int64_t> departmentsOf(const std::vector<Event>& timeline) {
  std::set<int64_t> out;
  for (const auto& e : timeline) {
    // Routing, transfer and assignment events name the departments (see appeals/lifecycle.cc);
    // reading the key names, not the event types, keeps new kinds of move covered.
    if (e.payload_json.find("department_id") == std::string::npos) continue;
    auto p = nlohmann::json::parse(e.payload_json, nullptr, false);
    if (!p.is_object()) continue;
    for (const char* key : {"department_id", "from_department_id", "to_department_id"}) {
      auto it = p.find(key);
      if (it != p.end() && it->is_number_integer()) out.insert(it->get<int64_t>());
    }
  }
  return out;
}

bool maySeePersonalData(const appeals::Actor& viewer, const appeals::Appeal& a, const std::vector<Event>& timeline) {
  if (viewer.role == "supervisor" || viewer.role == "admin") return true;
  if (viewer.role == "handler") {
    if (a.handler_id && *a.handler_id == viewer.user_id) return true;
    if (!viewer.department_id) return false;
    return *viewer.department_id == a.department_id || departmentsOf(timeline).count(*viewer.department_id) > 0;
  }
  // The operator typed it in from the call; nobody else in that role needs it.
  if (viewer.role == "operator") return a.created_by != 0 && a.created_by == viewer.user_id;
  return false;
}

Status noSuchAppeal() { return notFound("找不到该诉求 / No such appeal"); }

std::string readSubject(int64_t appeal_id) { return "access:appeal:" + std::to_string(appeal_id); }

WriteFn personalReadWrite(int64_t user_id, int64_t appeal_id, PersonalRead what, std::optional<int64_t> photo_id,
                          int64_t now) {
  return [=](WriteTx& tx) -> Status {
    nlohmann::json p = {{"appeal_id", appeal_id}, {"what", what == PersonalRead::kPhoto ? "photo" : "case"}};
    if (photo_id) p["photo_id"] = *photo_id;
    auto ev = tx.appendJsonEvent(
        EventDraft{now, userActor(user_id), "appeal.personal_data_read", readSubject(appeal_id), {}}, p);
    return ev ? Status::ok() : ev.status();
  };
}

WriteFn thenPersonalRead(WriteFn write, appeals::Actor viewer, int64_t appeal_id, int64_t now,
                         std::shared_ptr<bool> visible) {
  return [write = std::move(write), viewer = std::move(viewer), appeal_id, now, visible](WriteTx& tx) -> Status {
    if (Status st = write(tx); !st) return st;
    auto a = tx.appealById(appeal_id);
    *visible = a && maySeePersonalData(viewer, *a, tx.eventsBySubject("appeal:" + std::to_string(appeal_id)));
    if (!*visible) return Status::ok();
    return personalReadWrite(viewer.user_id, appeal_id, PersonalRead::kCase, std::nullopt, now)(tx);
  };
}

}  // namespace onedoor::services
