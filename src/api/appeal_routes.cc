// Appeals over HTTP: categories, intake (portal, hotline, mailbox, field visits), the citizen's
// tracking page and verdict, staff lists, the case page and its actions, and the public board.
#include <boost/asio/use_awaitable.hpp>
#include <map>

#include "api/await_store.h"
#include "api/json_body.h"
#include "api/rate_guard.h"
#include "api/route_groups.h"
#include "appeals/board.h"
#include "calendar/year_calendar.h"
#include "core/text.h"
#include "http/errors.h"
#include "services/appeal_service.h"
#include "services/case_access.h"
#include "services/people_service.h"

namespace onedoor::api {

using appeals::Appeal;
using nlohmann::json;
using http::bhttp::verb;
using Awaitable = boost::asio::awaitable<http::Response>;

namespace {

const std::vector<std::string> kCaseWorkers = {"handler", "supervisor", "admin"};

std::string stateLabel(appeals::State s) {
  switch (s) {
    case appeals::State::kReceived: return "已接收";
    case appeals::State::kAssigned: return "已派发";
    case appeals::State::kAccepted: return "已受理";
    case appeals::State::kReplied: return "已答复";
    case appeals::State::kClosed: return "已办结";
  }
  return "";
}

// Names for ids, read once per request.
struct Names {
  std::map<int64_t, std::string> departments;
  std::map<int64_t, std::string> users;
  std::map<std::string, std::string> categories;
  std::map<int64_t, std::string> clients;  // API key id → client name (Open311)
  void load(Reader& r) {
    for (const auto& d : r.listDepartments()) departments[d.id] = d.name;
    for (const auto& k : r.listApiKeys()) clients[k.id] = k.name;
    for (const auto& u : r.listUsers()) users[u.id] = u.display_name;
    for (const auto& c : r.listCategories()) categories[c.code] = c.name;
  }
  std::string dept(int64_t id) const {
    auto it = departments.find(id);
    return it == departments.end() ? "" : it->second;
  }
};

json optInt(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

json replyJson(const std::optional<appeals::Reply>& r) {
  if (!r) return nullptr;
  return {{"text", r->text}, {"action", r->action}, {"responsible", r->responsible}, {"due", r->due}, {"at", r->at},
          {"formulaic_override", r->formulaic_override}};
}

// A note for the timeline from an event's payload: reasons, actions, verdicts, departments.
std::string timelineNote(const Event& e, const Names& names) {
  json p = json::parse(e.payload_json, nullptr, false);
  if (!p.is_object()) return "";
  std::string note;
  auto add = [&](const std::string& s) {
    if (s.empty()) return;
    if (!note.empty()) note += "；";
    note += s;
  };
  for (const char* key : {"to_department_id", "department_id"}) {
    if (p.contains(key) && p[key].is_number_integer()) add("承办部门：" + names.dept(p[key].get<int64_t>()));
  }
  if (p.contains("action") && p["action"].is_string()) add("措施：" + p["action"].get<std::string>());
  if (p.contains("reason") && p["reason"].is_string()) add("理由：" + p["reason"].get<std::string>());
  if (p.contains("rating_label") && p["rating_label"].is_string()) add("评价：" + p["rating_label"].get<std::string>());
  return note;
}

json timelineJson(const std::vector<Event>& events, const Names& names) {
  json out = json::array();
  for (const auto& e : events) {
    out.push_back({{"at", e.at}, {"type", e.type}, {"label", appeals::timelineLabel(e.type)},
                   {"note", timelineNote(e, names)}});
  }
  return out;
}

// `personal`: whether the caller may see this case's personal data (services/case_access.h); a
// list row outside that scope keeps the work (category, state, deadlines) without the citizen.
json listItemJson(const Appeal& a, const Names& names, int64_t now, bool personal) {
  std::string short_text = personal ? a.text : appeals::scrub(a.text, a.phone);
  // Cut at a code point boundary near 80 characters.
  size_t cps = 0, i = 0;
  for (; i < short_text.size(); ++i) {
    if ((static_cast<unsigned char>(short_text[i]) & 0xC0) != 0x80 && ++cps > 80) break;
  }
  if (i < short_text.size()) short_text = short_text.substr(0, i) + "…";
  bool overdue = (a.state == appeals::State::kReceived || a.state == appeals::State::kAssigned)
                     ? now > a.response_due || now > a.resolution_due
                     : a.state == appeals::State::kAccepted && now > a.resolution_due;
  auto cat = names.categories.find(a.category);
  json j = {{"id", a.id},
            {"tracking_code", a.tracking_code},
            {"channel", appeals::channelName(a.channel)},
            {"category", a.category},
            {"category_name", cat == names.categories.end() ? a.category : cat->second},
            {"title", a.title},
            {"text", short_text},
            {"state", appeals::stateName(a.state)},
            {"state_label", stateLabel(a.state)},
            {"department_id", a.department_id},
            {"department", names.dept(a.department_id)},
            {"handler_id", optInt(a.handler_id)},
            {"handler", a.handler_id && names.users.count(*a.handler_id) ? names.users.at(*a.handler_id) : ""},
            {"created_at", a.created_at},
            {"response_due", a.response_due},
            {"resolution_due", a.resolution_due},
            {"overdue", overdue},
            {"escalation_level", a.escalation_level},
            {"transfers", a.transfers},
            {"reopen_count", a.reopen_count},
            {"phone_masked", personal ? maskPhone(a.phone) : ""},
            {"address", personal ? a.address : ""},
            {"personal_data", personal}};
  return j;
}

appeals::Actor actorOf(const http::RequestContext& ctx) {
  return appeals::Actor{ctx.caller->user_id, ctx.caller->role, ctx.caller->department_id};
}

bool mayWork(const http::Caller& c, const Appeal& a) {
  if (c.role == "supervisor" || c.role == "admin") return true;
  return c.role == "handler" && (c.department_id == a.department_id || a.handler_id == c.user_id);
}

json actionsFor(const http::Caller& c, const Appeal& a) {
  json out = json::array();
  bool oversight = c.role == "supervisor" || c.role == "admin";
  if (!mayWork(c, a) || a.state == appeals::State::kClosed) return out;
  if (a.state == appeals::State::kAssigned) out.push_back("accept");
  if (a.state == appeals::State::kAccepted) out.push_back("reply");
  if ((a.state == appeals::State::kAssigned || a.state == appeals::State::kAccepted) && !a.assignment_final &&
      a.transfers < appeals::kMaxTransfers)
    out.push_back("transfer");
  if (oversight && a.state != appeals::State::kReplied) out.push_back("assign");
  if (a.escalation_level < appeals::kLevelSupervisor) out.push_back("escalate");
  return out;
}

json caseJson(const Appeal& a, const Names& names, const http::Caller& caller, int64_t now) {
  json j = listItemJson(a, names, now, true);  // rendered only for callers in scope
  j["text"] = a.text;
  j["reply"] = replyJson(a.reply);
  j["confirm_due"] = a.confirm_due;
  j["resolved"] = a.resolved ? json(*a.resolved) : json(nullptr);
  j["rating"] = a.rating ? json(appeals::ratingName(*a.rating)) : json(nullptr);
  j["citizen_name"] = a.citizen_name;
  // The whole number only for those who must call the citizen back (PRODUCT rule 10).
  j["phone"] = mayWork(caller, a) ? a.phone : maskPhone(a.phone);
  j["assignment_final"] = a.assignment_final;
  j["area"] = a.area;
  j["lat"] = a.lat ? json(*a.lat) : json(nullptr);
  j["lng"] = a.lng ? json(*a.lng) : json(nullptr);
  j["closed_at"] = optInt(a.closed_at);
  j["close_reason"] = a.close_reason;
  // The outside client (Open311) that filed it, by name.
  j["client"] = a.api_key_id && names.clients.count(*a.api_key_id) ? json(names.clients.at(*a.api_key_id)) : json(nullptr);
  return j;
}

json citizenJson(const Appeal& a, const Names& names) {
  auto cat = names.categories.find(a.category);
  return {{"tracking_code", a.tracking_code},
          {"channel", appeals::channelName(a.channel)},
          {"category", a.category},
          {"category_name", cat == names.categories.end() ? a.category : cat->second},
          {"title", a.title},
          {"text", a.text},
          {"address", a.address},
          {"state", appeals::stateName(a.state)},
          {"state_label", stateLabel(a.state)},
          {"department", names.dept(a.department_id)},
          {"created_at", a.created_at},
          {"response_due", a.response_due},
          {"resolution_due", a.resolution_due},
          {"reply", replyJson(a.reply)},
          {"confirm_due", a.confirm_due},
          {"resolved", a.resolved ? json(*a.resolved) : json(nullptr)},
          {"rating", a.rating ? json(appeals::ratingName(*a.rating)) : json(nullptr)},
          {"closed_at", optInt(a.closed_at)},
          {"close_reason", a.close_reason},
          {"reopen_count", a.reopen_count}};
}

// Reads a case with names and timeline for rendering.
struct CaseView {
  std::optional<Appeal> appeal;
  Names names;
  std::vector<Event> timeline;
  std::vector<appeals::AppealPhoto> photos;
};

Status readCase(Store& store, const std::function<std::optional<Appeal>(Reader&)>& find, CaseView& v) {
  return store.read([&](Reader& r) -> Status {
    v.appeal = find(r);
    if (!v.appeal) return notFound("找不到该诉求 / No such appeal");
    v.names.load(r);
    v.timeline = r.eventsBySubject("appeal:" + std::to_string(v.appeal->id));
    v.photos = r.listAppealPhotos(v.appeal->id);
    return Status::ok();
  });
}

json citizenView(const CaseView& v) {
  return {{"appeal", citizenJson(*v.appeal, v.names)},
          {"timeline", timelineJson(v.timeline, v.names)},
          // The page adds ?secret= to each url; the secret never travels in a response.
          {"photos", photoListJson(v.photos, "/api/v1/appeals/" + v.appeal->tracking_code + "/photos/")},
          {"can_add_photo", v.appeal->state != appeals::State::kClosed &&
                                v.photos.size() < static_cast<size_t>(appeals::kMaxPhotosPerAppeal)},
          {"can_verdict", v.appeal->state == appeals::State::kReplied}};
}

json staffView(const CaseView& v, const http::Caller& caller, int64_t now) {
  return {{"appeal", caseJson(*v.appeal, v.names, caller, now)},
          {"timeline", timelineJson(v.timeline, v.names)},
          {"photos", photoListJson(v.photos, "/api/v1/cases/" + std::to_string(v.appeal->id) + "/photos/")},
          {"actions", actionsFor(caller, *v.appeal)}};
}

// A string field moved out of a checked body ("" when absent): the intake keeps the text without
// copying it.
std::string takeString(json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_string()) return "";
  return std::move(it->get_ref<std::string&>());
}

services::IntakeInput intakeFrom(json body) {
  services::IntakeInput in;
  in.category = takeString(body, "category");
  in.text = takeString(body, "text");
  in.phone = takeString(body, "phone");
  in.address = takeString(body, "address");
  in.area = takeString(body, "area");
  in.name = takeString(body, "name");
  in.title = takeString(body, "title");
  if (body.contains("lat") && body["lat"].is_number()) in.lat = body["lat"].get<double>();
  if (body.contains("lng") && body["lng"].is_number()) in.lng = body["lng"].get<double>();
  return in;
}

// All concerns of one visit in one transaction, plus the visit's own event.
WriteFn fieldVisitWrite(const services::AppealService& svc, std::vector<services::IntakeInput> inputs, int64_t user_id,
                        std::string place, std::string visited_on,
                        std::shared_ptr<std::vector<services::IntakeOutcome>> outs) {
  return [&svc, inputs = std::move(inputs), user_id, place = std::move(place), visited_on = std::move(visited_on),
          outs](WriteTx& tx) -> Status {
    for (const auto& in : inputs) {
      auto out = std::make_shared<services::IntakeOutcome>();
      if (Status s = svc.intakeWrite(in, out)(tx); !s) return s;
      outs->push_back(*out);
    }
    json payload = {{"place", place}, {"visited_on", visited_on}, {"concerns", inputs.size()}};
    auto ev = tx.appendEvent(EventDraft{svc.clock().nowMs(), services::userActor(user_id), "field_visit.recorded",
                                        services::userActor(user_id), payload.dump()});
    return ev ? Status::ok() : ev.status();
  };
}

json rectificationJson(const appeals::Rectification& x, Reader& r, Names& names, int64_t now) {
  auto a = r.appealById(x.appeal_id);
  return {{"id", x.id},
          {"source", x.source},
          {"ticket_id", optInt(x.ticket_id)},
          {"appeal_id", x.appeal_id > 0 ? json(x.appeal_id) : json(nullptr)},
          {"tracking_code", a ? a->tracking_code : ""},
          {"department", a ? names.dept(a->department_id) : ""},
          {"category_name", a ? names.categories[a->category] : ""},
          {"rating", appeals::ratingName(x.rating)},
          {"rating_label", appeals::ratingLabel(x.rating)},
          {"comment", x.comment},
          {"opened_at", x.opened_at},
          {"due", x.due},
          {"overdue", !x.done && now > x.due},
          {"state", x.done ? "done" : "open"},
          {"followup_at", optInt(x.followup_at)},
          {"followup_note", x.followup_note},
          {"citizen_satisfied", x.citizen_satisfied ? json(*x.citizen_satisfied) : json(nullptr)}};
}

}  // namespace

void registerAppealRoutes(http::Router& router, App& app) {
  router.add({verb::get, "/api/v1/categories", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                json list = json::array();
                Status st = app.store.read([&](Reader& r) -> Status {
                  Names names;
                  names.load(r);
                  for (const auto& c : r.listCategories()) {
                    if (!c.active) continue;
                    list.push_back({{"code", c.code}, {"name", c.name}, {"group", c.group}, {"pinyin", c.pinyin},
                                    {"keywords", c.keywords}, {"department_id", c.department_id},
                                    {"department", names.dept(c.department_id)}, {"urgent", c.urgent},
                                    {"response_limit", c.response_limit}, {"resolution_limit", c.resolution_limit},
                                    {"unit", c.urgent ? "working_hours" : "working_days"}});
                  }
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, {{"categories", list}});
              },
              {"Appeal categories with their time limits and default departments", "appeals"}});

  router.add({verb::post, "/api/v1/appeals", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto body = parseJsonBody(ctx.req, {{"category", FieldType::kString, true, 64},
                                                    {"text", FieldType::kString, true, 2000},
                                                    {"phone", FieldType::kString, true, 20},
                                                    {"address", FieldType::kString, false, 200},
                                                    {"area", FieldType::kString, false, 40},
                                                    {"name", FieldType::kString, false, 40},
                                                    {"title", FieldType::kString, false, 60},
                                                    {"channel", FieldType::kString, false, 16},
                                                    {"lat", FieldType::kNumber, false, 0, true},
                                                    {"lng", FieldType::kNumber, false, 0, true}});
                if (!body) co_return errorOut(ctx, body.status());
                std::string channel = body->value("channel", "web");
                auto in = intakeFrom(std::move(*body));
                auto ch = appeals::parseChannel(channel);
                if (!ch || *ch == appeals::Channel::kField || *ch == appeals::Channel::kOpen311)
                  co_return errorOut(ctx, invalid("渠道应为 web、hotline 或 mailbox / channel must be web, hotline or mailbox",
                                                  "channel"));
                in.channel = *ch;
                in.actor = "citizen";
                if (*ch == appeals::Channel::kHotline) {
                  // Only operators (and supervisors, admins) record phone calls, under their own name.
                  if (Status s = checkCsrf(ctx); !s) co_return errorOut(ctx, s);
                  auto role = ctx.caller->role;
                  if (role != "operator" && role != "supervisor" && role != "admin")
                    co_return errorOut(ctx, {Code::kForbidden, "只有话务员可以录入热线诉求 / Only operators record hotline calls"});
                  in.created_by = ctx.caller->user_id;
                  in.actor = services::userActor(ctx.caller->user_id);
                } else if (ctx.caller) {
                  if (Status s = checkCsrf(ctx); !s) co_return errorOut(ctx, s);
                  in.created_by = ctx.caller->user_id;
                  in.actor = services::userActor(ctx.caller->user_id);
                }
                RateGuard limits = appealLimits(app, ctx, in.phone);
                auto out = std::make_shared<services::IntakeOutcome>();
                WriteFn fn = limits.guard(app.appeals->intakeWrite(std::move(in), out));
                Status st = co_await awaitWrite(app.store, std::move(fn));
                if (!st) co_return limits.errorOut(ctx, st);
                CanonicalJsonObject created;
                created.addInt("id", out->appeal.id)
                    .addString("tracking_code", out->appeal.tracking_code)
                    .addString("secret", out->secret)
                    .addInt("response_due", out->appeal.response_due)
                    .addInt("resolution_due", out->appeal.resolution_due)
                    .addString("department", out->department_name)
                    .addBool("estimated", out->estimated);
                co_return jsonOk(ctx, created, 201);
              },
              {"Submit an appeal. No login for channel web (the portal) and mailbox (a letter to the mayor's mailbox "
               "from the portal's /mailbox page; it needs a title); hotline needs an operator's, supervisor's or "
               "admin's session. A signed-in caller's appeal is recorded under their name. Returns the tracking code "
               "and the secret; 429 with Retry-After past the per-address or per-phone limit (docs/security/limits.md)",
               "appeals",
               R"({"type":"object","required":["category","text","phone"],"additionalProperties":false,"properties":{"category":{"type":"string"},"text":{"type":"string","minLength":5,"maxLength":2000},"phone":{"type":"string"},"address":{"type":"string"},"area":{"type":"string"},"name":{"type":"string"},"title":{"type":"string"},"channel":{"type":"string","enum":["web","hotline","mailbox"]},"lat":{"type":["number","null"]},"lng":{"type":["number","null"]}}})",
               R"({"type":"object","properties":{"id":{"type":"integer"},"tracking_code":{"type":"string"},"secret":{"type":"string","pattern":"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{5}$","description":"shown once; only a keyed hash is kept"},"response_due":{"type":"integer"},"resolution_due":{"type":"integer"},"department":{"type":"string"},"estimated":{"type":"boolean"}}})",
               201}});

