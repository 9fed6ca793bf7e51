// The live service hall's routes (docs/hall-api.md): halls and their state, tickets (kiosk, phone,
// QR code, rating) and window commands for clerks, supervisors and admins. Handlers parse, call a
// HallService WriteFn through awaitWrite, and render from a read snapshot. Stateless; thread-safe.
#include <algorithm>
#include <boost/asio/use_awaitable.hpp>

#include "api/await_store.h"
#include "api/hall_render.h"
#include "http/errors.h"
#include "api/json_body.h"
#include "api/qr_svg.h"
#include "api/rate_guard.h"
#include "api/route_groups.h"
#include "services/hall_devices.h"
#include "services/hall_service.h"

namespace onedoor::api {

using nlohmann::json;
using http::bhttp::verb;
using Awaitable = boost::asio::awaitable<http::Response>;
using services::HallOutcome;
using services::WindowArgs;
using services::WindowCmd;

std::function<void(const Status&)> hallDone(App& app, const std::shared_ptr<HallOutcome>& out) {
  services::HallService* hall = app.hall;
  return [hall, out](const Status& st) { hall->committed(*out, st); };
}

namespace {

const std::vector<std::string> kHallStaff = {"clerk", "supervisor", "admin"};

Result<int64_t> pathId(const http::RequestContext& ctx, const char* name) { return parseId(ctx.param(name), name); }

// A signed-in caller with a hall role (its CSRF header checked when it writes).
bool hallStaff(const http::RequestContext& ctx) {
  if (!ctx.caller) return false;
  return std::find(kHallStaff.begin(), kHallStaff.end(), ctx.caller->role) != kHallStaff.end();
}

// The paired device's token a pad or kiosk sends.
std::string deviceToken(const http::RequestContext& ctx) { return std::string(ctx.req["X-Device-Token"]); }

// The pad API answers only the window's paired pad (and hall staff, who may look at it).
Status checkPad(App& app, const http::RequestContext& ctx, int64_t window_id) {
  if (hallStaff(ctx)) return Status::ok();
  bool ok = false;
  Status st = app.store.read([&](Reader& r) -> Status {
    if (!r.windowById(window_id)) return notFound("找不到该窗口 / No such window");  // before any device question
    ok = services::deviceTokenValid(r, services::DeviceKind::kPad, window_id, deviceToken(ctx));
    return Status::ok();
  });
  if (!st) return st;
  if (!ok)
    return {Code::kUnauthorized, "评价器未与该窗口配对：请工作人员生成配对码 / This rating pad is not paired with the window; "
                                 "ask staff for a pairing code"};
  return Status::ok();
}

// Who may set a priority class at issue time: a registered kiosk of the hall, or hall staff.
// A failed read is an error (503), not "untrusted": a kiosk must not be demoted to a rate-limited
// remote issuer because the database hiccupped.
Result<bool> trustedIssuer(App& app, const http::RequestContext& ctx, int64_t hall_id) {
  if (hallStaff(ctx) && checkCsrf(ctx)) return true;
  std::string token = deviceToken(ctx);
  if (token.empty()) return false;
  bool ok = false;
  Status st = app.store.read([&](Reader& r) -> Status {
    ok = services::deviceTokenValid(r, services::DeviceKind::kKiosk, hall_id, token);
    return Status::ok();
  });
  if (!st) return st;
  return ok;
}

// Makes sure the hall has a snapshot (after a restart nobody may have written yet).
// A refresh normally publishes one; it is retried in the rare case a failing write in the same
// commit batch dropped the hall's cache before its snapshot was built.
boost::asio::awaitable<Status> ensureSnapshot(App& app, int64_t hall_id) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (app.hall->snapshot(hall_id)) co_return Status::ok();
    auto out = std::make_shared<HallOutcome>();
    WriteFn fn = app.hall->refreshWrite(hall_id, out);
    auto done = hallDone(app, out);
    Status st = co_await awaitWrite(app.store, std::move(fn), std::move(done));
    if (!st) co_return st;
  }
  if (app.hall->snapshot(hall_id)) co_return Status::ok();
  co_return Status{Code::kUnavailable, "大厅状态暂不可用，请重试 / The hall state is not available yet, try again"};
}

