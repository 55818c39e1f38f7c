// SubqueryRunner: what the binder asks to execute an uncorrelated scalar subquery while binding
// (Spark evaluates these before the main query too). The session implements it over its
// optimizer, planner and executor, so the binder does not depend on them.
//
// Implementations are used by one statement's binder at a time.
#pragma once

#include <vector>

#include "base/result.h"
#include "columnar/scalar.h"
#include "sql/planner/logical_operator.h"

namespace lakeml::sql {

class SubqueryRunner {
 public:
  virtual ~SubqueryRunner() = default;
  // Runs `plan` (one output column) and returns the values of its first `max_rows` rows.
  virtual Result<std::vector<columnar::Scalar>> Run(LogicalPtr plan, int64_t max_rows) = 0;
};

}  // namespace lakeml::sql
