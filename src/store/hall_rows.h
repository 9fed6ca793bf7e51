// Rows of the live service hall as the Store keeps them: halls, services, windows, staff skills,
// tickets and ratings. Value types; no shared state.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace onedoor {

struct HallRow {
  int64_t id = 0;
  std::string code;  // "minghu-1f"
  std::string name;  // 明湖区政务服务中心 一楼大厅
  double target_p95_min = 15;
  int no_show_recalls = 3;  // recalls before a ticket may be marked no-show
  int notify_ahead = 3;     // "near the front" when this many or fewer are ahead
  int staff_away_max_min = 15;
  int64_t version = 0;           // bumped by every hall write (events carry it)
  int64_t glass_door_day = 0;    // local day (epoch ms of its midnight) the accumulator belongs to
  double glass_door_min = 0;     // window-minutes of glass door accumulated that day
  int64_t glass_door_at = 0;     // time of the last accumulation
  int glass_door_count = 0;      // glass doors open since glass_door_at
};

struct HallServiceRow {
  int64_t id = 0;
  int64_t hall_id = 0;
  std::string code;    // "A"
  std::string name;    // 社保卡
  std::string prefix;  // "A"
  double mean_service_min = 10;
  int64_t next_number = 1;  // next ticket number of the day
  int64_t number_day = 0;   // the day next_number counts in
};

struct WindowRow {
  int64_t id = 0;
  int64_t hall_id = 0;
  int number = 0;
  std::string name;
  std::vector<std::string> skills;  // service codes it may serve now
  std::string state = "shut";       // open | shut | paused
  std::optional<int64_t> staff_user_id;
  int64_t idle_since = 0;
  std::optional<int64_t> away_since;  // when the seated clerk left (break/out)
};

struct StaffSkillRow {
  int64_t hall_id = 0;
  int64_t user_id = 0;
  std::vector<std::string> services;
};

struct TicketRow {
  int64_t id = 0;
  int64_t hall_id = 0;
  std::string public_code;  // 10 chars Crockford base32
  std::string number;       // "A023"
  std::string service;      // current service code
  std::vector<std::string> services_left;  // further services of the visit, in order
  std::string priority = "normal";
  std::string state = "waiting";  // waiting | called | serving | finished | no_show | cancelled
  int64_t arrival = 0;            // original arrival, kept across transfers and the visit's services
  int64_t issued_at = 0;
  std::optional<int64_t> appointment;
  std::optional<int64_t> window_id;    // window that called it
  std::optional<int64_t> redirect_window_id;  // waiting for this window only
  std::optional<int64_t> called_at, started_at, finished_at;
  int recalls = 0;
  std::string channel = "kiosk";  // kiosk | remote | appointment
  std::string phone;              // optional, for the SMS webhook
  bool notified = false;          // "near the front" already sent
};

struct TicketRatingRow {
  int64_t ticket_id = 0;
  int rating = 0;  // appeals::Rating values 1..5
  std::string comment;
  int64_t at = 0;
  std::optional<int64_t> window_id;
  std::optional<int64_t> staff_user_id;
};

// One clerk's recurring shift in a hall: on these weekdays (1 = Monday … 7 = Sunday), from start to
// end (minutes after local midnight, on the half hour), at a window (by number) or anywhere, serving
// these services (empty: the clerk's skills).
struct HallShiftRow {
  int64_t id = 0;
  int64_t hall_id = 0;
  int64_t user_id = 0;
  std::vector<int> weekdays;
  int start_min = 0;
  int end_min = 0;
  std::optional<int> window_number;
  std::vector<std::string> services;
};

}  // namespace onedoor
