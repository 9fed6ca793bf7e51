// Pairing a window's rating pad and a hall's kiosks (services/hall_devices.h): staff ask for a
// one-time code, the device trades it for its token (sent afterwards as X-Device-Token).
// Stateless; thread-safe.
#include <boost/asio/use_awaitable.hpp>

#include "api/await_store.h"
#include "api/json_body.h"
#include "api/route_groups.h"
#include "services/hall_devices.h"
#include "services/people_service.h"

namespace onedoor::api {

using nlohmann::json;
using http::bhttp::verb;
using Awaitable = boost::asio::awaitable<http::Response>;
using services::DeviceKind;
using services::PairingOutcome;

namespace {

const std::vector<std::string> kHallStaff = {"clerk", "supervisor", "admin"};
const char* const kPairSchema =
    R"({"type":"object","required":["code"],"additionalProperties":false,"properties":{"code":{"type":"string","maxLength":16}}})";

// A pad's code: the clerk seated at that window, or a supervisor or admin. A kiosk's: the route's
// roles (supervisor, admin). kNotFound for an unknown window or hall.
Status mayPair(App& app, const http::RequestContext& ctx, DeviceKind kind, int64_t id) {
  bool oversight = ctx.caller->role == "supervisor" || ctx.caller->role == "admin";
  return app.store.read([&](Reader& r) -> Status {
    if (kind == DeviceKind::kKiosk) return r.hallById(id) ? Status::ok() : notFound("找不到该大厅 / No such hall");
    auto w = r.windowById(id);
    if (!w) return notFound("找不到该窗口 / No such window");
    if (oversight || (w->staff_user_id && *w->staff_user_id == ctx.caller->user_id)) return Status::ok();
    return {Code::kForbidden, "您没有在这个窗口签到 / You are not signed in at this window"};
  });
}

Awaitable pairingCode(App& app, http::RequestContext& ctx, DeviceKind kind, const char* param) {
  auto id = parseId(ctx.param(param), param);
  if (!id) co_return errorOut(ctx, id.status());
  if (Status st = mayPair(app, ctx, kind, *id); !st) co_return errorOut(ctx, st);
  auto out = std::make_shared<PairingOutcome>();
  WriteFn fn = services::pairingCodeWrite(kind, *id, services::userActor(ctx.caller->user_id), app.clock.nowMs(), out);
  std::function<void(const Status&)> no_done;  // named: no temporary inside co_await (GCC 12)
  Status st = co_await awaitWrite(app.store, std::move(fn), std::move(no_done));
  if (!st) co_return errorOut(ctx, st);
  co_return jsonOk(ctx, {{"code", out->code}, {"expires_at", out->expires_at}}, 201);
}

Awaitable pair(App& app, http::RequestContext& ctx, DeviceKind kind, const char* param) {
  auto id = parseId(ctx.param(param), param);
  if (!id) co_return errorOut(ctx, id.status());
  auto body = parseJsonBody(ctx.req, {{"code", FieldType::kString, true, 16}});
  if (!body) co_return errorOut(ctx, body.status());
  // Typed by hand: case and the look-alikes of Crockford base32 do not matter.
  std::string code;
  for (char ch : (*body)["code"].get<std::string>()) {
    ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (ch == 'O') ch = '0';
    if (ch == 'I' || ch == 'L') ch = '1';
    if (ch != ' ' && ch != '-') code += ch;
  }
  auto out = std::make_shared<PairingOutcome>();
  WriteFn fn = services::pairWrite(kind, *id, std::move(code), app.clock.nowMs(), out);
  std::function<void(const Status&)> no_done;  // named: no temporary inside co_await (GCC 12)
  Status st = co_await awaitWrite(app.store, std::move(fn), std::move(no_done));
  if (!st) co_return errorOut(ctx, st);
  co_return jsonOk(ctx, {{"device_token", out->token}}, 201);
}

}  // namespace

void registerHallDeviceRoutes(http::Router& router, App& app) {
  router.add({verb::post, "/api/v1/windows/{window}/pad/pairing-code", kHallStaff,
              [&app](http::RequestContext& ctx) -> Awaitable { return pairingCode(app, ctx, DeviceKind::kPad, "window"); },
              {"A one-time code (10 minutes) to pair this window's rating pad (the clerk seated here, a supervisor or "
               "an admin)",
               "hall", "", "", 201}});
  router.add({verb::post, "/api/v1/windows/{window}/pad/pair", {},
              [&app](http::RequestContext& ctx) -> Awaitable { return pair(app, ctx, DeviceKind::kPad, "window"); },
              {"The pad trades the code for its device token (replaces the window's previous pad)", "hall", kPairSchema,
               "", 201}});
  router.add({verb::post, "/api/v1/halls/{hall}/kiosk/pairing-code", kOversight,
              [&app](http::RequestContext& ctx) -> Awaitable { return pairingCode(app, ctx, DeviceKind::kKiosk, "hall"); },
              {"A one-time code (10 minutes) to register a kiosk of this hall", "hall", "", "", 201}});
  router.add({verb::post, "/api/v1/halls/{hall}/kiosk/pair", {},
              [&app](http::RequestContext& ctx) -> Awaitable { return pair(app, ctx, DeviceKind::kKiosk, "hall"); },
              {"A kiosk trades the code for its device token (it may then issue priority tickets)", "hall", kPairSchema,
               "", 201}});
}

}  // namespace onedoor::api
