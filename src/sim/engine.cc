// One simulated day: a binary heap of timed events merged with the pre-drawn arrivals; every call,
// re-skill and window opening goes through hall::Dispatcher and hall::suggestRemedies.
#include "sim/engine.h"

#include <algorithm>
#include <cmath>
#include <queue>

#include "hall/dispatcher.h"
#include "hall/remedies.h"

namespace onedoor::sim {

using hall::Dispatcher;
using hall::SkillSet;
using hall::StaffIdx;
using hall::TicketIdx;
using hall::WindowIdx;
using hall::WindowState;

const char* policyName(Policy p) {
  switch (p) {
    case Policy::kStatic: return "static";
    case Policy::kOrdered: return "ordered";
    case Policy::kOnedoor: return "onedoor";
    case Policy::kPooled: return "pooled";
  }
  return "?";
}

bool parsePolicy(std::string_view name, Policy& out) {
  for (Policy p : {Policy::kStatic, Policy::kOrdered, Policy::kOnedoor, Policy::kPooled}) {
    if (name == policyName(p)) {
      out = p;
      return true;
    }
  }
  return false;
}

void Tally::init(size_t services, size_t intervals) {
  if (waits.size() != services) {
    waits.assign(services, {});
    abandoned.assign(services, 0);
    no_show.assign(services, 0);
  }
  if (interval_waits.size() != intervals) interval_waits.assign(intervals, {});
}

namespace {

constexpr int64_t kMinMs = 60'000;
constexpr int64_t kRecallMs = 2 * kMinMs;  // a no-show is called twice before the window moves on
constexpr int64_t kOvertimeMs = 6 * 60 * kMinMs;

enum class Ev : uint8_t { kEnd, kAbandon, kStaffIn, kStaffOut, kTick, kClose, kSchedule, kStop };

struct Event {
  int64_t t;
  uint32_t seq;
  Ev type;
  uint32_t arg;
  bool operator>(const Event& o) const { return t != o.t ? t > o.t : seq > o.seq; }
};

SkillSet toSkills(const std::vector<int>& v) {
  SkillSet s;
  for (int x : v) s.add(static_cast<hall::ServiceIdx>(x));
  return s;
}

class Day {
 public:
  Day(const DayInput& in, Tally& out) : in_(in), sc_(in.sc), cz_(in.citizens), out_(out), d_(makeDispatcher()) {}

  void run() {
    setUp();
    size_t next = 0;
    int64_t arrivals_end = int64_t{sc_.close_min} * kMinMs;
    const bool timed = in_.deadline != std::chrono::steady_clock::time_point::max();
    uint32_t steps = 0;
    while (!stopped_) {
      // The clock is read every 4096 events only: a few microseconds' lateness, no cost to speak of.
      if (timed && (++steps & 4095) == 0 && std::chrono::steady_clock::now() >= in_.deadline) {
        out_.timed_out = true;
        return;
      }
      bool have_arrival = next < cz_.size() && cz_[next].arrival_ms < arrivals_end;
      if (heap_.empty() && !have_arrival && abandon_.empty()) break;
      // Abandonment deadlines first when due: they sit in their own heap of packed 8-byte keys
      // (deadline << 24 | ticket), because nearly every citizen has one and few fire.
      if (!abandon_.empty()) {
        int64_t due = static_cast<int64_t>(abandon_.top() >> 24);
        if ((heap_.empty() || due < heap_.top().t) && (!have_arrival || due < cz_[next].arrival_ms)) {
          auto t = static_cast<TicketIdx>(abandon_.top() & 0xFFFFFF);
          abandon_.pop();
          if (d_.ticket(t).state == hall::TicketState::kWaiting) {
            advance(due);
            (void)d_.remove(t);
            ++out_.abandoned[d_.ticket(t).spec.service];
            ++out_.events;
            glass_ = d_.glassDoorCount();
          }
          continue;
        }
      }
      if (heap_.empty() && !have_arrival) break;
      if (!heap_.empty() && (!have_arrival || heap_.top().t <= cz_[next].arrival_ms)) {
        Event ev = heap_.top();
        heap_.pop();
        advance(ev.t);
        handle(ev);
      } else {
        advance(cz_[next].arrival_ms);
        arrive(static_cast<TicketIdx>(next));
        ++next;
      }
      ++out_.events;
      glass_ = d_.glassDoorCount();
    }
    // Whoever still waits when the hall gives up is counted as not served.
    for (TicketIdx t = 0; t < d_.ticketCount(); ++t)
      if (d_.ticket(t).state == hall::TicketState::kWaiting) ++out_.abandoned[d_.ticket(t).spec.service];
  }

