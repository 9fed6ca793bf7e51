// The hall dispatcher: services, priority classes, windows, staff and waiting tickets of one hall,
// and "call next" for a window. Pure: no I/O, no clock (`now` is a parameter). The live hall and the
// simulator (src/sim) drive this same class. Not thread-safe: one owner at a time.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "hall/skill_set.h"

namespace onedoor::hall {

using TimeMs = int64_t;  // epoch milliseconds in the live hall; simulated milliseconds in src/sim
using WindowIdx = uint16_t;
using StaffIdx = uint16_t;
using TicketIdx = uint32_t;  // dense handle handed out by Dispatcher::add, never reused
constexpr uint16_t kNoIdx16 = UINT16_MAX;
constexpr TicketIdx kNoTicket = UINT32_MAX;
constexpr int kMaxWindows = 1024;

struct ServiceDef {
  std::string code;
  std::string prefix;             // ticket number prefix ("A")
  double mean_service_min = 10;   // for wait estimates; the live hall may refresh it (setMeanServiceMin)
};

// Class 0 is "normal". For the other classes `weight` ranks them in the `ordered` ordering and
// `head_start_min` is how much earlier than its arrival a ticket counts under aging.
struct PriorityClass {
  std::string code;  // "normal", "elderly", "disabled", "pregnant", "military"
  int weight = 0;
  double head_start_min = 0;
};
std::vector<PriorityClass> defaultPriorityClasses();  // normal + the four classes, head start 10–15 min

// Admin-facing priority weights (1–10, normal = 1): under aging each step above 1 is
// kHeadStartPerWeightMin minutes of head start; in the `ordered` ordering the weight ranks classes.
// The defaults (elderly, disabled, pregnant 4; military 3) equal defaultPriorityClasses()'s head starts.
constexpr double kHeadStartPerWeightMin = 5;
std::map<std::string, int> defaultPriorityWeights();
// defaultPriorityClasses() with the given weights applied (classes not named keep their default).
std::vector<PriorityClass> priorityClassesFromWeights(const std::map<std::string, int>& weights);

enum class Ordering {
  kFifo,     // earliest arrival first (today's halls)
  kAging,    // earliest (appointment time, else arrival) minus the class's head start: priority
             // goes first but a normal ticket that has waited long enough overtakes it — no starvation
  kOrdered,  // NovoSGA's default: appointment time (holders first), then class weight, then arrival
};

struct Rules {
  Ordering ordering = Ordering::kAging;
  // Ratio rule, when > 0: after `priority_ratio` consecutive priority calls a window calls the oldest
  // normal ticket it can serve (if any), whatever the ordering says. Combines with any ordering.
  int priority_ratio = 0;
};

enum class WindowState : uint8_t { kShut, kOpen, kPaused };
enum class TicketState : uint8_t { kWaiting, kCalled, kGone };

struct NewTicket {
  ServiceIdx service = 0;
  uint8_t priority_class = 0;
  TimeMs arrival = 0;                   // original arrival; kept across transfers
  std::optional<TimeMs> appointment;    // appointment time, for tickets from an appointment check-in
  uint64_t tag = 0;                     // caller's own id (database key, citizen number)
};

struct Ticket {
  NewTicket spec;
  TicketState state = TicketState::kWaiting;
  uint32_t version = 0;          // bumped on every requeue/removal (invalidates old queue entries)
  WindowIdx window = kNoIdx16;   // the window that called it
  WindowIdx pinned = kNoIdx16;   // redirected: waits for this window only (outside the lanes)
};

struct Window {
  std::string id;
  SkillSet skills;                 // services it may serve now (re-skilling changes this)
  WindowState state = WindowState::kShut;
  StaffIdx staff = kNoIdx16;       // who sits there
  TicketIdx serving = kNoTicket;   // the ticket called to it, kNoTicket when idle
  TimeMs idle_since = 0;
  int priority_streak = 0;         // consecutive priority calls (ratio rule)
};

struct Staff {
  std::string id;
  SkillSet skills;
  bool present = false;            // on shift and in the building
  WindowIdx window = kNoIdx16;     // where they sit, kNoIdx16 = back office (free)
};

// One window-staff pair in which a servable ticket waits while the window is idle (glass door).
struct GlassDoor {
  WindowIdx window;
  StaffIdx staff;      // the qualified staff member (at the window, or free for a shut one)
  ServiceIdx service;  // one service they could serve now
};

// The one wait estimate (docs/hall.md, "Wait estimate"), used by Dispatcher::estimateWaitMin and
// predictedWaitMin and by the live hall's read snapshot alike. A ticket with `ahead` tickets before
// it: redirected to one window (`pinned`), ahead · E[S]; otherwise nothing when no open window can
// serve it (servers ≤ 0), 0 when nobody is ahead and an able window is idle, else
// (ahead + 1) · E[S] / servers (the time for ahead + 1 departures with every able window busy).
std::optional<double> waitEstimateMin(int ahead, double mean_service_min, double servers, bool idle_able, bool pinned);

class Dispatcher {
 public:
  Dispatcher(std::vector<ServiceDef> services, std::vector<PriorityClass> classes, Rules rules);

