// CardinalityEstimator: rough output row counts of logical plans, for join ordering and the
// choice of a hash join's build side. Tables report their row count (Delta: the files'
// numRecords statistics); each filter conjunct keeps a fixed fraction; an equi-join is assumed
// to be a key / foreign-key join (the larger input's count).
//
// Stateless; thread-safe.
#pragma once

#include "sql/planner/logical_operator.h"

namespace lakeml::sql {

class CardinalityEstimator {
 public:
  static constexpr double kFilterSelectivity = 0.2;
  static constexpr double kUnknownTableRows = 1e6;

  static double Estimate(const LogicalOperator& op);
};

}  // namespace lakeml::sql
