// The fast path of request bodies: most are one JSON object whose members are plain strings,
// integers, booleans or null ({"category":…,"text":…,"phone":…}). nlohmann's lexer spends ~70
// instructions a byte on them (a fifth of an io thread's work per appeal); this reads that subset
// directly into the same document. Pure; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

namespace onedoor::api {

// The document nlohmann::json::parse(text) gives, when `text` is a flat object of strings without
// escapes, integers of at most 18 digits, true, false and null (any whitespace); nullopt for
// anything else (nested values, escapes, fractions, malformed text), which the caller hands to
// nlohmann to parse or to refuse in its own words. `text` must be valid UTF-8 (checked before).
std::optional<nlohmann::json> parseFlatObject(std::string_view text);

}  // namespace onedoor::api
