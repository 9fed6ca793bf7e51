// Appointments; see appointment_service.h.
#include "services/appointment_service.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "core/random.h"
#include "core/text.h"
#include "matters/ics.h"
#include "matters/slots.h"

namespace onedoor::services {

using nlohmann::json;

namespace {

constexpr const char* kDemoHallCode = "minghu-1f";
constexpr int64_t kCheckInMarginMs = 30LL * 60 * 1000;

Status appendEvent(WriteTx& tx, int64_t now, const std::string& actor, const std::string& type,
                   const AppointmentRow& a, json payload) {
  payload["matter_id"] = a.matter_id;
  payload["hall_id"] = a.hall_id;
  payload["service"] = a.service_code;
  payload["slot_start"] = a.slot_start;
  payload["state"] = a.state;
  auto ev = tx.appendEvent(EventDraft{now, actor, type, "appointment:" + std::to_string(a.id), payload.dump()});
  return ev ? Status::ok() : ev.status();
}

// The one place appointments ask the matters store: the current published version of a matter
// (a draft never published cannot be booked).
std::optional<AppointmentMatter> publishedMatter(Reader& r, int64_t matter_id) {
  auto m = r.publishedMatter(matter_id);
  if (!m) return std::nullopt;
  return AppointmentMatter{m->id, m->name, m->hall_services};
}

Status notFoundAppointment() { return notFound("找不到该预约 / No such appointment"); }

Status refuseUnlessBooked(const AppointmentRow& a, const char* what_zh, const char* what_en) {
  if (a.state == "booked") return Status::ok();
  std::string state_zh = a.state == "cancelled" ? "已取消" : a.state == "checked_in" ? "已签到取号" : "已过期";
  return conflict("该预约" + state_zh + "，不能" + what_zh + " / This appointment is " + a.state + "; it cannot be " +
                      what_en,
                  "state");
}

}  // namespace

std::string maskName(std::string_view name) {
  if (name.empty()) return "";
  unsigned char c = static_cast<unsigned char>(name[0]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  n = std::min(n, name.size());
  size_t rest = codePointCount(name.substr(n));
  return std::string(name.substr(0, n)) + std::string(std::max<size_t>(rest, 1), '*');
}

bool isMobilePhone(std::string_view phone) {
  if (phone.size() != 11 || phone[0] != '1' || phone[1] < '3' || phone[1] > '9') return false;
  for (char ch : phone)
    if (ch < '0' || ch > '9') return false;
  return true;
}

AppointmentService::AppointmentService(const Clock& clock, const CalendarBook& calendars, HallService& hall)
    : matter_lookup(publishedMatter), clock_(clock), calendars_(calendars), hall_(hall) {}

calendar::Date AppointmentService::today() const { return calendars_.current()->localDate(clock_.nowMs()); }

Result<AppointmentPlace> AppointmentService::place(Reader& r, int64_t matter_id) const {
  auto m = matter_lookup ? matter_lookup(r, matter_id) : std::nullopt;
  if (!m) return notFound("找不到该事项 / No such matter");
  std::optional<HallRow> hall;
  for (auto& h : r.listHalls()) {
    if (h.code == kDemoHallCode) hall = h;
    if (!hall) hall = h;  // without the demo hall, the first one
  }
  if (!hall) return conflict("没有可预约的服务大厅 / No service hall takes appointments", "matter_id");
  auto services = r.listHallServices(hall->id);
  for (const auto& code : m->hall_services) {
    for (const auto& s : services) {
      if (s.code == code) return AppointmentPlace{std::move(*m), std::move(*hall), s.code, s.name};
    }
  }
  return conflict("该事项不在大厅办理，无法预约 / This matter is not handled in the hall; it cannot be booked",
                  "matter_id");
}

Status AppointmentService::checkSlot(int64_t slot_start, int64_t now) const {
  auto cal = calendars_.current();
  if (!matters::isSlotStart(*cal, slot_start))
    return invalid("不是可预约的时段（工作日 9:00–12:00、13:30–17:00 的整半点） / Not a bookable slot "
                   "(working days, on the half hour 09:00–12:00 and 13:30–17:00)",
                   "slot_start");
  if (slot_start <= now) return invalid("该时段已过 / This slot is in the past", "slot_start");
  return Status::ok();
}

Result<json> AppointmentService::slotsJson(Reader& r, int64_t matter_id, calendar::Date from, int days) const {
  auto p = place(r, matter_id);
  if (!p) return p.status();
  auto cal = calendars_.current();
  int64_t now = clock_.nowMs();
  auto grid = matters::slotsBetween(*cal, from, days);
  int capacity = r.appointmentCapacity(p->hall.id, p->service);
  std::map<int64_t, int> booked;
  if (!grid.empty()) {
    for (auto [start, n] : r.bookedPerSlot(p->hall.id, p->service, grid.front().slots.front().start,
                                           grid.back().slots.back().end))
      booked[start] = n;
  }
  json out_days = json::array();
  for (const auto& d : grid) {
    json slots = json::array();
    for (const auto& s : d.slots) {
      if (s.start <= now) continue;
      int b = booked.count(s.start) ? booked[s.start] : 0;
      slots.push_back({{"start", s.start}, {"end", s.end}, {"capacity", capacity}, {"booked", b},
                       {"free", std::max(0, capacity - b)}});
    }
    if (!slots.empty()) out_days.push_back({{"date", calendar::formatDate(d.date)}, {"slots", slots}});
  }
  return json{{"matter_id", matter_id},
              {"service", p->service},
              {"service_name", p->service_name},
              {"hall_id", p->hall.id},
              {"days", out_days}};
}

WriteFn AppointmentService::bookWrite(BookInput in, std::shared_ptr<AppointmentOutcome> out) const {
  int64_t now = clock_.nowMs();
  return [this, in = std::move(in), out, now](WriteTx& tx) -> Status {
    size_t name_chars = codePointCount(in.name);
    if (name_chars == 0 || name_chars > 30) return invalid("请填写姓名（30 字以内） / Enter a name (at most 30 characters)", "name");
    if (!isMobilePhone(in.phone))
      return invalid("请填写正确的 11 位手机号（用于短信提醒） / Enter a valid 11-digit mobile number (for the SMS reminder)",
                     "phone");
    if (Status s = checkSlot(in.slot_start, now); !s) return s;
    auto p = place(tx, in.matter_id);
    if (!p) return p.status();
    AppointmentRow a;
    a.matter_id = in.matter_id;
    a.hall_id = p->hall.id;
    a.service_code = p->service;
    a.slot_start = in.slot_start;
    a.slot_end = in.slot_start + matters::kSlotMs;
    a.name = in.name;
    a.phone = in.phone;
    a.state = "booked";
    a.reminder_due = matters::reminderDue(*calendars_.current(), a.slot_start, now);
    a.created_at = now;
    for (int attempt = 0;; ++attempt) {
      a.code = randomBase32(10);
      auto id = tx.insertAppointment(a);
      if (id) {
        a.id = *id;
        break;
      }
      // Only a clash of the random code is worth another draw; a full slot is the answer.
      if (id.status().field() != "code" || attempt > 3) return id.status();
    }
    if (Status s = appendEvent(tx, now, "citizen", "appointment.booked", a, {{"reminder_due", a.reminder_due}}); !s)
      return s;
    out->appointment = a;
    return Status::ok();
  };
}

WriteFn AppointmentService::changeWrite(std::string code, int64_t slot_start,
                                        std::shared_ptr<AppointmentOutcome> out) const {
  int64_t now = clock_.nowMs();
  return [this, code = std::move(code), slot_start, out, now](WriteTx& tx) -> Status {
    auto a = tx.appointmentByCode(code);
    if (!a) return notFoundAppointment();
    if (Status s = refuseUnlessBooked(*a, "改约", "changed"); !s) return s;
    if (Status s = checkSlot(slot_start, now); !s) return s;
    if (a->slot_start == slot_start) {  // nothing to change
      out->appointment = *a;
      return Status::ok();
    }
    int64_t from = a->slot_start;
    a->slot_start = slot_start;
    a->slot_end = slot_start + matters::kSlotMs;
    // A new time, a new reminder (also when the old one was already sent).
    a->reminder_due = matters::reminderDue(*calendars_.current(), slot_start, now);
    a->reminder_sent_at.reset();
    if (Status s = tx.updateAppointment(*a); !s) return s;
    if (Status s = appendEvent(tx, now, "citizen", "appointment.changed", *a,
                               {{"from", from}, {"reminder_due", a->reminder_due}});
        !s)
      return s;
    out->appointment = *a;
    return Status::ok();
  };
}

WriteFn AppointmentService::cancelWrite(std::string code, std::shared_ptr<AppointmentOutcome> out) const {
  int64_t now = clock_.nowMs();
  return [code = std::move(code), out, now](WriteTx& tx) -> Status {
    auto a = tx.appointmentByCode(code);
    if (!a) return notFoundAppointment();
    if (Status s = refuseUnlessBooked(*a, "取消", "cancelled"); !s) return s;
    a->state = "cancelled";
    if (Status s = tx.updateAppointment(*a); !s) return s;
    if (Status s = appendEvent(tx, now, "citizen", "appointment.cancelled", *a, json::object()); !s) return s;
    out->appointment = *a;
    return Status::ok();
  };
}

WriteFn AppointmentService::checkInWrite(std::string code, std::shared_ptr<AppointmentOutcome> out) const {
  int64_t now = clock_.nowMs();
  return [this, code = std::move(code), out, now](WriteTx& tx) -> Status {
    auto a = tx.appointmentByCode(code);
    if (!a) return notFoundAppointment();
    if (Status s = refuseUnlessBooked(*a, "签到", "checked in"); !s) return s;
    auto cal = calendars_.current();
    bool same_day = cal->localDate(now) == cal->localDate(a->slot_start);
    if (!same_day || now < a->slot_start - kCheckInMarginMs || now > a->slot_start + kCheckInMarginMs)
      return conflict("请在预约时间前后 30 分钟内签到 / Check in from 30 minutes before to 30 minutes after the "
                      "appointment's start",
                      "code");
    // The ticket is issued in this same transaction: both happen or neither does.
    out->hall = std::make_shared<HallOutcome>();
    IssueInput in;
    in.service = a->service_code;
    in.channel = "appointment";
    in.phone = a->phone;
    in.appointment = a->slot_start;
    WriteFn issue = hall_.issueWrite(a->hall_id, std::move(in), out->hall);
    if (Status s = issue(tx); !s) return s;
    a->state = "checked_in";
    a->ticket_id = out->hall->ticket->id;
    if (Status s = tx.updateAppointment(*a); !s) return s;
    if (Status s = appendEvent(tx, now, "citizen", "appointment.checked_in", *a,
                               {{"ticket_id", *a->ticket_id}, {"number", out->hall->ticket->number}});
        !s)
      return s;
    out->appointment = *a;
    return Status::ok();
  };
}

void AppointmentService::committed(const AppointmentOutcome& out, const Status& st) const {
  if (out.hall) hall_.committed(*out.hall, st);
}

Result<int> AppointmentService::sendDueReminders(Store& store) const {
  if (!remind) return 0;
  int64_t now = clock_.nowMs();
  std::vector<AppointmentRow> due;
  Status st = store.read([&](Reader& r) -> Status {
    due = r.dueAppointmentReminders(now, 200);
    return Status::ok();
  });
  if (!st) return st;
  int sent = 0;
  for (const auto& d : due) {
    AppointmentReminder notice;
    bool marked = false;
    Status w = store.write([&](WriteTx& tx) -> Status {
      auto a = tx.appointmentById(d.id);
      // Changed or cancelled since the read: nothing to send now.
      if (!a || a->state != "booked" || a->reminder_sent_at || a->reminder_due > now) return Status::ok();
      a->reminder_sent_at = now;
      if (Status s = tx.updateAppointment(*a); !s) return s;
      if (Status s = appendEvent(tx, now, "system", "appointment.reminded", *a, {{"channel", "sms"}}); !s) return s;
      auto p = place(tx, a->matter_id);
      auto h = tx.hallById(a->hall_id);
      notice = {a->code, a->phone, a->slot_start, p ? p->matter.name : std::string(), h ? h->name : std::string(),
                a->service_code};
      marked = true;
      return Status::ok();
    });
    if (!w) return w;
    if (!marked) continue;
    if (remind(notice)) ++sent;
    else spdlog::warn("appointment reminder could not be queued (SMS gateway busy)");
  }
  return sent;
}

json AppointmentService::appointmentJson(Reader& r, const AppointmentRow& a) const {
  auto m = matter_lookup ? matter_lookup(r, a.matter_id) : std::nullopt;
  auto opt = [](const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); };
  json ticket_code = nullptr;
  if (a.ticket_id)
    if (auto t = r.ticketById(*a.ticket_id)) ticket_code = t->public_code;
  return {{"code", a.code},
          {"matter_id", a.matter_id},
          {"matter_name", m ? m->name : std::string()},
          {"service", a.service_code},
          {"hall_id", a.hall_id},
          {"slot_start", a.slot_start},
          {"slot_end", a.slot_end},
          {"name", maskName(a.name)},
          {"phone", maskPhone(a.phone)},
          {"state", a.state},
          {"ticket_id", ticket_code},
          {"reminder", {{"due_at", a.reminder_due}, {"sent_at", opt(a.reminder_sent_at)}}},
          {"ics_url", "/api/v1/appointments/" + a.code + ".ics"},
          {"tracking_url", "/appointment/" + a.code},
          {"created_at", a.created_at}};
}

std::string AppointmentService::ics(Reader& r, const AppointmentRow& a, const std::string& base_url) const {
  auto m = matter_lookup ? matter_lookup(r, a.matter_id) : std::nullopt;
  auto h = r.hallById(a.hall_id);
  std::string service_name = a.service_code;
  for (const auto& s : r.listHallServices(a.hall_id))
    if (s.code == a.service_code) service_name = s.name;
  matters::IcsEvent e;
  e.uid = a.code + "@onedoor";
  e.dtstamp = clock_.nowMs();
  e.start = a.slot_start;
  e.end = a.slot_end;
  e.summary = "预约办理：" + (m ? m->name : service_name);
  e.location = h ? h->name : std::string();
  e.description = "预约码 / Appointment code: " + a.code + "\n业务 / Service: " + service_name + " (" + a.service_code +
                  ")\n请在预约时间前后 30 分钟内到大厅签到取号。/ Check in at the hall within 30 minutes of the start.";
  e.url = base_url + "/appointment/" + a.code;
  return matters::writeIcs(e);
}

}  // namespace onedoor::services
