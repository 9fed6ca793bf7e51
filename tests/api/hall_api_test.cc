// The live service hall over HTTP and WebSocket on the demo hall (明湖区政务服务中心 一楼大厅):
// tickets through their states, the dispatcher's rules as a clerk sees them, every refusal leaving
// the hall unchanged, ratings and rectifications, the WebSocket events and the SMS webhook.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <thread>

#include "http/webhook.h"
#include "test_server.h"

using namespace onedoor;
using namespace onedoor::testing;
using bhttp::verb;
using nlohmann::json;

namespace {

json issue(TestServer& s, json body, unsigned expect = 201, const Headers& h = {}) {
  auto r = s.request(verb::post, "/api/v1/halls/1/tickets", body.dump(), h);
  EXPECT_EQ(r.status, expect) << r.body;
  return r.json();
}

HttpResult act(TestServer& s, const Headers& h, int window, const std::string& what, json body = nullptr) {
  return s.request(verb::post, "/api/v1/windows/" + std::to_string(window) + "/" + what,
                   body.is_null() ? std::string() : body.dump(), h);
}

// The public state by default; with a hall role's session headers, the staff state.
json state(TestServer& s, const Headers& h = {}) {
  auto r = s.request(verb::get, "/api/v1/halls/1/state", "", h);
  EXPECT_EQ(r.status, 200u) << r.body;
  return r.json();
}

json ticket(TestServer& s, const std::string& id) { return s.request(verb::get, "/api/v1/tickets/" + id).json(); }

}  // namespace

TEST(HallApi, DemoHallHasServicesWindowsAndStaff) {
  TestServer s;
  auto halls = s.request(verb::get, "/api/v1/halls").json();
  ASSERT_EQ(halls["halls"].size(), 1u);
  EXPECT_EQ(halls["halls"][0]["name"], "明湖区政务服务中心 一楼大厅");
  json st = state(s, s.signIn("supervisor"));
  EXPECT_EQ(st["services"].size(), 8u);
  ASSERT_GE(st["windows"].size(), 12u);
  int open = 0;
  for (const auto& w : st["windows"]) open += w["state"] == "open";
  EXPECT_EQ(open, 11);
  EXPECT_EQ(st["windows"][13]["state"], "shut");  // the spare window
  EXPECT_TRUE(st["windows"][13]["staff"].is_null());
  EXPECT_EQ(st["windows"][1]["staff"]["name"], "高洁");
  EXPECT_TRUE(st.contains("glass_door_min_today"));
}

TEST(HallApi, TicketGoesThroughItsStatesAndIsRatedOnce) {
  TestServer s;
  json t = issue(s, {{"service", "A"}, {"priority", "normal"}});
  const std::string holder = t["holder_token"];
  EXPECT_EQ(t["number"], "A001");
  EXPECT_EQ(t["state"], "waiting");
  EXPECT_EQ(t["ahead"], 0);
  EXPECT_EQ(t["status_url"], "/t/" + t["ticket_id"].get<std::string>());
  EXPECT_EQ(t["ticket_id"].get<std::string>().size(), 10u);
  auto clerk = s.signIn("hall02");
  auto called = act(s, clerk, 2, "call-next");
  ASSERT_EQ(called.status, 200u) << called.body;
  EXPECT_EQ(called.json()["ticket"]["state"], "called");
  EXPECT_EQ(called.json()["ticket"]["window"]["number"], 2);
  // Rating before the service has finished is refused.
  auto early = s.request(verb::post, "/api/v1/tickets/" + t["ticket_id"].get<std::string>() + "/rating",
                         json{{"rating", "satisfied"}, {"holder_token", holder}}.dump());
  EXPECT_EQ(early.status, 409u);
  EXPECT_EQ(act(s, clerk, 2, "recall").json()["ticket"]["recalls"], 1);
  EXPECT_EQ(act(s, clerk, 2, "start").json()["ticket"]["state"], "serving");
  auto done = act(s, clerk, 2, "finish");
  ASSERT_EQ(done.status, 200u) << done.body;
  EXPECT_EQ(done.json()["ticket"]["state"], "finished");
  // The window's rating pad (looked at by its clerk here) offers the finished visit by number.
  auto pad = s.request(verb::get, "/api/v1/windows/2/pad", "", clerk).json();
  EXPECT_EQ(pad["ticket"]["number"], "A001");
  EXPECT_FALSE(pad["ticket"].contains("ticket_id"));
  std::string rating_url = "/api/v1/tickets/" + t["ticket_id"].get<std::string>() + "/rating";
  auto rated = s.request(verb::post, rating_url,
                         json{{"rating", "dissatisfied"}, {"comment", "等太久"}, {"holder_token", holder}}.dump());
  ASSERT_EQ(rated.status, 200u) << rated.body;
  EXPECT_EQ(rated.json()["rating"], "dissatisfied");
  EXPECT_TRUE(rated.json()["rectification_id"].is_number_integer());
  EXPECT_EQ(s.request(verb::post, rating_url, json{{"rating", "very_satisfied"}, {"holder_token", holder}}.dump()).status,
            409u);
  EXPECT_EQ(ticket(s, t["ticket_id"])["rating"], "dissatisfied");
  // The rectification is listed with the appeals' ones.
  auto sup = s.signIn("supervisor");
  auto rects = s.request(verb::get, "/api/v1/rectifications", "", sup).json();
  ASSERT_EQ(rects["rectifications"].size(), 1u);
  EXPECT_EQ(rects["rectifications"][0]["rating"], "dissatisfied");
  EXPECT_EQ(rects["rectifications"][0]["source"], "hall");
}

