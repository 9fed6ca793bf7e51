// The hall soak (issue 19 §2): a day of a real hall driven through the API and checked at every
// step. The simulator's citizens and clerks of a scenario (src/sim) are played in compressed time
// against one or more running OneDoor servers (HTTP and the hall's WebSocket), while the same
// hall::Dispatcher runs in-process on the same events as the reference model. The player follows
// the `onedoor` policy of src/sim/engine.cc step for step, so the live hall's waits must equal the
// model's, and, over the day, the simulator's prediction (`onedoor sim`, same citizens, same policy).
//
// The scenario's services, windows and staff must be those of the live hall: service codes, window
// numbers as window ids, usernames as staff ids (tests/soak/scenarios/ describe the demo hall).
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "sim/report.h"
#include "sim/scenario.h"

namespace onedoor::soak {

// The invariant checker: fed what the player saw over HTTP and the WebSocket, it records every
// violation. Thread-safe for wsEvent (the WebSocket reader) against the player's own calls.
class Checker {
 public:
  // A ticket was issued with this number for this service today.
  void issued(const std::string& service, const std::string& number);
  // An HTTP answer said this ticket was called (or recalled) at this window; `at_us` is the
  // steady-clock time the answer arrived.
  void called(const std::string& number, int window_number, bool recall, int64_t at_us);
  // The ticket left the hall (finished, no-show, cancelled): it must never be called again.
  void gone(const std::string& number);
  // The display's WebSocket delivered a call (ticket_called or ticket_recalled) at `at_us`.
  void wsCall(const std::string& number, int window_number, bool recall, int64_t at_us);
  // Anything else found wrong (model mismatch, idle window, ledger): recorded as is.
  void fail(const std::string& what);
  // Compares the calls with the WebSocket's (every one seen, in order, within `max_delay_us`).
  void finishWebSocket(int64_t max_delay_us = 1'000'000);

  size_t violationCount() const;
  std::vector<std::string> violations() const;  // the first 50
  size_t calls() const;

 private:
  struct Call {
    std::string number;
    int window;
    bool recall;
    int64_t at_us;
  };
  mutable std::mutex mu_;
  std::vector<std::pair<std::string, std::string>> numbers_;  // (service, number), sorted on check
  std::vector<std::string> seen_numbers_;                      // "service/number"
  std::vector<Call> http_calls_, ws_calls_;
  std::vector<std::string> called_numbers_;  // called once already (a call, not a recall)
  std::vector<std::string> gone_numbers_;
  std::vector<std::string> violations_;
  size_t violation_count_ = 0;
  void failLocked(const std::string& what);
};

struct Options {
  std::string host = "127.0.0.1";
  std::vector<uint16_t> ports;   // one per node; clerks are spread over them, the rest uses the first
  int64_t hall_id = 1;
  std::string password = "onedoor-demo";
  std::string supervisor = "supervisor";
  uint64_t seed = 1;
  // Epoch milliseconds of the simulated day's local midnight (the hall's time zone).
  int64_t day_start_ms = 0;
  // Moves every node's clock to this epoch time (never backwards). Required.
  std::function<void(int64_t)> set_clock;
  // A remote ticket every this many citizens (the rest come from the registered kiosk).
  int remote_every = 3;
  // Tolerance between a live wait and the model's (the real time a step takes on the server).
  int64_t wait_tolerance_ms = 2'000;
  bool check_every_step = true;  // read the hall's state after every step and compare it
  std::function<void(const std::string&)> log;  // progress lines; may be empty
};

struct Figures {
  sim::WaitStats live, model, sim;
  int64_t citizens = 0, served = 0, no_show = 0, cancelled = 0, rated = 0, remote = 0, priority_confirmed = 0;
  int64_t steps = 0, requests = 0, remedies = 0, reskills = 0, sign_ins = 0, sign_outs = 0, recalls = 0;
  int64_t ledger_events = 0;
  bool ledger_ok = false;
  double seconds = 0;  // wall time of the run
  double mean_ratio() const { return sim.mean > 0 ? live.mean / sim.mean : (live.mean == 0 ? 1 : 0); }
  double p95_ratio() const { return sim.p95 > 0 ? live.p95 / sim.p95 : (live.p95 == 0 ? 1 : 0); }
};

struct Report {
  Figures figures;
  std::vector<std::string> violations;  // the first 50
  size_t violation_count = 0;
  bool ok() const { return violation_count == 0; }
  std::string text() const;  // a readable summary
};

// Plays day 0 of the scenario against the servers and checks it. The hall must be as the demo
// leaves it (or as a previous soak of an earlier day left it).
Report runSoak(const sim::Scenario& sc, const Options& o);

// Clock control over HTTP for servers started with `onedoor serve --test-clock`: signs in as
// `admin` on every node; set_clock moves each node's clock (POST /api/v1/test/clock) and now_ms
// reads the first node's. Throws when a node refuses (no --test-clock: 404).
struct ServerClock {
  std::function<void(int64_t)> set_clock;
  std::function<int64_t()> now_ms;
};
ServerClock serverClock(const std::string& host, const std::vector<uint16_t>& ports, const std::string& admin,
                        const std::string& password);

// Local midnight (UTC+8, the demo calendars' zone) of the day after `now_ms`.
int64_t nextLocalMidnight(int64_t now_ms);

}  // namespace onedoor::soak
