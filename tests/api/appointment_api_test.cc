// Appointments over HTTP against a real server and SQLite file: slots, book / change / cancel,
// the .ics file, refusals that change nothing (full, past, off-grid, bad phone, cancelled),
// concurrent booking of one slot (never overbooked), check-in into the hall queue, and the
// reminder sent through the SMS webhook to a listener on 127.0.0.1. The appointment service runs
// on a clock the test sets, so every case is on fixed dates of the shipped 2026 calendar.
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>

#include "api/route_groups.h"
#include "http/webhook.h"
#include "services/appointment_service.h"
#include "test_server.h"

using namespace onedoor;
using namespace onedoor::testing;
using nlohmann::json;
using bhttp::verb;

namespace {

// A clock the test moves; read from the server's io threads.
class TestClock final : public Clock {
 public:
  int64_t nowMs() const override { return ms_.load(); }
  void set(int64_t ms) { ms_.store(ms); }

 private:
  std::atomic<int64_t> ms_{0};
};

// Local (Beijing, UTC+8) wall time in December 2026 as UTC epoch ms.
int64_t dec(int day, int h, int m) {
  constexpr int64_t kDec1Utc = 1796083200000LL;  // 2026-12-01T00:00:00Z
  return kDec1Utc + (day - 1) * 86400000LL + (h * 60 + m - 480) * 60000LL;
}


// A server whose appointment service uses TestClock; "now" starts at Tuesday 2026-12-01 10:00.
struct Fixture {
  TestClock clock;
  std::unique_ptr<services::CalendarBook> calendars;
  std::unique_ptr<services::AppointmentService> svc;
  std::unique_ptr<TestServer> server;

  // `rate_limits`: keep the booking limits on (their tests); the others book freely from one address.
  explicit Fixture(bool rate_limits = false) {
    clock.set(dec(1, 10, 0));
    auto book = services::CalendarBook::open(std::filesystem::path(ONEDOOR_SOURCE_DIR) / "calendars" / "cn");
    if (!book) throw std::runtime_error(book.status().message());
    calendars = std::move(*book);
    server = std::make_unique<TestServer>([this, rate_limits](http::Router& router, api::App& app) {
      if (!rate_limits) people::setLimit(app.rate_limits, "all=off");
      svc = std::make_unique<services::AppointmentService>(clock, *calendars, *app.hall);
      app.appointments = svc.get();
      api::registerAppointmentRoutes(router, app);
    });
  }

  TestServer& s() { return *server; }

  // The demo catalogue's 社会保障卡申领 (SB-001), published, handled by hall service A.
  int64_t matterId() {
    int64_t id = 0;
    EXPECT_TRUE(s().store().read([&](Reader& r) {
      for (const auto& m : r.listPublishedMatters())
        if (m.code == "SB-001") id = m.id;
      return Status::ok();
    }));
    EXPECT_GT(id, 0);
    return id;
  }
  std::string slotsPath(const std::string& query) {
    return "/api/v1/matters/" + std::to_string(matterId()) + "/slots" + query;
  }

  HttpResult book(int64_t slot, const std::string& phone = "13812341234", const std::string& name = "张三") {
    json body = {{"matter_id", matterId()}, {"slot_start", slot}, {"name", name}, {"phone", phone}};
    return s().request(verb::post, "/api/v1/appointments", body.dump());
  }

  int bookedIn(int64_t slot) {
    int n = 0;
    EXPECT_TRUE(s().store().read([&](Reader& r) {
      for (auto [start, count] : r.bookedPerSlot(1, "A", slot, slot + 1)) n += count;
      return Status::ok();
    }));
    return n;
  }

  int64_t lastSeq() { return s().lastSeq(); }

  std::vector<std::string> eventTypes(const std::string& code) {
    std::vector<std::string> out;
    EXPECT_TRUE(s().store().read([&](Reader& r) {
      auto a = r.appointmentByCode(code);
      if (!a) return Status::ok();
      for (const auto& e : r.eventsBySubject("appointment:" + std::to_string(a->id))) out.push_back(e.type);
      return Status::ok();
    }));
    return out;
  }
};

bool isCrockford(const std::string& code) {
  if (code.size() != 10) return false;
  for (char c : code)
    if (std::string("0123456789ABCDEFGHJKMNPQRSTVWXYZ").find(c) == std::string::npos) return false;
  return true;
}

}  // namespace

