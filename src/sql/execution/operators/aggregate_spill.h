// AggregateSpill: the disk side of a HashAggregateOperator that went over its memory limit.
// Once active, the operator's threads stop growing their hash tables and write each chunk's
// evaluated group keys and aggregate arguments here instead, split into kPartitions spill files
// by the group key's hash (the top bits of AggregateHashTable::HashKeys, as the table keeps
// it). After the sink ends, the groups are emitted partition by partition: a fresh table is
// filled from the partition's file, the in-memory table's groups of that partition are merged
// in, and the result is emitted; so at most one partition's table is in memory beside the
// in-memory table.
//
// Spill is called from many threads (one mutex per partition); EmitPartition from one thread.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "sql/execution/aggregate_hash_table.h"
#include "sql/execution/chunk_queue.h"
#include "sql/execution/physical_operator.h"
#include "sql/execution/spill_directory.h"

namespace lakeml::sql {

class AggregateSpill {
 public:
  static constexpr int kPartitionBits = 6;
  static constexpr int kPartitions = 1 << kPartitionBits;

  // REQUIRES: `encoder` and `specs` outlive this; `specs` are the operator's aggregates;
  // arg_types has one entry per aggregate, null for count(*).
  AggregateSpill(const GroupKeyEncoder* encoder, const std::vector<AggregateSpec>* specs,
                 std::vector<columnar::TypePtr> arg_types);

  bool active() const { return active_.load(std::memory_order_acquire); }
  void Activate() { active_.store(true, std::memory_order_release); }

  // Writes n rows of group keys and aggregate arguments (null for count(*)) to the partitions.
  Status Spill(ExecutionContext& ctx, const std::vector<const columnar::Vector*>& keys,
               const std::vector<const columnar::Vector*>& args, int64_t n);
  // Ends writing; call once, after every Spill.
  Status FinishWriting();

  // Aggregates partition `p` (spilled rows plus the groups of `memory` in it) into `out`.
  Status EmitPartition(int p, AggregateHashTable& memory, ChunkQueue* out);

  // Known after FinishWriting.
  int64_t spilled_bytes() const { return spilled_bytes_; }
  int64_t spilled_files() const { return spilled_files_; }

 private:
  struct Partition {
    std::mutex mu;
    std::unique_ptr<SpillFile> file;
  };

  const GroupKeyEncoder* encoder_;
  const std::vector<AggregateSpec>* specs_;
  std::vector<columnar::TypePtr> types_;  // keys, then the arguments that are not null
  std::vector<bool> has_arg_;             // per aggregate: false for count(*)
  int64_t spilled_bytes_ = 0;
  int64_t spilled_files_ = 0;
  std::atomic<bool> active_{false};
  std::array<Partition, kPartitions> partitions_;
};

}  // namespace lakeml::sql
