#include "sql/execution/operators/hash_join_operator.h"

#include <algorithm>
#include <functional>

#include "sql/execution/operators/join_key_hasher.h"

namespace lakeml::sql {
namespace {

constexpr int64_t kJoinHashTaskRows = int64_t{1} << 18;

// The byte width of a key type whose values are equal exactly when their bits are (integers,
// dates, times, timestamps, decimals); 0 for the others (floating point: 0.0 = -0.0 and NaN;
// booleans are bit-packed; strings).
int FusedJoinKeyWidth(const columnar::TypePtr& type) {
  switch (type->id()) {
    case columnar::TypeId::kInt8:
    case columnar::TypeId::kInt16:
    case columnar::TypeId::kInt32:
    case columnar::TypeId::kInt64:
    case columnar::TypeId::kUInt8:
    case columnar::TypeId::kUInt16:
    case columnar::TypeId::kUInt32:
    case columnar::TypeId::kUInt64:
    case columnar::TypeId::kDate32:
    case columnar::TypeId::kTime64:
    case columnar::TypeId::kTimestamp:
    case columnar::TypeId::kDecimal: {
      const int width = type->fixed_width();
      return JoinHashTable::SupportsKeyWidth(width) ? width : 0;
    }
    default:
      return 0;
  }
}

}  // namespace

Status HashJoinOperator::BuildIndex(BuildData& build, const FinalizeTaskRunner& run) const {
  const int64_t n = build.rows;
  const int64_t temporary = n * static_cast<int64_t>(sizeof(uint64_t) + sizeof(uint8_t));
  build.index_reservation.ForceResize(JoinHashTable::BuildBytes(n) + temporary);
  // Pooled buffers, huge-page backed when large; every entry is written by HashRange.
  columnar::BufferPtr hash_buffer = columnar::Buffer::Allocate(n * 8);
  const columnar::BufferPtr valid_buffer = columnar::Buffer::Allocate(n);
  uint64_t* hashes = hash_buffer->mutable_as<uint64_t>();
  uint8_t* valid = valid_buffer->mutable_data();
  std::vector<std::function<Status()>> tasks;
  for (int64_t begin = 0; begin < n; begin += kJoinHashTaskRows) {
    const int64_t end = std::min(n, begin + kJoinHashTaskRows);
    tasks.push_back([&, begin, end]() -> Status {
      JoinKeyHasher::HashRange(build.keys, begin, end, hashes, valid);
      return Status::OK();
    });
  }
  LAKEML_RETURN_IF_ERROR(run(tasks));
  // With one key the runtime filter's hashes are the join's (same hasher, same column).
  const std::shared_ptr<RuntimeFilter>& filter = spec().runtime_filter;
  if (filter != nullptr && !build.grace_partition && filter->key_index() == 0 &&
      build.keys.size() == 1) {
    filter->PublishHashes(hashes, valid, n);
  }
  // The hash array becomes the table's chain.
  LAKEML_RETURN_IF_ERROR(build.table.BuildInPlace(std::move(hash_buffer), valid, n, run));
  build.index_reservation.ForceResize(build.table.MemoryBytes());
  return Status::OK();
}

void HashJoinOperator::PrepareProbe(const BuildData& build, int64_t n, ProbeState& state) const {
  state.hashes.resize(n);
  state.valid.resize(n);
  state.heads.resize(n);
  JoinKeyHasher::Hash(state.keys, n, state.hashes.data(), state.valid.data());
  build.table.FindHeads(state.hashes.data(), state.valid.data(), n, state.heads.data());
  // join-probe: one fixed-width key is compared while walking the chains.
  state.keys_checked = false;
  if (state.keys.size() == 1 && build.keys.size() == 1 && n > 0 && build.rows > 0) {
    const columnar::Vector& probe_key = *state.keys[0];
    const columnar::Vector& build_key = *build.keys[0];
    const int width = FusedJoinKeyWidth(probe_key.type());
    state.keys_checked = width != 0 && probe_key.type()->Equals(*build_key.type()) &&
                         probe_key.values() != nullptr && build_key.values() != nullptr;
  }
}

void HashJoinOperator::NextCandidates(const BuildData& build, int64_t n, ProbeState& state) const {
  if (!state.keys_checked) {
    state.done = build.table.NextCandidates(state.hashes.data(), state.heads.data(), n,
                                            &state.row, kPairBatch, &state.probe_rows,
                                            &state.build_rows);
    return;
  }
  const JoinType type = spec().type;
  JoinHashTable::KeyMatch match;
  match.probe_keys = state.keys[0]->values()->data();
  match.build_keys = build.keys[0]->values()->data();
  match.width = state.keys[0]->type()->fixed_width();
  // RIGHT SEMI / ANTI: a build row matched once needs no more pairs.
  if (type == JoinType::kRightSemi || type == JoinType::kRightAnti) {
    match.skip = build.matched.get();
  }
  // SEMI / ANTI without a residual: a probe row's first match decides it.
  match.first_only =
      (type == JoinType::kSemi || type == JoinType::kAnti) && spec().residual == nullptr;
  state.done = build.table.NextMatches(state.hashes.data(), state.heads.data(), n, &state.row,
                                       kPairBatch, match, &state.probe_rows, &state.build_rows);
}

}  // namespace lakeml::sql
