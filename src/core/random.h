// Unguessable identifiers from libsodium's CSPRNG: session tokens, CSRF tokens, tracking codes.
// Thread-safe (libsodium's randombytes is).
#pragma once

#include <cstdint>
#include <string>

namespace onedoor {

// Must be called once at start-up before any other function here (idempotent).
void initCrypto();

// `bytes` random bytes as lowercase hex (2*bytes characters).
std::string randomHex(size_t bytes);

// `chars` characters of Crockford base32 (no I, L, O, U): short and unambiguous when read aloud.
std::string randomBase32(size_t chars);

// `chars` (at least 6) characters of the same alphabet: the first five are `now_ms` modulo 2^25
// (about 9.3 hours), most significant first, the rest random. Codes drawn close in time sort next
// to each other, so a unique index over them takes a commit's new codes on one or two b-tree
// leaves, not one random leaf per code (for appeals that was 40 % of the WAL pages written).
// The prefix tells only the time of day to the millisecond modulo 9.3 h; unguessability rests on
// the random rest (5 characters: 25 bits) and on the secret that goes with every code.
std::string timeOrderedBase32(int64_t now_ms, size_t chars);

// BLAKE2b-256 of `data` as lowercase hex; used to store tokens hashed.
std::string blake2bHex(const std::string& data);

}  // namespace onedoor