TEST(AppointmentApi, SlotsListWorkingDaysWithFreePlacesAndLeaveOutThePast) {
  Fixture f;
  auto r = f.s().request(verb::get, f.slotsPath("?from=2026-12-01&days=7"));
  ASSERT_EQ(r.status, 200u) << r.body;
  json j = r.json();
  EXPECT_EQ(j["service"], "A");
  json days = j["days"];
  ASSERT_EQ(days.size(), 5u);  // Tue–Fri and Monday; the weekend left out
  EXPECT_EQ(days[0]["date"], "2026-12-01");
  EXPECT_EQ(days[4]["date"], "2026-12-07");
  // Today at 10:00: 09:00, 09:30 and 10:00 have begun; 10:30, 11:00, 11:30 and the 7 afternoon ones stay.
  ASSERT_EQ(days[0]["slots"].size(), 10u);
  EXPECT_EQ(days[0]["slots"][0]["start"], dec(1, 10, 30));
  ASSERT_EQ(days[1]["slots"].size(), 13u);
  json first = days[1]["slots"][0];
  EXPECT_EQ(first["start"], dec(2, 9, 0));
  EXPECT_EQ(first["end"], dec(2, 9, 30));
  EXPECT_EQ(first["capacity"], 4);
  EXPECT_EQ(first["booked"], 0);
  EXPECT_EQ(first["free"], 4);
  ASSERT_EQ(f.book(dec(2, 9, 0)).status, 201u);
  json again = f.s().request(verb::get, f.slotsPath("?from=2026-12-02&days=1")).json();
  EXPECT_EQ(again["days"][0]["slots"][0]["booked"], 1);
  EXPECT_EQ(again["days"][0]["slots"][0]["free"], 3);
  EXPECT_EQ(f.s().request(verb::get, "/api/v1/matters/99/slots").status, 404u);
  EXPECT_EQ(f.s().request(verb::get, f.slotsPath("?from=2026-13-01")).status, 400u);
}

