#include "sql/planner/physical_plan_generator.h"

#include <algorithm>

#include "base/str_cat.h"
#include "sql/execution/operators/filter_operator.h"
#include "sql/execution/operators/limit_operator.h"
#include "sql/execution/operators/projection_operator.h"
#include "sql/execution/operators/table_scan_source.h"
#include "sql/execution/operators/values_source.h"
#include "sql/optimizer/conjuncts.h"
#include "sql/planner/scan_predicate_builder.h"

namespace lakeml::sql {
namespace {

bool Contains(const std::vector<ColumnId>& ids, ColumnId id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

std::vector<columnar::TypePtr> TypesOf(const PhysicalOperator& op) { return op.types(); }

}  // namespace

void PhysicalPlanGenerator::CollectColumns(const BoundExpression& e, std::vector<ColumnId>* out) {
  if (e.kind == ExprKind::kColumnRef && !Contains(*out, e.column_id)) out->push_back(e.column_id);
  for (const auto& c : e.children) CollectColumns(*c, out);
}

Result<ExprPtr> PhysicalPlanGenerator::Resolve(const BoundExpression& e,
                                               const std::vector<ColumnId>& inputs) {
  if (e.kind == ExprKind::kColumnRef) {
    auto it = std::find(inputs.begin(), inputs.end(), e.column_id);
    if (it == inputs.end()) {
      return Status::Internal("Column not produced by the input plan: ", e.name, "#", e.column_id);
    }
    ExprPtr ref = BoundExpression::Reference(static_cast<int>(it - inputs.begin()), e.type, e.name);
    ref->nullable = e.nullable;
    ref->pos = e.pos;
    return ref;
  }
  auto copy = std::make_unique<BoundExpression>(e.kind, e.type);
  copy->nullable = e.nullable;
  copy->pos = e.pos;
  copy->name = e.name;
  copy->column_id = e.column_id;
  copy->index = e.index;
  copy->value = e.value;
  copy->function = e.function;
  copy->try_mode = e.try_mode;
  copy->aggregate = e.aggregate;
  copy->distinct = e.distinct;
  for (const auto& c : e.children) {
    LAKEML_ASSIGN_OR_RETURN(ExprPtr r, Resolve(*c, inputs));
    copy->children.push_back(std::move(r));
  }
  return copy;
}

Result<PhysicalPtr> PhysicalPlanGenerator::Generate(const LogicalOperator& plan) {
  std::vector<ColumnId> wanted;
  for (const auto& c : plan.columns) wanted.push_back(c.id);
  LAKEML_ASSIGN_OR_RETURN(Planned p, Plan(plan, wanted));
  if (p.outputs == wanted) return std::move(p.op);
  // Reorder or drop columns to the plan's exact output.
  std::vector<ExprPtr> refs;
  std::vector<columnar::TypePtr> types;
  for (const auto& c : plan.columns) {
    auto ref = BoundExpression::ColumnRef(c.id, c.type, c.name);
    LAKEML_ASSIGN_OR_RETURN(ExprPtr r, Resolve(*ref, p.outputs));
    refs.push_back(std::move(r));
    types.push_back(c.type);
  }
  auto project = std::make_unique<ProjectionOperator>(std::move(types), std::move(refs));
  project->children.push_back(std::move(p.op));
  return PhysicalPtr(std::move(project));
}

Result<PhysicalPlanGenerator::Planned> PhysicalPlanGenerator::Plan(
    const LogicalOperator& op, const std::vector<ColumnId>& needed) {
  switch (op.kind) {
    case LogicalKind::kGet: {
      Planned out;
      std::vector<int> scan;
      std::vector<columnar::TypePtr> types;
      for (size_t i = 0; i < op.columns.size(); ++i) {
        if (!Contains(needed, op.columns[i].id)) continue;
        scan.push_back(op.scan_columns[i]);
        types.push_back(op.columns[i].type);
        out.outputs.push_back(op.columns[i].id);
      }
      out.op = std::make_unique<TableScanSource>(std::move(types), op.source, std::move(scan),
                                                 op.pushed_filter);
      return out;
    }
    case LogicalKind::kValues: {
      Planned out;
      std::vector<columnar::TypePtr> types;
      for (const auto& c : op.columns) {
        types.push_back(c.type);
        out.outputs.push_back(c.id);
      }
      LAKEML_ASSIGN_OR_RETURN(out.op, ValuesSource::Make(std::move(types), op.rows));
      return out;
    }
    case LogicalKind::kFilter: {
      if (Conjuncts::IsTrueConstant(*op.expressions[0])) return Plan(*op.children[0], needed);
      std::vector<ColumnId> child_needed = needed;
      CollectColumns(*op.expressions[0], &child_needed);
      const LogicalOperator& child = *op.children[0];
      Planned in;
      if (child.kind == LogicalKind::kGet) {
        // Give the scan the conjuncts it can prune files with.
        LogicalOperator get(LogicalKind::kGet);
        get.columns = child.columns;
        get.source = child.source;
        get.scan_columns = child.scan_columns;
        get.pushed_filter = ScanPredicateBuilder::Build(*op.expressions[0], child);
        LAKEML_ASSIGN_OR_RETURN(in, Plan(get, child_needed));
      } else {
        LAKEML_ASSIGN_OR_RETURN(in, Plan(child, child_needed));
      }
      LAKEML_ASSIGN_OR_RETURN(ExprPtr cond, Resolve(*op.expressions[0], in.outputs));
      auto filter = std::make_unique<FilterOperator>(TypesOf(*in.op), std::move(cond));
      filter->children.push_back(std::move(in.op));
      return Planned{std::move(filter), std::move(in.outputs)};
    }
    case LogicalKind::kProjection: {
      // Projection pruning: an expression nobody above reads is not computed, and the columns
      // only it reads are not scanned (a subquery's `SELECT *` under EXISTS reads none).
      std::vector<size_t> kept;
      for (size_t i = 0; i < op.expressions.size(); ++i) {
        if (Contains(needed, op.columns[i].id)) kept.push_back(i);
      }
      std::vector<ColumnId> child_needed;
      for (size_t i : kept) CollectColumns(*op.expressions[i], &child_needed);
      LAKEML_ASSIGN_OR_RETURN(Planned in, Plan(*op.children[0], child_needed));
      std::vector<ExprPtr> exprs;
      std::vector<columnar::TypePtr> types;
      Planned out;
      for (size_t i : kept) {
        LAKEML_ASSIGN_OR_RETURN(ExprPtr e, Resolve(*op.expressions[i], in.outputs));
        exprs.push_back(std::move(e));
        types.push_back(op.columns[i].type);
        out.outputs.push_back(op.columns[i].id);
      }
      auto project = std::make_unique<ProjectionOperator>(std::move(types), std::move(exprs));
      project->children.push_back(std::move(in.op));
      out.op = std::move(project);
      return out;
    }
    case LogicalKind::kLimit: {
      Planned in;
      if (op.limit >= 0 && op.children[0]->kind == LogicalKind::kOrder) {
        // ORDER BY + LIMIT: a top-N sort keeps only limit + offset rows.
        const int64_t keep = op.offset > INT64_MAX - op.limit ? -1 : op.limit + op.offset;
        LAKEML_ASSIGN_OR_RETURN(in, PlanOrder(*op.children[0], needed, keep));
      } else {
        LAKEML_ASSIGN_OR_RETURN(in, Plan(*op.children[0], needed));
      }
      auto limit = std::make_unique<LimitOperator>(TypesOf(*in.op), op.limit, op.offset);
      limit->children.push_back(std::move(in.op));
      return Planned{std::move(limit), std::move(in.outputs)};
    }
    // Aggregation and sorting (plan_aggregate.cc, plan_order.cc).
    case LogicalKind::kAggregate:
      return PlanAggregate(op, needed);
    case LogicalKind::kOrder:
      return PlanOrder(op, needed, /*limit=*/-1);
    case LogicalKind::kJoin:
      return PlanJoin(op, needed);
    case LogicalKind::kUnion:
      return PlanUnion(op);
    case LogicalKind::kReplicate:
      return PlanReplicate(op);
    case LogicalKind::kWindow:  // sql-window
      return PlanWindow(op, needed);
    case LogicalKind::kExpand:  // sql-window
      return PlanExpand(op, needed);
    case LogicalKind::kGenerate:  // sql-lambda
      return PlanGenerate(op, needed);
  }
  return Status::Internal("Unknown logical operator");
}

}  // namespace lakeml::sql
