// Strict JSON request bodies: content type, UTF-8, object shape, known fields, types, lengths.
// Pure; thread-safe.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/canonical_json.h"
#include "core/result.h"
#include "http/types.h"

namespace onedoor::api {

enum class FieldType { kString, kInteger, kBoolean, kNumber, kArray };

struct FieldSpec {
  const char* name;
  FieldType type;
  bool required = true;
  size_t max_chars = 200;  // strings only, in Unicode code points
  bool nullable = false;
};

// Parses and checks the body; unknown fields, wrong types and missing required fields are kInvalid
// with `field` set. Strings are trimmed of nothing: what the user typed is what is stored.
Result<nlohmann::json> parseJsonBody(const http::Request& req, std::initializer_list<FieldSpec> fields);
Result<nlohmann::json> parseJsonBodySpecs(const http::Request& req, const std::vector<FieldSpec>& fields);

// A list of material ids (strings of at most 64 bytes, at most `max_items`) in `field` of a parsed
// body; an absent field is an empty list. kInvalid naming the field otherwise.
Result<std::vector<std::string>> materialIdList(const nlohmann::json& body, const char* field, size_t max_items);

// Renders a JSON response.
http::Response jsonOk(const http::RequestContext& ctx, const nlohmann::json& body, int status = 200);
// The same for a flat object written without a JSON document (hot routes: an appeal's intake).
http::Response jsonOk(const http::RequestContext& ctx, const CanonicalJsonObject& body, int status = 200);
http::Response errorOut(const http::RequestContext& ctx, const Status& st);

// Parses a path or query integer; kInvalid naming `field` when it is not one.
Result<int64_t> parseId(const std::string& text, const std::string& field);

}  // namespace onedoor::api