 private:
  Dispatcher makeDispatcher() {
    std::vector<hall::ServiceDef> services;
    for (const auto& s : sc_.services) services.push_back({s.code, s.code, s.service_min.mean});
    hall::Rules rules;
    switch (in_.policy) {
      case Policy::kStatic: rules.ordering = hall::Ordering::kFifo; break;
      case Policy::kOrdered: rules.ordering = hall::Ordering::kOrdered; break;
      case Policy::kOnedoor: rules.ordering = hall::Ordering::kAging; break;
      case Policy::kPooled: rules.ordering = hall::Ordering::kFifo; break;
    }
    return Dispatcher(std::move(services), hall::defaultPriorityClasses(), rules);
  }

  bool onedoor() const { return in_.policy == Policy::kOnedoor; }
  bool pooled() const { return in_.policy == Policy::kPooled; }

  void push(int64_t t, Ev type, uint32_t arg = 0) { heap_.push({t, seq_++, type, arg}); }

  void setUp() {
    open_ms_ = int64_t{sc_.open_min} * kMinMs;
    close_ms_ = int64_t{sc_.close_min} * kMinMs;
    last_ = open_ms_;
    leaving_.assign(std::max(sc_.staff.size(), sc_.windows.size()), 0);
    opened_by_policy_.assign(sc_.windows.size(), 0);
    size_t cells = std::max(sc_.windows.size(), sc_.staff.size()) * sc_.services.size();
    if (out_.calls_by_window.size() != cells) out_.calls_by_window.assign(cells, 0), out_.calls_by_staff.assign(cells, 0);
    skill_count_.assign(sc_.windows.size(), 0);
    eff_.assign(sc_.windows.size(), SkillSet{});
    if (pooled()) {
      SkillSet all = SkillSet::all(static_cast<int>(sc_.services.size()));
      for (size_t w = 0; w < sc_.windows.size(); ++w) {
        d_.addWindow(sc_.windows[w].id, all);
        d_.addStaff("pool" + std::to_string(w), all);  // present only while seated: the schedule is the staffing
      }
      for (size_t i = 0; in_.replay && i < in_.replay->size(); ++i)
        push(std::max((*in_.replay)[i].first, open_ms_), Ev::kSchedule, static_cast<uint32_t>(i));
    } else {
      for (const auto& w : sc_.windows) d_.addWindow(w.id, toSkills(w.skills));
      for (size_t k = 0; k < sc_.staff.size(); ++k) {
        const StaffSpec& st = sc_.staff[k];
        d_.addStaff(st.id, toSkills(st.skills));
        push(std::max<int64_t>(int64_t{st.shift_start_min} * kMinMs, 0), Ev::kStaffIn, static_cast<uint32_t>(k));
        if (st.shift_end_min < sc_.close_min) push(int64_t{st.shift_end_min} * kMinMs, Ev::kStaffOut, static_cast<uint32_t>(k));
      }
    }
    push(close_ms_, Ev::kClose);
    push(close_ms_ + kOvertimeMs, Ev::kStop);
    if (onedoor()) push(open_ms_, Ev::kTick);
  }

