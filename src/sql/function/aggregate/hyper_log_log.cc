#include "sql/function/aggregate/hyper_log_log.h"

#include <algorithm>
#include <cmath>

namespace lakeml::sql {
namespace {

// The HLL++ paper's linear-counting thresholds for p = 4..18 (also in Spark's helper).
constexpr double kLinearCountingThresholds[] = {
    10, 20, 40, 80, 220, 400, 900, 1800, 3100, 6500, 11500, 20000, 50000, 120000, 350000};

}  // namespace

int HyperLogLog::PrecisionFor(double relative_sd) {
  const int p = static_cast<int>(std::ceil(2.0 * std::log2(1.106 / relative_sd)));
  return p < 4 ? 0 : std::min(p, 18);
}

void HyperLogLog::AddHash(uint64_t hash) {
  const auto index = static_cast<size_t>(hash >> (64 - p_));
  const uint64_t rest = (hash << p_) | (uint64_t{1} << (p_ - 1));
  const auto rank = static_cast<uint8_t>(__builtin_clzll(rest) + 1);
  registers_[index] = std::max(registers_[index], rank);
}

void HyperLogLog::Merge(const HyperLogLog& other) {
  for (size_t i = 0; i < registers_.size(); ++i) {
    registers_[i] = std::max(registers_[i], other.registers_[i]);
  }
}

int64_t HyperLogLog::Estimate() const {
  const double m = static_cast<double>(registers_.size());
  double sum = 0;
  int64_t zeros = 0;
  for (uint8_t r : registers_) {
    sum += std::ldexp(1.0, -r);
    zeros += r == 0;
  }
  double alpha = 0.7213 / (1 + 1.079 / m);
  if (p_ == 4) alpha = 0.673;
  if (p_ == 5) alpha = 0.697;
  if (p_ == 6) alpha = 0.709;
  const double raw = alpha * m * m / sum;
  if (zeros > 0) {
    const double linear = m * std::log(m / static_cast<double>(zeros));
    if (linear <= kLinearCountingThresholds[p_ - 4] || raw <= 2.5 * m) {
      return std::llround(linear);
    }
  }
  return std::llround(raw);
}

}  // namespace lakeml::sql
