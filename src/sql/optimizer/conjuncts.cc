#include "sql/optimizer/conjuncts.h"

#include <algorithm>

#include "sql/common/sql_type.h"

namespace lakeml::sql {
namespace {

// Casts that cannot fail: widening numbers, anything to string.
bool IsSafeCast(const TypePtr& from, const TypePtr& to) {
  if (to->id() == TypeId::kString || from->id() == TypeId::kNull) return true;
  if (SqlType::IsIntegral(from)) {
    if (SqlType::IsFloating(to)) return true;
    if (SqlType::IsIntegral(to)) {
      const TypePtr common = SqlType::CommonType(from, to);
      return common != nullptr && SqlType::Same(common, to);
    }
    if (to->id() == TypeId::kDecimal) {
      const TypePtr d = SqlType::DecimalOf(from);
      return to->precision() - to->scale() >= d->precision();
    }
  }
  if (from->id() == TypeId::kDecimal && to->id() == TypeId::kDecimal) {
    return to->scale() >= from->scale() &&
           to->precision() - to->scale() >= from->precision() - from->scale();
  }
  if (from->id() == TypeId::kDecimal && SqlType::IsFloating(to)) return true;
  if (from->id() == TypeId::kFloat32 && to->id() == TypeId::kFloat64) return true;
  if (from->id() == TypeId::kDate32 && to->id() == TypeId::kTimestamp) return true;
  return SqlType::Same(from, to);
}

}  // namespace

void Conjuncts::Split(ExprPtr e, std::vector<ExprPtr>* out) {
  if (e->kind == ExprKind::kAnd) {
    for (auto& c : e->children) Split(std::move(c), out);
    return;
  }
  out->push_back(std::move(e));
}

ExprPtr Conjuncts::Combine(std::vector<ExprPtr> parts) {
  if (parts.empty()) return nullptr;
  if (parts.size() == 1) return std::move(parts[0]);
  auto e = std::make_unique<BoundExpression>(ExprKind::kAnd, parts[0]->type);
  bool nullable = false;
  for (const auto& p : parts) nullable |= p->nullable;
  e->nullable = nullable;
  e->children = std::move(parts);
  return e;
}

std::vector<ColumnId> Conjuncts::ColumnsOf(const BoundExpression& e) {
  std::vector<ColumnId> out;
  std::vector<const BoundExpression*> stack{&e};
  while (!stack.empty()) {
    const BoundExpression* cur = stack.back();
    stack.pop_back();
    if (cur->kind == ExprKind::kColumnRef &&
        std::find(out.begin(), out.end(), cur->column_id) == out.end()) {
      out.push_back(cur->column_id);
    }
    for (const auto& c : cur->children) stack.push_back(c.get());
  }
  return out;
}

bool Conjuncts::AllIn(const std::vector<ColumnId>& ids, const LogicalOperator& op) {
  for (ColumnId id : ids) {
    if (op.IndexOf(id) < 0) return false;
  }
  return true;
}

bool Conjuncts::CanRaise(const BoundExpression& e) {
  if (e.kind == ExprKind::kFunction && e.function->can_raise && !e.function->null_on_error) {
    return true;
  }
  if (e.kind == ExprKind::kCast && !e.try_mode && !IsSafeCast(e.children[0]->type, e.type)) {
    return true;
  }
  for (const auto& c : e.children) {
    if (CanRaise(*c)) return true;
  }
  return false;
}

ExprPtr Conjuncts::Substitute(const BoundExpression& e,
                              const std::unordered_map<ColumnId, const BoundExpression*>& map) {
  if (e.kind == ExprKind::kColumnRef) {
    auto it = map.find(e.column_id);
    if (it != map.end()) return it->second->Copy();
  }
  ExprPtr copy = e.Copy();
  copy->children.clear();
  for (const auto& c : e.children) copy->children.push_back(Substitute(*c, map));
  return copy;
}

}  // namespace lakeml::sql
