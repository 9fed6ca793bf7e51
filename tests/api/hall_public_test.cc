// The hall's public surface against a hostile outsider (issue 18 items 3, 4 and 12): the public
// state and WebSocket carry numbers, windows and counts only; cancelling and rating need the
// holder's secret; the rating pad answers only its paired device; nobody jumps the queue with an
// appointment time or a self-claimed priority class; staff names, presence and alerts are for staff.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/beast/websocket.hpp>

#include "test_server.h"

using namespace onedoor;
using namespace onedoor::testing;
using bhttp::verb;
using nlohmann::json;

namespace {

HttpResult issueRaw(TestServer& s, const json& body, const Headers& h = {}) {
  return s.request(verb::post, "/api/v1/halls/1/tickets", body.dump(), h);
}

json issue(TestServer& s, const json& body, const Headers& h = {}) {
  auto r = issueRaw(s, body, h);
  EXPECT_EQ(r.status, 201u) << r.body;
  return r.json();
}

HttpResult act(TestServer& s, const Headers& h, int window, const std::string& what, const json& body = nullptr) {
  return s.request(verb::post, "/api/v1/windows/" + std::to_string(window) + "/" + what,
                   body.is_null() ? std::string() : body.dump(), h);
}

std::string calledNumber(TestServer& s, const Headers& clerk, int window) {
  auto r = act(s, clerk, window, "call-next");
  EXPECT_EQ(r.status, 200u) << r.body;
  json t = r.json()["ticket"];
  if (t.is_null()) return "";
  EXPECT_EQ(act(s, clerk, window, "start").status, 200u);
  EXPECT_EQ(act(s, clerk, window, "finish").status, 200u);
  return t["number"];
}

}  // namespace

TEST(HallPublic, StateShowsNumbersWindowsAndCountsButNoIdsPhonesStaffOrAlerts) {
  TestServer s;
  json a = issue(s, {{"service", "A"}, {"phone", "13912345678"}});
  json b = issue(s, {{"service", "A"}, {"channel", "remote"}, {"phone", "13987654321"}});
  for (int i = 0; i < 3; ++i) issue(s, {{"service", "D"}});  // a long wait: an alert for staff
  auto clerk = s.signIn("hall02");
  ASSERT_EQ(act(s, clerk, 2, "call-next").status, 200u);  // A001 at window 2 (高洁)
  auto pub = s.request(verb::get, "/api/v1/halls/1/state");
  ASSERT_EQ(pub.status, 200u) << pub.body;
  for (const std::string& secret : {a["ticket_id"].get<std::string>(), b["ticket_id"].get<std::string>(),
                                    std::string("13912345678"), std::string("13987654321"), std::string("高洁"),
                                    std::string("ticket_id"), std::string("user_id"), std::string("presence")})
    EXPECT_EQ(pub.body.find(secret), std::string::npos) << secret << " in " << pub.body;
  json st = pub.json();
  EXPECT_EQ(st["view"], "public");
  EXPECT_FALSE(st.contains("alerts"));
  EXPECT_FALSE(st.contains("queues"));
  // What a calling display needs is there.
  EXPECT_EQ(st["windows"][1]["number"], 2);
  EXPECT_EQ(st["windows"][1]["current"]["number"], "A001");
  for (const auto& svc : st["services"])
    if (svc["code"] == "A") {
      EXPECT_EQ(svc["waiting"], 1);
    }
  EXPECT_FALSE(st["windows"][1].contains("staff"));
  // Staff with a hall role see everything.
  json staff = s.request(verb::get, "/api/v1/halls/1/state", "", s.signIn("supervisor")).json();
  EXPECT_EQ(staff["view"], "staff");
  EXPECT_EQ(staff["windows"][1]["staff"]["name"], "高洁");
  EXPECT_EQ(staff["queues"]["A"][0]["ticket_id"], b["ticket_id"]);
  EXPECT_FALSE(staff["alerts"].empty());
  // A signed-in citizen-facing role without a hall role (a handler) gets the public view.
  EXPECT_EQ(s.request(verb::get, "/api/v1/halls/1/state", "", s.signIn("handler")).json()["view"], "public");
}

