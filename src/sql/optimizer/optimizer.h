// Optimizer: the logical rewrites between binding and physical planning, in order:
// FilterPushdown (conjuncts toward the scans and into join conditions), then MagicSetReduction
// (a grouped aggregate joined on its key sees only the keys a selective outer scan can match),
// then JoinOrder (inner join chains ordered by estimated size, the smaller side built).
//
// Stateless; thread-safe.
#pragma once

#include "sql/planner/logical_operator.h"

namespace lakeml::sql {

class Optimizer {
 public:
  static LogicalPtr Optimize(LogicalPtr plan);
};

}  // namespace lakeml::sql