TEST(AppointmentApi, BookChangeCancelAndTheIcsFile) {
  Fixture f;
  auto r = f.book(dec(2, 9, 0));
  ASSERT_EQ(r.status, 201u) << r.body;
  json a = r.json();
  std::string code = a["code"];
  EXPECT_TRUE(isCrockford(code)) << code;
  EXPECT_EQ(a["matter_id"], f.matterId());
  EXPECT_EQ(a["matter_name"], "社会保障卡申领");
  EXPECT_EQ(a["service"], "A");
  EXPECT_EQ(a["hall_id"], 1);
  EXPECT_EQ(a["slot_start"], dec(2, 9, 0));
  EXPECT_EQ(a["slot_end"], dec(2, 9, 30));
  EXPECT_EQ(a["name"], "张*");
  EXPECT_EQ(a["phone"], "138****1234");
  EXPECT_EQ(a["state"], "booked");
  EXPECT_TRUE(a["ticket_id"].is_null());
  EXPECT_EQ(a["reminder"]["due_at"], dec(1, 18, 0));  // the day before at 18:00
  EXPECT_TRUE(a["reminder"]["sent_at"].is_null());
  EXPECT_EQ(a["ics_url"], "/api/v1/appointments/" + code + ".ics");
  EXPECT_EQ(r.body.find("13812341234"), std::string::npos);
  EXPECT_EQ(r.body.find("张三"), std::string::npos);

  auto got = f.s().request(verb::get, "/api/v1/appointments/" + code);
  ASSERT_EQ(got.status, 200u);
  EXPECT_EQ(got.json(), a);
  EXPECT_EQ(f.s().request(verb::get, "/api/v1/appointments/ZZZZZZZZZZ").status, 404u);

  auto changed = f.s().request(verb::post, "/api/v1/appointments/" + code + "/change",
                               json{{"slot_start", dec(3, 14, 0)}}.dump());
  ASSERT_EQ(changed.status, 200u) << changed.body;
  EXPECT_EQ(changed.json()["slot_start"], dec(3, 14, 0));
  EXPECT_EQ(changed.json()["reminder"]["due_at"], dec(2, 18, 0));
  EXPECT_EQ(f.bookedIn(dec(2, 9, 0)), 0);
  EXPECT_EQ(f.bookedIn(dec(3, 14, 0)), 1);

  auto ics = f.s().request(verb::get, "/api/v1/appointments/" + code + ".ics");
  ASSERT_EQ(ics.status, 200u) << ics.body;
  EXPECT_EQ(ics.headers["content-type"].rfind("text/calendar", 0), 0u);
  EXPECT_EQ(ics.body.rfind("BEGIN:VCALENDAR\r\n", 0), 0u);
  EXPECT_NE(ics.body.find("\r\nDTSTART:20261203T060000Z\r\n"), std::string::npos) << ics.body;
  EXPECT_NE(ics.body.find("\r\nDTEND:20261203T063000Z\r\n"), std::string::npos);
  EXPECT_NE(ics.body.find("UID:" + code + "@onedoor"), std::string::npos);
  EXPECT_NE(ics.body.find("TRIGGER:-P1D\r\n"), std::string::npos);
  EXPECT_NE(ics.body.find("TRIGGER:-PT1H\r\n"), std::string::npos);
  EXPECT_NE(ics.body.find("/appointment/" + code), std::string::npos);
  EXPECT_EQ(ics.body.find("13812341234"), std::string::npos);

  auto cancelled = f.s().request(verb::post, "/api/v1/appointments/" + code + "/cancel");
  ASSERT_EQ(cancelled.status, 200u) << cancelled.body;
  EXPECT_EQ(cancelled.json()["state"], "cancelled");
  EXPECT_EQ(f.bookedIn(dec(3, 14, 0)), 0);
  // A cancelled appointment is not changed, cancelled again or checked in; nothing is written.
  int64_t seq = f.lastSeq();
  EXPECT_EQ(f.s().request(verb::post, "/api/v1/appointments/" + code + "/change",
                          json{{"slot_start", dec(4, 9, 0)}}.dump()).status,
            409u);
  EXPECT_EQ(f.s().request(verb::post, "/api/v1/appointments/" + code + "/cancel").status, 409u);
  f.clock.set(dec(3, 14, 0));
  EXPECT_EQ(f.s().request(verb::post, "/api/v1/appointments/" + code + "/check-in").status, 409u);
  EXPECT_EQ(f.lastSeq(), seq);
  EXPECT_EQ(f.s().request(verb::get, "/api/v1/appointments/" + code).json()["slot_start"], dec(3, 14, 0));
  EXPECT_EQ(f.eventTypes(code), (std::vector<std::string>{"appointment.booked", "appointment.changed",
                                                           "appointment.cancelled"}));
}

