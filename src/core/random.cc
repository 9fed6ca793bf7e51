// Implementation of random.h on libsodium.
#include "core/random.h"

#include <sodium.h>

#include <stdexcept>

namespace onedoor {

void initCrypto() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

static std::string toHex(const unsigned char* p, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), p, n);
  out.resize(n * 2);
  return out;
}

std::string randomHex(size_t bytes) {
  std::string buf(bytes, '\0');
  randombytes_buf(buf.data(), bytes);
  return toHex(reinterpret_cast<const unsigned char*>(buf.data()), bytes);
}

std::string randomBase32(size_t chars) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::string out(chars, '0');
  for (auto& c : out) c = kAlphabet[randombytes_uniform(32)];
  return out;
}

std::string blake2bHex(const std::string& data) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(data.data()), data.size(), nullptr, 0);
  return toHex(h, sizeof h);
}

}  // namespace onedoor
