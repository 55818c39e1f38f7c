#include "sql/planner/scan_predicate_builder.h"

namespace lakeml::sql {
namespace {

// The table column name a column ref of the Get refers to, or nullptr.
const std::string* ScanColumnName(const BoundExpression& e, const LogicalOperator& get) {
  if (e.kind != ExprKind::kColumnRef) return nullptr;
  const int i = get.IndexOf(e.column_id);
  if (i < 0) return nullptr;
  return &get.source->schema()->field(get.scan_columns[i]).name;
}

std::optional<delta::Predicate::Op> CompareOp(const std::string& name, bool flipped) {
  using Op = delta::Predicate::Op;
  if (name == "=" || name == "==") return Op::kEq;
  if (name == "<>" || name == "!=") return Op::kNe;
  if (name == "<") return flipped ? Op::kGt : Op::kLt;
  if (name == "<=") return flipped ? Op::kGe : Op::kLe;
  if (name == ">") return flipped ? Op::kLt : Op::kGt;
  if (name == ">=") return flipped ? Op::kLe : Op::kGe;
  return std::nullopt;
}

}  // namespace

std::optional<delta::Predicate> ScanPredicateBuilder::Convert(const BoundExpression& e,
                                                              const LogicalOperator& get) {
  if (e.kind == ExprKind::kAnd || e.kind == ExprKind::kOr) {
    std::optional<delta::Predicate> acc;
    for (const auto& c : e.children) {
      std::optional<delta::Predicate> p = Convert(*c, get);
      if (!p) {
        if (e.kind == ExprKind::kOr) return std::nullopt;  // An OR needs every branch.
        continue;
      }
      if (!acc) {
        acc = std::move(p);
      } else {
        acc = e.kind == ExprKind::kAnd ? delta::Predicate::And(*acc, *p)
                                       : delta::Predicate::Or(*acc, *p);
      }
    }
    return acc;
  }
  if (e.kind != ExprKind::kFunction) return std::nullopt;
  const std::string& name = e.function->name;
  if ((name == "isnull" || name == "isnotnull") && e.children.size() == 1) {
    const std::string* col = ScanColumnName(*e.children[0], get);
    if (col == nullptr) return std::nullopt;
    return name == "isnull" ? delta::Predicate::IsNull({*col})
                            : delta::Predicate::IsNotNull({*col});
  }
  if (e.children.size() != 2) return std::nullopt;
  for (int flipped = 0; flipped < 2; ++flipped) {
    const BoundExpression& column = *e.children[flipped];
    const BoundExpression& constant = *e.children[1 - flipped];
    const std::string* col = ScanColumnName(column, get);
    if (col == nullptr || constant.kind != ExprKind::kConstant || constant.value.is_null) continue;
    if (!constant.value.type->Equals(*column.type)) continue;
    std::optional<delta::Predicate::Op> op = CompareOp(name, flipped == 1);
    if (!op) return std::nullopt;
    return delta::Predicate::Compare({*col}, *op, constant.value);
  }
  return std::nullopt;
}

std::optional<delta::Predicate> ScanPredicateBuilder::Build(const BoundExpression& condition,
                                                            const LogicalOperator& get) {
  return Convert(condition, get);
}

}  // namespace lakeml::sql
