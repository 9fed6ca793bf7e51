// Rate limits on anonymous writes against a real server (docs/security/limits.md): each limit lets
// its number through and refuses the next with 429, Retry-After and a message naming the limit;
// the bucket refills with the server's clock; a refusal writes nothing; staff sessions are not
// limited per address; the SMS bomb (ticket, cancel, again, with a victim's phone) sends at most
// the SMS limit; two nodes on one PostgreSQL share the buckets.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "services/hall_service.h"
#include "services/sms_gate.h"
#include "support/pg_cluster.h"
#include "test_server.h"

using namespace onedoor;
using namespace onedoor::testing;
using bhttp::verb;
using nlohmann::json;

namespace {

constexpr int64_t kMin = 60 * 1000;

json appeal(const std::string& phone) {
  return {{"category", "housing.leak"},
          {"text", "楼上卫生间漏水，已经三天了，天花板在滴水"},
          {"phone", phone},
          {"address", "东湖街道柳岸小区 3 栋 402"}};
}

// The n-th distinct mobile number of a test.
std::string phoneNo(int n) { return "1390000" + std::to_string(1000 + n); }

HttpResult postAppeal(TestServer& s, const std::string& phone, const Headers& h = {}) {
  return s.request(verb::post, "/api/v1/appeals", appeal(phone).dump(), h);
}

HttpResult remoteTicket(TestServer& s, const std::string& phone, const std::string& service = "A") {
  json body = {{"service", service}, {"channel", "remote"}};
  if (!phone.empty()) body["phone"] = phone;
  return s.request(verb::post, "/api/v1/halls/1/tickets", body.dump());
}

int retryAfter(const HttpResult& r) {
  auto it = r.headers.find("retry-after");
  return it == r.headers.end() ? -1 : std::atoi(it->second.c_str());
}

std::string message(const HttpResult& r) { return r.json()["error"]["message"].get<std::string>(); }

// A 429 whose Retry-After is the bucket's refill interval (less the little time the test took).
void expectRefused(const HttpResult& r, const people::RateLimit& l, const std::string& says) {
  EXPECT_EQ(r.status, 429u) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "too_many_requests");
  EXPECT_NE(message(r).find(says), std::string::npos) << message(r);
  EXPECT_NE(message(r).find(" / Too many "), std::string::npos) << message(r);  // bilingual
  EXPECT_LE(retryAfter(r), l.refill_ms / 1000);
  EXPECT_GE(retryAfter(r), l.refill_ms / 1000 - 5);
}

}  // namespace

TEST(RateLimitApi, AnonymousAppealsStopAtTheAddressLimitAndRefillWithTime) {
  TestServer s;
  const people::RateLimit l = s.app().rate_limits.appeal_address;
  ASSERT_GT(l.burst, 1);
  for (int i = 0; i < l.burst; ++i) {
    auto r = postAppeal(s, phoneNo(i));  // one phone each: only the address counts
    ASSERT_EQ(r.status, 201u) << i << r.body;
  }
  int64_t seq = s.lastSeq();
  auto refused = postAppeal(s, phoneNo(100));
  expectRefused(refused, l, "诉求提交过于频繁：同一网络地址最多连续 " + std::to_string(l.burst) + " 次");
  EXPECT_EQ(s.lastSeq(), seq);  // nothing written
  // Half an interval later: still refused; a whole one: exactly one more.
  s.advanceClock(l.refill_ms / 2);
  EXPECT_EQ(postAppeal(s, phoneNo(101)).status, 429u);
  s.advanceClock(l.refill_ms / 2);
  EXPECT_EQ(postAppeal(s, phoneNo(102)).status, 201u);
  EXPECT_EQ(postAppeal(s, phoneNo(103)).status, 429u);
}

TEST(RateLimitApi, OnePhoneStopsAtItsAppealLimitWhileOthersGoOn) {
  TestServer s;
  const people::RateLimit l = s.app().rate_limits.appeal_phone;
  ASSERT_LT(l.burst, s.app().rate_limits.appeal_address.burst);
  for (int i = 0; i < l.burst; ++i) ASSERT_EQ(postAppeal(s, "13812345678").status, 201u) << i;
  // The same number written another way is the same phone.
  expectRefused(postAppeal(s, "+86 138 1234 5678"), l, "同一手机号");
  EXPECT_EQ(postAppeal(s, "13812345679").status, 201u);
}

TEST(RateLimitApi, BadInputCostsNoTokenAndStaffAreNotLimitedPerAddress) {
  TestServer s;
  s.app().rate_limits.appeal_address = {2, 60 * kMin};
  // Refused for its content (400): the refused write gives its token back.
  json bad = appeal(phoneNo(0));
  bad["category"] = "no.such";
  for (int i = 0; i < 5; ++i) EXPECT_EQ(s.request(verb::post, "/api/v1/appeals", bad.dump()).status, 400u);
  EXPECT_EQ(postAppeal(s, phoneNo(1)).status, 201u);
  EXPECT_EQ(postAppeal(s, phoneNo(2)).status, 201u);
  EXPECT_EQ(postAppeal(s, phoneNo(3)).status, 429u);
  // A hotline operator at the same address records calls under a staff session.
  auto op = s.signIn("operator");
  for (int i = 0; i < 4; ++i) {
    json call = appeal("13812345678");
    call["channel"] = "hotline";
    auto r = s.request(verb::post, "/api/v1/appeals", call.dump(), op);
    EXPECT_EQ(r.status, 201u) << r.body;
  }
}

