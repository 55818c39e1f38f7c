#include "sql/optimizer/cardinality_estimator.h"

#include <algorithm>
#include <cmath>

#include "sql/optimizer/conjuncts.h"

namespace lakeml::sql {
namespace {

int CountConjunctsForEstimate(const BoundExpression& e) {
  if (Conjuncts::IsTrueConstant(e)) return 0;
  if (e.kind != ExprKind::kAnd) return 1;
  int n = 0;
  for (const auto& c : e.children) n += CountConjunctsForEstimate(*c);
  return n;
}

bool IsColumnEquality(const BoundExpression& e) {
  return e.kind == ExprKind::kFunction && e.function != nullptr &&
         (e.function->name == "=" || e.function->name == "==") && e.children.size() == 2;
}

// The column a join key reads when it is a plain column (casts of it included).
const BoundExpression* KeyColumnOf(const BoundExpression& e) {
  if (e.kind == ExprKind::kColumnRef) return &e;
  if (e.kind == ExprKind::kCast && e.children.size() == 1) return KeyColumnOf(*e.children[0]);
  return nullptr;
}

}  // namespace

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
          1.0, Estimate(*op.children[0]) *
                   std::pow(kFilterSelectivity, CountConjunctsForEstimate(*op.expressions[0])));
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
      const BoundExpression* column = KeyColumnOf(*op.expressions[i]);
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
    const BoundExpression* a = IsColumnEquality(*c) ? KeyColumnOf(*c->children[0]) : nullptr;
    const BoundExpression* b = IsColumnEquality(*c) ? KeyColumnOf(*c->children[1]) : nullptr;
    if (a != nullptr && b != nullptr && left.IndexOf(a->column_id) < 0) std::swap(a, b);
    if (a == nullptr || b == nullptr || left.IndexOf(a->column_id) < 0 ||
        right.IndexOf(b->column_id) < 0) {
      if (IsColumnEquality(*c)) {
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
