// NestedLoopJoinOperator: a join without equality keys (a cross product, or a condition such
// as `a.x < b.y`): every probe row is paired with every build row and the residual condition,
// if any, decides (see JoinOperator for the pipeline roles). The pairs are formed in bounded
// batches, so memory follows the result size.
//
// Thread-safety as JoinOperator.
#pragma once

#include "sql/execution/operators/join_operator.h"

namespace lakeml::sql {

class NestedLoopJoinOperator final : public JoinOperator {
 public:
  // REQUIRES: spec has no keys.
  NestedLoopJoinOperator(std::vector<columnar::TypePtr> types, JoinSpec spec)
      : JoinOperator(std::move(types), std::move(spec)) {}

  std::string name() const override { return "NestedLoopJoin"; }

 protected:
  Status BuildIndex(BuildData&, const FinalizeTaskRunner&) const override {
    return Status::OK();
  }
  void PrepareProbe(const BuildData&, int64_t, ProbeState&) const override {}
  void NextCandidates(const BuildData& build, int64_t n, ProbeState& state) const override;
  std::string index_details() const override { return ""; }
};

}  // namespace lakeml::sql
