// Admin API for the keys of outside clients (Open311): list, issue (the key shown once), revoke.
#include <boost/asio/use_awaitable.hpp>

#include "api/await_store.h"
#include "api/json_body.h"
#include "api/route_groups.h"
#include "services/api_key_service.h"
#include "services/people_service.h"

namespace onedoor::api {

using nlohmann::json;
using http::bhttp::verb;
using Awaitable = boost::asio::awaitable<http::Response>;

namespace {

json keyJson(const ApiKey& k) {
  return {{"id", k.id},
          {"name", k.name},
          {"key_prefix", k.key_prefix},
          {"created_at", k.created_at},
          {"created_by", k.created_by},
          {"revoked_at", k.revoked_at ? json(*k.revoked_at) : json(nullptr)},
          {"active", !k.revoked_at.has_value()}};
}

const char* kKeySchema =
    R"({"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"},"key_prefix":{"type":"string"},"created_at":{"type":"integer"},"created_by":{"type":"string"},"revoked_at":{"type":["integer","null"]},"active":{"type":"boolean"}}})";

}  // namespace

void registerApiKeyRoutes(http::Router& router, App& app) {
  router.add({verb::get, "/api/v1/api-keys", kAdminOnly,
              [&app](http::RequestContext& ctx) -> Awaitable {
                json list = json::array();
                Status st = app.store.read([&](Reader& r) -> Status {
                  for (const auto& k : r.listApiKeys()) list.push_back(keyJson(k));
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, {{"api_keys", list}});
              },
              {"API keys of outside clients (Open311); the keys themselves are never shown again", "api-keys", "",
               std::string(R"({"type":"object","properties":{"api_keys":{"type":"array","items":)") + kKeySchema +
                   "}}}"}});

  router.add({verb::post, "/api/v1/api-keys", kAdminOnly,
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto body = parseJsonBody(ctx.req, {{"name", FieldType::kString, true, 60}});
                if (!body) co_return errorOut(ctx, body.status());
                std::string key = services::newApiKey();
                auto out = std::make_shared<ApiKey>();
                Status st = co_await awaitWrite(
                    app.store, services::createApiKeyWrite((*body)["name"].get<std::string>(), key,
                                                           services::userActor(ctx.caller->user_id),
                                                           app.clock.nowMs(), out));
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, {{"api_key", keyJson(*out)}, {"key", key}}, 201);
              },
              {"Issue an API key for a client; the key is in this response only", "api-keys",
               R"({"type":"object","required":["name"],"additionalProperties":false,"properties":{"name":{"type":"string","minLength":1,"maxLength":60}}})",
               std::string(R"({"type":"object","properties":{"key":{"type":"string"},"api_key":)") + kKeySchema + "}}",
               201}});

  router.add({verb::post, "/api/v1/api-keys/{id}/revoke", kAdminOnly,
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto id = parseId(ctx.param("id"), "id");
                if (!id) co_return errorOut(ctx, id.status());
                auto out = std::make_shared<ApiKey>();
                Status st = co_await awaitWrite(
                    app.store,
                    services::revokeApiKeyWrite(*id, services::userActor(ctx.caller->user_id), app.clock.nowMs(), out));
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, {{"api_key", keyJson(*out)}});
              },
              {"Revoke an API key: the client can no longer file requests (reading stays public)", "api-keys", "",
               std::string(R"({"type":"object","properties":{"api_key":)") + kKeySchema + "}}"}});
}

}  // namespace onedoor::api
