#include "sql/optimizer/cardinality_estimator.h"

#include <algorithm>
#include <cmath>

namespace lakeml::sql {
namespace {

int CountConjunctsForEstimate(const BoundExpression& e) {
  if (e.kind != ExprKind::kAnd) return 1;
  int n = 0;
  for (const auto& c : e.children) n += CountConjunctsForEstimate(*c);
  return n;
}

bool HasEquality(const BoundExpression& e) {
  if (e.kind == ExprKind::kFunction && e.function != nullptr &&
      (e.function->name == "=" || e.function->name == "==")) {
    return true;
  }
  if (e.kind != ExprKind::kAnd) return false;
  for (const auto& c : e.children) {
    if (HasEquality(*c)) return true;
  }
  return false;
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
      if (!op.expressions.empty() && HasEquality(*op.expressions[0])) return std::max(l, r);
      if (!op.expressions.empty()) return l * r * kFilterSelectivity;
      return l * r;
    }
    default:
      return op.children.empty() ? kUnknownTableRows : Estimate(*op.children[0]);
  }
}

}  // namespace lakeml::sql
