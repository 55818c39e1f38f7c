// HigherOrderExecutor: evaluates kHigherOrder expressions (transform, filter, exists, forall,
// aggregate/reduce, zip_with, map_filter, transform_keys, transform_values, array_sort with a
// comparator) over a chunk, vectorized: the array elements of all rows are flattened into one
// vector, the lambda body is evaluated once over all elements (the columns and outer lambda
// parameters it reads repeated per element with a take), and the offsets are rebuilt.
// aggregate runs element position by position across the rows. The array_sort comparator is
// evaluated per comparison (a merge sort that stays in bounds whatever the comparator returns).
//
// Stateless; thread-safe.
#pragma once

#include "base/result.h"
#include "columnar/vector.h"
#include "sql/execution/chunk.h"
#include "sql/expression/bound_expression.h"

namespace lakeml::sql {

class HigherOrderExecutor {
 public:
  // REQUIRES: e.kind == ExprKind::kHigherOrder, bound by Binder::BindHigherOrderCall.
  static Result<columnar::VectorPtr> Evaluate(const BoundExpression& e, const Chunk& chunk);
};

}  // namespace lakeml::sql
