// PhysicalPlanGenerator: LogicalKind::kWindow becomes a WindowOperator over its child's
// columns, which it passes through before one column per window (sql-window).
#include <algorithm>

#include "sql/execution/operators/window_operator.h"
#include "sql/planner/physical_plan_generator.h"

namespace lakeml::sql {

Result<PhysicalPlanGenerator::Planned> PhysicalPlanGenerator::PlanWindow(
    const LogicalOperator& op, const std::vector<ColumnId>& needed) {
  std::vector<ColumnId> window_ids;
  const size_t payload = op.columns.size() - op.windows.size();
  for (size_t i = payload; i < op.columns.size(); ++i) window_ids.push_back(op.columns[i].id);
  std::vector<ColumnId> child_needed;
  for (ColumnId id : needed) {
    if (std::find(window_ids.begin(), window_ids.end(), id) == window_ids.end()) {
      child_needed.push_back(id);
    }
  }
  for (const BoundWindow& w : op.windows) {
    for (const auto* list : {&w.args, &w.partitions, &w.orders}) {
      for (const auto& e : *list) CollectColumns(*e, &child_needed);
    }
  }
  LAKEML_ASSIGN_OR_RETURN(Planned in, Plan(*op.children[0], child_needed));
  std::vector<BoundWindow> windows;
  std::vector<columnar::TypePtr> types = in.op->types();
  Planned out;
  out.outputs = in.outputs;
  for (size_t i = 0; i < op.windows.size(); ++i) {
    const BoundWindow& w = op.windows[i];
    BoundWindow r = w.Copy();
    for (auto* list : {&r.args, &r.partitions, &r.orders}) {
      for (auto& e : *list) {
        LAKEML_ASSIGN_OR_RETURN(e, Resolve(*e, in.outputs));
      }
    }
    types.push_back(w.type);
    out.outputs.push_back(window_ids[i]);
    windows.push_back(std::move(r));
  }
  auto window = std::make_unique<WindowOperator>(std::move(types), std::move(windows));
  window->children.push_back(std::move(in.op));
  out.op = std::move(window);
  return out;
}

}  // namespace lakeml::sql
