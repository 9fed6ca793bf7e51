// Unguessable identifiers from libsodium's CSPRNG: session tokens, CSRF tokens, tracking codes.
// Thread-safe (libsodium's randombytes is).
#pragma once

#include <string>

namespace onedoor {

// Must be called once at start-up before any other function here (idempotent).
void initCrypto();

// `bytes` random bytes as lowercase hex (2*bytes characters).
std::string randomHex(size_t bytes);

// `chars` characters of Crockford base32 (no I, L, O, U): short and unambiguous when read aloud.
std::string randomBase32(size_t chars);

// BLAKE2b-256 of `data` as lowercase hex; used to store tokens hashed.
std::string blake2bHex(const std::string& data);

}  // namespace onedoor
