// RuntimeFilter: the key set of one hash join's build side, handed to the probe side's table
// scan (sideways information passing). The join publishes it when its build finishes; the
// build pipeline always completes before the probe pipeline starts, so a RuntimeFilterOperator
// right above the probe-side scan drops rows whose key no build row has before they are
// decoded further, filtered, and hashed into the join (TPC-H Q17 keeps ~6,000 of 6 million
// line items for the join with the selected parts).
//
// The set is a blocked Bloom filter over the join's key hashes (JoinKeyHasher, so every join
// key type works): three bits in one 64-bit word per key, about 16 bits per key (~0.5% false
// positives, which the join then drops). A NULL key never passes (it never matches). A build
// of more than kMaxBuildRows rows publishes nothing (every row passes), which bounds the
// filter at 8 MiB. The filter switches itself off once it has seen kCheckRows probe rows and
// kept more than kMaxPassRate of them: it then only costs a hash per row.
//
// Created by the planner, shared (shared_ptr) by the join and the filter operator. Publish
// runs once, before any Select; Select is called from many threads at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "columnar/vector.h"

namespace lakeml::sql {

class RuntimeFilter {
 public:
  static constexpr int64_t kMaxBuildRows = int64_t{1} << 22;
  static constexpr int64_t kCheckRows = 64 * 1024;
  static constexpr double kMaxPassRate = 0.9;

  // `key_index`: which of the join's build keys the filter holds.
  explicit RuntimeFilter(int key_index) : key_index_(key_index) {}
  RuntimeFilter(const RuntimeFilter&) = delete;
  RuntimeFilter& operator=(const RuntimeFilter&) = delete;

  int key_index() const { return key_index_; }
  // The join's build key columns, `rows` long. Called once, when the build finishes.
  void Publish(const std::vector<columnar::VectorPtr>& build_keys, int64_t rows);
  // join-probe: as Publish, from the JoinKeyHasher hashes of the filter's key column (a join
  // with one key has them already). `hashes` and `valid` hold `rows` entries.
  void PublishHashes(const uint64_t* hashes, const uint8_t* valid, int64_t rows);
  bool published() const { return published_.load(std::memory_order_acquire); }
  // Sets *keep to the rows of `key` (n rows) that may have a match and returns true; returns
  // false (keep every row) while the filter is not published or switched off. `hashes` and
  // `valid` are the caller's scratch.
  bool Select(const columnar::VectorPtr& key, int64_t n, std::vector<int64_t>* keep,
              std::vector<uint64_t>* hashes, std::vector<uint8_t>* valid) const;
  // For EXPLAIN ANALYZE: "kept 6012 of 6001215 rows" or why it did not filter.
  std::string Describe() const;

 private:
  const int key_index_;
  std::atomic<bool> published_{false};
  std::atomic<bool> active_{false};
  std::vector<uint64_t> words_;
  uint64_t mask_ = 0;
  int64_t build_rows_ = 0;
  mutable std::atomic<bool> switched_off_{false};
  mutable std::atomic<int64_t> rows_in_{0};
  mutable std::atomic<int64_t> rows_kept_{0};
};

}  // namespace lakeml::sql