TEST(HallApi, RefusalsAreClearAndChangeNothing) {
  TestServer s;
  json t = issue(s, {{"service", "A"}});
  auto clerk = s.signIn("hall02");
  ASSERT_EQ(act(s, clerk, 2, "call-next").status, 200u);
  ASSERT_EQ(act(s, clerk, 2, "start").status, 200u);
  auto sup = s.signIn("supervisor");
  // Window 1 serves A and H; after this H has no open window left (13 is shut).
  ASSERT_EQ(act(s, sup, 1, "skills", {{"services", {"A"}}}).status, 200u);
  json before = state(s, sup);
  auto same = [&](const char* what) {
    json after = state(s, sup);
    EXPECT_EQ(after["version"], before["version"]) << what;
    EXPECT_EQ(after["windows"], before["windows"]) << what;
    EXPECT_EQ(after["services"], before["services"]) << what;
  };
  auto unknown_service = s.request(verb::post, "/api/v1/halls/1/tickets", json{{"service", "Z"}}.dump());
  EXPECT_EQ(unknown_service.status, 404u);
  EXPECT_NE(unknown_service.json()["error"]["message"].get<std::string>().find("Z"), std::string::npos);
  same("unknown service");
  EXPECT_EQ(act(s, clerk, 999, "call-next").status, 404u);
  same("unknown window");
  auto not_seated = act(s, clerk, 3, "call-next");
  EXPECT_EQ(not_seated.status, 403u);
  EXPECT_NE(not_seated.json()["error"]["message"].get<std::string>().find("您没有在这个窗口签到"), std::string::npos);
  same("clerk not signed in there");
  auto unservable = act(s, clerk, 2, "transfer", {{"service", "H"}});
  EXPECT_EQ(unservable.status, 409u) << unservable.body;
  same("transfer to a service no window serves");
  EXPECT_EQ(ticket(s, t["ticket_id"])["state"], "serving");
  ASSERT_EQ(act(s, clerk, 2, "finish").status, 200u);
  before = state(s, sup);
  auto twice = act(s, clerk, 2, "finish");
  EXPECT_EQ(twice.status, 409u);
  same("finish twice");
  EXPECT_EQ(ticket(s, t["ticket_id"])["state"], "finished");
  // An anonymous caller cannot drive a window.
  EXPECT_EQ(act(s, {}, 2, "call-next").status, 401u);
}

TEST(HallApi, TransferKeepsTheOriginalArrival) {
  TestServer s;
  json first = issue(s, {{"service", "A"}});
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  json later = issue(s, {{"service", "B"}});
  auto a = s.signIn("hall02");
  ASSERT_EQ(act(s, a, 2, "call-next").json()["ticket"]["ticket_id"], first["ticket_id"]);
  auto moved = act(s, a, 2, "transfer", {{"service", "B"}});
  ASSERT_EQ(moved.status, 200u) << moved.body;
  EXPECT_EQ(moved.json()["ticket"]["state"], "waiting");
  EXPECT_EQ(moved.json()["ticket"]["service"], "B");
  EXPECT_EQ(moved.json()["ticket"]["arrival"], first["arrival"]);
  // Window 3 (B) calls the transferred ticket before the later B ticket.
  auto b = s.signIn("hall03");
  EXPECT_EQ(act(s, b, 3, "call-next").json()["ticket"]["ticket_id"], first["ticket_id"]);
  EXPECT_EQ(act(s, b, 3, "no-show").status, 409u);  // not before 3 recalls
  EXPECT_EQ(ticket(s, later["ticket_id"])["state"], "waiting");
}

