// ORDER BY binding and the tail of a SELECT: the aggregate and HAVING below the projection,
// DISTINCT above it, then the sort. ORDER BY resolves an integer literal as a position, a bare
// name against the select list first, and anything else over the FROM columns (hidden columns
// are projected away after the sort). With no NULLS clause, ASC sorts NULLs first and DESC
// last (Spark).
#include <strings.h>

#include "base/str_cat.h"
#include "sql/binder/binder.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/parser/ast_printer.h"

namespace lakeml::sql {
namespace {

constexpr size_t kOrderHavingSlot = 5;

// The 1-based position an ORDER BY item names, or 0 when it is not an integer literal.
int64_t OrderOrdinal(const AstNode& e, const ExprPtr& bound) {
  if (e.kind != NodeKind::kLiteral || e.op != "NUMBER" || bound == nullptr) return 0;
  if (!bound->IsConstant() || bound->value.is_null || !SqlType::IsIntegral(bound->type)) return 0;
  return bound->value.i <= 0 ? -1 : bound->value.i;
}

Status OrderPositionError(const AstNode& e, int64_t value, size_t size) {
  return SqlError::At(e.pos, "ORDER_BY_POS_OUT_OF_RANGE", "42805",
                      StrCat("ORDER BY position ", value,
                             " is not in select list (valid range is [1, ", size, "])."));
}

}  // namespace

Result<SortSpec> Binder::BindSortSpec(const AstNode& item) {
  SortSpec spec;
  spec.descending = item.op == "DESC";
  spec.nulls_first = item.text.empty() ? !spec.descending : item.text == "FIRST";
  return spec;
}

Status Binder::BindSelectOrder(const AstNode& order, const BindScope& scope,
                               LogicalOperator* project, std::vector<ExprPtr>* keys,
                               std::vector<SortSpec>* specs) {
  const size_t visible = project->columns.size();
  for (const auto& item : order.children) {
    const AstNode& e = *item->children[0];
    LAKEML_ASSIGN_OR_RETURN(SortSpec spec, BindSortSpec(*item));
    specs->push_back(spec);
    int column = -1;
    if (e.kind == NodeKind::kLiteral && e.op == "NUMBER") {
      LAKEML_ASSIGN_OR_RETURN(ExprPtr lit, BindLiteral(e));
      const int64_t k = OrderOrdinal(e, lit);
      if (k != 0) {
        if (k < 0 || k > static_cast<int64_t>(visible)) {
          return OrderPositionError(e, lit->value.i, visible);
        }
        column = static_cast<int>(k - 1);
      }
    } else if (e.kind == NodeKind::kColumnRef && e.names.size() == 1) {
      for (size_t i = 0; i < visible && column < 0; ++i) {
        if (strcasecmp(project->columns[i].name.c_str(), e.names[0].c_str()) == 0) {
          column = static_cast<int>(i);
        }
      }
    }
    if (column < 0) {
      LAKEML_ASSIGN_OR_RETURN(ExprPtr bound, aggregate_ != nullptr ? BindAggregated(e, scope)
                                                                   : BindExpression(e, scope));
      for (size_t i = 0; i < project->expressions.size() && column < 0; ++i) {
        if (SameExpression(*project->expressions[i], *bound)) column = static_cast<int>(i);
      }
      if (column < 0) {
        column = static_cast<int>(project->columns.size());
        project->columns.push_back(
            OutputColumn{NewColumnId(), AstPrinter::Print(e), bound->type, bound->nullable});
        project->expressions.push_back(std::move(bound));
      }
    }
    const OutputColumn& c = project->columns[column];
    ExprPtr ref = BoundExpression::ColumnRef(c.id, c.type, c.name);
    ref->nullable = c.nullable;
    keys->push_back(std::move(ref));
  }
  return Status::OK();
}

Result<LogicalPtr> Binder::BindOrderByOutputs(const AstNode& order, LogicalPtr plan) {
  BindScope scope;
  AddToScope(*plan, {}, &scope);
  auto node = std::make_unique<LogicalOperator>(LogicalKind::kOrder);
  for (const auto& item : order.children) {
    const AstNode& e = *item->children[0];
    LAKEML_ASSIGN_OR_RETURN(SortSpec spec, BindSortSpec(*item));
    node->sort_specs.push_back(spec);
    if (e.kind == NodeKind::kLiteral && e.op == "NUMBER") {
      LAKEML_ASSIGN_OR_RETURN(ExprPtr lit, BindLiteral(e));
      const int64_t k = OrderOrdinal(e, lit);
      if (k != 0) {
        if (k < 0 || k > static_cast<int64_t>(plan->columns.size())) {
          return OrderPositionError(e, lit->value.i, plan->columns.size());
        }
        const OutputColumn& c = plan->columns[k - 1];
        ExprPtr ref = BoundExpression::ColumnRef(c.id, c.type, c.name);
        ref->nullable = c.nullable;
        node->expressions.push_back(std::move(ref));
        continue;
      }
    }
    LAKEML_ASSIGN_OR_RETURN(ExprPtr key, BindExpression(e, scope));
    node->expressions.push_back(std::move(key));
  }
  node->columns = plan->columns;
  node->children.push_back(std::move(plan));
  return node;
}

Result<LogicalPtr> Binder::FinishSelect(const AstNode& select, const AstNode* order,
                                        LogicalPtr plan, LogicalPtr project,
                                        const BindScope& scope) {
  AggregateState* agg = aggregate_;
  const size_t visible = project->columns.size();
  // HAVING and ORDER BY of an aggregating SELECT also see the select aliases.
  BindScope alias_scope = scope;
  if (agg != nullptr) {
    std::vector<std::string> aliases;
    for (const auto& item : select.children[0]->children) {
      if (item->Has(AstNode::kFlagHasAlias)) aliases.push_back(item->text);
    }
    for (size_t i = 0; i < visible; ++i) {
      bool aliased = false;
      for (const auto& a : aliases) {
        aliased |= strcasecmp(a.c_str(), project->columns[i].name.c_str()) == 0;
      }
      int index;
      size_t used;
      const Status found = scope.Find({project->columns[i].name}, select.pos, &index, &used);
      if (!aliased || !found.ok() || index >= 0) continue;
      const ColumnId stand_in = NewColumnId();
      agg->aliases.emplace_back(stand_in, project->expressions[i]->Copy());
      alias_scope.Add(ScopeColumn{{},
                                  project->columns[i].name,
                                  stand_in,
                                  project->columns[i].type,
                                  project->columns[i].nullable});
    }
  }
  ExprPtr having;
  if (const AstNode* h = select.children.size() > kOrderHavingSlot
                             ? select.children[kOrderHavingSlot].get()
                             : nullptr) {
    WindowState* windows = window_;  // no window functions in HAVING (sql-window)
    window_ = nullptr;
    LAKEML_ASSIGN_OR_RETURN(having, BindAggregated(*h, alias_scope));
    window_ = windows;
    if (having->type->id() != TypeId::kBoolean && having->type->id() != TypeId::kNull) {
      return SqlError::DatatypeMismatch(
          h->pos, "FILTER_NOT_BOOLEAN", AstPrinter::Print(*h),
          StrCat("Filter expression \"", AstPrinter::Print(*h), "\" of type \"",
                 SqlType::SqlName(having->type), "\" is not a boolean."));
    }
  }
  std::vector<ExprPtr> keys;
  std::vector<SortSpec> specs;
  if (order != nullptr) {
    LAKEML_RETURN_IF_ERROR(BindSelectOrder(*order, alias_scope, project.get(), &keys, &specs));
  }
  // QUALIFY (binder_window.cc, sql-window).
  LAKEML_ASSIGN_OR_RETURN(ExprPtr qualify, BindQualify(select, alias_scope, *project));
  aggregate_ = nullptr;
  if (agg != nullptr) {
    auto node = std::make_unique<LogicalOperator>(LogicalKind::kAggregate);
    for (size_t i = 0; i < agg->groups.size(); ++i) {
      const ExprPtr& g = agg->groups[i];
      node->columns.push_back(OutputColumn{agg->group_ids[i], g->ToString(), g->type, g->nullable});
    }
    for (size_t i = 0; i < agg->aggregates.size(); ++i) {
      const ExprPtr& a = agg->aggregates[i];
      node->columns.push_back(OutputColumn{agg->aggregate_ids[i], a->ToString(), a->type, true});
    }
    node->groups = std::move(agg->groups);
    node->expressions = std::move(agg->aggregates);
    node->children.push_back(std::move(plan));
    if (!agg->grouping_sets.empty()) ExpandGroupingSets(agg, node.get());  // sql-window
    plan = std::move(node);
    if (having != nullptr) {
      auto filter = std::make_unique<LogicalOperator>(LogicalKind::kFilter);
      filter->columns = plan->columns;
      filter->expressions.push_back(std::move(having));
      filter->children.push_back(std::move(plan));
      plan = std::move(filter);
    }
  }
  plan = FinishWindow(std::move(plan), std::move(qualify));  // sql-window
  project->children.push_back(std::move(plan));
  plan = std::move(project);
  const bool hidden = plan->columns.size() > visible;
  if (select.Has(AstNode::kFlagDistinct)) {
    if (hidden) {
      return SqlError::At(order->pos, "MISSING_ATTRIBUTES.RESOLVED_ATTRIBUTE_APPEAR_IN_OPERATION",
                          "XX000",
                          "ORDER BY of a SELECT DISTINCT may only use columns of the select "
                          "list.");
    }
    auto distinct = std::make_unique<LogicalOperator>(LogicalKind::kAggregate);
    for (const OutputColumn& c : plan->columns) {
      ExprPtr ref = BoundExpression::ColumnRef(c.id, c.type, c.name);
      ref->nullable = c.nullable;
      distinct->groups.push_back(std::move(ref));
    }
    distinct->columns = plan->columns;
    distinct->children.push_back(std::move(plan));
    plan = std::move(distinct);
  }
  if (!keys.empty()) {
    auto sort = std::make_unique<LogicalOperator>(LogicalKind::kOrder);
    sort->columns = plan->columns;
    sort->expressions = std::move(keys);
    sort->sort_specs = std::move(specs);
    sort->children.push_back(std::move(plan));
    plan = std::move(sort);
  }
  if (hidden) {
    auto drop = std::make_unique<LogicalOperator>(LogicalKind::kProjection);
    for (size_t i = 0; i < visible; ++i) {
      const OutputColumn& c = plan->columns[i];
      ExprPtr ref = BoundExpression::ColumnRef(c.id, c.type, c.name);
      ref->nullable = c.nullable;
      drop->expressions.push_back(std::move(ref));
      drop->columns.push_back(c);
    }
    drop->children.push_back(std::move(plan));
    plan = std::move(drop);
  }
  return plan;
}

}  // namespace lakeml::sql
