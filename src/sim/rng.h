// Deterministic random numbers for the simulator: xoshiro256** seeded through splitmix64, and our
// own samplers (uniform, exponential, normal, lognormal), so the same seed gives the same citizens
// on every standard library. Value type; one Rng per stream, not shared between threads.
#pragma once

#include <cstdint>

namespace onedoor::sim {

class Rng {
 public:
  explicit Rng(uint64_t seed);
  // A generator for an independent stream: the same (seed, a, b, c) always gives the same stream.
  static Rng stream(uint64_t seed, uint64_t a, uint64_t b = 0, uint64_t c = 0);

  uint64_t next();
  double uniform();                           // [0, 1), 53 bits
  double uniformPositive();                   // (0, 1]
  double exponential(double mean);
  double normal();                            // standard normal (Box–Muller; the pair's second value is kept for the next call)
  double lognormal(double mean, double cv);   // with the given mean and coefficient of variation
  bool bernoulli(double p) { return uniform() < p; }

 private:
  uint64_t s_[4];
  double spare_ = 0;
  bool has_spare_ = false;
};

// A service-time or patience distribution from a scenario file.
struct Distribution {
  enum class Kind { kFixed, kExponential, kLognormal };
  Kind kind = Kind::kExponential;
  double mean = 1.0;
  double cv = 1.0;  // lognormal only; fixed has 0 and exponential 1
  double sample(Rng& rng) const;
  double cvEffective() const { return kind == Kind::kFixed ? 0.0 : kind == Kind::kExponential ? 1.0 : cv; }
};

// A Distribution with its lognormal parameters worked out once, for sampling in a loop.
class PreparedDistribution {
 public:
  explicit PreparedDistribution(const Distribution& d);
  double sample(Rng& rng) const;

 private:
  Distribution d_;
  double mu_ = 0, sigma_ = 0;
};

}  // namespace onedoor::sim
