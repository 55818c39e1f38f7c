// Binder: UNION / INTERSECT / EXCEPT [ALL | DISTINCT] (Spark's column-count check and type
// widening). UNION ALL is a kUnion; UNION DISTINCT groups it by every column. INTERSECT and
// EXCEPT tag each side's rows with a marker column, UNION ALL them, group by every column
// counting each side's rows, and keep the groups whose counts qualify (NULLs compare equal,
// as set operations require).
#include "base/str_cat.h"
#include "sql/binder/binder.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/function/aggregate/aggregate_registry.h"
#include "sql/optimizer/conjuncts.h"

namespace lakeml::sql {
namespace {

std::string SetOperationOrdinal(size_t i) {
  static const char* const kWords[] = {"first", "second",  "third",  "fourth", "fifth",
                                       "sixth", "seventh", "eighth", "ninth",  "tenth"};
  return i < 10 ? kWords[i] : StrCat(i + 1, "th");
}

ExprPtr SetOperationRef(const OutputColumn& c) {
  auto ref = BoundExpression::ColumnRef(c.id, c.type, c.name);
  ref->nullable = c.nullable;
  return ref;
}

}  // namespace

Result<LogicalPtr> Binder::BindSetOperation(const AstNode& node) {
  const std::string op = node.op;
  const bool all = node.text == "ALL";
  LAKEML_ASSIGN_OR_RETURN(LogicalPtr left, BindQueryBody(*node.children[0]));
  LAKEML_ASSIGN_OR_RETURN(LogicalPtr right, BindQueryBody(*node.children[1]));
  if (left->columns.size() != right->columns.size()) {
    return SqlError::At(
        node.pos, "NUM_COLUMNS_MISMATCH", "42826",
        StrCat(op,
               " can only be performed on inputs with the same number of columns, but the "
               "first input has ",
               left->columns.size(), " columns and the second input has ", right->columns.size(),
               " columns."));
  }
  std::vector<TypePtr> types;
  for (size_t i = 0; i < left->columns.size(); ++i) {
    TypePtr t = SqlType::CommonType(left->columns[i].type, right->columns[i].type);
    if (t == nullptr) {
      return SqlError::At(
          node.pos, "INCOMPATIBLE_COLUMN_TYPE", "42825",
          StrCat(op, " can only be performed on tables with compatible column types. The ",
                 SetOperationOrdinal(i), " column of the second table is \"",
                 SqlType::SqlName(right->columns[i].type),
                 "\" type which is not compatible with \"", SqlType::SqlName(left->columns[i].type),
                 "\" at the same column of the first table."));
    }
    types.push_back(std::move(t));
  }
  const bool counted = op != "UNION";
  // Each side cast to the common types (plus the side's marker for INTERSECT / EXCEPT).
  auto project_side = [&](LogicalPtr side, int marker) -> Result<LogicalPtr> {
    auto project = std::make_unique<LogicalOperator>(LogicalKind::kProjection);
    for (size_t i = 0; i < types.size(); ++i) {
      const OutputColumn& c = side->columns[i];
      LAKEML_ASSIGN_OR_RETURN(ExprPtr e, CastTo(SetOperationRef(c), types[i], node.pos));
      project->columns.push_back(OutputColumn{NewColumnId(), c.name, types[i], c.nullable});
      project->expressions.push_back(std::move(e));
    }
    for (int m = 0; counted && m < 2; ++m) {
      columnar::Scalar v = m == marker ? columnar::Scalar::Int(SqlType::Int(), 1)
                                       : columnar::Scalar::Null(SqlType::Int());
      project->columns.push_back(
          OutputColumn{NewColumnId(), m == 0 ? "__left" : "__right", SqlType::Int(), m != marker});
      project->expressions.push_back(BoundExpression::Constant(std::move(v)));
    }
    project->children.push_back(std::move(side));
    return LogicalPtr(std::move(project));
  };
  LAKEML_ASSIGN_OR_RETURN(left, project_side(std::move(left), 0));
  LAKEML_ASSIGN_OR_RETURN(right, project_side(std::move(right), 1));
  auto union_all = std::make_unique<LogicalOperator>(LogicalKind::kUnion);
  for (size_t i = 0; i < left->columns.size(); ++i) {
    OutputColumn c = left->columns[i];
    c.id = NewColumnId();
    c.nullable = left->columns[i].nullable || right->columns[i].nullable;
    union_all->columns.push_back(std::move(c));
  }
  union_all->children.push_back(std::move(left));
  union_all->children.push_back(std::move(right));
  if (op == "UNION" && all) return LogicalPtr(std::move(union_all));

  // Group by every value column.
  auto aggregate = std::make_unique<LogicalOperator>(LogicalKind::kAggregate);
  for (size_t i = 0; i < types.size(); ++i) {
    const OutputColumn& c = union_all->columns[i];
    aggregate->groups.push_back(SetOperationRef(c));
    aggregate->columns.push_back(OutputColumn{NewColumnId(), c.name, c.type, c.nullable});
  }
  if (!counted) {
    aggregate->children.push_back(std::move(union_all));
    return LogicalPtr(std::move(aggregate));
  }
  const AggregateFunctionEntry* count = AggregateRegistry::Builtin().Find("count");
  std::vector<ExprPtr> counts;
  for (size_t m = 0; m < 2; ++m) {
    const OutputColumn& marker = union_all->columns[types.size() + m];
    LAKEML_ASSIGN_OR_RETURN(std::shared_ptr<const AggregateFunctionBinding> fn,
                            count->resolve("count", {marker.type}));
    auto e = std::make_unique<BoundExpression>(ExprKind::kAggregate, fn->return_type);
    e->aggregate = fn;
    e->children.push_back(SetOperationRef(marker));
    const OutputColumn out{NewColumnId(), marker.name, fn->return_type, false};
    aggregate->columns.push_back(out);
    aggregate->expressions.push_back(std::move(e));
    // count > 0 (the left side, and the right side for INTERSECT), count = 0 (EXCEPT's right).
    std::vector<ExprPtr> args;
    args.push_back(SetOperationRef(out));
    args.push_back(BoundExpression::Constant(columnar::Scalar::Int(fn->return_type, 0)));
    const bool none = m == 1 && op == "EXCEPT";
    if (!none || !all) {  // EXCEPT ALL tests left > right below.
      LAKEML_ASSIGN_OR_RETURN(ExprPtr test, CallFunction(none ? "=" : ">", std::move(args), node));
      counts.push_back(std::move(test));
    }
  }
  const OutputColumn left_count = aggregate->columns[types.size()];
  const OutputColumn right_count = aggregate->columns[types.size() + 1];
  // The ALL forms keep min(l, r) (INTERSECT) or l - r (EXCEPT) copies of each row.
  ExprPtr copies;
  if (all) {
    std::vector<ExprPtr> args;
    args.push_back(SetOperationRef(left_count));
    args.push_back(SetOperationRef(right_count));
    if (op == "EXCEPT") {
      std::vector<ExprPtr> more;
      more.push_back(SetOperationRef(left_count));
      more.push_back(SetOperationRef(right_count));
      LAKEML_ASSIGN_OR_RETURN(ExprPtr test, CallFunction(">", std::move(more), node));
      counts.push_back(std::move(test));
    }
    LAKEML_ASSIGN_OR_RETURN(copies,
                            CallFunction(op == "EXCEPT" ? "-" : "least", std::move(args), node));
  }
  aggregate->children.push_back(std::move(union_all));
  auto filter = std::make_unique<LogicalOperator>(LogicalKind::kFilter);
  filter->columns = aggregate->columns;
  filter->expressions.push_back(Conjuncts::Combine(std::move(counts)));
  filter->children.push_back(std::move(aggregate));
  if (all) {
    auto replicate = std::make_unique<LogicalOperator>(LogicalKind::kReplicate);
    replicate->columns.assign(filter->columns.begin(),
                              filter->columns.begin() + static_cast<long>(types.size()));
    replicate->expressions.push_back(std::move(copies));
    replicate->children.push_back(std::move(filter));
    return LogicalPtr(std::move(replicate));
  }
  auto project = std::make_unique<LogicalOperator>(LogicalKind::kProjection);
  for (size_t i = 0; i < types.size(); ++i) {
    const OutputColumn& c = filter->columns[i];
    project->expressions.push_back(SetOperationRef(c));
    project->columns.push_back(OutputColumn{NewColumnId(), c.name, c.type, c.nullable});
  }
  project->children.push_back(std::move(filter));
  return LogicalPtr(std::move(project));
}

}  // namespace lakeml::sql