TEST(AppointmentApi, RefusalsChangeNothing) {
  Fixture f;
  // Two places per slot, as a supervisor sets them on the hall's settings page.
  auto sup = f.s().signIn("supervisor");
  ASSERT_EQ(f.s().request(verb::put, "/api/v1/halls/1/appointment-capacity", R"({"capacity":{"A":2}})", sup).status, 200u);
  int64_t slot = dec(2, 10, 0);
  ASSERT_EQ(f.book(slot).status, 201u);
  std::string mover = f.book(dec(2, 10, 30)).json()["code"];
  ASSERT_EQ(f.book(slot, "13900001111").status, 201u);
  int64_t seq = f.lastSeq();
  auto full = f.book(slot, "13700002222");
  EXPECT_EQ(full.status, 409u);
  EXPECT_EQ(full.json()["error"]["code"], "slot_full");
  EXPECT_EQ(full.json()["error"]["field"], "slot_start");
  auto move = f.s().request(verb::post, "/api/v1/appointments/" + mover + "/change", json{{"slot_start", slot}}.dump());
  EXPECT_EQ(move.status, 409u);
  EXPECT_EQ(move.json()["error"]["code"], "slot_full");
  EXPECT_EQ(f.s().request(verb::get, "/api/v1/appointments/" + mover).json()["slot_start"], dec(2, 10, 30));
  // Past, off the grid, lunch, weekend: slot_invalid.
  for (int64_t bad : {dec(1, 9, 30), dec(1, 10, 0), dec(2, 9, 15), dec(2, 12, 0), dec(2, 17, 0), dec(5, 9, 0)}) {
    auto r = f.book(bad);
    EXPECT_EQ(r.status, 400u) << bad;
    EXPECT_EQ(r.json()["error"]["code"], "slot_invalid") << r.body;
  }
  // A phone that is not a mobile phone, an empty name, an unknown matter.
  for (const char* phone : {"12345", "1381234123x", "23812341234", "138123412345"}) {
    auto r = f.book(dec(3, 9, 0), phone);
    EXPECT_EQ(r.status, 400u) << phone;
    EXPECT_EQ(r.json()["error"]["field"], "phone");
  }
  EXPECT_EQ(f.book(dec(3, 9, 0), "13812341234", "").status, 400u);
  EXPECT_EQ(f.s().request(verb::post, "/api/v1/appointments",
                          json{{"matter_id", 99999}, {"slot_start", dec(3, 9, 0)}, {"name", "李四"}, {"phone", "13812341234"}}
                              .dump())
                .status,
            404u);
  // A matter saved but never published cannot be booked.
  int64_t draft_id = 0;
  ASSERT_TRUE(f.s().store().write([&](WriteTx& tx) -> Status {
    auto m = tx.publishedMatter(f.matterId());
    m->id = 0;
    m->code = "TEST-APPT";
    m->name = "未发布的事项";
    auto id = tx.insertMatter(*m, 1);
    if (!id) return id.status();
    draft_id = *id;
    return Status::ok();
  }));
  seq = f.lastSeq();
  EXPECT_EQ(f.s().request(verb::post, "/api/v1/appointments",
                          json{{"matter_id", draft_id}, {"slot_start", dec(3, 9, 0)}, {"name", "李四"}, {"phone", "13812341234"}}
                              .dump())
                .status,
            404u);
  EXPECT_EQ(f.s().request(verb::get, "/api/v1/matters/" + std::to_string(draft_id) + "/slots").status, 404u);
  EXPECT_EQ(f.lastSeq(), seq);
  EXPECT_EQ(f.bookedIn(slot), 2);
  EXPECT_EQ(f.bookedIn(dec(3, 9, 0)), 0);
}

TEST(AppointmentApi, ConcurrentBookingsOfOneSlotNeverOverbook) {
  Fixture f;
  int64_t slot = dec(4, 15, 0);
  constexpr int kThreads = 12;
  std::latch start(kThreads);
  std::atomic<int> created{0}, full{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      char phone[16];
      std::snprintf(phone, sizeof phone, "139000000%02d", i);
      start.arrive_and_wait();
      auto r = f.book(slot, phone);
      if (r.status == 201) ++created;
      else if (r.status == 409 && r.json()["error"]["code"] == "slot_full") ++full;
      else ++other;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 4);
  EXPECT_EQ(full.load(), kThreads - 4);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(f.bookedIn(slot), 4);
  int booked_events = 0;
  ASSERT_TRUE(f.s().store().read([&](Reader& r) {
    for (const auto& e : r.eventsAfter(0, 100000)) booked_events += e.type == "appointment.booked";
    return Status::ok();
  }));
  EXPECT_EQ(booked_events, 4);
}

