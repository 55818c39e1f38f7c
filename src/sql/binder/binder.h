// Binder: turns a parsed query (AstNode) into a bound logical plan: names resolved to columns
// and tables, expressions typed and coerced (Spark's ANSI rules), functions resolved, constant
// subexpressions folded when they cannot raise.
//
// One Binder binds one statement; not thread-safe. Its implementation is split into
// binder.cc (queries, SELECT, FROM), binder_expression.cc (expressions) and
// binder_literal.cc (literals).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "sql/binder/bind_scope.h"
#include "sql/binder/table_resolver.h"
#include "sql/parser/ast_node.h"
#include "sql/planner/logical_operator.h"

namespace lakeml::sql {

class Binder {
 public:
  explicit Binder(TableResolver* tables) : tables_(tables) {}

  // A query (kQuery, kSelect, kValues, kSetOperation) to a logical plan whose output columns
  // carry the query's column names.
  Result<LogicalPtr> BindQuery(const AstNode& query);
  // One expression over `scope`.
  Result<ExprPtr> BindExpression(const AstNode& node, const BindScope& scope);

  // Wraps `e` in a cast to `to` unless it already has that type.
  static Result<ExprPtr> CastTo(ExprPtr e, const TypePtr& to, SourcePosition pos);
  // Evaluates foldable, non-raising expressions now.
  static ExprPtr Fold(ExprPtr e);

 private:
  Result<LogicalPtr> BindQueryBody(const AstNode& body);
  Result<LogicalPtr> BindSelect(const AstNode& select);
  Result<LogicalPtr> BindValues(const AstNode& values);
  Result<LogicalPtr> BindRelation(const AstNode& relation, BindScope* scope);
  Result<LogicalPtr> BindTableName(const AstNode& relation, BindScope* scope);
  Result<int64_t> BindLimitValue(const AstNode& node, const char* what);
  // Adds the plan's output columns to `scope` under `qualifier` (or the relation's alias).
  void AddToScope(const LogicalOperator& plan, const std::vector<std::string>& qualifier,
                  BindScope* scope);

  // Expressions (binder_expression.cc).
  Result<ExprPtr> BindColumnRef(const AstNode& node, const BindScope& scope);
  Result<ExprPtr> BindBinary(const AstNode& node, const BindScope& scope);
  Result<ExprPtr> BindFunctionCall(const AstNode& node, const BindScope& scope);
  Result<ExprPtr> BindCase(const AstNode& node, const BindScope& scope);
  Result<ExprPtr> BindCast(const AstNode& node, const BindScope& scope);
  // A call of the scalar function `name` on bound arguments, with implicit casts.
  Result<ExprPtr> CallFunction(const std::string& name, std::vector<ExprPtr> args,
                               const AstNode& node);
  Result<ExprPtr> MakeLogical(ExprKind kind, std::vector<ExprPtr> args, const AstNode& node);
  Result<ExprPtr> MakeCase(std::vector<ExprPtr> parts, const AstNode& node);

  // Literals (binder_literal.cc).
  static Result<ExprPtr> BindLiteral(const AstNode& node);

  ColumnId NewColumnId() { return next_column_id_++; }

  // Views (catalog surface): a view resolved by the TableResolver, bound as a subquery.
  Result<LogicalPtr> BindView(const AstNode& relation, ResolvedTable view, BindScope* scope);
  static constexpr int kMaxViewDepth = 100;  // Spark's spark.sql.view.maxNestedViewDepth.

  TableResolver* tables_;
  ColumnId next_column_id_ = 1;
  int view_depth_ = 0;
};

}  // namespace lakeml::sql
