// BoundWindow: one bound window function call `f(args) OVER (PARTITION BY ... ORDER BY ...
// frame)` of a logical kWindow operator (sql-window). The function is either an aggregate of
// the AggregateRegistry evaluated over the frame, or a ranking / offset / value function.
//   args: the function's value arguments, cast to their final types (lag/lead: value and the
//   default; first_value/last_value/nth_value: the value; aggregates: their argument, none
//   for count(*)). Constant parameters (offsets, ntile buckets) are folded into `offset`.
// Frames: ROWS bounds count rows; RANGE bounds with offsets compare the single ORDER BY key
// (numbers, dates as days) with `value_offset`. `frame_explicit` false means Spark's default
// frame (RANGE UNBOUNDED PRECEDING to CURRENT ROW with ORDER BY, else the whole partition).
// Owned by its LogicalOperator; plain value, copyable through Copy().
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sql/expression/bound_expression.h"
#include "sql/expression/sort_spec.h"

namespace lakeml::sql {

enum class WindowFunctionKind : uint8_t {
  kAggregate,
  kRowNumber,
  kRank,
  kDenseRank,
  kPercentRank,
  kCumeDist,
  kNtile,
  kLag,
  kLead,
  kFirstValue,
  kLastValue,
  kNthValue
};

enum class FrameBoundKind : uint8_t {
  kUnboundedPreceding,
  kPreceding,
  kCurrentRow,
  kFollowing,
  kUnboundedFollowing
};

struct WindowFrameBound {
  FrameBoundKind kind = FrameBoundKind::kCurrentRow;
  int64_t rows = 0;         // ROWS: the n of n PRECEDING / FOLLOWING (>= 0)
  double value_offset = 0;  // RANGE: the offset (>= 0)
};

struct WindowFrame {
  bool rows = false;  // ROWS, else RANGE
  WindowFrameBound start{FrameBoundKind::kUnboundedPreceding};
  WindowFrameBound end{FrameBoundKind::kUnboundedFollowing};
};

struct BoundWindow {
  WindowFunctionKind function = WindowFunctionKind::kAggregate;
  std::shared_ptr<const AggregateFunctionBinding> aggregate;  // kAggregate
  bool ignore_nulls = false;
  int64_t offset = 1;  // lag/lead offset, ntile buckets, nth_value n
  std::vector<ExprPtr> args;
  std::vector<ExprPtr> partitions;
  std::vector<ExprPtr> orders;
  std::vector<SortSpec> specs;
  WindowFrame frame;
  TypePtr type;
  std::string name;  // SQL text for EXPLAIN

  BoundWindow Copy() const;
  std::string ToString() const;
};

}  // namespace lakeml::sql
