// Hall settings for supervisors and admins: priority-class weights, the clerks' weekly shifts and
// the places per appointment slot of each service (GET/PUT /api/v1/halls/{hall}/settings, /shifts
// and /appointment-capacity). Every save is one WriteFn with its ledger
// event; bad input is a 400 naming the field, and nothing changes. Stateless; thread-safe.
#include <boost/asio/use_awaitable.hpp>

#include "api/await_store.h"
#include "core/json_depth.h"
#include "api/json_body.h"
#include "api/route_groups.h"
#include "services/hall_service.h"
#include "services/hall_settings.h"
#include "services/people_service.h"

namespace onedoor::api {

using nlohmann::json;
using http::bhttp::verb;
using Awaitable = boost::asio::awaitable<http::Response>;

namespace {

Result<json> bodyObject(const http::RequestContext& ctx) {
  if (!jsonDepthWithin(ctx.req.body())) return invalid(kJsonTooDeepMessage);
  json b = json::parse(ctx.req.body(), nullptr, false);
  if (b.is_discarded() || !b.is_object()) return invalid("请求体应为 JSON 对象 / The body must be a JSON object");
  return b;
}

Result<json> readJson(App& app, int64_t hall_id, json (*render)(Reader&, int64_t)) {
  json j;
  Status st = app.store.read([&](Reader& r) -> Status {
    if (!r.hallById(hall_id)) return notFound("找不到该大厅 / No such hall");
    j = render(r, hall_id);
    return Status::ok();
  });
  if (!st) return st;
  return j;
}

using Render = json (*)(Reader&, int64_t);

// GET of one hall document: 404 for an unknown hall.
void addHallDocGet(http::Router& router, App& app, const char* pattern, Render render, const char* summary) {
  router.add({verb::get, pattern, kOversight,
              [&app, render](http::RequestContext& ctx) -> Awaitable {
                auto id = parseId(ctx.param("hall"), "hall");
                if (!id) co_return errorOut(ctx, id.status());
                auto j = readJson(app, *id, render);
                if (!j) co_return errorOut(ctx, j.status());
                co_return jsonOk(ctx, *j);
              },
              {summary, "hall"}});
}

// A save without hall side effects: the write, then the document as the GET gives it.
Awaitable saveThenRender(App& app, http::RequestContext& ctx, WriteFn fn, int64_t hall_id, Render render) {
  std::function<void(const Status&)> none;  // a named object, not a temporary in co_await
  Status st = co_await awaitWrite(app.store, std::move(fn), std::move(none));
  if (!st) co_return errorOut(ctx, st);
  auto j = readJson(app, hall_id, render);
  if (!j) co_return errorOut(ctx, j.status());
  co_return jsonOk(ctx, *j);
}

}  // namespace

void registerHallSettingsRoutes(http::Router& router, App& app) {
  addHallDocGet(router, app, "/api/v1/halls/{hall}/settings", services::prioritySettingsJson,
                "A hall's priority-class weights (normal = 1; each step above is 5 minutes' head start)");

  router.add({verb::put, "/api/v1/halls/{hall}/settings", kOversight,
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto id = parseId(ctx.param("hall"), "hall");
                if (!id) co_return errorOut(ctx, id.status());
                auto body = bodyObject(ctx);
                if (!body) co_return errorOut(ctx, body.status());
                for (auto it = body->begin(); it != body->end(); ++it)
                  if (it.key() != "priority_weights")
                    co_return errorOut(ctx, invalid("未知字段 / Unknown field: " + it.key(), it.key()));
                std::map<std::string, int> current;
                auto cur = readJson(app, *id, services::prioritySettingsJson);
                if (!cur) co_return errorOut(ctx, cur.status());
                for (auto& [k, v] : (*cur)["priority_weights"].items()) current[k] = v.get<int>();
                auto weights = services::parsePriorityWeights(*body, current);
                if (!weights) co_return errorOut(ctx, weights.status());
                auto out = std::make_shared<services::HallOutcome>();
                services::HallActor actor{ctx.caller->user_id, ctx.caller->role};
                WriteFn fn = app.hall->weightsWrite(*id, std::move(*weights), actor, out);
                auto done = hallDone(app, out);
                Status st = co_await awaitWrite(app.store, std::move(fn), std::move(done));
                if (!st) co_return errorOut(ctx, st);
                auto j = readJson(app, *id, services::prioritySettingsJson);
                if (!j) co_return errorOut(ctx, j.status());
                co_return jsonOk(ctx, *j);
              },
              {"Set priority-class weights (whole numbers 1–10, normal = 1); the queues reorder at once", "hall",
               R"({"type":"object","required":["priority_weights"],"additionalProperties":false,"properties":{"priority_weights":{"type":"object","additionalProperties":{"type":"integer","minimum":1,"maximum":10}}}})"}});

  addHallDocGet(router, app, "/api/v1/halls/{hall}/shifts", services::shiftsJson,
                "A hall's weekly shifts, with its staff (skills) and windows for the editor");

  router.add({verb::put, "/api/v1/halls/{hall}/shifts", kOversight,
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto id = parseId(ctx.param("hall"), "hall");
                if (!id) co_return errorOut(ctx, id.status());
                auto body = bodyObject(ctx);
                if (!body) co_return errorOut(ctx, body.status());
                auto shifts = services::parseShifts(*body);
                if (!shifts) co_return errorOut(ctx, shifts.status());
                WriteFn fn = services::saveShiftsWrite(*id, std::move(*shifts), services::userActor(ctx.caller->user_id),
                                                       app.clock.nowMs());
                co_return co_await saveThenRender(app, ctx, std::move(fn), *id, services::shiftsJson);
              },
              {"Replace a hall's weekly shifts (times on the half hour; a clerk with those skills; no overlaps)", "hall",
               R"({"type":"object","required":["shifts"],"additionalProperties":false,"properties":{"shifts":{"type":"array","items":{"type":"object","required":["user_id","weekdays","start","end"],"properties":{"user_id":{"type":"integer"},"weekdays":{"type":"array","items":{"type":"integer","minimum":1,"maximum":7}},"start":{"type":"string"},"end":{"type":"string"},"window":{"type":["integer","null"]},"services":{"type":"array","items":{"type":"string"}}}}}}})"}});

  addHallDocGet(router, app, "/api/v1/halls/{hall}/appointment-capacity", services::appointmentCapacityJson,
                "Places per appointment slot of each of the hall's services (the default when never set)");

  router.add({verb::put, "/api/v1/halls/{hall}/appointment-capacity", kOversight,
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto id = parseId(ctx.param("hall"), "hall");
                if (!id) co_return errorOut(ctx, id.status());
                auto body = bodyObject(ctx);
                if (!body) co_return errorOut(ctx, body.status());
                auto capacity = services::parseAppointmentCapacity(*body);
                if (!capacity) co_return errorOut(ctx, capacity.status());
                WriteFn fn = services::saveAppointmentCapacityWrite(
                    *id, std::move(*capacity), services::userActor(ctx.caller->user_id), app.clock.nowMs());
                co_return co_await saveThenRender(app, ctx, std::move(fn), *id, services::appointmentCapacityJson);
              },
              {"Set the places per appointment slot of some of the hall's services (0 to 50; 0: walk-ins only); "
               "bookings already made stay",
               "hall",
               R"({"type":"object","required":["capacity"],"additionalProperties":false,"properties":{"capacity":{"type":"object","minProperties":1,"additionalProperties":{"type":"integer","minimum":0,"maximum":50}}}})"}});
}

}  // namespace onedoor::api
