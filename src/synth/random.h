#pragma once
// The synthetic world's random numbers: an explicit generator and explicit
// transforms, so that the same seed gives the same bytes on every platform
// and standard library (std:: distributions are implementation-defined).
//
// Generator: xoshiro256** (Blackman & Vigna, 2018), seeded through
// splitmix64. Each unit of work (a cluster and a source, a block of
// background cells) draws from its own stream, seeded from the world's seed
// and the unit's number, so results do not depend on how work is scheduled.

#include <cmath>
#include <cstdint>

namespace innocluster::synth {

/// splitmix64: one step of Steele, Lea & Flood's generator; also a good
/// 64-bit mixing function for deriving seeds.
inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// The seed of stream `stream` of a world seeded with `seed`.
inline std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t stream) {
  std::uint64_t s = seed ^ (stream * 0xD1B54A32D192ED03ull);
  splitmix64(s);
  return splitmix64(s);
}

class Random {
 public:
  explicit Random(std::uint64_t seed) {
    for (std::uint64_t& w : s_) w = splitmix64(seed);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  /// Uniform in [0, 1), 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  /// Uniform integer in [0, n), n > 0 and < 2^53.
  std::uint64_t below(std::uint64_t n) {
    const auto i = static_cast<std::uint64_t>(uniform() * static_cast<double>(n));
    return i < n ? i : n - 1;
  }

  /// A standard normal pair member (Marsaglia's polar method: sqrt and log
  /// only, both correctly rounded or nearly so in glibc).
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u, v, s;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    const double f = std::sqrt(-2 * std::log(s) / s);
    spare_ = v * f;
    has_spare_ = true;
    return u * f;
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
  double spare_ = 0;
  bool has_spare_ = false;
};

}  // namespace innocluster::synth
