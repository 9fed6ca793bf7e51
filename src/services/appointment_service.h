// Appointments (预约) for a matter at the demo hall (docs/matters-api.md "Appointments"): the slot
// grid with free places, booking, change, cancel, check-in (it becomes a hall ticket through
// HallService), the .ics file and the reminders the sweeper sends. Writes are WriteFns for the
// store's single writer; the capacity check runs inside the transaction (Store::insertAppointment).
// Thread-safety: the service holds no mutable state after set-up; the sinks are set before serving.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "calendar/year_calendar.h"
#include "core/clock.h"
#include "services/calendar_book.h"
#include "services/hall_service.h"
#include "store/store.h"

namespace onedoor::services {

// What an appointment needs to know about its matter.
struct AppointmentMatter {
  int64_t id = 0;
  std::string name;
  std::vector<std::string> hall_services;  // the first one takes the appointments
};

// The hall and service a matter's appointments go to.
struct AppointmentPlace {
  AppointmentMatter matter;
  HallRow hall;
  std::string service;       // hall service code
  std::string service_name;
};

// A reminder for the SMS gateway.
struct AppointmentReminder {
  std::string code;
  std::string phone;
  int64_t slot_start = 0;
  std::string matter_name;
  std::string hall_name;
  std::string service;
};

// The result of an appointment write, filled inside the WriteFn.
struct AppointmentOutcome {
  std::optional<AppointmentRow> appointment;
  std::shared_ptr<HallOutcome> hall;  // check-in: the ticket's hall write (committed() after commit)
};

struct BookInput {
  int64_t matter_id = 0;
  int64_t slot_start = 0;
  std::string name;
  std::string phone;
};

class AppointmentService {
 public:
  AppointmentService(const Clock& clock, const CalendarBook& calendars, HallService& hall);

  // The published matter behind an id, or nullopt (unknown, or never published). Defaults to the
  // matters store; tests may replace it.
  std::function<std::optional<AppointmentMatter>(Reader&, int64_t matter_id)> matter_lookup;
  // Sends one reminder (the SMS webhook); false when it could not be queued. Unset: reminders
  // are shown on the page but not sent, and stay unsent.
  std::function<bool(const AppointmentReminder&)> remind;

  // The demo hall and the matter's first service there; kNotFound when the matter is unknown or
  // not published, kConflict when it has no hall service in the hall.
  Result<AppointmentPlace> place(Reader& r, int64_t matter_id) const;

  // GET …/matters/{id}/slots: working days from `from` for `days` days, past slots left out.
  Result<nlohmann::json> slotsJson(Reader& r, int64_t matter_id, calendar::Date from, int days) const;

  WriteFn bookWrite(BookInput in, std::shared_ptr<AppointmentOutcome> out) const;
  WriteFn changeWrite(std::string code, int64_t slot_start, std::shared_ptr<AppointmentOutcome> out) const;
  WriteFn cancelWrite(std::string code, std::shared_ptr<AppointmentOutcome> out) const;
  // Turns the appointment into a hall ticket (channel appointment, placed by the slot's start).
  // Run `committed(*out, st)` once the write is done (it publishes the hall's events).
  WriteFn checkInWrite(std::string code, std::shared_ptr<AppointmentOutcome> out) const;
  void committed(const AppointmentOutcome& out, const Status& st) const;

  // Sends the reminders due now through `remind`, each marked sent with a ledger event in its own
  // write before it is handed over (so a reminder is never sent twice). Returns how many were
  // sent; 0 without doing anything when `remind` is unset. Called by the sweeper.
  Result<int> sendDueReminders(Store& store) const;

  // *Appointment* of the contract: name and phone masked. `base_url` ("http://host") prefixes the
  // links when known.
  nlohmann::json appointmentJson(Reader& r, const AppointmentRow& a) const;
  // The .ics file; `base_url` makes the tracking URL absolute.
  std::string ics(Reader& r, const AppointmentRow& a, const std::string& base_url) const;

  const Clock& clock() const { return clock_; }
  calendar::Date today() const;  // the local date now

 private:
  Status checkSlot(int64_t slot_start, int64_t now) const;

  const Clock& clock_;
  const CalendarBook& calendars_;
  HallService& hall_;
};

// Masks a name for answers: 张三 → 张*, 欧阳娜娜 → 欧***.
std::string maskName(std::string_view name);
// A mainland mobile number (reminders are SMS): 1[3-9] and 9 more digits.
bool isMobilePhone(std::string_view phone);

}  // namespace onedoor::services
