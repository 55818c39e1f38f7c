#include "sql/optimizer/filter_pushdown.h"

#include <unordered_map>

#include "sql/optimizer/conjuncts.h"

namespace lakeml::sql {

LogicalPtr FilterPushdown::Apply(LogicalPtr plan) { return Push(std::move(plan), {}); }

LogicalPtr FilterPushdown::Wrap(LogicalPtr op, std::vector<ExprPtr> filters) {
  if (filters.empty()) return op;
  auto filter = std::make_unique<LogicalOperator>(LogicalKind::kFilter);
  filter->columns = op->columns;
  filter->expressions.push_back(Conjuncts::Combine(std::move(filters)));
  filter->children.push_back(std::move(op));
  return filter;
}

LogicalPtr FilterPushdown::Push(LogicalPtr op, std::vector<ExprPtr> filters) {
  switch (op->kind) {
    case LogicalKind::kFilter: {
      std::vector<ExprPtr> all;
      Conjuncts::Split(std::move(op->expressions[0]), &all);
      for (auto& f : filters) all.push_back(std::move(f));
      return Push(std::move(op->children[0]), std::move(all));
    }
    case LogicalKind::kProjection: {
      std::unordered_map<ColumnId, const BoundExpression*> map;
      for (size_t i = 0; i < op->columns.size(); ++i) {
        map[op->columns[i].id] = op->expressions[i].get();
      }
      std::vector<ExprPtr> below;
      for (const auto& f : filters) below.push_back(Conjuncts::Substitute(*f, map));
      op->children[0] = Push(std::move(op->children[0]), std::move(below));
      return op;
    }
    case LogicalKind::kJoin:
      return PushIntoJoin(std::move(op), std::move(filters));
    case LogicalKind::kGet:
    case LogicalKind::kValues:
      return Wrap(std::move(op), std::move(filters));
    default:
      // LIMIT and operators this pass does not know: filters stay above.
      for (auto& c : op->children) c = Push(std::move(c), {});
      return Wrap(std::move(op), std::move(filters));
  }
}

LogicalPtr FilterPushdown::PushIntoJoin(LogicalPtr op, std::vector<ExprPtr> filters) {
  const JoinType type = op->join_type;
  const LogicalOperator& left = *op->children[0];
  const LogicalOperator& right = *op->children[1];
  // Sides a filter above the join may move into: those whose rows the join never pads.
  const bool above_left = type == JoinType::kInner || type == JoinType::kLeft ||
                          type == JoinType::kSemi || type == JoinType::kAnti;
  const bool above_right = type == JoinType::kInner || type == JoinType::kRight;
  // Sides an ON conjunct may move into: the side whose rows it only decides matches for.
  const bool on_left = type == JoinType::kInner || type == JoinType::kRight;
  const bool on_right = type == JoinType::kInner || type == JoinType::kLeft ||
                        type == JoinType::kSemi || type == JoinType::kAnti;
  std::vector<ExprPtr> left_filters;
  std::vector<ExprPtr> right_filters;
  std::vector<ExprPtr> condition;
  std::vector<ExprPtr> remaining;
  if (!op->expressions.empty()) {
    std::vector<ExprPtr> on;
    Conjuncts::Split(std::move(op->expressions[0]), &on);
    for (auto& c : on) {
      const std::vector<ColumnId> ids = Conjuncts::ColumnsOf(*c);
      const bool movable = !Conjuncts::CanRaise(*c);
      if (movable && on_right && Conjuncts::AllIn(ids, right)) {
        right_filters.push_back(std::move(c));
      } else if (movable && on_left && Conjuncts::AllIn(ids, left)) {
        left_filters.push_back(std::move(c));
      } else {
        condition.push_back(std::move(c));
      }
    }
  }
  for (auto& f : filters) {
    const std::vector<ColumnId> ids = Conjuncts::ColumnsOf(*f);
    const bool movable = !Conjuncts::CanRaise(*f);
    if (movable && above_left && Conjuncts::AllIn(ids, left)) {
      left_filters.push_back(std::move(f));
    } else if (movable && above_right && Conjuncts::AllIn(ids, right)) {
      right_filters.push_back(std::move(f));
    } else if (type == JoinType::kInner) {
      condition.push_back(std::move(f));
    } else {
      remaining.push_back(std::move(f));
    }
  }
  op->children[0] = Push(std::move(op->children[0]), std::move(left_filters));
  op->children[1] = Push(std::move(op->children[1]), std::move(right_filters));
  op->expressions.clear();
  if (ExprPtr c = Conjuncts::Combine(std::move(condition))) op->expressions.push_back(std::move(c));
  return Wrap(std::move(op), std::move(remaining));
}

}  // namespace lakeml::sql
