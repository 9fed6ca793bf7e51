// The server's secret key: 32 random bytes kept in a file outside the database (DATA/secret.key,
// or --secret-key-file for PostgreSQL nodes that must share it). Short citizen-facing secrets are
// stored as keyed BLAKE2b hashes under it, so a copy of the database alone does not give them
// away: 65 bits of secret are out of reach of a guesser who lacks the key.
// Thread-safe: immutable after construction.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"

namespace onedoor {

class SecretKey {
 public:
  static constexpr size_t kBytes = 32;

  // Reads the key from `file` (64 hex digits). When the file does not exist and `create` is set,
  // draws a new key and writes it there with mode 0600 (the directory must exist). Errors are
  // bilingual and name the file.
  static Result<SecretKey> loadOrCreate(const std::filesystem::path& file, bool create);
  // A key from exactly kBytes bytes (tests, and nodes handed the key some other way).
  static SecretKey fromBytes(std::string_view bytes);

  // Keyed BLAKE2b-256 of `data` as lowercase hex.
  std::string hashHex(std::string_view data) const;
  // The keyed hash of a fixed label: stored in the database so a node started with another key
  // is noticed at start-up. It tells nothing of the key itself.
  std::string fingerprint() const;

 private:
  SecretKey() = default;
  std::array<unsigned char, kBytes> key_{};
};

}  // namespace onedoor
