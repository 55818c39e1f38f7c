// JoinSpillState: what a hash join that went over its memory (grace hash join, decision 0023)
// keeps beside its BuildData: the level-0 partitions of the build rows (written while the
// build pipeline runs) and of the probe rows (written while the probe pipeline runs), and
// counters for EXPLAIN ANALYZE.
//
// The partition sets are thread-safe for Append (see JoinPartitionSet); the counters are
// written by the one thread that joins the partitions after the probe pipeline.
#pragma once

#include <cstdint>

#include "sql/execution/operators/join_partition_set.h"

namespace lakeml::sql {

struct JoinSpillState {
  explicit JoinSpillState(SpillDirectory* spill_dir)
      : dir(spill_dir), build(0, spill_dir), probe(0, spill_dir) {}

  SpillDirectory* const dir;
  JoinPartitionSet build;
  JoinPartitionSet probe;
  // Bytes and files written, partitions joined in memory, deepest level reached.
  int64_t spilled_bytes = 0;
  int64_t spilled_files = 0;
  int64_t partitions_joined = 0;
  int max_level = 0;
};

}  // namespace lakeml::sql
