// ExpandOperator: GROUPING SETS / ROLLUP / CUBE below a hash aggregate (sql-window). Streams
// one output chunk per input chunk holding one copy of the input rows per grouping set: the
// input columns, then each group expression's value (NULL where the set rolls it up), then the
// grouping id (BIGINT, Spark's bit order: the first group is the most significant bit, set when
// rolled up) and one grouping() flag (TINYINT) per group. A set listed again carries its
// ordinal among the equal sets above the grouping id bits, so that each copy forms its own groups.
//
// Immutable after construction; thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "sql/execution/physical_operator.h"
#include "sql/expression/bound_expression.h"

namespace lakeml::sql {

class ExpandOperator final : public PhysicalOperator {
 public:
  // `sets`: per grouping set, bit i set when group i is present.
  ExpandOperator(std::vector<columnar::TypePtr> types, std::vector<ExprPtr> groups,
                 std::vector<uint64_t> sets);

  std::string name() const override { return "Expand"; }
  std::string details() const override;

  bool IsStreaming() const override { return true; }
  Status Execute(ExecutionContext& ctx, Chunk& input, Chunk* output,
                 OperatorState& state) const override;

 private:
  std::vector<ExprPtr> groups_;
  std::vector<uint64_t> sets_;
};

}  // namespace lakeml::sql
