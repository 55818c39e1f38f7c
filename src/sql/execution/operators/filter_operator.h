// FilterOperator: keeps the rows for which the condition is true (not false, not null).
#pragma once

#include "sql/execution/physical_operator.h"
#include "sql/expression/bound_expression.h"

namespace lakeml::sql {

class FilterOperator final : public PhysicalOperator {
 public:
  FilterOperator(std::vector<columnar::TypePtr> types, ExprPtr condition)
      : PhysicalOperator(std::move(types)), condition_(std::move(condition)) {}

  std::string name() const override { return "Filter"; }
  std::string details() const override { return condition_->ToString(); }
  bool IsStreaming() const override { return true; }
  Status Execute(ExecutionContext& ctx, Chunk& input, Chunk* output,
                 OperatorState& state) const override;

 private:
  ExprPtr condition_;
};

}  // namespace lakeml::sql
