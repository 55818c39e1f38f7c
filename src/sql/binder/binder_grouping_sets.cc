// GROUPING SETS, ROLLUP, CUBE (and GROUP BY ... WITH ROLLUP / CUBE), grouping() and
// grouping_id() (sql-window). The GROUP BY list is a cross product of its items: a plain
// expression is one set {e}; ROLLUP(e1..ek) the k+1 prefixes; CUBE(e1..ek) all 2^k subsets;
// GROUPING SETS(...) the listed sets, `(a, b)` a tuple and `()` the empty set. Every distinct
// expression becomes a group of the aggregate; an Expand below it copies each input row once
// per set with the absent groups NULL, and the grouping id and grouping() flags as extra
// group keys, which grouping() and grouping_id() read.
#include "base/str_cat.h"
#include "sql/binder/binder.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/parser/ast_printer.h"

namespace lakeml::sql {
namespace {

using GroupingSetList = std::vector<std::vector<const AstNode*>>;

// Spark's limit on the number of grouping sets.
constexpr size_t kMaxGroupingSets = 4096;

void AddGroupingTuple(const AstNode& e, std::vector<const AstNode*>* set) {
  if (e.kind == NodeKind::kRow) {
    for (const auto& c : e.children) set->push_back(c.get());
  } else if (!(e.kind == NodeKind::kGroupingSet && e.op.empty())) {
    set->push_back(&e);
  }
}

Result<GroupingSetList> ExpandGroupingItem(const AstNode& item) {
  GroupingSetList sets;
  if (item.kind != NodeKind::kGroupingSet) {
    sets.emplace_back();
    AddGroupingTuple(item, &sets.back());
    return sets;
  }
  const size_t k = item.children.size();
  if (item.op == "ROLLUP") {
    for (size_t len = k + 1; len-- > 0;) {
      sets.emplace_back();
      for (size_t i = 0; i < len; ++i) AddGroupingTuple(*item.children[i], &sets.back());
    }
  } else if (item.op == "CUBE") {
    if (k > 12) {
      return SqlError::At(
          item.pos, "GROUPING_SIZE_LIMIT_EXCEEDED", "54000",
          StrCat("Grouping sets size cannot be greater than ", kMaxGroupingSets, "."));
    }
    for (uint64_t mask = (uint64_t{1} << k); mask-- > 0;) {
      sets.emplace_back();
      for (size_t i = 0; i < k; ++i) {
        if ((mask >> (k - 1 - i)) & 1) AddGroupingTuple(*item.children[i], &sets.back());
      }
    }
  } else {
    for (const auto& c : item.children) {
      if (c->kind == NodeKind::kGroupingSet && !c->op.empty()) {
        LAKEML_ASSIGN_OR_RETURN(GroupingSetList nested, ExpandGroupingItem(*c));
        for (auto& s : nested) sets.push_back(std::move(s));
        continue;
      }
      sets.emplace_back();
      AddGroupingTuple(*c, &sets.back());
    }
  }
  return sets;
}

}  // namespace

Status Binder::BindGroupingSets(const AstNode& group_by, const BindScope& scope) {
  GroupingSetList product = {{}};
  for (const auto& item : group_by.children) {
    LAKEML_ASSIGN_OR_RETURN(GroupingSetList sets, ExpandGroupingItem(*item));
    GroupingSetList next;
    for (const auto& left : product) {
      for (const auto& right : sets) {
        if (next.size() >= kMaxGroupingSets) {
          return SqlError::At(
              group_by.pos, "GROUPING_SIZE_LIMIT_EXCEEDED", "54000",
              StrCat("Grouping sets size cannot be greater than ", kMaxGroupingSets, "."));
        }
        next.push_back(left);
        next.back().insert(next.back().end(), right.begin(), right.end());
      }
    }
    product = std::move(next);
  }
  AggregateState& agg = *aggregate_;
  for (const auto& set : product) {
    uint64_t mask = 0;
    for (const AstNode* target : set) {
      agg.in_group_by = true;
      Result<ExprPtr> bound = BindExpression(*target, scope);
      agg.in_group_by = false;
      if (!bound.ok()) return bound.status();
      size_t index = agg.groups.size();
      for (size_t i = 0; i < agg.groups.size(); ++i) {
        if (SameExpression(*agg.groups[i], **bound)) index = i;
      }
      if (index == agg.groups.size()) {
        if (index >= 63) {
          return SqlError::At(target->pos, "GROUPING_SIZE_LIMIT_EXCEEDED", "54000",
                              "Grouping sets may use at most 63 distinct expressions.");
        }
        agg.groups.push_back(std::move(*bound));
        agg.group_ids.push_back(NewColumnId());
      }
      mask |= uint64_t{1} << index;
    }
    agg.grouping_sets.push_back(mask);
  }
  agg.grouping_id = NewColumnId();
  for (size_t i = 0; i < agg.groups.size(); ++i) agg.grouping_flags.push_back(NewColumnId());
  return Status::OK();
}

Result<ExprPtr> Binder::BindGroupingCall(const AstNode& node, const BindScope& scope,
                                         const std::string& name) {
  if (aggregate_ == nullptr || aggregate_->grouping_sets.empty()) {
    return SqlError::At(node.pos, "UNSUPPORTED_GROUPING_EXPRESSION", "42K0E",
                        "grouping()/grouping_id() can only be used with GroupingSets/Cube/Rollup.");
  }
  AggregateState& agg = *aggregate_;
  std::vector<size_t> indexes;
  for (const auto& c : node.children) {
    LAKEML_ASSIGN_OR_RETURN(ExprPtr e, BindExpression(*c, scope));
    size_t index = agg.groups.size();
    for (size_t i = 0; i < agg.groups.size(); ++i) {
      if (SameExpression(*agg.groups[i], *e)) index = i;
    }
    if (index == agg.groups.size()) {
      return SqlError::At(c->pos, "GROUPING_COLUMN_MISMATCH", "42803",
                          StrCat("Column of grouping (", AstPrinter::Print(*c),
                                 ") can't be found in grouping columns."));
    }
    indexes.push_back(index);
  }
  if (name == "grouping") {
    if (indexes.size() != 1) return SqlError::WrongNumArgs(node.pos, name, "1", indexes.size());
    ExprPtr ref = BoundExpression::ColumnRef(agg.grouping_flags[indexes[0]], SqlType::TinyInt(),
                                             AstPrinter::Print(node));
    ref->nullable = false;
    return ref;
  }
  // grouping_id(): all group columns, or exactly the grouping columns in order.
  bool exact = indexes.empty() || indexes.size() == agg.groups.size();
  for (size_t i = 0; exact && i < indexes.size(); ++i) exact = indexes[i] == i;
  if (!exact) {
    return SqlError::At(node.pos, "GROUPING_ID_COLUMN_MISMATCH", "42803",
                        "Columns of grouping_id must match the grouping columns.");
  }
  ExprPtr ref =
      BoundExpression::ColumnRef(agg.grouping_id, SqlType::BigInt(), AstPrinter::Print(node));
  ref->nullable = false;
  // Repeated grouping sets keep an ordinal above the id bits (ExpandOperator): mask it off.
  const std::vector<uint64_t>& sets = agg.grouping_sets;
  bool repeated = false;
  for (size_t i = 0; i < sets.size() && !repeated; ++i) {
    for (size_t j = 0; j < i && !repeated; ++j) repeated = sets[i] == sets[j];
  }
  if (!repeated) return ref;
  std::vector<ExprPtr> args;
  args.push_back(std::move(ref));
  args.push_back(BoundExpression::Constant(
      columnar::Scalar::Int(SqlType::BigInt(), int64_t{1} << agg.groups.size())));
  LAKEML_ASSIGN_OR_RETURN(ExprPtr masked, CallFunction("%", std::move(args), node));
  masked->nullable = false;
  return masked;
}

void Binder::ExpandGroupingSets(AggregateState* agg, LogicalOperator* aggregate) {
  auto expand = std::make_unique<LogicalOperator>(LogicalKind::kExpand);
  LogicalPtr child = std::move(aggregate->children[0]);
  expand->columns = child->columns;
  const size_t n = aggregate->groups.size();
  std::vector<OutputColumn> keys;
  for (size_t i = 0; i < n; ++i) {
    const ExprPtr& g = aggregate->groups[i];
    keys.push_back(OutputColumn{NewColumnId(), g->ToString(), g->type, true});
  }
  keys.push_back(OutputColumn{NewColumnId(), "spark_grouping_id", SqlType::BigInt(), false});
  for (size_t i = 0; i < n; ++i) {
    keys.push_back(
        OutputColumn{NewColumnId(), StrCat("grouping(", i, ")"), SqlType::TinyInt(), false});
  }
  for (const OutputColumn& k : keys) expand->columns.push_back(k);
  expand->expressions = std::move(aggregate->groups);
  expand->grouping_sets = agg->grouping_sets;
  expand->children.push_back(std::move(child));
  // The aggregate groups by the expanded keys; its outputs keep the binder's ids.
  aggregate->groups.clear();
  std::vector<OutputColumn> columns;
  for (size_t i = 0; i < keys.size(); ++i) {
    ExprPtr ref = BoundExpression::ColumnRef(keys[i].id, keys[i].type, keys[i].name);
    ref->nullable = keys[i].nullable;
    aggregate->groups.push_back(std::move(ref));
    OutputColumn out = i < n ? aggregate->columns[i] : keys[i];
    if (i < n) out.nullable = true;
    if (i == n) out.id = agg->grouping_id;
    if (i > n) out.id = agg->grouping_flags[i - n - 1];
    columns.push_back(out);
  }
  for (size_t i = n; i < aggregate->columns.size(); ++i) columns.push_back(aggregate->columns[i]);
  aggregate->columns = std::move(columns);
  aggregate->children[0] = std::move(expand);
}

}  // namespace lakeml::sql
