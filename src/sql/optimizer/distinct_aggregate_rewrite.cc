#include "sql/optimizer/distinct_aggregate_rewrite.h"

#include <algorithm>
#include <string_view>

#include "sql/function/aggregate/aggregate_function.h"

namespace lakeml::sql {
namespace {

// Aggregates whose result over the distinct non-NULL values equals their result over the
// distinct values with NULL among them.
bool IgnoresNullArguments(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "count",        "sum",        "avg",     "mean",     "min",      "max",     "stddev",
      "stddev_samp",  "stddev_pop", "std",     "variance", "var_samp", "var_pop", "collect_set",
      "collect_list", "array_agg",  "bit_and", "bit_or",   "bit_xor"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

ColumnId MaxColumnId(const LogicalOperator& op) {
  ColumnId max = 0;
  for (const OutputColumn& c : op.columns) max = std::max(max, c.id);
  for (const auto& child : op.children) max = std::max(max, MaxColumnId(*child));
  return max;
}

// Whether `op` qualifies (see the header).
bool Rewritable(const LogicalOperator& op) {
  if (op.kind != LogicalKind::kAggregate || op.expressions.empty()) return false;
  const BoundExpression& first = *op.expressions[0];
  for (const auto& e : op.expressions) {
    if (e->kind != ExprKind::kAggregate || !e->distinct || e->aggregate == nullptr ||
        !e->aggregate->params.empty() || !IgnoresNullArguments(e->aggregate->name) ||
        e->children.empty() || e->children.size() != first.children.size()) {
      return false;
    }
    for (size_t i = 0; i < e->children.size(); ++i) {
      if (!e->children[i]->Equals(*first.children[i])) return false;
    }
  }
  return true;
}

LogicalPtr Rewrite(LogicalPtr op, ColumnId* next_id) {
  for (auto& c : op->children) c = Rewrite(std::move(c), next_id);
  if (!Rewritable(*op)) return op;
  auto inner = std::make_unique<LogicalOperator>(LogicalKind::kAggregate);
  std::vector<ExprPtr> outer_groups;
  for (size_t g = 0; g < op->groups.size(); ++g) {
    const OutputColumn& out = op->columns[g];
    OutputColumn c{(*next_id)++, out.name, op->groups[g]->type, out.nullable};
    outer_groups.push_back(BoundExpression::ColumnRef(c.id, c.type, c.name));
    inner->columns.push_back(c);
    inner->groups.push_back(std::move(op->groups[g]));
  }
  std::vector<ExprPtr> arg_refs;
  for (auto& arg : op->expressions[0]->children) {
    OutputColumn c{(*next_id)++, "distinct_arg", arg->type, true};
    arg_refs.push_back(BoundExpression::ColumnRef(c.id, c.type, c.name));
    inner->columns.push_back(c);
    inner->groups.push_back(arg->Copy());
  }
  inner->children.push_back(std::move(op->children[0]));
  op->children[0] = std::move(inner);
  op->groups = std::move(outer_groups);
  for (auto& e : op->expressions) {
    e->distinct = false;
    for (size_t i = 0; i < e->children.size(); ++i) e->children[i] = arg_refs[i]->Copy();
  }
  return op;
}

}  // namespace

LogicalPtr DistinctAggregateRewrite::Apply(LogicalPtr plan) {
  ColumnId next_id = MaxColumnId(*plan) + 1;
  return Rewrite(std::move(plan), &next_id);
}

}  // namespace lakeml::sql
