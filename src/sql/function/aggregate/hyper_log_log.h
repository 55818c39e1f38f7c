// HyperLogLog: the cardinality sketch of Spark's HyperLogLogPlusPlus (approx_count_distinct):
// 2^p one-byte registers, p = ceil(2 * log2(1.106 / relative_sd)) (p >= 4), fed with 64-bit
// hashes. Small cardinalities use linear counting (below Spark's HLL++ thresholds), larger
// ones the raw HLL estimate; Spark's empirical bias correction tables are not included, so
// the error in the band between the two is somewhat above relative_sd (tests allow 3 sd).
// Memory is fixed by p: 512 bytes at the default relative_sd 0.05.
//
// A plain value type; not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lakeml::sql {

class HyperLogLog {
 public:
  // The precision for a relative standard deviation; 0 when relative_sd is too large (p < 4).
  static int PrecisionFor(double relative_sd);

  // REQUIRES: 4 <= p <= 18.
  explicit HyperLogLog(int p = 9) : p_(p), registers_(size_t{1} << p, 0) {}

  void AddHash(uint64_t hash);
  // REQUIRES: other has the same precision.
  void Merge(const HyperLogLog& other);
  int64_t Estimate() const;

 private:
  int p_;
  std::vector<uint8_t> registers_;
};

}  // namespace lakeml::sql
