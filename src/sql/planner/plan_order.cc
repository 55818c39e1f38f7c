// PhysicalPlanGenerator: LogicalKind::kOrder becomes a SortOperator (a top-N one when a LIMIT
// sits above it). The sort passes its child's columns through unchanged.
#include "sql/execution/operators/sort_operator.h"
#include "sql/planner/physical_plan_generator.h"

namespace lakeml::sql {

Result<PhysicalPlanGenerator::Planned> PhysicalPlanGenerator::PlanOrder(
    const LogicalOperator& op, const std::vector<ColumnId>& needed, int64_t limit) {
  std::vector<ColumnId> child_needed = needed;
  for (const auto& k : op.expressions) CollectColumns(*k, &child_needed);
  LAKEML_ASSIGN_OR_RETURN(Planned in, Plan(*op.children[0], child_needed));
  std::vector<ExprPtr> keys;
  for (const auto& k : op.expressions) {
    LAKEML_ASSIGN_OR_RETURN(ExprPtr e, Resolve(*k, in.outputs));
    keys.push_back(std::move(e));
  }
  auto sort = std::make_unique<SortOperator>(in.op->types(), std::move(keys), op.sort_specs, limit);
  sort->children.push_back(std::move(in.op));
  return Planned{std::move(sort), std::move(in.outputs)};
}

}  // namespace lakeml::sql
