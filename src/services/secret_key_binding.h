// Binds a database to the server key (core/secret_key.h). The first start with a key records the
// key's fingerprint in the ledger (event "server.key_bound" on subject "server:secret_key") and,
// in the same transaction, rewrites the appeal secrets of older releases — unkeyed BLAKE2b hashes
// — into their keyed "k0:" form (appeals/secret.h), so old secrets still open their cases and a
// copy of the database no longer gives them away. Later starts compare fingerprints: a node with
// another key (or a new one, because the key file was lost) refuses to start instead of silently
// failing every citizen's secret.
#pragma once

#include "core/result.h"
#include "core/secret_key.h"
#include "store/store.h"

namespace onedoor::services {

inline constexpr const char* kSecretKeySubject = "server:secret_key";

// Blocking (Store::write); call at start-up before serving. kConflict, with a message that says
// what to do, when the database is bound to another key.
Status bindSecretKey(Store& store, const SecretKey& key, int64_t now);

}  // namespace onedoor::services
