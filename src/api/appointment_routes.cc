// Appointment routes (docs/matters-api.md "Appointments"): free slots of a matter, booking, the
// citizen's view by tracking code, change, cancel, the .ics file and the kiosk check-in. Handlers
// parse, run an AppointmentService WriteFn through awaitWrite and render from a read snapshot.
// Stateless; thread-safe.
#include <boost/asio/use_awaitable.hpp>

#include "api/hall_render.h"
#include "api/await_store.h"
#include "api/json_body.h"
#include "api/rate_guard.h"
#include "api/route_groups.h"
#include "http/errors.h"
#include "services/appointment_service.h"

namespace onedoor::api {

using nlohmann::json;
using http::bhttp::verb;
using Awaitable = boost::asio::awaitable<http::Response>;
using services::AppointmentOutcome;

namespace {

// The contract names two refusals beyond the common codes: a full slot (409 slot_full) and a slot
// that is past or off the grid (400 slot_invalid). The service marks both with field slot_start.
http::Response refuse(const http::RequestContext& ctx, const Status& st) {
  std::string code;
  if (st.field() == "slot_start" && st.code() == Code::kConflict) code = "slot_full";
  if (st.field() == "slot_start" && st.code() == Code::kInvalid) code = "slot_invalid";
  if (code.empty()) return errorOut(ctx, st);
  json err = {{"code", code}, {"message", st.message()}, {"field", st.field()}};
  return http::jsonResponse(http::httpStatusFor(st.code()), json{{"error", err}}.dump(), ctx.req.version(),
                            ctx.req.keep_alive());
}

// Built outside any co_await (GCC 12 coroutine bug).
std::function<void(const Status&)> appointmentDone(App& app, const std::shared_ptr<AppointmentOutcome>& out) {
  const services::AppointmentService* svc = app.appointments;
  return [svc, out](const Status& st) { svc->committed(*out, st); };
}

Result<json> render(App& app, int64_t id) {
  json j;
  Status st = app.store.read([&](Reader& r) -> Status {
    auto a = r.appointmentById(id);
    if (!a) return notFound("找不到该预约 / No such appointment");
    j = app.appointments->appointmentJson(r, *a);
    return Status::ok();
  });
  if (!st) return st;
  return j;
}

// Runs a write that yields an appointment and answers with it. `limits`: the rate guard the write
// went through, if any (its refusals answer 429 with Retry-After).
Awaitable writeAndRender(App& app, http::RequestContext& ctx, WriteFn fn, std::shared_ptr<AppointmentOutcome> out,
                         int status, const RateGuard* limits = nullptr) {
  auto done = appointmentDone(app, out);
  Status st = co_await awaitWrite(app.store, std::move(fn), std::move(done));
  if (!st && limits && st.code() == Code::kTooMany) co_return limits->errorOut(ctx, st);
  if (!st) co_return refuse(ctx, st);
  auto j = render(app, out->appointment->id);
  if (!j) co_return errorOut(ctx, j.status());
  co_return jsonOk(ctx, *j, status);
}

// A tracking code as typed: Crockford base32, read case-insensitively.
std::string normalCode(const std::string& s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// "http://host" from the Host header when it looks like one, for absolute links in the .ics file.
std::string baseUrl(const http::RequestContext& ctx) {
  std::string host(ctx.req[http::bhttp::field::host]);
  bool safe = !host.empty() && host.size() < 200;
  for (char ch : host)
    safe = safe && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == ':' || ch == '-' || ch == '[' ||
                    ch == ']');
  return safe ? "http://" + host : std::string();
}

const char* kAppointmentSchema =
    R"({"type":"object","properties":{"code":{"type":"string"},"matter_id":{"type":"integer"},"matter_name":{"type":"string"},"service":{"type":"string"},"hall_id":{"type":"integer"},"slot_start":{"type":"integer"},"slot_end":{"type":"integer"},"name":{"type":"string"},"phone":{"type":"string"},"state":{"enum":["booked","cancelled","checked_in","missed"]},"ticket_id":{"type":["string","null"]},"reminder":{"type":"object","properties":{"due_at":{"type":"integer"},"sent_at":{"type":["integer","null"]}}},"ics_url":{"type":"string"},"tracking_url":{"type":"string"},"created_at":{"type":"integer"}}})";

}  // namespace

void registerAppointmentRoutes(http::Router& router, App& app) {
  if (!app.appointments || !app.hall) return;

  router.add({verb::get, "/api/v1/matters/{id}/slots", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto id = parseId(ctx.param("id"), "id");
                if (!id) co_return errorOut(ctx, id.status());
                calendar::Date from = app.appointments->today();
                if (auto f = ctx.queryParam("from"); f && !f->empty()) {
                  auto d = calendar::parseDate(*f);
                  if (!d) co_return errorOut(ctx, invalid("日期格式应为 YYYY-MM-DD / from must be YYYY-MM-DD", "from"));
                  from = *d;
                }
                int days = 7;
                if (auto d = ctx.queryParam("days"); d && !d->empty()) {
                  auto n = parseId(*d, "days");
                  if (!n || *n < 1 || *n > 31) co_return errorOut(ctx, invalid("天数应为 1–31 / days must be 1–31", "days"));
                  days = static_cast<int>(*n);
                }
                json j;
                Status st = app.store.read([&](Reader& r) -> Status {
                  auto s = app.appointments->slotsJson(r, *id, from, days);
                  if (!s) return s.status();
                  j = std::move(*s);
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, j);
              },
              {"Free appointment slots of a matter (working days, half-hour slots, past ones left out)", "appointments"}});

  router.add({verb::post, "/api/v1/appointments", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto body = parseJsonBody(ctx.req, {{"matter_id", FieldType::kInteger, true},
                                                    {"slot_start", FieldType::kInteger, true},
                                                    {"name", FieldType::kString, true, 30},
                                                    {"phone", FieldType::kString, true, 20}});
                if (!body) co_return errorOut(ctx, body.status());
                services::BookInput in;
                in.matter_id = (*body)["matter_id"].get<int64_t>();
                in.slot_start = (*body)["slot_start"].get<int64_t>();
                in.name = (*body)["name"].get<std::string>();
                in.phone = (*body)["phone"].get<std::string>();
                RateGuard limits = bookingLimits(app, ctx, in.phone, app.hall->dayStart(in.slot_start));
                auto out = std::make_shared<AppointmentOutcome>();
                WriteFn fn = limits.guard(app.appointments->bookWrite(std::move(in), out));
                co_return co_await writeAndRender(app, ctx, std::move(fn), out, 201, &limits);
              },
              {"Book an appointment (预约) for a matter in a slot; 409 slot_full, 400 slot_invalid; 429 with Retry-After "
               "past the booking limits or a phone's places per day", "appointments",
               R"({"type":"object","required":["matter_id","slot_start","name","phone"],"additionalProperties":false,"properties":{"matter_id":{"type":"integer"},"slot_start":{"type":"integer"},"name":{"type":"string","maxLength":30},"phone":{"type":"string","maxLength":20}}})",
               kAppointmentSchema, 201}});

