// RuntimeFilterPlacer: puts a RuntimeFilterOperator on a hash join's probe side, right above
// the table scan (and the scan's own filter) that produces the join's probe key, when the key
// reaches the join unchanged through filters, column-reference projections and the probe
// sides of joins that output their probe columns first (inner, LEFT, SEMI, ANTI): those all
// stream in the join's probe pipeline, which starts after the join's build has finished and
// published the filter. Only for join types whose result never contains a probe row without
// a key match (inner, SEMI, RIGHT, RIGHT SEMI, RIGHT ANTI).
// Filters of several joins on one scan stack (the later-planned, upper join's filter lowest).
//
// Stateless; used by the planner of one query (not thread-safe on the plan it edits).
#pragma once

#include <memory>

#include "sql/execution/physical_operator.h"
#include "sql/execution/runtime_filter.h"
#include "sql/planner/join_type.h"

namespace lakeml::sql {

class RuntimeFilterPlacer {
 public:
  // Whether dropping probe rows without a key match leaves a `type` join's result unchanged.
  static bool Fits(JoinType type);
  // Places `filter` over the scan below `*probe` whose output column `key_column` of *probe
  // comes from; false (the plan unchanged) when there is none.
  static bool Place(PhysicalPtr* probe, int key_column,
                    const std::shared_ptr<RuntimeFilter>& filter, const std::string& key_name);
};

}  // namespace lakeml::sql
