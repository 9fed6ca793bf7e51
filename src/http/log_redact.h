// What the access log may show of a request target (issue 18 item 15): values of credential-bearing
// query parameters and path segments become "***", so a log file handed to an operator or a log
// service holds no appointment codes, appeal secrets, tokens or phone numbers. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace onedoor::http {

// A parameter name that carries a credential or personal data: its lower-cased form contains
// secret, token, password, pass, key, code, pin, session, csrf, auth, sig, pair, otp or phone.
bool isCredentialName(std::string_view name);

// The raw target (path and query, as received) for the log. `route_pattern` is the matched route
// ("/api/v1/appointments/{code}"), whose credential-named parameters are redacted; without one
// (static files, 404s) every segment whose stem (before any '.') looks like a code or token (8+
// letters and digits with a digit or upper case and no lower case) is; its extension stays. Query values of credential names are redacted,
// whatever their position or percent-encoding. At most 512 bytes.
std::string redactTargetForLog(std::string_view target, std::string_view route_pattern);

}  // namespace onedoor::http
