// Expression binding: names, operators, function calls with implicit casts, CASE, CAST.
#include "base/str_cat.h"
#include "sql/binder/binder.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/execution/expression_executor.h"
#include "sql/function/aggregate/aggregate_registry.h"
#include "sql/function/cast/cast_executor.h"
#include "sql/function/function_registry.h"
#include "sql/parser/ast_printer.h"

namespace lakeml::sql {

Result<ExprPtr> Binder::CastTo(ExprPtr e, const TypePtr& to, SourcePosition pos) {
  if (e->type->Equals(*to)) return e;
  if (!CastExecutor::CanCast(e->type, to)) {
    return SqlError::DatatypeMismatch(pos, "CAST_WITHOUT_SUGGESTION", e->ToString(),
                                      StrCat("cannot cast \"", SqlType::SqlName(e->type),
                                             "\" to \"", SqlType::SqlName(to), "\"."));
  }
  return Fold(BoundExpression::Cast(std::move(e), to, /*try_mode=*/false));
}

ExprPtr Binder::Fold(ExprPtr e) {
  if (e->IsConstant() || !e->IsFoldable()) return e;
  // Errors stay at run time (a CASE may guard them): fold only what evaluates cleanly.
  Result<columnar::Scalar> v = ExpressionExecutor::EvaluateConstant(*e);
  if (!v.ok()) return e;
  ExprPtr c = BoundExpression::Constant(std::move(*v));
  c->pos = e->pos;
  return c;
}

Result<ExprPtr> Binder::BindExpression(const AstNode& node, const BindScope& scope) {
  switch (node.kind) {
    case NodeKind::kLiteral:
      return BindLiteral(node);
    case NodeKind::kColumnRef:
      return BindColumnRef(node, scope);
    case NodeKind::kUnary: {
      const AstNode& operand = *node.children[0];
      if (node.op == "-" && operand.kind == NodeKind::kLiteral && operand.op == "NUMBER") {
        // Spark reads -2147483648 as one INT literal (and -9223372036854775808L as a BIGINT).
        AstNode negative(NodeKind::kLiteral, operand.pos);
        negative.op = operand.op;
        negative.text = StrCat("-", operand.text);
        negative.names = operand.names;
        return BindLiteral(negative);
      }
      LAKEML_ASSIGN_OR_RETURN(ExprPtr child, BindExpression(operand, scope));
      if (node.op == "+") return child;
      std::vector<ExprPtr> args;
      args.push_back(std::move(child));
      if (node.op == "-" && SqlType::IsInterval(args[0]->type)) {
        return CallFunction("interval_negate", std::move(args), node);  // interval-values
      }
      if (node.op == "-") return CallFunction("negative", std::move(args), node);
      if (node.op == "NOT") return CallFunction("not", std::move(args), node);
      return CallFunction(node.op, std::move(args), node);
    }
    case NodeKind::kBinary:
      return BindBinary(node, scope);
    case NodeKind::kIs: {
      LAKEML_ASSIGN_OR_RETURN(ExprPtr a, BindExpression(*node.children[0], scope));
      const bool negated = node.Has(AstNode::kFlagNegated);
      std::vector<ExprPtr> args;
      args.push_back(std::move(a));
      if (node.op == "NULL") {
        return CallFunction(negated ? "isnotnull" : "isnull", std::move(args), node);
      }
      // IS [NOT] UNKNOWN: a boolean that is (not) NULL.
      if (node.op == "UNKNOWN") {
        return CallFunction(negated ? "isnotnull" : "isnull", std::move(args), node);
      }
      if (node.op == "DISTINCT FROM") {
        LAKEML_ASSIGN_OR_RETURN(ExprPtr b, BindExpression(*node.children[1], scope));
        args.push_back(std::move(b));
        LAKEML_ASSIGN_OR_RETURN(ExprPtr eq, CallFunction("<=>", std::move(args), node));
        if (!negated) {
          std::vector<ExprPtr> n;
          n.push_back(std::move(eq));
          return CallFunction("not", std::move(n), node);
        }
        return eq;
      }
      // IS [NOT] TRUE / FALSE: never null.
      args.push_back(BoundExpression::Constant(columnar::Scalar::Bool(node.op == "TRUE")));
      LAKEML_ASSIGN_OR_RETURN(ExprPtr eq, CallFunction("<=>", std::move(args), node));
      if (negated) {
        std::vector<ExprPtr> n;
        n.push_back(std::move(eq));
        return CallFunction("not", std::move(n), node);
      }
      return eq;
    }
    case NodeKind::kBetween: {
      LAKEML_ASSIGN_OR_RETURN(ExprPtr v, BindExpression(*node.children[0], scope));
      LAKEML_ASSIGN_OR_RETURN(ExprPtr lo, BindExpression(*node.children[1], scope));
      LAKEML_ASSIGN_OR_RETURN(ExprPtr hi, BindExpression(*node.children[2], scope));
      std::vector<ExprPtr> a1, a2;
      a1.push_back(v->Copy());
      a1.push_back(std::move(lo));
      a2.push_back(std::move(v));
      a2.push_back(std::move(hi));
      LAKEML_ASSIGN_OR_RETURN(ExprPtr ge, CallFunction(">=", std::move(a1), node));
      LAKEML_ASSIGN_OR_RETURN(ExprPtr le, CallFunction("<=", std::move(a2), node));
      std::vector<ExprPtr> both;
      both.push_back(std::move(ge));
      both.push_back(std::move(le));
      LAKEML_ASSIGN_OR_RETURN(ExprPtr in_range, MakeLogical(ExprKind::kAnd, std::move(both), node));
      if (!node.Has(AstNode::kFlagNegated)) return in_range;
      std::vector<ExprPtr> n;
      n.push_back(std::move(in_range));
      return CallFunction("not", std::move(n), node);
    }
    case NodeKind::kIn: {
      if (node.children.size() == 2 && node.children[1]->kind == NodeKind::kQuery) {
        return SqlError::Unsupported(
            node.pos, "IN subqueries outside a WHERE conjunct (under OR or NOT, or in SELECT)");
      }
      LAKEML_ASSIGN_OR_RETURN(ExprPtr v, BindExpression(*node.children[0], scope));
      // x IN (a, b) is x = a OR x = b: the same three-valued result.
      std::vector<ExprPtr> terms;
      for (size_t i = 1; i < node.children.size(); ++i) {
        LAKEML_ASSIGN_OR_RETURN(ExprPtr item, BindExpression(*node.children[i], scope));
        std::vector<ExprPtr> args;
        args.push_back(v->Copy());
        args.push_back(std::move(item));
        LAKEML_ASSIGN_OR_RETURN(ExprPtr eq, CallFunction("=", std::move(args), node));
        terms.push_back(std::move(eq));
      }
      ExprPtr any;
      if (terms.size() == 1) {
        any = std::move(terms[0]);
      } else {
        LAKEML_ASSIGN_OR_RETURN(any, MakeLogical(ExprKind::kOr, std::move(terms), node));
      }
      if (!node.Has(AstNode::kFlagNegated)) return any;
      std::vector<ExprPtr> n;
      n.push_back(std::move(any));
      return CallFunction("not", std::move(n), node);
    }
    // Subqueries (binder_subquery.cc; sql-subquery).
    case NodeKind::kSubquery:
      return BindScalarSubquery(node, scope);
    case NodeKind::kExists:
      return SqlError::Unsupported(
          node.pos, "EXISTS subqueries outside a WHERE conjunct (under OR, or in SELECT)");
    case NodeKind::kCase:
      return BindCase(node, scope);
    case NodeKind::kCast:
      return BindCast(node, scope);
    case NodeKind::kFunction:
      return BindFunctionCall(node, scope);
    case NodeKind::kLike:
      return BindLike(node, scope);
    case NodeKind::kExtract:
      return BindExtract(node, scope);
    case NodeKind::kInterval:
      return BindIntervalLiteral(node);
    case NodeKind::kSubscript:  // sql-nested
      return BindSubscript(node, scope);
    case NodeKind::kFieldAccess:  // sql-nested
      return BindFieldAccess(node, scope);
    case NodeKind::kLambda:  // sql-lambda: only as an argument of a higher-order function
      return SqlError::At(node.pos, "INVALID_LAMBDA_FUNCTION_CALL.NON_HIGHER_ORDER_FUNCTION",
                          "42K0D",
                          StrCat("Invalid lambda function call. A lambda function should only be "
                                 "used in a higher order function. However, \"",
                                 AstPrinter::Print(node), "\" is not in one."));
    default:
      return SqlError::Unsupported(
          node.pos, StrCat("expression ", NodeKindName(node.kind), ": ", AstPrinter::Print(node)));
  }
}

Result<ExprPtr> Binder::BindColumnRef(const AstNode& node, const BindScope& scope) {
  if (!lambda_params_.empty()) {  // sql-lambda: lambda parameters shadow columns.
    LAKEML_ASSIGN_OR_RETURN(ExprPtr param, BindLambdaVariable(node));
    if (param != nullptr) return param;
  }
  int index;
  size_t used;
  LAKEML_RETURN_IF_ERROR(scope.Find(node.names, node.pos, &index, &used));
  if (index < 0 && !outer_scopes_.empty()) {  // A correlated reference (sql-subquery).
    LAKEML_ASSIGN_OR_RETURN(ExprPtr outer, BindOuterColumnRef(node));
    if (outer != nullptr) return outer;
  }
  if (index < 0 && node.names.size() == 1) {
    std::string lower = node.names[0];
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    // ANSI's niladic forms without parentheses.
    if (lower == "current_date" || lower == "current_timestamp" || lower == "localtimestamp") {
      return BindCurrentTime(lower, node);
    }
  }
  if (index < 0) {
    std::string name;
    for (size_t i = 0; i < node.names.size(); ++i) {
      name += StrCat(i ? "." : "", "`", node.names[i], "`");
    }
    if (name.size() > 2) name = name.substr(1, name.size() - 2);
    return SqlError::UnresolvedColumn(node.pos, name, scope.SuggestionNames());
  }
  const ScopeColumn& c = scope.columns()[index];
  ExprPtr e = BoundExpression::ColumnRef(c.id, c.type, c.name);
  e->nullable = c.nullable;
  e->pos = node.pos;
  // sql-nested: the remaining parts are struct fields (`t.s.f`, `s.f.g`).
  for (size_t i = used; i < node.names.size(); ++i) {
    LAKEML_ASSIGN_OR_RETURN(e, ExtractStructField(std::move(e), node.names[i], node));
  }
  return e;
}

Result<ExprPtr> Binder::BindBinary(const AstNode& node, const BindScope& scope) {
  if (node.op == "AND" || node.op == "OR") {
    // Flatten chains: a AND b AND c is one node with three operands.
    const ExprKind kind = node.op == "AND" ? ExprKind::kAnd : ExprKind::kOr;
    std::vector<ExprPtr> args;
    for (const auto& c : node.children) {
      LAKEML_ASSIGN_OR_RETURN(ExprPtr e, BindExpression(*c, scope));
      if (e->kind == kind) {
        for (auto& g : e->children) args.push_back(std::move(g));
      } else {
        args.push_back(std::move(e));
      }
    }
    return MakeLogical(kind, std::move(args), node);
  }
  if (node.op == "+" || node.op == "-") {
    LAKEML_ASSIGN_OR_RETURN(ExprPtr shifted, BindIntervalArithmetic(node, scope));
    if (shifted != nullptr) return shifted;
  }
  std::vector<ExprPtr> args;
  for (const auto& c : node.children) {
    LAKEML_ASSIGN_OR_RETURN(ExprPtr e, BindExpression(*c, scope));
    args.push_back(std::move(e));
  }
  LAKEML_RETURN_IF_ERROR(CheckComparable(args, node));  // sql-nested
  {
    LAKEML_ASSIGN_OR_RETURN(ExprPtr interval_op, BindIntervalOperator(node.op, &args, node));
    if (interval_op != nullptr) return interval_op;  // interval-values
  }
  std::string op = node.op;
  if (op == "DIV") op = "div";
  if (op == "||") op = "concat";
  return CallFunction(op, std::move(args), node);
}

Result<ExprPtr> Binder::MakeLogical(ExprKind kind, std::vector<ExprPtr> args, const AstNode& node) {
  auto e = std::make_unique<BoundExpression>(kind, SqlType::Boolean());
  e->pos = node.pos;
  bool nullable = false;
  for (auto& a : args) {
    if (a->type->id() == TypeId::kNull || a->type->id() == TypeId::kString) {
      LAKEML_ASSIGN_OR_RETURN(a, CastTo(std::move(a), SqlType::Boolean(), node.pos));
    }
    if (a->type->id() != TypeId::kBoolean) {
      return SqlError::DatatypeMismatch(
          node.pos, "BINARY_OP_WRONG_TYPE", AstPrinter::Print(node),
          StrCat("the binary operator requires the input type \"BOOLEAN\", not \"",
                 SqlType::SqlName(a->type), "\"."));
    }
    nullable |= a->nullable;
  }
  e->nullable = nullable;
  e->children = std::move(args);
  return Fold(std::move(e));
}

Result<ExprPtr> Binder::CallFunction(const std::string& name, std::vector<ExprPtr> args,
                                     const AstNode& node) {
  const ScalarFunctionEntry* entry = FunctionRegistry::Builtin().FindScalar(name);
  if (entry == nullptr) {
    std::string shown = node.kind == NodeKind::kFunction ? AstPrinter::Name(node.names) : name;
    return SqlError::UnresolvedRoutine(node.pos, shown);
  }
  const int n = static_cast<int>(args.size());
  if (n < entry->min_args || (entry->max_args >= 0 && n > entry->max_args)) {
    std::string expected = entry->min_args == entry->max_args ? StrCat(entry->min_args)
                           : entry->max_args < 0
                               ? StrCat("at least ", entry->min_args)
                               : StrCat("[", entry->min_args, ", ", entry->max_args, "]");
    return SqlError::WrongNumArgs(node.pos, name, expected, args.size());
  }
  // Spark types an integer literal beside a decimal with only the digits it needs
  // (DecimalPrecision: 2 is DECIMAL(1,0), not DECIMAL(10,0)), but only as an operand of a
  // binary operator: greatest(100, 1.5) is DECIMAL(11,1).
  bool any_decimal = false;
  const bool binary_operator = node.kind == NodeKind::kBinary || node.kind == NodeKind::kBetween;
  for (const auto& a : args) any_decimal |= a->type->id() == TypeId::kDecimal;
  if (any_decimal && binary_operator) {
    for (auto& a : args) {
      if (a->kind != ExprKind::kConstant || a->value.is_null || !SqlType::IsIntegral(a->type)) {
        continue;
      }
      const int64_t v = a->value.i;
      int digits = 1;
      for (int64_t x = v < 0 ? -(v / 10) : v / 10; x != 0; x /= 10) ++digits;
      ExprPtr literal = BoundExpression::Constant(
          columnar::Scalar::Decimal(SqlType::Decimal(digits, 0), static_cast<__int128>(v)));
      literal->pos = a->pos;
      a = std::move(literal);
    }
  }
  std::vector<TypePtr> types;
  for (const auto& a : args) types.push_back(a->type);
  Result<std::shared_ptr<const ScalarFunctionBinding>> fn = entry->resolve(entry->name, types);
  if (!fn.ok()) {
    if (fn.status().code() == StatusCode::kNotImplemented) {
      return SqlError::Unsupported(node.pos, fn.status().message());
    }
    // Spark: a function's argument is UNEXPECTED_INPUT_TYPE, an operator's BINARY_OP_DIFF_TYPES.
    const char* subclass =
        node.kind == NodeKind::kFunction ? "UNEXPECTED_INPUT_TYPE" : "BINARY_OP_DIFF_TYPES";
    return SqlError::DatatypeMismatch(node.pos, subclass, AstPrinter::Print(node),
                                      StrCat(fn.status().message(), "."));
  }
  for (size_t i = 0; i < args.size(); ++i) {
    LAKEML_ASSIGN_OR_RETURN(args[i], CastTo(std::move(args[i]), (*fn)->arg_types[i], node.pos));
  }
  ExprPtr e = BoundExpression::Function(std::move(*fn), std::move(args));
  e->pos = node.pos;
  return Fold(std::move(e));
}

Result<ExprPtr> Binder::MakeCase(std::vector<ExprPtr> parts, const AstNode& node) {
  // parts: when, then, ..., else. The result type is the common type of the values.
  TypePtr all = SqlType::Null();
  std::vector<size_t> values;  // then values, then the else value
  for (size_t i = 1; i + 1 < parts.size(); i += 2) values.push_back(i);
  values.push_back(parts.size() - 1);
  for (size_t i : values) {
    TypePtr next = SqlType::CommonType(all, parts[i]->type);
    if (next == nullptr) {
      return SqlError::DatatypeMismatch(
          node.pos, "DATA_DIFF_TYPES", AstPrinter::Print(node),
          StrCat("Input to `casewhen` should all be the same type, but it's [\"",
                 SqlType::SqlName(all), "\", \"", SqlType::SqlName(parts[i]->type), "\"]."));
    }
    all = next;
  }
  auto e = std::make_unique<BoundExpression>(ExprKind::kCase, all);
  e->pos = node.pos;
  for (size_t i = 0; i < parts.size(); ++i) {
    const bool is_condition = i + 1 < parts.size() && i % 2 == 0;
    if (is_condition) {
      const TypeId cond = parts[i]->type->id();
      if (cond != TypeId::kBoolean && cond != TypeId::kNull && cond != TypeId::kString) {
        // ANSI has no implicit cast from numbers (or other types) to BOOLEAN.
        return SqlError::DatatypeMismatch(
            node.pos, "UNEXPECTED_INPUT_TYPE", AstPrinter::Print(node),
            StrCat("Parameter ", i + 1,
                   " requires the \"BOOLEAN\" type, however it has the type \"",
                   SqlType::SqlName(parts[i]->type), "\"."));
      }
      if (cond != TypeId::kBoolean) {
        LAKEML_ASSIGN_OR_RETURN(parts[i],
                                CastTo(std::move(parts[i]), SqlType::Boolean(), node.pos));
      }
    } else {
      LAKEML_ASSIGN_OR_RETURN(parts[i], CastTo(std::move(parts[i]), all, node.pos));
      e->nullable |= parts[i]->nullable;
    }
    e->children.push_back(std::move(parts[i]));
  }
  return e;
}

Result<ExprPtr> Binder::BindCase(const AstNode& node, const BindScope& scope) {
  const bool has_operand = node.Has(AstNode::kFlagCaseOperand);
  const bool has_else = node.Has(AstNode::kFlagCaseElse);
  size_t begin = has_operand ? 1 : 0;
  size_t end = node.children.size() - (has_else ? 1 : 0);
  ExprPtr operand;
  if (has_operand) {
    LAKEML_ASSIGN_OR_RETURN(operand, BindExpression(*node.children[0], scope));
  }
  std::vector<ExprPtr> parts;
  for (size_t i = begin; i + 1 < end + 1 && i < end; i += 2) {
    LAKEML_ASSIGN_OR_RETURN(ExprPtr when, BindExpression(*node.children[i], scope));
    if (operand != nullptr) {
      std::vector<ExprPtr> args;
      args.push_back(operand->Copy());
      args.push_back(std::move(when));
      LAKEML_ASSIGN_OR_RETURN(when, CallFunction("=", std::move(args), node));
    }
    LAKEML_ASSIGN_OR_RETURN(ExprPtr then, BindExpression(*node.children[i + 1], scope));
    parts.push_back(std::move(when));
    parts.push_back(std::move(then));
  }
  if (has_else) {
    LAKEML_ASSIGN_OR_RETURN(ExprPtr e, BindExpression(*node.children.back(), scope));
    parts.push_back(std::move(e));
  } else {
    parts.push_back(BoundExpression::Constant(columnar::Scalar::Null(SqlType::Null())));
  }
  return MakeCase(std::move(parts), node);
}

Result<ExprPtr> Binder::BindCast(const AstNode& node, const BindScope& scope) {
  LAKEML_ASSIGN_OR_RETURN(ExprPtr value, BindExpression(*node.children[0], scope));
  LAKEML_ASSIGN_OR_RETURN(TypePtr to, SqlType::FromAst(*node.children[1]));
  const bool try_mode = node.op == "TRY_CAST";
  if (!CastExecutor::CanCast(value->type, to)) {
    return SqlError::DatatypeMismatch(node.pos, "CAST_WITHOUT_SUGGESTION", AstPrinter::Print(node),
                                      StrCat("cannot cast \"", SqlType::SqlName(value->type),
                                             "\" to \"", SqlType::SqlName(to), "\"."));
  }
  if (value->type->Equals(*to)) return value;
  ExprPtr e = BoundExpression::Cast(std::move(value), to, try_mode);
  e->pos = node.pos;
  return Fold(std::move(e));
}

Result<ExprPtr> Binder::BindFunctionCall(const AstNode& node, const BindScope& scope) {
  std::string name = node.names.empty() ? "" : node.names.back();
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Window calls (binder_window.cc, sql-window).
  if (IsWindowCall(node)) return BindWindowCall(node, scope, name);
  if (node.names.size() == 1 && (name == "grouping" || name == "grouping_id")) {
    return BindGroupingCall(node, scope, name);  // binder_grouping_sets.cc
  }
  // Aggregate calls (binder_aggregate.cc).
  if (node.names.size() == 1 && AggregateRegistry::Builtin().Find(name) != nullptr) {
    return BindAggregateCall(node, scope, name);
  }
  if (node.names.size() == 1 && (name == "struct" || name == "named_struct")) {
    return BindStructConstructor(name, node, scope);  // binder_nested.cc (sql-nested)
  }
  if (IsHigherOrderCall(node)) return BindHigherOrderCall(name, node, scope);  // sql-lambda
  if (IsGeneratorCall(node)) return NestedGeneratorError(node);  // sql-lambda
  std::vector<ExprPtr> args;
  for (const auto& c : node.children) {
    if (c->kind == NodeKind::kFilter || c->kind == NodeKind::kWindowSpec ||
        c->kind == NodeKind::kWindowRef || c->kind == NodeKind::kWithinGroup) {
      return SqlError::Unsupported(c->pos, StrCat(NodeKindName(c->kind), " on ", name));
    }
    LAKEML_ASSIGN_OR_RETURN(ExprPtr e, BindExpression(*c, scope));
    args.push_back(std::move(e));
  }
  if (args.empty()) {
    LAKEML_ASSIGN_OR_RETURN(ExprPtr now, BindCurrentTime(name, node));
    if (now != nullptr) return now;
  }
  // Lazily evaluated conditionals become CASE.
  if (name == "coalesce" || name == "nvl" || name == "ifnull") {
    if (args.empty() || ((name != "coalesce") && args.size() != 2)) {
      return SqlError::WrongNumArgs(node.pos, name, name == "coalesce" ? "> 0" : "2", args.size());
    }
    std::vector<ExprPtr> parts;
    for (size_t i = 0; i + 1 < args.size(); ++i) {
      std::vector<ExprPtr> test;
      test.push_back(args[i]->Copy());
      LAKEML_ASSIGN_OR_RETURN(ExprPtr not_null, CallFunction("isnotnull", std::move(test), node));
      parts.push_back(std::move(not_null));
      parts.push_back(std::move(args[i]));
    }
    parts.push_back(std::move(args.back()));
    return MakeCase(std::move(parts), node);
  }
  if (name == "if" || name == "iff") {
    if (args.size() != 3) return SqlError::WrongNumArgs(node.pos, name, "3", args.size());
    return MakeCase(std::move(args), node);
  }
  if (name == "nvl2") {
    // nvl2(a, b, c): b where a is not null, else c.
    if (args.size() != 3) return SqlError::WrongNumArgs(node.pos, name, "3", args.size());
    std::vector<ExprPtr> test;
    test.push_back(std::move(args[0]));
    LAKEML_ASSIGN_OR_RETURN(ExprPtr not_null, CallFunction("isnotnull", std::move(test), node));
    std::vector<ExprPtr> parts;
    parts.push_back(std::move(not_null));
    parts.push_back(std::move(args[1]));
    parts.push_back(std::move(args[2]));
    return MakeCase(std::move(parts), node);
  }
  if (name == "nullif") {
    if (args.size() != 2) return SqlError::WrongNumArgs(node.pos, name, "2", args.size());
    std::vector<ExprPtr> eq_args;
    eq_args.push_back(args[0]->Copy());
    eq_args.push_back(std::move(args[1]));
    LAKEML_ASSIGN_OR_RETURN(ExprPtr eq, CallFunction("=", std::move(eq_args), node));
    std::vector<ExprPtr> parts;
    parts.push_back(std::move(eq));
    parts.push_back(BoundExpression::Constant(columnar::Scalar::Null(args[0]->type)));
    parts.push_back(std::move(args[0]));
    return MakeCase(std::move(parts), node);
  }
  if (node.Has(AstNode::kFlagDistinct) || node.Has(AstNode::kFlagStar)) {
    return SqlError::Unsupported(node.pos, StrCat("aggregate function ", name));
  }
  if (name == "from_json") return BindFromJson(std::move(args), node);  // sql-aggjson
  LAKEML_ASSIGN_OR_RETURN(ExprPtr rounded, BindDecimalRounding(name, &args, node));
  if (rounded != nullptr) return rounded;
  return CallFunction(name, std::move(args), node);
}

}  // namespace lakeml::sql
