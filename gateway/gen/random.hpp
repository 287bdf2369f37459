#pragma once
// Portable random draws. The standard's distributions (uniform_int_distribution and friends) give
// different numbers on different standard libraries, so the generator uses only raw engine output
// and the integer helpers below: the same seed gives the same region on every machine.
//
// Two sources share the helpers:
// - `random`: std::mt19937_64, for the sequential draws of planning the region;
// - `keyed`: a splitmix64 stream seeded from a key (seed, subject, month, purpose), for decisions
//   about one subject in one month. Keyed draws do not depend on how many draws other subjects
//   made, so injecting an anomaly for one client leaves every other client's data unchanged.
#include <cstddef>
#include <cstdint>
#include <random>
#include <span>

namespace iwmo::gen {

// The splitmix64 finaliser: a bijective mix of 64 bits.
[[nodiscard]] constexpr std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A seed for one subject and purpose, derived from the run's seed.
[[nodiscard]] constexpr std::uint64_t derive(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0,
                                             std::uint64_t c = 0) {
  return mix(mix(mix(mix(seed) ^ a) ^ b) ^ c);
}

// The helpers, over any source with `next()` returning 64 random bits.
template <class Source>
class draws {
 public:
  // Uniform in [0, n), unbiased (rejection of the incomplete top range); n > 0.
  [[nodiscard]] std::uint64_t below(std::uint64_t n) {
    const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
    std::uint64_t x = self().next();
    while (x >= limit) x = self().next();
    return x % n;
  }
  // Uniform in [lo, hi] (inclusive); lo <= hi.
  [[nodiscard]] std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }
  // True with probability ppm / 1,000,000.
  [[nodiscard]] bool chance(std::uint32_t ppm) { return below(1'000'000) < ppm; }
  // An index drawn with the given integer weights (at least one positive).
  [[nodiscard]] std::size_t weighted(std::span<const std::uint32_t> weights) {
    std::uint64_t total = 0;
    for (const auto w : weights) total += w;
    std::uint64_t x = below(total);
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    return weights.size() - 1;
  }
  // One element of a non-empty container.
  template <class C>
  [[nodiscard]] auto& pick(C& c) {
    return c[static_cast<std::size_t>(below(static_cast<std::uint64_t>(std::size(c))))];
  }

 private:
  Source& self() { return static_cast<Source&>(*this); }
};

class random : public draws<random> {
 public:
  explicit random(std::uint64_t seed) : engine_(seed) {}
  [[nodiscard]] std::uint64_t next() { return engine_(); }

 private:
  std::mt19937_64 engine_;
};

class keyed : public draws<keyed> {
 public:
  explicit keyed(std::uint64_t key) : state_(key) {}
  [[nodiscard]] std::uint64_t next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return mix(state_);
  }

 private:
  std::uint64_t state_;
};

}  // namespace iwmo::gen
