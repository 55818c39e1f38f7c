#include "sql/optimizer/magic_set_reduction.h"

#include <unordered_map>
#include <unordered_set>

#include "sql/optimizer/cardinality_estimator.h"
#include "sql/optimizer/conjuncts.h"

namespace lakeml::sql {
namespace {

// Bounds the search through deep plans (the parser caps nesting; this caps the work).
constexpr int kMagicSetMaxDepth = 64;

bool IsMagicSetEquality(const BoundExpression& e) {
  return e.kind == ExprKind::kFunction && e.function != nullptr &&
         (e.function->name == "=" || e.function->name == "==") && e.children.size() == 2 &&
         e.children[0]->kind == ExprKind::kColumnRef && e.children[1]->kind == ExprKind::kColumnRef;
}

void MagicSetConjuncts(const BoundExpression& e, std::vector<const BoundExpression*>* out) {
  if (e.kind == ExprKind::kAnd) {
    for (const auto& c : e.children) MagicSetConjuncts(*c, out);
    return;
  }
  out->push_back(&e);
}

// Whether evaluating `e` again, on a copy of its input, gives the same rows and no new errors.
bool IsRepeatable(const BoundExpression& e) {
  if (e.kind == ExprKind::kHigherOrder || e.kind == ExprKind::kLambda ||
      e.kind == ExprKind::kAggregate) {
    return false;
  }
  if (e.kind == ExprKind::kFunction) {
    const std::string& n = e.function->name;
    if (n == "rand" || n == "random" || n == "randn" || n == "uuid" || n == "shuffle") {
      return false;
    }
  }
  for (const auto& c : e.children) {
    if (!IsRepeatable(*c)) return false;
  }
  return !Conjuncts::CanRaise(e);
}

const BoundExpression* ProjectedExpression(const LogicalOperator& op, ColumnId id) {
  const int i = op.IndexOf(id);
  return i < 0 ? nullptr : op.expressions[i].get();
}

// A chain: filters and projections over one table scan.
bool IsScanChain(const LogicalOperator& op) {
  if (op.kind == LogicalKind::kGet) return true;
  if (op.kind != LogicalKind::kFilter && op.kind != LogicalKind::kProjection) return false;
  return IsScanChain(*op.children[0]);
}

// A plan whose column `column` holds every value the traced outer key takes.
struct KeySource {
  LogicalPtr plan;
  ColumnId column = 0;
  double rows = 0;
};

// The scan at the bottom of chain `op` under the repeatable filter conjuncts that read only
// the scan's columns, with `id` traced to a scan column; no plan when `id` is computed.
KeySource CopyScanChain(const LogicalOperator& op, ColumnId id) {
  std::vector<const BoundExpression*> filters;
  const LogicalOperator* node = &op;
  for (; node->kind != LogicalKind::kGet; node = node->children[0].get()) {
    if (node->kind == LogicalKind::kProjection) {
      const BoundExpression* e = ProjectedExpression(*node, id);
      if (e == nullptr || e->kind != ExprKind::kColumnRef) return {};
      id = e->column_id;
    } else {
      MagicSetConjuncts(*node->expressions[0], &filters);
    }
  }
  const LogicalOperator& get = *node;
  if (get.IndexOf(id) < 0) return {};
  std::vector<ExprPtr> kept;
  for (const BoundExpression* f : filters) {
    if (IsRepeatable(*f) && Conjuncts::AllIn(Conjuncts::ColumnsOf(*f), get)) {
      kept.push_back(f->Copy());
    }
  }
  if (kept.empty()) return {};  // No filter: every key of the table, nothing to gain.
  auto scan = std::make_unique<LogicalOperator>(LogicalKind::kGet);
  scan->columns = get.columns;
  scan->source = get.source;
  scan->scan_columns = get.scan_columns;
  scan->pushed_filter = get.pushed_filter;
  auto filter = std::make_unique<LogicalOperator>(LogicalKind::kFilter);
  filter->columns = scan->columns;
  filter->expressions.push_back(Conjuncts::Combine(std::move(kept)));
  filter->children.push_back(std::move(scan));
  KeySource out;
  out.rows = CardinalityEstimator::Estimate(*filter);
  out.plan = std::move(filter);
  out.column = id;
  return out;
}

void KeepSmaller(KeySource candidate, KeySource* best) {
  if (candidate.plan == nullptr) return;
  if (best->plan == nullptr || candidate.rows < best->rows) *best = std::move(candidate);
}

// The smallest scan chain of `op` whose column holds every non-NULL value `id` takes in
// `op`'s output.
KeySource FindKeySource(const LogicalOperator& op, ColumnId id, int depth) {
  if (depth > kMagicSetMaxDepth) return {};
  if (IsScanChain(op)) return CopyScanChain(op, id);
  switch (op.kind) {
    case LogicalKind::kFilter:
      return FindKeySource(*op.children[0], id, depth + 1);
    case LogicalKind::kProjection: {
      const BoundExpression* e = ProjectedExpression(op, id);
      if (e == nullptr || e->kind != ExprKind::kColumnRef) return {};
      return FindKeySource(*op.children[0], e->column_id, depth + 1);
    }
    case LogicalKind::kAggregate: {
      const int i = op.IndexOf(id);
      if (i < 0 || static_cast<size_t>(i) >= op.groups.size() ||
          op.groups[i]->kind != ExprKind::kColumnRef) {
        return {};
      }
      return FindKeySource(*op.children[0], op.groups[i]->column_id, depth + 1);
    }
    case LogicalKind::kJoin: {
      // An output value of a join column is a value of that column on its side.
      KeySource best;
      const int side = op.children[0]->IndexOf(id) >= 0 ? 0 : 1;
      if (op.children[side]->IndexOf(id) < 0) return {};
      KeepSmaller(FindKeySource(*op.children[side], id, depth + 1), &best);
      // Inner and semi joins only output rows where every ON equality holds.
      const bool hop = op.join_type == JoinType::kInner || op.join_type == JoinType::kSemi;
      if (hop && !op.expressions.empty()) {
        std::vector<const BoundExpression*> conjuncts;
        MagicSetConjuncts(*op.expressions[0], &conjuncts);
        for (const BoundExpression* c : conjuncts) {
          if (!IsMagicSetEquality(*c)) continue;
          for (int k = 0; k < 2; ++k) {
            const ColumnId other = c->children[1 - k]->column_id;
            if (c->children[k]->column_id != id || op.children[1 - side]->IndexOf(other) < 0) {
              continue;
            }
            KeepSmaller(FindKeySource(*op.children[1 - side], other, depth + 1), &best);
          }
        }
      }
      return best;
    }
    default:
      return {};
  }
}

// The aggregate below `op` (through filters and pass-through projections) that groups by
// output column `id`, and the input column that group reads.
LogicalOperator* FindGroupingAggregate(LogicalOperator* op, ColumnId id, ColumnId* input) {
  for (int depth = 0; depth < kMagicSetMaxDepth; ++depth) {
    if (op->kind == LogicalKind::kFilter) {
      op = op->children[0].get();
    } else if (op->kind == LogicalKind::kProjection) {
      const BoundExpression* e = ProjectedExpression(*op, id);
      if (e == nullptr || e->kind != ExprKind::kColumnRef) return nullptr;
      id = e->column_id;
      op = op->children[0].get();
    } else if (op->kind == LogicalKind::kAggregate) {
      const int i = op->IndexOf(id);
      if (i < 0 || static_cast<size_t>(i) >= op->groups.size() ||
          op->groups[i]->kind != ExprKind::kColumnRef) {
        return nullptr;
      }
      *input = op->groups[i]->column_id;
      return op;
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

void CollectMagicSetIds(const LogicalOperator& op, std::unordered_set<ColumnId>* out) {
  for (const auto& c : op.columns) out->insert(c.id);
  for (const auto& child : op.children) CollectMagicSetIds(*child, out);
}

// Puts a semi join with `source` under `agg`, on the aggregate's input column `input` =
// source's key column (the equality `eq`, with its columns renamed).
void ReduceAggregateInput(LogicalOperator* agg, ColumnId input, const BoundExpression& eq,
                          ColumnId group_side, KeySource source) {
  std::unordered_set<ColumnId> inner;
  std::unordered_set<ColumnId> copied;
  CollectMagicSetIds(*agg->children[0], &inner);
  CollectMagicSetIds(*source.plan, &copied);
  for (ColumnId id : copied) {
    if (inner.count(id) != 0) return;  // Ambiguous names: leave the plan alone.
  }
  const int g = eq.children[0]->column_id == group_side ? 0 : 1;
  auto left_key = eq.children[g]->Copy();
  left_key->column_id = input;
  auto right_key = eq.children[1 - g]->Copy();
  right_key->column_id = source.column;
  auto condition = eq.Copy();
  condition->children[0] = std::move(left_key);
  condition->children[1] = std::move(right_key);
  auto semi = std::make_unique<LogicalOperator>(LogicalKind::kJoin);
  semi->join_type = JoinType::kSemi;
  semi->columns = agg->children[0]->columns;
  semi->expressions.push_back(std::move(condition));
  semi->children.push_back(std::move(agg->children[0]));
  semi->children.push_back(std::move(source.plan));
  agg->children[0] = std::move(semi);
}

void ReduceJoin(LogicalOperator* join) {
  if (join->expressions.empty()) return;
  std::vector<const BoundExpression*> conjuncts;
  MagicSetConjuncts(*join->expressions[0], &conjuncts);
  const JoinType type = join->join_type;
  for (int side = 0; side < 2; ++side) {
    // The aggregate's side must be one whose unmatched rows the join drops.
    const bool droppable = type == JoinType::kInner ||
                           (side == 1 && (type == JoinType::kLeft || type == JoinType::kSemi ||
                                          type == JoinType::kAnti)) ||
                           (side == 0 && type == JoinType::kRight);
    if (!droppable) continue;
    LogicalOperator* agg_side = join->children[side].get();
    const LogicalOperator& outer = *join->children[1 - side];
    for (const BoundExpression* c : conjuncts) {
      if (!IsMagicSetEquality(*c)) continue;
      for (int k = 0; k < 2; ++k) {
        const ColumnId group_column = c->children[k]->column_id;
        const ColumnId outer_column = c->children[1 - k]->column_id;
        if (agg_side->IndexOf(group_column) < 0 || outer.IndexOf(outer_column) < 0) continue;
        ColumnId input = 0;
        LogicalOperator* agg = FindGroupingAggregate(agg_side, group_column, &input);
        if (agg == nullptr) continue;
        KeySource source = FindKeySource(outer, outer_column, 0);
        if (source.plan == nullptr ||
            source.rows >= CardinalityEstimator::Estimate(*agg->children[0])) {
          continue;
        }
        ReduceAggregateInput(agg, input, *c, group_column, std::move(source));
      }
    }
  }
}

}  // namespace

LogicalPtr MagicSetReduction::Apply(LogicalPtr plan) {
  for (auto& c : plan->children) c = Apply(std::move(c));
  if (plan->kind == LogicalKind::kJoin) ReduceJoin(plan.get());
  return plan;
}

}  // namespace lakeml::sql