  void advance(int64_t t) {
    if (t > last_) {
      double dt = static_cast<double>(t - last_);
      out_.window_ms += open_count_ * dt;
      out_.glass_ms += glass_ * dt;
      last_ = t;
    }
    now_ = t;
  }

  void setOpenCount(int n) {
    if (n == open_count_) return;
    open_count_ = n;
    if (in_.record) {
      if (!in_.record->empty() && in_.record->back().first == now_) in_.record->back().second = n;
      else in_.record->push_back({now_, n});
    }
  }

  void openWindow(WindowIdx w, StaffIdx st, bool reskill_to_staff) {
    if (!d_.seat(st, w).isOk()) return;
    if (reskill_to_staff) (void)d_.reskill(w, d_.staff()[st].skills);
    eff_[w] = d_.effectiveSkills(w);
    skill_count_[w] = eff_[w].count();
    if (!d_.setState(w, WindowState::kOpen, now_).isOk()) return;
    setOpenCount(open_count_ + 1);
    tryCall(w);
  }

  // The window's staff member goes to the back office (or home when `leave`); the window shuts.
  void shutWindow(WindowIdx w, bool leave) {
    StaffIdx st = d_.windows()[w].staff;
    bool was_open = d_.windows()[w].state == WindowState::kOpen;
    if (!d_.unseat(w, now_).isOk()) return;
    if (was_open) setOpenCount(open_count_ - 1);
    opened_by_policy_[w] = 0;
    if (leave && st != hall::kNoIdx16) (void)d_.setPresent(st, false);
  }

  void tryCall(WindowIdx w) {
    auto t = d_.callNext(w, now_);
    if (!t) return;
    ++out_.events;  // the call is an event of its own (ticket_called in the live hall)
    const Citizen& c = cz_[*t];
    const size_t n_services = sc_.services.size();
    ++out_.calls_by_window[w * n_services + c.service];
    ++out_.calls_by_staff[size_t{d_.windows()[w].staff} * n_services + c.service];
    if (c.no_show) {
      ++out_.no_show[c.service];
      push(now_ + kRecallMs, Ev::kEnd, w);
      return;
    }
    // An appointment holder who came early waits from the appointment time on, not from arrival.
    int64_t from = std::max(c.arrival_ms, c.appointment_ms);
    float wait = static_cast<float>(static_cast<double>(std::max<int64_t>(0, now_ - from)) / kMinMs);
    out_.waits[c.service].push_back(wait);
    int64_t k = (c.arrival_ms - open_ms_) / (int64_t{sc_.interval_min} * kMinMs);
    if (k >= 0 && k < static_cast<int64_t>(out_.interval_waits.size())) out_.interval_waits[k].push_back(wait);
    push(now_ + c.service_ms, Ev::kEnd, w);
  }

  void arrive(TicketIdx i) {
    const Citizen& c = cz_[i];
    hall::NewTicket nt{c.service, c.priority_class, c.arrival_ms};
    if (c.appointment_ms >= 0) nt.appointment = c.appointment_ms;
    nt.tag = i;
    d_.add(nt);
    if (c.patience_ms < kForever && i < (1u << 24))
      abandon_.push(static_cast<uint64_t>(c.arrival_ms + c.patience_ms) << 24 | i);
    // The dispatcher picks the idle window (hall::Dispatcher::routeArrival). When others of its
    // service already wait, no idle window can serve it (they would have called).
    if (d_.waiting(c.service) > 1) return;
    if (auto w = d_.routeArrival(c.service)) tryCall(*w);
  }

