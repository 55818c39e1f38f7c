// PhysicalPlanGenerator: LogicalKind::kExpand becomes an ExpandOperator that passes its
// child's columns through before the grouping columns it adds (sql-window).
#include <algorithm>

#include "sql/execution/operators/expand_operator.h"
#include "sql/planner/physical_plan_generator.h"

namespace lakeml::sql {

Result<PhysicalPlanGenerator::Planned> PhysicalPlanGenerator::PlanExpand(
    const LogicalOperator& op, const std::vector<ColumnId>& needed) {
  const size_t added = 2 * op.expressions.size() + 1;
  const size_t payload = op.columns.size() - added;
  std::vector<ColumnId> child_needed;
  for (ColumnId id : needed) {
    const int i = op.IndexOf(id);
    if (i >= 0 && static_cast<size_t>(i) < payload) child_needed.push_back(id);
  }
  for (const auto& g : op.expressions) CollectColumns(*g, &child_needed);
  LAKEML_ASSIGN_OR_RETURN(Planned in, Plan(*op.children[0], child_needed));
  std::vector<ExprPtr> groups;
  for (const auto& g : op.expressions) {
    LAKEML_ASSIGN_OR_RETURN(ExprPtr e, Resolve(*g, in.outputs));
    groups.push_back(std::move(e));
  }
  std::vector<columnar::TypePtr> types = in.op->types();
  Planned out;
  out.outputs = in.outputs;
  for (size_t i = payload; i < op.columns.size(); ++i) {
    types.push_back(op.columns[i].type);
    out.outputs.push_back(op.columns[i].id);
  }
  auto expand =
      std::make_unique<ExpandOperator>(std::move(types), std::move(groups), op.grouping_sets);
  expand->children.push_back(std::move(in.op));
  out.op = std::move(expand);
  return out;
}

}  // namespace lakeml::sql
