#include "sql/optimizer/cardinality_estimator.h"

#include <algorithm>
#include <cmath>

#include "sql/optimizer/conjuncts.h"

namespace lakeml::sql {
namespace {

// `column <op> constant` (either order) on an integer or date column: the column, the
// operator as if the column were on the left, and the constant.
struct RangeBound {
  ColumnId column = 0;
  std::string op;
  int64_t value = 0;
};

std::optional<RangeBound> AsRangeBound(const BoundExpression& e) {
  std::optional<Conjuncts::ColumnComparison> m = Conjuncts::MatchColumnComparison(e);
  if (!m || m->op == "<>") return std::nullopt;
  const columnar::TypePtr& type = m->constant->value.type;
  const columnar::TypeId id = type ? type->id() : columnar::TypeId::kNull;
  if (id != columnar::TypeId::kInt8 && id != columnar::TypeId::kInt16 &&
      id != columnar::TypeId::kInt32 && id != columnar::TypeId::kInt64 &&
      id != columnar::TypeId::kDate32) {
    return std::nullopt;
  }
  return RangeBound{m->column->column_id, m->op, m->constant->value.i};
}

}  // namespace

// Conjuncts bounding an integer or date column whose [min, max] is known narrow that range, and
// keep the fraction of it that is left (per column, so `d >= x AND d < y` is one interval, not
// two independent halves); `=` keeps 1 / distinct values. Other conjuncts keep
// kFilterSelectivity each.
double CardinalityEstimator::FilterSelectivity(const LogicalOperator& child,
                                               const BoundExpression& condition) {
  std::vector<const BoundExpression*> conjuncts;
  std::vector<const BoundExpression*> stack = {&condition};
  while (!stack.empty()) {
    const BoundExpression* e = stack.back();
    stack.pop_back();
    if (e->kind == ExprKind::kAnd) {
      for (const auto& c : e->children) stack.push_back(c.get());
    } else if (!Conjuncts::IsTrueConstant(*e)) {
      conjuncts.push_back(e);
    }
  }
  struct Narrowed {
    double lo, hi;     // The column's known range.
    double low, high;  // What the conjuncts leave of it.
    bool equality = false;
  };
  std::vector<std::pair<ColumnId, Narrowed>> columns;
  double selectivity = 1.0;
  for (const BoundExpression* c : conjuncts) {
    const std::optional<RangeBound> bound = AsRangeBound(*c);
    std::optional<std::pair<int64_t, int64_t>> range;
    if (bound) range = EstimateRange(child, bound->column);
    if (!range) {
      selectivity *= kFilterSelectivity;
      continue;
    }
    auto it = std::find_if(columns.begin(), columns.end(),
                           [&](const auto& p) { return p.first == bound->column; });
    if (it == columns.end()) {
      const double lo = static_cast<double>(range->first);
      const double hi = static_cast<double>(range->second);
      columns.push_back({bound->column, Narrowed{lo, hi, lo, hi}});
      it = columns.end() - 1;
    }
    Narrowed& n = it->second;
    const double v = static_cast<double>(bound->value);
    if (bound->op == "=") {
      n.low = std::max(n.low, v);
      n.high = std::min(n.high, v);
      n.equality = true;
    } else if (bound->op == "<") {
      n.high = std::min(n.high, v - 1);
    } else if (bound->op == "<=") {
      n.high = std::min(n.high, v);
    } else if (bound->op == ">") {
      n.low = std::max(n.low, v + 1);
    } else {
      n.low = std::max(n.low, v);
    }
  }
  for (const auto& [id, n] : columns) {
    const double span = n.hi - n.lo + 1;
    if (n.equality) {
      const std::optional<double> distinct = EstimateDistinct(child, id);
      selectivity *= n.low <= n.high ? 1.0 / std::max(1.0, distinct.value_or(span)) : 0.0;
    } else {
      selectivity *= std::max(0.0, n.high - n.low + 1) / span;
    }
  }
  return selectivity;
}

std::optional<std::pair<int64_t, int64_t>> CardinalityEstimator::EstimateRange(
    const LogicalOperator& op, ColumnId id) {
  switch (op.kind) {
    case LogicalKind::kGet: {
      const int i = op.IndexOf(id);
      if (i < 0) return std::nullopt;
      return op.source->EstimatedRange(op.scan_columns[i]);
    }
    case LogicalKind::kFilter:
    case LogicalKind::kOrder:
    case LogicalKind::kLimit:
      return EstimateRange(*op.children[0], id);
    case LogicalKind::kProjection: {
      const int i = op.IndexOf(id);
      if (i < 0 || static_cast<size_t>(i) >= op.expressions.size()) return std::nullopt;
      const BoundExpression& e = *op.expressions[i];
      if (e.kind != ExprKind::kColumnRef) return std::nullopt;
      return EstimateRange(*op.children[0], e.column_id);
    }
    default:
      return std::nullopt;
  }
}

double CardinalityEstimator::Estimate(const LogicalOperator& op) {
  switch (op.kind) {
    case LogicalKind::kGet: {
      const std::optional<int64_t> rows = op.source->EstimatedRows();
      return rows ? static_cast<double>(*rows) : kUnknownTableRows;
    }
    case LogicalKind::kValues:
      return static_cast<double>(op.rows.size());
    case LogicalKind::kFilter:
      return std::max(
          1.0, Estimate(*op.children[0]) * FilterSelectivity(*op.children[0], *op.expressions[0]));
    case LogicalKind::kLimit: {
      const double child = Estimate(*op.children[0]);
      return op.limit < 0 ? child : std::min(child, static_cast<double>(op.limit));
    }
    case LogicalKind::kJoin: {
      const double l = Estimate(*op.children[0]);
      const double r = Estimate(*op.children[1]);
      switch (op.join_type) {
        case JoinType::kSemi:
        case JoinType::kAnti:
          return l;
        default:
          break;
      }
      std::vector<ExprPtr> conjuncts;
      if (!op.expressions.empty()) Conjuncts::Split(op.expressions[0]->Copy(), &conjuncts);
      std::vector<const BoundExpression*> raw;
      for (const auto& c : conjuncts) raw.push_back(c.get());
      const double joined = EstimateJoin(*op.children[0], l, *op.children[1], r, raw);
      if (op.join_type == JoinType::kLeft) return std::max(joined, l);
      if (op.join_type == JoinType::kRight) return std::max(joined, r);
      if (op.join_type == JoinType::kFull) return std::max({joined, l, r});
      return joined;
    }
    default:
      return op.children.empty() ? kUnknownTableRows : Estimate(*op.children[0]);
  }
}

std::optional<double> CardinalityEstimator::EstimateDistinct(const LogicalOperator& op,
                                                             ColumnId id) {
  std::optional<double> child;
  switch (op.kind) {
    case LogicalKind::kGet: {
      const int i = op.IndexOf(id);
      if (i < 0) return std::nullopt;
      child = op.source->EstimatedDistinct(op.scan_columns[i]);
      break;
    }
    case LogicalKind::kFilter:
    case LogicalKind::kOrder:
    case LogicalKind::kLimit:
      child = EstimateDistinct(*op.children[0], id);
      break;
    case LogicalKind::kProjection: {
      const int i = op.IndexOf(id);
      if (i < 0 || static_cast<size_t>(i) >= op.expressions.size()) return std::nullopt;
      const BoundExpression* column = Conjuncts::KeyColumn(*op.expressions[i]);
      if (column == nullptr) return std::nullopt;
      child = EstimateDistinct(*op.children[0], column->column_id);
      break;
    }
    case LogicalKind::kJoin:
      for (const auto& c : op.children) {
        if (c->IndexOf(id) >= 0) child = EstimateDistinct(*c, id);
      }
      break;
    default:
      return std::nullopt;
  }
  if (!child) return std::nullopt;
  return std::max(1.0, std::min(*child, Estimate(op)));
}

double CardinalityEstimator::EstimateJoin(const LogicalOperator& left, double left_rows,
                                          const LogicalOperator& right, double right_rows,
                                          const std::vector<const BoundExpression*>& conjuncts) {
  double rows = left_rows * right_rows;
  bool unknown_equality = false;
  bool known_equality = false;
  // Keys of one join are rarely independent (partsupp's (partkey, suppkey) is one key), so
  // only the most selective equality counts.
  double denominator = 1;
  int other = 0;
  for (const BoundExpression* c : conjuncts) {
    const bool equality = Conjuncts::IsEquality(*c);
    const BoundExpression* a = equality ? Conjuncts::KeyColumn(*c->children[0]) : nullptr;
    const BoundExpression* b = equality ? Conjuncts::KeyColumn(*c->children[1]) : nullptr;
    if (a != nullptr && b != nullptr && left.IndexOf(a->column_id) < 0) std::swap(a, b);
    if (a == nullptr || b == nullptr || left.IndexOf(a->column_id) < 0 ||
        right.IndexOf(b->column_id) < 0) {
      if (Conjuncts::IsEquality(*c)) {
        unknown_equality = true;  // An equality of expressions: assume a key join.
      } else {
        ++other;
      }
      continue;
    }
    const std::optional<double> da = EstimateDistinct(left, a->column_id);
    const std::optional<double> db = EstimateDistinct(right, b->column_id);
    if (!da || !db) {
      unknown_equality = true;
      continue;
    }
    known_equality = true;
    denominator = std::max({denominator, *da, *db});
  }
  rows /= denominator;
  if (unknown_equality && !known_equality) rows = std::max(left_rows, right_rows);
  rows *= std::pow(kFilterSelectivity, other);
  return std::max(1.0, rows);
}

}  // namespace lakeml::sql
