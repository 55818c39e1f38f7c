#include "server/metrics/metric_counter.h"

namespace lakeml::server {

int MetricCounter::ShardIndex() {
  static std::atomic<int> next{0};
  thread_local const int index = next.fetch_add(1, std::memory_order_relaxed) % kShards;
  return index;
}

uint64_t MetricCounter::Value() const {
  uint64_t sum = 0;
  for (const Shard& s : shards_) sum += s.value.load(std::memory_order_relaxed);
  return sum;
}

}  // namespace lakeml::server
