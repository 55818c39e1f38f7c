#include "sql/execution/operators/hash_join_operator.h"

#include "sql/execution/operators/join_key_hasher.h"

namespace lakeml::sql {

Status HashJoinOperator::BuildIndex(BuildData& build) const {
  const int64_t n = build.rows;
  uint64_t capacity = 16;
  while (capacity < static_cast<uint64_t>(n) * 2) capacity <<= 1;
  build.mask = capacity - 1;
  build.buckets.assign(capacity, kNoRow);
  build.next.assign(n, kNoRow);
  build.hashes.resize(n);
  std::vector<uint8_t> valid(n);
  if (n > 0) JoinKeyHasher::Hash(build.keys, n, build.hashes.data(), valid.data());
  // Inserted backwards so that each chain lists its rows in build order.
  for (int64_t i = n - 1; i >= 0; --i) {
    if (!valid[i]) continue;
    uint32_t& head = build.buckets[build.hashes[i] & build.mask];
    build.next[i] = head;
    head = static_cast<uint32_t>(i);
  }
  return Status::OK();
}

void HashJoinOperator::PrepareProbe(const BuildData&, int64_t n, ProbeState& state) const {
  state.hashes.resize(n);
  state.valid.resize(n);
  JoinKeyHasher::Hash(state.keys, n, state.hashes.data(), state.valid.data());
}

void HashJoinOperator::NextCandidates(const BuildData& build, int64_t n, ProbeState& state) const {
  const uint64_t* hashes = state.hashes.data();
  const uint8_t* valid = state.valid.data();
  const uint64_t* build_hashes = build.hashes.data();
  const uint32_t* buckets = build.buckets.data();
  const uint32_t* next = build.next.data();
  int64_t row = state.row;
  uint32_t chain = state.chain;
  int64_t produced = 0;
  while (row < n) {
    if (chain == kNoRow) {
      if (!valid[row]) {
        ++row;
        continue;
      }
      chain = buckets[hashes[row] & build.mask];
      if (chain == kNoRow) {
        ++row;
        continue;
      }
    }
    const uint64_t h = hashes[row];
    while (chain != kNoRow && produced < kPairBatch) {
      if (build_hashes[chain] == h) {
        state.probe_rows.push_back(static_cast<uint32_t>(row));
        state.build_rows.push_back(chain);
        ++produced;
      }
      chain = next[chain];
    }
    if (chain != kNoRow) break;  // Batch full; resume in this chain.
    ++row;
    if (produced >= kPairBatch) break;
  }
  state.row = row;
  state.chain = chain;
  state.done = row >= n;
}

}  // namespace lakeml::sql
