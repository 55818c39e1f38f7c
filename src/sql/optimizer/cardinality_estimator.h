// CardinalityEstimator: rough output row counts of logical plans, for join ordering and the
// choice of a hash join's build side. Tables report their row count (Delta: the files'
// numRecords statistics); a filter's range conditions on integer and date columns keep the
// fraction of the column's [min, max] they leave, and each other conjunct a fixed fraction. An
// equi-join on columns whose distinct counts are known (Delta min/max statistics of integer and
// date columns) keeps |L| * |R| / max(ndv(a), ndv(b)) rows (the most selective equality only);
// otherwise it is assumed to be a key / foreign-key join (the larger input's count). Q5's
// customer-supplier edge on nationkey (25 values) is then seen as the 12-million-row join it is.
//
// Stateless; thread-safe.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "sql/planner/logical_operator.h"

namespace lakeml::sql {

class CardinalityEstimator {
 public:
  static constexpr double kFilterSelectivity = 0.2;
  static constexpr double kUnknownTableRows = 1e6;

  static double Estimate(const LogicalOperator& op);
  // An upper bound on the distinct values of column `id` of `op`'s output, when known.
  static std::optional<double> EstimateDistinct(const LogicalOperator& op, ColumnId id);
  // The [min, max] of integer or date column `id` of `op`'s output, when its table knows it.
  static std::optional<std::pair<int64_t, int64_t>> EstimateRange(const LogicalOperator& op,
                                                                  ColumnId id);
  // The fraction of `child`'s rows that `condition` keeps.
  static double FilterSelectivity(const LogicalOperator& child, const BoundExpression& condition);
  // Rows of `left` (estimated `left_rows`) joined with `right` on `conjuncts` (conditions on
  // both sides; those on one side only count as filters).
  static double EstimateJoin(const LogicalOperator& left, double left_rows,
                             const LogicalOperator& right, double right_rows,
                             const std::vector<const BoundExpression*>& conjuncts);
};

}  // namespace lakeml::sql
