// Call-next latency of the hall dispatcher with 2,000 waiting tickets, 40 services and 60 windows
// (each window serving 3 services, priority mix 10 %); each iteration calls, finishes and re-adds
// one ticket so the hall stays at 2,000.
#include <benchmark/benchmark.h>

#include "hall/dispatcher.h"

namespace onedoor::hall {
namespace {

void BM_CallNext(benchmark::State& state) {
  constexpr int kServices = 40, kWindows = 60, kWaiting = 2000;
  std::vector<ServiceDef> services;
  for (int s = 0; s < kServices; ++s) services.push_back({"s" + std::to_string(s), "A", 10});
  Dispatcher d(services, defaultPriorityClasses(), {static_cast<Ordering>(state.range(0))});
  for (int w = 0; w < kWindows; ++w) {
    SkillSet skills{static_cast<ServiceIdx>(w % kServices), static_cast<ServiceIdx>((w + 1) % kServices),
                    static_cast<ServiceIdx>((w + 7) % kServices)};
    WindowIdx wi = d.addWindow(std::to_string(w), skills);
    StaffIdx st = d.addStaff("st" + std::to_string(w), skills);
    (void)d.setPresent(st, true);
    (void)d.seat(st, wi);
    (void)d.setState(wi, WindowState::kOpen, 0);
  }
  uint64_t x = 88172645463325252ull;
  auto rnd = [&] { x ^= x << 13, x ^= x >> 7, x ^= x << 17; return x; };
  TimeMs now = 0;
  for (int i = 0; i < kWaiting; ++i)
    d.add({static_cast<ServiceIdx>(rnd() % kServices), static_cast<uint8_t>(rnd() % 10 == 0 ? 1 + rnd() % 4 : 0), now += 1000});
  int w = 0;
  for (auto _ : state) {
    auto t = d.callNext(static_cast<WindowIdx>(w), now);
    benchmark::DoNotOptimize(t);
    (void)d.finish(static_cast<WindowIdx>(w), now);
    d.add({static_cast<ServiceIdx>(rnd() % kServices), static_cast<uint8_t>(rnd() % 10 == 0 ? 1 + rnd() % 4 : 0), now += 1000});
    w = (w + 1) % kWindows;
  }
  state.counters["waiting"] = d.waitingTotal();
}
BENCHMARK(BM_CallNext)->Arg(0)->Arg(1)->Arg(2)->ArgName("ordering");

}  // namespace
}  // namespace onedoor::hall
