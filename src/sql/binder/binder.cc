#include "sql/binder/binder.h"

#include <strings.h>

#include <algorithm>

#include "base/str_cat.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/execution/expression_executor.h"
#include "sql/parser/ast_printer.h"

namespace lakeml::sql {
namespace {

// Child slots of kSelect (see Parser::ParseSelect).
enum SelectSlot : size_t {
  kSelectItems = 0,
  kSelectFrom,
  kSelectLateralViews,
  kSelectWhere,
  kSelectGroupBy,
  kSelectHaving,
  kSelectQualify,
  kSelectWindows
};

// Spark's automatic name of a select item without an alias.
std::string AutoColumnName(const AstNode& e) {
  if (e.kind == NodeKind::kColumnRef && !e.names.empty()) return e.names.back();
  if (e.kind == NodeKind::kLiteral && e.op == "STRING") return e.text;
  if (e.kind == NodeKind::kLiteral && e.op == "NULL") return "NULL";
  if (e.kind == NodeKind::kFieldAccess) return e.text;
  std::string text = AstPrinter::Print(e);
  // sql-gaps: Spark resolves count(*) to count(1) before naming it ("count(1)").
  if (e.kind == NodeKind::kFunction && e.Has(AstNode::kFlagStar) &&
      !e.Has(AstNode::kFlagDistinct) && e.names.size() == 1 && e.names[0].size() == 5 &&
      strncasecmp(e.names[0].c_str(), "count", 5) == 0) {
    const size_t star = text.find("(*)");
    if (star != std::string::npos) text = "count(1)" + text.substr(star + 3);
  }
  return text;
}

const AstNode* Slot(const AstNode& node, size_t i) {
  return i < node.children.size() ? node.children[i].get() : nullptr;
}

}  // namespace

void Binder::AddToScope(const LogicalOperator& plan, const std::vector<std::string>& qualifier,
                        BindScope* scope) {
  for (const OutputColumn& c : plan.columns) {
    scope->Add(ScopeColumn{qualifier, c.name, c.id, c.type, c.nullable});
  }
}

Result<LogicalPtr> Binder::BindQuery(const AstNode& query) {
  if (query.kind != NodeKind::kQuery) return BindQueryBody(query);
  const size_t cte_count = ctes_.size();
  if (const AstNode* with = Slot(query, 0)) {
    LAKEML_RETURN_IF_ERROR(PushCtes(*with));  // sql-subquery
  }
  Result<LogicalPtr> bound = BindQueryWithCtes(query);
  ctes_.resize(std::min(cte_count, ctes_.size()));
  return bound;
}

Result<LogicalPtr> Binder::BindQueryWithCtes(const AstNode& query) {
  const AstNode* order = Slot(query, 2);
  // A SELECT body binds its own ORDER BY (it may use FROM columns and aggregates).
  const bool select_body = query.children[1]->kind == NodeKind::kSelect;
  pending_order_by_ = select_body ? order : nullptr;
  LAKEML_ASSIGN_OR_RETURN(LogicalPtr plan, BindQueryBody(*query.children[1]));
  pending_order_by_ = nullptr;
  if (order != nullptr && !select_body) {
    LAKEML_ASSIGN_OR_RETURN(plan, BindOrderByOutputs(*order, std::move(plan)));
  }
  const AstNode* limit = Slot(query, 3);
  const AstNode* offset = Slot(query, 4);
  if (limit != nullptr || offset != nullptr) {
    auto node = std::make_unique<LogicalOperator>(LogicalKind::kLimit);
    if (limit != nullptr) {
      LAKEML_ASSIGN_OR_RETURN(node->limit, BindLimitValue(*limit, "limit"));
    }
    if (offset != nullptr) {
      LAKEML_ASSIGN_OR_RETURN(node->offset, BindLimitValue(*offset, "offset"));
    }
    node->columns = plan->columns;
    node->children.push_back(std::move(plan));
    plan = std::move(node);
  }
  return plan;
}

Result<int64_t> Binder::BindLimitValue(const AstNode& node, const char* what) {
  BindScope empty;
  Result<ExprPtr> bound = BindExpression(node, empty);
  // Spark resolves a column here and then rejects it as not constant.
  const bool column = !bound.ok() && node.kind == NodeKind::kColumnRef;
  if (!column) LAKEML_RETURN_IF_ERROR(bound.status());
  if (column || !(*bound)->IsFoldable()) {
    return SqlError::At(
        node.pos, "INVALID_LIMIT_LIKE_EXPRESSION.IS_UNFOLDABLE", "42K0E",
        StrCat("The ", what, " like expression \"", AstPrinter::Print(node), "\" is invalid. The ",
               what, " expression must evaluate to a constant value."));
  }
  ExprPtr e = std::move(*bound);
  if (!SqlType::IsIntegral(e->type)) {
    return SqlError::At(node.pos, "INVALID_LIMIT_LIKE_EXPRESSION.DATA_TYPE", "42K0E",
                        StrCat("The ", what, " expression \"", AstPrinter::Print(node),
                               "\" is invalid: it must be a constant integer."));
  }
  LAKEML_ASSIGN_OR_RETURN(ExprPtr i64, CastTo(std::move(e), SqlType::BigInt(), node.pos));
  LAKEML_ASSIGN_OR_RETURN(columnar::Scalar v, ExpressionExecutor::EvaluateConstant(*i64));
  if (v.is_null || v.i < 0) {
    return SqlError::At(node.pos,
                        v.is_null ? "INVALID_LIMIT_LIKE_EXPRESSION.IS_NULL"
                                  : "INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE",
                        "42K0E",
                        StrCat("The ", what, " expression \"", AstPrinter::Print(node),
                               "\" is invalid: it must be equal to or greater than 0."));
  }
  return v.i;
}

Result<LogicalPtr> Binder::BindQueryBody(const AstNode& body) {
  switch (body.kind) {
    case NodeKind::kSelect:
      return BindSelect(body);
    case NodeKind::kValues:
      return BindValues(body);
    case NodeKind::kQuery:
      return BindQuery(body);
    case NodeKind::kSetOperation:
      return BindSetOperation(body);  // sql-subquery
    default:
      return SqlError::Unsupported(body.pos, StrCat("query form ", NodeKindName(body.kind)));
  }
}

Result<LogicalPtr> Binder::BindValues(const AstNode& values) {
  auto plan = std::make_unique<LogicalOperator>(LogicalKind::kValues);
  BindScope empty;
  std::vector<std::vector<ExprPtr>> rows;
  size_t width = 0;
  for (const auto& row : values.children) {
    std::vector<ExprPtr> bound;
    // A bare expression is a one-column row.
    if (row->kind != NodeKind::kRow) {
      LAKEML_ASSIGN_OR_RETURN(ExprPtr e, BindExpression(*row, empty));
      bound.push_back(std::move(e));
    } else {
      for (const auto& v : row->children) {
        LAKEML_ASSIGN_OR_RETURN(ExprPtr e, BindExpression(*v, empty));
        bound.push_back(std::move(e));
      }
    }
    if (!rows.empty() && bound.size() != width) {
      return SqlError::At(
          row->pos, "INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH", "42000",
          StrCat("Invalid inline table. Inline table expected ", width, " columns but found ",
                 bound.size(), " columns in row ", rows.size(), "."));
    }
    width = bound.size();
    rows.push_back(std::move(bound));
  }
  // Column types: the least common type of each column.
  std::vector<TypePtr> types(width);
  for (size_t c = 0; c < width; ++c) {
    TypePtr t = rows[0][c]->type;
    for (const auto& r : rows) {
      TypePtr next = SqlType::CommonType(t, r[c]->type);
      if (next == nullptr) {
        return SqlError::At(values.pos, "INVALID_INLINE_TABLE.INCOMPATIBLE_TYPES_IN_INLINE_TABLE",
                            "42000",
                            StrCat("Invalid inline table. Found incompatible types in the column `",
                                   StrCat("col", c + 1), "` for inline table."));
      }
      t = next;
    }
    types[c] = t;
  }
  bool nested_rows = false;  // sql-nested: nested values cannot be Scalars (binder_nested.cc).
  for (const TypePtr& t : types) nested_rows |= t->is_nested();
  if (nested_rows) {
    LAKEML_ASSIGN_OR_RETURN(plan, BindNestedValueRows(std::move(rows), types, values.pos));
    rows.clear();
  }
  for (auto& r : rows) {
    std::vector<columnar::Scalar> values_row;
    for (size_t c = 0; c < width; ++c) {
      LAKEML_ASSIGN_OR_RETURN(ExprPtr e, CastTo(std::move(r[c]), types[c], values.pos));
      if (!e->IsFoldable()) {
        return SqlError::At(
            values.pos, "INVALID_INLINE_TABLE.CANNOT_EVALUATE_EXPRESSION_IN_INLINE_TABLE", "42000",
            "Invalid inline table. Cannot evaluate the expression in inline table definition.");
      }
      LAKEML_ASSIGN_OR_RETURN(columnar::Scalar v, ExpressionExecutor::EvaluateConstant(*e));
      values_row.push_back(std::move(v));
    }
    plan->rows.push_back(std::move(values_row));
  }
  for (size_t c = 0; c < width; ++c) {
    std::string name =
        c < values.alias_columns.size() ? values.alias_columns[c] : StrCat("col", c + 1);
    bool nullable = nested_rows;
    for (const auto& r : plan->rows) nullable |= r[c].is_null;
    plan->columns.push_back(OutputColumn{NewColumnId(), std::move(name), types[c], nullable});
  }
  if (!values.alias_columns.empty() && values.alias_columns.size() != width) {
    return SqlError::At(values.pos, "ASSIGNMENT_ARITY_MISMATCH", "42802",
                        StrCat("The number of columns or variables assigned or aliased: ",
                               values.alias_columns.size(),
                               " does not match the number of "
                               "source tables or expressions: ",
                               width, "."));
  }
  return plan;
}

Result<LogicalPtr> Binder::BindTableName(const AstNode& relation, BindScope* scope) {
  std::optional<TimeTravel> travel;
  if (!relation.children.empty() && relation.children[0] != nullptr) {
    const AstNode& tt = *relation.children[0];
    BindScope empty;
    LAKEML_ASSIGN_OR_RETURN(ExprPtr at, BindExpression(*tt.children[0], empty));
    TimeTravel t;
    if (tt.op == "VERSION") {
      LAKEML_ASSIGN_OR_RETURN(ExprPtr v, CastTo(std::move(at), SqlType::BigInt(), tt.pos));
      LAKEML_ASSIGN_OR_RETURN(columnar::Scalar s, ExpressionExecutor::EvaluateConstant(*v));
      t.version = s.i;
    } else {
      LAKEML_ASSIGN_OR_RETURN(ExprPtr v, CastTo(std::move(at), SqlType::Timestamp(), tt.pos));
      LAKEML_ASSIGN_OR_RETURN(columnar::Scalar s, ExpressionExecutor::EvaluateConstant(*v));
      t.timestamp_ms = s.i / 1000;
    }
    travel = t;
  }
  LAKEML_ASSIGN_OR_RETURN(LogicalPtr cte, BindCteReference(relation, scope));
  if (cte != nullptr) return cte;  // sql-subquery
  LAKEML_ASSIGN_OR_RETURN(ResolvedTable table,
                          tables_->ResolveTable(relation.names, relation.pos, travel));
  if (table.view_query != nullptr) return BindView(relation, std::move(table), scope);
  return MakeGetPlan(relation, std::move(table), scope, /*add_to_scope=*/true);
}

Result<LogicalPtr> Binder::MakeGetPlan(const AstNode& relation, ResolvedTable table,
                                       BindScope* scope, bool add_to_scope) {
  auto plan = std::make_unique<LogicalOperator>(LogicalKind::kGet);
  const columnar::Schema& schema = *table.source->schema();
  for (size_t i = 0; i < schema.num_fields(); ++i) {
    const columnar::Field& f = schema.field(i);
    plan->columns.push_back(OutputColumn{NewColumnId(), f.name, f.type, f.nullable});
    plan->scan_columns.push_back(static_cast<int>(i));
  }
  plan->source = std::move(table.source);
  if (!add_to_scope) return plan;
  std::vector<std::string> qualifier = table.qualifier;
  if (!relation.alias.empty()) qualifier = {relation.alias};
  LAKEML_RETURN_IF_ERROR(RenameRelationColumns(relation, plan.get()));
  AddToScope(*plan, qualifier, scope);
  return plan;
}

Status Binder::RenameRelationColumns(const AstNode& relation, LogicalOperator* plan) {
  if (relation.alias_columns.empty()) return Status::OK();
  if (relation.alias_columns.size() != plan->columns.size()) {
    return SqlError::At(
        relation.pos, "ASSIGNMENT_ARITY_MISMATCH", "42802",
        StrCat("The number of columns aliased: ", relation.alias_columns.size(),
               " does not match the number of columns: ", plan->columns.size(), "."));
  }
  for (size_t i = 0; i < plan->columns.size(); ++i) {
    plan->columns[i].name = relation.alias_columns[i];
  }
  return Status::OK();
}

Result<LogicalPtr> Binder::BindQueryAsRelation(const AstNode& relation, const AstNode& query,
                                               BindScope* scope) {
  LAKEML_ASSIGN_OR_RETURN(LogicalPtr plan, BindQuery(query));
  LAKEML_RETURN_IF_ERROR(RenameRelationColumns(relation, plan.get()));
  std::vector<std::string> qualifier;
  if (!relation.alias.empty()) qualifier = {relation.alias};
  AddToScope(*plan, qualifier, scope);
  return plan;
}

Result<LogicalPtr> Binder::BindView(const AstNode& relation, ResolvedTable view,
                                    BindScope* scope) {
  if (view_depth_ >= kMaxViewDepth) {
    return SqlError::At(relation.pos, "VIEW_EXCEED_MAX_NESTED_DEPTH", "54K00",
                        StrCat("The depth of view ", AstPrinter::Name(relation.names),
                               " exceeds the maximum view resolution depth (", kMaxViewDepth,
                               ")."));
  }
  ++view_depth_;
  Result<LogicalPtr> bound = BindQuery(*view.view_query);
  --view_depth_;
  LAKEML_ASSIGN_OR_RETURN(LogicalPtr plan, std::move(bound));
  const std::vector<std::string>& names =
      relation.alias_columns.empty() ? view.view_columns : relation.alias_columns;
  if (!names.empty()) {
    if (names.size() != plan->columns.size()) {
      return SqlError::At(relation.pos, "ASSIGNMENT_ARITY_MISMATCH", "42802",
                          StrCat("The number of columns aliased: ", names.size(),
                                 " does not match the number of columns: ",
                                 plan->columns.size(), "."));
    }
    for (size_t i = 0; i < plan->columns.size(); ++i) plan->columns[i].name = names[i];
  }
  std::vector<std::string> qualifier = view.qualifier;
  if (!relation.alias.empty()) qualifier = {relation.alias};
  AddToScope(*plan, qualifier, scope);
  return plan;
}

Result<LogicalPtr> Binder::BindRelation(const AstNode& relation, BindScope* scope) {
  switch (relation.kind) {
    case NodeKind::kTableName:
      return BindTableName(relation, scope);
    case NodeKind::kValues: {
      LAKEML_ASSIGN_OR_RETURN(LogicalPtr plan, BindValues(relation));
      std::vector<std::string> qualifier;
      if (!relation.alias.empty()) qualifier = {relation.alias};
      AddToScope(*plan, qualifier, scope);
      return plan;
    }
    case NodeKind::kSubqueryRelation: {
      if (relation.Has(AstNode::kFlagLateral)) {
        return SqlError::Unsupported(relation.pos, "LATERAL subqueries");
      }
      return BindQueryAsRelation(relation, *relation.children[0], scope);
    }
    case NodeKind::kJoin:
      return BindJoin(relation, scope);
    case NodeKind::kTableFunction:  // sql-syntax
      return BindTableFunction(relation, scope);
    case NodeKind::kPivot:  // sql-syntax
      return BindPivot(relation, scope);
    case NodeKind::kUnpivot:  // sql-syntax
      return BindUnpivot(relation, scope);
    default:
      return SqlError::Unsupported(relation.pos, StrCat("relation ", NodeKindName(relation.kind)));
  }
}

Result<LogicalPtr> Binder::BindSelect(const AstNode& select) {
  const AstNode* order = pending_order_by_;
  pending_order_by_ = nullptr;
  BindScope scope;
  LogicalPtr plan;
  const AstNode* from = Slot(select, kSelectFrom);
  if (from == nullptr) {
    plan = std::make_unique<LogicalOperator>(LogicalKind::kValues);
    plan->rows.emplace_back();  // One row, no columns.
  } else {
    LAKEML_ASSIGN_OR_RETURN(plan, BindFromList(*from, &scope));
  }
  if (const AstNode* views = Slot(select, kSelectLateralViews)) {  // sql-lambda
    LAKEML_ASSIGN_OR_RETURN(plan, BindLateralViews(*views, std::move(plan), &scope));
  }
  if (const AstNode* where = Slot(select, kSelectWhere)) {
    if (ContainsGenerator(*where)) {  // sql-lambda
      return SqlError::At(where->pos, "UNSUPPORTED_GENERATOR.OUTSIDE_SELECT", "42K0E",
                          StrCat("The generator is not supported: outside the SELECT clause, "
                                 "found: ",
                                 AstPrinter::Print(*where), "."));
    }
    if (ContainsAggregate(*where)) {
      return SqlError::At(where->pos, "INVALID_WHERE_CONDITION", "42903",
                          StrCat("The WHERE condition ", AstPrinter::Print(*where),
                                 " contains invalid expressions: aggregate functions are not "
                                 "allowed in WHERE."));
    }
    // Subquery conjuncts become joins (binder_subquery.cc; sql-subquery).
    LAKEML_ASSIGN_OR_RETURN(plan, BindWhere(*where, std::move(plan), scope));
  }
  // GROUP BY, HAVING and aggregates (binder_aggregate.cc).
  AggregateState aggregate;
  LAKEML_RETURN_IF_ERROR(BeginAggregate(select, order, scope, &aggregate));
  // Window calls of the items, ORDER BY and QUALIFY (binder_window.cc, sql-window).
  WindowState window;
  BeginWindow(select, &window);
  auto project = std::make_unique<LogicalOperator>(LogicalKind::kProjection);
  // Correlated scalar subqueries in a non-aggregating select list join the FROM plan.
  std::vector<SubqueryJoin> select_joins;
  std::vector<SubqueryJoin>* saved_joins = subquery_joins_;
  subquery_joins_ = aggregate_ == nullptr ? &select_joins : nullptr;
  // A generator in the select list (binder_generate.cc, sql-lambda).
  Result<LogicalPtr> generated =
      BindSelectGenerator(*select.children[kSelectItems], std::move(plan), scope);
  if (!generated.ok()) {
    subquery_joins_ = saved_joins;
    return generated.status();
  }
  plan = std::move(*generated);
  Status items = BindSelectItems(select, scope, project.get());
  if (items.ok()) plan = ApplySubqueryJoins(std::move(plan));
  subquery_joins_ = saved_joins;
  LAKEML_RETURN_IF_ERROR(items);
  // HAVING, the aggregate below the projection, DISTINCT and ORDER BY (binder_order.cc).
  return FinishSelect(select, order, std::move(plan), std::move(project), scope);
}

Status Binder::BindSelectItems(const AstNode& select, const BindScope& scope,
                               LogicalOperator* project) {
  const AstNode* generator_item = generator_item_;  // sql-lambda
  std::vector<OutputColumn> generator_columns = std::move(generator_columns_);
  generator_item_ = nullptr;
  generator_columns_.clear();
  for (const auto& item : select.children[kSelectItems]->children) {
    const AstNode& expr = *item->children[0];
    if (item.get() == generator_item) {  // sql-lambda: the generated columns
      for (const OutputColumn& c : generator_columns) {
        project->columns.push_back(OutputColumn{NewColumnId(), c.name, c.type, c.nullable});
        project->expressions.push_back(BoundExpression::ColumnRef(c.id, c.type, c.name));
      }
      continue;
    }
    if (expr.kind == NodeKind::kStar) {
      std::vector<std::string> except;
      for (const auto& c : expr.children) except.push_back(c->names.back());
      bool any = false;
      for (const ScopeColumn& c : scope.columns()) {
        if (c.hidden && expr.names.empty()) continue;  // A join's USING column (sql-join).
        bool qualified_ok = true;
        if (!expr.names.empty()) {
          qualified_ok = c.qualifier.size() >= expr.names.size();
          for (size_t i = 0; qualified_ok && i < expr.names.size(); ++i) {
            const std::string& q = c.qualifier[c.qualifier.size() - expr.names.size() + i];
            qualified_ok = strcasecmp(q.c_str(), expr.names[i].c_str()) == 0;
          }
        }
        if (!qualified_ok) continue;
        any = true;
        bool skip = false;
        for (const auto& e : except) skip |= strcasecmp(e.c_str(), c.name.c_str()) == 0;
        if (skip) continue;
        auto ref = BoundExpression::ColumnRef(c.id, c.type, c.name);
        ref->nullable = c.nullable;
        if (aggregate_ != nullptr) {
          LAKEML_ASSIGN_OR_RETURN(ref, MapAggregated(std::move(ref), expr));
        }
        project->columns.push_back(OutputColumn{NewColumnId(), c.name, c.type, c.nullable});
        project->expressions.push_back(std::move(ref));
      }
      if (!any && !expr.names.empty()) {
        LAKEML_ASSIGN_OR_RETURN(bool expanded, BindStructStar(expr, scope, project));  // nested
        if (expanded) continue;
        return SqlError::At(
            expr.pos, "CANNOT_RESOLVE_STAR_EXPAND", "42704",
            StrCat("Cannot resolve ", AstPrinter::Name(expr.names), ".* given input columns."));
      }
      continue;
    }
    LAKEML_ASSIGN_OR_RETURN(ExprPtr e, aggregate_ != nullptr ? BindAggregated(expr, scope)
                                                             : BindExpression(expr, scope));
    std::string name = item->Has(AstNode::kFlagHasAlias) ? item->text : AutoColumnName(expr);
    project->columns.push_back(OutputColumn{NewColumnId(), std::move(name), e->type, e->nullable});
    project->expressions.push_back(std::move(e));
  }
  return Status::OK();
}

}  // namespace lakeml::sql
