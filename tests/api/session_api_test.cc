// Sign-in, sessions, CSRF, rate limits, staff accounts, presence and the ledger over real HTTP.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>

#include "test_server.h"

using namespace onedoor;
using namespace onedoor::testing;
using bhttp::verb;
using nlohmann::json;

static std::string loginBody(const std::string& u, const std::string& p) {
  return json{{"username", u}, {"password", p}}.dump();
}

TEST(SessionApi, LoginSetsHttpOnlyStrictCookiesAndWhoAmIWorks) {
  TestServer s;
  auto r = s.request(verb::post, "/api/v1/session", loginBody("clerk", "onedoor-demo"));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(r.json()["user"]["display_name"], "陈小燕");
  EXPECT_EQ(r.json()["user"].count("password_hash"), 0u);
  const std::string& cookies = r.headers["set-cookie"];
  EXPECT_TRUE(std::regex_search(cookies, std::regex("onedoor_session=[0-9a-f]{64}; Path=/; SameSite=Strict; Max-Age=\\d+; HttpOnly")))
      << cookies;
  EXPECT_TRUE(std::regex_search(cookies, std::regex("onedoor_csrf=[0-9a-f]{32}; Path=/; SameSite=Strict; Max-Age=\\d+(\n|$)")))
      << cookies;

  auto [cookie, csrf] = s.login("clerk");
  auto me = s.request(verb::get, "/api/v1/session", "", {{"Cookie", cookie}});
  EXPECT_EQ(me.status, 200u);
  EXPECT_EQ(me.json()["user"]["username"], "clerk");
  EXPECT_EQ(me.json()["csrf_token"], csrf);
  EXPECT_EQ(me.json()["user"]["department"], "明湖区政务服务中心");
}

TEST(SessionApi, WrongPasswordIs401AndAnonymousIs401) {
  TestServer s;
  auto r = s.request(verb::post, "/api/v1/session", loginBody("clerk", "wrong-password"));
  EXPECT_EQ(r.status, 401u);
  EXPECT_NE(r.json()["error"]["message"].get<std::string>().find("用户名或密码不正确"), std::string::npos);
  auto unknown = s.request(verb::post, "/api/v1/session", loginBody("nobody", "wrong-password"));
  EXPECT_EQ(unknown.status, 401u);
  EXPECT_EQ(unknown.json()["error"]["message"], r.json()["error"]["message"]);  // no user enumeration
  EXPECT_EQ(s.request(verb::get, "/api/v1/session").status, 401u);
}

TEST(SessionApi, LoginAttemptsAreRateLimitedPerUser) {
  TestServer s;
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(s.request(verb::post, "/api/v1/session", loginBody("clerk", "bad-password")).status, 401u);
  auto limited = s.request(verb::post, "/api/v1/session", loginBody("clerk", "onedoor-demo"));
  EXPECT_EQ(limited.status, 429u);
  EXPECT_FALSE(limited.headers["retry-after"].empty());
  // Another user from the same address is not locked out by the clerk's failures.
  EXPECT_EQ(s.request(verb::post, "/api/v1/session", loginBody("operator", "onedoor-demo")).status, 200u);
}