  // --- configuration -----------------------------------------------------------------------
  WindowIdx addWindow(std::string id, SkillSet skills);
  StaffIdx addStaff(std::string id, SkillSet skills);
  void setMeanServiceMin(ServiceIdx s, double minutes) { services_[s].mean_service_min = minutes; }
  // Drops every ticket (a new day); windows and staff keep their state.
  void clearTickets();

  // --- staff and windows -------------------------------------------------------------------
  Status setPresent(StaffIdx st, bool present);   // leaving requires being free of any window
  // Seats a present, free staff member at an unstaffed window (the window stays as it was).
  Status seat(StaffIdx st, WindowIdx w);
  // Staff member leaves the window for the back office; the window must be idle. It shuts.
  Status unseat(WindowIdx w, TimeMs now);
  // Open requires a seated staff member; shut and pause require the window to be idle.
  Status setState(WindowIdx w, WindowState state, TimeMs now);
  // Sets the window's current skills; when staffed they must be within the staff member's skills.
  Status reskill(WindowIdx w, SkillSet skills);

  // --- tickets -----------------------------------------------------------------------------
  // Queues a ticket; kNoTicket (and nothing queued) when its service or class is out of range.
  TicketIdx add(const NewTicket& t);
  Status remove(TicketIdx t);                       // cancelled, abandoned or no-show while waiting
  // Back in the queue of `to`, original arrival kept. A called ticket's window stays busy until finish(w).
  Status transfer(TicketIdx t, ServiceIdx to);
  // Redirect: the ticket (waiting, or called at some window, which becomes idle) waits for window
  // `w` only, ahead of everything that window could call; the window's skills are not checked.
  Status redirect(TicketIdx t, WindowIdx w, TimeMs now);
  // Picks the ticket this window calls now (only services in the window's skills that its staff
  // member holds), marks it called and the window busy. Nothing when the window is not open and
  // staffed, is busy, or nothing servable waits.
  std::optional<TicketIdx> callNext(WindowIdx w, TimeMs now);
  // The window's current ticket is done (finished, no-show after recall, transferred): idle again.
  Status finish(WindowIdx w, TimeMs now);
  // Which idle window should call a ticket of service s that has just joined an empty queue: among
  // the open idle windows able to serve s, the one whose other services are least covered by the
  // other idle windows (so a clerk who alone could take the next ticket of a neighbouring service
  // stays free; with sparse skills this keeps the skill graph's idle capacity spread out), then the
  // fewest skills, then the lowest index. Nothing when no idle window can serve s.
  std::optional<WindowIdx> routeArrival(ServiceIdx s) const;

  // --- queries -----------------------------------------------------------------------------
  const std::vector<ServiceDef>& services() const { return services_; }
  const std::vector<PriorityClass>& classes() const { return classes_; }
  const Rules& rules() const { return rules_; }
  const std::vector<Window>& windows() const { return windows_; }
  const std::vector<Staff>& staff() const { return staff_; }
  const Ticket& ticket(TicketIdx t) const { return tickets_[t]; }
  size_t ticketCount() const { return tickets_.size(); }
  int waiting(ServiceIdx s) const { return waiting_[s]; }
  int waitingTotal() const { return waiting_total_; }
  const SkillSet& servicesWaiting() const { return waiting_mask_; }
  // Open, staffed windows with no current ticket (unordered).
  const std::vector<WindowIdx>& idleWindows() const { return idle_open_; }
  std::optional<ServiceIdx> serviceByCode(std::string_view code) const;
  std::optional<WindowIdx> windowById(std::string_view id) const;
  std::optional<StaffIdx> staffById(std::string_view id) const;
  // Services window `w` can serve now: its skills ∩ its staff member's skills (empty if unstaffed).
  SkillSet effectiveSkills(WindowIdx w) const;
  bool canServe(WindowIdx w, ServiceIdx s) const;
  // Waiting tickets of the ticket's service that the ordering puts before it.
  int aheadOf(TicketIdx t) const;
  // aheadOf for every waiting ticket at once, O(n log n): (ticket, ahead) pairs, unordered.
  std::vector<std::pair<TicketIdx, int>> waitingRanks() const;
  // The same for the tickets with fewer than `limit` ahead only (the front of each queue), without
  // sorting everything: O(services · classes · limit) plus dead entries skipped.
  std::vector<std::pair<TicketIdx, int>> frontRanks(int limit) const;
  // Service capacity now working for service s, in windows: each open staffed window able to serve s
  // counts 1 / (number of services with waiting tickets it serves, s included).
  double serversFor(ServiceIdx s) const;
  // Expected minutes until the ticket is called (waitEstimateMin below with its place, its
  // service's servers and whether an able window is idle).
  std::optional<double> estimateWaitMin(TicketIdx t) const;
  // Whether an open staffed idle window can serve s now.
  bool idleWindowCanServe(ServiceIdx s) const;
  // The same for a ticket that would join the service's queue now.
  std::optional<double> predictedWaitMin(ServiceIdx s) const;
  // Glass doors now: open staffed idle windows whose staff could serve a waiting ticket, plus shut
  // windows matched with free, present staff qualified for a waiting ticket. glassDoorCount() is
  // the same count without the list (cheap; the simulator integrates it over time).
  std::vector<GlassDoor> glassDoors() const;
  int glassDoorCount() const;

