// DistinctAggregateRewrite: an aggregate whose aggregates are all DISTINCT over the same
// arguments becomes two plain aggregates, as Spark and DuckDB plan it:
//
//   Aggregate(G; f(DISTINCT x), g(DISTINCT x))
//     => Aggregate(G'; f(x'), g(x')) over Aggregate(G, x; -)
//
// The inner aggregate removes the duplicates with the ordinary (vectorized, spilling) hash
// table instead of one set of values per group, so count(DISTINCT x) over millions of values
// needs no per-value allocation and can exceed memory. Only aggregates that ignore NULL
// arguments qualify (count, sum, avg, min, max, variances, collect_*), since the inner
// aggregate keeps a NULL x as a group; aggregates with parameters, mixed DISTINCT and plain
// aggregates, or different arguments keep the per-group sets.
//
// Stateless; thread-safe.
#pragma once

#include "sql/planner/logical_operator.h"

namespace lakeml::sql {

class DistinctAggregateRewrite {
 public:
  static LogicalPtr Apply(LogicalPtr plan);
};

}  // namespace lakeml::sql
