// Staff accounts, presence and the department tree.
#include <boost/asio/use_awaitable.hpp>

#include "api/await_store.h"
#include "api/json_body.h"
#include "api/route_groups.h"
#include "services/people_service.h"

namespace onedoor::api {

using nlohmann::json;
using http::bhttp::verb;
using Awaitable = boost::asio::awaitable<http::Response>;

static json departmentJson(const Department& d) {
  json j = {{"id", d.id}, {"name", d.name}, {"level", d.level}};
  j["parent_id"] = d.parent_id ? json(*d.parent_id) : json(nullptr);
  return j;
}

void registerPeopleRoutes(http::Router& router, App& app) {
  router.add({verb::post, "/api/v1/me/presence", kAnyStaff,
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto body = parseJsonBody(ctx.req, {{"status", FieldType::kString, true, 16}});
                if (!body) co_return errorOut(ctx, body.status());
                std::string presence = (*body)["status"];
                auto seq = std::make_shared<int64_t>(0);
                int64_t uid = ctx.caller->user_id;
                Status st = co_await awaitWrite(
                    app.store, services::setPresenceWrite(uid, presence, services::userActor(uid), app.clock.nowMs(), seq));
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, {{"presence", presence}, {"event_seq", *seq}});
              },
              {"Set my presence (on duty, break, out on business, off): what A/B posts route by", "people",
               R"({"type":"object","required":["status"],"additionalProperties":false,"properties":{"status":{"type":"string","enum":["on_duty","break","out","off"]}}})",
               R"({"type":"object","properties":{"presence":{"type":"string"},"event_seq":{"type":"integer"}}})"}});

  router.add({verb::get, "/api/v1/users", kAdminOnly,
              [&app](http::RequestContext& ctx) -> Awaitable {
                json users = json::array();
                Status st = app.store.read([&](Reader& r) -> Status {
                  for (const auto& u : r.listUsers()) users.push_back(userJson(u));
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, {{"users", users}});
              },
              {"List staff accounts", "people"}});

  router.add({verb::post, "/api/v1/users", kAdminOnly,
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto body = parseJsonBody(ctx.req, {{"username", FieldType::kString, true, 32},
                                                    {"password", FieldType::kString, true, 256},
                                                    {"display_name", FieldType::kString, true, 40},
                                                    {"role", FieldType::kString, true, 16},
                                                    {"department_id", FieldType::kInteger, false, 0, true},
                                                    {"backup_user_id", FieldType::kInteger, false, 0, true}});
                if (!body) co_return errorOut(ctx, body.status());
                people::NewUserInput in;
                in.username = (*body)["username"];
                in.password = (*body)["password"];
                in.display_name = (*body)["display_name"];
                in.role = (*body)["role"];
                if (body->contains("department_id") && !(*body)["department_id"].is_null())
                  in.department_id = (*body)["department_id"].get<int64_t>();
                if (body->contains("backup_user_id") && !(*body)["backup_user_id"].is_null())
                  in.backup_user_id = (*body)["backup_user_id"].get<int64_t>();
                auto user = services::prepareNewUser(in);
                if (!user) co_return errorOut(ctx, user.status());
                auto out = std::make_shared<User>();
                Status st = co_await awaitWrite(
                    app.store, services::createUserWrite(std::move(*user), services::userActor(ctx.caller->user_id),
                                                         app.clock.nowMs(), out));
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, {{"user", userJson(*out)}}, 201);
              },
              {"Create a staff account", "people",
               R"({"type":"object","required":["username","password","display_name","role"],"additionalProperties":false,"properties":{"username":{"type":"string","pattern":"^[a-z0-9._-]{3,32}$"},"password":{"type":"string","minLength":8},"display_name":{"type":"string","maxLength":40},"role":{"type":"string","enum":["admin","supervisor","handler","clerk","operator"]},"department_id":{"type":["integer","null"]},"backup_user_id":{"type":["integer","null"]}}})",
               "", 201}});

  router.add({verb::post, "/api/v1/users/{id}/disable", kAdminOnly,
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto id = parseId(ctx.param("id"), "id");
                if (!id) co_return errorOut(ctx, id.status());
                if (*id == ctx.caller->user_id)
                  co_return errorOut(ctx, conflict("不能停用自己的账号 / You cannot disable your own account"));
                auto out = std::make_shared<User>();
                Status st = co_await awaitWrite(
                    app.store, services::disableUserWrite(*id, services::userActor(ctx.caller->user_id),
                                                          app.clock.nowMs(), out));
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, {{"user", userJson(*out)}});
              },
              {"Disable a staff account and end its sessions", "people"}});

  router.add({verb::get, "/api/v1/departments", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                json list = json::array();
                Status st = app.store.read([&](Reader& r) -> Status {
                  for (const auto& d : r.listDepartments()) list.push_back(departmentJson(d));
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, {{"departments", list}});
              },
              {"The department tree (district → street → community), flat with parent ids", "people"}});
}

}  // namespace onedoor::api
