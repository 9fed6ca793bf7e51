// Status and Result<T>: errors that cross module boundaries without exceptions.
// Value types; no shared state.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace onedoor {

// Error codes map one-to-one to HTTP statuses in src/http (see http/errors.cc).
enum class Code {
  kOk,
  kInvalid,        // 400: malformed or semantically wrong input
  kUnauthorized,   // 401: not signed in or bad credentials
  kForbidden,      // 403: signed in but role not allowed, or CSRF failed
  kNotFound,       // 404
  kConflict,       // 409: illegal state transition or duplicate
  kTooLarge,       // 413
  kTooMany,        // 429: rate limited
  kUnavailable,    // 503: shutting down or overloaded
  kInternal,       // 500
};

class Status {
 public:
  Status() = default;
  // `message` is shown to users: bilingual "中文 / English". `field` names the offending input field.
  Status(Code code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status ok() { return {}; }
  bool isOk() const { return code_ == Code::kOk; }
  explicit operator bool() const { return isOk(); }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }

 private:
  Code code_ = Code::kOk;
  std::string message_;
  std::string field_;
};

inline Status invalid(std::string msg, std::string field = {}) { return {Code::kInvalid, std::move(msg), std::move(field)}; }
inline Status notFound(std::string msg) { return {Code::kNotFound, std::move(msg)}; }
inline Status conflict(std::string msg, std::string field = {}) { return {Code::kConflict, std::move(msg), std::move(field)}; }
inline Status internalError(std::string msg) { return {Code::kInternal, std::move(msg)}; }

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status s) : v_(std::move(s)) {}     // NOLINT
  bool isOk() const { return v_.index() == 0; }
  explicit operator bool() const { return isOk(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  Status status() const { return isOk() ? Status() : std::get<1>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace onedoor
