// DemoTraffic: every tick, maybe a citizen takes a ticket (weighted by service), and each staffed
// open window moves on (idle → call next, called → start, serving long enough → finish).
#include "demo/demo_traffic.h"

#include <spdlog/spdlog.h>

namespace onedoor::demo {

namespace {
uint64_t next(uint64_t& s) {  // xorshift64*
  s ^= s >> 12, s ^= s << 25, s ^= s >> 27;
  return s * 2685821657736338717ull;
}
double uniform(uint64_t& s) { return static_cast<double>(next(s) >> 11) / 9007199254740992.0; }
}  // namespace

void DemoTraffic::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void DemoTraffic::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void DemoTraffic::run() {
  pthread_setname_np(pthread_self(), "od-demo-hall");
  uint64_t rng = 0x9e3779b97f4a7c15ull ^ static_cast<uint64_t>(hall_.clock().nowMs());
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    std::vector<int64_t> halls;
    (void)store_.read([&](Reader& r) -> Status {
      for (const auto& h : r.listHalls()) halls.push_back(h.id);
      return Status::ok();
    });
    for (int64_t id : halls) step(id, rng);
    lock.lock();
    cv_.wait_for(lock, std::chrono::milliseconds(static_cast<int>(3000 / speed_)), [this] { return stopping_; });
  }
}

void DemoTraffic::step(int64_t hall_id, uint64_t& rng) {
  std::vector<HallServiceRow> services;
  std::vector<WindowRow> windows;
  std::vector<TicketRow> live;
  (void)store_.read([&](Reader& r) -> Status {
    services = r.listHallServices(hall_id);
    windows = r.listWindows(hall_id);
    live = r.listLiveTickets(hall_id);
    return Status::ok();
  });
  if (services.empty()) return;
  int64_t now = hall_.clock().nowMs();
  // Arrivals: about one citizen per 3 s tick across the hall, fewer when the queue is long.
  int waiting = 0;
  for (const auto& t : live) waiting += t.state == "waiting";
  if (waiting < 40 && uniform(rng) < 0.8) {
    services::IssueInput in;
    in.service = services[next(rng) % services.size()].code;
    double p = uniform(rng);
    in.priority = p < 0.08 ? "elderly" : p < 0.10 ? "disabled" : p < 0.11 ? "pregnant" : p < 0.12 ? "military" : "normal";
    in.channel = uniform(rng) < 0.25 ? "remote" : "kiosk";
    in.trusted = in.channel == "kiosk";  // the demo's kiosks are registered; phones' classes wait for a clerk
    if (uniform(rng) < 0.1) in.services = {in.service, services[next(rng) % services.size()].code};
    auto out = std::make_shared<services::HallOutcome>();
    (void)hall_.run(store_, hall_.issueWrite(hall_id, in, out), out);
  }
  for (const auto& w : windows) {
    if (w.state != "open" || !w.staff_user_id) continue;
    const TicketRow* cur = nullptr;
    for (const auto& t : live)
      if (t.window_id == w.id && t.state != "waiting") cur = &t;
    services::WindowCmd cmd;
    if (!cur) {
      if (uniform(rng) > 0.5) continue;  // a short pause between citizens
      cmd = services::WindowCmd::kCallNext;
    } else if (cur->state == "called") {
      if (now - cur->called_at.value_or(now) < static_cast<int64_t>(8000 / speed_)) continue;
      cmd = services::WindowCmd::kStart;
    } else {
      double mean = 8;
      for (const auto& s : services)
        if (s.code == cur->service) mean = s.mean_service_min;
      // Demo time runs 10x faster than a real counter so the display moves.
      double served_min = static_cast<double>(now - cur->started_at.value_or(now)) / 60000.0 * 10 * speed_;
      if (served_min < mean * (0.5 + uniform(rng))) continue;
      cmd = services::WindowCmd::kFinish;
    }
    auto out = std::make_shared<services::HallOutcome>();
    services::HallActor actor{*w.staff_user_id, "system"};
    Status st = hall_.run(store_, hall_.windowWrite(w.id, cmd, {}, actor, out), out);
    if (!st && st.code() != Code::kConflict) spdlog::debug("demo traffic: {}", st.message());
  }
}

}  // namespace onedoor::demo
