// MetricHistogram: a distribution of observed values in fixed buckets for /metrics (Prometheus
// "histogram": cumulative le buckets, _sum and _count), e.g. request latency in seconds.
//
// Thread-safe and lock-free: Observe() does a short scan of the bucket bounds and relaxed atomic
// adds. Owned by a MetricsRegistry.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace lakeml::server {

class MetricHistogram {
 public:
  // REQUIRES: `upper_bounds` is sorted ascending; +Inf is implicit.
  explicit MetricHistogram(std::vector<double> upper_bounds);

  void Observe(double value);

  const std::vector<double>& upper_bounds() const { return upper_bounds_; }
  // Non-cumulative count of bucket i (i == upper_bounds().size() is the +Inf bucket).
  uint64_t BucketCount(size_t i) const { return counts_[i].load(std::memory_order_relaxed); }
  uint64_t Count() const { return count_.load(std::memory_order_relaxed); }
  double Sum() const { return sum_.load(std::memory_order_relaxed); }

  // Latency buckets in seconds, 100 us to 10 s.
  static std::vector<double> LatencySecondsBuckets();

 private:
  std::vector<double> upper_bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;
  std::atomic<uint64_t> count_{0};
  std::atomic<double> sum_{0};
};

}  // namespace lakeml::server
