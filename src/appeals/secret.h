// The citizen's appeal secret (查询密码): 13 Crockford base32 characters (65 bits), shown grouped
// as XXXX-XXXX-XXXXX, typed back in any case, with or without dashes and spaces. Stored as a keyed
// hash under the server key, with a version marker:
//   "k1:" + keyed(secret)              secrets issued since the key (the normalized characters)
//   "k0:" + keyed(blake2b-hex(secret)) older 8-character secrets, whose unkeyed BLAKE2b hash was
//                                      rewritten at start-up (legacyHashUpgrade)
// Thread-safe: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/secret_key.h"

namespace onedoor::appeals {

inline constexpr size_t kSecretChars = 13;

// A new secret, grouped for reading aloud and writing down: XXXX-XXXX-XXXXX.
std::string newSecret();

// What the citizen typed, as the canonical characters: upper case, dashes and spaces dropped,
// Crockford's look-alikes decoded (O → 0, I and L → 1). Nothing when anything else is left or the
// length is not plausible (1 to 32 characters).
std::optional<std::string> normalizeSecret(std::string_view typed);

// The stored form of a new secret ("k1:…").
std::string secretHash(const SecretKey& key, std::string_view secret);

// True when `typed` opens a case whose stored hash is `stored` ("k1:" or "k0:"). Constant time in
// the comparison.
bool secretMatches(const SecretKey& key, const std::string& stored, std::string_view typed);

// For a row still holding the old unkeyed BLAKE2b hex of its secret: its "k0:" form. Nothing for
// rows already keyed.
std::optional<std::string> legacyHashUpgrade(const SecretKey& key, const std::string& stored);

}  // namespace onedoor::appeals
