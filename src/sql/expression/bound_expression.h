// BoundExpression: a resolved, typed expression of a bound plan.
//
// The tree is uniform, like AstNode: `kind` says which fields a node uses.
//   kColumnRef   column_id: a column of the input plan (logical plans)
//   kReference   index: a position in the input chunk (physical plans; the planner rewrites
//                column refs into references)
//   kConstant    value
//   kFunction    function (a bound scalar function); children: arguments, already cast to
//                function->arg_types
//   kCast        children[0]; type: the target; try_mode: null instead of an error
//   kAnd, kOr    children: two or more booleans (Kleene logic, evaluated left to right on the
//                rows still undecided, so a guard protects the rest as in Spark)
//   kCase        children: when, then pairs, then the else value (always present; NULL when
//                the query has none)
//   kAggregate   aggregate (a bound aggregate function), distinct; children: the argument
//                (none for count(*)). Only in the aggregate list of a logical kAggregate.
//   kHigherOrder  name: the function (transform, filter, aggregate, ...); children: the value
//                 arguments, then kLambda nodes (sql-lambda; evaluated by HigherOrderExecutor)
//   kLambda       children[0]: the body; index: the slot of the first parameter; value of
//                 `function`-less node is only meaningful inside kHigherOrder
//   kLambdaVariable  index: a lambda parameter's slot in Chunk::lambda_args (slots count the
//                 parameters of the enclosing lambdas first, so nested lambdas see outer ones)
// Owned through unique_ptr; immutable once bound and then safe to share between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "columnar/scalar.h"
#include "sql/function/aggregate/aggregate_function.h"
#include "sql/function/scalar_function.h"
#include "sql/parser/token.h"

namespace lakeml::sql {

// A query-unique column id: logical operators name their outputs with these.
using ColumnId = uint32_t;

enum class ExprKind : uint8_t {
  kColumnRef,
  kReference,
  kConstant,
  kFunction,
  kCast,
  kAnd,
  kOr,
  kCase,
  kAggregate,
  // sql-lambda.
  kHigherOrder,
  kLambda,
  kLambdaVariable
};

class BoundExpression;
using ExprPtr = std::unique_ptr<BoundExpression>;

class BoundExpression {
 public:
  BoundExpression(ExprKind kind, TypePtr type) : kind(kind), type(std::move(type)) {}

  static ExprPtr ColumnRef(ColumnId id, TypePtr type, std::string name);
  static ExprPtr Reference(int index, TypePtr type, std::string name);
  static ExprPtr Constant(columnar::Scalar value);
  static ExprPtr Function(std::shared_ptr<const ScalarFunctionBinding> fn,
                          std::vector<ExprPtr> args);
  static ExprPtr Cast(ExprPtr child, TypePtr to, bool try_mode);

  ExprPtr Copy() const;
  // Structural equality: same kinds, types, columns, constants and functions.
  bool Equals(const BoundExpression& other) const;
  // SQL-like text for EXPLAIN and automatic column names.
  std::string ToString() const;
  bool IsConstant() const { return kind == ExprKind::kConstant; }
  // True when no column is referenced anywhere below (foldable if it cannot raise).
  bool IsFoldable() const;

  ExprKind kind;
  TypePtr type;
  bool nullable = true;
  SourcePosition pos;
  std::string name;  // kColumnRef / kReference: the column's name, for EXPLAIN.
  ColumnId column_id = 0;
  int index = -1;
  columnar::Scalar value;
  std::shared_ptr<const ScalarFunctionBinding> function;
  bool try_mode = false;
  std::vector<ExprPtr> children;
  // kAggregate.
  std::shared_ptr<const AggregateFunctionBinding> aggregate;
  bool distinct = false;
};

}  // namespace lakeml::sql
