// The flat-object fast path (src/api/flat_json): never crashes, and whenever it answers it gives
// exactly nlohmann's document.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "api/flat_json.h"
#include "core/text.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!onedoor::isValidUtf8(text)) return 0;  // the caller checks UTF-8 first
  auto flat = onedoor::api::parseFlatObject(text);
  if (!flat) return 0;
  auto full = nlohmann::json::parse(text, nullptr, false);
  FUZZ_CHECK(!full.is_discarded());
  FUZZ_CHECK(full.dump() == flat->dump());
  return 0;
}
