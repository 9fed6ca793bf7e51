// Implementation of secret.h.
#include "appeals/secret.h"

#include <sodium.h>

#include "core/random.h"

namespace onedoor::appeals {

namespace {
constexpr std::string_view kKeyed = "k1:";
constexpr std::string_view kLegacy = "k0:";

bool sameHex(const std::string& a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}
}  // namespace

std::string newSecret() {
  std::string raw = randomBase32(kSecretChars);
  return raw.substr(0, 4) + "-" + raw.substr(4, 4) + "-" + raw.substr(8);
}

std::optional<std::string> normalizeSecret(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == 'O') c = '0';
    else if (c == 'I' || c == 'L') c = '1';
    bool digit = c >= '0' && c <= '9';
    bool letter = c >= 'A' && c <= 'Z' && c != 'U';
    if (!digit && !letter) return std::nullopt;
    out += c;
    if (out.size() > 32) return std::nullopt;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::string secretHash(const SecretKey& key, std::string_view secret) {
  std::string canonical = normalizeSecret(secret).value_or(std::string(secret));
  return std::string(kKeyed) + key.hashHex(canonical);
}

bool secretMatches(const SecretKey& key, const std::string& stored, std::string_view typed) {
  if (typed.size() > 64) return false;
  auto canonical = normalizeSecret(typed);
  if (!canonical) return false;
  std::string_view marker = std::string_view(stored).substr(0, 3);
  if (marker == kKeyed) return sameHex(stored.substr(3), key.hashHex(*canonical));
  if (marker == kLegacy) return sameHex(stored.substr(3), key.hashHex(blake2bHex(*canonical)));
  return false;
}

std::optional<std::string> legacyHashUpgrade(const SecretKey& key, const std::string& stored) {
  if (stored.size() != 64 || stored.find(':') != std::string::npos) return std::nullopt;
  return std::string(kLegacy) + key.hashHex(stored);
}

}  // namespace onedoor::appeals
