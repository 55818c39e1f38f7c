// AggregateHashTable: groups (by encoded key, see GroupKeyEncoder) and their aggregate states
// in an arena of fixed-size blocks (one row of states per group, each state 16-byte aligned;
// blocks never move, so growing costs no copies), with linear probing over slots that carry a
// hash tag, so most mismatches are rejected without touching the keys. DISTINCT aggregates keep a
// set of encoded argument values per group and feed the distinct values to the aggregate at
// Finalize.
//
// With no key columns every row belongs to group 0 (ungrouped aggregation). With one integer
// (or date/timestamp) key column the groups are found by the key's value through a
// PackedKeyIndex instead of encoded bytes; so are rows whose keys SmallKeyPacker packs into 64
// bits (short strings, small integers), whose groups also keep their encoded key (decision
// 0018).
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
#include "sql/execution/packed_key_index.h"
#include "sql/execution/pooled_array.h"
#include "sql/execution/small_key_packer.h"
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
  // The hash the table gives each of n rows' keys (whose top bits pick spill partitions).
  static void HashKeys(const GroupKeyEncoder& encoder,
                       const std::vector<const columnar::Vector*>& keys, int64_t n,
                       std::vector<uint64_t>* hashes);
  // Sizes the index and the per-group arrays for `groups` groups, so that the table does not
  // grow (rehash) until it holds more (decision 0021).
  void Reserve(int64_t groups);
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
    return state_blocks_[group >> kBlockShift] +
           (group & ((int64_t{1} << kBlockShift) - 1)) * row_width_;
  }
  std::string_view Key(int64_t group) const { return keys_of_groups_[group]; }
  // The group of the encoded key, created if new.
  int64_t FindOrInsert(const uint8_t* key, uint32_t len, uint64_t hash);
  // The group of a packed key (packed_ tables), created if new.
  int64_t FindOrInsertPacked(uint64_t key, uint64_t hash);
  int64_t NullGroup();
  // The group of a SmallKeyPacker key, created if new.
  int64_t FindOrInsertSmall(uint64_t key, uint64_t hash);
  // FindOrInsert, routing keys that SmallKeyPacker packs to FindOrInsertSmall.
  int64_t FindOrInsertEncoded(const uint8_t* key, uint32_t len, uint64_t hash);
  // Appends a group with empty states.
  void NewGroup(uint64_t hash);
  // Doubles the slots (at least to min_size) and reinserts every group.
  void Grow(size_t min_size = 0);
  // Fills groups_ for n rows (packed_ tables).
  void FindGroupsPacked(const columnar::Vector& key, int64_t n);
  // Fills groups_ for n rows (small_ tables).
  void FindGroupsSmall(const std::vector<const columnar::Vector*>& keys, int64_t n);

  const GroupKeyEncoder* keys_;
  const std::vector<AggregateSpec>* aggregates_;
  std::vector<size_t> state_offsets_;
  size_t row_width_ = 0;

  std::vector<std::string_view> keys_of_groups_;  // bytes in key_arena_ (not packed_)
  // One integer key column (decision 0018): the key per group, and the group of NULL.
  bool packed_ = false;
  PackedKeyIndex packed_index_;
  std::vector<uint64_t> packed_keys_;
  int64_t null_group_ = -1;
  // Short keys (decision 0018): packed rows find their group through packed_index_.
  SmallKeyPacker small_packer_;
  bool small_ = false;
  std::string small_key_;
  std::vector<uint64_t> hashes_;
  // High 32 bits: the hash's high bits; low 32 bits: group + 1 (0 = empty slot).
  PooledArray<uint64_t> slots_;
  uint64_t mask_ = 0;
  std::vector<uint8_t*> state_blocks_;  // 16-byte aligned rows, in state_slabs_
  // The memory of the state blocks: slabs of as many blocks as the table has so far (up to
  // kMaxSlabBlocks), so that a large table takes pooled huge pages and no zero-fill (decision
  // 0021); free_blocks_ of the last slab are not handed out yet.
  static constexpr int64_t kMaxSlabBlocks = 64;
  std::vector<PooledArray<__int128>> state_slabs_;
  int64_t free_blocks_ = 0;
  int64_t slab_bytes_ = 0;
  StringArena key_arena_;
  StringArena arena_;
  // distinct_[a][group]: encoded values of aggregate a's argument (DISTINCT aggregates only).
  std::vector<std::vector<std::unordered_set<std::string>>> distinct_;
  std::vector<std::unique_ptr<GroupKeyEncoder>> distinct_encoders_;

  // Scratch for Add.
  std::vector<uint8_t> scratch_bytes_;
  std::vector<uint32_t> scratch_offsets_;
  std::vector<int64_t> groups_;
  std::vector<uint64_t> scratch_keys_;
  std::vector<uint64_t> scratch_hashes_;
  std::vector<uint8_t> scratch_nulls_;
  std::vector<uint8_t*> pointers_;
  std::vector<uint8_t*> rows_;
};

}  // namespace lakeml::sql
