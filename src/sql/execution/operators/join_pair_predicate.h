// JoinPairPredicate: a hash join's residual condition evaluated directly on candidate pairs
// (probe row, build row), without gathering the pairs' columns into a chunk first. It handles
// the common residual shape, a conjunction of comparisons (=, <>, <, <=, >, >=) between two
// column references of one type (integers, dates, timestamps, decimals; strings for = and <>),
// e.g. TPC-H Q21's `l2.l_suppkey <> l1.l_suppkey`. A pair is kept when every comparison is
// TRUE: a NULL operand drops it, as a filter does. Other residuals are not compiled (the join
// evaluates them through the ExpressionExecutor).
//
// Immutable after Compile; thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "columnar/vector.h"
#include "sql/expression/bound_expression.h"

namespace lakeml::sql {

class JoinPairPredicate {
 public:
  // Null when `residual` (over probe columns ++ build columns) has another shape.
  static std::unique_ptr<JoinPairPredicate> Compile(const BoundExpression& residual);
  // Keeps the pairs (probe_rows[i], build_rows[i]) that satisfy the predicate: compacts both
  // arrays in place and returns the new count.
  // REQUIRES: the columns are those the residual was bound over; rows in range.
  int64_t Filter(const std::vector<columnar::VectorPtr>& probe,
                 const std::vector<columnar::VectorPtr>& build, uint32_t* probe_rows,
                 uint32_t* build_rows, int64_t count) const;

 private:
  enum class Op : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };
  struct Comparison {
    Op op;
    // Columns of probe ++ build.
    int left;
    int right;
  };

  JoinPairPredicate() = default;
  bool Add(const BoundExpression& e);

  std::vector<Comparison> comparisons_;
};

}  // namespace lakeml::sql
