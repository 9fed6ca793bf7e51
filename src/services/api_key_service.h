// API keys of outside clients (Open311 apps): issue, revoke, check. A key is 160 random bits shown
// once; only its BLAKE2b hash is stored (a hash suffices for a high-entropy secret). Every change is
// a ledger event in the same transaction. Pure functions and WriteFns; thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "store/store.h"

namespace onedoor::services {

// A fresh key: "od311_" + 40 hex characters.
std::string newApiKey();

// Checks the client name (1..60 characters), stores the key's hash and appends "api_key.created".
// `out` receives the stored row.
WriteFn createApiKeyWrite(std::string name, std::string key, std::string actor, int64_t now,
                          std::shared_ptr<ApiKey> out);

// Revokes key `id` and appends "api_key.revoked". kNotFound, or kConflict when already revoked.
WriteFn revokeApiKeyWrite(int64_t id, std::string actor, int64_t now, std::shared_ptr<ApiKey> out);

// The live (not revoked) key row for `key`, if any.
std::optional<ApiKey> activeApiKey(Reader& r, const std::string& key);

}  // namespace onedoor::services
