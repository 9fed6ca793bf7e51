// The strict request-body reader (src/api/json_body) with the nesting bound (core/json_depth):
// any body gives a document or a 400-style status, never a crash; an accepted document is an
// object within the depth bound that can be dumped.
#include <cstddef>
#include <cstdint>
#include <string>

#include "api/json_body.h"
#include "core/json_depth.h"
#include "fuzz_check.h"

using namespace onedoor;
using api::FieldType;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  http::Request req{http::bhttp::verb::post, "/api/v1/appeals", 11};
  req.set(http::bhttp::field::content_type, "application/json");
  req.body() = body;
  auto parsed = api::parseJsonBody(req, {{"category", FieldType::kString, true, 64},
                                         {"text", FieldType::kString, false, 2000},
                                         {"count", FieldType::kInteger, false},
                                         {"ok", FieldType::kBoolean, false},
                                         {"lat", FieldType::kNumber, false},
                                         {"items", FieldType::kArray, false, 200, true}});
  if (parsed) {
    FUZZ_CHECK(parsed->is_object());
    FUZZ_CHECK(jsonDepthWithin(body));
    (void)parsed->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    (void)api::materialIdList(*parsed, "items", 20);
  } else {
    FUZZ_CHECK(parsed.status().code() == Code::kInvalid);
  }
  return 0;
}
