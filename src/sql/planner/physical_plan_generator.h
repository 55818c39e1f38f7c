// PhysicalPlanGenerator: turns an (optimized) logical plan into a physical plan. Column
// references become positions in the child's output, and scans read only the columns that an
// operator above uses (projection pruning). A filter directly above a Delta scan also gives
// the scan a file-pruning predicate (delta::Predicate) built from its simple conjuncts.
//
// One generator plans one query; not thread-safe.
#pragma once

#include <vector>

#include "base/result.h"
#include "sql/execution/physical_operator.h"
#include "sql/planner/logical_operator.h"

namespace lakeml::sql {

class PhysicalPlanGenerator {
 public:
  // The physical plan producing exactly `plan`'s output columns, in order (no result sink).
  static Result<PhysicalPtr> Generate(const LogicalOperator& plan);

 private:
  struct Planned {
    PhysicalPtr op;
    std::vector<ColumnId> outputs;
  };
  static Result<Planned> Plan(const LogicalOperator& op, const std::vector<ColumnId>& needed);
  // A copy of `e` whose column refs are positions in `inputs`.
  static Result<ExprPtr> Resolve(const BoundExpression& e, const std::vector<ColumnId>& inputs);
  static void CollectColumns(const BoundExpression& e, std::vector<ColumnId>* out);

  // Aggregation and sorting (plan_aggregate.cc, plan_order.cc). `limit` >= 0 makes a top-N.
  static Result<Planned> PlanAggregate(const LogicalOperator& op,
                                       const std::vector<ColumnId>& needed);
  static Result<Planned> PlanOrder(const LogicalOperator& op, const std::vector<ColumnId>& needed,
                                   int64_t limit);
  // Joins (plan_join.cc).
  static Result<Planned> PlanJoin(const LogicalOperator& op, const std::vector<ColumnId>& needed);
  // UNION ALL (plan_union.cc; sql-subquery).
  static Result<Planned> PlanUnion(const LogicalOperator& op);
  static Result<Planned> PlanReplicate(const LogicalOperator& op);
  // Window functions (plan_window.cc, sql-window).
  static Result<Planned> PlanWindow(const LogicalOperator& op, const std::vector<ColumnId>& needed);
  // GROUPING SETS (plan_expand.cc, sql-window).
  static Result<Planned> PlanExpand(const LogicalOperator& op, const std::vector<ColumnId>& needed);
  // Generators (plan_generate.cc, sql-lambda).
  static Result<Planned> PlanGenerate(const LogicalOperator& op,
                                      const std::vector<ColumnId>& needed);
};

}  // namespace lakeml::sql
