// FilterPushdown: moves filter conjuncts as far down a logical plan as they stay correct:
// through projections (column refs replaced by the projected expressions), into the side of a
// join whose columns they read (only a join's preserved side: never below the NULL-supplying
// side of an outer join), and into inner-join conditions, so that `FROM a, b WHERE a.x = b.y`
// becomes an equi-join instead of a cross product. A join's own ON conjuncts that read one side
// only move into that side where the join type allows. Conjuncts that can raise an error stay
// above the joins (a conjunct before them may guard them). Conjuncts keep their order where
// they end up together.
//
// Stateless; thread-safe.
#pragma once

#include <vector>

#include "sql/planner/logical_operator.h"

namespace lakeml::sql {

class FilterPushdown {
 public:
  static LogicalPtr Apply(LogicalPtr plan);

 private:
  static LogicalPtr Push(LogicalPtr op, std::vector<ExprPtr> filters);
  static LogicalPtr PushIntoJoin(LogicalPtr op, std::vector<ExprPtr> filters);
  // `op` under a filter of `filters` (op itself when there are none).
  static LogicalPtr Wrap(LogicalPtr op, std::vector<ExprPtr> filters);
};

}  // namespace lakeml::sql
