// HashJoinOperator: a join on equality keys (see JoinOperator for the pipeline roles). The
// build rows are indexed by a JoinHashTable (hashes computed in parallel row ranges); rows
// with a NULL key are left out (they never match). A probe chunk is hashed column by column,
// its buckets looked up at once, then each row walks its bucket's chain.
//
// Thread-safety as JoinOperator.
#pragma once

#include "sql/execution/operators/join_operator.h"

namespace lakeml::sql {

class HashJoinOperator final : public JoinOperator {
 public:
  // REQUIRES: spec.probe_keys non-empty, JoinKeyHasher::Supports their types.
  HashJoinOperator(std::vector<columnar::TypePtr> types, JoinSpec spec)
      : JoinOperator(std::move(types), std::move(spec)) {}

  std::string name() const override { return "HashJoin"; }

 protected:
  Status BuildIndex(BuildData& build, const FinalizeTaskRunner& run) const override;
  void PrepareProbe(const BuildData& build, int64_t n, ProbeState& state) const override;
  void NextCandidates(const BuildData& build, int64_t n, ProbeState& state) const override;
  std::string index_details() const override { return ""; }
};

}  // namespace lakeml::sql
