// A working-day calendar year file (calendar::parseYear): any text gives a year or kInvalid; an
// accepted year written back out reads back the same.
#include <cstddef>
#include <cstdint>
#include <string>

#include "calendar/year_calendar.h"
#include "fuzz_check.h"

using namespace onedoor::calendar;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto year = parseYear(std::string(reinterpret_cast<const char*>(data), size));
  if (!year) return 0;
  std::string text = serializeYear(*year);
  auto again = parseYear(text);
  FUZZ_CHECK(again.isOk());
  FUZZ_CHECK(serializeYear(*again) == text);
  return 0;
}
