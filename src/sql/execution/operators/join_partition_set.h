// JoinPartitionSet: one side of a spilled (grace) hash join at one partitioning level: the
// side's rows split into kPartitions spill files by bits of their join key hash
// (JoinKeyHasher). Level 0 takes the top kBits bits of the hash, level 1 the next kBits, and so
// on, so a partition that is still too large is split again by bits its rows do not share yet;
// the hash table (JoinHashTable) indexes by the low bits and tags by the high 32, so a
// partition's rows still spread over its buckets. Rows with a NULL key never match: Append
// drops them or, for joins that output unmatched build rows, keeps them apart in
// kNullPartition.
//
// Owns its files until Take hands one out (SpillDirectory removes leftovers at query end).
// Append is thread-safe (one mutex per partition); FinishWriting and Take run on one thread
// after every Append.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>

#include "base/result.h"
#include "sql/execution/chunk.h"
#include "sql/execution/spill_directory.h"

namespace lakeml::sql {

class JoinPartitionSet {
 public:
  static constexpr int kBits = 5;
  static constexpr int kPartitions = 1 << kBits;
  // Rows with a NULL key, when Append keeps them.
  static constexpr int kNullPartition = kPartitions;
  // Levels 0..kMaxLevels-1: a partition at the last level cannot be split again.
  static constexpr int kMaxLevels = 4;

  // REQUIRES: 0 <= level < kMaxLevels; `dir` outlives this.
  JoinPartitionSet(int level, SpillDirectory* dir) : level_(level), dir_(dir) {}
  JoinPartitionSet(const JoinPartitionSet&) = delete;
  JoinPartitionSet& operator=(const JoinPartitionSet&) = delete;

  // The partition of a row whose key hash is `hash`, at `level`.
  static int PartitionOf(uint64_t hash, int level) {
    return static_cast<int>((hash >> (64 - kBits * (level + 1))) & (kPartitions - 1));
  }

  // Appends the rows of `chunk` to their partitions: row i by hashes[i], or (valid[i] == 0, a
  // NULL key) to kNullPartition when keep_null, else nowhere.
  Status Append(const Chunk& chunk, const uint64_t* hashes, const uint8_t* valid, bool keep_null);
  // Ends writing; call once, after every Append.
  Status FinishWriting();
  // Partition p's file, rewound for reading (null when no row went there); the caller owns it.
  std::unique_ptr<SpillFile> Take(int p);
  int64_t rows(int p) const { return partitions_[p].rows; }

  int level() const { return level_; }
  // Known after FinishWriting.
  int64_t spilled_bytes() const { return spilled_bytes_; }
  int64_t files() const { return files_; }

 private:
  struct Partition {
    std::mutex mu;
    std::unique_ptr<SpillFile> file;
    int64_t rows = 0;
  };

  Status AppendTo(int p, const Chunk& rows);

  const int level_;
  SpillDirectory* const dir_;
  int64_t spilled_bytes_ = 0;
  int64_t files_ = 0;
  std::array<Partition, kPartitions + 1> partitions_;
};

}  // namespace lakeml::sql
