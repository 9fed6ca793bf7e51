// One hall's cache on the store's writer thread: the hall::Dispatcher (the same pure class the
// simulator runs) plus the few rows the hall's read side needs (the hall row, services, windows, the
// tickets at windows, the latest calls), and the read snapshot built from it once per commit batch.
// Thread-safety: a HallCache is touched only on the writer thread (inside WriteFns and the store's
// batch-end hook), so it needs no lock. A HallSnapshot is immutable once built and shared freely.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "hall/dispatcher.h"
#include "store/hall_rows.h"
#include "store/store.h"

namespace onedoor::services {

// What a ticket's pages show beyond its row: position, wait, near the front.
struct TicketView {
  int ahead = 0;
  std::optional<double> wait_min;
  bool near_front = false;
};

// What the public state of a hall shows, straight from the cache (no database access):
// O(windows + services). Rendered by the API (api/hall_render) once per snapshot.
struct HallBoard {
  HallRow hall;
  std::vector<HallServiceRow> services;
  std::vector<WindowRow> windows;                 // ordered by number
  std::unordered_map<int64_t, TicketRow> current;  // window id → the ticket called or served there
  std::vector<TicketRow> recent_calls;            // newest call first (the last HallCache::kRecentKept)
};

// The read side of one hall, rebuilt by the writer once per commit batch that wrote the hall.
// Immutable once published.
struct HallSnapshot {
  int64_t hall_id = 0;
  int64_t version = 0;
  std::unordered_map<int64_t, TicketView> tickets;  // waiting tickets by database id
  // Per service code: the waiting tickets' database ids in queue order (by place, then id): the
  // staff's paged queue lists read a page of rows by id.
  std::map<std::string, std::vector<int64_t>> queue_order;
  std::map<std::string, int> waiting;               // per service code
  std::map<std::string, std::optional<double>> predicted_wait_min;
  nlohmann::json long_wait_alerts = nlohmann::json::array();
  // Per staffed window (database id) with tickets waiting that it could serve: how many wait, and
  // who could cover if its clerk is away ({"waiting":n,"remedy":{…}|null}). For staff-away alerts.
  std::map<int64_t, nlohmann::json> window_waiting;
  double glass_door_min = 0;  // accumulated today up to glass_door_at
  int64_t glass_door_at = 0;
  int64_t glass_door_day = 0;
  int glass_door_count = 0;   // glass doors open since glass_door_at
  double glassDoorMinAt(int64_t now) const;
  // The glass-door minutes the state shows at `now` (0 once the accumulator's day is over).
  double glassDoorMinToday(int64_t now) const;

  HallBoard board;
  // The public state rendered once (HallService::render_public, set by the API): the body up to
  // its time-dependent fields, and the recent calls (time of the call, rendered object).
  std::string public_head;
  std::vector<std::pair<int64_t, std::string>> public_recent;
  bool public_ready = false;
};

class HallChange;

struct HallCache {
  static constexpr size_t kRecentKept = 32;  // calls remembered (the state shows 10 of the last day)

  int64_t hall_id = 0;
  HallRow hall;                          // the row as of the last write that touched it
  std::vector<int> window_numbers;       // index = WindowIdx
  std::unordered_map<int64_t, std::string> names;  // user id → display name (remedies)
  std::vector<HallServiceRow> services;  // index = ServiceIdx; names, prefixes, means (not numbers)
  std::vector<int64_t> window_ids;       // index = WindowIdx
  std::unordered_map<int64_t, hall::WindowIdx> window_idx;
  std::unordered_map<int64_t, hall::StaffIdx> staff_idx;  // user id → staff
  std::unordered_map<int64_t, hall::TicketIdx> tickets;    // database id → dispatcher ticket (live ones)
  std::unordered_set<int64_t> notified;                    // near-front notice sent

  // Built from the rows (services, staff skills, windows with their seated clerks, live tickets;
  // called tickets re-attached to their windows), inside a hall write. The build is itself a change:
  // `moved` gets the hall.
  static std::unique_ptr<HallCache> load(WriteTx& tx, const HallRow& h, int64_t now,
                                         std::unordered_set<int64_t>& moved, Status& st);

  const hall::Dispatcher& d() const { return *disp_; }
  const WindowRow& windowRow(hall::WindowIdx w) const { return window_rows_[w]; }
  std::optional<hall::ServiceIdx> service(const std::string& code) const { return disp_->serviceByCode(code); }
  hall::SkillSet skills(const std::vector<std::string>& codes) const;
  const HallServiceRow* serviceRow(const std::string& code) const;
  hall::NewTicket spec(const TicketRow& t) const;

  // The read side as it is now: no database access.
  std::shared_ptr<HallSnapshot> snapshot() const;

 private:
  friend class HallChange;
  std::unique_ptr<hall::Dispatcher> disp_;  // changed only through a HallChange
  std::vector<WindowRow> window_rows_;      // index = WindowIdx; written only through a HallChange
  std::unordered_map<int64_t, TicketRow> at_windows_;  // called or serving tickets by id
  std::vector<TicketRow> recent_;           // newest call first, at most kRecentKept
};

// The one way to change a hall's cache. Taking a HallChange marks the hall moved for the current
// write (`moved`, the service's set): if the write then fails (its rows roll back), the service drops
// the cache so the next write rebuilds it from the database; when it succeeds, the batch end builds
// the hall's snapshot from it, and in tests the dispatcher's invariants are checked. Ticket and
// window rows of the hall are written through saveTicket/saveWindow, which keep the cache's copies
// in step in the same call: there is no per-command "remember to update the cache" line to forget.
class HallChange {
 public:
  HallChange(std::unordered_set<int64_t>& moved, HallCache& c) : c_(c) { moved.insert(c.hall_id); }
  HallChange(const HallChange&) = delete;
  HallChange& operator=(const HallChange&) = delete;
  hall::Dispatcher& d() { return *c_.disp_; }
  void reset(std::unique_ptr<hall::Dispatcher> d) { c_.disp_ = std::move(d); }
  // The staff handle of a user, created on demand; a user without a skills row may serve every
  // service of the hall (a clerk signing in somewhere new is trusted until skills are recorded).
  hall::StaffIdx staff(int64_t user_id);
  Status saveTicket(WriteTx& tx, const TicketRow& t);
  Status saveWindow(WriteTx& tx, const WindowRow& w);

 private:
  void mirrorTicket(const TicketRow& t);
  friend struct HallCache;
  HallCache& c_;
};

}  // namespace onedoor::services