TEST(AppointmentApi, CheckInOnTheDayGivesOneTicketInTheHallQueue) {
  Fixture f;
  int64_t slot = dec(2, 9, 0);
  std::string code = f.book(slot).json()["code"];
  std::string path = "/api/v1/appointments/" + code + "/check-in";
  EXPECT_EQ(f.s().request(verb::post, path).status, 409u);  // the day before
  f.clock.set(slot - 31 * 60000);
  EXPECT_EQ(f.s().request(verb::post, path).status, 409u);  // too early
  f.clock.set(slot + 31 * 60000);
  EXPECT_EQ(f.s().request(verb::post, path).status, 409u);  // too late
  f.clock.set(slot - 30 * 60000);
  auto r = f.s().request(verb::post, path);
  ASSERT_EQ(r.status, 200u) << r.body;
  json j = r.json();
  EXPECT_EQ(j["appointment"]["state"], "checked_in");
  std::string ticket_code = j["ticket"]["ticket_id"];
  EXPECT_EQ(j["appointment"]["ticket_id"], ticket_code);
  EXPECT_EQ(j["ticket"]["service"], "A");
  EXPECT_EQ(j["ticket"]["state"], "waiting");
  // The ticket is in the hall's queue, as an appointment placed by its time.
  bool found = false;
  ASSERT_TRUE(f.s().store().read([&](Reader& rd) {
    for (const auto& t : rd.listLiveTickets(1)) {
      if (t.public_code != ticket_code) continue;
      found = true;
      EXPECT_EQ(t.channel, "appointment");
      EXPECT_EQ(t.appointment, slot);
      EXPECT_EQ(t.phone, "13812341234");
    }
    return Status::ok();
  }));
  EXPECT_TRUE(found);
  auto ticket = f.s().request(verb::get, "/api/v1/tickets/" + ticket_code);
  EXPECT_EQ(ticket.status, 200u);
  // Once only; the place stays taken.
  int64_t seq = f.lastSeq();
  EXPECT_EQ(f.s().request(verb::post, path).status, 409u);
  EXPECT_EQ(f.s().request(verb::post, "/api/v1/appointments/" + code + "/cancel").status, 409u);
  EXPECT_EQ(f.lastSeq(), seq);
  EXPECT_EQ(f.bookedIn(slot), 1);
  EXPECT_EQ(f.eventTypes(code), (std::vector<std::string>{"appointment.booked", "appointment.checked_in"}));
}

TEST(AppointmentApi, ReminderIsSentThroughTheSmsWebhookOnceWhenDue) {
  Fixture f;
  WebhookSink sms;
  http::Webhook hook(*http::Webhook::parseUrl(sms.url("/sms")),
                     std::chrono::milliseconds(2000));
  f.svc->remind = [&hook](const services::AppointmentReminder& r) {
    return hook.post(json{{"kind", "appointment_reminder"}, {"phone", r.phone}, {"code", r.code},
                          {"slot_start", r.slot_start}, {"matter", r.matter_name}}
                         .dump());
  };
  std::string code = f.book(dec(2, 9, 0)).json()["code"];
  std::string later = f.book(dec(3, 9, 0), "13911112222").json()["code"];
  auto sent = f.svc->sendDueReminders(f.s().store());
  ASSERT_TRUE(sent.isOk());
  EXPECT_EQ(*sent, 0);  // 10:00: not yet due
  f.clock.set(dec(1, 18, 0));
  sent = f.svc->sendDueReminders(f.s().store());
  ASSERT_TRUE(sent.isOk()) << sent.status().message();
  EXPECT_EQ(*sent, 1);
  json body = json::parse(sms.body(), nullptr, false);
  EXPECT_EQ(body["phone"], "13812341234");
  EXPECT_EQ(body["code"], code);
  EXPECT_EQ(body["slot_start"], dec(2, 9, 0));
  EXPECT_EQ(body["matter"], "社会保障卡申领");
  json a = f.s().request(verb::get, "/api/v1/appointments/" + code).json();
  EXPECT_EQ(a["reminder"]["sent_at"], dec(1, 18, 0));
  EXPECT_TRUE(f.s().request(verb::get, "/api/v1/appointments/" + later).json()["reminder"]["sent_at"].is_null());
  // Not twice.
  sent = f.svc->sendDueReminders(f.s().store());
  ASSERT_TRUE(sent.isOk());
  EXPECT_EQ(*sent, 0);
  EXPECT_EQ(f.eventTypes(code), (std::vector<std::string>{"appointment.booked", "appointment.reminded"}));
  // Booked after 18:00 the day before: due at once.
  f.clock.set(dec(2, 20, 0));
  json late = f.book(dec(3, 9, 30), "13933334444").json();
  EXPECT_EQ(late["reminder"]["due_at"], dec(2, 20, 0));
}

// ---- Rate limits on booking (docs/security/limits.md) ----