TEST(SessionApi, WritesNeedTheCsrfToken) {
  TestServer s;
  auto [cookie, csrf] = s.login("clerk");
  std::string body = R"({"status":"break"})";
  auto no_token = s.request(verb::post, "/api/v1/me/presence", body, {{"Cookie", cookie}});
  EXPECT_EQ(no_token.status, 403u);
  auto bad_token = s.request(verb::post, "/api/v1/me/presence", body, {{"Cookie", cookie}, {"X-CSRF-Token", "nope"}});
  EXPECT_EQ(bad_token.status, 403u);
  auto ok = s.request(verb::post, "/api/v1/me/presence", body, {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  ASSERT_EQ(ok.status, 200u) << ok.body;
  EXPECT_EQ(ok.json()["presence"], "break");
  int64_t seq = ok.json()["event_seq"];
  Event ev;
  (void)s.store().read([&](Reader& r) {
    ev = r.eventsAfter(seq - 1, 1).at(0);
    return Status::ok();
  });
  EXPECT_EQ(ev.type, "staff.presence_changed");
  EXPECT_EQ(json::parse(ev.payload_json)["to"], "break");
  auto bad_status = s.request(verb::post, "/api/v1/me/presence", R"({"status":"napping"})",
                              {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(bad_status.status, 400u);
  EXPECT_EQ(bad_status.json()["error"]["field"], "status");
}

TEST(SessionApi, LogoutEndsTheSession) {
  TestServer s;
  auto [cookie, csrf] = s.login("operator");
  auto out = s.request(verb::delete_, "/api/v1/session", "", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(out.status, 204u);
  EXPECT_EQ(s.request(verb::get, "/api/v1/session", "", {{"Cookie", cookie}}).status, 401u);
}

TEST(UsersApi, AdminCreatesAndDisablesAccounts) {
  TestServer s;
  auto [cookie, csrf] = s.login("admin");
  std::map<std::string, std::string> h = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  json nu = {{"username", "new.clerk"}, {"password", "a-long-password"}, {"display_name", "新窗口"},
             {"role", "clerk"},         {"department_id", 2}};
  auto created = s.request(verb::post, "/api/v1/users", nu.dump(), h);
  ASSERT_EQ(created.status, 201u) << created.body;
  int64_t id = created.json()["user"]["id"];
  auto dup = s.request(verb::post, "/api/v1/users", nu.dump(), h);
  EXPECT_EQ(dup.status, 409u);
  EXPECT_EQ(dup.json()["error"]["field"], "username");
  nu["username"] = "x";
  EXPECT_EQ(s.request(verb::post, "/api/v1/users", nu.dump(), h).json()["error"]["field"], "username");
  nu["username"] = "other";
  nu["department_id"] = 999;
  EXPECT_EQ(s.request(verb::post, "/api/v1/users", nu.dump(), h).status, 400u);

  EXPECT_EQ(s.request(verb::post, "/api/v1/session", loginBody("new.clerk", "a-long-password")).status, 200u);
  auto [c2, t2] = s.login("new.clerk", "a-long-password");
  auto disabled = s.request(verb::post, "/api/v1/users/" + std::to_string(id) + "/disable", "", h);
  ASSERT_EQ(disabled.status, 200u) << disabled.body;
  EXPECT_EQ(disabled.json()["user"]["disabled"], true);
  EXPECT_EQ(s.request(verb::post, "/api/v1/session", loginBody("new.clerk", "a-long-password")).status, 401u);
  EXPECT_EQ(s.request(verb::get, "/api/v1/session", "", {{"Cookie", c2}}).status, 401u);  // sessions ended
  auto users = s.request(verb::get, "/api/v1/users", "", {{"Cookie", cookie}});
  EXPECT_EQ(users.json()["users"].size(), 24u);  // 23 demo accounts (10 of them hall clerks) + the new one
}

TEST(LedgerApi, EventsAndVerify) {
  TestServer s;
  auto [cookie, csrf] = s.login("supervisor");
  auto ev = s.request(verb::get, "/api/v1/events?limit=5&desc=1", "", {{"Cookie", cookie}});
  ASSERT_EQ(ev.status, 200u);
  auto list = ev.json()["events"];
  ASSERT_EQ(list.size(), 5u);
  EXPECT_GT(list[0]["seq"].get<int64_t>(), list[1]["seq"].get<int64_t>());
  EXPECT_EQ(list[0]["type"], "staff.signed_in");
  auto v = s.request(verb::get, "/api/v1/ledger/verify", "", {{"Cookie", cookie}});
  EXPECT_EQ(v.json()["ok"], true);
  EXPECT_GT(v.json()["events"].get<int64_t>(), 20);
  EXPECT_EQ(s.request(verb::get, "/api/v1/events?limit=0", "", {{"Cookie", cookie}}).status, 400u);
}

// Every route declares its roles; walk the route table and check each role against each route.
TEST(Access, EveryRouteEnforcesItsDeclaredRoles) {
  std::vector<http::Route> routes;
  TestServer s([&](http::Router& router, api::App&) { routes = router.routes(); });
  std::map<std::string, std::pair<std::string, std::string>> sessions;
  for (const auto& role : {"admin", "supervisor", "handler", "clerk", "operator"}) sessions[role] = s.login(role);
  ASSERT_GE(routes.size(), 10u);
  for (const auto& route : routes) {
    std::string target = std::regex_replace(route.pattern, std::regex(R"(\{[a-z_]+\})"), "999");
    bool write = route.method != verb::get;
    if (route.method == verb::delete_) continue;  // sign-out would end the session used below; tested above
    auto anon = s.request(route.method, target, write ? "{}" : "");
    if (route.roles.empty()) {
      EXPECT_NE(anon.status, 401u) << route.pattern;
      EXPECT_NE(anon.status, 403u) << route.pattern;
      continue;
    }
    EXPECT_EQ(anon.status, 401u) << route.pattern;
    for (const auto& [role, sess] : sessions) {
      bool allowed = std::find(route.roles.begin(), route.roles.end(), role) != route.roles.end();
      auto r = s.request(route.method, target, write ? "{}" : "", {{"Cookie", sess.first}, {"X-CSRF-Token", sess.second}});
      if (allowed) {
        EXPECT_NE(r.status, 401u) << route.pattern << " " << role;
        EXPECT_NE(r.status, 403u) << route.pattern << " " << role;
      } else {
        EXPECT_EQ(r.status, 403u) << route.pattern << " " << role;
      }
    }
  }
}

TEST(OpenApi, DocumentsEveryApiRouteWithItsRoles) {
  std::vector<http::Route> routes;
  TestServer s([&](http::Router& router, api::App&) { routes = router.routes(); });
  auto r = s.request(verb::get, "/api/openapi.json");
  ASSERT_EQ(r.status, 200u);
  auto doc = r.json();
  EXPECT_EQ(doc["openapi"], "3.0.3");
  int api_routes = 0;
  for (const auto& route : routes) {
    if (route.pattern.rfind("/api/", 0) != 0) continue;
    ++api_routes;
    std::string m(bhttp::to_string(route.method));
    for (auto& c : m) c = static_cast<char>(std::tolower(c));
    ASSERT_TRUE(doc["paths"].contains(route.pattern)) << route.pattern;
    ASSERT_TRUE(doc["paths"][route.pattern].contains(m)) << route.pattern << " " << m;
    EXPECT_EQ(doc["paths"][route.pattern][m]["x-roles"].get<std::vector<std::string>>(), route.roles);
    EXPECT_FALSE(doc["paths"][route.pattern][m]["summary"].get<std::string>().empty()) << route.pattern;
  }
  size_t documented = 0;
  for (const auto& [path, ops] : doc["paths"].items()) documented += ops.size();
  EXPECT_EQ(documented, static_cast<size_t>(api_routes));
}

// Issue 18, item 13: a disabled account's right password is no oracle.
TEST(SessionApi, DisabledAccountAnswersExactlyAsAWrongPassword) {
  TestServer s;
  auto h = s.signIn("admin");
  json nu = {{"username", "gone.clerk"}, {"password", "a-long-password"}, {"display_name", "离职"}, {"role", "clerk"},
             {"department_id", 2}};
  auto created = s.request(verb::post, "/api/v1/users", nu.dump(), h);
  ASSERT_EQ(created.status, 201u) << created.body;
  int64_t id = created.json()["user"]["id"];
  ASSERT_EQ(s.request(verb::post, "/api/v1/users/" + std::to_string(id) + "/disable", "", h).status, 200u);
  auto timed = [&](const std::string& password, HttpResult& out) {
    auto t0 = std::chrono::steady_clock::now();
    out = s.request(verb::post, "/api/v1/session", loginBody("gone.clerk", password));
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  HttpResult right, wrong;
  double t_right = timed("a-long-password", right);
  double t_wrong = timed("not-the-password", wrong);
  EXPECT_EQ(right.status, 401u);
  EXPECT_EQ(right.status, wrong.status);
  EXPECT_EQ(right.body, wrong.body);
  EXPECT_EQ(right.json()["error"]["message"], "用户名或密码不正确 / Wrong username or password");
  // Both answers verify the same argon2id hash: the same timing class (not a fast refusal).
  EXPECT_LT(t_right, t_wrong * 4 + 0.05) << t_right << " vs " << t_wrong;
  EXPECT_LT(t_wrong, t_right * 4 + 0.05) << t_right << " vs " << t_wrong;
}

namespace {
// Options for a server behind a reverse proxy in `cidr`; the tests connect from 127.0.0.1, so with
// 127.0.0.1 trusted their X-Forwarded-For names the client.
std::function<void(http::ServerOptions&)> behindProxy(const char* cidr = "127.0.0.1") {
  return [cidr](http::ServerOptions& o) { o.trusted_proxies = http::TrustedProxies({http::parseCidr(cidr).value()}); };
}
HttpResult loginFrom(TestServer& s, const std::string& client, const std::string& user, const std::string& password) {
  return s.request(verb::post, "/api/v1/session", loginBody(user, password), {{"X-Forwarded-For", client}});
}
}  // namespace

// Issue 18, item 9: strangers' failures slow an account down but never lock out its holder.
TEST(SessionApi, WrongPasswordsFromOneAddressDoNotStopTheHolderAtAKnownAddress) {
  TestServer s;
  ASSERT_EQ(s.request(verb::post, "/api/v1/session", loginBody("clerk", "onedoor-demo")).status, 200u);
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(s.request(verb::post, "/api/v1/session", loginBody("clerk", "bad-password")).status, 401u);
  EXPECT_EQ(s.request(verb::post, "/api/v1/session", loginBody("clerk", "onedoor-demo")).status, 200u);

  TestServer p({}, behindProxy());
  ASSERT_EQ(loginFrom(p, "203.0.113.5", "clerk", "onedoor-demo").status, 200u);  // the clerk's desk
  for (int i = 0; i < 5; ++i) EXPECT_EQ(loginFrom(p, "198.51.100.7", "clerk", "guess").status, 401u);
  EXPECT_EQ(loginFrom(p, "203.0.113.5", "clerk", "onedoor-demo").status, 200u);
  // From an address the account has never signed in from: slowed down, with the wait to retry.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(loginFrom(p, "198.51.100.7", "clerk", "guess").status, 401u);
  auto slowed = loginFrom(p, "198.51.100.9", "clerk", "onedoor-demo");
  EXPECT_EQ(slowed.status, 429u);
  EXPECT_FALSE(slowed.headers["retry-after"].empty());
}

TEST(SessionApi, ForwardedClientsBehindATrustedProxyAreLimitedApart) {
  TestServer s({}, behindProxy("127.0.0.0/8"));
  for (int i = 1; i <= 20; ++i)
    EXPECT_EQ(loginFrom(s, "198.51.100." + std::to_string(i), "nobody" + std::to_string(i), "guess").status, 401u);
  // The proxy's own address is not the client: everyone else still signs in.
  EXPECT_EQ(loginFrom(s, "192.0.2.50", "operator", "onedoor-demo").status, 200u);
  EXPECT_EQ(loginFrom(s, "2001:db8::50", "supervisor", "onedoor-demo").status, 200u);
  // One forwarded client's failures still stop that client (the per-address limit holds per client).
  for (int i = 0; i < 20; ++i) EXPECT_EQ(loginFrom(s, "192.0.2.66", "nobody" + std::to_string(i), "guess").status, 401u);
  EXPECT_EQ(loginFrom(s, "192.0.2.66", "handler", "onedoor-demo").status, 429u);
  EXPECT_EQ(loginFrom(s, "192.0.2.67", "handler", "onedoor-demo").status, 200u);
}

TEST(SessionApi, ForwardedForFromAnUntrustedPeerIsIgnored) {
  for (int trusted = 0; trusted < 2; ++trusted) {
    // No trusted proxy at all, or one that is not the peer (the tests connect from 127.0.0.1).
    TestServer s({}, trusted ? behindProxy("10.0.0.0/8") : std::function<void(http::ServerOptions&)>{});
    for (int i = 1; i <= 20; ++i)
      EXPECT_EQ(loginFrom(s, "198.51.100." + std::to_string(i), "nobody" + std::to_string(i), "guess").status, 401u);
    auto limited = loginFrom(s, "192.0.2.50", "operator", "onedoor-demo");
    EXPECT_EQ(limited.status, 429u) << "trusted proxy: " << trusted;
  }
}

// Issue 18, item 10: behind https (--public-url https://…) cookies are Secure and HSTS is sent.
TEST(SessionApi, HttpsPublicUrlMakesCookiesSecureAndSendsHsts) {
  TestServer plain;
  auto r = plain.request(verb::post, "/api/v1/session", loginBody("clerk", "onedoor-demo"));
  EXPECT_EQ(r.headers["set-cookie"].find("Secure"), std::string::npos);
  EXPECT_EQ(r.headers.count("strict-transport-security"), 0u);
  TestServer s([](http::Router&, api::App& app) { app.secure_cookies = true; },
               [](http::ServerOptions& o) { o.hsts = true; });
  auto login = s.request(verb::post, "/api/v1/session", loginBody("clerk", "onedoor-demo"));
  ASSERT_EQ(login.status, 200u);
  const std::string& cookies = login.headers["set-cookie"];
  EXPECT_TRUE(std::regex_search(cookies, std::regex("onedoor_session=[0-9a-f]{64};[^\n]*; HttpOnly; Secure"))) << cookies;
  EXPECT_TRUE(std::regex_search(cookies, std::regex("onedoor_csrf=[0-9a-f]{32};[^\n]*; Secure"))) << cookies;
  EXPECT_EQ(login.headers["strict-transport-security"], "max-age=31536000");
  EXPECT_EQ(s.request(verb::get, "/healthz").headers["strict-transport-security"], "max-age=31536000");
}
