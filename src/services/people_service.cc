// People writes. Every state change appends its event inside the same WriteFn.
#include "services/people_service.h"

#include <nlohmann/json.hpp>

#include "people/password.h"
#include "people/roles.h"

namespace onedoor::services {

using nlohmann::json;

std::string userActor(int64_t user_id) { return "user:" + std::to_string(user_id); }

static EventDraft draft(int64_t now, const std::string& actor, const std::string& type, const std::string& subject,
                        const json& payload) {
  return EventDraft{now, actor, type, subject, payload.dump()};
}

Result<User> prepareNewUser(const people::NewUserInput& in, bool fast_hash) {
  if (Status st = people::validateNewUser(in); !st) return st;
  auto hash = people::hashPassword(in.password, fast_hash ? people::HashCost::kFast : people::HashCost::kInteractive);
  if (!hash) return hash.status();
  User u;
  u.username = in.username;
  u.display_name = in.display_name;
  u.role = in.role;
  u.password_hash = *hash;
  u.department_id = in.department_id;
  u.backup_user_id = in.backup_user_id;
  return u;
}

WriteFn createUserWrite(User user, std::string actor, int64_t now, std::shared_ptr<User> out) {
  return [user = std::move(user), actor = std::move(actor), now, out](WriteTx& tx) mutable -> Status {
    if (user.department_id && !tx.departmentById(*user.department_id))
      return invalid("所属部门不存在 / The department does not exist", "department_id");
    if (user.backup_user_id && !tx.userById(*user.backup_user_id))
      return invalid("B 岗人员不存在 / The backup (B post) user does not exist", "backup_user_id");
    if (tx.userByUsername(user.username))
      return conflict("用户名已被使用 / The username is already taken", "username");
    user.created_at = now;
    auto id = tx.insertUser(user);
    if (!id) return id.status();
    user.id = *id;
    json payload = {{"username", user.username}, {"display_name", user.display_name}, {"role", user.role}};
    payload["department_id"] = user.department_id ? json(*user.department_id) : json(nullptr);
    payload["backup_user_id"] = user.backup_user_id ? json(*user.backup_user_id) : json(nullptr);
    auto ev = tx.appendEvent(draft(now, actor, "user.created", userActor(user.id), payload));
    if (!ev) return ev.status();
    if (out) *out = user;
    return Status::ok();
  };
}

WriteFn disableUserWrite(int64_t user_id, std::string actor, int64_t now, std::shared_ptr<User> out) {
  return [=, actor = std::move(actor)](WriteTx& tx) -> Status {
    auto u = tx.userById(user_id);
    if (!u) return notFound("找不到该用户 / No such user");
    if (u->disabled) return conflict("该账号已经停用 / The account is already disabled");
    if (Status st = tx.setUserDisabled(user_id, true); !st) return st;
    if (Status st = tx.deleteSessionsOfUser(user_id); !st) return st;
    auto ev = tx.appendEvent(draft(now, actor, "user.disabled", userActor(user_id), {{"username", u->username}}));
    if (!ev) return ev.status();
    u->disabled = true;
    if (out) *out = *u;
    return Status::ok();
  };
}

WriteFn setPresenceWrite(int64_t user_id, std::string presence, std::string actor, int64_t now,
                         std::shared_ptr<int64_t> out_seq) {
  return [=, presence = std::move(presence), actor = std::move(actor)](WriteTx& tx) -> Status {
    if (!people::isPresence(presence))
      return invalid("状态不正确，可选 on_duty、break、out、off / Unknown presence status", "status");
    auto u = tx.userById(user_id);
    if (!u) return notFound("找不到该用户 / No such user");
    if (Status st = tx.setUserPresence(user_id, presence); !st) return st;
    auto ev = tx.appendEvent(
        draft(now, actor, "staff.presence_changed", userActor(user_id), {{"from", u->presence}, {"to", presence}}));
    if (!ev) return ev.status();
    if (out_seq) *out_seq = ev->seq;
    return Status::ok();
  };
}

WriteFn openSessionWrite(SessionRow session, int64_t now) {
  return [session = std::move(session), now](WriteTx& tx) -> Status {
    if (Status st = tx.insertSession(session); !st) return st;
    auto ev = tx.appendEvent(draft(now, userActor(session.user_id), "staff.signed_in", userActor(session.user_id),
                                   json::object()));
    return ev ? Status::ok() : ev.status();
  };
}

WriteFn closeSessionWrite(std::string token_hash, int64_t user_id, int64_t now) {
  return [token_hash = std::move(token_hash), user_id, now](WriteTx& tx) -> Status {
    if (Status st = tx.deleteSession(token_hash); !st) return st;
    auto ev = tx.appendEvent(draft(now, userActor(user_id), "staff.signed_out", userActor(user_id), json::object()));
    return ev ? Status::ok() : ev.status();
  };
}

WriteFn createDepartmentWrite(Department d, std::string actor, int64_t now, std::shared_ptr<int64_t> out_id) {
  return [d = std::move(d), actor = std::move(actor), now, out_id](WriteTx& tx) -> Status {
    if (d.name.empty()) return invalid("部门名称不能为空 / The department name is empty", "name");
    if (d.parent_id && !tx.departmentById(*d.parent_id))
      return invalid("上级部门不存在 / The parent department does not exist", "parent_id");
    auto id = tx.insertDepartment(d);
    if (!id) return id.status();
    json payload = {{"name", d.name}, {"level", d.level}};
    payload["parent_id"] = d.parent_id ? json(*d.parent_id) : json(nullptr);
    auto ev = tx.appendEvent(draft(now, actor, "department.created", "department:" + std::to_string(*id), payload));
    if (!ev) return ev.status();
    if (out_id) *out_id = *id;
    return Status::ok();
  };
}

}  // namespace onedoor::services