namespace {

// Bookable slots of 2–4 December, in order.
std::vector<int64_t> manySlots() {
  std::vector<int64_t> out;
  for (int day : {2, 3, 4})
    for (int h : {9, 10, 11, 14, 15, 16})
      for (int m : {0, 30}) out.push_back(dec(day, h, m));
  return out;
}

int retryAfter(const HttpResult& r) { return std::atoi(r.headers.count("retry-after") ? r.headers.at("retry-after").c_str() : "-1"); }

}  // namespace

TEST(AppointmentApi, OnePhoneHoldsAtMostItsPlacesADay) {
  Fixture f(true);
  const int cap = f.s().app().rate_limits.places_phone_day;
  ASSERT_GE(cap, 1);
  const std::string phone = "13811112222";
  std::vector<std::string> codes;
  for (int i = 0; i < cap; ++i) {
    auto r = f.book(dec(2, 9, 0) + i * 30 * 60000LL, phone);
    ASSERT_EQ(r.status, 201u) << i << r.body;
    codes.push_back(r.json()["code"]);
  }
  int64_t seq = f.lastSeq();
  auto refused = f.book(dec(2, 14, 0), phone);
  EXPECT_EQ(refused.status, 429u) << refused.body;
  EXPECT_EQ(refused.json()["error"]["field"], "phone");
  EXPECT_NE(refused.json()["error"]["message"].get<std::string>().find("每天最多预约 " + std::to_string(cap) + " 个名额"),
            std::string::npos)
      << refused.body;
  EXPECT_GT(retryAfter(refused), 0);
  EXPECT_EQ(f.lastSeq(), seq);  // nothing written
  // Another day, or another phone, is not affected.
  EXPECT_EQ(f.book(dec(3, 14, 0), phone).status, 201u);
  EXPECT_EQ(f.book(dec(2, 14, 0), "13911112222").status, 201u);
  // A cancelled booking gives its place back.
  ASSERT_EQ(f.s().request(verb::post, "/api/v1/appointments/" + codes[0] + "/cancel").status, 200u);
  EXPECT_EQ(f.book(dec(2, 14, 0), phone).status, 201u);
}

TEST(AppointmentApi, BookingsStopAtThePhoneAndAddressLimitsAndRefillWithTime) {
  Fixture f(true);
  people::RateLimits& rl = f.s().app().rate_limits;
  rl.places_phone_day = 0;  // this test is about the buckets
  const people::RateLimit per_phone = rl.booking_phone, per_address = rl.booking_address;
  ASSERT_LT(per_phone.burst, per_address.burst);
  std::vector<int64_t> slots = manySlots();
  ASSERT_GT(slots.size(), static_cast<size_t>(per_address.burst + 2));
  size_t next = 0;
  const std::string phone = "13822223333";
  for (int i = 0; i < per_phone.burst; ++i) ASSERT_EQ(f.book(slots[next++], phone).status, 201u) << i;
  auto by_phone = f.book(slots[next], phone);
  EXPECT_EQ(by_phone.status, 429u) << by_phone.body;
  EXPECT_NE(by_phone.json()["error"]["message"].get<std::string>().find("预约过于频繁：同一手机号"), std::string::npos);
  EXPECT_LE(retryAfter(by_phone), per_phone.refill_ms / 1000);
  EXPECT_GE(retryAfter(by_phone), per_phone.refill_ms / 1000 - 5);
  // Other phones from the same address, up to the address's burst.
  for (int i = per_phone.burst; i < per_address.burst; ++i) {
    auto r = f.book(slots[next++], "1390000" + std::to_string(1000 + i));
    ASSERT_EQ(r.status, 201u) << i << r.body;
  }
  auto by_address = f.book(slots[next], "13933334444");
  EXPECT_EQ(by_address.status, 429u) << by_address.body;
  EXPECT_NE(by_address.json()["error"]["message"].get<std::string>().find("Too many bookings from this network address"),
            std::string::npos);
  EXPECT_LE(retryAfter(by_address), per_address.refill_ms / 1000);
  EXPECT_GE(retryAfter(by_address), per_address.refill_ms / 1000 - 5);
  // One interval later exactly one more booking goes through.
  f.s().advanceClock(per_address.refill_ms);
  EXPECT_EQ(f.book(slots[next++], "13933334444").status, 201u);
  EXPECT_EQ(f.book(slots[next], "13933335555").status, 429u);
}
