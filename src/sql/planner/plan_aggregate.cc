// PhysicalPlanGenerator: LogicalKind::kAggregate becomes a HashAggregateOperator that
// evaluates the group expressions and aggregate arguments itself over its child's columns.
#include <algorithm>
#include <optional>

#include "sql/execution/aggregate_arguments.h"
#include "sql/execution/operators/hash_aggregate_operator.h"
#include "sql/optimizer/cardinality_estimator.h"
#include "sql/planner/physical_plan_generator.h"

namespace lakeml::sql {
namespace {

// The number of groups of `op` when every group expression is a column of the child whose
// distinct count the statistics bound (their product, at most the child's rows).
std::optional<double> EstimateAggregateGroups(const LogicalOperator& op) {
  if (op.groups.empty()) return std::nullopt;
  double product = 1;
  for (const auto& g : op.groups) {
    if (g->kind != ExprKind::kColumnRef) return std::nullopt;
    std::optional<double> distinct =
        CardinalityEstimator::EstimateDistinct(*op.children[0], g->column_id);
    if (!distinct) return std::nullopt;
    product *= std::max(1.0, *distinct);
  }
  return std::min({product, CardinalityEstimator::Estimate(*op.children[0]), 1e15});
}

}  // namespace

Result<PhysicalPlanGenerator::Planned> PhysicalPlanGenerator::PlanAggregate(
    const LogicalOperator& op, const std::vector<ColumnId>& needed) {
  std::vector<ColumnId> child_needed;
  for (const auto& g : op.groups) CollectColumns(*g, &child_needed);
  for (const auto& a : op.expressions) CollectColumns(*a, &child_needed);
  LAKEML_ASSIGN_OR_RETURN(Planned in, Plan(*op.children[0], child_needed));
  std::vector<ExprPtr> groups;
  for (const auto& g : op.groups) {
    LAKEML_ASSIGN_OR_RETURN(ExprPtr e, Resolve(*g, in.outputs));
    groups.push_back(std::move(e));
  }
  std::vector<PhysicalAggregate> aggregates;
  for (const auto& a : op.expressions) {
    PhysicalAggregate pa;
    pa.spec.function = a->aggregate;
    pa.spec.distinct = a->distinct;
    if (!a->children.empty()) {
      LAKEML_ASSIGN_OR_RETURN(pa.arg, Resolve(*a->children[0], in.outputs));
    }
    for (size_t i = 1; i < a->children.size(); ++i) {  // sql-aggjson: several arguments
      LAKEML_ASSIGN_OR_RETURN(ExprPtr e, Resolve(*a->children[i], in.outputs));
      pa.more_args.push_back(std::move(e));
    }
    if (!pa.more_args.empty()) {
      pa.packed_type = AggregateArguments::PackedType(a->aggregate->arg_types);
    }
    aggregates.push_back(std::move(pa));
  }
  Planned out;
  std::vector<columnar::TypePtr> types;
  for (const auto& c : op.columns) {
    types.push_back(c.type);
    out.outputs.push_back(c.id);
  }
  auto agg = std::make_unique<HashAggregateOperator>(std::move(types), std::move(groups),
                                                     std::move(aggregates));
  // Decision 0021: a known group count presizes the hash tables.
  if (std::optional<double> groups_estimate = EstimateAggregateGroups(op)) {
    agg->set_expected_groups(static_cast<int64_t>(*groups_estimate));
  }
  agg->children.push_back(std::move(in.op));
  out.op = std::move(agg);
  return out;
}

}  // namespace lakeml::sql
