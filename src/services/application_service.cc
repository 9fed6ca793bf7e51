// Application service: see application_service.h.
#include "services/application_service.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>

#include "core/random.h"
#include "core/text.h"
#include "matters/rules.h"
#include "services/people_service.h"

namespace onedoor::services {

using matters::Application;
using nlohmann::json;

namespace {

std::vector<std::string> dedup(const std::vector<std::string>& v) {
  std::vector<std::string> out;
  for (const auto& x : v)
    if (std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
  return out;
}

void removeAll(std::vector<std::string>& from, const std::vector<std::string>& items) {
  from.erase(std::remove_if(from.begin(), from.end(),
                            [&](const std::string& x) { return std::find(items.begin(), items.end(), x) != items.end(); }),
             from.end());
}

Status event(WriteTx& tx, int64_t now, int64_t user_id, const char* type, int64_t id, const json& payload) {
  auto ev = tx.appendEvent(EventDraft{now, userActor(user_id), type, "application:" + std::to_string(id), payload.dump()});
  return ev ? Status::ok() : ev.status();
}

// The matter version the application was made under (its material ids are the ones that count).
Result<matters::Matter> matterOf(Reader& r, const Application& a) {
  auto m = r.publishedMatterVersion(a.matter_id, a.matter_version);
  if (!m) return internalError("办件所属事项版本不存在 / the application's matter version is missing");
  return *m;
}

Result<Application> load(WriteTx& tx, int64_t id) {
  auto a = tx.applicationById(id);
  if (!a) return notFound("找不到该办件 / No such application");
  return *a;
}

}  // namespace

Status ApplicationService::validateApplicant(const std::string& name, const std::string& phone) {
  if (!isValidUtf8(name) || name.find_first_not_of(' ') == std::string::npos)
    return invalid("请填写申请人姓名 / The applicant's name is required", "applicant_name");
  if (codePointCount(name) > 40) return invalid("姓名最多 40 个字 / The name may have at most 40 characters", "applicant_name");
  static const std::regex kMobile("^1[3-9][0-9]{9}$");
  static const std::regex kLandline("^0[0-9]{2,3}-?[0-9]{7,8}$");
  if (!std::regex_match(phone, kMobile) && !std::regex_match(phone, kLandline))
    return invalid("请填写正确的联系电话（11 位手机号或带区号的座机） / Enter a valid phone number", "applicant_phone");
  return Status::ok();
}

std::optional<int64_t> ApplicationService::dueFor(const matters::Matter& m, int64_t accepted_at) const {
  std::optional<int> days = m.promised_days ? m.promised_days : m.statutory_days;
  if (!days) return std::nullopt;
  return calendars_.current()->addWorkingDays(accepted_at, *days).due_ms;
}

WriteFn ApplicationService::createWrite(NewApplication in, std::shared_ptr<Application> out) const {
  int64_t now = clock_.nowMs();
  Status valid = validateApplicant(in.applicant_name, in.applicant_phone);
  return [in = std::move(in), out, now, valid](WriteTx& tx) -> Status {
    if (!valid) return valid;
    auto m = tx.publishedMatter(in.matter_id);
    if (!m) return invalid("没有这个事项，或事项尚未发布 / No such published matter", "matter_id");
    if (Status s = matters::checkMaterialIds(*m, in.have, "have"); !s) return s;
    Application a;
    a.matter_id = m->id;
    a.matter_version = m->version;
    a.department_id = m->department_id;
    a.applicant_name = in.applicant_name;
    a.applicant_phone = in.applicant_phone;
    a.appointment_code = in.appointment_code;
    a.have = dedup(in.have);
    for (const auto* x : matters::missingMaterials(*m, a.have)) a.missing.push_back(x->id);
    a.state = a.missing.empty() ? "submitted" : "missing_materials";
    a.trips = 1;  // intake at the desk is the first trip
    a.promised_trips = m->promised_trips;
    a.submitted_at = now;
    a.created_by = in.user_id;
    // Codes are random; a collision (1 in 2^50) just draws again.
    Result<int64_t> id = Status(Code::kConflict, "");
    for (int attempt = 0; attempt < 5 && !id && id.status().code() == Code::kConflict; ++attempt) {
      a.code = randomBase32(10);
      id = tx.insertApplication(a);
    }
    if (!id) return id.status();
    a.id = *id;
    matters::Visit v{now, "submit", a.have, in.user_id};
    if (Status s = tx.insertVisit(a.id, v); !s) return s;
    json created = {{"matter_id", a.matter_id}, {"matter_version", a.matter_version}, {"code", a.code},
                    {"state", a.state},         {"have", a.have},                     {"missing", a.missing},
                    {"trips", a.trips}};
    if (!a.appointment_code.empty()) created["appointment_code"] = a.appointment_code;
    if (Status s = event(tx, now, in.user_id, "application.created", a.id, created); !s) return s;
    if (!a.missing.empty()) {
      matters::Notification n{now, a.missing, {}, false, in.user_id};
      if (Status s = tx.insertNotification(a.id, n); !s) return s;
      if (Status s = event(tx, now, in.user_id, "application.missing_listed", a.id,
                           {{"items", n.items}, {"new_items", json::array()}, {"violation", false}});
          !s)
        return s;
    }
    if (out) {
      auto stored = tx.applicationById(a.id);
      if (!stored) return internalError("办件写入后读不到 / application vanished after insert");
      *out = *stored;
    }
    return Status::ok();
  };
}

WriteFn ApplicationService::missingWrite(int64_t id, std::vector<std::string> items, int64_t user_id,
                                         std::shared_ptr<Application> out) const {
  int64_t now = clock_.nowMs();
  return [id, items = dedup(items), user_id, out, now](WriteTx& tx) -> Status {
    auto a = load(tx, id);
    if (!a) return a.status();
    if (matters::isFinishedState(a->state))
      return conflict("办件已审结，不能再发补正告知 / The application is decided; no more missing lists", "state");
    if (items.empty()) return invalid("请列出缺少的材料 / List the missing materials", "items");
    auto m = matterOf(tx, *a);
    if (!m) return m.status();
    if (Status s = matters::checkMaterialIds(*m, items, "items"); !s) return s;
    auto judged = matters::judgeNotification(a->notifications, items);
    matters::Notification n{now, items, judged.new_items, judged.violation, user_id};
    if (Status s = tx.insertNotification(a->id, n); !s) return s;
    a->missing = items;
    removeAll(a->have, items);
    if (judged.violation) ++a->violations;
    std::string before = a->state;
    a->state = "missing_materials";
    if (Status s = tx.updateApplication(*a); !s) return s;
    if (Status s = event(tx, now, user_id, "application.missing_listed", a->id,
                         {{"items", n.items}, {"new_items", n.new_items}, {"violation", n.violation},
                          {"from", before}});
        !s)
      return s;
    if (judged.violation) {
      // 一次性告知 was broken: recorded on its own so the index and audits can count it.
      if (Status s = event(tx, now, user_id, "application.violation", a->id,
                           {{"new_items", n.new_items}, {"matter_id", a->matter_id}, {"violations", a->violations}});
          !s)
        return s;
    }
    if (out) {
      auto stored = tx.applicationById(a->id);
      if (stored) *out = *stored;
    }
    return Status::ok();
  };
}

WriteFn ApplicationService::visitWrite(int64_t id, std::string purpose, std::vector<std::string> have, int64_t user_id,
                                       std::shared_ptr<Application> out) const {
  int64_t now = clock_.nowMs();
  return [id, purpose = std::move(purpose), have = dedup(have), user_id, out, now](WriteTx& tx) -> Status {
    if (purpose != "submit_materials" && purpose != "collect" && purpose != "other")
      return invalid("来访事由应为 submit_materials、collect 或 other / purpose must be submit_materials, collect or other",
                     "purpose");
    auto a = load(tx, id);
    if (!a) return a.status();
    if (a->state == "done" || a->state == "rejected")
      return conflict("办件已办结 / The application is closed", "state");
    auto m = matterOf(tx, *a);
    if (!m) return m.status();
    if (Status s = matters::checkMaterialIds(*m, have, "have"); !s) return s;
    if (Status s = tx.insertVisit(a->id, {now, purpose, have, user_id}); !s) return s;
    ++a->trips;
    for (const auto& x : have)
      if (std::find(a->have.begin(), a->have.end(), x) == a->have.end()) a->have.push_back(x);
    removeAll(a->missing, have);
    std::string before = a->state;
    if (a->state == "missing_materials" && a->missing.empty()) a->state = a->accepted_at ? "accepted" : "submitted";
    if (Status s = tx.updateApplication(*a); !s) return s;
    if (Status s = event(tx, now, user_id, "application.visit", a->id,
                         {{"purpose", purpose}, {"have", have}, {"trips", a->trips}, {"missing", a->missing},
                          {"from", before}, {"to", a->state}});
        !s)
      return s;
    if (out) {
      auto stored = tx.applicationById(a->id);
      if (stored) *out = *stored;
    }
    return Status::ok();
  };
}

WriteFn ApplicationService::stateWrite(int64_t id, std::string state, std::string reason, int64_t user_id,
                                       std::shared_ptr<Application> out) const {
  int64_t now = clock_.nowMs();
  return [this, id, state = std::move(state), reason = std::move(reason), user_id, out, now](WriteTx& tx) -> Status {
    auto a = load(tx, id);
    if (!a) return a.status();
    if (Status s = matters::checkMove(a->state, state); !s) return s;
    if (state == "rejected") {
      if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
        return invalid("不予受理或不予批准须写明理由和依据 / A rejection needs its (legal) reason", "reason");
      if (!isValidUtf8(reason) || codePointCount(reason) > 500)
        return invalid("理由最多 500 个字 / The reason may have at most 500 characters", "reason");
    }
    std::string before = a->state;
    a->state = state;
    if (state == "accepted") {
      auto m = matterOf(tx, *a);
      if (!m) return m.status();
      a->accepted_at = now;
      a->due = dueFor(*m, now);
    } else if (state == "approved") {
      a->finished_at = now;
    } else if (state == "rejected") {
      a->finished_at = now;
      a->reason = reason;
    } else if (state == "done" && !a->finished_at) {
      a->finished_at = now;
    }
    if (Status s = tx.updateApplication(*a); !s) return s;
    json payload = {{"from", before}, {"to", state}};
    if (state == "rejected") payload["reason"] = reason;
    if (a->due && state == "accepted") payload["due"] = *a->due;
    if (Status s = event(tx, now, user_id, "application.state", a->id, payload); !s) return s;
    if (out) {
      auto stored = tx.applicationById(a->id);
      if (stored) *out = *stored;
    }
    return Status::ok();
  };
}

}  // namespace onedoor::services
