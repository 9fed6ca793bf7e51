// Matters over HTTP (docs/matters-api.md): citizens' search, the guide and the materials precheck;
// the admin's drafts, publishing and versions; the plain-language check and the jargon list.
#include <boost/asio/use_awaitable.hpp>
#include <map>

#include "api/await_store.h"
#include "core/json_depth.h"
#include "api/json_body.h"
#include "api/route_groups.h"
#include "core/text.h"
#include "http/errors.h"
#include "matters/matter_json.h"
#include "matters/rules.h"
#include "services/matter_service.h"

namespace onedoor::api {

using matters::Matter;
using matters::MatterRecord;
using nlohmann::json;
using http::bhttp::verb;
using Awaitable = boost::asio::awaitable<http::Response>;

namespace {

json plainReportJson(const text::PlainReport& r) {
  json sentences = json::array();
  for (const auto& s : r.sentences) {
    json problems = json::array();
    for (const auto& p : s.problems) {
      json pj = {{"kind", p.kind}, {"text", p.text}, {"start", p.start}, {"length", p.length}};
      if (!p.suggestion.empty()) pj["suggestion"] = p.suggestion;
      problems.push_back(pj);
    }
    sentences.push_back({{"text", s.text}, {"start", s.start}, {"length", s.length}, {"chars", s.chars},
                         {"problems", problems}});
  }
  return {{"score", r.score},
          {"sentences", sentences},
          {"worst", r.worst},
          {"limits", {{"sentence_chars", r.sentence_char_limit}}}};
}

std::map<int64_t, std::string> departmentNames(Reader& r) {
  std::map<int64_t, std::string> out;
  for (const auto& d : r.listDepartments()) out[d.id] = d.name;
  return out;
}

std::string nameOf(const std::map<int64_t, std::string>& names, int64_t id) {
  auto it = names.find(id);
  return it == names.end() ? "" : it->second;
}

// The contract's *Matter*: the stored fields, the department's name and the guide's plain score.
json matterOut(const Matter& m, const std::map<int64_t, std::string>& depts, const text::PlainLanguageChecker* checker) {
  json j = matters::matterToJson(m);
  j["department_name"] = nameOf(depts, m.department_id);
  j["plain"] = {{"score", checker ? checker->check(m.summary).score : 100}};
  return j;
}

// A matter body as the admin editor sends it: JSON object, the contract's fields (others ignored).
Result<Matter> matterBody(const http::Request& req) {
  auto ct = req[http::bhttp::field::content_type];
  if (ct.substr(0, ct.find(';')) != "application/json")
    return invalid("请以 JSON 格式提交（Content-Type: application/json） / Send the body as application/json");
  if (!isValidUtf8(req.body())) return invalid("内容不是有效的 UTF-8 文本 / The body is not valid UTF-8 text");
  if (!jsonDepthWithin(req.body())) return invalid(kJsonTooDeepMessage);
  json j = json::parse(req.body(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return invalid("请求内容应为 JSON 对象 / The body must be a JSON object");
  return matters::matterFromJson(j);
}

// A published matter as the contract's *Matter*: the current version (the guide) when `version` is
// empty, else that version; kNotFound with `not_found` when there is none. A plain function, so
// the store read's lambda is not inside a coroutine (GCC 12 coroutine bug).
Result<json> publishedMatterOut(App& app, services::MatterService& svc, int64_t id, std::optional<int64_t> version,
                                const char* not_found) {
  std::optional<Matter> m;
  std::map<int64_t, std::string> depts;
  Status st = app.store.read([&](Reader& r) -> Status {
    if (!version) m = r.publishedMatter(id);
    else if (*version > 0 && *version < 1000000) m = r.publishedMatterVersion(id, static_cast<int>(*version));
    depts = departmentNames(r);
    return Status::ok();
  });
  if (!st) return st;
  if (!m) return notFound(not_found);
  auto checker = svc.checker();
  if (!checker) return checker.status();
  return matterOut(*m, depts, checker->get());
}

// A matter just written, as the admin sees it: {"matter": the contract's Matter} and, with
// `with_plain`, the plain-language report of its summary. A plain function (GCC 12 coroutine bug).
Result<json> writtenMatterOut(App& app, services::MatterService& svc, const Matter& m, bool with_plain) {
  std::map<int64_t, std::string> depts;
  Status read = app.store.read([&](Reader& r) -> Status {
    depts = departmentNames(r);
    return Status::ok();
  });
  if (!read) return read;
  auto checker = svc.checker();
  if (!checker) return checker.status();
  json out = {{"matter", matterOut(m, depts, checker->get())}};
  if (with_plain) out["plain"] = plainReportJson((*checker)->check(m.summary));
  return out;
}

struct AdminList {
  std::vector<MatterRecord> records;
  std::map<int64_t, Matter> published;
  std::map<int64_t, std::string> depts;
};

const char* kMatterSchema =
    R"({"type":"object","required":["code","name","summary","department_id"],"properties":{"code":{"type":"string"},"name":{"type":"string","maxLength":60},"summary":{"type":"string"},"who":{"type":"string"},"conditions":{"type":"array","items":{"type":"string"}},"materials":{"type":"array","items":{"type":"object","required":["id","name"],"properties":{"id":{"type":"string"},"name":{"type":"string"},"description":{"type":"string"},"example":{"type":"string"},"original":{"type":"boolean"},"copies":{"type":"integer"},"issuer":{"type":"string"},"alternatives":{"type":"array","items":{"type":"string"}},"optional":{"type":"boolean"}}}},"fee":{"type":"string"},"legal_basis":{"type":"array","items":{"type":"string"}},"statutory_days":{"type":["integer","null"]},"promised_days":{"type":["integer","null"]},"channels":{"type":"string","enum":["online","window","both"]},"promised_trips":{"type":"integer","enum":[0,1]},"department_id":{"type":"integer"},"hall_services":{"type":"array","items":{"type":"string"}},"keywords":{"type":"array","items":{"type":"string"}}}})";

}  // namespace

void registerMatterRoutes(http::Router& router, App& app) {
  // One service per router: its search index and checker are caches over the store.
  auto svc = std::make_shared<services::MatterService>(app.store, app.clock);

  router.add({verb::get, "/api/v1/matters", {},
              [&app, svc](http::RequestContext& ctx) -> Awaitable {
                std::string q = ctx.queryParam("q").value_or("");
                int64_t limit = 500;  // "empty q lists all": the default is the maximum
                if (auto l = ctx.queryParam("limit"); l && !l->empty()) {
                  auto n = parseId(*l, "limit");
                  if (!n || *n < 1 || *n > 500) co_return errorOut(ctx, invalid("limit 应在 1 到 500 之间 / limit must be 1 to 500", "limit"));
                  limit = *n;
                }
                if (codePointCount(q) > 50) co_return errorOut(ctx, invalid("搜索词太长 / The query is too long", "q"));
                auto hits = svc->search(q, static_cast<size_t>(limit));
                if (!hits) co_return errorOut(ctx, hits.status());
                std::map<int64_t, Matter> by_id;
                std::map<int64_t, std::string> depts;
                Status st = app.store.read([&](Reader& r) -> Status {
                  for (auto& m : r.listPublishedMatters()) by_id[m.id] = std::move(m);
                  depts = departmentNames(r);
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                json list = json::array();
                for (const auto& h : *hits) {
                  auto it = by_id.find(h.id);
                  if (it == by_id.end()) continue;  // unpublished since the index was built
                  const Matter& m = it->second;
                  list.push_back({{"id", m.id},
                                  {"code", m.code},
                                  {"name", m.name},
                                  {"name_en", m.name_en},
                                  {"summary", m.summary},
                                  {"department_name", nameOf(depts, m.department_id)},
                                  {"promised_trips", m.promised_trips},
                                  {"channels", matters::channelsName(m.channels)},
                                  {"match", h.match.empty() ? json(nullptr) : json(h.match)}});
                }
                co_return jsonOk(ctx, {{"matters", list}});
              },
              {"Search published matters by Chinese text, full pinyin or pinyin initials; empty q lists all by code",
               "matters"}});

  router.add({verb::get, "/api/v1/matters/{id}", {},
              [&app, svc](http::RequestContext& ctx) -> Awaitable {
                auto id = parseId(ctx.param("id"), "id");
                if (!id) co_return errorOut(ctx, notFound("找不到该事项 / No such matter"));
                auto out = publishedMatterOut(app, *svc, *id, std::nullopt, "找不到该事项 / No such matter");
                if (!out) co_return errorOut(ctx, out.status());
                co_return jsonOk(ctx, *out);
              },
              {"The current published version of a matter (the guide)", "matters"}});

  router.add({verb::get, "/api/v1/matters/{id}/versions", kAnyStaff,
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto id = parseId(ctx.param("id"), "id");
                if (!id) co_return errorOut(ctx, id.status());
                std::optional<MatterRecord> rec;
                std::vector<matters::MatterVersionInfo> versions;
                Status st = app.store.read([&](Reader& r) -> Status {
                  rec = r.matterById(*id);
                  versions = r.listMatterVersions(*id);
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                if (!rec) co_return errorOut(ctx, notFound("找不到该事项 / No such matter"));
                json list = json::array();
                for (const auto& v : versions)
                  list.push_back({{"version", v.version}, {"published_at", v.published_at}, {"published_by", v.published_by}});
                co_return jsonOk(ctx, {{"versions", list}});
              },
              {"Published versions of a matter, newest first", "matters"}});

  router.add({verb::get, "/api/v1/matters/{id}/versions/{v}", kAnyStaff,
              [&app, svc](http::RequestContext& ctx) -> Awaitable {
                auto id = parseId(ctx.param("id"), "id");
                if (!id) co_return errorOut(ctx, id.status());
                auto v = parseId(ctx.param("v"), "v");
                if (!v) co_return errorOut(ctx, v.status());
                auto out = publishedMatterOut(app, *svc, *id, *v, "找不到该版本 / No such version of the matter");
                if (!out) co_return errorOut(ctx, out.status());
                co_return jsonOk(ctx, *out);
              },
              {"One published version of a matter", "matters"}});

  router.add({verb::post, "/api/v1/matters/{id}/precheck", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto id = parseId(ctx.param("id"), "id");
                if (!id) co_return errorOut(ctx, notFound("找不到该事项 / No such matter"));
                auto body = parseJsonBody(ctx.req, {{"have", FieldType::kArray, true}});
                if (!body) co_return errorOut(ctx, body.status());
                auto have = materialIdList(*body, "have", 100);
                if (!have) co_return errorOut(ctx, have.status());
                std::optional<Matter> m;
                Status st = app.store.read([&](Reader& r) -> Status {
                  m = r.publishedMatter(*id);
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                if (!m) co_return errorOut(ctx, notFound("找不到该事项 / No such matter"));
                if (Status s = matters::checkMaterialIds(*m, *have, "have"); !s) co_return errorOut(ctx, s);
                json missing = json::array();
                for (const auto* x : matters::missingMaterials(*m, *have))
                  missing.push_back({{"id", x->id}, {"name", x->name}, {"issuer", x->issuer},
                                     {"alternatives", x->alternatives}, {"description", x->description}});
                bool complete = missing.empty();
                co_return jsonOk(ctx, {{"missing", missing}, {"complete", complete}});
              },
              {"Which required materials are still missing, with where to get each", "matters",
               R"({"type":"object","required":["have"],"properties":{"have":{"type":"array","items":{"type":"string"}}}})",
               R"({"type":"object","properties":{"missing":{"type":"array"},"complete":{"type":"boolean"}}})"}});

  router.add({verb::get, "/api/v1/admin/matters", kAdminOnly,
              [&app, svc](http::RequestContext& ctx) -> Awaitable {
                AdminList l;
                Status st = app.store.read([&](Reader& r) -> Status {
                  l.records = r.listMatters();
                  for (auto& m : r.listPublishedMatters()) l.published[m.id] = std::move(m);
                  l.depts = departmentNames(r);
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                auto checker = svc->checker();
                if (!checker) co_return errorOut(ctx, checker.status());
                json list = json::array();
                for (const auto& rec : l.records) {
                  auto pub = l.published.find(rec.draft.id);
                  bool published = pub != l.published.end();
                  json j = matterOut(published ? pub->second : rec.draft, l.depts, checker->get());
                  j["draft"] = rec.draft_dirty || !published ? matterOut(rec.draft, l.depts, checker->get()) : json(nullptr);
                  j["published"] = published;
                  list.push_back(j);
                }
                co_return jsonOk(ctx, {{"matters", list}});
              },
              {"Every matter with its draft (admin)", "matters"}});

  router.add({verb::post, "/api/v1/admin/matters", kAdminOnly,
              [&app, svc](http::RequestContext& ctx) -> Awaitable {
                auto m = matterBody(ctx.req);
                if (!m) co_return errorOut(ctx, m.status());
                auto out = std::make_shared<MatterRecord>();
                WriteFn fn = svc->createWrite(std::move(*m), ctx.caller->user_id, out);
                Status st = co_await awaitWrite(app.store, std::move(fn));
                if (!st) co_return errorOut(ctx, st);
                auto body = writtenMatterOut(app, *svc, out->draft, false);
                if (!body) co_return errorOut(ctx, body.status());
                co_return jsonOk(ctx, *body, 201);
              },
              {"Create a matter (saved as a draft; publish to show it to citizens)", "matters", kMatterSchema, "", 201}});

  router.add({verb::put, "/api/v1/admin/matters/{id}", kAdminOnly,
              [&app, svc](http::RequestContext& ctx) -> Awaitable {
                auto id = parseId(ctx.param("id"), "id");
                if (!id) co_return errorOut(ctx, id.status());
                auto m = matterBody(ctx.req);
                if (!m) co_return errorOut(ctx, m.status());
                auto out = std::make_shared<MatterRecord>();
                WriteFn fn = svc->saveWrite(*id, std::move(*m), ctx.caller->user_id, out);
                Status st = co_await awaitWrite(app.store, std::move(fn));
                if (!st) co_return errorOut(ctx, st);
                auto body = writtenMatterOut(app, *svc, out->draft, true);
                if (!body) co_return errorOut(ctx, body.status());
                co_return jsonOk(ctx, *body);
              },
              {"Save a matter's draft; answers with the plain-language report of its summary", "matters",
               kMatterSchema}});

  router.add({verb::post, "/api/v1/admin/matters/{id}/publish", kAdminOnly,
              [&app, svc](http::RequestContext& ctx) -> Awaitable {
                auto id = parseId(ctx.param("id"), "id");
                if (!id) co_return errorOut(ctx, id.status());
                auto out = std::make_shared<Matter>();
                WriteFn fn = svc->publishWrite(*id, ctx.caller->user_id, out);
                Status st = co_await awaitWrite(app.store, std::move(fn));
                if (!st) co_return errorOut(ctx, st);
                svc->invalidateSearch();
                auto body = writtenMatterOut(app, *svc, *out, false);
                if (!body) co_return errorOut(ctx, body.status());
                co_return jsonOk(ctx, *body);
              },
              {"Publish the draft as the matter's next version (earlier versions are kept)", "matters"}});

  router.add({verb::post, "/api/v1/plain-language/check", kAnyStaff,
              [svc](http::RequestContext& ctx) -> Awaitable {
                auto body = parseJsonBody(ctx.req, {{"text", FieldType::kString, true, 5000}});
                if (!body) co_return errorOut(ctx, body.status());
                auto checker = svc->checker();
                if (!checker) co_return errorOut(ctx, checker.status());
                auto report = (*checker)->check((*body)["text"].get<std::string>());
                co_return jsonOk(ctx, plainReportJson(report));
              },
              {"Plain-language check of a guide text: long sentences, jargon, undefined abbreviations, stacked passives",
               "matters", R"({"type":"object","required":["text"],"properties":{"text":{"type":"string","maxLength":5000}}})"}});

  router.add({verb::get, "/api/v1/admin/jargon", kAdminOnly,
              [&app](http::RequestContext& ctx) -> Awaitable {
                std::vector<matters::JargonEntry> terms;
                Status st = app.store.read([&](Reader& r) -> Status {
                  terms = services::MatterService::jargonOrDefault(r);
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                json list = json::array();
                for (const auto& t : terms) list.push_back({{"term", t.term}, {"plain", t.plain}});
                co_return jsonOk(ctx, {{"terms", list}});
              },
              {"The jargon list of the plain-language checker (the shipped one until an admin saves one)", "matters"}});

  router.add({verb::put, "/api/v1/admin/jargon", kAdminOnly,
              [&app, svc](http::RequestContext& ctx) -> Awaitable {
                auto body = parseJsonBody(ctx.req, {{"terms", FieldType::kArray, true}});
                if (!body) co_return errorOut(ctx, body.status());
                std::vector<matters::JargonEntry> terms;
                const json& arr = (*body)["terms"];
                for (size_t i = 0; i < arr.size(); ++i) {
                  const json& t = arr[i];
                  std::string field = "terms[" + std::to_string(i) + "]";
                  if (!t.is_object() || !t.contains("term") || !t["term"].is_string() ||
                      (t.contains("plain") && !t["plain"].is_string()))
                    co_return errorOut(ctx, invalid("每条应为 {term, plain} / each entry must be {term, plain}", field));
                  std::string term = t["term"].get<std::string>();
                  std::string plain = t.value("plain", "");
                  if (term.find_first_not_of(' ') == std::string::npos || codePointCount(term) > 20 ||
                      codePointCount(plain) > 40 || !isValidUtf8(term) || !isValidUtf8(plain))
                    co_return errorOut(ctx, invalid("术语 1–20 个字，替换词最多 40 个字 / a term has 1–20 characters, its plain words at most 40",
                                                    field + ".term"));
                  terms.push_back({term, plain});
                }
                WriteFn fn = svc->saveJargonWrite(terms, ctx.caller->user_id);
                Status st = co_await awaitWrite(app.store, std::move(fn));
                if (!st) co_return errorOut(ctx, st);
                svc->invalidateChecker();
                json list = json::array();
                for (const auto& t : terms) list.push_back({{"term", t.term}, {"plain", t.plain}});
                co_return jsonOk(ctx, {{"terms", list}});
              },
              {"Replace the jargon list", "matters",
               R"({"type":"object","required":["terms"],"properties":{"terms":{"type":"array","items":{"type":"object","required":["term"],"properties":{"term":{"type":"string"},"plain":{"type":"string"}}}}}})"}});
}

}  // namespace onedoor::api
