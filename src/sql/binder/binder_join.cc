// Binder: joins and FROM lists (Spark's rules for USING / NATURAL output columns).
#include <strings.h>

#include "base/str_cat.h"
#include "sql/binder/binder.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/parser/ast_printer.h"

namespace lakeml::sql {
namespace {

JoinType JoinTypeFromText(const std::string& op) {
  if (op == "LEFT OUTER") return JoinType::kLeft;
  if (op == "RIGHT OUTER") return JoinType::kRight;
  if (op == "FULL OUTER") return JoinType::kFull;
  if (op == "LEFT SEMI") return JoinType::kSemi;
  if (op == "LEFT ANTI") return JoinType::kAnti;
  return JoinType::kInner;  // INNER, CROSS
}

bool SameJoinColumnName(const std::string& a, const std::string& b) {
  return strcasecmp(a.c_str(), b.c_str()) == 0;
}

ExprPtr JoinScopeRef(const ScopeColumn& c) {
  auto ref = BoundExpression::ColumnRef(c.id, c.type, c.name);
  ref->nullable = c.nullable;
  return ref;
}

std::string JoinSideColumnList(const std::vector<ScopeColumn>& cols) {
  std::string out;
  for (const auto& c : cols) {
    if (c.hidden) continue;
    out += StrCat(out.empty() ? "" : ", ", "`", c.name, "`");
  }
  return out;
}

}  // namespace

LogicalPtr Binder::MakeJoin(JoinType type, LogicalPtr left, LogicalPtr right, ExprPtr condition) {
  auto join = std::make_unique<LogicalOperator>(LogicalKind::kJoin);
  join->join_type = type;
  const bool left_nulls = type == JoinType::kRight || type == JoinType::kFull;
  const bool right_nulls = type == JoinType::kLeft || type == JoinType::kFull;
  for (OutputColumn c : left->columns) {
    c.nullable |= left_nulls;
    join->columns.push_back(std::move(c));
  }
  if (JoinOutputsRight(type)) {
    for (OutputColumn c : right->columns) {
      c.nullable |= right_nulls;
      join->columns.push_back(std::move(c));
    }
  }
  if (condition != nullptr) join->expressions.push_back(std::move(condition));
  join->children.push_back(std::move(left));
  join->children.push_back(std::move(right));
  return join;
}

Result<LogicalPtr> Binder::BindFromList(const AstNode& from, BindScope* scope) {
  LogicalPtr plan;
  for (const auto& relation : from.children) {
    LAKEML_ASSIGN_OR_RETURN(LogicalPtr next, BindRelation(*relation, scope));
    plan = plan == nullptr ? std::move(next)
                           : MakeJoin(JoinType::kInner, std::move(plan), std::move(next), nullptr);
  }
  return plan;
}

Result<LogicalPtr> Binder::BindJoin(const AstNode& join, BindScope* scope) {
  const JoinType type = JoinTypeFromText(join.op);
  BindScope left_scope;
  BindScope right_scope;
  LAKEML_ASSIGN_OR_RETURN(LogicalPtr left, BindRelation(*join.children[0], &left_scope));
  LAKEML_ASSIGN_OR_RETURN(LogicalPtr right, BindRelation(*join.children[1], &right_scope));
  std::vector<ScopeColumn> lcols = left_scope.columns();
  std::vector<ScopeColumn> rcols = right_scope.columns();
  if (type == JoinType::kRight || type == JoinType::kFull) {
    for (auto& c : lcols) c.nullable = true;
  }
  if (type == JoinType::kLeft || type == JoinType::kFull) {
    for (auto& c : rcols) c.nullable = true;
  }
  const AstNode* spec = join.children.size() > 2 ? join.children[2].get() : nullptr;

  // USING / NATURAL columns.
  std::vector<std::string> using_names;
  if (join.Has(AstNode::kFlagNatural)) {
    for (const auto& l : lcols) {
      if (l.hidden) continue;
      bool on_right = false;
      for (const auto& r : rcols) on_right |= !r.hidden && SameJoinColumnName(l.name, r.name);
      bool seen = false;
      for (const auto& u : using_names) seen |= SameJoinColumnName(u, l.name);
      if (on_right && !seen) using_names.push_back(l.name);
    }
  } else if (spec != nullptr && spec->kind == NodeKind::kJoinUsing) {
    using_names = spec->names;
  }
  std::vector<int> using_left;
  std::vector<int> using_right;
  for (const std::string& name : using_names) {
    for (int side = 0; side < 2; ++side) {
      const std::vector<ScopeColumn>& cols = side == 0 ? lcols : rcols;
      int found = -1;
      for (size_t i = 0; i < cols.size(); ++i) {
        if (cols[i].hidden || !SameJoinColumnName(cols[i].name, name)) continue;
        if (found >= 0) {
          return SqlError::At(join.pos, "AMBIGUOUS_REFERENCE", "42704",
                              StrCat("Reference `", name, "` is ambiguous in the ",
                                     side == 0 ? "left" : "right", " side of the join."));
        }
        found = static_cast<int>(i);
      }
      if (found < 0) {
        return SqlError::At(spec != nullptr ? spec->pos : join.pos,
                            "UNRESOLVED_USING_COLUMN_FOR_JOIN", "42703",
                            StrCat("USING column `", name, "` cannot be resolved on the ",
                                   side == 0 ? "left" : "right", " side of the join. The ",
                                   side == 0 ? "left" : "right", "-side columns: [",
                                   JoinSideColumnList(cols), "]."));
      }
      (side == 0 ? using_left : using_right).push_back(found);
    }
  }

  // The condition.
  ExprPtr condition;
  if (spec != nullptr && spec->kind == NodeKind::kJoinOn) {
    BindScope both;
    for (const auto& c : lcols) both.Add(c);
    for (const auto& c : rcols) both.Add(c);
    const AstNode& on = *spec->children[0];
    LAKEML_ASSIGN_OR_RETURN(condition, BindExpression(on, both));
    if (condition->type->id() != TypeId::kBoolean && condition->type->id() != TypeId::kNull) {
      return SqlError::At(
          on.pos, "JOIN_CONDITION_IS_NOT_BOOLEAN_TYPE", "42K0E",
          StrCat("The join condition `", AstPrinter::Print(on), "` has the invalid type \"",
                 SqlType::SqlName(condition->type), "\", expected \"BOOLEAN\"."));
    }
  } else if (!using_names.empty()) {
    std::vector<ExprPtr> equalities;
    for (size_t k = 0; k < using_names.size(); ++k) {
      std::vector<ExprPtr> args;
      args.push_back(JoinScopeRef(lcols[using_left[k]]));
      args.push_back(JoinScopeRef(rcols[using_right[k]]));
      LAKEML_ASSIGN_OR_RETURN(ExprPtr eq, CallFunction("=", std::move(args), join));
      equalities.push_back(std::move(eq));
    }
    if (equalities.size() == 1) {
      condition = std::move(equalities[0]);
    } else {
      LAKEML_ASSIGN_OR_RETURN(condition, MakeLogical(ExprKind::kAnd, std::move(equalities), join));
    }
  }
  LogicalPtr plan = MakeJoin(type, std::move(left), std::move(right), std::move(condition));

  // The scope above the join.
  if (!JoinOutputsRight(type)) {
    for (const auto& c : lcols) scope->Add(c);
    return plan;
  }
  if (using_names.empty()) {
    for (const auto& c : lcols) scope->Add(c);
    for (const auto& c : rcols) scope->Add(c);
    return plan;
  }
  auto is_using = [](const std::vector<int>& idx, size_t i) {
    for (int x : idx) {
      if (static_cast<size_t>(x) == i) return true;
    }
    return false;
  };
  if (type == JoinType::kFull) {
    // The USING columns are coalesced; the originals stay reachable by qualified name.
    auto project = std::make_unique<LogicalOperator>(LogicalKind::kProjection);
    for (size_t k = 0; k < using_names.size(); ++k) {
      const ScopeColumn& l = lcols[using_left[k]];
      const ScopeColumn& r = rcols[using_right[k]];
      std::vector<ExprPtr> parts;
      std::vector<ExprPtr> test;
      test.push_back(JoinScopeRef(l));
      LAKEML_ASSIGN_OR_RETURN(ExprPtr not_null, CallFunction("isnotnull", std::move(test), join));
      parts.push_back(std::move(not_null));
      parts.push_back(JoinScopeRef(l));
      parts.push_back(JoinScopeRef(r));
      LAKEML_ASSIGN_OR_RETURN(ExprPtr merged, MakeCase(std::move(parts), join));
      ScopeColumn out{{}, l.name, NewColumnId(), merged->type, merged->nullable};
      project->columns.push_back(OutputColumn{out.id, out.name, out.type, out.nullable});
      project->expressions.push_back(std::move(merged));
      scope->Add(out);
    }
    for (const OutputColumn& c : plan->columns) {
      auto ref = BoundExpression::ColumnRef(c.id, c.type, c.name);
      ref->nullable = c.nullable;
      project->columns.push_back(c);
      project->expressions.push_back(std::move(ref));
    }
    project->children.push_back(std::move(plan));
    plan = std::move(project);
  } else {
    const bool from_right = type == JoinType::kRight;
    for (size_t k = 0; k < using_names.size(); ++k) {
      scope->Add(from_right ? rcols[using_right[k]] : lcols[using_left[k]]);
    }
  }
  // The other columns in order; a side's USING columns that are not the output ones stay in
  // place, hidden (reachable by qualified name and qualified star only).
  const bool left_hidden = type == JoinType::kFull || type == JoinType::kRight;
  const bool right_hidden = type != JoinType::kRight;
  for (size_t i = 0; i < lcols.size(); ++i) {
    if (!is_using(using_left, i)) {
      scope->Add(lcols[i]);
    } else if (left_hidden) {
      ScopeColumn c = lcols[i];
      c.hidden = true;
      scope->Add(std::move(c));
    }
  }
  for (size_t i = 0; i < rcols.size(); ++i) {
    if (!is_using(using_right, i)) {
      scope->Add(rcols[i]);
    } else if (right_hidden) {
      ScopeColumn c = rcols[i];
      c.hidden = true;
      scope->Add(std::move(c));
    }
  }
  return plan;
}

}  // namespace lakeml::sql
