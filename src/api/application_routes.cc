// Applications (办件) over HTTP (docs/matters-api.md): the clerk's desk (intake, one-time
// notifications, visits, states), the citizen's tracking page, and the public spring-door index.
#include <boost/asio/use_awaitable.hpp>
#include <map>

#include "api/await_store.h"
#include "api/json_body.h"
#include "api/route_groups.h"
#include "calendar/year_calendar.h"
#include "core/text.h"
#include "http/errors.h"
#include "matters/rules.h"
#include "services/appeal_service.h"
#include "services/application_service.h"

namespace onedoor::api {

using matters::Application;
using matters::Matter;
using nlohmann::json;
using http::bhttp::verb;
using Awaitable = boost::asio::awaitable<http::Response>;

namespace {

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

json optInt(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

// "张三" → "张*": the first character and a star for the rest.
std::string maskName(const std::string& name) {
  if (name.empty()) return "";
  size_t len = 1;
  unsigned char c = static_cast<unsigned char>(name[0]);
  if (c >= 0xF0) len = 4;
  else if (c >= 0xE0) len = 3;
  else if (c >= 0xC0) len = 2;
  return name.substr(0, std::min(len, name.size())) + "*";
}

// Matter versions and department names for rendering applications, read once per request.
struct Names {
  std::map<int64_t, std::string> departments;
  std::map<std::pair<int64_t, int>, Matter> versions;
  std::map<int64_t, std::string> matter_names;  // current names (drafts for never-published ones)
  void load(Reader& r) {
    for (const auto& d : r.listDepartments()) departments[d.id] = d.name;
    for (const auto& rec : r.listMatters()) matter_names[rec.draft.id] = rec.draft.name;
    for (const auto& m : r.listPublishedMatters()) matter_names[m.id] = m.name;
  }
  const Matter* version(Reader& r, int64_t id, int v) {
    auto key = std::make_pair(id, v);
    auto it = versions.find(key);
    if (it == versions.end()) {
      auto m = r.publishedMatterVersion(id, v);
      if (!m) return nullptr;
      it = versions.emplace(key, std::move(*m)).first;
    }
    return &it->second;
  }
  std::string dept(int64_t id) const {
    auto it = departments.find(id);
    return it == departments.end() ? "" : it->second;
  }
};

const matters::Material* materialOf(const Matter* m, const std::string& id) {
  if (!m) return nullptr;
  for (const auto& x : m->materials)
    if (x.id == id) return &x;
  return nullptr;
}

json applicationJson(const Application& a, Names& names, Reader& r) {
  const Matter* m = names.version(r, a.matter_id, a.matter_version);
  json visits = json::array();
  for (const auto& v : a.visits)
    visits.push_back({{"at", v.at}, {"purpose", v.purpose}, {"by", v.by}, {"have", v.have}});
  json notes = json::array();
  for (const auto& n : a.notifications)
    notes.push_back({{"at", n.at}, {"items", n.items}, {"new_items", n.new_items}, {"violation", n.violation}});
  json missing_detail = json::array();
  for (const auto& id : a.missing) {
    const auto* x = materialOf(m, id);
    missing_detail.push_back({{"id", id}, {"name", x ? x->name : id}, {"issuer", x ? x->issuer : ""}});
  }
  return {{"id", a.id},
          {"code", a.code},
          {"matter_id", a.matter_id},
          {"matter_version", a.matter_version},
          {"matter_name", m ? m->name : names.matter_names[a.matter_id]},
          {"department_name", names.dept(a.department_id)},
          {"state", a.state},
          {"applicant_name", maskName(a.applicant_name)},
          {"applicant_phone", maskPhone(a.applicant_phone)},
          {"appointment_code", a.appointment_code.empty() ? json(nullptr) : json(a.appointment_code)},
          {"have", a.have},
          {"trips", a.trips},
          {"visits", visits},
          {"notifications", notes},
          {"missing", a.missing},
          {"missing_detail", missing_detail},
          {"violations", a.violations},
          {"promised_trips", a.promised_trips},
          {"extra_trips", matters::extraTrips(a.trips, a.promised_trips)},
          {"submitted_at", a.submitted_at},
          {"accepted_at", optInt(a.accepted_at)},
          {"due", optInt(a.due)},
          {"finished_at", optInt(a.finished_at)},
          {"reason", a.reason.empty() ? json(nullptr) : json(a.reason)},
          {"tracking_url", "/track/application/" + a.code}};
}

// The citizen's view: names instead of ids, no personal data.
json trackingJson(const Application& a, Names& names, Reader& r) {
  const Matter* m = names.version(r, a.matter_id, a.matter_version);
  json missing = json::array();
  for (const auto& id : a.missing) {
    const auto* x = materialOf(m, id);
    missing.push_back({{"id", id},
                       {"name", x ? x->name : id},
                       {"issuer", x ? x->issuer : ""},
                       {"alternatives", x ? x->alternatives : std::vector<std::string>{}},
                       {"description", x ? x->description : ""}});
  }
  json notes = json::array();
  for (const auto& n : a.notifications) {
    json items = json::array();
    for (const auto& id : n.items) {
      const auto* x = materialOf(m, id);
      items.push_back(x ? x->name : id);
    }
    notes.push_back({{"at", n.at}, {"items", items}});
  }
  return {{"code", a.code},
          {"matter_id", a.matter_id},
          {"matter_name", m ? m->name : names.matter_names[a.matter_id]},
          {"department_name", names.dept(a.department_id)},
          {"state", a.state},
          {"missing", missing},
          {"notifications", notes},
          {"trips", a.trips},
          {"promised_trips", a.promised_trips},
          {"submitted_at", a.submitted_at},
          {"accepted_at", optInt(a.accepted_at)},
          {"due", optInt(a.due)},
          {"finished_at", optInt(a.finished_at)},
          {"reason", a.reason.empty() ? json(nullptr) : json(a.reason)}};
}

// Renders one application after a write (or a 404).
http::Response renderOne(const http::RequestContext& ctx, Store& store, int64_t id, int status = 200) {
  json out;
  Status st = store.read([&](Reader& r) -> Status {
    auto a = r.applicationById(id);
    if (!a) return notFound("找不到该办件 / No such application");
    Names names;
    names.load(r);
    out = applicationJson(*a, names, r);
    return Status::ok();
  });
  if (!st) return errorOut(ctx, st);
  return jsonOk(ctx, out, status);
}

json rowJson(const matters::IndexRow& row) {
  auto opt = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
  return {{"finished", row.finished},
          {"mean_trips", opt(row.mean_trips)},
          {"over_one_trip_share", opt(row.over_one_trip_share)},
          {"over_promised_share", opt(row.over_promised_share)},
          {"violations", row.violations},
          {"extra_trips", row.extra_trips}};
}

// A window bound: epoch ms, or a local date (YYYY-MM-DD; `end` takes the next midnight so the
// date is included).
Result<int64_t> timeParam(const std::string& text, const char* field, bool end, const calendar::WorkingCalendar& cal) {
  if (auto d = calendar::parseDate(text)) {
    int64_t start = cal.toUtcMs(*d, 0);
    return end ? start + kDayMs : start;
  }
  auto ms = parseId(text, field);
  if (!ms) return invalid(std::string(field) + " 应为日期（YYYY-MM-DD）或毫秒时间 / " + field +
                              " must be a date (YYYY-MM-DD) or epoch milliseconds",
                          field);
  return *ms;
}

const char* kApplicationSchema =
    R"({"type":"object","properties":{"id":{"type":"integer"},"code":{"type":"string"},"matter_id":{"type":"integer"},"matter_name":{"type":"string"},"department_name":{"type":"string"},"state":{"type":"string","enum":["prechecked","submitted","accepted","missing_materials","approved","rejected","done"]},"applicant_name":{"type":"string"},"applicant_phone":{"type":"string"},"trips":{"type":"integer"},"visits":{"type":"array"},"notifications":{"type":"array"},"missing":{"type":"array","items":{"type":"string"}},"violations":{"type":"integer"},"promised_trips":{"type":"integer"},"submitted_at":{"type":"integer"},"accepted_at":{"type":["integer","null"]},"due":{"type":["integer","null"]},"finished_at":{"type":["integer","null"]},"reason":{"type":["string","null"]},"tracking_url":{"type":"string"}}})";

}  // namespace

void registerApplicationRoutes(http::Router& router, App& app) {
  auto svc = std::make_shared<services::ApplicationService>(app.clock, app.appeals->calendars());

  router.add({verb::post, "/api/v1/applications", kDesk,
              [&app, svc](http::RequestContext& ctx) -> Awaitable {
                auto body = parseJsonBody(ctx.req, {{"matter_id", FieldType::kInteger, true},
                                                    {"applicant_name", FieldType::kString, true, 40},
                                                    {"applicant_phone", FieldType::kString, true, 20},
                                                    {"appointment_code", FieldType::kString, false, 20, true},
                                                    {"have", FieldType::kArray, false}});
                if (!body) co_return errorOut(ctx, body.status());
                auto have = materialIdList(*body, "have", 100);
                if (!have) co_return errorOut(ctx, have.status());
                services::NewApplication in;
                in.matter_id = (*body)["matter_id"].get<int64_t>();
                in.applicant_name = (*body)["applicant_name"].get<std::string>();
                in.applicant_phone = (*body)["applicant_phone"].get<std::string>();
                if (body->contains("appointment_code") && (*body)["appointment_code"].is_string())
                  in.appointment_code = (*body)["appointment_code"].get<std::string>();
                in.have = std::move(*have);
                in.user_id = ctx.caller->user_id;
                auto out = std::make_shared<Application>();
                WriteFn fn = svc->createWrite(std::move(in), out);
                Status st = co_await awaitWrite(app.store, std::move(fn));
                if (!st) co_return errorOut(ctx, st);
                co_return renderOne(ctx, app.store, out->id, 201);
              },
              {"Take in an application at the desk (the first trip); missing materials become the first one-time list",
               "applications",
               R"({"type":"object","required":["matter_id","applicant_name","applicant_phone"],"properties":{"matter_id":{"type":"integer"},"applicant_name":{"type":"string"},"applicant_phone":{"type":"string"},"appointment_code":{"type":["string","null"]},"have":{"type":"array","items":{"type":"string"}}}})",
               kApplicationSchema, 201}});

  router.add({verb::get, "/api/v1/applications", kAnyStaff,
              [&app](http::RequestContext& ctx) -> Awaitable {
                matters::ApplicationQuery q;
                if (auto s = ctx.queryParam("state"); s && !s->empty()) {
                  if (!matters::isApplicationState(*s)) co_return errorOut(ctx, invalid("state 不正确 / unknown state", "state"));
                  q.state = *s;
                }
                if (auto m = ctx.queryParam("matter_id"); m && !m->empty()) {
                  auto id = parseId(*m, "matter_id");
                  if (!id) co_return errorOut(ctx, id.status());
                  q.matter_id = *id;
                }
                if (auto l = ctx.queryParam("limit"); l && !l->empty()) {
                  auto n = parseId(*l, "limit");
                  if (!n || *n < 1 || *n > 1000)
                    co_return errorOut(ctx, invalid("limit 应在 1 到 1000 之间 / limit must be 1 to 1000", "limit"));
                  q.limit = *n;
                }
                json list = json::array();
                Status st = app.store.read([&](Reader& r) -> Status {
                  Names names;
                  names.load(r);
                  for (const auto& a : r.listApplications(q)) list.push_back(applicationJson(a, names, r));
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, {{"applications", list}});
              },
              {"Applications, newest first", "applications"}});

  router.add({verb::get, "/api/v1/applications/{id}", kAnyStaff,
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto id = parseId(ctx.param("id"), "id");
                if (!id) co_return errorOut(ctx, notFound("找不到该办件 / No such application"));
                co_return renderOne(ctx, app.store, *id);
              },
              {"One application with its visits and one-time notifications", "applications", "", kApplicationSchema}});

  router.add({verb::post, "/api/v1/applications/{id}/missing", kDesk,
              [&app, svc](http::RequestContext& ctx) -> Awaitable {
                auto id = parseId(ctx.param("id"), "id");
                if (!id) co_return errorOut(ctx, notFound("找不到该办件 / No such application"));
                auto body = parseJsonBody(ctx.req, {{"items", FieldType::kArray, true}});
                if (!body) co_return errorOut(ctx, body.status());
                auto items = materialIdList(*body, "items", 100);
                if (!items) co_return errorOut(ctx, items.status());
                auto out = std::make_shared<Application>();
                WriteFn fn = svc->missingWrite(*id, std::move(*items), ctx.caller->user_id, out);
                Status st = co_await awaitWrite(app.store, std::move(fn));
                if (!st) co_return errorOut(ctx, st);
                co_return renderOne(ctx, app.store, *id);
              },
              {"A one-time notification (一次性告知) of missing materials; an item on no earlier list is a violation",
               "applications",
               R"({"type":"object","required":["items"],"properties":{"items":{"type":"array","items":{"type":"string"}}}})",
               kApplicationSchema}});

  router.add({verb::post, "/api/v1/applications/{id}/visits", kDesk,
              [&app, svc](http::RequestContext& ctx) -> Awaitable {
                auto id = parseId(ctx.param("id"), "id");
                if (!id) co_return errorOut(ctx, notFound("找不到该办件 / No such application"));
                auto body = parseJsonBody(ctx.req, {{"purpose", FieldType::kString, true, 32},
                                                    {"have", FieldType::kArray, false}});
                if (!body) co_return errorOut(ctx, body.status());
                auto have = materialIdList(*body, "have", 100);
                if (!have) co_return errorOut(ctx, have.status());
                auto out = std::make_shared<Application>();
                WriteFn fn = svc->visitWrite(*id, (*body)["purpose"].get<std::string>(), std::move(*have),
                                             ctx.caller->user_id, out);
                Status st = co_await awaitWrite(app.store, std::move(fn));
                if (!st) co_return errorOut(ctx, st);
                co_return renderOne(ctx, app.store, *id);
              },
              {"The applicant came on site again (a trip); materials brought are ticked off", "applications",
               R"({"type":"object","required":["purpose"],"properties":{"purpose":{"type":"string","enum":["submit_materials","collect","other"]},"have":{"type":"array","items":{"type":"string"}}}})",
               kApplicationSchema}});

  router.add({verb::post, "/api/v1/applications/{id}/state", kDesk,
              [&app, svc](http::RequestContext& ctx) -> Awaitable {
                auto id = parseId(ctx.param("id"), "id");
                if (!id) co_return errorOut(ctx, notFound("找不到该办件 / No such application"));
                auto body = parseJsonBody(ctx.req, {{"state", FieldType::kString, true, 32},
                                                    {"reason", FieldType::kString, false, 500, true}});
                if (!body) co_return errorOut(ctx, body.status());
                std::string reason;
                if (body->contains("reason") && (*body)["reason"].is_string()) reason = (*body)["reason"].get<std::string>();
                auto out = std::make_shared<Application>();
                WriteFn fn = svc->stateWrite(*id, (*body)["state"].get<std::string>(), std::move(reason),
                                             ctx.caller->user_id, out);
                Status st = co_await awaitWrite(app.store, std::move(fn));
                if (!st) co_return errorOut(ctx, st);
                co_return renderOne(ctx, app.store, *id);
              },
              {"Move an application: accepted (the deadline starts), approved, rejected (needs the legal reason), done",
               "applications",
               R"({"type":"object","required":["state"],"properties":{"state":{"type":"string","enum":["accepted","approved","rejected","done"]},"reason":{"type":["string","null"],"maxLength":500}}})",
               kApplicationSchema}});

  router.add({verb::get, "/api/v1/applications/track/{code}", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                std::string code = ctx.param("code");
                json out;
                Status st = app.store.read([&](Reader& r) -> Status {
                  auto a = code.size() <= 32 ? r.applicationByCode(code) : std::nullopt;
                  if (!a) return notFound("查询码不存在，请核对 / No application with this tracking code");
                  Names names;
                  names.load(r);
                  out = trackingJson(*a, names, r);
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, out);
              },
              {"The citizen's tracking page of an application: state, the complete missing list, trips, due",
               "applications"}});

  router.add({verb::get, "/api/v1/indices/spring-door", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto cal = app.appeals->calendar();
                int64_t now = app.clock.nowMs();
                int64_t to = now, from = now - 30 * kDayMs;
                if (auto t = ctx.queryParam("to"); t && !t->empty()) {
                  auto v = timeParam(*t, "to", true, *cal);
                  if (!v) co_return errorOut(ctx, v.status());
                  to = *v;
                  if (!ctx.queryParam("from") || ctx.queryParam("from")->empty()) from = to - 30 * kDayMs;
                }
                if (auto f = ctx.queryParam("from"); f && !f->empty()) {
                  auto v = timeParam(*f, "from", false, *cal);
                  if (!v) co_return errorOut(ctx, v.status());
                  from = *v;
                }
                if (from >= to) co_return errorOut(ctx, invalid("起始时间应早于结束时间 / from must be before to", "from"));
                if (to - from > 3660 * kDayMs)
                  co_return errorOut(ctx, invalid("时间范围最多 10 年 / the window may span at most 10 years", "from"));
                json out;
                Status st = app.store.read([&](Reader& r) -> Status {
                  Names names;
                  names.load(r);
                  auto idx = matters::springDoorIndex(r.finishedApplications(from, to));
                  json ms = json::array();
                  for (const auto& k : idx.matters) {
                    json row = rowJson(k.row);
                    row["matter_id"] = k.key;
                    row["name"] = names.matter_names[k.key];
                    ms.push_back(row);
                  }
                  json ds = json::array();
                  for (const auto& k : idx.departments) {
                    json row = rowJson(k.row);
                    row["department_id"] = k.key;
                    row["name"] = names.dept(k.key);
                    ds.push_back(row);
                  }
                  out = {{"from", from}, {"to", to}, {"overall", rowJson(idx.overall)}, {"matters", ms},
                         {"departments", ds}};
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, out);
              },
              {"The spring-door index (弹簧门指数) over applications finished in the window (default: the last 30 days)",
               "applications"}});
}

}  // namespace onedoor::api
