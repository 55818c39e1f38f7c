#include "sql/optimizer/optimizer.h"

#include "sql/optimizer/distinct_aggregate_rewrite.h"
#include "sql/optimizer/filter_pushdown.h"
#include "sql/optimizer/join_order.h"
#include "sql/optimizer/magic_set_reduction.h"

namespace lakeml::sql {

LogicalPtr Optimizer::Optimize(LogicalPtr plan) {
  plan = FilterPushdown::Apply(std::move(plan));
  plan = MagicSetReduction::Apply(std::move(plan));
  plan = JoinOrder::Apply(std::move(plan));
  plan = DistinctAggregateRewrite::Apply(std::move(plan));
  return plan;
}

}  // namespace lakeml::sql
