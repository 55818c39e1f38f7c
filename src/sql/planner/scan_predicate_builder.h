// ScanPredicateBuilder: the part of a filter condition a Delta scan can prune files with,
// as a delta::Predicate over the table's column names: conjuncts that compare a column with a
// constant of the column's own type, null tests, and ORs of those. Other conjuncts are left
// out (the Filter operator above still checks every row).
//
// Stateless; thread-safe.
#pragma once

#include <optional>

#include "delta/stats/skipping_predicate.h"
#include "sql/expression/bound_expression.h"
#include "sql/planner/logical_operator.h"

namespace lakeml::sql {

class ScanPredicateBuilder {
 public:
  // nullopt when no conjunct can be used. REQUIRES: get.kind == kGet.
  static std::optional<delta::Predicate> Build(const BoundExpression& condition,
                                               const LogicalOperator& get);

 private:
  static std::optional<delta::Predicate> Convert(const BoundExpression& e,
                                                 const LogicalOperator& get);
};

}  // namespace lakeml::sql