TEST(RateLimitApi, PhotosStopAtTheAddressLimit) {
  TestServer s;
  s.app().rate_limits.photo_address = {2, 5 * kMin};
  const people::RateLimit l = s.app().rate_limits.photo_address;
  auto created = postAppeal(s, "13812345678");
  ASSERT_EQ(created.status, 201u);
  std::string code = created.json()["tracking_code"], secret = created.json()["secret"];
  std::string png("\x89PNG\r\n\x1A\n", 8);
  png += std::string(2000, 'a');
  auto photo = [&](const std::string& sec) {
    return s.request(verb::post, "/api/v1/appeals/" + code + "/photos?secret=" + sec, png, {{"Content-Type", "image/png"}});
  };
  EXPECT_EQ(photo(secret).status, 201u);
  EXPECT_EQ(photo("wrong-secret").status, 403u);  // refused for another reason: no token spent
  EXPECT_EQ(photo(secret).status, 201u);
  expectRefused(photo(secret), l, "照片上传过于频繁");
}

TEST(RateLimitApi, RemoteTicketsStopAtThePhoneAndAddressLimits) {
  TestServer s;
  people::RateLimits& rl = s.app().rate_limits;
  rl.tickets_phone_active = 0;  // the buckets alone
  const people::RateLimit per_phone = rl.ticket_phone, per_address = rl.ticket_address;
  ASSERT_LT(per_phone.burst, per_address.burst);
  for (int i = 0; i < per_phone.burst; ++i) ASSERT_EQ(remoteTicket(s, "13800001111").status, 201u) << i;
  expectRefused(remoteTicket(s, "13800001111"), per_phone, "远程取号过于频繁：同一手机号");
  for (int i = per_phone.burst; i < per_address.burst; ++i) ASSERT_EQ(remoteTicket(s, "").status, 201u) << i;
  expectRefused(remoteTicket(s, ""), per_address, "远程取号过于频繁：同一网络地址");
  // Hall staff (a clerk issuing at the desk) are not limited per address.
  auto kiosk = s.request(verb::post, "/api/v1/halls/1/tickets", json{{"service", "A"}, {"channel", "kiosk"}}.dump(),
                         s.signIn("supervisor"));
  EXPECT_EQ(kiosk.status, 201u) << kiosk.body;
  s.advanceClock(per_address.refill_ms);
  EXPECT_EQ(remoteTicket(s, "").status, 201u);
  EXPECT_EQ(remoteTicket(s, "").status, 429u);
}

TEST(RateLimitApi, OnePhoneHoldsAtMostItsActiveTicketsInAHall) {
  TestServer s;
  const int cap = s.app().rate_limits.tickets_phone_active;
  ASSERT_GE(cap, 1);
  ASSERT_GT(s.app().rate_limits.ticket_phone.burst, cap);
  std::vector<std::string> held;
  for (int i = 0; i < cap; ++i) {
    auto r = remoteTicket(s, "13800002222");
    ASSERT_EQ(r.status, 201u) << r.body;
    held.push_back(r.json()["ticket_id"].get<std::string>() + " " + r.json()["holder_token"].get<std::string>());
  }
  int64_t seq = s.lastSeq();
  auto refused = remoteTicket(s, "13800002222");
  EXPECT_EQ(refused.status, 429u) << refused.body;
  EXPECT_EQ(refused.json()["error"]["field"], "phone");
  EXPECT_NE(message(refused).find("最多同时持有 " + std::to_string(cap) + " 张未办结的号"), std::string::npos);
  EXPECT_GT(retryAfter(refused), 0);
  EXPECT_EQ(s.lastSeq(), seq);
  // Once one is cancelled the phone may take another.
  auto out = std::make_shared<services::HallOutcome>();
  const std::string& code_and_token = held[0];
  std::string code = code_and_token.substr(0, code_and_token.find(' '));
  std::string token = code_and_token.substr(code_and_token.find(' ') + 1);
  ASSERT_TRUE(s.hall().run(s.store(), s.hall().cancelWrite(code, token, out), out));
  EXPECT_EQ(remoteTicket(s, "13800002222").status, 201u);
}

namespace {

// The hall's near-front notices through an SmsGate on the test server's store and clock, counted.
struct SmsCounter {
  std::unique_ptr<services::SmsGate> gate;
  std::mutex mu;
  std::vector<json> sent;

