// Sessions: login (argon2id check, rate limit), logout, "who am I", and the per-request authorizer
// (cookie → caller, route roles, CSRF double-submit on writes).
#include <boost/asio/use_awaitable.hpp>

#include "api/await_store.h"
#include "api/json_body.h"
#include "api/route_groups.h"
#include "core/random.h"
#include "people/password.h"
#include "services/people_service.h"

namespace onedoor::api {

// A hash of no one's password with `cost`, made once per cost (made lazily: hashing is slow).
static const std::string& dummyHash(people::HashCost cost) {
  if (cost == people::HashCost::kFast) {
    static const std::string fast = people::hashPassword("not-a-real-password", cost).value();
    return fast;
  }
  static const std::string interactive = people::hashPassword("not-a-real-password", cost).value();
  return interactive;
}

using nlohmann::json;
using http::bhttp::verb;

static constexpr char kSessionCookie[] = "onedoor_session";
static constexpr char kCsrfCookie[] = "onedoor_csrf";

static std::string cookieValue(std::string_view header, std::string_view name) {
  size_t i = 0;
  while (i < header.size()) {
    size_t j = header.find(';', i);
    if (j == std::string_view::npos) j = header.size();
    std::string_view part = header.substr(i, j - i);
    i = j + 1;
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
  }
  return {};
}

Status checkCsrf(const http::RequestContext& ctx) {
  if (!ctx.caller) return {Code::kUnauthorized, "请先登录 / Please sign in first"};
  auto header = ctx.req["X-CSRF-Token"];
  if (header.empty() || header != ctx.caller->csrf_token)
    return {Code::kForbidden, "安全校验失败，请刷新页面后重试 / CSRF check failed; reload the page and retry"};
  return Status::ok();
}

http::Authorizer makeAuthorizer(App& app) {
  return [&app](http::RequestContext& ctx, const http::Route& route) -> Status {
    std::string token = cookieValue(ctx.req[http::bhttp::field::cookie], kSessionCookie);
    if (!token.empty() && token.size() <= 128) {
      std::string token_hash = blake2bHex(token);
      int64_t now = app.clock.nowMs();
      Status st = app.store.read([&](Reader& r) -> Status {
        auto s = r.sessionByTokenHash(token_hash);
        if (!s || s->expires_at <= now) return Status::ok();
        auto u = r.userById(s->user_id);
        if (!u || u->disabled) return Status::ok();
        ctx.caller = http::Caller{u->id, u->username, u->role, u->department_id, s->csrf_token, token_hash};
        return Status::ok();
      });
      if (!st) return st;
    }
    if (route.roles.empty()) return Status::ok();
    if (!ctx.caller) return {Code::kUnauthorized, "请先登录 / Please sign in first"};
    bool allowed = false;
    for (const auto& r : route.roles) allowed = allowed || r == ctx.caller->role;
    if (!allowed) return {Code::kForbidden, "您的岗位无权进行此操作 / Your role may not do this"};
    auto m = ctx.req.method();
    if (m != verb::get && m != verb::head && m != verb::options) return checkCsrf(ctx);
    return Status::ok();
  };
}

json userJson(const User& u, const std::optional<Department>& dept) {
  json j = {{"id", u.id},           {"username", u.username}, {"display_name", u.display_name},
            {"role", u.role},       {"disabled", u.disabled}, {"presence", u.presence}};
  j["department_id"] = u.department_id ? json(*u.department_id) : json(nullptr);
  j["backup_user_id"] = u.backup_user_id ? json(*u.backup_user_id) : json(nullptr);
  if (dept) j["department"] = dept->name;
  return j;
}

static std::string cookie(const App& app, const char* name, const std::string& value, int64_t max_age_s,
                          bool http_only) {
  std::string c = std::string(name) + "=" + value + "; Path=/; SameSite=Strict; Max-Age=" + std::to_string(max_age_s);
  if (http_only) c += "; HttpOnly";
  if (app.secure_cookies) c += "; Secure";
  return c;
}

static json sessionBody(const User& u, const std::optional<Department>& d, const std::string& csrf) {
  return {{"user", userJson(u, d)}, {"csrf_token", csrf}};
}

static const char* kUserSchema =
    R"({"type":"object","properties":{"id":{"type":"integer"},"username":{"type":"string"},"display_name":{"type":"string"},"role":{"type":"string","enum":["admin","supervisor","handler","clerk","operator"]},"department_id":{"type":["integer","null"]},"department":{"type":"string"},"backup_user_id":{"type":["integer","null"]},"disabled":{"type":"boolean"},"presence":{"type":"string","enum":["on_duty","break","out","off"]}}})";

void registerSessionRoutes(http::Router& router, App& app) {
  std::string session_schema =
      std::string(R"({"type":"object","properties":{"user":)") + kUserSchema + R"(,"csrf_token":{"type":"string"}}})";

  router.add({verb::post, "/api/v1/session", {},
              [&app](http::RequestContext& ctx) -> boost::asio::awaitable<http::Response> {
                auto body = parseJsonBody(ctx.req, {{"username", FieldType::kString, true, 64},
                                                    {"password", FieldType::kString, true, 256}});
                if (!body) co_return errorOut(ctx, body.status());
                std::string username = (*body)["username"];
                std::string password = (*body)["password"];
                int64_t now = app.clock.nowMs();
                int64_t retry_ms = 0;
                if (!app.login_limiter.allowed(username, ctx.remote_address, now, &retry_ms)) {
                  auto res = errorOut(ctx, {Code::kTooMany, "尝试次数过多，请 " + std::to_string(retry_ms / 60000 + 1) +
                                                                " 分钟后再试 / Too many attempts; try again later"});
                  res.set(http::bhttp::field::retry_after, std::to_string(retry_ms / 1000 + 1));
                  co_return res;
                }
                std::optional<User> user;
                std::optional<Department> dept;
                Status st = app.store.read([&](Reader& r) -> Status {
                  user = r.userByUsername(username);
                  if (user && user->department_id) dept = r.departmentById(*user->department_id);
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                // Verify even for unknown users so timing does not reveal which usernames exist.
                bool ok = people::verifyPassword(user ? user->password_hash : dummyHash(app.password_cost), password);
                // A disabled account answers exactly as a wrong password (same status, body, and the
                // same argon2id work above), so the answer tells nobody which accounts exist or were
                // disabled, nor that the password was right.
                if (!user || !ok || user->disabled) {
                  app.login_limiter.recordFailure(username, ctx.remote_address, now);
                  co_return errorOut(ctx, {Code::kUnauthorized, "用户名或密码不正确 / Wrong username or password"});
                }
                app.login_limiter.recordSuccess(username, ctx.remote_address);
                std::string token = randomHex(32);
                SessionRow s{blake2bHex(token), user->id, randomHex(16), now, now + app.session_ttl_ms};
                std::string csrf = s.csrf_token;
                st = co_await awaitWrite(app.store, services::openSessionWrite(s, now));
                if (!st) co_return errorOut(ctx, st);
                auto res = jsonOk(ctx, sessionBody(*user, dept, csrf));
                int64_t max_age = app.session_ttl_ms / 1000;
                res.insert(http::bhttp::field::set_cookie, cookie(app, kSessionCookie, token, max_age, true));
                res.insert(http::bhttp::field::set_cookie, cookie(app, kCsrfCookie, csrf, max_age, false));
                co_return res;
              },
              {"Sign in with username and password; sets the session and CSRF cookies. Unknown users, wrong passwords and "
               "disabled accounts answer the same 401; 429 with Retry-After when the address or account is limited",
               "session",
               R"({"type":"object","required":["username","password"],"additionalProperties":false,"properties":{"username":{"type":"string"},"password":{"type":"string"}}})",
               session_schema}});

  router.add({verb::get, "/api/v1/session", kAnyStaff,
              [&app](http::RequestContext& ctx) -> boost::asio::awaitable<http::Response> {
                std::optional<User> user;
                std::optional<Department> dept;
                Status st = app.store.read([&](Reader& r) -> Status {
                  user = r.userById(ctx.caller->user_id);
                  if (user && user->department_id) dept = r.departmentById(*user->department_id);
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                if (!user) co_return errorOut(ctx, {Code::kUnauthorized, "请先登录 / Please sign in first"});
                co_return jsonOk(ctx, sessionBody(*user, dept, ctx.caller->csrf_token));
              },
              {"The signed-in user", "session", "", session_schema}});

  router.add({verb::delete_, "/api/v1/session", kAnyStaff,
              [&app](http::RequestContext& ctx) -> boost::asio::awaitable<http::Response> {
                Status st = co_await awaitWrite(
                    app.store, services::closeSessionWrite(ctx.caller->token_hash, ctx.caller->user_id,
                                                           app.clock.nowMs()));
                if (!st) co_return errorOut(ctx, st);
                http::Response res{http::bhttp::status::no_content, ctx.req.version()};
                res.keep_alive(ctx.req.keep_alive());
                res.insert(http::bhttp::field::set_cookie, cookie(app, kSessionCookie, "", 0, true));
                res.insert(http::bhttp::field::set_cookie, cookie(app, kCsrfCookie, "", 0, false));
                res.prepare_payload();
                co_return res;
              },
              {"Sign out: ends the session and clears the cookies", "session", "", "", 204}});
}

}  // namespace onedoor::api
