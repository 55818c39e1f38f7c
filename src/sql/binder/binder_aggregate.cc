// Aggregation binding: GROUP BY (expressions, ordinals, select aliases, ALL), HAVING, aggregate
// calls, MISSING_AGGREGATION checks, SELECT DISTINCT, and the plan of an aggregating SELECT:
//   FROM/WHERE -> Aggregate(groups, aggregates) -> Filter(HAVING) -> Projection(select items)
//   -> [Aggregate(DISTINCT)] -> [Order] -> [Projection without hidden ORDER BY columns]
// Select expressions are bound over the FROM columns and then mapped: a subtree equal to a
// group expression becomes that group's output column, an aggregate call becomes its output
// column, and any other FROM column left over is MISSING_AGGREGATION.
#include <strings.h>

#include <algorithm>

#include "base/str_cat.h"
#include "sql/binder/binder.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/execution/expression_executor.h"
#include "sql/function/aggregate/aggregate_registry.h"
#include "sql/parser/ast_printer.h"

namespace lakeml::sql {
namespace {

// Child slots of kSelect (see Parser::ParseSelect and binder.cc).
constexpr size_t kAggItemsSlot = 0;
constexpr size_t kAggGroupBySlot = 4;
constexpr size_t kAggHavingSlot = 5;

const AstNode* AggSlot(const AstNode& node, size_t i) {
  return i < node.children.size() ? node.children[i].get() : nullptr;
}

bool ContainsId(const std::vector<ColumnId>& ids, ColumnId id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// GROUP BY ALL gives up (UNRESOLVED_ALL_IN_GROUP_BY) when it infers no grouping column but an
// item reads a column outside any aggregate, as in `i + sum(j)` (Spark's ResolveGroupByAll).
bool HasColumnOutsideAggregate(const AstNode& node) {
  if (node.kind == NodeKind::kQuery || node.kind == NodeKind::kSelect) return false;
  if (node.kind == NodeKind::kColumnRef) return true;
  if (node.kind == NodeKind::kFunction && !node.names.empty() &&
      AggregateRegistry::Builtin().Find(node.names.back()) != nullptr) {
    return false;
  }
  for (const auto& c : node.children) {
    if (c != nullptr && HasColumnOutsideAggregate(*c)) return true;
  }
  return false;
}

}  // namespace

bool Binder::ContainsAggregate(const AstNode& node) {
  if (node.kind == NodeKind::kQuery || node.kind == NodeKind::kSelect) return false;
  if (node.kind == NodeKind::kFunction && !node.names.empty()) {
    bool windowed = false;
    for (const auto& c : node.children) {
      windowed |=
          c != nullptr && (c->kind == NodeKind::kWindowSpec || c->kind == NodeKind::kWindowRef);
    }
    if (!windowed && AggregateRegistry::Builtin().Find(node.names.back()) != nullptr) return true;
  }
  for (const auto& c : node.children) {
    if (c != nullptr && ContainsAggregate(*c)) return true;
  }
  return false;
}

bool Binder::SameExpression(const BoundExpression& a, const BoundExpression& b) {
  return a.Equals(b);
}

Status Binder::BeginAggregate(const AstNode& select, const AstNode* order, const BindScope& scope,
                              AggregateState* state) {
  const AstNode* group_by = AggSlot(select, kAggGroupBySlot);
  bool aggregating = group_by != nullptr || AggSlot(select, kAggHavingSlot) != nullptr;
  for (const auto& item : select.children[kAggItemsSlot]->children) {
    aggregating |= ContainsAggregate(*item->children[0]);
  }
  if (order != nullptr) aggregating |= ContainsAggregate(*order);
  if (!aggregating) return Status::OK();
  aggregate_ = state;
  if (group_by != nullptr) return BindGroupBy(select, scope);
  return Status::OK();
}

Status Binder::BindGroupBy(const AstNode& select, const BindScope& scope) {
  const AstNode& group_by = *AggSlot(select, kAggGroupBySlot);
  const auto& items = select.children[kAggItemsSlot]->children;
  std::vector<const AstNode*> targets;
  if (group_by.Has(AstNode::kFlagAll)) {
    // GROUP BY ALL: every select item without an aggregate.
    for (const auto& item : items) {
      const AstNode& e = *item->children[0];
      if (e.kind == NodeKind::kStar) {
        return SqlError::Unsupported(e.pos, "GROUP BY ALL with a star in the select list");
      }
      if (!ContainsAggregate(e)) targets.push_back(&e);
    }
    if (targets.empty() && group_by.children.empty()) {
      for (const auto& item : items) {
        if (HasColumnOutsideAggregate(*item->children[0])) {
          return SqlError::At(group_by.pos, "UNRESOLVED_ALL_IN_GROUP_BY", "42803",
                              "Cannot infer grouping columns for GROUP BY ALL based on the select "
                              "clause. Please explicitly specify the grouping columns.");
        }
      }
    }
  }
  for (const auto& g : group_by.children) {
    if (g->kind == NodeKind::kGroupingSet) {
      return BindGroupingSets(group_by, scope);  // binder_grouping_sets.cc (sql-window)
    }
    const AstNode* target = g.get();
    if (g->kind == NodeKind::kLiteral && g->op == "NUMBER") {
      LAKEML_ASSIGN_OR_RETURN(ExprPtr lit, BindLiteral(*g));
      if (SqlType::IsIntegral(lit->type) && lit->IsConstant() && !lit->value.is_null) {
        const int64_t k = lit->value.i;
        if (k < 1 || k > static_cast<int64_t>(items.size())) {
          return SqlError::At(
              g->pos, "GROUP_BY_POS_OUT_OF_RANGE", "42805",
              StrCat("GROUP BY position ", k, " is not in select list (valid range is [1, ",
                     items.size(), "])."));
        }
        target = items[k - 1]->children[0].get();
        if (target->kind == NodeKind::kStar) {
          return SqlError::Unsupported(g->pos, "GROUP BY position of a star");
        }
        if (ContainsAggregate(*target)) {
          return SqlError::At(
              g->pos, "GROUP_BY_POS_AGGREGATE", "42903",
              StrCat("GROUP BY ", k, " refers to an expression ", AstPrinter::Print(*target),
                     " that contains an aggregate function. Aggregate "
                     "functions are not allowed in GROUP BY."));
        }
      }
    } else if (g->kind == NodeKind::kColumnRef && g->names.size() == 1) {
      // FROM columns first, then select aliases.
      int index;
      size_t used;
      if (scope.Find(g->names, g->pos, &index, &used).ok() && index < 0) {
        for (const auto& item : items) {
          if (item->Has(AstNode::kFlagHasAlias) &&
              strcasecmp(item->text.c_str(), g->names[0].c_str()) == 0) {
            target = item->children[0].get();
            break;
          }
        }
      }
    }
    targets.push_back(target);
  }
  for (const AstNode* target : targets) {
    aggregate_->in_group_by = true;
    Result<ExprPtr> bound = BindExpression(*target, scope);
    aggregate_->in_group_by = false;
    if (!bound.ok()) return bound.status();
    ExprPtr e = std::move(*bound);
    LAKEML_RETURN_IF_ERROR(CheckGroupable(*e, *target));  // sql-nested
    bool seen = false;
    for (const auto& g : aggregate_->groups) seen |= SameExpression(*g, *e);
    if (seen) continue;
    aggregate_->groups.push_back(std::move(e));
    aggregate_->group_ids.push_back(NewColumnId());
  }
  return Status::OK();
}

Result<ExprPtr> Binder::BindAggregateCall(const AstNode& node, const BindScope& scope,
                                          const std::string& name) {
  const std::string sql = AstPrinter::Print(node);
  for (const auto& c : node.children) {
    if (c->kind == NodeKind::kWindowSpec || c->kind == NodeKind::kWindowRef ||
        c->kind == NodeKind::kWithinGroup) {
      return SqlError::Unsupported(c->pos, StrCat(NodeKindName(c->kind), " on ", name));
    }
  }
  // first(x) IGNORE NULLS is first(x, true); RESPECT NULLS is the default.
  const bool pick_nulls = (node.op == "IGNORE NULLS" || node.op == "RESPECT NULLS") &&
                          (name == "first" || name == "first_value" || name == "last" ||
                           name == "last_value" || name == "any_value");
  if (!node.op.empty() && !pick_nulls) {
    return SqlError::Unsupported(node.pos, StrCat(node.op, " on ", name));
  }
  if (aggregate_ == nullptr) {
    return SqlError::At(node.pos, "INVALID_AGGREGATE_USE", "42903",
                        StrCat("The aggregate function ", sql,
                               " is not allowed here: aggregates belong in the SELECT list, "
                               "HAVING or ORDER BY of a query."));
  }
  if (aggregate_->in_group_by) {
    return SqlError::At(
        node.pos, "GROUP_BY_AGGREGATE", "42903",
        StrCat("Aggregate functions are not allowed in GROUP BY, but found ", sql, "."));
  }
  if (aggregate_->in_aggregate) {
    return SqlError::At(node.pos, "NESTED_AGGREGATE_FUNCTION", "42607",
                        StrCat("It is not allowed to use an aggregate function in the argument "
                               "of another aggregate function: ",
                               sql, "."));
  }
  const AggregateFunctionEntry* entry = AggregateRegistry::Builtin().Find(name);
  std::vector<ExprPtr> args;
  if (node.Has(AstNode::kFlagStar)) {
    if (name != "count") {
      return SqlError::At(node.pos, "INVALID_USAGE_OF_STAR_OR_REGEX", "42000",
                          StrCat("Invalid usage of '*' in ", name, "."));
    }
  } else {
    aggregate_->in_aggregate = true;
    for (const auto& c : node.children) {
      if (c->kind == NodeKind::kFilter) continue;  // sql-aggjson: BindAggregateFilter
      Result<ExprPtr> e = BindExpression(*c, scope);
      if (!e.ok()) {
        aggregate_->in_aggregate = false;
        return e.status();
      }
      args.push_back(std::move(*e));
    }
    aggregate_->in_aggregate = false;
    if (pick_nulls && args.size() == 1) {
      args.push_back(BoundExpression::Constant(columnar::Scalar::Bool(node.op == "IGNORE NULLS")));
    }
    if (static_cast<int>(args.size()) < entry->min_args ||
        static_cast<int>(args.size()) > entry->max_args) {
      return SqlError::WrongNumArgs(node.pos, name,
                                    entry->min_args == entry->max_args
                                        ? StrCat(entry->min_args)
                                        : StrCat("[", entry->min_args, ", ", entry->max_args, "]"),
                                    args.size());
    }
  }
  // sql-aggjson: FILTER (WHERE ...) guards the arguments.
  LAKEML_RETURN_IF_ERROR(BindAggregateFilter(node, scope, name, &args));
  std::vector<TypePtr> types;
  for (const auto& a : args) types.push_back(a->type);
  Result<std::shared_ptr<const AggregateFunctionBinding>> fn = entry->resolve(name, types);
  if (!fn.ok()) {
    return SqlError::DatatypeMismatch(
        node.pos, "UNEXPECTED_INPUT_TYPE", sql,
        StrCat("Cannot resolve \"", sql, "\": ", fn.status().message(), "."));
  }
  // sql-aggjson: constant parameters.
  fn = ConfigureAggregate(std::move(*fn), &args, node, sql);
  if (!fn.ok()) return fn.status();
  auto e = std::make_unique<BoundExpression>(ExprKind::kAggregate, (*fn)->return_type);
  e->aggregate = *fn;
  e->pos = node.pos;
  // DISTINCT does not change min, max and the boolean aggregates.
  e->distinct = node.Has(AstNode::kFlagDistinct) && name != "min" && name != "max";
  for (size_t i = 0; i < args.size(); ++i) {
    LAKEML_ASSIGN_OR_RETURN(ExprPtr a, CastTo(std::move(args[i]), (*fn)->arg_types[i], node.pos));
    e->children.push_back(std::move(a));
  }
  ColumnId id = 0;
  for (size_t i = 0; i < aggregate_->aggregates.size() && id == 0; ++i) {
    if (SameExpression(*aggregate_->aggregates[i], *e)) id = aggregate_->aggregate_ids[i];
  }
  if (id == 0) {
    id = NewColumnId();
    aggregate_->aggregates.push_back(std::move(e));
    aggregate_->aggregate_ids.push_back(id);
  }
  ExprPtr ref = BoundExpression::ColumnRef(id, (*fn)->return_type, sql);
  ref->nullable = true;
  ref->pos = node.pos;
  return ref;
}

Result<ExprPtr> Binder::BindAggregated(const AstNode& node, const BindScope& scope) {
  LAKEML_ASSIGN_OR_RETURN(ExprPtr e, BindExpression(node, scope));
  return MapAggregated(std::move(e), node);
}

Result<ExprPtr> Binder::MapAggregated(ExprPtr e, const AstNode& node) {
  AggregateState& agg = *aggregate_;
  for (size_t i = 0; i < agg.groups.size(); ++i) {
    if (SameExpression(*e, *agg.groups[i])) {
      ExprPtr ref = BoundExpression::ColumnRef(agg.group_ids[i], e->type, e->ToString());
      ref->nullable = agg.groups[i]->nullable;
      ref->pos = e->pos;
      return ref;
    }
  }
  if (e->kind == ExprKind::kColumnRef) {
    if (ContainsId(agg.aggregate_ids, e->column_id) || ContainsId(agg.group_ids, e->column_id) ||
        IsWindowColumn(e->column_id) || e->column_id == agg.grouping_id ||
        ContainsId(agg.grouping_flags, e->column_id)) {
      return e;
    }
    for (const auto& [id, expr] : agg.aliases) {
      if (id == e->column_id) return expr->Copy();
    }
    return SqlError::At(
        node.pos, "MISSING_AGGREGATION", "42803",
        StrCat("The non-aggregating expression \"", e->name,
               "\" is based on columns which are not participating in the GROUP BY clause. Add "
               "the columns or the expression to the GROUP BY, aggregate the expression, or use "
               "\"any_value(",
               e->name, ")\" if you do not care which of the values within a group is returned."));
  }
  for (auto& c : e->children) {
    LAKEML_ASSIGN_OR_RETURN(c, MapAggregated(std::move(c), node));
  }
  return e;
}

}  // namespace lakeml::sql
