// Binder: lambdas and higher-order functions (sql-lambda). A lambda's parameters are bound in a
// nested scope (Binder::lambda_params_) that shadows columns; the body may read outer columns
// and the parameters of enclosing lambdas. The call becomes a kHigherOrder expression whose
// lambdas are kLambda nodes; HigherOrderExecutor evaluates it.
#include <algorithm>
#include <cctype>

#include "base/str_cat.h"
#include "sql/binder/binder.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/parser/ast_printer.h"

namespace lakeml::sql {

using columnar::DataType;
using columnar::Field;

namespace {

std::string LowerLambdaName(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Status LambdaInputTypeError(const AstNode& node, int ordinal, const std::string& required,
                            const AstNode& arg, const TypePtr& actual) {
  return SqlError::DatatypeMismatch(
      node.pos, "UNEXPECTED_INPUT_TYPE", AstPrinter::Print(node),
      StrCat("Parameter ", ordinal, " requires the ", required, " type, however \"",
             AstPrinter::Print(arg), "\" has the type \"", SqlType::SqlName(actual), "\"."));
}

bool LambdaArgIsList(const TypePtr& t) { return t->id() == TypeId::kList; }
bool LambdaArgIsMap(const TypePtr& t) { return t->id() == TypeId::kMap; }

}  // namespace

bool Binder::IsHigherOrderCall(const AstNode& node) {
  if (node.names.size() != 1) return false;
  const std::string name = LowerLambdaName(node.names[0]);
  static const char* const kNames[] = {
      "transform", "filter",   "aggregate",  "reduce",         "exists",
      "forall",    "zip_with", "map_filter", "transform_keys", "transform_values"};
  for (const char* n : kNames) {
    if (name == n) return true;
  }
  if (name == "array_sort") {  // only the comparator form
    for (const auto& c : node.children) {
      if (c->kind == NodeKind::kLambda) return true;
    }
  }
  return false;
}

Result<ExprPtr> Binder::BindLambdaVariable(const AstNode& node) {
  if (node.names.empty() || lambda_params_.empty()) return ExprPtr();
  const std::string first = LowerLambdaName(node.names[0]);
  for (size_t i = lambda_params_.size(); i-- > 0;) {
    if (lambda_params_[i].name != first) continue;
    auto e = std::make_unique<BoundExpression>(ExprKind::kLambdaVariable, lambda_params_[i].type);
    e->index = static_cast<int>(i);
    e->name = node.names[0];
    e->pos = node.pos;
    ExprPtr out = std::move(e);
    for (size_t f = 1; f < node.names.size(); ++f) {
      LAKEML_ASSIGN_OR_RETURN(out, ExtractStructField(std::move(out), node.names[f], node));
    }
    return out;
  }
  return ExprPtr();
}

Result<ExprPtr> Binder::ArrayStructField(ExprPtr base, const std::string& field,
                                         const AstNode& node) {
  const TypePtr element = base->type->list_element().type;
  auto var = std::make_unique<BoundExpression>(ExprKind::kLambdaVariable, element);
  var->index = static_cast<int>(lambda_params_.size());
  var->name = "x";
  LAKEML_ASSIGN_OR_RETURN(ExprPtr body, ExtractStructField(std::move(var), field, node));
  auto lambda = std::make_unique<BoundExpression>(ExprKind::kLambda, body->type);
  lambda->index = static_cast<int>(lambda_params_.size());
  lambda->column_id = 1;
  lambda->children.push_back(std::move(body));
  auto call = std::make_unique<BoundExpression>(
      ExprKind::kHigherOrder, DataType::List(Field{"element", lambda->type, true}));
  call->name = "transform";
  call->pos = node.pos;
  call->nullable = base->nullable;
  call->children.push_back(std::move(base));
  call->children.push_back(std::move(lambda));
  return ExprPtr(std::move(call));
}

Result<ExprPtr> Binder::BindLambda(const AstNode& arg, const std::vector<TypePtr>& params,
                                   size_t min_params, const BindScope& scope) {
  if (arg.kind != NodeKind::kLambda) {
    return SqlError::At(arg.pos, "INVALID_LAMBDA_FUNCTION_CALL.NON_HIGHER_ORDER_FUNCTION", "42K0D",
                        StrCat("Invalid lambda function call. A lambda function is expected "
                               "here, however \"",
                               AstPrinter::Print(arg), "\" is not a lambda function."));
  }
  const size_t n = arg.names.size();
  if (n < min_params || n > params.size()) {
    return SqlError::At(arg.pos, "INVALID_LAMBDA_FUNCTION_CALL.NUM_ARGS_MISMATCH", "42K0D",
                        StrCat("Invalid lambda function call. A higher order function expects ",
                               params.size(), " arguments, but got ", n, "."));
  }
  std::vector<std::string> names;
  for (const std::string& p : arg.names) {
    std::string lower = LowerLambdaName(p);
    if (std::find(names.begin(), names.end(), lower) != names.end()) {
      std::string list;
      for (const std::string& q : arg.names) list += StrCat(list.empty() ? "" : ", ", "`", q, "`");
      return SqlError::At(
          arg.pos, "INVALID_LAMBDA_FUNCTION_CALL.DUPLICATE_ARG_NAMES", "42K0D",
          StrCat("Invalid lambda function call. The lambda function has duplicate arguments ", list,
                 ". Please, consider to rename the argument names or set "
                 "\"spark.sql.caseSensitive\" to \"true\"."));
    }
    names.push_back(std::move(lower));
  }
  const size_t base = lambda_params_.size();
  for (size_t i = 0; i < n; ++i) lambda_params_.push_back({names[i], params[i]});
  Result<ExprPtr> body = BindExpression(*arg.children[0], scope);
  lambda_params_.resize(base);
  if (!body.ok()) return body.status();
  auto lambda = std::make_unique<BoundExpression>(ExprKind::kLambda, (*body)->type);
  lambda->index = static_cast<int>(base);
  lambda->column_id = static_cast<ColumnId>(n);
  lambda->pos = arg.pos;
  lambda->children.push_back(std::move(*body));
  return ExprPtr(std::move(lambda));
}

Result<ExprPtr> Binder::BindHigherOrderCall(const std::string& name, const AstNode& node,
                                            const BindScope& scope) {
  const auto& a = node.children;
  auto arity = [&](size_t lo, size_t hi) -> Status {
    if (a.size() < lo || a.size() > hi) {
      return SqlError::WrongNumArgs(node.pos, name, lo == hi ? StrCat(lo) : StrCat(lo, "-", hi),
                                    a.size());
    }
    return Status::OK();
  };
  auto expect = [&](const ExprPtr& e, int ordinal, bool map) -> Status {
    if (map ? LambdaArgIsMap(e->type) : LambdaArgIsList(e->type)) return Status::OK();
    return LambdaInputTypeError(node, ordinal, map ? "\"MAP\"" : "\"ARRAY\"", *a[ordinal - 1],
                                e->type);
  };
  auto boolean_body = [&](const ExprPtr& lambda, int ordinal) -> Status {
    const TypeId id = lambda->type->id();
    if (id == TypeId::kBoolean || id == TypeId::kNull) return Status::OK();
    return LambdaInputTypeError(node, ordinal, "\"BOOLEAN\"", *a[ordinal - 1], lambda->type);
  };
  auto call = std::make_unique<BoundExpression>(ExprKind::kHigherOrder, SqlType::Null());
  call->name = name;
  call->pos = node.pos;
  auto& out = call->children;
  const bool is_map_fn =
      name == "map_filter" || name == "transform_keys" || name == "transform_values";
  if (name == "aggregate" || name == "reduce") {
    LAKEML_RETURN_IF_ERROR(arity(3, 4));
  } else if (name == "zip_with") {
    LAKEML_RETURN_IF_ERROR(arity(3, 3));
  } else {
    LAKEML_RETURN_IF_ERROR(arity(2, 2));
  }
  LAKEML_ASSIGN_OR_RETURN(ExprPtr first, BindExpression(*a[0], scope));
  LAKEML_RETURN_IF_ERROR(expect(first, 1, is_map_fn));
  const TypePtr input = first->type;
  out.push_back(std::move(first));
  if (is_map_fn) {
    const TypePtr key = input->map_key().type, value = input->map_value().type;
    LAKEML_ASSIGN_OR_RETURN(ExprPtr fn, BindLambda(*a[1], {key, value}, 2, scope));
    if (name == "map_filter") {
      LAKEML_RETURN_IF_ERROR(boolean_body(fn, 2));
      call->type = input;
    } else if (name == "transform_keys") {
      if (fn->type->id() == TypeId::kMap) {
        return SqlError::At(node.pos, "DATATYPE_MISMATCH.INVALID_MAP_KEY_TYPE", "42K09",
                            StrCat("Cannot resolve \"", AstPrinter::Print(node),
                                   "\" due to data type mismatch: The key of map cannot be/contain "
                                   "\"MAP\"."));
      }
      call->type = DataType::Map(Field{"key", fn->type, false}, input->map_value());
    } else {
      call->type = DataType::Map(input->map_key(), Field{"value", fn->type, true});
    }
    out.push_back(std::move(fn));
    return ExprPtr(std::move(call));
  }
  const TypePtr element = input->list_element().type;
  if (name == "transform" || name == "filter") {
    LAKEML_ASSIGN_OR_RETURN(ExprPtr fn, BindLambda(*a[1], {element, SqlType::Int()}, 1, scope));
    if (name == "filter") {
      LAKEML_RETURN_IF_ERROR(boolean_body(fn, 2));
      call->type = input;
    } else {
      call->type = DataType::List(Field{"element", fn->type, true});
    }
    out.push_back(std::move(fn));
  } else if (name == "exists" || name == "forall") {
    LAKEML_ASSIGN_OR_RETURN(ExprPtr fn, BindLambda(*a[1], {element}, 1, scope));
    LAKEML_RETURN_IF_ERROR(boolean_body(fn, 2));
    call->type = SqlType::Boolean();
    out.push_back(std::move(fn));
  } else if (name == "array_sort") {
    LAKEML_ASSIGN_OR_RETURN(ExprPtr fn, BindLambda(*a[1], {element, element}, 2, scope));
    if (!SqlType::IsIntegral(fn->type) && fn->type->id() != TypeId::kNull) {
      return LambdaInputTypeError(node, 2, "\"INT\"", *a[1], fn->type);
    }
    LAKEML_ASSIGN_OR_RETURN(fn->children[0],
                            CastTo(std::move(fn->children[0]), SqlType::Int(), node.pos));
    fn->type = SqlType::Int();
    call->type = input;
    out.push_back(std::move(fn));
  } else if (name == "zip_with") {
    LAKEML_ASSIGN_OR_RETURN(ExprPtr second, BindExpression(*a[1], scope));
    LAKEML_RETURN_IF_ERROR(expect(second, 2, false));
    const TypePtr other = second->type->list_element().type;
    out.push_back(std::move(second));
    LAKEML_ASSIGN_OR_RETURN(ExprPtr fn, BindLambda(*a[2], {element, other}, 2, scope));
    call->type = DataType::List(Field{"element", fn->type, true});
    out.push_back(std::move(fn));
  } else {  // aggregate / reduce
    LAKEML_ASSIGN_OR_RETURN(ExprPtr start, BindExpression(*a[1], scope));
    const TypePtr acc = start->type;
    out.push_back(std::move(start));
    LAKEML_ASSIGN_OR_RETURN(ExprPtr merge, BindLambda(*a[2], {acc, element}, 2, scope));
    if (!SqlType::Same(merge->type, acc) &&
        SqlType::SqlName(merge->type) == SqlType::SqlName(acc)) {
      // Only nullability differs (struct fields): the cast is a relabeling.
      LAKEML_ASSIGN_OR_RETURN(merge->children[0],
                              CastTo(std::move(merge->children[0]), acc, node.pos));
      merge->type = acc;
    }
    if (!SqlType::Same(merge->type, acc)) {
      return LambdaInputTypeError(node, 3, StrCat("\"", SqlType::SqlName(acc), "\""), *a[2],
                                  merge->type);
    }
    const TypePtr merged = merge->type;
    out.push_back(std::move(merge));
    call->type = merged;
    if (a.size() == 4) {
      LAKEML_ASSIGN_OR_RETURN(ExprPtr finish, BindLambda(*a[3], {merged}, 1, scope));
      call->type = finish->type;
      out.push_back(std::move(finish));
    }
  }
  return ExprPtr(std::move(call));
}

}  // namespace lakeml::sql
