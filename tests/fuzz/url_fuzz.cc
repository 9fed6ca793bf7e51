// URL handling as the server does it for every request: percent-decoding of the path, the query
// parser, UTF-8 validation, the router, and the access log's redaction (http/log_redact).
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/text.h"
#include "fuzz_check.h"
#include "http/log_redact.h"
#include "http/router.h"

using namespace onedoor;

namespace {

http::Route route(http::bhttp::verb m, std::string p) {
  return http::Route{m, std::move(p), {}, [](http::RequestContext&) -> boost::asio::awaitable<http::Response> { co_return http::Response{}; }, {}};
}

const http::Router& router() {
  static const http::Router r = [] {
    http::Router r;
    for (const char* p : {"/healthz", "/api/v1/appointments/{code}", "/api/v1/appointments/{code}.ics",
                          "/api/v1/appeals/{tracking_code}/photos/{photo_id}", "/api/v1/users/{id}/disable",
                          "/api/v1/users/me", "/open311/v2/requests.{format}", "/api/v1/halls/{hall}/state"})
      r.add(route(http::bhttp::verb::get, p));
    return r;
  }();
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string target(reinterpret_cast<const char*>(data), size);
  const size_t q = target.find('?');
  auto path = percentDecode(std::string_view(target).substr(0, q), false);
  if (q != std::string::npos) (void)parseQuery(std::string_view(target).substr(q + 1));
  (void)percentDecode(target, true);
  std::string pattern;
  if (path && !path->empty() && (*path)[0] == '/' && isValidUtf8(*path)) {
    auto m = router().match(http::bhttp::verb::get, *path);
    if (m.route) {
      pattern = m.route->pattern;
      for (const auto& [name, value] : m.params) FUZZ_CHECK(value.find('/') == std::string::npos);
    }
  }
  std::string logged = http::redactTargetForLog(target, pattern);
  FUZZ_CHECK(logged.size() <= 512);
  // A credential-named query value never reaches the log: every "secret=" pair is logged "secret=***".
  if (q != std::string::npos && logged.size() < 500) {
    size_t pairs = 0, hidden = 0;
    for (size_t at = q; at != std::string::npos; at = target.find('&', at + 1))
      pairs += target.compare(at + 1, 7, "secret=") == 0;
    for (size_t at = logged.find('?'); at != std::string::npos; at = logged.find('&', at + 1))
      hidden += logged.compare(at + 1, 10, "secret=***") == 0;
    FUZZ_CHECK(hidden >= pairs);
  }
  return 0;
}
