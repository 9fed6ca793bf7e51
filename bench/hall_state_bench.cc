// The hall state at scale (issue 19 §4): the demo hall with 10,000 tickets waiting while a second
// thread keeps issuing tickets and calling, starting and finishing them at windows 1–11 (the queue
// stays near 10,000). Measured per request, as the state route does it: the public state (the body
// rendered once per commit batch, served from memory), the staff state with one page of each
// service's queue (50), and the staff state with every waiting ticket (the unpaged list, as every
// request built it before). Reports p50/p99 per request in microseconds.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "api/hall_render.h"
#include "calendar/working_calendar.h"
#include "core/clock.h"
#include "demo/demo_centre.h"
#include "services/calendar_book.h"
#include "services/hall_service.h"
#include "store/store.h"

namespace onedoor {
namespace {

constexpr int kWaiting = 10'000;
constexpr int64_t kHall = 1;

struct Hall {
  SystemClock clock;
  std::filesystem::path dir;
  std::unique_ptr<Store> store;
  std::unique_ptr<services::CalendarBook> calendars;
  std::unique_ptr<services::HallService> hall;
  std::atomic<bool> stop{false};
  std::atomic<int64_t> churn{0};  // hall writes by the churn thread
  std::thread churner;

  Hall() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "onedoor-hallbench-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) std::abort();
    dir = tmpl;
    StoreOptions o;
    o.synchronous_full = false;
    auto r = openStore("sqlite:" + (dir / "bench.db").string(), o);
    if (!r) std::abort();
    store = std::move(r).value();
    if (!demo::loadDemoCentre(*store, clock, true)) std::abort();
    calendars = std::make_unique<services::CalendarBook>(calendar::WorkingCalendar());
    hall = std::make_unique<services::HallService>(clock, *calendars);
    hall->attach(*store);
    hall->setPublicRenderer(&api::renderPublicState);
    // 10,000 waiting: submitted together so the writer groups them into large commits.
    std::atomic<int> left{kWaiting};
    for (int i = 0; i < kWaiting; ++i) {
      auto out = std::make_shared<services::HallOutcome>();
      services::IssueInput in;
      in.service = std::string(1, static_cast<char>('A' + i % 8));
      in.phone = "13800138000";
      store->submit(hall->issueWrite(kHall, std::move(in), out), [this, out, &left](Status st) {
        hall->committed(*out, st);
        left.fetch_sub(1);
      });
    }
    while (left.load() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    churner = std::thread([this] { churn_loop(); });
  }

  ~Hall() {
    stop = true;
    churner.join();
    hall.reset();
    store.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }

  // Issue one ticket, then one window command in turn (call-next, start, finish at windows 1–11):
  // the queue stays near 10,000 while the state is read.
  void churn_loop() {
    services::HallActor system{0, "system"};
    int step = 0;
    while (!stop) {
      auto out = std::make_shared<services::HallOutcome>();
      services::IssueInput in;
      in.service = std::string(1, static_cast<char>('A' + step % 8));
      (void)hall->run(*store, hall->issueWrite(kHall, std::move(in), out), out);
      int window = 1 + (step / 3) % 11;
      services::WindowCmd cmd = step % 3 == 0   ? services::WindowCmd::kCallNext
                                : step % 3 == 1 ? services::WindowCmd::kStart
                                                : services::WindowCmd::kFinish;
      auto wout = std::make_shared<services::HallOutcome>();
      (void)hall->run(*store, hall->windowWrite(window, cmd, {}, system, wout), wout);
      churn += 2;
      ++step;
    }
  }
};

void report(benchmark::State& state, std::vector<double>& us, size_t bytes, int64_t churn) {
  std::sort(us.begin(), us.end());
  if (us.empty()) return;
  state.counters["p50_us"] = us[us.size() / 2];
  state.counters["p99_us"] = us[std::min(us.size() - 1, us.size() * 99 / 100)];
  state.counters["bytes"] = static_cast<double>(bytes);
  state.counters["hall_writes"] = static_cast<double>(churn);
}

template <class Fn>
void measure(benchmark::State& state, Fn&& request) {
  Hall h;
  std::vector<double> us;
  size_t bytes = 0;
  int64_t churn0 = h.churn.load();
  for (auto _ : state) {
    // Requests spread over time, so the hall's writes (and new snapshots) land between them.
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    auto t0 = std::chrono::steady_clock::now();
    std::string body = request(h);
    auto t1 = std::chrono::steady_clock::now();
    double secs = std::chrono::duration<double>(t1 - t0).count();
    state.SetIterationTime(secs);
    us.push_back(secs * 1e6);
    bytes = body.size();
    benchmark::DoNotOptimize(body);
  }
  report(state, us, bytes, h.churn.load() - churn0);
}

// GET /api/v1/halls/1/state without a hall role: the snapshot's ready body.
void BM_HallPublicState10k(benchmark::State& state) {
  measure(state, [](Hall& h) {
    auto snap = h.hall->snapshot(kHall);
    return api::publicStateBody(*snap, h.clock.nowMs());
  });
}

std::string staffState(Hall& h, int limit) {
  auto snap = h.hall->snapshot(kHall);
  std::string body;
  (void)h.store->read([&](Reader& r) -> Status {
    auto row = r.hallById(kHall);
    body = api::hallStaffStateJson(r, *row, *snap, h.clock.nowMs(), {0, limit}).dump();
    return Status::ok();
  });
  return body;
}

// The same with a hall role: one page (50) of each service's queue.
void BM_HallStaffStatePage10k(benchmark::State& state) {
  measure(state, [](Hall& h) { return staffState(h, api::QueuePage::kDefaultLimit); });
}

// Every waiting ticket in one answer, as the state was built before paging.
void BM_HallStaffStateUnpaged10k(benchmark::State& state) {
  measure(state, [](Hall& h) { return staffState(h, kWaiting * 2); });
}

}  // namespace

BENCHMARK(BM_HallPublicState10k)->Unit(benchmark::kMicrosecond)->Iterations(5000)->UseManualTime();
BENCHMARK(BM_HallStaffStatePage10k)->Unit(benchmark::kMicrosecond)->Iterations(1000)->UseManualTime();
BENCHMARK(BM_HallStaffStateUnpaged10k)->Unit(benchmark::kMicrosecond)->Iterations(40)->UseManualTime();

}  // namespace onedoor
