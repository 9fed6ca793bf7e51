// Password hashing with libsodium's argon2id, and the rules a new password must meet.
// Thread-safe (libsodium is). Hashing is deliberately slow (~0.1 s, 64 MiB): call it off hot paths.
#pragma once

#include <string>

#include "core/result.h"

namespace onedoor::people {

// Cost presets: kInteractive for real accounts; kFast only for tests that create many users.
enum class HashCost { kInteractive, kFast };

Status checkPasswordRules(const std::string& password);
Result<std::string> hashPassword(const std::string& password, HashCost cost = HashCost::kInteractive);
bool verifyPassword(const std::string& encoded_hash, const std::string& password);

}  // namespace onedoor::people
