// Binder: subqueries. Uncorrelated scalar subqueries run while binding (SubqueryRunner) and
// become constants. EXISTS and IN subqueries that are WHERE conjuncts, and correlated scalar
// subqueries in WHERE or in a non-aggregating select list, are decorrelated into joins of the
// FROM plan (Spark's rewrites):
//   [NOT] EXISTS (q)   -> SEMI (ANTI) join on q's correlated conjuncts
//   x IN (q)           -> SEMI join on x = q.col AND the correlated conjuncts
//   x NOT IN (q)       -> ANTI join on (x = q.col OR x IS NULL OR q.col IS NULL) AND ... (null
//                         aware: one NULL in q, or a NULL x over a non-empty q, drops the row)
//   (q) correlated     -> q's aggregate grouped by the correlation columns, LEFT joined
#include <unordered_map>
#include <unordered_set>

#include "base/str_cat.h"
#include "sql/binder/binder.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/execution/expression_executor.h"
#include "sql/optimizer/conjuncts.h"
#include "sql/parser/ast_printer.h"

namespace lakeml::sql {
namespace {

void CollectProducedColumns(const LogicalOperator& op, std::unordered_set<ColumnId>* out) {
  for (const auto& c : op.columns) out->insert(c.id);
  for (const auto& child : op.children) CollectProducedColumns(*child, out);
}

bool ReadsOuterColumn(const BoundExpression& e, const std::unordered_set<ColumnId>& inner) {
  if (e.kind == ExprKind::kColumnRef && inner.count(e.column_id) == 0) return true;
  for (const auto& c : e.children) {
    if (ReadsOuterColumn(*c, inner)) return true;
  }
  return false;
}

bool PlanReadsOuterColumn(const LogicalOperator& op, const std::unordered_set<ColumnId>& inner) {
  for (const auto& e : op.expressions) {
    if (ReadsOuterColumn(*e, inner)) return true;
  }
  for (const auto& e : op.groups) {
    if (ReadsOuterColumn(*e, inner)) return true;
  }
  for (const auto& child : op.children) {
    if (PlanReadsOuterColumn(*child, inner)) return true;
  }
  return false;
}

const OutputColumn* FindSubqueryColumn(const LogicalOperator& op, ColumnId id) {
  for (const auto& c : op.columns) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

// The value a decorrelated scalar subquery `Projection(Aggregate(...))` has for an outer row
// no inner row matches (count is 0 over no rows: the "count bug"); null when that is NULL or
// the plan has another shape.
ExprPtr EmptyInputSubqueryValue(const LogicalOperator& plan) {
  if (plan.kind != LogicalKind::kProjection) return nullptr;
  const LogicalOperator& agg = *plan.children[0];
  if (agg.kind != LogicalKind::kAggregate) return nullptr;
  std::vector<ExprPtr> values;
  std::unordered_map<ColumnId, const BoundExpression*> map;
  for (size_t i = 0; i < agg.expressions.size(); ++i) {
    const BoundExpression& a = *agg.expressions[i];
    const OutputColumn& c = agg.columns[agg.groups.size() + i];
    values.push_back(BoundExpression::Constant(a.aggregate->name == "count"
                                                   ? columnar::Scalar::Int(c.type, 0)
                                                   : columnar::Scalar::Null(c.type)));
    map[c.id] = values.back().get();
  }
  ExprPtr e = Conjuncts::Substitute(*plan.expressions[0], map);
  if (!e->IsFoldable()) return nullptr;
  Result<columnar::Scalar> v = ExpressionExecutor::EvaluateConstant(*e);
  if (!v.ok() || v->is_null) return nullptr;
  auto constant = BoundExpression::Constant(*v);
  constant->type = plan.columns[0].type;
  constant->nullable = false;
  return constant;
}

}  // namespace

Result<ExprPtr> Binder::BindOuterColumnRef(const AstNode& node) {
  for (size_t i = outer_scopes_.size(); i > 0; --i) {
    const BindScope& outer = *outer_scopes_[i - 1];
    int index;
    size_t used;
    LAKEML_RETURN_IF_ERROR(outer.Find(node.names, node.pos, &index, &used));
    if (index < 0 || used != node.names.size()) continue;
    const ScopeColumn& c = outer.columns()[index];
    auto ref = BoundExpression::ColumnRef(c.id, c.type, c.name);
    ref->nullable = c.nullable;
    ref->pos = node.pos;
    return ref;
  }
  return ExprPtr();
}

Result<LogicalPtr> Binder::BindSubqueryPlan(const AstNode& query, const BindScope& outer,
                                            bool* correlated) {
  AggregateState* saved_aggregate = aggregate_;
  const AstNode* saved_order = pending_order_by_;
  std::vector<SubqueryJoin>* saved_joins = subquery_joins_;
  aggregate_ = nullptr;
  pending_order_by_ = nullptr;
  subquery_joins_ = nullptr;
  outer_scopes_.push_back(&outer);
  Result<LogicalPtr> plan = BindQuery(query);
  outer_scopes_.pop_back();
  aggregate_ = saved_aggregate;
  pending_order_by_ = saved_order;
  subquery_joins_ = saved_joins;
  if (plan.ok()) {
    std::unordered_set<ColumnId> inner;
    CollectProducedColumns(**plan, &inner);
    *correlated = PlanReadsOuterColumn(**plan, inner);
  }
  return plan;
}

Status Binder::Decorrelate(const AstNode& query, LogicalOperator* plan, std::vector<ExprPtr>* out) {
  std::unordered_set<ColumnId> inner;
  CollectProducedColumns(*plan, &inner);
  // The SELECT's chain from the top down to its FROM: correlated conjuncts sit in its filters.
  std::vector<LogicalOperator*> path;
  size_t deepest = 0;
  for (LogicalOperator* node = plan; node != nullptr;) {
    path.push_back(node);
    if (node->kind == LogicalKind::kFilter) {
      std::vector<ExprPtr> parts;
      Conjuncts::Split(std::move(node->expressions[0]), &parts);
      std::vector<ExprPtr> kept;
      for (auto& p : parts) {
        if (ReadsOuterColumn(*p, inner)) {
          out->push_back(std::move(p));
          deepest = path.size() - 1;
        } else {
          kept.push_back(std::move(p));
        }
      }
      node->expressions[0] = kept.empty() ? BoundExpression::Constant(columnar::Scalar::Bool(true))
                                          : Conjuncts::Combine(std::move(kept));
    }
    const bool pass = node->kind == LogicalKind::kProjection ||
                      node->kind == LogicalKind::kFilter || node->kind == LogicalKind::kAggregate ||
                      node->kind == LogicalKind::kOrder;
    node = pass ? node->children[0].get() : nullptr;
  }
  if (PlanReadsOuterColumn(*plan, inner)) {
    return SqlError::Unsupported(query.pos,
                                 "a correlated reference outside the subquery's WHERE clause");
  }
  if (out->empty()) return Status::OK();
  // The inner columns the pulled conjuncts read, passed up to the subquery's output.
  std::vector<ColumnId> needed;
  for (const auto& e : *out) {
    for (ColumnId id : Conjuncts::ColumnsOf(*e)) {
      if (inner.count(id) != 0) needed.push_back(id);
    }
  }
  for (size_t j = deepest; j > 0; --j) {
    LogicalOperator* node = path[j - 1];
    const LogicalOperator& child = *node->children[0];
    for (ColumnId id : needed) {
      if (FindSubqueryColumn(*node, id) != nullptr) continue;
      const OutputColumn* c = FindSubqueryColumn(child, id);
      if (c == nullptr) {
        return SqlError::Unsupported(query.pos, "this form of correlated subquery");
      }
      const OutputColumn column = *c;
      auto ref = BoundExpression::ColumnRef(column.id, column.type, column.name);
      ref->nullable = column.nullable;
      if (node->kind == LogicalKind::kProjection) {
        node->expressions.push_back(std::move(ref));
        node->columns.push_back(column);
      } else if (node->kind == LogicalKind::kAggregate) {
        node->columns.insert(node->columns.begin() + static_cast<long>(node->groups.size()),
                             column);
        node->groups.push_back(std::move(ref));
      } else {
        node->columns.push_back(column);
      }
    }
  }
  return Status::OK();
}

Result<bool> Binder::BindSubqueryConjunct(const AstNode& node, const BindScope& scope) {
  const AstNode* n = &node;
  bool negated = false;
  if (n->kind == NodeKind::kUnary && n->op == "NOT" && n->children[0]->kind == NodeKind::kExists) {
    negated = true;
    n = n->children[0].get();
  }
  const bool exists = n->kind == NodeKind::kExists;
  const bool in = n->kind == NodeKind::kIn && n->children.size() == 2 &&
                  n->children[1]->kind == NodeKind::kQuery;
  if (!exists && !in) return false;
  ExprPtr value;
  if (in) {
    negated = n->Has(AstNode::kFlagNegated);
    LAKEML_ASSIGN_OR_RETURN(value, BindExpression(*n->children[0], scope));
  }
  const AstNode& query = *n->children[exists ? 0 : 1];
  bool correlated = false;
  LAKEML_ASSIGN_OR_RETURN(LogicalPtr plan, BindSubqueryPlan(query, scope, &correlated));
  const size_t width = plan->columns.size();
  std::vector<ExprPtr> conjuncts;
  LAKEML_RETURN_IF_ERROR(Decorrelate(query, plan.get(), &conjuncts));
  if (in) {
    if (width != 1) {
      return SqlError::At(
          n->pos, "DATATYPE_MISMATCH.INVALID_IN_SUBQUERY_LENGTH", "42K09",
          StrCat("Cannot resolve \"", AstPrinter::Print(*n),
                 "\" due to data type mismatch: The number of columns in the left hand side of "
                 "an IN subquery does not match the number of columns in the output of "
                 "subquery. Left hand side columns(length): 1, right hand side columns(length): ",
                 width, "."));
    }
    const OutputColumn& key = plan->columns[0];
    auto key_ref = BoundExpression::ColumnRef(key.id, key.type, key.name);
    key_ref->nullable = key.nullable;
    const bool nullable = value->nullable || key.nullable;
    std::vector<ExprPtr> args;
    args.push_back(value->Copy());
    args.push_back(key_ref->Copy());
    LAKEML_ASSIGN_OR_RETURN(ExprPtr eq, CallFunction("=", std::move(args), *n));
    if (negated && nullable) {
      std::vector<ExprPtr> terms;
      terms.push_back(std::move(eq));
      for (ExprPtr* side : {&value, &key_ref}) {
        std::vector<ExprPtr> a;
        a.push_back(std::move(*side));
        LAKEML_ASSIGN_OR_RETURN(ExprPtr is_null, CallFunction("isnull", std::move(a), *n));
        terms.push_back(std::move(is_null));
      }
      LAKEML_ASSIGN_OR_RETURN(eq, MakeLogical(ExprKind::kOr, std::move(terms), *n));
    }
    conjuncts.insert(conjuncts.begin(), std::move(eq));
  }
  subquery_joins_->push_back(SubqueryJoin{negated ? JoinType::kAnti : JoinType::kSemi,
                                          std::move(plan),
                                          Conjuncts::Combine(std::move(conjuncts))});
  return true;
}

Result<ExprPtr> Binder::BindScalarSubquery(const AstNode& node, const BindScope& scope) {
  const AstNode& query = *node.children[0];
  bool correlated = false;
  LAKEML_ASSIGN_OR_RETURN(LogicalPtr plan, BindSubqueryPlan(query, scope, &correlated));
  if (plan->columns.size() != 1) {
    return SqlError::At(
        node.pos, "INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN",
        "42823",
        StrCat("Invalid subquery: Scalar subquery must return only one column, but got ",
               plan->columns.size(), "."));
  }
  const OutputColumn result = plan->columns[0];
  if (!correlated) {
    if (subquery_runner_ == nullptr) {
      return SqlError::Unsupported(node.pos, "scalar subqueries in this context");
    }
    LAKEML_ASSIGN_OR_RETURN(std::vector<columnar::Scalar> values,
                            subquery_runner_->Run(std::move(plan), 2));
    if (values.size() > 1) {
      return SqlError::At(node.pos, "SCALAR_SUBQUERY_TOO_MANY_ROWS", "21000",
                          "More than one row returned by a subquery used as an expression.");
    }
    columnar::Scalar v = values.empty() ? columnar::Scalar::Null(result.type) : values[0];
    const bool is_null = v.is_null;
    auto constant = BoundExpression::Constant(std::move(v));
    constant->type = result.type;
    constant->nullable = is_null;
    constant->pos = node.pos;
    return constant;
  }
  if (subquery_joins_ == nullptr) {
    return SqlError::Unsupported(
        node.pos, "correlated scalar subqueries outside WHERE and non-aggregating SELECT lists");
  }
  bool aggregated = false;
  for (const LogicalOperator* n = plan.get(); n != nullptr && !aggregated;) {
    aggregated = n->kind == LogicalKind::kAggregate && n->groups.empty();
    const bool pass = n->kind == LogicalKind::kProjection || n->kind == LogicalKind::kFilter;
    n = pass ? n->children[0].get() : nullptr;
  }
  if (!aggregated) {
    return SqlError::At(
        node.pos,
        "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.MUST_AGGREGATE_CORRELATED_SCALAR_SUBQUERY",
        "0A000",
        "Unsupported subquery expression: Correlated scalar subqueries must be aggregated to "
        "return at most one row.");
  }
  std::vector<ExprPtr> conjuncts;
  LAKEML_RETURN_IF_ERROR(Decorrelate(query, plan.get(), &conjuncts));
  std::unordered_set<ColumnId> inner;
  CollectProducedColumns(*plan, &inner);
  for (const auto& c : conjuncts) {
    // Grouping by the correlation columns keeps one row per outer row only for equalities.
    bool equality = c->kind == ExprKind::kFunction && c->function != nullptr &&
                    (c->function->name == "=" || c->function->name == "==");
    if (equality) {
      const bool a = ReadsOuterColumn(*c->children[0], inner);
      const bool b = ReadsOuterColumn(*c->children[1], inner);
      equality = a != b;
    }
    if (!equality) {
      return SqlError::Unsupported(
          node.pos, "correlated scalar subqueries with a non-equality correlated predicate");
    }
  }
  auto ref = BoundExpression::ColumnRef(result.id, result.type, result.name);
  ref->nullable = true;
  ref->pos = node.pos;
  if (ExprPtr empty = EmptyInputSubqueryValue(*plan)) {
    // CASE WHEN the join found no group THEN the empty-input value ELSE the column END; the
    // last column is a grouping column, never NULL on a match.
    const OutputColumn& key = plan->columns.back();
    std::vector<ExprPtr> args;
    args.push_back(BoundExpression::ColumnRef(key.id, key.type, key.name));
    LAKEML_ASSIGN_OR_RETURN(ExprPtr unmatched, CallFunction("isnull", std::move(args), node));
    std::vector<ExprPtr> parts;
    parts.push_back(std::move(unmatched));
    parts.push_back(std::move(empty));
    parts.push_back(std::move(ref));
    LAKEML_ASSIGN_OR_RETURN(ref, MakeCase(std::move(parts), node));
  }
  subquery_joins_->push_back(
      SubqueryJoin{JoinType::kLeft, std::move(plan), Conjuncts::Combine(std::move(conjuncts))});
  return ref;
}

LogicalPtr Binder::ApplySubqueryJoins(LogicalPtr plan) {
  if (subquery_joins_ == nullptr) return plan;
  for (auto& j : *subquery_joins_) {
    plan = MakeJoin(j.type, std::move(plan), std::move(j.right), std::move(j.condition));
  }
  subquery_joins_->clear();
  return plan;
}

Result<LogicalPtr> Binder::BindWhere(const AstNode& where, LogicalPtr plan,
                                     const BindScope& scope) {
  std::vector<const AstNode*> parts;
  std::vector<const AstNode*> stack = {&where};
  while (!stack.empty()) {
    const AstNode* n = stack.back();
    stack.pop_back();
    if (n->kind == NodeKind::kBinary && n->op == "AND") {
      stack.push_back(n->children[1].get());
      stack.push_back(n->children[0].get());
    } else {
      parts.push_back(n);
    }
  }
  std::vector<SubqueryJoin> joins;
  std::vector<SubqueryJoin>* saved = subquery_joins_;
  subquery_joins_ = &joins;
  std::vector<ExprPtr> rest;
  Status status;
  for (const AstNode* p : parts) {
    Result<bool> handled = BindSubqueryConjunct(*p, scope);
    if (!handled.ok()) {
      status = handled.status();
      break;
    }
    if (*handled) continue;
    Result<ExprPtr> cond = BindExpression(*p, scope);
    if (!cond.ok()) {
      status = cond.status();
      break;
    }
    if ((*cond)->type->id() != TypeId::kBoolean && (*cond)->type->id() != TypeId::kNull) {
      status = SqlError::DatatypeMismatch(
          p->pos, "FILTER_NOT_BOOLEAN", AstPrinter::Print(*p),
          StrCat("Filter expression \"", AstPrinter::Print(*p), "\" of type \"",
                 SqlType::SqlName((*cond)->type), "\" is not a boolean."));
      break;
    }
    rest.push_back(std::move(*cond));
  }
  if (status.ok()) plan = ApplySubqueryJoins(std::move(plan));
  subquery_joins_ = saved;
  LAKEML_RETURN_IF_ERROR(status);
  if (rest.empty()) return plan;
  auto filter = std::make_unique<LogicalOperator>(LogicalKind::kFilter);
  filter->columns = plan->columns;
  filter->expressions.push_back(Conjuncts::Combine(std::move(rest)));
  filter->children.push_back(std::move(plan));
  return LogicalPtr(std::move(filter));
}

}  // namespace lakeml::sql
