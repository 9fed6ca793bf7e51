// Implementation of random.h on libsodium.
#include "core/random.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace onedoor {

namespace {

// Kernel randomness fetched 512 bytes at a time per thread, so one getrandom() call serves many
// tokens (a request id, a tracking code and a secret took 19 system calls before). Handed-out
// bytes are wiped from the pool. Thread-local: no locking; the process never forks.
struct RandomPool {
  unsigned char buf[512];
  size_t used = sizeof buf;
};

void randomFill(unsigned char* out, size_t n) {
  thread_local RandomPool pool;
  while (n > 0) {
    if (pool.used == sizeof pool.buf) {
      randombytes_buf(pool.buf, sizeof pool.buf);
      pool.used = 0;
    }
    size_t take = std::min(n, sizeof pool.buf - pool.used);
    std::memcpy(out, pool.buf + pool.used, take);
    sodium_memzero(pool.buf + pool.used, take);
    pool.used += take;
    out += take;
    n -= take;
  }
}

}  // namespace

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
  randomFill(reinterpret_cast<unsigned char*>(buf.data()), bytes);
  return toHex(reinterpret_cast<const unsigned char*>(buf.data()), bytes);
}

namespace {
// In ASCII order, so codes compare as the numbers they spell.
constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr size_t kTimeChars = 5;
}  // namespace

std::string randomBase32(size_t chars) {
  std::string out(chars, '0');
  randomFill(reinterpret_cast<unsigned char*>(out.data()), chars);
  // 256 is a multiple of 32, so the low five bits of a uniform byte are uniform.
  for (auto& c : out) c = kAlphabet[static_cast<unsigned char>(c) & 31];
  return out;
}

std::string timeOrderedBase32(int64_t now_ms, size_t chars) {
  std::string out = randomBase32(std::max(chars, kTimeChars + 1));
  auto t = static_cast<uint64_t>(now_ms);
  for (size_t i = kTimeChars; i-- > 0; t >>= 5) out[i] = kAlphabet[t & 31];
  return out;
}

std::string blake2bHex(const std::string& data) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(data.data()), data.size(), nullptr, 0);
  return toHex(h, sizeof h);
}

}  // namespace onedoor