TEST(HallApi, ElderlyTicketGoesFirstByAgingAndVisitsKeepTheirArrival) {
  TestServer s;
  json normal = issue(s, {{"service", "A"}});
  // Issued by staff (as at a registered kiosk): the class counts at once.
  json elderly = issue(s, {{"service", "A"}, {"priority", "elderly"}, {"services", {"A", "C"}}}, 201, s.signIn("supervisor"));
  EXPECT_EQ(ticket(s, normal["ticket_id"])["ahead"], 1);
  auto a = s.signIn("hall02");
  auto called = act(s, a, 2, "call-next").json()["ticket"];
  EXPECT_EQ(called["ticket_id"], elderly["ticket_id"]);
  act(s, a, 2, "start");
  auto next = act(s, a, 2, "finish").json()["ticket"];
  EXPECT_EQ(next["state"], "waiting");  // on to the visit's second service
  EXPECT_EQ(next["service"], "C");
  EXPECT_TRUE(next["services_left"].empty());
  EXPECT_EQ(next["arrival"], elderly["arrival"]);
}

TEST(HallApi, NoIdleWindowWhileATicketItCouldServeWaits) {
  TestServer s;
  // Twelve anonymous (remote) tickets from one address: past the rate limits, which have their own suite.
  ASSERT_TRUE(people::setLimit(s.app().rate_limits, "all=off"));
  for (const char* svc : {"A", "A", "A", "B", "C", "D", "E", "F", "G", "H", "B", "C"}) issue(s, {{"service", svc}});
  auto sup = s.signIn("supervisor");
  json st = state(s);
  for (const auto& w : st["windows"])
    if (w["state"] == "open") act(s, sup, w["id"].get<int>(), "call-next");
  st = state(s);
  std::map<std::string, int> waiting;
  for (const auto& svc : st["services"]) waiting[svc["code"].get<std::string>()] = svc["waiting"].get<int>();
  for (const auto& w : st["windows"]) {
    if (w["state"] != "open" || !w["current"].is_null()) continue;
    for (const auto& code : w["skills"]) EXPECT_EQ(waiting[code.get<std::string>()], 0) << "window " << w["number"] << " idle, " << code << " waits";
  }
}

TEST(HallApi, ClerkSignsInAtTheSpareWindowAndOut) {
  TestServer s;
  auto clerk = s.signIn("clerk");
  auto in = act(s, clerk, 14, "sign-in");
  ASSERT_EQ(in.status, 200u) << in.body;
  EXPECT_EQ(in.json()["window"]["state"], "open");
  EXPECT_EQ(in.json()["window"]["staff"]["name"], "陈小燕");
  // Someone else cannot sit there; the clerk cannot sit at two windows.
  EXPECT_EQ(act(s, s.signIn("hall02"), 14, "sign-in").status, 409u);
  EXPECT_EQ(act(s, clerk, 13, "sign-in").status, 409u);
  issue(s, {{"service", "D"}});
  EXPECT_EQ(act(s, clerk, 14, "call-next").json()["ticket"]["number"], "D001");
  EXPECT_EQ(act(s, clerk, 14, "sign-out").status, 409u);  // busy
  act(s, clerk, 14, "start");
  act(s, clerk, 14, "finish");
  auto out = act(s, clerk, 14, "sign-out");
  ASSERT_EQ(out.status, 200u) << out.body;
  EXPECT_EQ(out.json()["window"]["state"], "shut");
  EXPECT_TRUE(out.json()["window"]["staff"].is_null());
}

TEST(HallApi, TicketQrCodeIsAnSvg) {
  TestServer s;
  json t = issue(s, {{"service", "E"}, {"channel", "remote"}});
  const std::string base = "/api/v1/tickets/" + t["ticket_id"].get<std::string>();
  auto r = s.request(verb::get, base + "/qr.svg?holder_token=" + t["holder_token"].get<std::string>());
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.headers["content-type"], "image/svg+xml");
  EXPECT_EQ(r.body.rfind("<svg", 0), 0u);
  EXPECT_EQ(s.request(verb::get, base + "/qr.svg").status, 403u);  // the code carries the holder's secret
  EXPECT_EQ(s.request(verb::get, "/api/v1/tickets/NOSUCHCODE/qr.svg").status, 404u);
  auto cancelled = s.request(verb::post, base + "/cancel", json{{"holder_token", t["holder_token"]}}.dump());
  EXPECT_EQ(cancelled.json()["state"], "cancelled");
}

