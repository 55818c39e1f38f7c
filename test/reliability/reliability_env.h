// ReliabilityEnv: the knobs of the reliability tests, read from the environment so that a
// failing run can be replayed and the suite scaled for slow (sanitizer) builds.
//   LAKEML_RELIABILITY_SEED=N   seed of every randomized test (default: from the clock; each
//                               test prints the seed it used)
//   LAKEML_RELIABILITY_SCALE=F  multiplies iteration counts (default 1; the CMake build sets
//                               0.25 for -DLAKEML_SANITIZE=ON); never below a test's floor
// Stateless.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace lakeml::reliability {

class ReliabilityEnv {
 public:
  static uint64_t Seed() {
    if (const char* s = std::getenv("LAKEML_RELIABILITY_SEED")) {
      return std::strtoull(s, nullptr, 10);
    }
    return static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count() %
                                 1000000007ULL);
  }

  static double Scale() {
    if (const char* s = std::getenv("LAKEML_RELIABILITY_SCALE")) {
      const double v = std::strtod(s, nullptr);
      if (v > 0) return v;
    }
#ifdef LAKEML_RELIABILITY_DEFAULT_SCALE
    return LAKEML_RELIABILITY_DEFAULT_SCALE;
#else
    return 1.0;
#endif
  }

  // The step of the fault-index sweeps: 1 (every index) at scale 1, 1/scale below it.
  static int64_t SweepStride() {
    const double scale = Scale();
    return scale >= 1 ? 1 : std::max<int64_t>(1, std::llround(1 / scale));
  }

  // `n` scaled, at least `floor`.
  static int64_t Scaled(int64_t n, int64_t floor) {
    return std::max<int64_t>(floor, static_cast<int64_t>(std::llround(n * Scale())));
  }
};

}  // namespace lakeml::reliability
