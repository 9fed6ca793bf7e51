// The soak clock's routes (only with `onedoor serve --test-clock`).
#include "soak/soak_clock.h"

#include <boost/asio/use_awaitable.hpp>

#include "api/json_body.h"
#include "api/route_groups.h"

namespace onedoor::soak {

using nlohmann::json;
using http::bhttp::verb;
using Awaitable = boost::asio::awaitable<http::Response>;

void registerSoakClockRoutes(http::Router& router, api::App& /*app*/, SoakClock& clock) {
  static const std::vector<std::string> kAdmin = {"admin"};
  router.add({verb::get, "/api/v1/test/clock", kAdmin,
              [&clock](http::RequestContext& ctx) -> Awaitable { co_return api::jsonOk(ctx, {{"now_ms", clock.nowMs()}}); },
              {"The server's clock (only with serve --test-clock)", "test"}});
  router.add({verb::post, "/api/v1/test/clock", kAdmin,
              [&clock](http::RequestContext& ctx) -> Awaitable {
                auto body = api::parseJsonBody(ctx.req, {{"now_ms", api::FieldType::kInteger, true}});
                if (!body) co_return api::errorOut(ctx, body.status());
                int64_t now = clock.moveTo((*body)["now_ms"].get<int64_t>());
                co_return api::jsonOk(ctx, {{"now_ms", now}});
              },
              {"Move the server's clock forward to now_ms (only with serve --test-clock; never backwards)", "test",
               R"({"type":"object","required":["now_ms"],"additionalProperties":false,"properties":{"now_ms":{"type":"integer"}}})"}});
}

}  // namespace onedoor::soak
