// PhysicalPlanGenerator: LogicalKind::kGenerate becomes a GenerateOperator that passes the
// child's needed columns through before the generated ones (sql-lambda).
#include "sql/execution/operators/generate_operator.h"
#include "sql/planner/physical_plan_generator.h"

namespace lakeml::sql {

Result<PhysicalPlanGenerator::Planned> PhysicalPlanGenerator::PlanGenerate(
    const LogicalOperator& op, const std::vector<ColumnId>& needed) {
  const size_t payload = op.children[0]->columns.size();
  std::vector<ColumnId> child_needed;
  for (ColumnId id : needed) {
    const int i = op.IndexOf(id);
    if (i >= 0 && static_cast<size_t>(i) < payload) child_needed.push_back(id);
  }
  CollectColumns(*op.expressions[0], &child_needed);
  LAKEML_ASSIGN_OR_RETURN(Planned in, Plan(*op.children[0], child_needed));
  LAKEML_ASSIGN_OR_RETURN(ExprPtr arg, Resolve(*op.expressions[0], in.outputs));
  std::vector<columnar::TypePtr> types = in.op->types();
  Planned out;
  out.outputs = in.outputs;
  for (size_t i = payload; i < op.columns.size(); ++i) {
    types.push_back(op.columns[i].type);
    out.outputs.push_back(op.columns[i].id);
  }
  auto generate = std::make_unique<GenerateOperator>(std::move(types), std::move(arg), op.generator,
                                                     op.generator_outer);
  generate->children.push_back(std::move(in.op));
  out.op = std::move(generate);
  return out;
}

}  // namespace lakeml::sql
