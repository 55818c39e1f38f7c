// MetricGauge: a value that goes up and down for /metrics (Prometheus "gauge"), e.g. open
// connections. Thread-safe and lock-free (one relaxed atomic). Owned by a MetricsRegistry.
#pragma once

#include <atomic>
#include <cstdint>

namespace lakeml::server {

class MetricGauge {
 public:
  void Add(int64_t delta) { value_.fetch_add(delta, std::memory_order_relaxed); }
  void Set(int64_t value) { value_.store(value, std::memory_order_relaxed); }
  int64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

}  // namespace lakeml::server
