// Error response rendering.
#include "http/errors.h"

#include <nlohmann/json.hpp>

namespace onedoor::http {

bhttp::status httpStatusFor(Code code) {
  switch (code) {
    case Code::kOk: return bhttp::status::ok;
    case Code::kInvalid: return bhttp::status::bad_request;
    case Code::kUnauthorized: return bhttp::status::unauthorized;
    case Code::kForbidden: return bhttp::status::forbidden;
    case Code::kNotFound: return bhttp::status::not_found;
    case Code::kConflict: return bhttp::status::conflict;
    case Code::kTooLarge: return bhttp::status::payload_too_large;
    case Code::kTooMany: return bhttp::status::too_many_requests;
    case Code::kUnavailable: return bhttp::status::service_unavailable;
    case Code::kInternal: return bhttp::status::internal_server_error;
  }
  return bhttp::status::internal_server_error;
}

const char* codeName(Code code) {
  switch (code) {
    case Code::kOk: return "ok";
    case Code::kInvalid: return "invalid";
    case Code::kUnauthorized: return "unauthorized";
    case Code::kForbidden: return "forbidden";
    case Code::kNotFound: return "not_found";
    case Code::kConflict: return "conflict";
    case Code::kTooLarge: return "too_large";
    case Code::kTooMany: return "too_many_requests";
    case Code::kUnavailable: return "unavailable";
    case Code::kInternal: return "internal";
  }
  return "internal";
}

Response jsonResponse(bhttp::status status, std::string body, unsigned version, bool keep_alive) {
  Response res{status, version};
  res.set(bhttp::field::content_type, "application/json; charset=utf-8");
  res.set(bhttp::field::cache_control, "no-store");
  res.keep_alive(keep_alive);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

static Response render(bhttp::status st, const std::string& code, const std::string& message,
                       const std::string& field, unsigned version, bool keep_alive) {
  nlohmann::json err = {{"code", code}, {"message", message}};
  err["field"] = field.empty() ? nlohmann::json(nullptr) : nlohmann::json(field);
  // Messages are built by us from UTF-8 literals; replace defensively so a stray byte cannot throw.
  std::string body = nlohmann::json{{"error", err}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  Response res = jsonResponse(st, std::move(body), version, keep_alive);
  // 503 means "try again shortly" (the database is restarting or reconnecting): say when, so
  // clients and nginx retry instead of giving up.
  if (st == bhttp::status::service_unavailable) res.set(bhttp::field::retry_after, "1");
  return res;
}

Response errorResponse(const Status& status, unsigned version, bool keep_alive) {
  return render(httpStatusFor(status.code()), codeName(status.code()), status.message(), status.field(), version,
                keep_alive);
}

Response errorResponse(bhttp::status http_status, const std::string& code, const std::string& message,
                       unsigned version, bool keep_alive) {
  return render(http_status, code, message, "", version, keep_alive);
}

}  // namespace onedoor::http