  void handle(const Event& ev) {
    switch (ev.type) {
      case Ev::kEnd: endService(static_cast<WindowIdx>(ev.arg)); break;
      case Ev::kAbandon: {
        TicketIdx t = ev.arg;
        if (d_.ticket(t).state == hall::TicketState::kWaiting) {
          (void)d_.remove(t);
          ++out_.abandoned[d_.ticket(t).spec.service];
        }
        break;
      }
      case Ev::kStaffIn: staffIn(static_cast<StaffIdx>(ev.arg)); break;
      case Ev::kStaffOut: staffOut(static_cast<StaffIdx>(ev.arg)); break;
      case Ev::kTick: tick(); break;
      case Ev::kClose: closeHall(); break;
      case Ev::kSchedule: replayTo((*in_.replay)[ev.arg].second); break;
      case Ev::kStop: stopped_ = true; break;
    }
  }

  void endService(WindowIdx w) {
    (void)d_.finish(w, now_);
    StaffIdx st = d_.windows()[w].staff;
    if (st != hall::kNoIdx16 && leaving_[st]) {
      leaving_[st] = 0;
      shutWindow(w, true);
      return;
    }
    if (pooled() && open_count_ > pool_target_) {
      shutWindow(w, true);
      return;
    }
    tryCall(w);
    if (closed_ && d_.windows()[w].serving == hall::kNoTicket) shutWindow(w, true);
  }

  void staffIn(StaffIdx st) {
    (void)d_.setPresent(st, true);
    int w = sc_.staff[st].window;
    bool with_plan = in_.plan != nullptr;  // advice runs open windows by the plan only
    if (w >= 0 && sc_.windows[w].open && !with_plan && d_.windows()[w].staff == hall::kNoIdx16)
      openWindow(static_cast<WindowIdx>(w), st, onedoor());
  }

  void staffOut(StaffIdx st) {
    WindowIdx w = d_.staff()[st].window;
    if (w == hall::kNoIdx16) {
      (void)d_.setPresent(st, false);
    } else if (d_.windows()[w].serving != hall::kNoTicket) {
      leaving_[st] = 1;
    } else {
      shutWindow(w, true);
    }
  }

  void closeHall() {
    closed_ = true;
    for (size_t w = 0; w < d_.windows().size(); ++w) {
      const auto& win = d_.windows()[w];
      if (win.staff != hall::kNoIdx16 && win.serving == hall::kNoTicket) shutWindow(static_cast<WindowIdx>(w), true);
    }
    // Back-office staff go home, except under onedoor while tickets they could serve still wait.
    if (!onedoor() || d_.waitingTotal() == 0) {
      for (size_t k = 0; k < d_.staff().size(); ++k)
        if (d_.staff()[k].window == hall::kNoIdx16) (void)d_.setPresent(static_cast<StaffIdx>(k), false);
    }
  }

  void replayTo(int target) {
    pool_target_ = target;
    if (closed_) return;
    for (size_t w = 0; w < d_.windows().size() && open_count_ > target; ++w) {
      const auto& win = d_.windows()[w];
      if (win.state == WindowState::kOpen && win.serving == hall::kNoTicket) shutWindow(static_cast<WindowIdx>(w), true);
    }
    for (size_t w = 0; w < d_.windows().size() && open_count_ < target; ++w) {
      if (d_.windows()[w].staff != hall::kNoIdx16) continue;
      (void)d_.setPresent(static_cast<StaffIdx>(w), true);
      openWindow(static_cast<WindowIdx>(w), static_cast<StaffIdx>(w), false);
    }
  }

  // The plan's staff for the current interval, or nullptr when there is no plan (or after close).
  const std::vector<int>* planned() const {
    if (!in_.plan || closed_) return nullptr;
    int64_t k = (now_ - open_ms_) / (int64_t{sc_.interval_min} * kMinMs);
    if (k < 0 || k >= static_cast<int64_t>(in_.plan->staff.size())) return nullptr;
    return &in_.plan->staff[k];
  }

