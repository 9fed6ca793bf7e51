// Simulator speed: a simulated year (250 opening days) of a 40-window hall, under one policy and
// under all four as `onedoor sim` runs them (citizens drawn once per day for all policies). Reports
// simulated events per second (arrivals, calls, service ends, abandonments, staff and supervisor
// ticks) and the wall time of the whole year, citizen drawing and statistics included.
#include <benchmark/benchmark.h>

#include "sim/citizens.h"
#include "sim/report.h"
#include "sim/synthetic.h"

namespace onedoor::sim {
namespace {

void BM_SimulatedYear40Windows(benchmark::State& state) {
  Scenario sc = syntheticHall(40, 32, 250);
  RunOptions o;
  if (state.range(0) >= 0) o.policies = {static_cast<Policy>(state.range(0))};
  uint64_t events = 0;
  for (auto _ : state) {
    RunReport r = runScenario(sc, o);
    events += r.events;
    benchmark::DoNotOptimize(r);
  }
  state.counters["events_per_s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["events_per_year"] = static_cast<double>(events) / static_cast<double>(state.iterations());
  state.SetLabel(state.range(0) >= 0 ? policyName(o.policies[0]) : "all four policies");
}
BENCHMARK(BM_SimulatedYear40Windows)->Arg(0)->Arg(2)->Arg(-1)->ArgName("policy")->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace onedoor::sim

namespace onedoor::sim {
namespace {

// The share of a run spent drawing citizens (common random numbers) rather than simulating.
void BM_DrawCitizensYear40Windows(benchmark::State& state) {
  Scenario sc = syntheticHall(40, 32, 250);
  int64_t citizens = 0;
  for (auto _ : state) {
    for (int day = 0; day < sc.days; ++day) {
      auto c = drawCitizens(sc, 1, 0, day);
      citizens += static_cast<int64_t>(c.size());
      benchmark::DoNotOptimize(c);
    }
  }
  state.counters["citizens_per_s"] = benchmark::Counter(static_cast<double>(citizens), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DrawCitizensYear40Windows)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace onedoor::sim
