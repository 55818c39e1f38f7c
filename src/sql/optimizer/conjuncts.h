// Conjuncts: the predicate analysis the optimizer passes share: splitting a condition into its
// AND-ed parts and back, the columns an expression reads, whether it can raise an error, and
// substituting column references.
//
// Stateless; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "sql/expression/bound_expression.h"
#include "sql/planner/logical_operator.h"

namespace lakeml::sql {

class Conjuncts {
 public:
  // The AND-ed parts of `e` (flattened), moved out. Conjuncts common to every branch of an OR
  // are factored out of it first.
  static void Split(ExprPtr e, std::vector<ExprPtr>* out);
  static void FactorDisjunction(ExprPtr e, std::vector<ExprPtr>* out);
  // The AND of `parts` in order (nullptr when empty).
  static ExprPtr Combine(std::vector<ExprPtr> parts);
  // The column ids `e` reads (each once).
  static std::vector<ColumnId> ColumnsOf(const BoundExpression& e);
  // Whether every id in `ids` is an output column of `op`.
  static bool AllIn(const std::vector<ColumnId>& ids, const LogicalOperator& op);
  // Whether evaluating `e` may raise an error (ANSI overflow, bad casts, division by zero):
  // such conjuncts are not moved below others, which may guard them.
  static bool CanRaise(const BoundExpression& e);
  // `a = b` (or `==`): a call of equality with two operands.
  static bool IsEquality(const BoundExpression& e);
  // The column a join key reads when it is a plain column (casts of it included), or nullptr.
  static const BoundExpression* KeyColumn(const BoundExpression& e);
  // `column <op> constant` in either order, with a non-null constant; `op` is written as if
  // the column were on the left ("=", "<>", "<", "<=", ">", ">="; "==" and "!=" normalized).
  struct ColumnComparison {
    const BoundExpression* column = nullptr;
    const BoundExpression* constant = nullptr;
    std::string op;
  };
  static std::optional<ColumnComparison> MatchColumnComparison(const BoundExpression& e);
  // Whether `e` is the constant TRUE (a condition that keeps every row).
  static bool IsTrueConstant(const BoundExpression& e);
  // A copy of `e` with column refs replaced by copies of map[id] where present.
  static ExprPtr Substitute(const BoundExpression& e,
                            const std::unordered_map<ColumnId, const BoundExpression*>& map);
};

}  // namespace lakeml::sql
