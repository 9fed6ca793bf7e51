// A flat JSON object written straight to the ledger's canonical text (keys sorted by their UTF-8
// bytes, no whitespace, strings escaped exactly as nlohmann's dump() escapes them, strict UTF-8),
// without a JSON document: the hot event payloads (an appeal's intake) skip building a
// nlohmann::json tree, serialising it and freeing it (a fifth of the writer's work per appeal),
// and so do hot flat responses (the intake's 201, api/json_body.h jsonOk).
// ledger::canonicalJson(obj.text()) == obj.text() for every object built here (tested).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace onedoor {

class CanonicalJsonObject {
 public:
  // A key added twice keeps its last value (as assigning to a JSON object does).
  CanonicalJsonObject& addString(std::string_view key, std::string_view value);
  CanonicalJsonObject& addInt(std::string_view key, int64_t value);
  CanonicalJsonObject& addBool(std::string_view key, bool value);
  CanonicalJsonObject& addNull(std::string_view key);

  // The canonical text; kInvalid when a key or a string value was not valid UTF-8.
  Result<std::string> text() const;

 private:
  CanonicalJsonObject& add(std::string_view key, std::string value);
  std::vector<std::pair<std::string, std::string>> members_;  // key, value already as JSON
  bool valid_utf8_ = true;
};

}  // namespace onedoor
