// The Open311 form reader (open311::parseForm): any POST body gives a form or kInvalid.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/text.h"
#include "fuzz_check.h"
#include "open311/georeport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto form = onedoor::open311::parseForm(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!form) return 0;
  for (const auto& [k, v] : form->fields) FUZZ_CHECK(onedoor::isValidUtf8(k) && onedoor::isValidUtf8(v));
  for (const auto& [k, vs] : form->attributes)
    for (const auto& v : vs) FUZZ_CHECK(onedoor::isValidUtf8(v));
  (void)form->get("service_code");
  return 0;
}