TEST(HallPublic, StaffAwayAlertIsForStaffOnly) {
  TestServer s;
  auto clerk = s.signIn("hall02");
  ASSERT_EQ(s.request(verb::post, "/api/v1/me/presence", json{{"status", "break"}}.dump(), clerk).status, 200u);
  s.advanceClock(20 * 60'000);
  issue(s, {{"service", "A"}});
  auto pub = s.request(verb::get, "/api/v1/halls/1/state");
  EXPECT_EQ(pub.body.find("staff_away"), std::string::npos) << pub.body;
  EXPECT_EQ(pub.body.find("高洁"), std::string::npos);
  json staff = s.request(verb::get, "/api/v1/halls/1/state", "", s.signIn("supervisor")).json();
  bool away = false;
  for (const auto& al : staff["alerts"]) away = away || al["kind"] == "staff_away";
  EXPECT_TRUE(away) << staff["alerts"].dump();
}

TEST(HallPublic, WebSocketEventsCarryTheNumberNotTheTicketId) {
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
  buf.consume(buf.size());
  struct timeval tv {2, 0};
  setsockopt(ws.next_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  for (int i = 0; i < 3; ++i) issue(s, {{"service", "D"}});  // the third raises a long-wait alert
  json t = issue(s, {{"service", "D"}, {"phone", "13912345678"}});
  bool seen = false;
  for (int i = 0; i < 12 && !seen; ++i) {
    ws.read(buf);
    std::string text = boost::beast::buffers_to_string(buf.data());
    buf.consume(buf.size());
    EXPECT_EQ(text.find("ticket_id"), std::string::npos) << text;
    EXPECT_EQ(text.find(t["ticket_id"].get<std::string>()), std::string::npos) << text;
    EXPECT_EQ(text.find("13912345678"), std::string::npos) << text;
    json m = json::parse(text);
    if (m["type"] == "alerts") {
      EXPECT_FALSE(m.contains("alerts")) << text;  // staff names stay off the public feed
    }
    if (m["type"] == "ticket_issued" && m["number"] == t["number"]) seen = true;
  }
  EXPECT_TRUE(seen);
}

TEST(HallPublic, OnlyTheHolderCancelsOrRates) {
  TestServer s;
  json t = issue(s, {{"service", "A"}});
  const std::string id = t["ticket_id"], holder = t["holder_token"];
  EXPECT_GE(holder.size(), 13u);  // ≥ 64 bits of base32
  EXPECT_NE(holder, id);
  EXPECT_EQ(t["holder_url"], "/t/" + id + "#k=" + holder);
  // The holder's secret is returned once: reading the ticket does not show it.
  auto read = s.request(verb::get, "/api/v1/tickets/" + id);
  EXPECT_EQ(read.body.find(holder), std::string::npos);
  // A stranger who knows the public id only.
  auto missing = s.request(verb::post, "/api/v1/tickets/" + id + "/cancel", "{}");
  EXPECT_EQ(missing.status, 400u);
  EXPECT_EQ(missing.json()["error"]["field"], "holder_token");
  auto wrong = s.request(verb::post, "/api/v1/tickets/" + id + "/cancel", json{{"holder_token", "0000000000000000"}}.dump());
  EXPECT_EQ(wrong.status, 403u) << wrong.body;
  EXPECT_EQ(s.request(verb::get, "/api/v1/tickets/" + id).json()["state"], "waiting");
  // Finished, then rated: a stranger's rating is refused, the holder's counts.
  auto clerk = s.signIn("hall02");
  EXPECT_EQ(calledNumber(s, clerk, 2), "A001");
  auto stranger = s.request(verb::post, "/api/v1/tickets/" + id + "/rating",
                            json{{"rating", "very_dissatisfied"}, {"holder_token", "AAAAAAAAAAAAAAAA"}}.dump());
  EXPECT_EQ(stranger.status, 403u);
  auto rated = s.request(verb::post, "/api/v1/tickets/" + id + "/rating",
                         json{{"rating", "satisfied"}, {"holder_token", holder}}.dump());
  EXPECT_EQ(rated.status, 200u) << rated.body;
  // Cancelling with the secret works for a waiting ticket.
  json t2 = issue(s, {{"service", "A"}});
  auto own = s.request(verb::post, "/api/v1/tickets/" + t2["ticket_id"].get<std::string>() + "/cancel",
                       json{{"holder_token", t2["holder_token"]}}.dump());
  EXPECT_EQ(own.status, 200u) << own.body;
  EXPECT_EQ(own.json()["state"], "cancelled");
}

TEST(HallPublic, TheRatingPadAnswersOnlyItsPairedDevice) {
  TestServer s;
  issue(s, {{"service", "A"}});
  auto clerk = s.signIn("hall02");
  EXPECT_EQ(calledNumber(s, clerk, 2), "A001");
  // Unpaired: refused.
  EXPECT_EQ(s.request(verb::get, "/api/v1/windows/2/pad").status, 401u);
  EXPECT_EQ(s.request(verb::post, "/api/v1/windows/2/pad/rating", json{{"rating", "very_dissatisfied"}}.dump()).status,
            401u);
  // Only the clerk seated there (or a supervisor) sets the code.
  EXPECT_EQ(s.request(verb::post, "/api/v1/windows/2/pad/pairing-code", "", s.signIn("hall03")).status, 403u);
  EXPECT_EQ(s.request(verb::post, "/api/v1/windows/2/pad/pairing-code").status, 401u);
  auto code = s.request(verb::post, "/api/v1/windows/2/pad/pairing-code", "", clerk);
  ASSERT_EQ(code.status, 201u) << code.body;
  const std::string c = code.json()["code"];
  EXPECT_EQ(s.request(verb::post, "/api/v1/windows/2/pad/pair", json{{"code", "WRONG000"}}.dump()).status, 403u);
  auto paired = s.request(verb::post, "/api/v1/windows/2/pad/pair", json{{"code", c}}.dump());
  ASSERT_EQ(paired.status, 201u) << paired.body;
  const std::string token = paired.json()["device_token"];
  // The code works once.
  EXPECT_EQ(s.request(verb::post, "/api/v1/windows/2/pad/pair", json{{"code", c}}.dump()).status, 403u);
  Headers pad = {{"X-Device-Token", token}};
  auto offer = s.request(verb::get, "/api/v1/windows/2/pad", "", pad);
  ASSERT_EQ(offer.status, 200u) << offer.body;
  EXPECT_EQ(offer.json()["ticket"]["number"], "A001");
  EXPECT_EQ(offer.body.find("ticket_id"), std::string::npos);
  // Window 2's pad is not window 3's.
  EXPECT_EQ(s.request(verb::get, "/api/v1/windows/3/pad", "", pad).status, 401u);
  auto rated = s.request(verb::post, "/api/v1/windows/2/pad/rating", json{{"rating", "dissatisfied"}}.dump(), pad);
  ASSERT_EQ(rated.status, 200u) << rated.body;
  EXPECT_TRUE(rated.json()["rectification_id"].is_number_integer());
  EXPECT_EQ(s.request(verb::post, "/api/v1/windows/2/pad/rating", json{{"rating", "satisfied"}}.dump(), pad).status,
            409u);
  // A new pairing replaces the old pad; an expired code is refused.
  auto again = s.request(verb::post, "/api/v1/windows/2/pad/pairing-code", "", s.signIn("supervisor"));
  ASSERT_EQ(again.status, 201u);
  auto repaired = s.request(verb::post, "/api/v1/windows/2/pad/pair", json{{"code", again.json()["code"]}}.dump());
  ASSERT_EQ(repaired.status, 201u);
  EXPECT_EQ(s.request(verb::get, "/api/v1/windows/2/pad", "", pad).status, 401u);
  auto late = s.request(verb::post, "/api/v1/windows/2/pad/pairing-code", "", clerk);
  s.advanceClock(11 * 60'000);
  EXPECT_EQ(s.request(verb::post, "/api/v1/windows/2/pad/pair", json{{"code", late.json()["code"]}}.dump()).status, 403u);
}

TEST(HallPublic, NobodyJumpsTheQueueWithAnAppointmentTimeOrAClaimedClass) {
  TestServer s;
  json first = issue(s, {{"service", "A"}});
  // An appointment time from the body is refused (only a checked-in appointment carries one).
  auto jump = issueRaw(s, {{"service", "A"}, {"channel", "remote"}, {"appointment_at", 0}});
  EXPECT_EQ(jump.status, 400u) << jump.body;
  EXPECT_EQ(jump.json()["error"]["field"], "appointment_at");
  EXPECT_EQ(issueRaw(s, {{"service", "A"}, {"channel", "appointment"}}).status, 400u);
  // A class claimed from a phone waits as normal, behind the earlier ticket.
  json claimed = issue(s, {{"service", "A"}, {"channel", "remote"}, {"priority", "elderly"}});
  EXPECT_EQ(claimed["priority"], "normal");
  EXPECT_EQ(claimed["priority_claimed"], "elderly");
  EXPECT_EQ(claimed["ahead"], 1);
  // A "kiosk" that is not a registered device is a remote caller.
  json fake_kiosk = issue(s, {{"service", "A"}, {"channel", "kiosk"}, {"priority", "military"}});
  EXPECT_EQ(fake_kiosk["channel"], "remote");
  EXPECT_EQ(fake_kiosk["priority"], "normal");
  // The clerk at window 2 sees proof and confirms: the ticket moves ahead (its arrival kept).
  auto clerk = s.signIn("hall02");
  auto bad = act(s, clerk, 2, "confirm-priority", {{"number", "A999"}, {"priority", "elderly"}});
  EXPECT_EQ(bad.status, 400u);
  EXPECT_EQ(bad.json()["error"]["field"], "number");
  EXPECT_EQ(act(s, s.signIn("hall03"), 2, "confirm-priority", {{"number", claimed["number"]}, {"priority", "elderly"}}).status,
            403u);  // not seated at window 2
  auto confirmed = act(s, clerk, 2, "confirm-priority", {{"number", claimed["number"]}, {"priority", "elderly"}});
  ASSERT_EQ(confirmed.status, 200u) << confirmed.body;
  EXPECT_EQ(confirmed.json()["ticket"]["priority"], "elderly");
  EXPECT_EQ(confirmed.json()["ticket"]["arrival"], claimed["arrival"]);
  EXPECT_EQ(calledNumber(s, clerk, 2), claimed["number"]);
  EXPECT_EQ(calledNumber(s, clerk, 2), first["number"]);
  EXPECT_EQ(calledNumber(s, clerk, 2), fake_kiosk["number"]);
}

TEST(HallPublic, ARegisteredKioskSetsAClassAtIssueTime) {
  TestServer s;
  json first = issue(s, {{"service", "A"}});
  EXPECT_EQ(s.request(verb::post, "/api/v1/halls/1/kiosk/pairing-code", "", s.signIn("hall02")).status, 403u);
  auto code = s.request(verb::post, "/api/v1/halls/1/kiosk/pairing-code", "", s.signIn("supervisor"));
  ASSERT_EQ(code.status, 201u) << code.body;
  // Typed by hand in lower case.
  std::string typed = code.json()["code"];
  for (char& ch : typed) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  auto paired = s.request(verb::post, "/api/v1/halls/1/kiosk/pair", json{{"code", typed}}.dump());
  ASSERT_EQ(paired.status, 201u) << paired.body;
  Headers kiosk = {{"X-Device-Token", paired.json()["device_token"].get<std::string>()}};
  json elderly = issue(s, {{"service", "A"}, {"priority", "elderly"}}, kiosk);
  EXPECT_EQ(elderly["priority"], "elderly");
  EXPECT_EQ(elderly["channel"], "kiosk");
  EXPECT_TRUE(elderly["priority_claimed"].is_null());
  auto clerk = s.signIn("hall02");
  EXPECT_EQ(calledNumber(s, clerk, 2), elderly["number"]);
  EXPECT_EQ(calledNumber(s, clerk, 2), first["number"]);
  // A wrong device token is an unregistered caller.
  json other = issue(s, {{"service", "A"}, {"priority", "disabled"}}, {{"X-Device-Token", "NOTAKIOSK"}});
  EXPECT_EQ(other["priority"], "normal");
}
