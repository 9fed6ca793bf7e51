// xoshiro256** (Blackman & Vigna) with splitmix64 seeding, and the samplers of src/sim/rng.h.
#include "sim/rng.h"

#include <cmath>

namespace onedoor::sim {

namespace {
uint64_t splitmix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}
uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

Rng::Rng(uint64_t seed) {
  for (auto& s : s_) s = splitmix64(seed);
}

Rng Rng::stream(uint64_t seed, uint64_t a, uint64_t b, uint64_t c) {
  uint64_t x = seed;
  uint64_t h = splitmix64(x);
  x = h ^ (a * 0xd1342543de82ef95ull);
  h = splitmix64(x);
  x = h ^ (b * 0xaf251af3b0f025b5ull);
  h = splitmix64(x);
  x = h ^ (c * 0x9fb21c651e98df25ull);
  return Rng(splitmix64(x));
}

uint64_t Rng::next() {
  uint64_t result = rotl(s_[1] * 5, 7) * 9;
  uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double Rng::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

double Rng::uniformPositive() { return (static_cast<double>(next() >> 11) + 1.0) * 0x1.0p-53; }

double Rng::exponential(double mean) { return -mean * std::log(uniformPositive()); }

double Rng::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double u1 = uniformPositive(), u2 = uniform();
  double r = std::sqrt(-2.0 * std::log(u1));
  spare_ = r * std::sin(2.0 * M_PI * u2);
  has_spare_ = true;
  return r * std::cos(2.0 * M_PI * u2);
}

double Rng::lognormal(double mean, double cv) {
  double sigma2 = std::log1p(cv * cv);
  double mu = std::log(mean) - sigma2 / 2.0;
  return std::exp(mu + std::sqrt(sigma2) * normal());
}

double Distribution::sample(Rng& rng) const {
  switch (kind) {
    case Kind::kFixed:
      return mean;
    case Kind::kExponential:
      return rng.exponential(mean);
    case Kind::kLognormal:
      return cv <= 0 ? mean : rng.lognormal(mean, cv);
  }
  return mean;
}

}  // namespace onedoor::sim

namespace onedoor::sim {

PreparedDistribution::PreparedDistribution(const Distribution& d) : d_(d) {
  if (d.kind == Distribution::Kind::kLognormal && d.cv > 0) {
    double sigma2 = std::log1p(d.cv * d.cv);
    mu_ = std::log(d.mean) - sigma2 / 2.0;
    sigma_ = std::sqrt(sigma2);
  }
}

double PreparedDistribution::sample(Rng& rng) const {
  if (d_.kind == Distribution::Kind::kLognormal && d_.cv > 0) return std::exp(mu_ + sigma_ * rng.normal());
  return d_.sample(rng);
}

}  // namespace onedoor::sim
