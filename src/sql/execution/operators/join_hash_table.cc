#include "sql/execution/operators/join_hash_table.h"

#include <functional>

namespace lakeml::sql {
namespace {

constexpr uint64_t kJoinTagMask = 0xFFFFFFFF00000000ULL;
// Builds this small fit in cache: no partitioning.
constexpr int64_t kJoinSerialBuildRows = int64_t{1} << 16;
constexpr int kJoinPartitionBits = 6;  // 64 bucket ranges.
constexpr int kJoinBuildRanges = 16;   // Row ranges counted and scattered by separate tasks.

inline uint64_t JoinTableEntry(uint64_t hash, uint32_t row) { return (hash & kJoinTagMask) | row; }

uint64_t JoinBucketCount(int64_t rows) {
  uint64_t capacity = 16;
  while (capacity < static_cast<uint64_t>(rows) * 2) capacity <<= 1;
  return capacity;
}

}  // namespace

int64_t JoinHashTable::BuildBytes(int64_t rows) {
  // Buckets and chain, plus the partitioned row order while building.
  return static_cast<int64_t>(JoinBucketCount(rows) * sizeof(uint64_t)) +
         rows * static_cast<int64_t>(sizeof(uint64_t) + sizeof(uint32_t));
}

Status JoinHashTable::Build(const uint64_t* hashes, const uint8_t* valid, int64_t n,
                            const FinalizeTaskRunner& run) {
  const uint64_t capacity = JoinBucketCount(n);
  mask_ = capacity - 1;
  buckets_.assign(capacity, kEmpty);
  chain_.assign(n, kEmpty);
  if (n < kJoinSerialBuildRows) {
    // Inserted backwards so that each chain lists its rows in build order.
    for (int64_t i = n - 1; i >= 0; --i) {
      if (!valid[i]) continue;
      uint64_t& head = buckets_[hashes[i] & mask_];
      chain_[i] = head;
      head = JoinTableEntry(hashes[i], static_cast<uint32_t>(i));
    }
    return Status::OK();
  }
  // Radix-partition the rows by bucket range (keeping build order within a partition), then
  // fill each range of buckets in one task: the same chains as the serial loop, but each
  // task's buckets stay in cache and tasks run in parallel.
  int shift = 0;
  while ((uint64_t{1} << (shift + kJoinPartitionBits)) < capacity) ++shift;
  constexpr int kParts = 1 << kJoinPartitionBits;
  const uint64_t mask = mask_;
  auto range_begin = [n](int r) { return n * r / kJoinBuildRanges; };
  std::vector<int64_t> counts(kJoinBuildRanges * kParts, 0);
  std::vector<std::function<Status()>> tasks;
  for (int r = 0; r < kJoinBuildRanges; ++r) {
    tasks.push_back([&, r]() -> Status {
      int64_t* c = counts.data() + r * kParts;
      for (int64_t i = range_begin(r), end = range_begin(r + 1); i < end; ++i) {
        c[(hashes[i] & mask) >> shift] += valid[i];
      }
      return Status::OK();
    });
  }
  LAKEML_RETURN_IF_ERROR(run(tasks));
  std::vector<int64_t> part_begin(kParts + 1, 0);
  int64_t total = 0;
  for (int p = 0; p < kParts; ++p) {
    part_begin[p] = total;
    for (int r = 0; r < kJoinBuildRanges; ++r) {
      const int64_t c = counts[r * kParts + p];
      counts[r * kParts + p] = total;  // Now the range's write offset.
      total += c;
    }
  }
  part_begin[kParts] = total;
  std::vector<uint32_t> order(total);
  tasks.clear();
  for (int r = 0; r < kJoinBuildRanges; ++r) {
    tasks.push_back([&, r]() -> Status {
      int64_t* offset = counts.data() + r * kParts;
      for (int64_t i = range_begin(r), end = range_begin(r + 1); i < end; ++i) {
        if (valid[i]) order[offset[(hashes[i] & mask) >> shift]++] = static_cast<uint32_t>(i);
      }
      return Status::OK();
    });
  }
  LAKEML_RETURN_IF_ERROR(run(tasks));
  tasks.clear();
  constexpr int kPartsPerTask = kParts / kJoinBuildRanges;
  for (int t = 0; t < kJoinBuildRanges; ++t) {
    tasks.push_back([&, t]() -> Status {
      const int64_t begin = part_begin[t * kPartsPerTask];
      for (int64_t k = part_begin[(t + 1) * kPartsPerTask] - 1; k >= begin; --k) {
        const uint32_t row = order[k];
        uint64_t& head = buckets_[hashes[row] & mask];
        chain_[row] = head;
        head = JoinTableEntry(hashes[row], row);
      }
      return Status::OK();
    });
  }
  return run(tasks);
}

void JoinHashTable::FindHeads(const uint64_t* hashes, const uint8_t* valid, int64_t n,
                              uint64_t* heads) const {
  const uint64_t* buckets = buckets_.data();
  for (int64_t i = 0; i < n; ++i) {
    const uint64_t head = buckets[hashes[i] & mask_];
    heads[i] = valid[i] ? head : kEmpty;
  }
}

bool JoinHashTable::NextCandidates(const uint64_t* hashes, uint64_t* heads, int64_t n, int64_t* row,
                                   int64_t max, std::vector<uint32_t>* probe_rows,
                                   std::vector<uint32_t>* build_rows) const {
  const uint64_t* chain = chain_.data();
  int64_t r = *row;
  int64_t produced = 0;
  for (; r < n; ++r) {
    uint64_t e = heads[r];
    const uint64_t tag = hashes[r] & kJoinTagMask;
    while (static_cast<uint32_t>(e) != kNoRow) {
      if (produced == max) {
        heads[r] = e;
        *row = r;
        return false;
      }
      const uint32_t b = static_cast<uint32_t>(e);
      if ((e & kJoinTagMask) == tag) {
        probe_rows->push_back(static_cast<uint32_t>(r));
        build_rows->push_back(b);
        ++produced;
      }
      e = chain[b];
    }
  }
  *row = r;
  return true;
}

}  // namespace lakeml::sql
