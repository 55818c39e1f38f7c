#include "sql/optimizer/conjuncts.h"

#include <algorithm>

#include "sql/common/sql_type.h"
#include "sql/function/scalar/like_matcher.h"

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
  if (e->kind == ExprKind::kOr) {
    FactorDisjunction(std::move(e), out);
    return;
  }
  out->push_back(std::move(e));
}

void Conjuncts::FactorDisjunction(ExprPtr e, std::vector<ExprPtr>* out) {
  // (A AND B) OR (A AND C) is A AND (B OR C): A becomes a conjunct of its own, so that a join
  // key shared by every branch (TPC-H Q19) still makes a hash join and filters move down.
  std::vector<std::vector<ExprPtr>> branches;
  for (auto& c : e->children) {
    std::vector<ExprPtr> parts;
    if (c->kind == ExprKind::kAnd) {
      for (auto& p : c->children) parts.push_back(std::move(p));
    } else {
      parts.push_back(std::move(c));
    }
    branches.push_back(std::move(parts));
  }
  std::vector<ExprPtr> common;
  for (size_t i = 0; i < branches[0].size();) {
    const BoundExpression& candidate = *branches[0][i];
    // Only conjuncts that cannot raise: factoring changes which rows evaluate them.
    bool everywhere = !CanRaise(candidate);
    for (size_t b = 1; b < branches.size() && everywhere; ++b) {
      bool found = false;
      for (const auto& p : branches[b]) found |= p->Equals(candidate);
      everywhere = found;
    }
    if (!everywhere) {
      ++i;
      continue;
    }
    for (size_t b = 1; b < branches.size(); ++b) {
      for (size_t k = 0; k < branches[b].size(); ++k) {
        if (branches[b][k]->Equals(candidate)) {
          branches[b].erase(branches[b].begin() + k);
          break;
        }
      }
    }
    common.push_back(std::move(branches[0][i]));
    branches[0].erase(branches[0].begin() + i);
  }
  // A branch left empty is TRUE, which makes the whole OR true.
  bool any_empty = false;
  for (const auto& b : branches) any_empty |= b.empty();
  for (auto& c : common) out->push_back(std::move(c));
  if (any_empty) return;
  auto rest = std::make_unique<BoundExpression>(ExprKind::kOr, e->type);
  rest->pos = e->pos;
  bool nullable = false;
  for (auto& b : branches) {
    ExprPtr branch = Combine(std::move(b));
    nullable |= branch->nullable;
    rest->children.push_back(std::move(branch));
  }
  rest->nullable = nullable;
  out->push_back(std::move(rest));
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

namespace {

// LIKE / ILIKE raise only for a bad pattern; a constant pattern that compiles cannot raise
// (TPC-H Q9's `p_name LIKE '%green%'` must reach the part scan).
bool IsValidConstantLike(const BoundExpression& e) {
  if (e.function->name != "like" && e.function->name != "ilike") return false;
  if (e.children.size() != 2 || e.children[1]->kind != ExprKind::kConstant) return false;
  const columnar::Scalar& pattern = e.children[1]->value;
  if (pattern.is_null) return true;
  return LikeMatcher::Compile(pattern.bytes, '\\', e.function->name == "ilike").ok();
}

}  // namespace

bool Conjuncts::IsEquality(const BoundExpression& e) {
  return e.kind == ExprKind::kFunction && e.function != nullptr &&
         (e.function->name == "=" || e.function->name == "==") && e.children.size() == 2;
}

const BoundExpression* Conjuncts::KeyColumn(const BoundExpression& e) {
  if (e.kind == ExprKind::kColumnRef) return &e;
  if (e.kind == ExprKind::kCast && e.children.size() == 1) return KeyColumn(*e.children[0]);
  return nullptr;
}

std::optional<Conjuncts::ColumnComparison> Conjuncts::MatchColumnComparison(
    const BoundExpression& e) {
  if (e.kind != ExprKind::kFunction || e.function == nullptr || e.children.size() != 2) {
    return std::nullopt;
  }
  std::string op = e.function->name;
  if (op == "==") op = "=";
  if (op == "!=") op = "<>";
  if (op != "=" && op != "<>" && op != "<" && op != "<=" && op != ">" && op != ">=") {
    return std::nullopt;
  }
  for (int flipped = 0; flipped < 2; ++flipped) {
    const BoundExpression* column = e.children[flipped].get();
    const BoundExpression* constant = e.children[1 - flipped].get();
    if (column->kind != ExprKind::kColumnRef || constant->kind != ExprKind::kConstant ||
        constant->value.is_null) {
      continue;
    }
    if (flipped == 1 && op[0] == '<' && op != "<>") {
      op = ">" + op.substr(1);
    } else if (flipped == 1 && op[0] == '>') {
      op = "<" + op.substr(1);
    }
    return ColumnComparison{column, constant, op};
  }
  return std::nullopt;
}

bool Conjuncts::IsTrueConstant(const BoundExpression& e) {
  return e.kind == ExprKind::kConstant && !e.value.is_null &&
         e.value.type->id() == columnar::TypeId::kBoolean && e.value.b;
}

bool Conjuncts::CanRaise(const BoundExpression& e) {
  if (e.kind == ExprKind::kFunction && e.function->can_raise && !e.function->null_on_error &&
      !IsValidConstantLike(e)) {
    return true;
  }
  if (e.kind == ExprKind::kCast && !e.try_mode && !IsSafeCast(e.children[0]->type, e.type)) {
    return true;
  }
  if (e.kind == ExprKind::kHigherOrder) return true;  // sql-lambda: a lambda may raise

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
