// PhysicalPlanGenerator: LogicalKind::kUnion becomes a UnionAllOperator over both inputs,
// each producing all of its columns in order.
#include "sql/execution/operators/projection_operator.h"
#include "sql/execution/operators/union_all_operator.h"
#include "sql/planner/physical_plan_generator.h"

namespace lakeml::sql {

Result<PhysicalPlanGenerator::Planned> PhysicalPlanGenerator::PlanUnion(
    const LogicalOperator& op) {
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

}  // namespace lakeml::sql
