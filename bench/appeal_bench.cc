// The writer's cost of one appeal intake (route, insert, two ledger events), without HTTP: batches
// of `batch` intakes are queued at once, so the writer groups them into one transaction as it does
// under load. Reports appeals/s and the writer thread's CPU time per appeal (BEGIN, savepoints and
// COMMIT included; the fsync runs on the syncer thread), which is what bounds
// the durable appeal rate of `make bench` (the writer is the one serial part of that path).
// For exact instruction counts, run it under callgrind, which it tells when the measured part starts
// and ends (a profile per run of the benchmark function; the largest is the measured run):
//   valgrind --tool=callgrind --toggle-collect='onedoor::sql::GroupCommitStore::runBatch*'
//            build/onedoor_bench --benchmark_filter=AppealIntake
#include <benchmark/benchmark.h>

#include <pthread.h>
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_ZERO_STATS
#define CALLGRIND_DUMP_STATS
#endif
#include <time.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "calendar/working_calendar.h"
#include "core/clock.h"
#include "demo/demo_centre.h"
#include "services/appeal_service.h"
#include "services/calendar_book.h"
#include "store/store.h"
#include "text/formulaic.h"

namespace onedoor {
namespace {

int64_t cpuNs(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

void BM_AppealIntake(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0));
  std::string tmpl = (std::filesystem::temp_directory_path() / "onedoor-bench-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) std::abort();
  const std::filesystem::path dir = tmpl;
  SystemClock clock;
  {
    auto opened = openStore("sqlite:" + (dir / "bench.db").string());
    if (!opened) std::abort();
    std::unique_ptr<Store> store = std::move(opened).value();
    if (!demo::loadDemoCentre(*store, clock, /*fast_hash=*/true)) std::abort();
    services::CalendarBook calendars{calendar::WorkingCalendar()};
    text::FormulaicChecker checker;
    const SecretKey key = SecretKey::fromBytes(std::string(SecretKey::kBytes, 'b'));
    services::AppealService appeals(clock, calendars, checker, key);
    const char* kCategories[] = {"city.streetlight", "housing.leak", "road.damage", "city.noise"};

    // The writer thread's CPU clock, taken from inside a WriteFn.
    clockid_t writer_clock{};
    Status got_clock = store->write([&](WriteTx&) {
      return pthread_getcpuclockid(pthread_self(), &writer_clock) == 0 ? Status::ok() : internalError("no CPU clock");
    });
    if (!got_clock) std::abort();
    std::mutex mu;
    std::condition_variable cv;
    int pending = 0;
    int failed = 0;
    int64_t n = 0;
    const int64_t writer_cpu_start = cpuNs(writer_clock);
    CALLGRIND_ZERO_STATS;
    for (auto _ : state) {
      {
        std::lock_guard lock(mu);
        pending = batch;
      }
      for (int i = 0; i < batch; ++i, ++n) {
        services::IntakeInput in;
        in.category = kCategories[n % 4];
        in.text = "小区北门路灯坏了一个多月，晚上出行很不方便";
        in.phone = "13800138000";
        in.address = "东湖街道柳岸小区" + std::to_string(n % 50) + "栋";
        in.actor = "citizen";
        WriteFn intake = appeals.intakeWrite(std::move(in), nullptr);
        store->submit(std::move(intake), [&](Status s) {
              std::lock_guard lock(mu);
              if (!s) ++failed;
              if (--pending == 0) cv.notify_one();
            });
      }
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return pending == 0; });
    }
    const int64_t writer_cpu_ns = cpuNs(writer_clock) - writer_cpu_start;
    CALLGRIND_DUMP_STATS;
    StoreStats s = store->stats();
    store->close();
    if (failed > 0) state.SkipWithError("an intake failed");
    state.SetItemsProcessed(n);
    state.counters["writer_cpu_us"] = benchmark::Counter(static_cast<double>(writer_cpu_ns) / 1000.0 / n);
    state.counters["writes_per_commit"] =
        s.commits > 0 ? static_cast<double>(s.writes) / static_cast<double>(s.commits) : 0.0;
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

BENCHMARK(BM_AppealIntake)->Arg(24)->ArgName("batch")->UseRealTime()->MinTime(2.0);

}  // namespace
}  // namespace onedoor
