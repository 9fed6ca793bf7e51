// The hall scenario parser (sim::parseScenario): any text gives a scenario or kInvalid naming the
// field; an accepted scenario is internally consistent.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "sim/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto sc = onedoor::sim::parseScenario(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!sc) return 0;
  FUZZ_CHECK(sc->days >= 1 && sc->interval_min > 0);
  FUZZ_CHECK(sc->intervals() >= 1);
  for (const auto& s : sc->services) FUZZ_CHECK(s.arrivals_per_hour.size() == static_cast<size_t>(sc->intervals()));
  return 0;
}
