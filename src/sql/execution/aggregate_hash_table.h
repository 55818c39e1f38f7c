// AggregateHashTable: groups (by encoded key, see GroupKeyEncoder) and their aggregate states
// in an arena of fixed-size blocks (one row of states per group, each state 16-byte aligned;
// blocks never move, so growing costs no copies), with linear probing over slots that carry a
// hash tag, so most mismatches are rejected without touching the keys. DISTINCT aggregates keep a
// set of encoded argument values per group and feed the distinct values to the aggregate at
// Finalize.
//
// With no key columns every row belongs to group 0 (ungrouped aggregation).
// Owned by one thread at a time (thread-local tables are merged into one with Merge).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "base/result.h"
#include "sql/execution/group_key_encoder.h"
#include "sql/function/aggregate/aggregate_function.h"

namespace lakeml::sql {

struct AggregateSpec {
  std::shared_ptr<const AggregateFunctionBinding> function;
  bool distinct = false;
};

class AggregateHashTable {
 public:
  // REQUIRES: `keys` and `aggregates` outlive the table.
  AggregateHashTable(const GroupKeyEncoder* keys, const std::vector<AggregateSpec>* aggregates);

  // Adds n rows: `keys` one vector per key column, `args` one per aggregate (null for
  // count(*)).
  Status Add(const std::vector<const columnar::Vector*>& keys,
             const std::vector<const columnar::Vector*>& args, int64_t n);
  // Moves every group of `other` into this table, combining states.
  Status Merge(AggregateHashTable& other);
  // Merge, for only the groups of `other` whose hash >> shift == partition (sql-memory:
  // spilled aggregation emits partition by partition); shift 0 merges every group.
  Status MergePartition(AggregateHashTable& other, int shift, uint64_t partition);
  // Approximate bytes held, for memory accounting (sql-memory).
  int64_t MemoryUsage() const;
  // Creates group 0 of an ungrouped aggregation when no row arrived.
  void EnsureGroup();
  int64_t size() const { return static_cast<int64_t>(hashes_.size()); }

  // Feeds the DISTINCT sets into their states. Call once, before Emit.
  Status FinishDistinct();
  // Key columns, then one column per aggregate, for groups [begin, end).
  Result<std::vector<columnar::VectorPtr>> Emit(int64_t begin, int64_t end);

 private:
  static constexpr int kBlockShift = 12;  // 4096 groups per state block
  uint8_t* StateRow(int64_t group) {
    return reinterpret_cast<uint8_t*>(state_blocks_[group >> kBlockShift].get()) +
           (group & ((int64_t{1} << kBlockShift) - 1)) * row_width_;
  }
  std::string_view Key(int64_t group) const { return keys_of_groups_[group]; }
  // The group of the encoded key, created if new.
  int64_t FindOrInsert(const uint8_t* key, uint32_t len, uint64_t hash);
  void Grow();

  const GroupKeyEncoder* keys_;
  const std::vector<AggregateSpec>* aggregates_;
  std::vector<size_t> state_offsets_;
  size_t row_width_ = 0;

  std::vector<std::string_view> keys_of_groups_;  // bytes in key_arena_
  std::vector<uint64_t> hashes_;
  // High 32 bits: the hash's high bits; low 32 bits: group + 1 (0 = empty slot).
  std::vector<uint64_t> slots_;
  uint64_t mask_ = 0;
  std::vector<std::unique_ptr<__int128[]>> state_blocks_;  // 16-byte aligned rows
  StringArena key_arena_;
  StringArena arena_;
  // distinct_[a][group]: encoded values of aggregate a's argument (DISTINCT aggregates only).
  std::vector<std::vector<std::unordered_set<std::string>>> distinct_;
  std::vector<std::unique_ptr<GroupKeyEncoder>> distinct_encoders_;

  // Scratch for Add.
  std::vector<uint8_t> scratch_bytes_;
  std::vector<uint32_t> scratch_offsets_;
  std::vector<int64_t> groups_;
  std::vector<uint8_t*> pointers_;
};

}  // namespace lakeml::sql