  explicit SmsCounter(TestServer& s) {
    services::HallService& hall = s.hall();
    gate = std::make_unique<services::SmsGate>(s.store(), hall.clock(), s.app().rate_limits,
                                               [&hall](int64_t ms) { return hall.dayStart(ms); });
    services::connectSms(*gate, hall, nullptr, [this](const std::string& body) {
      std::lock_guard lock(mu);
      sent.push_back(json::parse(body));
      return true;
    });
  }
  // Waits until the gate decided `n` messages.
  void waitFor(int64_t n) {
    for (int i = 0; i < 500 && gate->sent() + gate->refused() < n; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_EQ(gate->sent() + gate->refused(), n);
  }
  size_t count() {
    std::lock_guard lock(mu);
    return sent.size();
  }
};

// Takes a remote ticket for `phone` at the front of service G (a notice at once) and cancels it.
void ticketThenCancel(TestServer& s, const std::string& phone) {
  auto r = remoteTicket(s, phone, "G");
  ASSERT_EQ(r.status, 201u) << r.body;
  ASSERT_TRUE(r.json()["near_front"]) << r.body;
  auto out = std::make_shared<services::HallOutcome>();
  ASSERT_TRUE(s.hall().run(
      s.store(), s.hall().cancelWrite(r.json()["ticket_id"].get<std::string>(), r.json()["holder_token"].get<std::string>(), out),
      out));
}

}  // namespace

TEST(RateLimitApi, SmsBombingAVictimsPhoneSendsAtMostTheSmsLimit) {
  TestServer s;
  // The ticket limits off, so that only the SMS gate stands between the attacker and the phone.
  for (const char* l : {"ticket.address=off", "ticket.phone=off", "tickets.phone.active=off"})
    ASSERT_TRUE(people::setLimit(s.app().rate_limits, l));
  const people::RateLimit per_phone = s.app().rate_limits.sms_phone;
  SmsCounter sms(s);
  for (int i = 0; i < 20; ++i) ticketThenCancel(s, "13800003333");
  sms.waitFor(20);
  EXPECT_EQ(sms.count(), static_cast<size_t>(per_phone.burst));
  EXPECT_EQ(sms.gate->refused(), 20 - per_phone.burst);
  for (const auto& m : sms.sent) EXPECT_EQ(m["phone"], "13800003333");
  // Another citizen's phone still gets its notice.
  ticketThenCancel(s, "13800004444");
  sms.waitFor(21);
  EXPECT_EQ(sms.count(), static_cast<size_t>(per_phone.burst) + 1);
}

TEST(RateLimitApi, SmsToOnePhoneNeverPassTheDailyCap) {
  TestServer s;
  ASSERT_TRUE(people::setLimit(s.app().rate_limits, "all=off"));
  people::RateLimits& rl = s.app().rate_limits;
  rl.sms_phone = {3, 20 * kMin};
  rl.sms_phone_day = 10;
  // Start just after a local midnight so the whole run is one day.
  int64_t now = s.hall().clock().nowMs();
  s.advanceClock(s.hall().dayStart(now) + 24 * 3600 * 1000 + kMin - now);
  SmsCounter sms(s);
  // One every refill interval: the hourly bucket never refuses, the day's count does.
  for (int i = 0; i < 15; ++i) {
    ticketThenCancel(s, "13800005555");
    sms.waitFor(i + 1);
    s.advanceClock(rl.sms_phone.refill_ms);
  }
  EXPECT_EQ(sms.count(), 10u);
  // The next day the phone may be told again.
  s.advanceClock(24 * 3600 * 1000);
  ticketThenCancel(s, "13800005555");
  sms.waitFor(16);
  EXPECT_EQ(sms.count(), 11u);
}

TEST(RateLimitMultiNode, TwoNodesOnOnePostgresShareTheBuckets) {
  const std::string url = demoDatabase(test::PgCluster::instance());
  TestServer a(url);
  TestServer b(url);
  const people::RateLimit l = a.app().rate_limits.appeal_address;
  ASSERT_GT(l.burst, 2);
  // Half the burst on each node, alternating.
  for (int i = 0; i < l.burst; ++i) {
    auto r = postAppeal(i % 2 ? b : a, phoneNo(i));
    ASSERT_EQ(r.status, 201u) << i << r.body;
  }
  expectRefused(postAppeal(a, phoneNo(100)), l, "同一网络地址");
  expectRefused(postAppeal(b, phoneNo(101)), l, "同一网络地址");
  // The SMS buckets too: a ticket on each node for the same phone, one SMS allowed in all.
  for (TestServer* s : {&a, &b}) {
    s->app().rate_limits.sms_phone = {1, 60 * kMin};
    ASSERT_TRUE(people::setLimit(s->app().rate_limits, "tickets.phone.active=off"));
  }
  SmsCounter on_a(a), on_b(b);
  ticketThenCancel(a, "13800006666");
  on_a.waitFor(1);
  ticketThenCancel(b, "13800006666");
  on_b.waitFor(1);
  EXPECT_EQ(on_a.count() + on_b.count(), 1u);
}
