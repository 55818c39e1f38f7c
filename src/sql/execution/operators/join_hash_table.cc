#include "sql/execution/operators/join_hash_table.h"

#include <algorithm>
#include <cstring>
#include <functional>

namespace lakeml::sql {
namespace {

constexpr uint64_t kJoinTagMask = 0xFFFFFFFF00000000ULL;
// Builds this small fit in cache: no partitioning.
constexpr int64_t kJoinSerialBuildRows = int64_t{1} << 16;
constexpr int kJoinPartitionBits = 6;  // 64 bucket ranges.
constexpr int kJoinBuildRanges = 16;   // Row ranges counted and scattered by separate tasks.
constexpr int64_t kJoinPrefetchDistance = 8;

uint64_t JoinBucketCount(int64_t rows) {
  uint64_t capacity = 16;
  while (capacity < static_cast<uint64_t>(rows) * 2) capacity <<= 1;
  return capacity;
}

// Links `row` (whose hash is chain[row] on entry) at the head of its bucket.
inline void LinkJoinRow(uint32_t* buckets, uint64_t* chain, uint64_t mask, uint32_t row) {
  const uint64_t h = chain[row];
  uint32_t& head = buckets[h & mask];
  chain[row] = (h & kJoinTagMask) | head;
  head = row;
}

// NextMatches for keys of type T (an unsigned integer as wide as the key).
template <typename T>
bool NextJoinMatches(const uint64_t* chain, const uint64_t* hashes, uint64_t* heads, int64_t n,
                     int64_t* row, int64_t max, const JoinHashTable::KeyMatch& match,
                     std::vector<uint32_t>* probe_rows, std::vector<uint32_t>* build_rows) {
  const T* probe_keys = static_cast<const T*>(match.probe_keys);
  const T* build_keys = static_cast<const T*>(match.build_keys);
  const std::atomic<uint8_t>* skip = match.skip;
  const size_t base = probe_rows->size();
  probe_rows->resize(base + max);
  build_rows->resize(base + max);
  uint32_t* out_probe = probe_rows->data() + base;
  uint32_t* out_build = build_rows->data() + base;
  int64_t produced = 0;
  bool done = true;
  int64_t r = *row;
  for (; r < n; ++r) {
    if (r + kJoinPrefetchDistance < n) {
      // The first chain entry and key of a later row: independent misses overlap.
      const uint32_t ahead = static_cast<uint32_t>(heads[r + kJoinPrefetchDistance]);
      if (ahead != JoinHashTable::kNoRow) {
        __builtin_prefetch(chain + ahead);
        __builtin_prefetch(build_keys + ahead);
      }
    }
    uint32_t b = static_cast<uint32_t>(heads[r]);
    if (b == JoinHashTable::kNoRow) continue;
    const uint64_t tag = hashes[r] & kJoinTagMask;
    const T key = probe_keys[r];
    while (b != JoinHashTable::kNoRow) {
      if (produced == max) {
        heads[r] = b;
        done = false;
        break;
      }
      const uint64_t e = chain[b];
      if ((e & kJoinTagMask) == tag && build_keys[b] == key &&
          (skip == nullptr || skip[b].load(std::memory_order_relaxed) == 0)) {
        out_probe[produced] = static_cast<uint32_t>(r);
        out_build[produced] = b;
        ++produced;
        if (match.first_only) break;
      }
      b = static_cast<uint32_t>(e);
    }
    if (!done) break;
  }
  *row = r;
  probe_rows->resize(base + produced);
  build_rows->resize(base + produced);
  return done;
}

}  // namespace

int64_t JoinHashTable::BuildBytes(int64_t rows) {
  // Buckets and chain, plus the partitioned row order while building.
  return static_cast<int64_t>(JoinBucketCount(rows) * sizeof(uint32_t)) +
         rows * static_cast<int64_t>(sizeof(uint64_t) + sizeof(uint32_t));
}

Status JoinHashTable::Build(const uint64_t* hashes, const uint8_t* valid, int64_t n,
                            const FinalizeTaskRunner& run) {
  columnar::BufferPtr copy = columnar::Buffer::Allocate(n * static_cast<int64_t>(sizeof(uint64_t)));
  if (n > 0) std::memcpy(copy->mutable_data(), hashes, n * sizeof(uint64_t));
  return BuildInPlace(std::move(copy), valid, n, run);
}

Status JoinHashTable::BuildInPlace(columnar::BufferPtr hashes, const uint8_t* valid, int64_t n,
                                   const FinalizeTaskRunner& run) {
  const uint64_t capacity = JoinBucketCount(n);
  mask_ = capacity - 1;
  buckets_ = columnar::Buffer::Allocate(static_cast<int64_t>(capacity * sizeof(uint32_t)));
  chain_ = std::move(hashes);
  uint32_t* buckets = buckets_->mutable_as<uint32_t>();
  // Row i's hash until row i is linked, then its chain entry. Rows with a NULL key keep their
  // hash: no bucket or chain entry names them.
  uint64_t* chain = chain_->mutable_as<uint64_t>();
  std::fill(buckets, buckets + capacity, kNoRow);
  const uint64_t mask = mask_;
  if (n < kJoinSerialBuildRows) {
    // Linked backwards so that each chain lists its rows in build order.
    for (int64_t i = n - 1; i >= 0; --i) {
      if (valid[i]) LinkJoinRow(buckets, chain, mask, static_cast<uint32_t>(i));
    }
    return Status::OK();
  }
  // Radix-partition the rows by bucket range (keeping build order within a partition), then
  // fill each range of buckets in one task: the same chains as the serial loop, but each
  // task's buckets stay in cache and tasks run in parallel.
  int shift = 0;
  while ((uint64_t{1} << (shift + kJoinPartitionBits)) < capacity) ++shift;
  constexpr int kParts = 1 << kJoinPartitionBits;
  const uint64_t* hash = chain;
  auto range_begin = [n](int r) { return n * r / kJoinBuildRanges; };
  std::vector<int64_t> counts(kJoinBuildRanges * kParts, 0);
  std::vector<std::function<Status()>> tasks;
  for (int r = 0; r < kJoinBuildRanges; ++r) {
    tasks.push_back([&, r]() -> Status {
      int64_t* c = counts.data() + r * kParts;
      for (int64_t i = range_begin(r), end = range_begin(r + 1); i < end; ++i) {
        c[(hash[i] & mask) >> shift] += valid[i];
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
  const columnar::BufferPtr order_buffer =
      columnar::Buffer::Allocate(total * static_cast<int64_t>(sizeof(uint32_t)));
  uint32_t* order = order_buffer->mutable_as<uint32_t>();
  tasks.clear();
  for (int r = 0; r < kJoinBuildRanges; ++r) {
    tasks.push_back([&, r]() -> Status {
      int64_t* offset = counts.data() + r * kParts;
      for (int64_t i = range_begin(r), end = range_begin(r + 1); i < end; ++i) {
        if (valid[i]) order[offset[(hash[i] & mask) >> shift]++] = static_cast<uint32_t>(i);
      }
      return Status::OK();
    });
  }
  LAKEML_RETURN_IF_ERROR(run(tasks));
  tasks.clear();
  constexpr int kPartsPerTask = kParts / kJoinBuildRanges;
  for (int t = 0; t < kJoinBuildRanges; ++t) {
    tasks.push_back([&, t]() -> Status {
      // Each row is linked by one task only, which reads its hash just before replacing it.
      const int64_t begin = part_begin[t * kPartsPerTask];
      for (int64_t k = part_begin[(t + 1) * kPartsPerTask] - 1; k >= begin; --k) {
        LinkJoinRow(buckets, chain, mask, order[k]);
      }
      return Status::OK();
    });
  }
  return run(tasks);
}

void JoinHashTable::FindHeads(const uint64_t* hashes, const uint8_t* valid, int64_t n,
                              uint64_t* heads) const {
  const uint32_t* buckets = this->buckets();
  for (int64_t i = 0; i < n; ++i) {
    const uint32_t head = buckets[hashes[i] & mask_];
    heads[i] = valid[i] ? head : kEmpty;
  }
}

bool JoinHashTable::NextCandidates(const uint64_t* hashes, uint64_t* heads, int64_t n, int64_t* row,
                                   int64_t max, std::vector<uint32_t>* probe_rows,
                                   std::vector<uint32_t>* build_rows) const {
  const uint64_t* chain = this->chain();
  int64_t r = *row;
  int64_t produced = 0;
  for (; r < n; ++r) {
    uint32_t b = static_cast<uint32_t>(heads[r]);
    const uint64_t tag = hashes[r] & kJoinTagMask;
    while (b != kNoRow) {
      if (produced == max) {
        heads[r] = b;
        *row = r;
        return false;
      }
      const uint64_t e = chain[b];
      if ((e & kJoinTagMask) == tag) {
        probe_rows->push_back(static_cast<uint32_t>(r));
        build_rows->push_back(b);
        ++produced;
      }
      b = static_cast<uint32_t>(e);
    }
  }
  *row = r;
  return true;
}

bool JoinHashTable::NextMatches(const uint64_t* hashes, uint64_t* heads, int64_t n, int64_t* row,
                                int64_t max, const KeyMatch& match,
                                std::vector<uint32_t>* probe_rows,
                                std::vector<uint32_t>* build_rows) const {
  const uint64_t* c = chain();
  switch (match.width) {
    case 1:
      return NextJoinMatches<uint8_t>(c, hashes, heads, n, row, max, match, probe_rows, build_rows);
    case 2:
      return NextJoinMatches<uint16_t>(c, hashes, heads, n, row, max, match, probe_rows,
                                       build_rows);
    case 4:
      return NextJoinMatches<uint32_t>(c, hashes, heads, n, row, max, match, probe_rows,
                                       build_rows);
    case 8:
      return NextJoinMatches<uint64_t>(c, hashes, heads, n, row, max, match, probe_rows,
                                       build_rows);
    default:
      return NextJoinMatches<unsigned __int128>(c, hashes, heads, n, row, max, match, probe_rows,
                                                build_rows);
  }
}

}  // namespace lakeml::sql
