// JoinOrder: orders groups of inner joins by estimated cardinality (CardinalityEstimator). A
// connected group of up to JoinEnumerator::kMaxInputs inputs gets the tree of least C_out from
// JoinEnumerator (dynamic programming; possibly bushy); larger or unconnected groups are ordered
// greedily: start from the smallest input, then repeatedly join the smallest input connected to
// the joined set by a condition (or the smallest at all when none is). Either way the smaller
// side of each join goes on the right, the hash join's build side. Every condition
// lands on the lowest join that has all its columns. Outer joins keep their inputs but swap
// sides (LEFT <-> RIGHT) so the smaller one is built; SEMI / ANTI joins never swap here (the
// physical planner may build their left side), and move below an inner join to the input
// their condition reads.
//
// Stateless; thread-safe. Runs after FilterPushdown (conditions are in the joins).
#pragma once

#include <vector>

#include "sql/optimizer/join_enumerator.h"
#include "sql/planner/logical_operator.h"

namespace lakeml::sql {

class JoinOrder {
 public:
  static LogicalPtr Apply(LogicalPtr plan);

 private:
  // The inputs and conditions of the inner-join tree rooted at `op`.
  static void Flatten(LogicalPtr op, std::vector<LogicalPtr>* inputs,
                      std::vector<ExprPtr>* conditions);
  static LogicalPtr Reorder(std::vector<LogicalPtr> inputs, std::vector<ExprPtr> conditions);
  static LogicalPtr MakeInnerJoin(LogicalPtr left, LogicalPtr right, std::vector<ExprPtr> conds);
  // Builds `tree`, taking its leaves from `inputs` and each condition at the lowest join
  // that has all its columns (the condition's slot becomes null).
  static LogicalPtr BuildTree(const JoinEnumerator::Tree& tree, std::vector<LogicalPtr>* inputs,
                              std::vector<ExprPtr>* conditions,
                              const std::vector<std::vector<ColumnId>>& condition_columns);
  static LogicalPtr ReorderGreedy(std::vector<LogicalPtr> inputs, std::vector<double> estimates,
                                  std::vector<ExprPtr>* conditions,
                                  const std::vector<std::vector<ColumnId>>& condition_columns);
  // Whether every id of `ids` is an output of `a` or of `b`.
  static bool Covered(const std::vector<ColumnId>& ids, const LogicalOperator& a,
                      const LogicalOperator& b);
};

}  // namespace lakeml::sql