  // Every derived index (per-service counts, the waiting mask, live lane entries, redirect lists,
  // idle windows, free staff, window/staff seating, window counters) agrees with the tickets,
  // windows and staff it is derived from. O(tickets + windows + staff); for tests and debugging.
  // kInternal naming the first disagreement.
  Status checkInvariants() const;

 private:
  struct Key {
    int64_t a, b, c;
    TicketIdx t;
    uint32_t version;
    bool operator<(const Key& o) const {
      if (a != o.a) return a < o.a;
      if (b != o.b) return b < o.b;
      if (c != o.c) return c < o.c;
      return t < o.t;
    }
  };
  // One per (service, priority class), kept sorted; entries before `head` are consumed (a vector with
  // a moving head is cheaper than std::deque for the push-back / pop-front pattern of a queue).
  struct Lane {
    std::vector<Key> keys;
    size_t head = 0;
    bool empty() const { return head == keys.size(); }
    const Key& front() const { return keys[head]; }
    void popFront() {
      if (++head == keys.size()) keys.clear(), head = 0;
    }
    void clear() { keys.clear(), head = 0; }
  };
  Key keyOf(TicketIdx t) const;
  Lane& lane(ServiceIdx s, uint8_t c) { return lanes_[size_t{s} * classes_.size() + c]; }
  const Lane& lane(ServiceIdx s, uint8_t c) const { return lanes_[size_t{s} * classes_.size() + c]; }
  bool live(const Key& k) const {
    const Ticket& tk = tickets_[k.t];
    return tk.state == TicketState::kWaiting && tk.version == k.version;
  }
  void enqueue(TicketIdx t);
  void dequeued(TicketIdx t);  // bookkeeping when a waiting ticket leaves its queue
  const Key* front(ServiceIdx s, uint8_t c) {  // prunes dead entries
    Lane& l = lane(s, c);
    while (!l.empty() && !live(l.front())) l.popFront();
    return l.empty() ? nullptr : &l.front();
  }
  void setIdle(WindowIdx w);

  std::vector<ServiceDef> services_;
  std::vector<PriorityClass> classes_;
  Rules rules_;
  std::vector<Window> windows_;
  std::vector<Staff> staff_;
  std::vector<Ticket> tickets_;
  std::vector<Lane> lanes_;
  std::vector<std::vector<TicketIdx>> pinned_;  // per window: redirected tickets, in order
  std::vector<int> waiting_;
  int waiting_total_ = 0;
  SkillSet waiting_mask_;
  std::vector<WindowIdx> idle_open_;  // open, staffed, idle windows (unordered)
  std::vector<int> idle_pos_;         // per window: its index in idle_open_, or -1
  std::vector<SkillSet> idle_staff_skills_;  // parallel to idle_open_: the seated staff's skills
  std::vector<StaffIdx> free_staff_;  // present staff not at a window (unordered)
  std::vector<int> free_pos_;         // per staff member: index in free_staff_, or -1
  int unstaffed_ = 0;                 // windows without a staff member
  int seated_shut_ = 0;               // shut windows with a staff member seated
  void setFree(StaffIdx st, bool free);
  void countWindow(WindowIdx w, int sign);  // unstaffed_ / seated_shut_ bookkeeping
};

}  // namespace onedoor::hall