  router.add({verb::post, "/api/v1/field-visits", kAnyStaff,
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto body = parseJsonBody(ctx.req, {{"place", FieldType::kString, true, 100},
                                                    {"visited_on", FieldType::kString, true, 10},
                                                    {"concerns", FieldType::kArray, true}});
                if (!body) co_return errorOut(ctx, body.status());
                if (!calendar::parseDate((*body)["visited_on"].get<std::string>()))
                  co_return errorOut(ctx, invalid("走访日期格式应为 YYYY-MM-DD / visited_on must be YYYY-MM-DD", "visited_on"));
                const json& concerns = (*body)["concerns"];
                if (concerns.empty() || concerns.size() > 50)
                  co_return errorOut(ctx, invalid("请记录 1 到 50 条群众反映 / Record 1 to 50 concerns", "concerns"));
                // Every concern is checked before any is stored: all of the visit or nothing.
                std::vector<services::IntakeInput> inputs;
                for (size_t i = 0; i < concerns.size(); ++i) {
                  const json& c = concerns[i];
                  std::string field = "concerns[" + std::to_string(i) + "]";
                  if (!c.is_object()) co_return errorOut(ctx, invalid("每条反映应为对象 / each concern must be an object", field));
                  for (const auto& [k, v] : c.items()) {
                    bool known = k == "category" || k == "text" || k == "address" || k == "phone" || k == "name";
                    if (!known || !v.is_string())
                      co_return errorOut(ctx, invalid("不认识的字段或类型不对：" + k + " / Unknown field or wrong type: " + k,
                                                      field + "." + k));
                  }
                  services::IntakeInput in = intakeFrom(c);
                  in.channel = appeals::Channel::kField;
                  in.created_by = ctx.caller->user_id;
                  in.actor = services::userActor(ctx.caller->user_id);
                  in.title = (*body)["place"].get<std::string>() + " 走访";
                  inputs.push_back(std::move(in));
                }
                auto outs = std::make_shared<std::vector<services::IntakeOutcome>>();
                Status st = co_await awaitWrite(
                    app.store, fieldVisitWrite(*app.appeals, std::move(inputs), ctx.caller->user_id,
                                               (*body)["place"].get<std::string>(),
                                               (*body)["visited_on"].get<std::string>(), outs));
                if (!st) co_return errorOut(ctx, st);
                json list = json::array();
                for (const auto& o : *outs)
                  list.push_back({{"id", o.appeal.id}, {"tracking_code", o.appeal.tracking_code}, {"secret", o.secret}});
                co_return jsonOk(ctx, {{"appeals", list}}, 201);
              },
              {"Record a field visit (走基层): every concern becomes an appeal of channel field", "appeals",
               R"({"type":"object","required":["place","visited_on","concerns"],"properties":{"place":{"type":"string"},"visited_on":{"type":"string","format":"date"},"concerns":{"type":"array","items":{"type":"object","required":["category","text"],"properties":{"category":{"type":"string"},"text":{"type":"string"},"address":{"type":"string"},"phone":{"type":"string"},"name":{"type":"string"}}}}}})",
               "", 201}});

  router.add({verb::get, "/api/v1/appeals/{tracking_code}", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                std::string code = ctx.param("tracking_code");
                std::string secret = ctx.queryParam("secret").value_or("");
                CaseView v;
                Status st = readCase(app.store, [&](Reader& r) { return r.appealByTrackingCode(code); }, v);
                // Only "not found" is a wrong code; a store error stays a 503 (never "no such appeal").
                if (st.code() == Code::kNotFound)
                  co_return errorOut(ctx, {Code::kNotFound, "查询码不存在，请核对 / No appeal with this tracking code"});
                if (!st) co_return errorOut(ctx, st);
                if (!app.appeals->secretMatches(*v.appeal, secret))
                  co_return errorOut(ctx, {Code::kForbidden, "查询密码不正确 / The secret does not match this tracking code",
                                           "secret"});
                co_return jsonOk(ctx, citizenView(v));
              },
              {"The citizen's view of an appeal with its whole timeline (needs ?secret=, in any case, dashes optional)", "appeals"}});

  router.add({verb::post, "/api/v1/appeals/{tracking_code}/verdict", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto body = parseJsonBody(ctx.req, {{"secret", FieldType::kString, true, 64},
                                                    {"resolved", FieldType::kBoolean, true},
                                                    {"rating", FieldType::kString, true, 32},
                                                    {"comment", FieldType::kString, false, 500}});
                if (!body) co_return errorOut(ctx, body.status());
                auto rating = appeals::parseRating((*body)["rating"].get<std::string>());
                if (!rating)
                  co_return errorOut(ctx, invalid("请选择五级评价之一 / rating must be one of the five levels", "rating"));
                std::string code = ctx.param("tracking_code");
                auto out = std::make_shared<Appeal>();
                Status st = co_await awaitWrite(
                    app.store, app.appeals->verdictWrite(code, (*body)["secret"], (*body)["resolved"].get<bool>(), *rating,
                                                         body->value("comment", ""), out));
                if (!st) co_return errorOut(ctx, st);
                CaseView v;
                st = readCase(app.store, [&](Reader& r) { return r.appealByTrackingCode(code); }, v);
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, citizenView(v));
              },
              {"The citizen's verdict: resolved or not, and a five-level rating", "appeals",
               R"({"type":"object","required":["secret","resolved","rating"],"additionalProperties":false,"properties":{"secret":{"type":"string"},"resolved":{"type":"boolean"},"rating":{"type":"string","enum":["very_satisfied","satisfied","basically_satisfied","dissatisfied","very_dissatisfied"]},"comment":{"type":"string","maxLength":500}}})"}});

  router.add({verb::get, "/api/v1/appeals", kAnyStaff,
              [&app](http::RequestContext& ctx) -> Awaitable {
                AppealQuery q;
                int64_t now = app.clock.nowMs();
                if (auto s = ctx.queryParam("state"); s && !s->empty()) {
                  q.state = appeals::parseState(*s);
                  if (!q.state) co_return errorOut(ctx, invalid("state 不正确 / unknown state", "state"));
                }
                if (auto d = ctx.queryParam("department"); d && !d->empty()) {
                  auto id = parseId(*d, "department");
                  if (!id) co_return errorOut(ctx, id.status());
                  q.department_id = *id;
                }
                if (ctx.queryParam("overdue").value_or("") == "1" || ctx.queryParam("overdue").value_or("") == "true")
                  q.overdue_at = now;
                q.escalated_only = ctx.queryParam("escalated").value_or("") == "1";
                q.open_only = ctx.queryParam("open").value_or("") == "1";
                if (ctx.queryParam("mine").value_or("") == "1") {
                  // A handler's inbox: the department's cases (the A/B posts share it).
                  if (ctx.caller->role == "handler" && ctx.caller->department_id) q.department_id = ctx.caller->department_id;
                  else if (ctx.caller->role == "handler") q.handler_id = ctx.caller->user_id;
                }
                json list = json::array();
                auto viewer = actorOf(ctx);
                Status st = app.store.read([&](Reader& r) -> Status {
                  Names names;
                  names.load(r);
                  // Without timelines: a case transferred away shows here without the citizen; its
                  // case page still opens for the department it passed through.
                  for (const auto& a : r.listAppeals(q))
                    list.push_back(listItemJson(a, names, now, services::maySeePersonalData(viewer, a, {})));
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, {{"appeals", list}});
              },
              {"Staff list of appeals, most urgent first (filters: state, department, overdue, escalated, open, mine). "
               "Rows outside the caller's need-to-know scope have address and phone_masked empty, the phone masked in "
               "the text and personal_data false (docs/security/access.md)",
               "appeals"}});

  router.add({verb::get, "/api/v1/appeals/similar", kAnyStaff,
              [&app](http::RequestContext& ctx) -> Awaitable {
                std::string text = ctx.queryParam("text").value_or("");
                std::string address = ctx.queryParam("address").value_or("");
                AppealQuery q;
                q.open_only = true;
                q.limit = 2000;
                if (auto c = ctx.queryParam("category"); c && !c->empty()) q.category = *c;
                json list = json::array();
                Status st = app.store.read([&](Reader& r) -> Status {
                  Names names;
                  names.load(r);
                  for (const auto& a : services::similarAppeals(r.listAppeals(q), text, address)) {
                    // A hint, not a case page: no address, no phone (need-to-know).
                    list.push_back({{"tracking_code", a.tracking_code},
                                    {"category_name", names.categories[a.category]},
                                    {"text", appeals::scrub(a.text, a.phone)},
                                    {"state", appeals::stateName(a.state)},
                                    {"state_label", stateLabel(a.state)},
                                    {"created_at", a.created_at}});
                  }
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, {{"appeals", list}});
              },
              {"Open appeals that look like the same problem (for the hotline operator's hint): category, text (phone "
               "masked), state, no address or other personal data",
               "appeals"}});

  router.add({verb::get, "/api/v1/cases/{id}", kAnyStaff,
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto id = parseId(ctx.param("id"), "id");
                if (!id) co_return errorOut(ctx, id.status());
                CaseView v;
                Status st = readCase(app.store, [&](Reader& r) { return r.appealById(*id); }, v);
                if (!st) co_return errorOut(ctx, st);
                if (!services::maySeePersonalData(actorOf(ctx), *v.appeal, v.timeline))
                  co_return errorOut(ctx, services::noSuchAppeal());
                // Logged before it is shown: no read of a citizen's data without its trace.
                st = co_await awaitWrite(app.store, services::personalReadWrite(ctx.caller->user_id, *id,
                                                                                services::PersonalRead::kCase,
                                                                                std::nullopt, app.clock.nowMs()));
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, staffView(v, *ctx.caller, app.clock.nowMs()));
              },
              {"The staff case page: details, timeline and the actions the caller may take. 404 for a case outside "
               "the caller's need-to-know scope; every read is a ledger event appeal.personal_data_read",
               "appeals"}});

  router.add({verb::get, "/api/v1/handlers", kAnyStaff,
              [&app](http::RequestContext& ctx) -> Awaitable {
                std::optional<int64_t> dept;
                if (auto d = ctx.queryParam("department_id"); d && !d->empty()) {
                  auto id = parseId(*d, "department_id");
                  if (!id) co_return errorOut(ctx, id.status());
                  dept = *id;
                }
                json list = json::array();
                Status st = app.store.read([&](Reader& r) -> Status {
                  for (const auto& u : r.listUsers()) {
                    if (u.role != "handler" || u.disabled || (dept && u.department_id != dept)) continue;
                    list.push_back({{"id", u.id}, {"display_name", u.display_name},
                                    {"department_id", optInt(u.department_id)}, {"presence", u.presence}});
                  }
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, {{"handlers", list}});
              },
              {"Handlers (for the assign dialog), optionally of one department", "appeals"}});

  // The staff actions share one shape: parse → command → write → render the case page.
  auto action = [&app](std::string verb_name, std::vector<std::string> roles, std::initializer_list<FieldSpec> fields,
                       std::function<Result<services::CaseCommand>(http::RequestContext&, const json&)> make,
                       std::string summary, std::string schema) {
    std::vector<FieldSpec> field_list(fields);
    return http::Route{
        verb::post, "/api/v1/appeals/{id}/" + verb_name, roles,
        [&app, field_list, make](http::RequestContext& ctx) -> Awaitable {
          auto id = parseId(ctx.param("id"), "id");
          if (!id) co_return errorOut(ctx, id.status());
          Result<json> body = json::object();
          if (!field_list.empty() || !ctx.req.body().empty()) body = parseJsonBodySpecs(ctx.req, field_list);
          if (!body) co_return errorOut(ctx, body.status());
          auto cmd = make(ctx, *body);
          if (!cmd) co_return errorOut(ctx, cmd.status());
          auto out = std::make_shared<Appeal>();
          auto visible = std::make_shared<bool>(false);
          Status st = co_await awaitWrite(
              app.store,
              services::thenPersonalRead(
                  app.appeals->applyWrite(*id, services::userActor(ctx.caller->user_id), std::move(*cmd), out),
                  actorOf(ctx), *id, app.clock.nowMs(), visible));
          if (!st && st.field() == "formulaic") {
            // Its own code, so the reply form can offer a supervisor's override.
            co_return http::errorResponse(http::bhttp::status::conflict, "formulaic", st.message(), ctx.req.version(),
                                          ctx.req.keep_alive());
          }
          if (st.code() == Code::kForbidden) {
            // Refused for a case the caller may not even see: answer as for no case at all.
            CaseView seen;
            Status found = readCase(app.store, [&](Reader& r) { return r.appealById(*id); }, seen);
            if (found && !services::maySeePersonalData(actorOf(ctx), *seen.appeal, seen.timeline))
              co_return errorOut(ctx, services::noSuchAppeal());
          }
          if (!st) co_return errorOut(ctx, st);
          if (!*visible) {
            // Done, and the case has left the caller's reach (e.g. transferred away from a handler
            // it was assigned to): only what they just did.
            co_return jsonOk(ctx, {{"appeal", {{"id", out->id}, {"state", appeals::stateName(out->state)}}},
                                   {"actions", json::array()}});
          }
          CaseView v;
          st = readCase(app.store, [&](Reader& r) { return r.appealById(*id); }, v);
          if (!st) co_return errorOut(ctx, st);
          co_return jsonOk(ctx, staffView(v, *ctx.caller, app.clock.nowMs()));
        },
        {summary, "appeals", schema}};
  };

  router.add(action(
      "accept", kCaseWorkers, {},
      [&app](http::RequestContext& ctx, const json&) -> Result<services::CaseCommand> {
        return app.appeals->accept(actorOf(ctx));
      },
      "Accept the case (the response)", ""));

  router.add(action(
      "reply", kCaseWorkers,
      {{"text", FieldType::kString, true, 2000},
       {"action", FieldType::kString, true, 500},
       {"responsible", FieldType::kString, true, 100},
       {"due", FieldType::kString, true, 10},
       {"override_reason", FieldType::kString, false, 500}},
      [&app](http::RequestContext& ctx, const json& b) -> Result<services::CaseCommand> {
        auto date = calendar::parseDate(b["due"].get<std::string>());
        if (!date) return invalid("完成时间格式应为 YYYY-MM-DD / due must be a date YYYY-MM-DD", "due");
        int64_t due = app.appeals->calendar()->closeOfBusinessMs(*date);
        std::string override_reason = b.value("override_reason", "");
        return app.appeals->reply(actorOf(ctx), b["text"], b["action"], b["responsible"], due, override_reason);
      },
      "Reply with a concrete action: what, by whom, by when (formulaic replies are refused)",
      R"({"type":"object","required":["text","action","responsible","due"],"additionalProperties":false,"properties":{"text":{"type":"string"},"action":{"type":"string"},"responsible":{"type":"string"},"due":{"type":"string","format":"date"},"override_reason":{"type":"string"}}})"));

  router.add(action(
      "transfer", kCaseWorkers,
      {{"department_id", FieldType::kInteger, true}, {"reason", FieldType::kString, true, 500}},
      [&app](http::RequestContext& ctx, const json& b) -> Result<services::CaseCommand> {
        return app.appeals->transfer(actorOf(ctx), b["department_id"].get<int64_t>(), b["reason"]);
      },
      "Transfer to another department (a reason is required; at most 2 transfers)",
      R"({"type":"object","required":["department_id","reason"],"additionalProperties":false,"properties":{"department_id":{"type":"integer"},"reason":{"type":"string"}}})"));

  router.add(action(
      "assign", kOversight,
      {{"department_id", FieldType::kInteger, true},
       {"handler_id", FieldType::kInteger, false, 0, true},
       {"reason", FieldType::kString, true, 500}},
      [&app](http::RequestContext& ctx, const json& b) -> Result<services::CaseCommand> {
        std::optional<int64_t> handler;
        if (b.contains("handler_id") && b["handler_id"].is_number_integer()) handler = b["handler_id"].get<int64_t>();
        return app.appeals->assign(actorOf(ctx), b["department_id"].get<int64_t>(), handler, b["reason"]);
      },
      "Supervisor's final assignment (首问负责制)",
      R"({"type":"object","required":["department_id","reason"],"additionalProperties":false,"properties":{"department_id":{"type":"integer"},"handler_id":{"type":["integer","null"]},"reason":{"type":"string"}}})"));

  router.add(action(
      "escalate", kCaseWorkers, {{"reason", FieldType::kString, true, 500}},
      [&app](http::RequestContext& ctx, const json& b) -> Result<services::CaseCommand> {
        return app.appeals->escalate(actorOf(ctx), b["reason"]);
      },
      "Escalate one level (department head, then supervisor)",
      R"({"type":"object","required":["reason"],"additionalProperties":false,"properties":{"reason":{"type":"string"}}})"));

  router.add({verb::get, "/api/v1/rectifications", kOversight,
              [&app](http::RequestContext& ctx) -> Awaitable {
                bool open_only = ctx.queryParam("open").value_or("") == "1";
                int64_t now = app.clock.nowMs();
                json list = json::array();
                Status st = app.store.read([&](Reader& r) -> Status {
                  Names names;
                  names.load(r);
                  for (const auto& x : r.listRectifications(open_only, 500)) list.push_back(rectificationJson(x, r, names, now));
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, {{"rectifications", list}});
              },
              {"Rectifications opened by bad ratings, with their follow-up calls (整改与回访)", "appeals"}});

  router.add({verb::post, "/api/v1/rectifications/{id}/followup", kOversight,
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto id = parseId(ctx.param("id"), "id");
                if (!id) co_return errorOut(ctx, id.status());
                auto body = parseJsonBody(ctx.req, {{"note", FieldType::kString, true, 500},
                                                    {"citizen_satisfied", FieldType::kBoolean, true}});
                if (!body) co_return errorOut(ctx, body.status());
                auto out = std::make_shared<appeals::Rectification>();
                Status st = co_await awaitWrite(
                    app.store, app.appeals->followupWrite(*id, ctx.caller->user_id, (*body)["note"].get<std::string>(),
                                                          (*body)["citizen_satisfied"].get<bool>(), out));
                if (!st) co_return errorOut(ctx, st);
                json j;
                int64_t now = app.clock.nowMs();
                st = app.store.read([&](Reader& r) -> Status {
                  Names names;
                  names.load(r);
                  j = rectificationJson(*out, r, names, now);
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, {{"rectification", j}});
              },
              {"Record the follow-up call (回访) that closes a rectification", "appeals",
               R"({"type":"object","required":["note","citizen_satisfied"],"additionalProperties":false,"properties":{"note":{"type":"string","minLength":5,"maxLength":500},"citizen_satisfied":{"type":"boolean"}}})"}});

  router.add({verb::get, "/api/v1/board", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto cal_ptr = app.appeals->calendar();
                const auto& cal = *cal_ptr;
                int64_t now = app.clock.nowMs();
                auto today = cal.localDate(now);
                calendar::Date from{today.year(), today.month(), std::chrono::day{1}}, to = today;
                if (auto f = ctx.queryParam("from"); f && !f->empty()) {
                  auto d = calendar::parseDate(*f);
                  if (!d) co_return errorOut(ctx, invalid("from 应为 YYYY-MM-DD / from must be a date", "from"));
                  from = *d;
                }
                if (auto t = ctx.queryParam("to"); t && !t->empty()) {
                  auto d = calendar::parseDate(*t);
                  if (!d) co_return errorOut(ctx, invalid("to 应为 YYYY-MM-DD / to must be a date", "to"));
                  to = *d;
                }
                if (std::chrono::sys_days(to) < std::chrono::sys_days(from))
                  co_return errorOut(ctx, invalid("结束日期早于开始日期 / to is before from", "to"));
                AppealQuery q;
                q.created_from = cal.toUtcMs(from, 0);
                q.created_to = cal.toUtcMs(calendar::Date(std::chrono::sys_days(to) + std::chrono::days(1)), 0);
                q.limit = 1000000;
                std::vector<Appeal> cases;
                Names names;
                Status st = app.store.read([&](Reader& r) -> Status {
                  names.load(r);
                  cases = r.listAppeals(q);
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                auto board = appeals::computeBoard(cases, now);
                auto rates = [](const appeals::Rates& r) {
                  auto opt = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
                  return json{{"cases", r.cases},
                              {"response_rate", opt(r.response_rate)},
                              {"resolution_rate", opt(r.resolution_rate)},
                              {"satisfaction_rate", opt(r.satisfaction_rate)},
                              {"on_time_rate", opt(r.on_time_rate)},
                              {"reopen_rate", opt(r.reopen_rate)},
                              {"override_rate", opt(r.override_rate)}};
                };
                json depts = json::array();
                for (const auto& d : board.departments) {
                  json j = rates(d.rates);
                  j["id"] = d.department_id;
                  j["name"] = names.dept(d.department_id);
                  j["ranked"] = d.ranked;
                  j["rank"] = d.rank ? json(*d.rank) : json(nullptr);
                  depts.push_back(j);
                }
                co_return jsonOk(ctx, {{"from", calendar::formatDate(from)},
                                       {"to", calendar::formatDate(to)},
                                       {"min_cases", board.min_cases},
                                       {"overall", rates(board.overall)},
                                       {"departments", depts}});
              },
              {"Public board: response, resolution and satisfaction rates (接诉即办) and more, per department, no "
               "personal data",
               "appeals"}});
}

}  // namespace onedoor::api
