// argon2id via crypto_pwhash_str_alg; the encoded string carries its own salt and parameters.
#include "people/password.h"

#include <sodium.h>

namespace onedoor::people {

Status checkPasswordRules(const std::string& password) {
  if (password.size() < 8)
    return invalid("密码至少需要 8 个字符 / The password needs at least 8 characters", "password");
  if (password.size() > 256) return invalid("密码太长 / The password is too long", "password");
  return Status::ok();
}

Result<std::string> hashPassword(const std::string& password, HashCost cost) {
  char out[crypto_pwhash_STRBYTES];
  unsigned long long ops = cost == HashCost::kFast ? crypto_pwhash_argon2id_OPSLIMIT_MIN
                                                   : crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE;
  size_t mem = cost == HashCost::kFast ? crypto_pwhash_argon2id_MEMLIMIT_MIN
                                       : crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE;
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return internalError("无法处理密码（内存不足） / Could not hash the password (out of memory)");
  return std::string(out);
}

bool verifyPassword(const std::string& encoded_hash, const std::string& password) {
  if (encoded_hash.empty()) return false;
  return crypto_pwhash_str_verify(encoded_hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace onedoor::people
