// MetricCounter: a monotonically increasing count for /metrics (Prometheus "counter").
//
// Thread-safe and lock-free: increments go to one of kShards cache-line-padded atomics chosen
// per thread, so concurrent io threads do not bounce one cache line; Value() sums the shards.
// Owned by a MetricsRegistry, which hands out stable pointers.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace lakeml::server {

class MetricCounter {
 public:
  void Increment(uint64_t n = 1) {
    shards_[ShardIndex()].value.fetch_add(n, std::memory_order_relaxed);
  }
  uint64_t Value() const;

 private:
  static constexpr int kShards = 16;
  struct alignas(64) Shard {
    std::atomic<uint64_t> value{0};
  };
  static int ShardIndex();

  std::array<Shard, kShards> shards_;
};

}  // namespace lakeml::server
