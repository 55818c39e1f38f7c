// AggregateHashTable: groups (by encoded key, see GroupKeyEncoder) and their aggregate states
// in a flat arena (one row of states per group, each state 16-byte aligned), with linear
// probing over stored hashes. DISTINCT aggregates keep a set of encoded argument values per
// group and feed the distinct values to the aggregate at Finalize.
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
  // Creates group 0 of an ungrouped aggregation when no row arrived.
  void EnsureGroup();
  int64_t size() const { return static_cast<int64_t>(hashes_.size()); }

  // Feeds the DISTINCT sets into their states. Call once, before Emit.
  Status FinishDistinct();
  // Key columns, then one column per aggregate, for groups [begin, end).
  Result<std::vector<columnar::VectorPtr>> Emit(int64_t begin, int64_t end);

 private:
  uint8_t* StateRow(int64_t group) {
    return reinterpret_cast<uint8_t*>(states_.data()) + group * row_width_;
  }
  std::string_view Key(int64_t group) const {
    return std::string_view(reinterpret_cast<const char*>(key_bytes_.data()) + key_offsets_[group],
                            key_offsets_[group + 1] - key_offsets_[group]);
  }
  // The group of the encoded key, created if new.
  int64_t FindOrInsert(const uint8_t* key, uint32_t len, uint64_t hash);
  void Grow();

  const GroupKeyEncoder* keys_;
  const std::vector<AggregateSpec>* aggregates_;
  std::vector<size_t> state_offsets_;
  size_t row_width_ = 0;

  std::vector<uint8_t> key_bytes_;
  std::vector<uint64_t> key_offsets_{0};
  std::vector<uint64_t> hashes_;
  std::vector<uint32_t> slots_;  // group + 1; 0 = empty
  uint64_t mask_ = 0;
  std::vector<__int128> states_;  // 16-byte aligned rows
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
