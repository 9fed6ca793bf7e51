// Benchmarks of the Store's write path: appending ledger events through Store::write from one
// thread (one fsync per write) and from 8 threads (group commit shares fsyncs). Reports items/s.
#include <benchmark/benchmark.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include "store/store.h"

namespace onedoor {
namespace {

// Shared by the benchmark's threads; thread 0 sets it up before the (synchronised) loop starts
// and tears it down after the loop ends.
std::unique_ptr<Store> g_store;
std::filesystem::path g_dir;

void setUp(bool synchronous_full) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "onedoor-bench-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) std::abort();
  g_dir = tmpl;
  StoreOptions o;
  o.synchronous_full = synchronous_full;
  auto r = openStore("sqlite:" + (g_dir / "bench.db").string(), o);
  if (!r) std::abort();
  g_store = std::move(r).value();
}

void tearDown(benchmark::State& state) {
  StoreStats s = g_store->stats();
  state.counters["writes_per_commit"] =
      s.commits > 0 ? static_cast<double>(s.writes) / static_cast<double>(s.commits) : 0.0;
  g_store.reset();
  std::error_code ec;
  std::filesystem::remove_all(g_dir, ec);
}

void appendEvents(benchmark::State& state, bool synchronous_full) {
  if (state.thread_index() == 0) setUp(synchronous_full);
  const std::string actor = "user:" + std::to_string(state.thread_index());
  int64_t i = 0;
  for (auto _ : state) {
    Status s = g_store->write([&](WriteTx& tx) {
      return tx
          .appendEvent(EventDraft{1700000000000 + i, actor, "bench.appended", "appeal:7QK4M9T2XB",
                                  R"({"window":3,"note":"已受理","i":)" + std::to_string(i) + "}"})
          .status();
    });
    if (!s) state.SkipWithError(s.message().c_str());
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) tearDown(state);
}

void BM_AppendEventFull(benchmark::State& state) { appendEvents(state, true); }
void BM_AppendEventNormal(benchmark::State& state) { appendEvents(state, false); }

BENCHMARK(BM_AppendEventFull)->Threads(1)->Threads(8)->UseRealTime()->MinTime(2.0);
BENCHMARK(BM_AppendEventNormal)->Threads(1)->Threads(8)->UseRealTime()->MinTime(2.0);

}  // namespace
}  // namespace onedoor
