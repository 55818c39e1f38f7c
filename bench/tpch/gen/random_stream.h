// RandomStream: the random numbers of one generated column (TPC-H 4.2.2 asks for one seeded
// stream per column). Counter-based: the draws of unit `u` (a row, or an order for the
// lineitems) depend only on the stream's seed, `u` and the draw's index within the unit, so
// any chunk of rows can be generated on its own, in any order, on any thread, with the same
// result. Small value type; one owner per copy (not thread-safe, but cheap to copy).
#pragma once

#include <cstdint>

namespace lakeml::tpch {

class RandomStream {
 public:
  explicit constexpr RandomStream(uint64_t seed) : seed_(Mix(seed * 0x9E3779B97F4A7C15ULL + 1)) {}

  // Positions the stream at the first draw of unit `unit`.
  void Seek(int64_t unit) {
    base_ = Mix(seed_ ^ (static_cast<uint64_t>(unit) * 0xD1B54A32D192ED03ULL));
    draw_ = 0;
  }

  uint64_t Next() { return Mix(base_ + (++draw_) * 0x9E3779B97F4A7C15ULL); }

  // Uniform in [lo, hi] (multiply-shift: no modulo bias worth measuring for these spans).
  int64_t Uniform(int64_t lo, int64_t hi) {
    const uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
    return lo + static_cast<int64_t>((static_cast<unsigned __int128>(Next()) * span) >> 64);
  }

  // SplitMix64's finalizer: a bijection with full avalanche.
  static constexpr uint64_t Mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

 private:
  uint64_t seed_;
  uint64_t base_ = 0;
  uint64_t draw_ = 0;
};

}  // namespace lakeml::tpch