TEST(HallWebSocket, CallNextEventArrivesWithinASecond) {
  TestServer s;
  namespace asio = boost::asio;
  namespace websocket = boost::beast::websocket;
  asio::io_context ioc;
  asio::ip::tcp::resolver resolver(ioc);
  websocket::stream<asio::ip::tcp::socket> ws(ioc);
  asio::connect(ws.next_layer(), resolver.resolve("127.0.0.1", std::to_string(s.port())));
  ws.handshake("127.0.0.1", "/api/v1/halls/1/events");
  boost::beast::flat_buffer buf;
  ws.read(buf);
  json hello = json::parse(boost::beast::buffers_to_string(buf.data()));
  buf.consume(buf.size());
  EXPECT_EQ(hello["type"], "hello");
  issue(s, {{"service", "A"}});
  auto clerk = s.signIn("hall02");
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(act(s, clerk, 2, "call-next").status, 200u);
  // Read until the call arrives; a socket timeout fails the test rather than hanging it.
  struct timeval tv {1, 0};
  setsockopt(ws.next_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  json called;
  for (int i = 0; i < 10 && called.is_null(); ++i) {
    ws.read(buf);
    json m = json::parse(boost::beast::buffers_to_string(buf.data()));
    buf.consume(buf.size());
    EXPECT_EQ(m["hall"], 1);
    if (m["type"] == "ticket_called") called = m;
  }
  auto elapsed = std::chrono::steady_clock::now() - t0;
  ASSERT_FALSE(called.is_null());
  EXPECT_EQ(called["number"], "A001");
  EXPECT_EQ(called["window_number"], 2);
  EXPECT_EQ(called["service_name"], "社保卡");
  EXPECT_GT(called["version"].get<int64_t>(), hello["version"].get<int64_t>());
  EXPECT_LT(elapsed, std::chrono::seconds(1));
  ws.close(websocket::close_code::normal);
  // An unknown hall has no event stream.
  websocket::stream<asio::ip::tcp::socket> ws2(ioc);
  asio::connect(ws2.next_layer(), resolver.resolve("127.0.0.1", std::to_string(s.port())));
  boost::beast::error_code ec;
  ws2.handshake("127.0.0.1", "/api/v1/halls/99/events", ec);
  EXPECT_TRUE(ec);
}

TEST(HallWebhook, NearFrontNoticeIsPostedToTheSmsGateway) {
  TestServer s;
  WebhookSink sms;
  http::Webhook hook(*http::Webhook::parseUrl(sms.url("/sms")),
                     std::chrono::milliseconds(2000));
  s.hall().notify = [&hook](const services::NearFrontNotice& n) {
    json body = {{"ticket_id", n.ticket_id}, {"number", n.number}, {"ahead", n.ahead}, {"hall", n.hall_id}};
    if (!n.phone.empty()) body["phone"] = n.phone;
    hook.post(body.dump());
  };
  auto t0 = std::chrono::steady_clock::now();
  json t = issue(s, {{"service", "G"}, {"channel", "remote"}, {"phone", "13800001234"}});
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1));  // never waits on the gateway
  EXPECT_TRUE(t["near_front"]);
  json body = json::parse(sms.body(), nullptr, false);
  EXPECT_EQ(body["ticket_id"], t["ticket_id"]);
  EXPECT_EQ(body["number"], "G001");
  EXPECT_EQ(body["phone"], "13800001234");
  EXPECT_EQ(body["ahead"], 0);
  EXPECT_EQ(body["hall"], 1);
}

