// API key issue, revoke and lookup.
#include "services/api_key_service.h"

#include <nlohmann/json.hpp>

#include "core/random.h"
#include "core/text.h"

namespace onedoor::services {

using nlohmann::json;

std::string newApiKey() { return "od311_" + randomHex(20); }

WriteFn createApiKeyWrite(std::string name, std::string key, std::string actor, int64_t now,
                          std::shared_ptr<ApiKey> out) {
  return [name = std::move(name), key = std::move(key), actor = std::move(actor), now, out](WriteTx& tx) -> Status {
    size_t n = isValidUtf8(name) ? codePointCount(name) : 0;
    if (n == 0 || n > 60) return invalid("客户端名称需要 1 到 60 个字 / The client name needs 1 to 60 characters", "name");
    ApiKey k;
    k.name = name;
    k.key_hash = blake2bHex(key);
    k.key_prefix = key.substr(0, 10);
    k.created_at = now;
    k.created_by = actor;
    auto id = tx.insertApiKey(k);
    if (!id) return id.status();
    k.id = *id;
    json payload = {{"name", k.name}, {"key_prefix", k.key_prefix}};
    auto ev = tx.appendEvent(EventDraft{now, actor, "api_key.created", "api_key:" + std::to_string(k.id), payload.dump()});
    if (!ev) return ev.status();
    if (out) *out = k;
    return Status::ok();
  };
}

WriteFn revokeApiKeyWrite(int64_t id, std::string actor, int64_t now, std::shared_ptr<ApiKey> out) {
  return [id, actor = std::move(actor), now, out](WriteTx& tx) -> Status {
    if (Status st = tx.revokeApiKey(id, now); !st) return st;
    auto k = tx.apiKeyById(id);
    if (!k) return notFound("找不到该 API 密钥 / No such API key");
    json payload = {{"name", k->name}, {"key_prefix", k->key_prefix}};
    auto ev = tx.appendEvent(EventDraft{now, actor, "api_key.revoked", "api_key:" + std::to_string(id), payload.dump()});
    if (!ev) return ev.status();
    if (out) *out = *k;
    return Status::ok();
  };
}

std::optional<ApiKey> activeApiKey(Reader& r, const std::string& key) {
  if (key.empty() || key.size() > 128) return std::nullopt;
  auto k = r.apiKeyByHash(blake2bHex(key));
  if (!k || k->revoked_at) return std::nullopt;
  return k;
}

}  // namespace onedoor::services
