// The hall dispatcher: per-(service, priority class) sorted lanes with lazy deletion, so call-next
// looks only at the front of each lane a window can serve.
#include "hall/dispatcher.h"

#include <algorithm>
#include <limits>

namespace onedoor::hall {

namespace {
constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kNoAppointment = std::numeric_limits<int64_t>::max();
constexpr double kFairWaitMin = 20;  // callNext: a queue's first ticket this overdue goes first
}  // namespace

std::vector<PriorityClass> defaultPriorityClasses() {
  return {{"normal", 0, 0},
          {"elderly", 2, 15},    // 70 and over
          {"disabled", 3, 15},
          {"pregnant", 3, 15},
          {"military", 1, 10}};
}

std::map<std::string, int> defaultPriorityWeights() {
  std::map<std::string, int> out;
  for (const auto& c : defaultPriorityClasses())
    out[c.code] = 1 + static_cast<int>(c.head_start_min / kHeadStartPerWeightMin);
  return out;
}

std::vector<PriorityClass> priorityClassesFromWeights(const std::map<std::string, int>& weights) {
  auto classes = defaultPriorityClasses();
  for (auto& c : classes) {
    auto it = weights.find(c.code);
    if (it == weights.end() || c.code == "normal") continue;
    c.weight = it->second;
    c.head_start_min = (it->second - 1) * kHeadStartPerWeightMin;
  }
  return classes;
}

Dispatcher::Dispatcher(std::vector<ServiceDef> services, std::vector<PriorityClass> classes, Rules rules)
    : services_(std::move(services)), classes_(std::move(classes)), rules_(rules) {
  if (classes_.empty()) classes_.push_back({"normal", 0, 0});
  if (services_.size() > size_t{kMaxServices}) services_.resize(kMaxServices);
  lanes_.resize(services_.size() * classes_.size());
  waiting_.assign(services_.size(), 0);
}

WindowIdx Dispatcher::addWindow(std::string id, SkillSet skills) {
  windows_.push_back(Window{std::move(id), skills});
  idle_pos_.push_back(-1);
  pinned_.emplace_back();
  ++unstaffed_;
  return static_cast<WindowIdx>(windows_.size() - 1);
}

StaffIdx Dispatcher::addStaff(std::string id, SkillSet skills) {
  staff_.push_back(Staff{std::move(id), skills});
  free_pos_.push_back(-1);
  return static_cast<StaffIdx>(staff_.size() - 1);
}

void Dispatcher::clearTickets() {
  tickets_.clear();
  for (auto& l : lanes_) l.clear();
  for (auto& p : pinned_) p.clear();
  std::fill(waiting_.begin(), waiting_.end(), 0);
  waiting_total_ = 0;
  waiting_mask_ = SkillSet{};
  for (size_t w = 0; w < windows_.size(); ++w) {
    if (windows_[w].serving != kNoTicket) {
      windows_[w].serving = kNoTicket;
      setIdle(static_cast<WindowIdx>(w));
    }
  }
}

std::optional<ServiceIdx> Dispatcher::serviceByCode(std::string_view code) const {
  for (size_t i = 0; i < services_.size(); ++i)
    if (services_[i].code == code) return static_cast<ServiceIdx>(i);
  return std::nullopt;
}

std::optional<WindowIdx> Dispatcher::windowById(std::string_view id) const {
  for (size_t i = 0; i < windows_.size(); ++i)
    if (windows_[i].id == id) return static_cast<WindowIdx>(i);
  return std::nullopt;
}

std::optional<StaffIdx> Dispatcher::staffById(std::string_view id) const {
  for (size_t i = 0; i < staff_.size(); ++i)
    if (staff_[i].id == id) return static_cast<StaffIdx>(i);
  return std::nullopt;
}

// ---- staff and windows ------------------------------------------------------------------------

void Dispatcher::setIdle(WindowIdx w) {
  const Window& win = windows_[w];
  bool idle = win.state == WindowState::kOpen && win.staff != kNoIdx16 && win.serving == kNoTicket;
  int& pos = idle_pos_[w];
  if (idle && pos < 0) {
    pos = static_cast<int>(idle_open_.size());
    idle_open_.push_back(w);
    idle_staff_skills_.push_back(staff_[win.staff].skills);
  } else if (!idle && pos >= 0) {
    WindowIdx last = idle_open_.back();
    idle_open_[pos] = last;
    idle_staff_skills_[pos] = idle_staff_skills_.back();
    idle_pos_[last] = pos;
    idle_open_.pop_back();
    idle_staff_skills_.pop_back();
    pos = -1;
  }
}

void Dispatcher::setFree(StaffIdx st, bool free) {
  int& pos = free_pos_[st];
  if (free && pos < 0) {
    pos = static_cast<int>(free_staff_.size());
    free_staff_.push_back(st);
  } else if (!free && pos >= 0) {
    StaffIdx last = free_staff_.back();
    free_staff_[pos] = last;
    free_pos_[last] = pos;
    free_staff_.pop_back();
    pos = -1;
  }
}

void Dispatcher::countWindow(WindowIdx w, int sign) {
  const Window& win = windows_[w];
  if (win.staff == kNoIdx16) unstaffed_ += sign;
  else if (win.state == WindowState::kShut) seated_shut_ += sign;
}

Status Dispatcher::setPresent(StaffIdx st, bool present) {
  if (st >= staff_.size()) return notFound("无此工作人员 / no such staff member");
  Staff& s = staff_[st];
  if (s.present == present) return Status::ok();
  if (!present && s.window != kNoIdx16) return conflict("请先离开窗口 / leave the window first", "staff");
  s.present = present;
  setFree(st, present);
  return Status::ok();
}

Status Dispatcher::seat(StaffIdx st, WindowIdx w) {
  if (st >= staff_.size()) return notFound("无此工作人员 / no such staff member");
  if (w >= windows_.size()) return notFound("无此窗口 / no such window");
  Staff& s = staff_[st];
  Window& win = windows_[w];
  if (!s.present) return conflict("工作人员不在岗 / staff member is not present", "staff");
  if (s.window != kNoIdx16) return conflict("工作人员已在其他窗口 / staff member already sits at a window", "staff");
  if (win.staff != kNoIdx16) return conflict("窗口已有工作人员 / the window is staffed", "window");
  countWindow(w, -1);
  s.window = w;
  win.staff = st;
  countWindow(w, +1);
  setFree(st, false);
  setIdle(w);
  return Status::ok();
}

Status Dispatcher::unseat(WindowIdx w, TimeMs now) {
  if (w >= windows_.size()) return notFound("无此窗口 / no such window");
  Window& win = windows_[w];
  if (win.staff == kNoIdx16) return Status::ok();
  if (win.serving != kNoTicket) return conflict("窗口正在办理 / the window is serving a ticket", "window");
  StaffIdx st = win.staff;
  countWindow(w, -1);
  staff_[st].window = kNoIdx16;
  win.staff = kNoIdx16;
  win.state = WindowState::kShut;
  win.idle_since = now;
  countWindow(w, +1);
  setFree(st, staff_[st].present);
  setIdle(w);
  return Status::ok();
}

Status Dispatcher::setState(WindowIdx w, WindowState state, TimeMs now) {
  if (w >= windows_.size()) return notFound("无此窗口 / no such window");
  Window& win = windows_[w];
  if (state == win.state) return Status::ok();
  if (state == WindowState::kOpen && win.staff == kNoIdx16)
    return conflict("窗口无人值守，不能开启 / a window opens only with a staff member seated", "window");
  if (state != WindowState::kOpen && win.serving != kNoTicket)
    return conflict("窗口正在办理 / the window is serving a ticket", "window");
  countWindow(w, -1);
  win.state = state;
  countWindow(w, +1);
  if (state == WindowState::kOpen) win.idle_since = now;
  setIdle(w);
  return Status::ok();
}

Status Dispatcher::reskill(WindowIdx w, SkillSet skills) {
  if (w >= windows_.size()) return notFound("无此窗口 / no such window");
  Window& win = windows_[w];
  if (win.staff != kNoIdx16 && !skills.subsetOf(staff_[win.staff].skills))
    return invalid("窗口工作人员不具备该业务资质 / the window's staff member is not qualified for every service", "skills");
  win.skills = skills;
  return Status::ok();
}

SkillSet Dispatcher::effectiveSkills(WindowIdx w) const {
  const Window& win = windows_[w];
  if (win.staff == kNoIdx16) return {};
  return win.skills & staff_[win.staff].skills;
}

bool Dispatcher::canServe(WindowIdx w, ServiceIdx s) const {
  const Window& win = windows_[w];
  return win.staff != kNoIdx16 && win.skills.has(s) && staff_[win.staff].skills.has(s);
}

// ---- tickets ------------------------------------------------------------------------------------

Dispatcher::Key Dispatcher::keyOf(TicketIdx t) const {
  const Ticket& tk = tickets_[t];
  const NewTicket& n = tk.spec;
  const PriorityClass& pc = classes_[n.priority_class];
  switch (rules_.ordering) {
    case Ordering::kFifo:
      return {n.arrival, 0, 0, t, tk.version};
    case Ordering::kAging: {
      int64_t base = n.appointment ? *n.appointment : n.arrival;
      return {base - static_cast<int64_t>(pc.head_start_min * kMinuteMs), 0, 0, t, tk.version};
    }
    case Ordering::kOrdered:
      return {n.appointment ? *n.appointment : kNoAppointment, -pc.weight, n.arrival, t, tk.version};
  }
  return {n.arrival, 0, 0, t, tk.version};
}

void Dispatcher::enqueue(TicketIdx t) {
  const Ticket& tk = tickets_[t];
  ServiceIdx s = tk.spec.service;
  Lane& l = lane(s, tk.spec.priority_class);
  Key k = keyOf(t);
  if (l.empty() || !(k < l.keys.back())) {
    l.keys.push_back(k);
  } else {
    auto from = l.keys.begin() + static_cast<std::ptrdiff_t>(l.head);
    l.keys.insert(std::upper_bound(from, l.keys.end(), k), k);
  }
  if (waiting_[s]++ == 0) waiting_mask_.add(s);
  ++waiting_total_;
}

void Dispatcher::dequeued(TicketIdx t) {
  ServiceIdx s = tickets_[t].spec.service;
  if (--waiting_[s] == 0) waiting_mask_.remove(s);
  --waiting_total_;
}

TicketIdx Dispatcher::add(const NewTicket& n) {
  if (n.service >= services_.size() || n.priority_class >= classes_.size()) return kNoTicket;
  tickets_.push_back(Ticket{n});
  auto t = static_cast<TicketIdx>(tickets_.size() - 1);
  enqueue(t);
  return t;
}

Status Dispatcher::remove(TicketIdx t) {
  if (t >= tickets_.size()) return notFound("无此号票 / no such ticket");
  Ticket& tk = tickets_[t];
  if (tk.state != TicketState::kWaiting) return conflict("号票不在等候中 / the ticket is not waiting", "ticket");
  if (tk.pinned == kNoIdx16) dequeued(t);
  tk.pinned = kNoIdx16;
  tk.state = TicketState::kGone;
  ++tk.version;
  return Status::ok();
}

Status Dispatcher::transfer(TicketIdx t, ServiceIdx to) {
  if (t >= tickets_.size()) return notFound("无此号票 / no such ticket");
  if (to >= services_.size()) return notFound("无此业务 / no such service");
  Ticket& tk = tickets_[t];
  if (tk.state == TicketState::kGone) return conflict("号票已结束 / the ticket is closed", "ticket");
  if (tk.state == TicketState::kWaiting && tk.pinned == kNoIdx16) dequeued(t);
  tk.pinned = kNoIdx16;
  tk.state = TicketState::kWaiting;
  tk.window = kNoIdx16;
  ++tk.version;
  tk.spec.service = to;
  enqueue(t);
  return Status::ok();
}

Status Dispatcher::redirect(TicketIdx t, WindowIdx w, TimeMs now) {
  if (t >= tickets_.size()) return notFound("无此号票 / no such ticket");
  if (w >= windows_.size()) return notFound("无此窗口 / no such window");
  Ticket& tk = tickets_[t];
  if (tk.state == TicketState::kGone) return conflict("号票已结束 / the ticket is closed", "ticket");
  if (tk.state == TicketState::kWaiting && tk.pinned == kNoIdx16) dequeued(t);
  if (tk.state == TicketState::kCalled && tk.window != kNoIdx16 && windows_[tk.window].serving == t) {
    windows_[tk.window].serving = kNoTicket;
    windows_[tk.window].idle_since = now;
    setIdle(tk.window);
  }
  tk.state = TicketState::kWaiting;
  tk.window = kNoIdx16;
  tk.pinned = w;
  ++tk.version;
  pinned_[w].push_back(t);
  return Status::ok();
}

std::optional<TicketIdx> Dispatcher::callNext(WindowIdx w, TimeMs now) {
  if (w >= windows_.size()) return std::nullopt;
  Window& win = windows_[w];
  if (win.state != WindowState::kOpen || win.staff == kNoIdx16 || win.serving != kNoTicket) return std::nullopt;
  // Redirected tickets first, in the order they were sent here.
  std::vector<TicketIdx>& pins = pinned_[w];
  while (!pins.empty()) {
    TicketIdx t = pins.front();
    pins.erase(pins.begin());
    Ticket& tk = tickets_[t];
    if (tk.state != TicketState::kWaiting || tk.pinned != w) continue;  // cancelled or moved since
    tk.pinned = kNoIdx16;
    tk.state = TicketState::kCalled;
    tk.window = w;
    win.serving = t;
    setIdle(w);
    return t;
  }
  SkillSet can = win.skills & staff_[win.staff].skills & waiting_mask_;
  if (can.empty()) return std::nullopt;
  // Sparse skills (issue 19): under aging a clerk who could serve several queues serves the one with
  // the largest queue length × service rate (waiting / mean service minutes: MaxWeight, Stolyar 2004),
  // so work flows along the skill graph toward where it piles up and short services clear first;
  // with two skills per clerk this is what lets a long chain of skills work like one pool. The
  // ordering's first ticket among equal queues. Fairness: a queue whose first ticket has waited kFairWaitMin (by its
  // ordering key, so appointment and priority head starts count) goes first whatever its length, so
  // a short queue is never starved. FIFO and NovoSGA's ordering are left as they are.
  if (rules_.ordering == Ordering::kAging && can.count() > 1) {
    const TimeMs fair_ms = static_cast<TimeMs>(kFairWaitMin * kMinuteMs);
    SkillSet overdue, longest;
    double mostv = 0;
    const auto classes = static_cast<uint8_t>(classes_.size());
    can.forEach([&](ServiceIdx s) {
      for (uint8_t c = 0; c < classes; ++c) {
        const Key* k = front(s, c);
        if (k && now - k->a >= fair_ms) overdue.add(s);
      }
      double v = waiting_[s] / std::max(0.1, services_[s].mean_service_min);  // queue × service rate
      if (v > mostv + 1e-12) mostv = v, longest = SkillSet{};
      if (v > mostv - 1e-12) longest.add(s);
    });
    can = overdue.any() ? overdue : longest;
  }
  const Key* best = nullptr;         // best by the ordering
  const Key* best_normal = nullptr;  // best of class 0 (ratio rule)
  const auto n_classes = static_cast<uint8_t>(classes_.size());
  can.forEach([&](ServiceIdx s) {
    for (uint8_t c = 0; c < n_classes; ++c) {
      const Key* k = front(s, c);
      if (!k) continue;
      if (!best || *k < *best) best = k;
      if (c == 0 && (!best_normal || *k < *best_normal)) best_normal = k;
    }
  });
  if (!best) return std::nullopt;
  const Key* pick = best;
  bool priority = tickets_[best->t].spec.priority_class != 0;
  if (rules_.priority_ratio > 0 && priority && win.priority_streak >= rules_.priority_ratio && best_normal) {
    pick = best_normal;
    priority = false;
  }
  TicketIdx t = pick->t;
  win.priority_streak = priority ? win.priority_streak + 1 : 0;
  dequeued(t);
  Ticket& tk = tickets_[t];
  tk.state = TicketState::kCalled;
  tk.window = w;
  win.serving = t;
  setIdle(w);
  return t;
}

Status Dispatcher::finish(WindowIdx w, TimeMs now) {
  if (w >= windows_.size()) return notFound("无此窗口 / no such window");
  Window& win = windows_[w];
  if (win.serving == kNoTicket) return conflict("窗口没有在办号票 / the window has no current ticket", "window");
  Ticket& tk = tickets_[win.serving];
  if (tk.state == TicketState::kCalled && tk.window == w) {
    tk.state = TicketState::kGone;
    ++tk.version;
  }
  win.serving = kNoTicket;
  win.idle_since = now;
  setIdle(w);
  return Status::ok();
}

std::optional<WindowIdx> Dispatcher::routeArrival(ServiceIdx s) const {
  if (s >= services_.size()) return std::nullopt;
  // Idle windows able to serve each service, counted once over the idle list (usually short).
  thread_local std::vector<int> idle_able;
  idle_able.assign(services_.size(), 0);
  int candidates = 0;
  for (WindowIdx w : idle_open_) {
    SkillSet eff = effectiveSkills(w);
    eff.forEach([&](ServiceIdx x) { ++idle_able[x]; });
    candidates += eff.has(s) ? 1 : 0;
  }
  if (candidates == 0) return std::nullopt;
  int best = -1;
  double best_cost = 0;
  int best_n = 0;
  for (WindowIdx w : idle_open_) {
    SkillSet eff = effectiveSkills(w);
    if (!eff.has(s)) continue;
    // What taking this window away costs the other services it covers: 1 / (idle windows able to
    // serve them), so a sole idle cover counts 1.
    double cost = 0;
    eff.forEach([&](ServiceIdx x) {
      if (x != s) cost += 1.0 / idle_able[x];
    });
    int n = eff.count();
    if (best < 0 || cost < best_cost - 1e-12 || (cost < best_cost + 1e-12 && (n < best_n || (n == best_n && w < best))))
      best = w, best_cost = cost, best_n = n;
  }
  return static_cast<WindowIdx>(best);
}

// ---- queries ------------------------------------------------------------------------------------

int Dispatcher::aheadOf(TicketIdx t) const {
  if (t >= tickets_.size() || tickets_[t].state != TicketState::kWaiting) return 0;
  if (WindowIdx p = tickets_[t].pinned; p != kNoIdx16) {
    int ahead = 0;
    for (TicketIdx o : pinned_[p]) {
      if (o == t) break;
      if (tickets_[o].state == TicketState::kWaiting && tickets_[o].pinned == p) ++ahead;
    }
    return ahead;
  }
  Key mine = keyOf(t);
  ServiceIdx s = tickets_[t].spec.service;
  int ahead = 0;
  for (uint8_t c = 0; c < classes_.size(); ++c) {
    const Lane& l = lane(s, c);
    for (size_t i = l.head; i < l.keys.size(); ++i) {
      if (!(l.keys[i] < mine)) break;
      if (live(l.keys[i])) ++ahead;
    }
  }
  return ahead;
}

std::vector<std::pair<TicketIdx, int>> Dispatcher::waitingRanks() const {
  std::vector<std::pair<TicketIdx, int>> out;
  std::vector<Key> keys;
  for (size_t s = 0; s < services_.size(); ++s) {
    keys.clear();
    for (uint8_t c = 0; c < classes_.size(); ++c) {
      const Lane& l = lane(static_cast<ServiceIdx>(s), c);
      for (size_t i = l.head; i < l.keys.size(); ++i)
        if (live(l.keys[i])) keys.push_back(l.keys[i]);
    }
    std::sort(keys.begin(), keys.end());
    for (size_t i = 0; i < keys.size(); ++i) out.emplace_back(keys[i].t, static_cast<int>(i));
  }
  for (size_t w = 0; w < pinned_.size(); ++w) {
    int ahead = 0;
    for (TicketIdx t : pinned_[w]) {
      if (tickets_[t].state != TicketState::kWaiting || tickets_[t].pinned != w) continue;
      out.emplace_back(t, ahead++);
    }
  }
  return out;
}

std::vector<std::pair<TicketIdx, int>> Dispatcher::frontRanks(int limit) const {
  std::vector<std::pair<TicketIdx, int>> out;
  if (limit <= 0) return out;
  std::vector<size_t> pos(classes_.size());
  for (size_t s = 0; s < services_.size(); ++s) {
    if (waiting_[s] == 0) continue;
    for (uint8_t c = 0; c < classes_.size(); ++c) pos[c] = lane(static_cast<ServiceIdx>(s), c).head;
    for (int rank = 0; rank < limit; ++rank) {
      const Key* best = nullptr;
      for (uint8_t c = 0; c < classes_.size(); ++c) {
        const Lane& l = lane(static_cast<ServiceIdx>(s), c);
        while (pos[c] < l.keys.size() && !live(l.keys[pos[c]])) ++pos[c];
        if (pos[c] < l.keys.size() && (!best || l.keys[pos[c]] < *best)) best = &l.keys[pos[c]];
      }
      if (!best) break;
      out.emplace_back(best->t, rank);
      const Ticket& tk = tickets_[best->t];
      ++pos[tk.spec.priority_class];
    }
  }
  for (size_t w = 0; w < pinned_.size(); ++w) {
    int ahead = 0;
    for (TicketIdx t : pinned_[w]) {
      if (ahead >= limit) break;
      if (tickets_[t].state != TicketState::kWaiting || tickets_[t].pinned != w) continue;
      out.emplace_back(t, ahead++);
    }
  }
  return out;
}

double Dispatcher::serversFor(ServiceIdx s) const {
  double servers = 0;
  for (size_t w = 0; w < windows_.size(); ++w) {
    const Window& win = windows_[w];
    if (win.state != WindowState::kOpen || !canServe(static_cast<WindowIdx>(w), s)) continue;
    SkillSet busy = effectiveSkills(static_cast<WindowIdx>(w)) & waiting_mask_;
    busy.add(s);
    servers += 1.0 / busy.count();
  }
  return servers;
}

std::optional<double> waitEstimateMin(int ahead, double mean_service_min, double servers, bool idle_able, bool pinned) {
  if (pinned) return ahead * mean_service_min;
  if (servers <= 0) return std::nullopt;
  if (ahead == 0 && idle_able) return 0.0;
  return (ahead + 1) * mean_service_min / servers;
}

bool Dispatcher::idleWindowCanServe(ServiceIdx s) const {
  for (WindowIdx w : idle_open_)
    if (canServe(w, s)) return true;
  return false;
}

std::optional<double> Dispatcher::predictedWaitMin(ServiceIdx s) const {
  int ahead = waiting_[s];
  return waitEstimateMin(ahead, services_[s].mean_service_min, serversFor(s), ahead == 0 && idleWindowCanServe(s), false);
}

std::optional<double> Dispatcher::estimateWaitMin(TicketIdx t) const {
  if (t >= tickets_.size() || tickets_[t].state != TicketState::kWaiting) return 0.0;
  ServiceIdx s = tickets_[t].spec.service;
  int ahead = aheadOf(t);
  return waitEstimateMin(ahead, services_[s].mean_service_min, serversFor(s), ahead == 0 && idleWindowCanServe(s),
                         tickets_[t].pinned != kNoIdx16);
}

int Dispatcher::glassDoorCount() const {
  if (waiting_total_ == 0) return 0;
  int n = 0;
  for (const SkillSet& skills : idle_staff_skills_) n += skills.intersects(waiting_mask_) ? 1 : 0;
  if (seated_shut_ > 0) {
    for (const Window& win : windows_)  // a staff member seated at a shut window
      if (win.state == WindowState::kShut && win.staff != kNoIdx16 && staff_[win.staff].skills.intersects(waiting_mask_)) ++n;
  }
  if (unstaffed_ > 0 && !free_staff_.empty()) {
    int qualified = 0;
    for (StaffIdx st : free_staff_)
      if (staff_[st].skills.intersects(waiting_mask_) && ++qualified >= unstaffed_) break;
    n += std::min(unstaffed_, qualified);
  }
  return n;
}

std::vector<GlassDoor> Dispatcher::glassDoors() const {
  std::vector<GlassDoor> out;
  if (waiting_total_ == 0) return out;
  auto firstOf = [](const SkillSet& set) {
    ServiceIdx first = 0;
    bool found = false;
    set.forEach([&](ServiceIdx s) {
      if (!found) first = s, found = true;
    });
    return first;
  };
  std::vector<WindowIdx> idle = idle_open_;
  std::sort(idle.begin(), idle.end());
  for (WindowIdx w : idle) {
    SkillSet can = staff_[windows_[w].staff].skills & waiting_mask_;
    if (can.any()) out.push_back({w, windows_[w].staff, firstOf(can)});
  }
  for (size_t w = 0; w < windows_.size(); ++w) {
    const Window& win = windows_[w];
    if (win.state != WindowState::kShut || win.staff == kNoIdx16) continue;
    SkillSet can = staff_[win.staff].skills & waiting_mask_;
    if (can.any()) out.push_back({static_cast<WindowIdx>(w), win.staff, firstOf(can)});
  }
  size_t next_staff = 0;
  for (size_t w = 0; w < windows_.size(); ++w) {
    if (windows_[w].staff != kNoIdx16) continue;
    for (; next_staff < staff_.size(); ++next_staff) {
      const Staff& st = staff_[next_staff];
      SkillSet can = st.skills & waiting_mask_;
      if (st.present && st.window == kNoIdx16 && can.any()) {
        out.push_back({static_cast<WindowIdx>(w), static_cast<StaffIdx>(next_staff), firstOf(can)});
        ++next_staff;
        break;
      }
    }
  }
  return out;
}

// ---- invariants -----------------------------------------------------------------------------------

Status Dispatcher::checkInvariants() const {
  auto bad = [](const std::string& what) { return internalError("调度器状态不一致 / dispatcher invariant: " + what); };
  // Tickets: each waiting, unpinned ticket has exactly one live entry, in its own lane; counts and
  // mask follow; each pinned one sits in its window's list; each called one is its window's.
  std::vector<int> waiting(services_.size(), 0);
  std::vector<int> live_entries(tickets_.size(), 0);
  for (size_t s = 0; s < services_.size(); ++s) {
    for (uint8_t c = 0; c < classes_.size(); ++c) {
      const Lane& l = lane(static_cast<ServiceIdx>(s), c);
      if (l.head > l.keys.size()) return bad("lane head past its end");
      for (size_t i = l.head; i < l.keys.size(); ++i) {
        const Key& k = l.keys[i];
        if (i > l.head && k < l.keys[i - 1]) return bad("lane out of order");
        if (k.t >= tickets_.size()) return bad("lane entry for an unknown ticket");
        if (!live(k)) continue;
        const Ticket& tk = tickets_[k.t];
        if (tk.spec.service != s || tk.spec.priority_class != c) return bad("live entry in the wrong lane");
        if (tk.pinned != kNoIdx16) return bad("redirected ticket still live in a lane");
        ++live_entries[k.t];
      }
    }
  }
  int total = 0;
  for (size_t t = 0; t < tickets_.size(); ++t) {
    const Ticket& tk = tickets_[t];
    auto ti = static_cast<TicketIdx>(t);
    if (tk.state == TicketState::kWaiting && tk.pinned == kNoIdx16) {
      if (live_entries[t] != 1) return bad("waiting ticket " + std::to_string(t) + " has " + std::to_string(live_entries[t]) + " live entries");
      ++waiting[tk.spec.service];
      ++total;
    } else if (live_entries[t] != 0) {
      return bad("ticket " + std::to_string(t) + " not waiting in a lane but live there");
    }
    if (tk.state == TicketState::kWaiting && tk.pinned != kNoIdx16) {
      if (tk.pinned >= windows_.size()) return bad("ticket pinned to an unknown window");
      const auto& pins = pinned_[tk.pinned];
      if (std::find(pins.begin(), pins.end(), ti) == pins.end()) return bad("pinned ticket missing from its window's list");
    }
    if (tk.state == TicketState::kCalled && (tk.window >= windows_.size() || windows_[tk.window].serving != ti))
      return bad("called ticket " + std::to_string(t) + " is not its window's current ticket");
  }
  for (size_t s = 0; s < services_.size(); ++s) {
    if (waiting_[s] != waiting[s]) return bad("waiting count of service " + services_[s].code);
    if (waiting_mask_.has(static_cast<ServiceIdx>(s)) != (waiting[s] > 0)) return bad("waiting mask of service " + services_[s].code);
  }
  if (waiting_total_ != total) return bad("total waiting count");
  // Windows and staff: seating both ways, current tickets, idle set, free set, counters.
  int unstaffed = 0, seated_shut = 0;
  size_t idle = 0;
  for (size_t w = 0; w < windows_.size(); ++w) {
    const Window& win = windows_[w];
    auto wi = static_cast<WindowIdx>(w);
    if (win.staff != kNoIdx16 && (win.staff >= staff_.size() || staff_[win.staff].window != wi))
      return bad("window " + win.id + " and its staff member disagree");
    if (win.serving != kNoTicket && (win.serving >= tickets_.size() || tickets_[win.serving].state != TicketState::kCalled ||
                                     tickets_[win.serving].window != wi))
      return bad("window " + win.id + " serves a ticket not called to it");
    if (win.staff == kNoIdx16) ++unstaffed;
    else if (win.state == WindowState::kShut) ++seated_shut;
    bool is_idle = win.state == WindowState::kOpen && win.staff != kNoIdx16 && win.serving == kNoTicket;
    int pos = idle_pos_[w];
    if (is_idle != (pos >= 0)) return bad("idle index of window " + win.id);
    if (is_idle) {
      ++idle;
      if (static_cast<size_t>(pos) >= idle_open_.size() || idle_open_[pos] != wi) return bad("idle position of window " + win.id);
      if (!(idle_staff_skills_[pos] == staff_[win.staff].skills)) return bad("idle skills of window " + win.id);
    }
  }
  if (idle != idle_open_.size() || idle_staff_skills_.size() != idle_open_.size()) return bad("idle window list size");
  if (unstaffed != unstaffed_ || seated_shut != seated_shut_) return bad("window counters");
  size_t free = 0;
  for (size_t st = 0; st < staff_.size(); ++st) {
    const Staff& s = staff_[st];
    if (s.window != kNoIdx16 && (s.window >= windows_.size() || windows_[s.window].staff != st))
      return bad("staff member " + s.id + " and their window disagree");
    bool is_free = s.present && s.window == kNoIdx16;
    int pos = free_pos_[st];
    if (is_free != (pos >= 0)) return bad("free index of staff member " + s.id);
    if (is_free) {
      ++free;
      if (static_cast<size_t>(pos) >= free_staff_.size() || free_staff_[pos] != st) return bad("free position of staff member " + s.id);
    }
  }
  if (free != free_staff_.size()) return bad("free staff list size");
  return Status::ok();
}

}  // namespace onedoor::hall