  router.add({verb::get, "/api/v1/appointments/{code}", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                std::string code = normalCode(ctx.param("code"));
                json j;
                Status st = app.store.read([&](Reader& r) -> Status {
                  auto a = r.appointmentByCode(code);
                  if (!a) return notFound("找不到该预约 / No such appointment");
                  j = app.appointments->appointmentJson(r, *a);
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, j);
              },
              {"An appointment by its tracking code (name and phone masked)", "appointments", "", kAppointmentSchema}});

  router.add({verb::get, "/api/v1/appointments/{code}.ics", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                std::string code = normalCode(ctx.param("code"));
                std::string base = baseUrl(ctx);
                std::string text;
                Status st = app.store.read([&](Reader& r) -> Status {
                  auto a = r.appointmentByCode(code);
                  if (!a) return notFound("找不到该预约 / No such appointment");
                  text = app.appointments->ics(r, *a, base);
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                http::Response res{http::bhttp::status::ok, ctx.req.version()};
                res.set(http::bhttp::field::content_type, "text/calendar; charset=utf-8");
                res.set(http::bhttp::field::content_disposition, "attachment; filename=\"appointment-" + code + ".ics\"");
                res.set(http::bhttp::field::cache_control, "no-store");
                res.body() = std::move(text);
                res.prepare_payload();
                co_return res;
              },
              {"The appointment as an iCalendar file (RFC 5545; reminders 1 day and 1 hour before)", "appointments"}});

  router.add({verb::post, "/api/v1/appointments/{code}/change", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto body = parseJsonBody(ctx.req, {{"slot_start", FieldType::kInteger, true}});
                if (!body) co_return errorOut(ctx, body.status());
                auto out = std::make_shared<AppointmentOutcome>();
                WriteFn fn = app.appointments->changeWrite(normalCode(ctx.param("code")),
                                                           (*body)["slot_start"].get<int64_t>(), out);
                co_return co_await writeAndRender(app, ctx, std::move(fn), out, 200);
              },
              {"Move the appointment to another slot (改约)", "appointments",
               R"({"type":"object","required":["slot_start"],"additionalProperties":false,"properties":{"slot_start":{"type":"integer"}}})",
               kAppointmentSchema}});

  router.add({verb::post, "/api/v1/appointments/{code}/cancel", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto out = std::make_shared<AppointmentOutcome>();
                WriteFn fn = app.appointments->cancelWrite(normalCode(ctx.param("code")), out);
                co_return co_await writeAndRender(app, ctx, std::move(fn), out, 200);
              },
              {"Cancel the appointment; its place is free again", "appointments", "", kAppointmentSchema}});

  router.add({verb::post, "/api/v1/appointments/{code}/check-in", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto out = std::make_shared<AppointmentOutcome>();
                WriteFn fn = app.appointments->checkInWrite(normalCode(ctx.param("code")), out);
                auto done = appointmentDone(app, out);
                Status st = co_await awaitWrite(app.store, std::move(fn), std::move(done));
                if (!st) co_return refuse(ctx, st);
                json j;
                auto snap = app.hall->snapshot(out->appointment->hall_id);
                st = app.store.read([&](Reader& r) -> Status {
                  auto a = r.appointmentById(out->appointment->id);
                  auto t = r.ticketById(*out->appointment->ticket_id);
                  if (!a || !t) return notFound("找不到该预约 / No such appointment");
                  j = {{"appointment", app.appointments->appointmentJson(r, *a)},
                       {"ticket", ticketJson(r, *t, snap.get())}};
                  // Once: the holder's secret, for the ticket's QR code (cancel and rate from a phone).
                  j["ticket"]["holder_token"] = out->hall->holder_token;
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, j);
              },
              {"Check in at the kiosk: the appointment becomes a hall ticket placed by its time (30 min either side "
               "of the start, once)",
               "appointments"}});
}

}  // namespace onedoor::api
