// JoinHashTable: the index of a hash join's build rows (row numbers 0..n-1 of the
// concatenated build columns). A power-of-two array of 32-bit buckets (each the first row of
// its chain) and a per-row 64-bit `chain` array (the high 32 bits of the row's own key hash as
// a tag, the next row of its bucket below), so that walking a bucket compares keys only for
// rows whose tag matches. Rows with a NULL key are left out. Each chain lists its rows in build
// order.
//
// Build: rows are radix-partitioned by bucket range and every partition's buckets are filled by
// one task (tasks run in parallel through a FinalizeTaskRunner); the result is the same as a
// serial build. BuildInPlace turns the hash array itself into the chain (no second n-entry
// array). Probe: FindHeads looks up a whole chunk's buckets at once (independent loads), then
// NextCandidates walks the chains in bounded batches, resuming where it stopped. NextMatches
// (join-probe) fuses the chain walk with the key comparison for a single fixed-width key, can
// skip build rows already matched (RIGHT SEMI / ANTI) and stop a probe row at its first match
// (SEMI / ANTI).
//
// The arrays live in columnar::Buffers (pooled, huge-page backed when large); each is sized
// once from the row count, never grown. Owns its arrays. Immutable after Build; concurrent
// probes are safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "base/status.h"
#include "columnar/buffer.h"
#include "sql/execution/physical_operator.h"

namespace lakeml::sql {

class JoinHashTable {
 public:
  static constexpr uint32_t kNoRow = UINT32_MAX;
  static constexpr uint64_t kEmpty = kNoRow;  // A head without a row.

  // The bytes Build will hold for `rows` rows (arrays and temporaries), to reserve up front.
  static int64_t BuildBytes(int64_t rows);
  // Indexes rows [0, n) by hashes[i]; rows with valid[i] == 0 are left out.
  // REQUIRES: n < kNoRow; hashes and valid stay alive during Build only.
  Status Build(const uint64_t* hashes, const uint8_t* valid, int64_t n,
               const FinalizeTaskRunner& run);
  // As Build, with the hashes in `hashes` (n entries), which becomes the table's chain array:
  // its contents are overwritten.
  Status BuildInPlace(columnar::BufferPtr hashes, const uint8_t* valid, int64_t n,
                      const FinalizeTaskRunner& run);
  // heads[i]: the first row of probe row i's bucket (kEmpty when valid[i] is 0).
  void FindHeads(const uint64_t* hashes, const uint8_t* valid, int64_t n, uint64_t* heads) const;
  // Appends up to `max` pairs (probe row, build row with the same hash tag) to the two
  // vectors, starting at *row; advances *row and heads[*row] so the next call resumes.
  // Returns whether rows [0, n) are exhausted.
  bool NextCandidates(const uint64_t* hashes, uint64_t* heads, int64_t n, int64_t* row, int64_t max,
                      std::vector<uint32_t>* probe_rows, std::vector<uint32_t>* build_rows) const;
  int64_t MemoryBytes() const {
    return (buckets_ ? buckets_->capacity() : 0) + (chain_ ? chain_->capacity() : 0);
  }

  // join-probe: the fused probe of one fixed-width key.
  struct KeyMatch {
    const void* probe_keys = nullptr;  // The probe chunk's key values (n rows).
    const void* build_keys = nullptr;  // The build key values (row-numbered as in Build).
    int width = 0;                     // Bytes per value: 1, 2, 4, 8 or 16 (compared as bits).
    // Build rows whose flag is set are skipped (may be null).
    const std::atomic<uint8_t>* skip = nullptr;
    bool first_only = false;  // Stop a probe row at its first match.
  };
  // Whether NextMatches handles keys of `width` bytes.
  static bool SupportsKeyWidth(int width) {
    return width == 1 || width == 2 || width == 4 || width == 8 || width == 16;
  }
  // As NextCandidates, but appends only the pairs whose key values are equal, as `match` says.
  // REQUIRES: SupportsKeyWidth(match.width); values that are equal as bits are the equal keys.
  bool NextMatches(const uint64_t* hashes, uint64_t* heads, int64_t n, int64_t* row, int64_t max,
                   const KeyMatch& match, std::vector<uint32_t>* probe_rows,
                   std::vector<uint32_t>* build_rows) const;

 private:
  const uint32_t* buckets() const { return buckets_->as<uint32_t>(); }
  const uint64_t* chain() const { return chain_->as<uint64_t>(); }

  columnar::BufferPtr buckets_;
  columnar::BufferPtr chain_;  // chain_[row]: the row's tag, and the row after it in its bucket.
  uint64_t mask_ = 0;
};

}  // namespace lakeml::sql