Result<json> renderTicket(App& app, const TicketRow& t) {
  auto snap = app.hall->snapshot(t.hall_id);
  json j;
  Status st = app.store.read([&](Reader& r) -> Status {
    auto fresh = r.ticketById(t.id);
    j = ticketJson(r, fresh ? *fresh : t, snap.get());
    return Status::ok();
  });
  if (!st) return st;
  return j;
}

Awaitable windowAction(App& app, http::RequestContext& ctx, WindowCmd cmd, WindowArgs args) {
  auto id = pathId(ctx, "window");
  if (!id) co_return errorOut(ctx, id.status());
  auto out = std::make_shared<HallOutcome>();
  services::HallActor actor{ctx.caller->user_id, ctx.caller->role};
  WriteFn fn = app.hall->windowWrite(*id, cmd, std::move(args), actor, out);
  auto done = hallDone(app, out);
  Status st = co_await awaitWrite(app.store, std::move(fn), std::move(done));
  if (!st) co_return errorOut(ctx, st);
  bool window_cmd = cmd == WindowCmd::kSignIn || cmd == WindowCmd::kSignOut || cmd == WindowCmd::kSetState ||
                    cmd == WindowCmd::kReskill;
  if (window_cmd) {
    json j;
    auto snap = app.hall->snapshot(out->hall_id);
    st = app.store.read([&](Reader& r) -> Status {
      auto w = r.windowById(*id);
      if (!w) return notFound("找不到该窗口 / No such window");
      j = windowJson(r, *w, snap.get());
      return Status::ok();
    });
    if (!st) co_return errorOut(ctx, st);
    co_return jsonOk(ctx, {{"window", j}});
  }
  if (!out->ticket) co_return jsonOk(ctx, {{"ticket", nullptr}});
  auto t = renderTicket(app, *out->ticket);
  if (!t) co_return errorOut(ctx, t.status());
  co_return jsonOk(ctx, {{"ticket", *t}});
}

Awaitable simpleWindowAction(App& app, http::RequestContext& ctx, WindowCmd cmd) {
  // A named object, not a temporary inside co_await (GCC 12 destroys such temporaries twice).
  WindowArgs args;
  co_return co_await windowAction(app, ctx, cmd, std::move(args));
}

std::vector<std::string> stringList(const json& a) {
  std::vector<std::string> out;
  for (const auto& v : a)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

Status allStrings(const json& a, const char* field) {
  for (const auto& v : a)
    if (!v.is_string() || v.get<std::string>().empty() || v.get<std::string>().size() > 16)
      return invalid("应为业务编码列表 / must be a list of service codes", field);
  if (a.size() > 32) return invalid("业务太多 / too many services", field);
  return Status::ok();
}

// The staff state's queue page from ?after=&limit=.
Result<QueuePage> queuePage(const http::RequestContext& ctx) {
  QueuePage page;
  if (auto a = ctx.queryParam("after")) {
    auto v = parseId(*a, "after");
    if (!v) return v.status();
    page.after = static_cast<int>(std::min<int64_t>(*v, 1'000'000));
  }
  if (auto l = ctx.queryParam("limit")) {
    auto v = parseId(*l, "limit");
    if (!v || *v < 1 || *v > QueuePage::kMaxLimit)
      return invalid("limit 应为 1 到 500 / limit must be 1 to 500", "limit");
    page.limit = static_cast<int>(*v);
  }
  return page;
}

// The ticket behind a public code, or kNotFound.
Result<TicketRow> ticketByPublicCode(App& app, const std::string& code) {
  std::optional<TicketRow> t;
  Status st = app.store.read([&](Reader& r) -> Status {
    t = r.ticketByCode(code);
    return Status::ok();
  });
  if (!st) return st;
  if (!t) return notFound("找不到该号票 / No such ticket");
  return std::move(*t);
}

}  // namespace

