// MagicSetReduction: shrinks the input of a grouped aggregate that is joined to a selective
// plan on one of its group keys (decorrelated correlated subqueries: TPC-H Q2, Q17, Q20).
//
//   JOIN(outer, AGG[g, ...](in)) ON g = k AND ...
//     -> JOIN(outer, AGG[g, ...](SEMI(in, copy of C) ON g = k'))
//
// where C is a cheap chain (a table scan under filters) somewhere in `outer` whose column k'
// holds every value k takes (k traced through pass-through projections, group keys, and the
// equalities of inner and semi joins). The aggregate then only sees the rows of groups the
// join can match (the "magic set", as DuckDB's delim join pushes the distinct outer keys):
// Q17 aggregates the line items of ~2,000 parts instead of all 200,000.
//
// Correct because a group's rows are all kept or all dropped (the semi join reads the group
// key only), and only groups whose key no outer row equals are dropped: the join never
// matches them, and the aggregate is on the side whose unmatched rows the join drops (inner;
// the right of LEFT / SEMI / ANTI; the left of RIGHT). NULL keys never match `=`. The copy
// keeps only the deterministic filter conjuncts that cannot raise, so it reads a superset of
// C's rows and adds no errors. Applied only when C has a filter and is estimated smaller than
// the aggregate's input.
//
// Stateless; thread-safe. Runs after FilterPushdown (conditions are in the joins) and before
// JoinOrder (which may push the new semi join further down).
#pragma once

#include "sql/planner/logical_operator.h"

namespace lakeml::sql {

class MagicSetReduction {
 public:
  static LogicalPtr Apply(LogicalPtr plan);
};

}  // namespace lakeml::sql
