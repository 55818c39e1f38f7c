#include "sql/expression/bound_expression.h"

#include "base/str_cat.h"

namespace lakeml::sql {

ExprPtr BoundExpression::ColumnRef(ColumnId id, TypePtr type, std::string name) {
  auto e = std::make_unique<BoundExpression>(ExprKind::kColumnRef, std::move(type));
  e->column_id = id;
  e->name = std::move(name);
  return e;
}

ExprPtr BoundExpression::Reference(int index, TypePtr type, std::string name) {
  auto e = std::make_unique<BoundExpression>(ExprKind::kReference, std::move(type));
  e->index = index;
  e->name = std::move(name);
  return e;
}

ExprPtr BoundExpression::Constant(columnar::Scalar value) {
  auto e = std::make_unique<BoundExpression>(ExprKind::kConstant, value.type);
  e->nullable = value.is_null;
  e->value = std::move(value);
  return e;
}

ExprPtr BoundExpression::Function(std::shared_ptr<const ScalarFunctionBinding> fn,
                                  std::vector<ExprPtr> args) {
  auto e = std::make_unique<BoundExpression>(ExprKind::kFunction, fn->return_type);
  bool nullable = !fn->propagates_nulls || fn->can_raise;
  for (const auto& a : args) nullable |= a->nullable;
  e->nullable = nullable;
  e->function = std::move(fn);
  e->children = std::move(args);
  return e;
}

ExprPtr BoundExpression::Cast(ExprPtr child, TypePtr to, bool try_mode) {
  auto e = std::make_unique<BoundExpression>(ExprKind::kCast, std::move(to));
  e->nullable = child->nullable || try_mode;
  e->pos = child->pos;
  e->try_mode = try_mode;
  e->children.push_back(std::move(child));
  return e;
}

ExprPtr BoundExpression::Copy() const {
  auto e = std::make_unique<BoundExpression>(kind, type);
  e->nullable = nullable;
  e->pos = pos;
  e->name = name;
  e->column_id = column_id;
  e->index = index;
  e->value = value;
  e->function = function;
  e->try_mode = try_mode;
  e->aggregate = aggregate;
  e->distinct = distinct;
  for (const auto& c : children) e->children.push_back(c->Copy());
  return e;
}

bool BoundExpression::IsFoldable() const {
  if (kind == ExprKind::kColumnRef || kind == ExprKind::kReference ||
      kind == ExprKind::kAggregate || kind == ExprKind::kLambdaVariable) {
    return false;
  }
  for (const auto& c : children) {
    if (!c->IsFoldable()) return false;
  }
  return true;
}

std::string BoundExpression::ToString() const {
  switch (kind) {
    case ExprKind::kColumnRef:
      return name;
    case ExprKind::kReference:
      return StrCat(name, "#", index);
    case ExprKind::kConstant:
      if (value.is_null) return "NULL";
      if (value.type->id() == TypeId::kString) return StrCat("'", value.ToString(), "'");
      return value.ToString();
    case ExprKind::kFunction: {
      if (!function->infix.empty() && children.size() == 2) {
        return StrCat("(", children[0]->ToString(), " ", function->infix, " ",
                      children[1]->ToString(), ")");
      }
      if (!function->infix.empty() && children.size() == 1) {
        return StrCat("(", function->infix, " ", children[0]->ToString(), ")");
      }
      std::string out = function->name + "(";
      for (size_t i = 0; i < children.size(); ++i) {
        if (i > 0) out += ", ";
        out += children[i]->ToString();
      }
      return out + ")";
    }
    case ExprKind::kCast:
      return StrCat(try_mode ? "try_cast(" : "cast(", children[0]->ToString(), " as ",
                    type->ToString(), ")");
    case ExprKind::kAnd:
    case ExprKind::kOr: {
      std::string out = "(";
      for (size_t i = 0; i < children.size(); ++i) {
        if (i > 0) out += kind == ExprKind::kAnd ? " AND " : " OR ";
        out += children[i]->ToString();
      }
      return out + ")";
    }
    case ExprKind::kAggregate:
      return StrCat(aggregate->name, "(", distinct ? "DISTINCT " : "",
                    children.empty() ? "*" : children[0]->ToString(), ")");
    case ExprKind::kHigherOrder: {  // sql-lambda
      std::string out = name + "(";
      for (size_t i = 0; i < children.size(); ++i) {
        out += StrCat(i > 0 ? ", " : "", children[i]->ToString());
      }
      return out + ")";
    }
    case ExprKind::kLambda:
      return StrCat("lambdafunction(", children[0]->ToString(), ")");
    case ExprKind::kLambdaVariable:
      return name;
    case ExprKind::kCase: {
      std::string out = "CASE";
      for (size_t i = 0; i + 1 < children.size(); i += 2) {
        out += StrCat(" WHEN ", children[i]->ToString(), " THEN ", children[i + 1]->ToString());
      }
      return out + StrCat(" ELSE ", children.back()->ToString(), " END");
    }
  }
  return "?";
}

bool BoundExpression::Equals(const BoundExpression& other) const {
  const BoundExpression& a = *this;
  const BoundExpression& b = other;
  if (a.kind != b.kind || !a.type->Equals(*b.type) || a.children.size() != b.children.size()) {
    return false;
  }
  switch (a.kind) {
    case ExprKind::kColumnRef:
      if (a.column_id != b.column_id) return false;
      break;
    case ExprKind::kReference:
      if (a.index != b.index) return false;
      break;
    case ExprKind::kConstant:
      if (a.value.is_null != b.value.is_null) return false;
      if (!a.value.is_null && a.value.Compare(b.value) != 0) return false;
      break;
    case ExprKind::kFunction:
      if (a.function->name != b.function->name || a.function->infix != b.function->infix) {
        return false;
      }
      break;
    case ExprKind::kCast:
      if (a.try_mode != b.try_mode) return false;
      break;
    case ExprKind::kAggregate:
      if (a.aggregate->name != b.aggregate->name || a.distinct != b.distinct) return false;
      if (a.aggregate->params != b.aggregate->params) return false;  // sql-aggjson
      break;
    case ExprKind::kHigherOrder:  // sql-lambda
      if (a.name != b.name) return false;
      break;
    case ExprKind::kLambda:
    case ExprKind::kLambdaVariable:
      if (a.index != b.index) return false;
      break;
    default:
      break;
  }
  for (size_t i = 0; i < a.children.size(); ++i) {
    if (!a.children[i]->Equals(*b.children[i])) return false;
  }
  return true;
}

}  // namespace lakeml::sql
