// ExpressionExecutor: evaluates bound physical expressions (column references are kReference
// positions into the input chunk) over a chunk, vectorized.
//
// AND, OR and CASE evaluate each later operand only on the rows still undecided, so that a
// guard (`x <> 0 AND 1 / x > 1`, `CASE WHEN x = 0 THEN 0 ELSE 1 / x END`) keeps a row it
// excludes from raising, as Spark's evaluation order does.
//
// Stateless; thread-safe (the expressions are shared and immutable).
#pragma once

#include <cstdint>
#include <vector>

#include "base/result.h"
#include "sql/execution/chunk.h"
#include "sql/expression/bound_expression.h"

namespace lakeml::sql {

class ExpressionExecutor {
 public:
  // The value of `e` for every row of `chunk` (a vector of chunk.size rows).
  static Result<columnar::VectorPtr> Evaluate(const BoundExpression& e, const Chunk& chunk);
  // The rows (ascending) for which the boolean `predicate` is true.
  static Result<std::vector<int64_t>> Select(const BoundExpression& predicate, const Chunk& chunk);
  // The chunk restricted to `rows` (ascending or not), every column taken.
  static Result<Chunk> TakeRows(const Chunk& chunk, const std::vector<int64_t>& rows);
  // Evaluates a foldable expression to a scalar (the binder's constant folding).
  static Result<columnar::Scalar> EvaluateConstant(const BoundExpression& e);

 private:
  static Result<columnar::VectorPtr> EvaluateLogical(const BoundExpression& e, const Chunk& chunk);
  static Result<columnar::VectorPtr> EvaluateCase(const BoundExpression& e, const Chunk& chunk);
};

}  // namespace lakeml::sql
