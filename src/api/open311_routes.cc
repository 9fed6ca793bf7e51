// Open311 GeoReport v2 under /open311/v2/: discovery, services, service definitions, requests
// (filed through the same intake as every appeal), tokens, and FixMyStreet's servicerequestupdates.
// Every endpoint answers in XML or JSON by its suffix; errors use the spec's <errors> document.
#include <boost/asio/use_awaitable.hpp>
#include <cmath>
#include <map>

#include "api/await_store.h"
#include "api/json_body.h"
#include "api/route_groups.h"
#include "core/text.h"
#include "http/errors.h"
#include "open311/georeport.h"
#include "services/api_key_service.h"
#include "services/appeal_service.h"

namespace onedoor::api {

using nlohmann::json;
using open311::Doc;
using http::bhttp::verb;
using Awaitable = boost::asio::awaitable<http::Response>;

namespace {

constexpr const char* kBase = "/open311/v2";
constexpr int64_t kDayMs = 24LL * 3600 * 1000;
constexpr int64_t kDefaultWindowMs = 90 * kDayMs;  // the spec's default: the last 90 days
constexpr int64_t kMaxPageSize = 1000;             // the spec's default cap on results
// When this API last changed (discovery's changeset).
constexpr int64_t kChangesetMs = 1795708800000;  // 2026-11-27T00:00:00+08:00

enum class Format { kXml, kJson };

std::optional<Format> formatOf(const http::RequestContext& ctx) {
  std::string f = ctx.param("format");
  if (f == "xml") return Format::kXml;
  if (f == "json") return Format::kJson;
  return std::nullopt;
}

http::Response render(const http::RequestContext& ctx, Format fmt, const std::string& root, const Doc& doc,
                      int status = 200) {
  http::Response res{static_cast<http::bhttp::status>(status), ctx.req.version()};
  if (fmt == Format::kXml) {
    res.set(http::bhttp::field::content_type, "text/xml; charset=utf-8");
    res.body() = open311::toXml(root, doc);
  } else {
    res.set(http::bhttp::field::content_type, "application/json; charset=utf-8");
    res.body() = doc.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  res.set(http::bhttp::field::cache_control, "no-store");
  // Any 311 app in a browser may call this API (it needs no cookie).
  res.set(http::bhttp::field::access_control_allow_origin, "*");
  res.keep_alive(ctx.req.keep_alive());
  res.prepare_payload();
  return res;
}

http::Response fail(const http::RequestContext& ctx, Format fmt, const Status& st) {
  int code = static_cast<int>(http::httpStatusFor(st.code()));
  http::Response res = render(ctx, fmt, "errors", open311::errorsDoc(code, st.message()), code);
  // As every 503 of the server: the database is restarting; say when to retry (clients retry).
  if (code == 503) res.set(http::bhttp::field::retry_after, "1");
  return res;
}

// An unknown suffix (.html, .csv): answered in XML, the spec's default format.
http::Response unknownFormat(const http::RequestContext& ctx) {
  return fail(ctx, Format::kXml, notFound("只支持 .xml 和 .json / Only .xml and .json are served"));
}

// A parameter from the query (GET) or the form (POST); empty counts as absent.
std::optional<std::string> queryValue(const http::RequestContext& ctx, const std::string& name) {
  auto v = ctx.queryParam(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

Status checkJurisdiction(const App& app, const std::optional<std::string>& given) {
  if (app.open311_jurisdiction.empty() || !given || *given == app.open311_jurisdiction) return Status::ok();
  return notFound("没有这个辖区 / jurisdiction_id provided was not found: " + *given);
}

std::vector<std::string> splitList(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = s.find(',', i);
    if (j == std::string::npos) j = s.size();
    std::string item = s.substr(i, j - i);
    while (!item.empty() && item.front() == ' ') item.erase(0, 1);
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(item);
    i = j + 1;
  }
  return out;
}

Result<int64_t> positive(const std::optional<std::string>& v, int64_t fallback, int64_t max, const std::string& field) {
  if (!v) return fallback;
  auto n = parseId(*v, field);
  if (!n || *n < 1 || *n > max)
    return invalid(field + " 应为 1 到 " + std::to_string(max) + " 的整数 / " + field + " must be an integer from 1 to " +
                       std::to_string(max),
                   field);
  return *n;
}

// start_date / end_date → [from, to), the last 90 days when neither is given.
Status dateWindow(const http::RequestContext& ctx, const App& app, int64_t& from, int64_t& to) {
  auto start = queryValue(ctx, "start_date"), end = queryValue(ctx, "end_date");
  int off = app.open311_utc_offset_minutes;
  std::optional<int64_t> s, e;
  if (start) {
    s = open311::parseDatetime(*start, off);
    if (!s) return invalid("start_date 应为 W3C 日期时间 / start_date must be a W3C datetime", "start_date");
  }
  if (end) {
    e = open311::parseDatetime(*end, off);
    if (!e) return invalid("end_date 应为 W3C 日期时间 / end_date must be a W3C datetime", "end_date");
  }
  if (s && e && *e < *s) return invalid("end_date 早于 start_date / end_date is before start_date", "end_date");
  int64_t now = app.clock.nowMs();
  to = e ? *e + 1 : (s ? std::max(now, *s) + 1 : now + 1);
  from = s ? *s : to - 1 - kDefaultWindowMs;
  return Status::ok();
}

struct Lookup {
  std::map<std::string, std::string> categories;  // code → name
  std::map<int64_t, std::string> departments;
  void load(Reader& r) {
    for (const auto& c : r.listCategories()) categories[c.code] = c.name;
    for (const auto& d : r.listDepartments()) departments[d.id] = d.name;
  }
};

Doc requestsDoc(Reader& r, const std::vector<appeals::Appeal>& list, const Lookup& names, int offset) {
  Doc out = Doc::array();
  for (const auto& a : list) {
    auto sub = r.open311Submission(a.id);
    open311::RequestView v;
    v.appeal = &a;
    auto c = names.categories.find(a.category);
    v.service_name = c == names.categories.end() ? a.category : c->second;
    auto d = names.departments.find(a.department_id);
    v.agency = d == names.departments.end() ? "" : d->second;
    v.submission = sub ? &*sub : nullptr;
    out.push_back(open311::requestDoc(v, offset));
  }
  return out;
}

// What POST requests.{format} needs once the form is read and checked (the write itself is a
// plain WriteFn; see intakeWrite).
struct Filing {
  services::IntakeInput in;
  std::string account_id;
};

Result<Filing> readFiling(const open311::Form& form, Reader& r, int utc_offset) {
  Filing f;
  auto key = form.get("api_key");
  if (!key) return Status(Code::kForbidden, "缺少 api_key / api_key was not provided", "api_key");
  auto k = services::activeApiKey(r, *key);
  if (!k) return Status(Code::kForbidden, "api_key 无效或已停用 / api_key is invalid or revoked", "api_key");
  auto code = form.get("service_code");
  if (!code) return invalid("缺少 service_code / service_code was not provided", "service_code");
  auto cat = r.categoryByCode(*code);
  if (!cat || !cat->active) return notFound("没有这项服务 / service_code not found: " + *code);
  auto lat = form.get("lat"), lng = form.get("long");
  auto address = form.get("address_string"), address_id = form.get("address_id");
  if (lat || lng) {
    if (!lat || !lng) return invalid("lat 和 long 需要同时提供 / Give both lat and long", lat ? "long" : "lat");
    for (const auto* v : {&*lat, &*lng}) {
      char* end = nullptr;
      double x = std::strtod(v->c_str(), &end);
      if (!end || *end != '\0' || !std::isfinite(x))
        return invalid("lat/long 应为数字 / lat and long must be numbers", v == &*lat ? "lat" : "long");
    }
    f.in.lat = std::strtod(lat->c_str(), nullptr);
    f.in.lng = std::strtod(lng->c_str(), nullptr);
  } else if (!address && !address_id) {
    return invalid("需要位置：lat 和 long，或 address_string，或 address_id / A location is required: lat and long, "
                   "address_string or address_id",
                   "lat");
  }
  auto attrs = open311::checkAttributes(r.listCategoryAttributes(*code), form.attributes, utc_offset);
  if (!attrs) return attrs.status();
  Open311Submission sub;
  auto text = [&](const char* name, size_t max, std::string& into) -> Status {
    auto v = form.get(name);
    if (!v) return Status::ok();
    if (codePointCount(*v) > max)
      return invalid(std::string(name) + " 太长 / " + name + " is too long (at most " + std::to_string(max) + ")", name);
    into = *v;
    return Status::ok();
  };
  for (Status st : {text("email", 254, sub.email), text("device_id", 100, sub.device_id),
                    text("account_id", 100, sub.account_id), text("first_name", 40, sub.first_name),
                    text("last_name", 40, sub.last_name), text("media_url", 2000, sub.media_url),
                    text("address_id", 100, sub.address_id)}) {
    if (!st) return st;
  }
  if (!sub.email.empty() && (sub.email.find('@') == std::string::npos || sub.email.find(' ') != std::string::npos))
    return invalid("email 格式不正确 / email is not an address", "email");
  if (!sub.media_url.empty() && sub.media_url.rfind("https://", 0) != 0 && sub.media_url.rfind("http://", 0) != 0)
    return invalid("media_url 应为 http(s) 网址 / media_url must be an http(s) URL", "media_url");
  sub.attributes_json = attrs->dump();
  auto& in = f.in;
  in.channel = appeals::Channel::kOpen311;
  in.category = *code;
  // The description is optional in GeoReport v2; without one the service's name stands for it.
  in.text = form.get("description").value_or(cat->name);
  in.address = address.value_or("");
  in.phone = form.get("phone").value_or("");
  in.name = sub.first_name + (sub.first_name.empty() || sub.last_name.empty() ? "" : " ") + sub.last_name;
  in.actor = "open311:" + std::to_string(k->id);
  in.api_key_id = k->id;
  f.account_id = sub.account_id;
  in.open311 = std::move(sub);
  return f;
}

// Intake speaks of the appeal's fields; a 311 client knows them by their Open311 names.
Status inOpen311Terms(const Status& st) {
  static const std::map<std::string, std::string> kNames = {
      {"text", "description"}, {"address", "address_string"}, {"name", "first_name"}, {"lng", "long"}};
  auto it = kNames.find(st.field());
  if (it == kNames.end()) return st;
  return Status(st.code(), st.message() + " (" + it->second + ")", it->second);
}

std::string datePart(int64_t ms, int offset) { return open311::formatDatetime(ms, offset).substr(0, 10); }

}  // namespace

void registerOpen311Routes(http::Router& router, App& app) {
  const std::string base = kBase;

  router.add({verb::get, base + "/discovery.{format}", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto fmt = formatOf(ctx);
                if (!fmt) co_return unknownFormat(ctx);
                std::string host(ctx.req[http::bhttp::field::host]);
                if (host.empty()) host = "localhost";
                std::string changeset = open311::formatDatetime(kChangesetMs, app.open311_utc_offset_minutes);
                Doc endpoint;
                endpoint["specification"] = "http://wiki.open311.org/GeoReport_v2";
                endpoint["url"] = (app.secure_cookies ? "https://" : "http://") + host + kBase;  // behind TLS
                endpoint["changeset"] = changeset;
                endpoint["type"] = "production";
                endpoint["formats"] = Doc::array({"text/xml", "application/json"});
                Doc d;
                d["changeset"] = changeset;
                d["contact"] = "12345 热线 / the 12345 hotline";
                d["key_service"] = "向服务中心管理员申请 API 密钥 / Ask the centre's administrator for an API key";
                d["endpoints"] = Doc::array({endpoint});
                co_return render(ctx, *fmt, "discovery", d);
              },
              {"Open311 discovery", "open311"}});

  router.add({verb::get, base + "/services.{format}", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto fmt = formatOf(ctx);
                if (!fmt) co_return unknownFormat(ctx);
                if (Status st = checkJurisdiction(app, queryValue(ctx, "jurisdiction_id")); !st) co_return fail(ctx, *fmt, st);
                Doc list = Doc::array();
                Status st = app.store.read([&](Reader& r) -> Status {
                  for (const auto& c : r.listCategories()) {
                    if (c.active) list.push_back(open311::serviceDoc(c, !r.listCategoryAttributes(c.code).empty()));
                  }
                  return Status::ok();
                });
                if (!st) co_return fail(ctx, *fmt, st);
                co_return render(ctx, *fmt, "services", list);
              },
              {"Open311 services: the appeal categories", "open311"}});

