#include "sql/planner/scan_predicate_builder.h"

#include "sql/optimizer/conjuncts.h"

namespace lakeml::sql {
namespace {

// The table column name a column ref of the Get refers to, or nullptr.
const std::string* ScanColumnName(const BoundExpression& e, const LogicalOperator& get) {
  if (e.kind != ExprKind::kColumnRef) return nullptr;
  const int i = get.IndexOf(e.column_id);
  if (i < 0) return nullptr;
  return &get.source->schema()->field(get.scan_columns[i]).name;
}

// The operator of a Conjuncts::ColumnComparison (column on the left).
delta::Predicate::Op CompareOp(const std::string& op) {
  using Op = delta::Predicate::Op;
  if (op == "<>") return Op::kNe;
  if (op == "<") return Op::kLt;
  if (op == "<=") return Op::kLe;
  if (op == ">") return Op::kGt;
  if (op == ">=") return Op::kGe;
  return Op::kEq;
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
  std::optional<Conjuncts::ColumnComparison> m = Conjuncts::MatchColumnComparison(e);
  if (!m) return std::nullopt;
  const std::string* col = ScanColumnName(*m->column, get);
  if (col == nullptr || !m->constant->value.type->Equals(*m->column->type)) return std::nullopt;
  return delta::Predicate::Compare({*col}, CompareOp(m->op), m->constant->value);
}

std::optional<delta::Predicate> ScanPredicateBuilder::Build(const BoundExpression& condition,
                                                            const LogicalOperator& get) {
  return Convert(condition, get);
}

}  // namespace lakeml::sql
