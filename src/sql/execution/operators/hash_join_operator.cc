#include "sql/execution/operators/hash_join_operator.h"

#include <algorithm>
#include <functional>

#include "sql/execution/operators/join_key_hasher.h"

namespace lakeml::sql {
namespace {

constexpr int64_t kJoinHashTaskRows = int64_t{1} << 18;

}  // namespace

Status HashJoinOperator::BuildIndex(BuildData& build, const FinalizeTaskRunner& run) const {
  const int64_t n = build.rows;
  const int64_t temporary = n * static_cast<int64_t>(sizeof(uint64_t) + sizeof(uint8_t));
  build.index_reservation.ForceResize(JoinHashTable::BuildBytes(n) + temporary);
  std::vector<uint64_t> hashes(n);
  std::vector<uint8_t> valid(n);
  std::vector<std::function<Status()>> tasks;
  for (int64_t begin = 0; begin < n; begin += kJoinHashTaskRows) {
    const int64_t end = std::min(n, begin + kJoinHashTaskRows);
    tasks.push_back([&, begin, end]() -> Status {
      JoinKeyHasher::HashRange(build.keys, begin, end, hashes.data(), valid.data());
      return Status::OK();
    });
  }
  LAKEML_RETURN_IF_ERROR(run(tasks));
  LAKEML_RETURN_IF_ERROR(build.table.Build(hashes.data(), valid.data(), n, run));
  build.index_reservation.ForceResize(build.table.MemoryBytes());
  return Status::OK();
}

void HashJoinOperator::PrepareProbe(const BuildData& build, int64_t n, ProbeState& state) const {
  state.hashes.resize(n);
  state.valid.resize(n);
  state.heads.resize(n);
  JoinKeyHasher::Hash(state.keys, n, state.hashes.data(), state.valid.data());
  build.table.FindHeads(state.hashes.data(), state.valid.data(), n, state.heads.data());
}

void HashJoinOperator::NextCandidates(const BuildData& build, int64_t n, ProbeState& state) const {
  state.done = build.table.NextCandidates(state.hashes.data(), state.heads.data(), n, &state.row,
                                          kPairBatch, &state.probe_rows, &state.build_rows);
}

}  // namespace lakeml::sql
