// JoinOrder: orders chains of inner joins greedily by estimated cardinality
// (CardinalityEstimator): start from the smallest input, then repeatedly join the smallest
// input connected to the joined set by a condition (or the smallest at all when none is), and
// put the smaller side of each join on the right, the hash join's build side. Every condition
// lands on the lowest join that has all its columns. Outer joins keep their inputs but swap
// sides (LEFT <-> RIGHT) so the smaller one is built; SEMI / ANTI joins never swap here (the
// physical planner may build their left side), and move below an inner join to the input
// their condition reads.
//
// Stateless; thread-safe. Runs after FilterPushdown (conditions are in the joins).
#pragma once

#include <vector>

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
};

}  // namespace lakeml::sql
