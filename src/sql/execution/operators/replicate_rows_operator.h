// ReplicateRowsOperator: repeats each input row `count` times (INTERSECT ALL / EXCEPT ALL),
// where `count` is a BIGINT expression over the input; rows with a count <= 0 or NULL are
// dropped. The output is the input columns listed in `keep`.
//
// Immutable; Execute is called from many threads at once.
#pragma once

#include <vector>

#include "sql/execution/physical_operator.h"
#include "sql/expression/bound_expression.h"

namespace lakeml::sql {

class ReplicateRowsOperator final : public PhysicalOperator {
 public:
  ReplicateRowsOperator(std::vector<columnar::TypePtr> types, ExprPtr count, std::vector<int> keep)
      : PhysicalOperator(std::move(types)), count_(std::move(count)), keep_(std::move(keep)) {}

  std::string name() const override { return "ReplicateRows"; }
  std::string details() const override { return count_->ToString(); }
  bool IsStreaming() const override { return true; }
  Status Execute(ExecutionContext& ctx, Chunk& input, Chunk* output,
                 OperatorState& state) const override;

 private:
  ExprPtr count_;
  std::vector<int> keep_;
};

}  // namespace lakeml::sql