std::optional<std::pair<std::string, std::string>> hallEventsEndpoint(App& app, const std::string& path) {
  const std::string prefix = "/api/v1/halls/", suffix = "/events";
  if (path.size() <= prefix.size() + suffix.size() || path.rfind(prefix, 0) != 0 ||
      path.compare(path.size() - suffix.size(), suffix.size(), suffix) != 0)
    return std::nullopt;
  auto id = parseId(path.substr(prefix.size(), path.size() - prefix.size() - suffix.size()), "hall");
  if (!id || !app.hall) return std::nullopt;
  std::optional<HallRow> h;
  // A failed read refuses the upgrade too (the display retries); it never subscribes blind.
  Status st = app.store.read([&](Reader& r) -> Status {
    h = r.hallById(*id);
    return Status::ok();
  });
  if (!st || !h) return std::nullopt;
  auto snap = app.hall->snapshot(*id);
  int64_t version = snap ? snap->version : h->version;
  json hello = {{"type", "hello"}, {"hall", *id}, {"version", version}};
  return std::make_pair("hall:" + std::to_string(*id), hello.dump());
}

void registerHallSettingsRoutes(http::Router& router, App& app);  // hall_settings_routes.cc
void registerHallDeviceRoutes(http::Router& router, App& app);    // hall_device_routes.cc

