// PhysicalPlanGenerator: LogicalKind::kUnion becomes a UnionAllOperator over both inputs,
// each producing all of its columns in order; kReplicate a ReplicateRowsOperator.
#include "sql/execution/operators/replicate_rows_operator.h"
#include "sql/execution/operators/union_all_operator.h"
#include "sql/planner/physical_plan_generator.h"

namespace lakeml::sql {

Result<PhysicalPlanGenerator::Planned> PhysicalPlanGenerator::PlanUnion(const LogicalOperator& op) {
  std::vector<columnar::TypePtr> types;
  Planned out;
  for (const auto& c : op.columns) {
    types.push_back(c.type);
    out.outputs.push_back(c.id);
  }
  auto union_all = std::make_unique<UnionAllOperator>(types);
  for (const auto& child : op.children) {
    LAKEML_ASSIGN_OR_RETURN(PhysicalPtr p, Generate(*child));
    union_all->children.push_back(std::move(p));
  }
  out.op = std::move(union_all);
  return out;
}

Result<PhysicalPlanGenerator::Planned> PhysicalPlanGenerator::PlanReplicate(
    const LogicalOperator& op) {
  std::vector<ColumnId> child_needed;
  for (const auto& c : op.columns) child_needed.push_back(c.id);
  CollectColumns(*op.expressions[0], &child_needed);
  LAKEML_ASSIGN_OR_RETURN(Planned in, Plan(*op.children[0], child_needed));
  LAKEML_ASSIGN_OR_RETURN(ExprPtr count, Resolve(*op.expressions[0], in.outputs));
  std::vector<columnar::TypePtr> types;
  std::vector<int> keep;
  Planned out;
  for (const auto& c : op.columns) {
    auto ref = BoundExpression::ColumnRef(c.id, c.type, c.name);
    LAKEML_ASSIGN_OR_RETURN(ExprPtr r, Resolve(*ref, in.outputs));
    keep.push_back(r->index);
    types.push_back(c.type);
    out.outputs.push_back(c.id);
  }
  auto replicate =
      std::make_unique<ReplicateRowsOperator>(std::move(types), std::move(count), std::move(keep));
  replicate->children.push_back(std::move(in.op));
  out.op = std::move(replicate);
  return out;
}

}  // namespace lakeml::sql