  void tick() {
    const OnedoorKnobs& kn = in_.knobs;
    double open_at = kn.open_when_wait_min >= 0 ? kn.open_when_wait_min : sc_.target_p95_wait_min / 2;
    const std::vector<int>* plan = planned();
    if (plan) {
      // Seat the plan's staff at free windows; the others leave their windows once idle.
      std::vector<uint8_t> want(d_.staff().size(), 0);
      for (int k : *plan) want[k] = 1;
      for (size_t w = 0; w < d_.windows().size(); ++w) {
        const auto& win = d_.windows()[w];
        if (win.staff != hall::kNoIdx16 && !want[win.staff] && win.serving == hall::kNoTicket)
          shutWindow(static_cast<WindowIdx>(w), false);
      }
      for (int k : *plan) {
        const auto& st = d_.staff()[k];
        if (!st.present || st.window != hall::kNoIdx16) continue;
        for (size_t w = 0; w < d_.windows().size(); ++w) {
          if (d_.windows()[w].staff != hall::kNoIdx16) continue;
          openWindow(static_cast<WindowIdx>(w), static_cast<StaffIdx>(k), true);
          break;
        }
      }
    } else {
      // 1. Remedies: open spare windows (or re-skill idle ones) where the predicted wait is too long.
      for (const auto& r : hall::suggestRemedies(d_, {.target_min = open_at})) {
        if (r.kind == hall::Remedy::Kind::kOpenWindow) {
          opened_by_policy_[r.window] = 1;
          openWindow(r.window, r.staff, true);
        } else {
          (void)d_.reskill(r.window, d_.staff()[r.staff].skills);
          eff_[r.window] = d_.effectiveSkills(r.window);
          skill_count_[r.window] = eff_[r.window].count();
          tryCall(r.window);
        }
        ++out_.reskills;
      }
    }
    // 2. Shut windows idle for a while with nothing they could serve waiting.
    if (!plan) {
      idle_copy_.assign(d_.idleWindows().begin(), d_.idleWindows().end());
      std::sort(idle_copy_.begin(), idle_copy_.end());
      for (WindowIdx w : idle_copy_) {
        if (!opened_by_policy_[w] && !kn.close_planned_windows) continue;
        const auto& win = d_.windows()[w];
        if (now_ - win.idle_since >= static_cast<int64_t>(kn.close_idle_min * kMinMs) &&
            !eff_[w].intersects(d_.servicesWaiting()))
          shutWindow(w, false);
      }
    }
    bool busy = false;
    if (closed_)
      for (const auto& win : d_.windows()) busy = busy || win.serving != hall::kNoTicket;
    if (!closed_ || d_.waitingTotal() > 0 || busy) push(now_ + int64_t{kn.tick_s} * 1000, Ev::kTick);
    if (closed_ && d_.waitingTotal() == 0) {
      for (size_t k = 0; k < d_.staff().size(); ++k)
        if (d_.staff()[k].window == hall::kNoIdx16) (void)d_.setPresent(static_cast<StaffIdx>(k), false);
    }
  }

  const DayInput& in_;
  const Scenario& sc_;
  const std::vector<Citizen>& cz_;
  Tally& out_;
  Dispatcher d_;
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> heap_;
  std::priority_queue<uint64_t, std::vector<uint64_t>, std::greater<uint64_t>> abandon_;
  uint32_t seq_ = 0;
  int64_t now_ = 0, last_ = 0, open_ms_ = 0, close_ms_ = 0;
  int open_count_ = 0;
  int glass_ = 0;
  int pool_target_ = 0;
  bool closed_ = false;
  bool stopped_ = false;
  std::vector<uint8_t> leaving_;
  std::vector<uint8_t> opened_by_policy_;
  std::vector<int> skill_count_;
  std::vector<SkillSet> eff_;
  std::vector<WindowIdx> idle_copy_;     // per window: its effective skills while open  // per window: services it can serve, cached for arrival routing
};

}  // namespace

void simulateDay(const DayInput& in, Tally& out) {
  out.init(in.sc.services.size(), static_cast<size_t>(in.sc.intervals()));
  Day day(in, out);
  day.run();
}

}  // namespace onedoor::sim
