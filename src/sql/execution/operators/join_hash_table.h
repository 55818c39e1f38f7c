// JoinHashTable: the index of a hash join's build rows (row numbers 0..n-1 of the
// concatenated build columns). A power-of-two bucket array and a per-row `chain` array, both of
// 64-bit entries (the high 32 bits of the row's key hash as a tag, the row number below), so
// that walking a bucket touches one array and compares keys only for rows whose tag matches.
// Rows with a NULL key are left out. Each chain lists its rows in build order.
//
// Build: rows are radix-partitioned by bucket range and every partition's buckets are filled by
// one task (tasks run in parallel through a FinalizeTaskRunner); the result is the same as a
// serial build. Probe: FindHeads looks up a whole chunk's buckets at once (independent loads),
// then NextCandidates walks the chains in bounded batches, resuming where it stopped.
//
// Owns its arrays. Immutable after Build; concurrent probes are safe.
#pragma once

#include <cstdint>
#include <vector>

#include "base/status.h"
#include "sql/execution/physical_operator.h"

namespace lakeml::sql {

class JoinHashTable {
 public:
  static constexpr uint32_t kNoRow = UINT32_MAX;
  static constexpr uint64_t kEmpty = kNoRow;  // An entry without a row.

  // The bytes Build will hold for `rows` rows (arrays and temporaries), to reserve up front.
  static int64_t BuildBytes(int64_t rows);
  // Indexes rows [0, n) by hashes[i]; rows with valid[i] == 0 are left out.
  // REQUIRES: n < kNoRow; hashes and valid stay alive during Build only.
  Status Build(const uint64_t* hashes, const uint8_t* valid, int64_t n,
               const FinalizeTaskRunner& run);
  // heads[i]: the first entry of probe row i's bucket (kEmpty when valid[i] is 0).
  void FindHeads(const uint64_t* hashes, const uint8_t* valid, int64_t n, uint64_t* heads) const;
  // Appends up to `max` pairs (probe row, build row with the same hash tag) to the two
  // vectors, starting at *row; advances *row and heads[*row] so the next call resumes.
  // Returns whether rows [0, n) are exhausted.
  bool NextCandidates(const uint64_t* hashes, uint64_t* heads, int64_t n, int64_t* row, int64_t max,
                      std::vector<uint32_t>* probe_rows, std::vector<uint32_t>* build_rows) const;
  int64_t MemoryBytes() const {
    return static_cast<int64_t>((buckets_.capacity() + chain_.capacity()) * sizeof(uint64_t));
  }

 private:
  std::vector<uint64_t> buckets_;
  std::vector<uint64_t> chain_;  // chain_[row]: the entry after `row` in its bucket.
  uint64_t mask_ = 0;
};

}  // namespace lakeml::sql