void registerHallRoutes(http::Router& router, App& app) {
  if (!app.hall) return;
  app.hall->setPublicRenderer(&renderPublicState);
  registerHallSettingsRoutes(router, app);

  router.add({verb::get, "/api/v1/halls", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                json list = json::array();
                Status st = app.store.read([&](Reader& r) -> Status {
                  for (const auto& h : r.listHalls())
                    list.push_back({{"id", h.id}, {"code", h.code}, {"name", h.name}, {"target_p95_min", h.target_p95_min}});
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, {{"halls", list}});
              },
              {"Service halls (服务大厅)", "hall"}});

  router.add({verb::get, "/api/v1/halls/{hall}/state", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto id = pathId(ctx, "hall");
                if (!id) co_return errorOut(ctx, id.status());
                Status st = co_await ensureSnapshot(app, *id);
                if (!st) co_return errorOut(ctx, st);
                auto snap = app.hall->snapshot(*id);
                int64_t now = app.clock.nowMs();
                if (!hallStaff(ctx)) {
                  // Rendered once per commit batch; served from memory, no database read.
                  co_return http::jsonResponse(http::bhttp::status::ok, publicStateBody(*snap, now), ctx.req.version(),
                                               ctx.req.keep_alive());
                }
                auto page = queuePage(ctx);
                if (!page) co_return errorOut(ctx, page.status());
                json j;
                st = app.store.read([&](Reader& r) -> Status {
                  auto h = r.hallById(*id);
                  if (!h) return notFound("找不到该大厅 / No such hall");
                  j = hallStaffStateJson(r, *h, *snap, now, *page);
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, j);
              },
              {"A hall's state. Public: services with waiting counts and predicted waits, windows with the number "
               "being served, recent calls, glass-door index (no ticket ids, phones, staff or alerts; its size does "
               "not grow with the queue: built once per commit and served from memory). Staff with a hall role also "
               "get staff, presence, alerts and one page of each service's queue: ?limit= (1-500, default 50) "
               "tickets per service after ?after= places (default 0); queue_page.next_after is the next page's "
               "after, null on the last page",
               "hall"}});

  router.add({verb::post, "/api/v1/halls/{hall}/tickets", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto id = pathId(ctx, "hall");
                if (!id) co_return errorOut(ctx, id.status());
                auto body = parseJsonBody(ctx.req, {{"service", FieldType::kString, false, 16},
                                                    {"priority", FieldType::kString, false, 16},
                                                    {"services", FieldType::kArray, false},
                                                    {"channel", FieldType::kString, false, 16},
                                                    {"phone", FieldType::kString, false, 20}});
                if (!body) co_return errorOut(ctx, body.status());
                const json& b = *body;
                services::IssueInput in;
                in.service = b.value("service", "");
                in.priority = b.value("priority", "normal");
                in.channel = b.value("channel", "kiosk");
                in.phone = b.value("phone", "");
                if (b.contains("services")) {
                  if (Status s = allStrings(b["services"], "services"); !s) co_return errorOut(ctx, s);
                  in.services = stringList(b["services"]);
                }
                // Appointments come through their check-in (POST /appointments/{code}/check-in), never here.
                if (in.channel != "kiosk" && in.channel != "remote")
                  co_return errorOut(ctx, invalid("取号渠道应为 kiosk 或 remote / channel must be kiosk or remote", "channel"));
                auto trusted = trustedIssuer(app, ctx, *id);
                if (!trusted) co_return errorOut(ctx, trusted.status());
                in.trusted = *trusted;
                if (!in.trusted) in.channel = "remote";  // only a registered kiosk (or staff) issues as one
                RateGuard limits = ticketLimits(app, ctx, *id, in.channel, in.phone);
                auto out = std::make_shared<HallOutcome>();
                WriteFn fn = limits.guard(app.hall->issueWrite(*id, std::move(in), out));
                auto done = hallDone(app, out);
                Status st = co_await awaitWrite(app.store, std::move(fn), std::move(done));
                if (!st) co_return limits.errorOut(ctx, st);
                auto t = renderTicket(app, *out->ticket);
                if (!t) co_return errorOut(ctx, t.status());
                json j = *t;
                j["holder_token"] = out->holder_token;  // once: the QR code and phone page carry it
                j["holder_url"] = "/t/" + out->ticket->public_code + "#k=" + out->holder_token;
                co_return jsonOk(ctx, j, 201);
              },
              {"Take a ticket (kiosk or phone; several services in one visit). The answer carries, once, the "
               "holder_token that cancelling and rating need. A priority class counts at once only from a registered "
               "kiosk (X-Device-Token) or hall staff; otherwise it is recorded as priority_claimed and the ticket "
               "waits as normal until a clerk confirms it (POST /windows/{window}/confirm-priority); 429 with Retry-After past the remote-ticket limits or a "
               "phone's active tickets",
               "hall",
               R"({"type":"object","additionalProperties":false,"properties":{"service":{"type":"string"},"priority":{"enum":["normal","elderly","disabled","pregnant","military"]},"services":{"type":"array","items":{"type":"string"}},"channel":{"enum":["kiosk","remote"]},"phone":{"type":"string"}}})",
               "", 201}});

  router.add({verb::get, "/api/v1/tickets/{ticket_id}", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto t = ticketByPublicCode(app, ctx.param("ticket_id"));
                if (!t) co_return errorOut(ctx, t.status());
                Status st = co_await ensureSnapshot(app, t->hall_id);
                if (!st) co_return errorOut(ctx, st);
                auto j = renderTicket(app, *t);
                if (!j) co_return errorOut(ctx, j.status());
                co_return jsonOk(ctx, *j);
              },
              {"A ticket: place in the queue, estimated wait, window when called", "hall"}});

  router.add({verb::get, "/api/v1/tickets/{ticket_id}/qr.svg", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto t = ticketByPublicCode(app, ctx.param("ticket_id"));
                if (!t) co_return errorOut(ctx, t.status());
                // The code carries the holder's secret: only its holder (who has the secret) gets it.
                std::string holder = ctx.queryParam("holder_token").value_or("");
                bool holder_ok = false;
                Status hs = app.store.read([&](Reader& r) -> Status {
                  holder_ok = services::holderValid(r, *t, holder);
                  return Status::ok();
                });
                if (!hs) co_return errorOut(ctx, hs);
                if (!holder_ok)
                  co_return errorOut(ctx, Status{Code::kForbidden, "只有持票人可以取得二维码 / Only the ticket's holder may get its QR code"});
                std::string host(ctx.req[http::bhttp::field::host]);
                bool safe = !host.empty() && host.size() < 200;
                for (char ch : host) safe = safe && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == ':' || ch == '-' || ch == '[' || ch == ']');
                std::string url = (safe ? "http://" + host : std::string()) + "/t/" + t->public_code + "#k=" + holder;
                auto svg = qrSvg(url);
                if (!svg) co_return errorOut(ctx, svg.status());
                http::Response res{http::bhttp::status::ok, ctx.req.version()};
                res.set(http::bhttp::field::content_type, "image/svg+xml");
                res.set(http::bhttp::field::cache_control, "private, no-store");
                res.body() = std::move(*svg);
                res.prepare_payload();
                co_return res;
              },
              {"QR code (SVG) of the ticket's phone page, for its holder (?holder_token=…; the access log hides it)", "hall"}});

  router.add({verb::post, "/api/v1/tickets/{ticket_id}/cancel", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto body = parseJsonBody(ctx.req, {{"holder_token", FieldType::kString, true, 64}});
                if (!body) co_return errorOut(ctx, body.status());
                auto out = std::make_shared<HallOutcome>();
                WriteFn fn = app.hall->cancelWrite(ctx.param("ticket_id"), (*body)["holder_token"].get<std::string>(), out);
                auto done = hallDone(app, out);
                Status st = co_await awaitWrite(app.store, std::move(fn), std::move(done));
                if (!st) co_return errorOut(ctx, st);
                auto t = renderTicket(app, *out->ticket);
                if (!t) co_return errorOut(ctx, t.status());
                co_return jsonOk(ctx, *t);
              },
              {"Cancel a waiting ticket (its holder: holder_token from the issue answer)", "hall",
               R"({"type":"object","required":["holder_token"],"additionalProperties":false,"properties":{"holder_token":{"type":"string"}}})"}});

  router.add({verb::post, "/api/v1/tickets/{ticket_id}/rating", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto body = parseJsonBody(ctx.req, {{"rating", FieldType::kString, true, 32},
                                                    {"comment", FieldType::kString, false, 500},
                                                    {"holder_token", FieldType::kString, true, 64}});
                if (!body) co_return errorOut(ctx, body.status());
                auto rating = services::parseHallRating((*body)["rating"].get<std::string>());
                if (!rating) co_return errorOut(ctx, invalid("评价等级不正确 / Unknown rating", "rating"));
                auto out = std::make_shared<HallOutcome>();
                WriteFn fn = app.hall->rateWrite(ctx.param("ticket_id"), (*body)["holder_token"].get<std::string>(),
                                                 *rating, body->value("comment", ""), out);
                auto done = hallDone(app, out);
                Status st = co_await awaitWrite(app.store, std::move(fn), std::move(done));
                if (!st) co_return errorOut(ctx, st);
                auto t = renderTicket(app, *out->ticket);
                if (!t) co_return errorOut(ctx, t.status());
                json j = *t;
                j["rectification_id"] = out->rectification_id ? json(*out->rectification_id) : json(nullptr);
                co_return jsonOk(ctx, j);
              },
              {"Rate a finished visit (好差评), once, as its holder; 不满意 or worse opens a rectification", "hall",
               R"({"type":"object","required":["rating","holder_token"],"additionalProperties":false,"properties":{"rating":{"enum":["very_satisfied","satisfied","basically_satisfied","dissatisfied","very_dissatisfied"]},"comment":{"type":"string","maxLength":500},"holder_token":{"type":"string"}}})"}});

  router.add({verb::get, "/api/v1/windows/{window}/pad", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto id = pathId(ctx, "window");
                if (!id) co_return errorOut(ctx, id.status());
                if (Status ps = checkPad(app, ctx, *id); !ps) co_return errorOut(ctx, ps);
                int64_t now = app.clock.nowMs();
                json j;
                Status st = app.store.read([&](Reader& r) -> Status {
                  auto w = r.windowById(*id);
                  if (!w) return notFound("找不到该窗口 / No such window");
                  auto snap = app.hall->snapshot(w->hall_id);
                  json ticket = nullptr;
                  if (auto t = services::padTicket(r, w->id, now)) {
                    json full = ticketJson(r, *t, snap.get());
                    // What the pad shows: the number and service, not the ticket's id.
                    ticket = {{"number", full["number"]}, {"service", full["service"]},
                              {"service_name", full["service_name"]}, {"state", full["state"]},
                              {"finished_at", full["finished_at"]}};
                  }
                  j = {{"window", {{"id", w->id}, {"number", w->number}, {"name", w->name}, {"hall", w->hall_id}}},
                       {"ticket", ticket}};
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, j);
              },
              {"The visit the window's paired rating pad offers (X-Device-Token)", "hall"}});

  router.add({verb::post, "/api/v1/windows/{window}/pad/rating", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto id = pathId(ctx, "window");
                if (!id) co_return errorOut(ctx, id.status());
                if (Status ps = checkPad(app, ctx, *id); !ps) co_return errorOut(ctx, ps);
                auto body = parseJsonBody(ctx.req, {{"rating", FieldType::kString, true, 32},
                                                    {"comment", FieldType::kString, false, 500}});
                if (!body) co_return errorOut(ctx, body.status());
                auto rating = services::parseHallRating((*body)["rating"].get<std::string>());
                if (!rating) co_return errorOut(ctx, invalid("评价等级不正确 / Unknown rating", "rating"));
                auto out = std::make_shared<HallOutcome>();
                WriteFn fn = app.hall->padRateWrite(*id, *rating, body->value("comment", ""), out);
                auto done = hallDone(app, out);
                Status st = co_await awaitWrite(app.store, std::move(fn), std::move(done));
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, {{"number", out->ticket->number},
                                       {"rating", body->value("rating", "")},
                                       {"rectification_id", out->rectification_id ? json(*out->rectification_id) : json(nullptr)}});
              },
              {"Rate the visit the window's paired pad offers (X-Device-Token), once", "hall",
               R"({"type":"object","required":["rating"],"additionalProperties":false,"properties":{"rating":{"enum":["very_satisfied","satisfied","basically_satisfied","dissatisfied","very_dissatisfied"]},"comment":{"type":"string","maxLength":500}}})"}});

  registerHallDeviceRoutes(router, app);

  struct Simple {
    const char* path;
    WindowCmd cmd;
    const char* summary;
  };
  static const Simple kSimple[] = {
      {"/api/v1/windows/{window}/sign-in", WindowCmd::kSignIn, "Sign in at the window (presence: at window N); it opens"},
      {"/api/v1/windows/{window}/sign-out", WindowCmd::kSignOut, "Leave the window (idle); it shuts"},
      {"/api/v1/windows/{window}/call-next", WindowCmd::kCallNext, "Call the next ticket the dispatcher picks"},
      {"/api/v1/windows/{window}/recall", WindowCmd::kRecall, "Call the current ticket again"},
      {"/api/v1/windows/{window}/no-show", WindowCmd::kNoShow, "Mark the called ticket a no-show (after N recalls)"},
      {"/api/v1/windows/{window}/start", WindowCmd::kStart, "Start serving the called ticket"},
      {"/api/v1/windows/{window}/finish", WindowCmd::kFinish, "Finish (or on to the visit's next service)"},
  };
  for (const Simple& s : kSimple) {
    WindowCmd cmd = s.cmd;
    router.add({verb::post, s.path, kHallStaff,
                [&app, cmd](http::RequestContext& ctx) -> Awaitable { return simpleWindowAction(app, ctx, cmd); },
                {s.summary, "hall"}});
  }

  router.add({verb::post, "/api/v1/windows/{window}/transfer", kHallStaff,
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto body = parseJsonBody(ctx.req, {{"service", FieldType::kString, true, 16}});
                if (!body) co_return errorOut(ctx, body.status());
                WindowArgs args;
                args.service = (*body)["service"].get<std::string>();
                co_return co_await windowAction(app, ctx, WindowCmd::kTransfer, std::move(args));
              },
              {"Transfer the current ticket to another service, keeping its arrival", "hall",
               R"({"type":"object","required":["service"],"additionalProperties":false,"properties":{"service":{"type":"string"}}})"}});

  router.add({verb::post, "/api/v1/windows/{window}/redirect", kHallStaff,
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto body = parseJsonBody(ctx.req, {{"window", FieldType::kInteger, true}});
                if (!body) co_return errorOut(ctx, body.status());
                WindowArgs args;
                args.window_id = (*body)["window"].get<int64_t>();
                co_return co_await windowAction(app, ctx, WindowCmd::kRedirect, std::move(args));
              },
              {"Send the current ticket to the front of another window's queue", "hall",
               R"({"type":"object","required":["window"],"additionalProperties":false,"properties":{"window":{"type":"integer"}}})"}});

  router.add({verb::post, "/api/v1/windows/{window}/confirm-priority", kHallStaff,
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto body = parseJsonBody(ctx.req, {{"number", FieldType::kString, true, 16},
                                                    {"priority", FieldType::kString, true, 16}});
                if (!body) co_return errorOut(ctx, body.status());
                WindowArgs args;
                args.number = (*body)["number"].get<std::string>();
                args.priority = (*body)["priority"].get<std::string>();
                co_return co_await windowAction(app, ctx, WindowCmd::kConfirmPriority, std::move(args));
              },
              {"Confirm a waiting ticket's priority class after seeing proof (the clerk seated here)", "hall",
               R"({"type":"object","required":["number","priority"],"additionalProperties":false,"properties":{"number":{"type":"string"},"priority":{"enum":["normal","elderly","disabled","pregnant","military"]}}})"}});

  router.add({verb::post, "/api/v1/windows/{window}/state", kHallStaff,
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto body = parseJsonBody(ctx.req, {{"state", FieldType::kString, true, 16}});
                if (!body) co_return errorOut(ctx, body.status());
                WindowArgs args;
                args.state = (*body)["state"].get<std::string>();
                co_return co_await windowAction(app, ctx, WindowCmd::kSetState, std::move(args));
              },
              {"Open, pause or shut the window", "hall",
               R"({"type":"object","required":["state"],"additionalProperties":false,"properties":{"state":{"enum":["open","paused","shut"]}}})"}});

  router.add({verb::post, "/api/v1/windows/{window}/skills", kOversight,
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto body = parseJsonBody(ctx.req, {{"services", FieldType::kArray, true}});
                if (!body) co_return errorOut(ctx, body.status());
                if (Status s = allStrings((*body)["services"], "services"); !s) co_return errorOut(ctx, s);
                WindowArgs args;
                args.services = stringList((*body)["services"]);
                co_return co_await windowAction(app, ctx, WindowCmd::kReskill, std::move(args));
              },
              {"Set the services a window serves (within its clerk's skills)", "hall",
               R"({"type":"object","required":["services"],"additionalProperties":false,"properties":{"services":{"type":"array","items":{"type":"string"}}}})"}});

  router.add({verb::post, "/api/v1/halls/{hall}/remedies", kOversight,
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto id = pathId(ctx, "hall");
                if (!id) co_return errorOut(ctx, id.status());
                auto body = parseJsonBody(ctx.req, {{"kind", FieldType::kString, true, 32},
                                                    {"window", FieldType::kInteger, true},
                                                    {"staff_user_id", FieldType::kInteger, false},
                                                    {"service", FieldType::kString, false, 16}});
                if (!body) co_return errorOut(ctx, body.status());
                services::RemedyInput in;
                in.kind = (*body)["kind"].get<std::string>();
                in.window_id = (*body)["window"].get<int64_t>();
                in.staff_user_id = body->value("staff_user_id", int64_t{0});
                in.service = body->value("service", "");
                auto out = std::make_shared<HallOutcome>();
                services::HallActor actor{ctx.caller->user_id, ctx.caller->role};
                WriteFn fn = app.hall->remedyWrite(*id, std::move(in), actor, out);
                auto done = hallDone(app, out);
                Status st = co_await awaitWrite(app.store, std::move(fn), std::move(done));
                if (!st) co_return errorOut(ctx, st);
                json j;
                auto snap = app.hall->snapshot(*id);
                st = app.store.read([&](Reader& r) -> Status {
                  j = windowJson(r, *out->window, snap.get());
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, {{"window", j}});
              },
              {"Apply an alert's remedy: open a spare window with a staff member, or switch a window's service",
               "hall",
               R"({"type":"object","required":["kind","window"],"additionalProperties":false,"properties":{"kind":{"enum":["open_window","switch_window"]},"window":{"type":"integer"},"staff_user_id":{"type":"integer"},"service":{"type":"string"}}})"}});
}

}  // namespace onedoor::api
