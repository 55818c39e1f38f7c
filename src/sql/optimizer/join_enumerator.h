// JoinEnumerator: chooses the shape of an inner-join group by dynamic programming over the
// connected subsets of its inputs (DPsub), minimizing C_out: the sum of the estimated rows of
// every intermediate join. Trees may be bushy. Row estimates follow CardinalityEstimator's model
// (distinct counts of the key columns, most selective equality only, a fixed fraction per other
// condition), computed from each input's own statistics so that no operator is built while
// enumerating.
//
// Cross products are never enumerated: when the join graph is not connected, or has more than
// kMaxInputs inputs, Plan returns nullopt and the caller orders greedily.
//
// Stateless; thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "sql/planner/logical_operator.h"

namespace lakeml::sql {

class JoinEnumerator {
 public:
  // 3^n splits are visited: 59,049 at 10 inputs, well under a millisecond.
  static constexpr size_t kMaxInputs = 10;

  // A join tree over input indices: a leaf (input >= 0) or a join of left and right.
  struct Tree {
    int input = -1;
    double rows = 0;  // Estimated output rows.
    std::unique_ptr<Tree> left;
    std::unique_ptr<Tree> right;
  };

  // The cheapest tree joining all `inputs` (estimated `estimates` rows each) on `conditions`,
  // or nullopt as above.
  // REQUIRES: estimates.size() == inputs.size() >= 2.
  static std::optional<Tree> Plan(const std::vector<LogicalPtr>& inputs,
                                  const std::vector<double>& estimates,
                                  const std::vector<ExprPtr>& conditions);
};

}  // namespace lakeml::sql
