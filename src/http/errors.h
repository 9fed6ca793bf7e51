// The one JSON error shape: {"error":{"code","message","field"}} and the Status → HTTP mapping.
// Pure functions; thread-safe.
#pragma once

#include "core/result.h"
#include "http/types.h"

namespace onedoor::http {

bhttp::status httpStatusFor(Code code);
const char* codeName(Code code);

// Builds the error response. The message is bilingual ("中文 / English").
Response errorResponse(const Status& status, unsigned version = 11, bool keep_alive = true);
// For errors with an HTTP status that has no Code (405, 413, 431, 505...).
Response errorResponse(bhttp::status http_status, const std::string& code, const std::string& message,
                       unsigned version = 11, bool keep_alive = true);

// A JSON response with the given body text.
Response jsonResponse(bhttp::status status, std::string body, unsigned version = 11, bool keep_alive = true);

}  // namespace onedoor::http
