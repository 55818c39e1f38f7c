// QuantileSummary: Greenwald-Khanna quantile sketch as in Spark's QuantileSummaries (used by
// percentile_approx): any quantile query is answered with a value whose rank is within
// relative_error * count of the exact rank, in memory O(1/relative_error * log(...)) no matter
// how many values are inserted. Inserts go to a bounded head buffer that is sorted and merged
// into the samples when full; the samples are compressed when they pass a threshold.
//
// A plain value type; not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lakeml::sql {

class QuantileSummary {
 public:
  // REQUIRES: 0 < relative_error <= 1.
  explicit QuantileSummary(double relative_error = 1e-4) : relative_error_(relative_error) {}

  void Insert(double value);
  // Folds `other` (same relative error) into this summary.
  void Merge(const QuantileSummary& other);
  // The approximate q-quantile, q in [0, 1]. REQUIRES: count() > 0.
  double Query(double q) const;

  int64_t count() const { return count_ + static_cast<int64_t>(head_.size()); }
  // Samples kept (for tests of the memory bound).
  size_t sample_count() const { return samples_.size() + head_.size(); }

 private:
  struct Sample {
    double value;
    int64_t g;      // rank gap to the previous sample
    int64_t delta;  // uncertainty of the rank
  };
  static constexpr size_t kHeadSize = 4096;
  static constexpr size_t kCompressThreshold = 10000;

  // Merges the head buffer into the samples (const: Query may need it).
  void Flush();
  void Compress();
  QuantileSummary Flushed() const;

  double relative_error_;
  int64_t count_ = 0;  // values in samples_
  std::vector<Sample> samples_;
  std::vector<double> head_;
};

}  // namespace lakeml::sql
