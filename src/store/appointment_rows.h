// Rows of appointments (预约) as the Store keeps them. Value types; no shared state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace onedoor {

// Slots of a hall service hold this many appointments unless an admin set another capacity.
constexpr int kDefaultAppointmentCapacity = 4;

struct AppointmentRow {
  int64_t id = 0;
  std::string code;  // tracking code, 10 chars Crockford base32 (the citizen's secret)
  int64_t matter_id = 0;
  int64_t hall_id = 0;
  std::string service_code;  // the hall service that handles the matter
  int64_t slot_start = 0;    // UTC epoch ms
  int64_t slot_end = 0;
  std::string name;   // personal data: shown masked
  std::string phone;  // personal data: shown masked; the reminder goes here
  std::string state = "booked";  // booked | cancelled | checked_in | missed
  std::optional<int64_t> ticket_id;  // the hall ticket it became at check-in
  int64_t reminder_due = 0;
  std::optional<int64_t> reminder_sent_at;
  int64_t created_at = 0;
};

}  // namespace onedoor
