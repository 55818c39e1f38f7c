// ProjectionOperator: computes one output column per expression.
#pragma once

#include <vector>

#include "sql/execution/physical_operator.h"
#include "sql/expression/bound_expression.h"

namespace lakeml::sql {

class ProjectionOperator final : public PhysicalOperator {
 public:
  ProjectionOperator(std::vector<columnar::TypePtr> types, std::vector<ExprPtr> expressions)
      : PhysicalOperator(std::move(types)), expressions_(std::move(expressions)) {}

  std::string name() const override { return "Project"; }
  std::string details() const override;
  bool IsStreaming() const override { return true; }
  Status Execute(ExecutionContext& ctx, Chunk& input, Chunk* output,
                 OperatorState& state) const override;
  // The output expressions (RuntimeFilterPlacer traces join keys through them).
  const std::vector<ExprPtr>& expressions() const { return expressions_; }

 private:
  std::vector<ExprPtr> expressions_;
};

}  // namespace lakeml::sql
