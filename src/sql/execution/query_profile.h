// QueryProfile: per-operator run-time counters of one query for EXPLAIN ANALYZE: output rows and
// wall time summed over threads (a sink's time includes its Sink, Combine and Finalize; a join's
// includes its build). Each pipeline thread counts into its own OperatorStats and adds them here
// once, when it ends, so the hot path has no atomics.
//
// Thread-safe (Add locks a mutex).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace lakeml::sql {

class PhysicalOperator;

struct OperatorStats {
  int64_t rows = 0;
  int64_t nanos = 0;
};

class QueryProfile {
 public:
  void Add(const PhysicalOperator* op, const OperatorStats& stats);
  OperatorStats Get(const PhysicalOperator* op) const;
  // The plan tree, one operator per line, each with its rows, time and runtime_details().
  std::string Render(const PhysicalOperator& root) const;

 private:
  void RenderNode(const PhysicalOperator& op, int indent, std::string* out) const;

  mutable std::mutex mu_;
  std::unordered_map<const PhysicalOperator*, OperatorStats> stats_;
};

// Measures consecutive stages of one thread: each Lap charges the time since the previous lap
// (or Start) to one OperatorStats.
class ProfileClock {
 public:
  void Start() { last_ = std::chrono::steady_clock::now(); }
  void Lap(OperatorStats* stats, int64_t rows) {
    const auto now = std::chrono::steady_clock::now();
    stats->nanos += std::chrono::duration_cast<std::chrono::nanoseconds>(now - last_).count();
    stats->rows += rows;
    last_ = now;
  }

 private:
  std::chrono::steady_clock::time_point last_;
};

}  // namespace lakeml::sql