  router.add({verb::get, base + "/services/{service_code}.{format}", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto fmt = formatOf(ctx);
                if (!fmt) co_return unknownFormat(ctx);
                if (Status st = checkJurisdiction(app, queryValue(ctx, "jurisdiction_id")); !st) co_return fail(ctx, *fmt, st);
                std::string code = ctx.param("service_code");
                Doc d;
                Status st = app.store.read([&](Reader& r) -> Status {
                  auto c = r.categoryByCode(code);
                  if (!c || !c->active) return notFound("没有这项服务 / service_code not found: " + code);
                  d = open311::serviceDefinitionDoc(code, r.listCategoryAttributes(code));
                  return Status::ok();
                });
                if (!st) co_return fail(ctx, *fmt, st);
                co_return render(ctx, *fmt, "service_definition", d);
              },
              {"Open311 service definition: the extra questions of a category", "open311"}});

  router.add({verb::post, base + "/requests.{format}", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto fmt = formatOf(ctx);
                if (!fmt) co_return unknownFormat(ctx);
                auto ct = ctx.req[http::bhttp::field::content_type];
                if (ct.substr(0, ct.find(';')) != "application/x-www-form-urlencoded")
                  co_return fail(ctx, *fmt, invalid("请以表单编码提交 / Send application/x-www-form-urlencoded"));
                auto form = open311::parseForm(ctx.req.body());
                if (!form) co_return fail(ctx, *fmt, form.status());
                auto jurisdiction = form->get("jurisdiction_id");
                if (!jurisdiction) jurisdiction = queryValue(ctx, "jurisdiction_id");
                if (Status st = checkJurisdiction(app, jurisdiction); !st) co_return fail(ctx, *fmt, st);
                Result<Filing> filing = Status();
                Status st = app.store.read([&](Reader& r) -> Status {
                  filing = readFiling(*form, r, app.open311_utc_offset_minutes);
                  return Status::ok();
                });
                if (!st) co_return fail(ctx, *fmt, st);
                if (!filing) co_return fail(ctx, *fmt, filing.status());
                std::string account_id = filing->account_id;
                auto out = std::make_shared<services::IntakeOutcome>();
                st = co_await awaitWrite(app.store, app.appeals->intakeWrite(std::move(filing->in), out));
                if (!st) co_return fail(ctx, *fmt, inOpen311Terms(st));
                int off = app.open311_utc_offset_minutes;
                Doc item;
                item["service_request_id"] = std::to_string(out->appeal.id);
                item["token"] = out->appeal.tracking_code;
                item["service_notice"] = "已受理登记，预计 " + datePart(out->appeal.resolution_due, off) +
                                         " 前答复 / Registered; an answer is expected by " +
                                         datePart(out->appeal.resolution_due, off);
                item["account_id"] = account_id.empty() ? Doc(nullptr) : Doc(account_id);
                co_return render(ctx, *fmt, "service_requests", Doc::array({item}), 201);
              },
              {"Open311: file a service request (becomes an appeal; needs api_key)", "open311"}});

  router.add({verb::get, base + "/tokens/{token}.{format}", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto fmt = formatOf(ctx);
                if (!fmt) co_return unknownFormat(ctx);
                if (Status st = checkJurisdiction(app, queryValue(ctx, "jurisdiction_id")); !st) co_return fail(ctx, *fmt, st);
                std::string token = ctx.param("token");
                Doc item;
                Status st = app.store.read([&](Reader& r) -> Status {
                  auto a = r.appealByTrackingCode(token);
                  if (!a || a->channel != appeals::Channel::kOpen311) return notFound("没有这个 token / token not found");
                  item["service_request_id"] = std::to_string(a->id);
                  item["token"] = token;
                  return Status::ok();
                });
                if (!st) co_return fail(ctx, *fmt, st);
                co_return render(ctx, *fmt, "service_requests", Doc::array({item}));
              },
              {"Open311: the service request id behind a token", "open311"}});

  router.add({verb::get, base + "/requests.{format}", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto fmt = formatOf(ctx);
                if (!fmt) co_return unknownFormat(ctx);
                if (Status st = checkJurisdiction(app, queryValue(ctx, "jurisdiction_id")); !st) co_return fail(ctx, *fmt, st);
                AppealQuery q;
                q.channel = appeals::Channel::kOpen311;
                q.newest_first = true;
                auto page = positive(queryValue(ctx, "page"), 1, 1000000, "page");
                if (!page) co_return fail(ctx, *fmt, page.status());
                auto size = positive(queryValue(ctx, "page_size"), kMaxPageSize, kMaxPageSize, "page_size");
                if (!size) co_return fail(ctx, *fmt, size.status());
                q.limit = *size;
                q.offset = (*page - 1) * *size;
                if (auto ids = queryValue(ctx, "service_request_id")) {
                  // A list of ids overrides every other filter.
                  for (const auto& s : splitList(*ids)) {
                    auto id = parseId(s, "service_request_id");
                    if (!id) co_return fail(ctx, *fmt, id.status());
                    q.ids.push_back(*id);
                  }
                  if (q.ids.empty()) q.ids.push_back(0);
                } else {
                  if (auto codes = queryValue(ctx, "service_code")) q.categories = splitList(*codes);
                  if (auto status = queryValue(ctx, "status")) {
                    for (const auto& s : splitList(*status)) {
                      auto states = open311::statesFor(s);
                      if (states.empty())
                        co_return fail(ctx, *fmt, invalid("status 应为 open 或 closed / status must be open or closed", "status"));
                      q.states.insert(q.states.end(), states.begin(), states.end());
                    }
                  }
                  int64_t from = 0, to = 0;
                  if (Status st = dateWindow(ctx, app, from, to); !st) co_return fail(ctx, *fmt, st);
                  q.created_from = from;
                  q.created_to = to;
                }
                Doc list;
                Status st = app.store.read([&](Reader& r) -> Status {
                  Lookup names;
                  names.load(r);
                  list = requestsDoc(r, r.listAppeals(q), names, app.open311_utc_offset_minutes);
                  return Status::ok();
                });
                if (!st) co_return fail(ctx, *fmt, st);
                co_return render(ctx, *fmt, "service_requests", list);
              },
              {"Open311: service requests filed through Open311, newest first", "open311"}});

  router.add({verb::get, base + "/requests/{id}.{format}", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto fmt = formatOf(ctx);
                if (!fmt) co_return unknownFormat(ctx);
                if (Status st = checkJurisdiction(app, queryValue(ctx, "jurisdiction_id")); !st) co_return fail(ctx, *fmt, st);
                auto id = parseId(ctx.param("id"), "service_request_id");
                Doc list;
                Status st = app.store.read([&](Reader& r) -> Status {
                  std::optional<appeals::Appeal> a;
                  if (id) a = r.appealById(*id);
                  if (!a || a->channel != appeals::Channel::kOpen311)
                    return notFound("没有这个服务请求 / service_request_id not found: " + ctx.param("id"));
                  Lookup names;
                  names.load(r);
                  list = requestsDoc(r, {*a}, names, app.open311_utc_offset_minutes);
                  return Status::ok();
                });
                if (!st) co_return fail(ctx, *fmt, st);
                co_return render(ctx, *fmt, "service_requests", list);
              },
              {"Open311: one service request", "open311"}});

  router.add({verb::get, base + "/servicerequestupdates.{format}", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto fmt = formatOf(ctx);
                if (!fmt) co_return unknownFormat(ctx);
                if (Status st = checkJurisdiction(app, queryValue(ctx, "jurisdiction_id")); !st) co_return fail(ctx, *fmt, st);
                int64_t from = 0, to = 0;
                if (Status st = dateWindow(ctx, app, from, to); !st) co_return fail(ctx, *fmt, st);
                Doc list = Doc::array();
                Status st = app.store.read([&](Reader& r) -> Status {
                  std::map<int64_t, bool> open311_case;
                  for (const auto& e : r.eventsBetween(from, to, "appeal:", 10000)) {
                    auto id = parseId(e.subject.substr(7), "subject");
                    if (!id) continue;
                    auto it = open311_case.find(*id);
                    if (it == open311_case.end()) {
                      auto a = r.appealById(*id);
                      it = open311_case.emplace(*id, a && a->channel == appeals::Channel::kOpen311).first;
                    }
                    if (it->second) list.push_back(open311::updateDoc(e, *id, app.open311_utc_offset_minutes));
                  }
                  return Status::ok();
                });
                if (!st) co_return fail(ctx, *fmt, st);
                co_return render(ctx, *fmt, "service_requests_updates", list);
              },
              {"Open311 (FixMyStreet extension): updates of service requests between start_date and end_date",
               "open311"}});
}

}  // namespace onedoor::api