TEST(HallApi, LongWaitAlertNamesARemedyTheSupervisorApplies) {
  TestServer s;
  // 不动产登记 takes 18 minutes on average: two waiting already predict 27 minutes for the next.
  issue(s, {{"service", "D"}});
  issue(s, {{"service", "D"}});
  json st = state(s, s.signIn("supervisor"));
  json alert;
  for (const auto& a : st["alerts"])
    if (a["kind"] == "long_wait" && a["service"] == "D") alert = a;
  ASSERT_FALSE(alert.is_null()) << st["alerts"].dump();
  ASSERT_TRUE(alert["remedy"].is_object()) << alert.dump();
  EXPECT_FALSE(alert["message"].get<std::string>().empty());
  json remedy = alert["remedy"];
  json body = {{"kind", remedy["kind"]}, {"window", remedy["window"]}, {"service", remedy["service"]}};
  if (remedy["kind"] == "open_window") body["staff_user_id"] = remedy["staff_user_id"];
  auto clerk = s.signIn("hall02");
  EXPECT_EQ(s.request(verb::post, "/api/v1/halls/1/remedies", body.dump(), clerk).status, 403u);
  auto sup = s.signIn("supervisor");
  auto applied = s.request(verb::post, "/api/v1/halls/1/remedies", body.dump(), sup);
  ASSERT_EQ(applied.status, 200u) << applied.body;
  EXPECT_EQ(applied.json()["window"]["state"], "open");
  json skills = applied.json()["window"]["skills"];
  EXPECT_NE(std::find(skills.begin(), skills.end(), json("D")), skills.end());
}

TEST(HallApi, StaffAwayAlertNamesACoverAndClearsWhenTheClerkIsBack) {
  TestServer s;
  auto clerk = s.signIn("hall02");  // 高洁 at window 2 (社保卡)
  auto presence = [&](const char* status) {
    auto r = s.request(verb::post, "/api/v1/me/presence", json{{"status", status}}.dump(), clerk);
    ASSERT_EQ(r.status, 200u) << r.body;
  };
  auto sup = s.signIn("supervisor");
  auto awayAlert = [&](const json& st) {
    for (const auto& a : st["alerts"])
      if (a["kind"] == "staff_away") return a;
    return json();
  };
  // 陈小燕 (clerk, cross-trained for everything) is in the building and free: she can cover.
  auto spare = s.signIn("clerk");
  ASSERT_EQ(s.request(verb::post, "/api/v1/me/presence", R"({"status":"on_duty"})", spare).status, 200u);
  presence("break");
  s.advanceClock(16 * 60'000);  // past the hall's 15-minute limit
  // Away, but nobody waits for window 2: no alert.
  EXPECT_TRUE(awayAlert(state(s, sup)).is_null());
  issue(s, {{"service", "A"}});
  json st = state(s, sup);
  json alert = awayAlert(st);
  ASSERT_FALSE(alert.is_null()) << st["alerts"].dump();
  EXPECT_EQ(alert["window_number"], 2);
  EXPECT_GE(alert["away_min"].get<int>(), 16);
  EXPECT_EQ(alert["waiting"], 1);
  EXPECT_NE(alert["message"].get<std::string>().find("高洁"), std::string::npos);
  EXPECT_NE(alert["message_en"].get<std::string>().find("away"), std::string::npos);
  // The cover: a free qualified staff member opens a shut window for 社保卡, and it applies.
  json remedy = alert["remedy"];
  ASSERT_TRUE(remedy.is_object()) << alert.dump();
  EXPECT_EQ(remedy["kind"], "open_window");
  EXPECT_EQ(remedy["service"], "A");
  EXPECT_EQ(remedy["window_number"], 14);  // the spare window, which lists 社保卡
  EXPECT_NE(remedy["staff_name"], "高洁");    // someone free, not the clerk who is away
  EXPECT_FALSE(remedy["staff_name"].get<std::string>().empty());
  // Back at the window: the alert is gone.
  presence("on_duty");
  EXPECT_TRUE(awayAlert(state(s, sup)).is_null());
  // Away again, but only for a moment: under the limit, no alert.
  presence("out");
  s.advanceClock(5 * 60'000);
  EXPECT_TRUE(awayAlert(state(s, sup)).is_null());
  s.advanceClock(11 * 60'000);
  alert = awayAlert(state(s, sup));
  ASSERT_FALSE(alert.is_null());
  json body = {{"kind", remedy["kind"]}, {"window", remedy["window"]}, {"staff_user_id", remedy["staff_user_id"]},
               {"service", remedy["service"]}};
  auto applied = s.request(verb::post, "/api/v1/halls/1/remedies", body.dump(), sup);
  ASSERT_EQ(applied.status, 200u) << applied.body;
  EXPECT_EQ(applied.json()["window"]["state"], "open");
}
