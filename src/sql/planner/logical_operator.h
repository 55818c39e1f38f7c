// LogicalOperator: one node of a bound logical plan. Uniform like AstNode: `kind` says which
// fields a node uses. Every node names its output columns with query-unique ColumnIds, so
// optimizer rewrites never depend on column positions.
//   kGet         source, scan_columns (indexes into source->schema()), pushed_filter
//   kValues      rows (constants), one row per entry; an empty `columns` list with one row is
//                the single empty row of `SELECT 1`
//   kFilter      expressions[0]: the condition; children[0]
//   kProjection  expressions: one per output column; children[0]
//   kLimit       limit (-1: none), offset; children[0]
//   kAggregate   groups: the grouping expressions; expressions: the aggregates (kAggregate
//                expressions); columns: one per group, then one per aggregate; children[0]
//   kOrder       expressions: the sort keys; sort_specs: one per key; children[0]
//   kJoin        join_type; expressions: the condition, or none (a cross product); children:
//                left, right; columns: left's then right's (left's only for SEMI / ANTI)
//   kUnion       UNION ALL: children: left, right, with the same column types as `columns`
//                (positional); left's rows first
//   kReplicate   expressions[0]: a BIGINT count; each child row repeated count times;
//                columns: a subset of the child's (INTERSECT ALL / EXCEPT ALL)
//   kWindow      windows: the window functions; columns: the child's, then one per window;
//                children[0] (sql-window)
//   kExpand      expressions: the group expressions; grouping_sets: one bit mask per set (bit i:
//                group i present); columns: the child's, then one per group (NULL when rolled
//                up), the grouping id (BIGINT), one grouping() flag (TINYINT) per group;
//                children[0] (sql-window)
//   kGenerate    expressions[0]: the generator's argument (ARRAY or MAP); generator: explode,
//                posexplode or inline; generator_outer; columns: the child's, then the generated
//                ones; children[0] (sql-lambda)
// Owned by unique_ptr; built by one thread, then read-only.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "delta/stats/skipping_predicate.h"
#include "sql/expression/bound_expression.h"
#include "sql/expression/bound_window.h"
#include "sql/expression/sort_spec.h"
#include "sql/planner/join_type.h"
#include "sql/storage/table_source.h"

namespace lakeml::sql {

enum class LogicalKind : uint8_t {
  kGet,
  kValues,
  kFilter,
  kProjection,
  kLimit,
  kAggregate,
  kOrder,
  kJoin,
  kUnion,      // sql-subquery
  kReplicate,  // sql-subquery
  kWindow,     // sql-window
  kExpand,     // sql-window
  kGenerate    // sql-lambda
};

struct OutputColumn {
  ColumnId id = 0;
  std::string name;
  TypePtr type;
  bool nullable = true;
};

class LogicalOperator;
using LogicalPtr = std::unique_ptr<LogicalOperator>;

class LogicalOperator {
 public:
  explicit LogicalOperator(LogicalKind kind) : kind(kind) {}

  // Indented plan text for EXPLAIN.
  std::string ToString(int indent = 0) const;
  // The position of column `id` in the output, or -1.
  int IndexOf(ColumnId id) const;

  LogicalKind kind;
  std::vector<LogicalPtr> children;
  std::vector<OutputColumn> columns;
  std::vector<ExprPtr> expressions;
  // kGet.
  std::shared_ptr<const TableSource> source;
  std::vector<int> scan_columns;
  std::optional<delta::Predicate> pushed_filter;
  // kValues.
  std::vector<std::vector<columnar::Scalar>> rows;
  // kLimit.
  int64_t limit = -1;
  int64_t offset = 0;
  // kAggregate.
  std::vector<ExprPtr> groups;
  // kOrder.
  std::vector<SortSpec> sort_specs;
  // kJoin (sql-join).
  JoinType join_type = JoinType::kInner;
  // kWindow (sql-window).
  std::vector<BoundWindow> windows;
  // kExpand (sql-window).
  std::vector<uint64_t> grouping_sets;
  // kGenerate (sql-lambda).
  std::string generator;
  bool generator_outer = false;
};

}  // namespace lakeml::sql
