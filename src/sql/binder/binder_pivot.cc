// Binder: PIVOT and UNPIVOT in FROM (sql-syntax), bound by rewriting them into a SELECT over
// the source relation, as Spark's analyzer does:
//
//   src PIVOT (agg(e) AS a FOR c IN (v1 AS x, ...))
//     => SELECT g..., agg(IF(c <=> v1, e, NULL)) AS x_a, ... FROM src GROUP BY g...
//   where g are the source columns that neither the aggregates nor the pivot columns name;
//   one column per (value, aggregate), value-major; named by the value's alias (or its text),
//   followed by _ and the aggregate's alias (or SQL text) when there is more than one.
//
//   src UNPIVOT [INCLUDE|EXCLUDE NULLS] (v FOR n IN (c1 AS x, ...))
//     => SELECT r..., CASE k WHEN 0 THEN 'x' ... END AS n, CASE k WHEN 0 THEN c1 ... END AS v
//        FROM src, VALUES (0), (1), ... AS __unpivot(k)
//        [WHERE v IS NOT NULL (EXCLUDE NULLS, the default; any value column, multi-column)]
//   where r are the source columns not unpivoted.
#include <strings.h>

#include <set>

#include "base/str_cat.h"
#include "sql/binder/binder.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/execution/expression_executor.h"
#include "sql/function/aggregate/aggregate_registry.h"
#include "sql/parser/ast_printer.h"

namespace lakeml::sql {
namespace {

constexpr const char* kUnpivotIndexColumn = "__unpivot_index";

AstPtr CopyPivotAst(const AstNode& n) {
  auto out = std::make_unique<AstNode>(n.kind, n.pos);
  out->flags = n.flags;
  out->op = n.op;
  out->text = n.text;
  out->alias = n.alias;
  out->names = n.names;
  out->alias_columns = n.alias_columns;
  for (const auto& c : n.children) out->children.push_back(c ? CopyPivotAst(*c) : nullptr);
  return out;
}

AstPtr PivotNode(NodeKind kind, SourcePosition pos) { return std::make_unique<AstNode>(kind, pos); }

AstPtr PivotColumnRef(const std::string& name, SourcePosition pos) {
  AstPtr ref = PivotNode(NodeKind::kColumnRef, pos);
  ref->names = {name};
  return ref;
}

AstPtr PivotLiteral(const std::string& op, std::string text, SourcePosition pos) {
  AstPtr lit = PivotNode(NodeKind::kLiteral, pos);
  lit->op = op;
  lit->text = std::move(text);
  return lit;
}

AstPtr PivotBinary(const std::string& op, AstPtr a, AstPtr b) {
  AstPtr bin = PivotNode(NodeKind::kBinary, a->pos);
  bin->op = op;
  bin->Add(std::move(a));
  bin->Add(std::move(b));
  return bin;
}

AstPtr PivotSelectItem(AstPtr expr, const std::string& alias) {
  AstPtr item = PivotNode(NodeKind::kSelectItem, expr->pos);
  item->text = alias;
  item->flags |= AstNode::kFlagHasAlias;
  item->Add(std::move(expr));
  return item;
}

// A kSelect with the given slots (see Parser::ParseSelect for the order).
AstPtr PivotSelect(AstPtr items, AstPtr from, AstPtr where, AstPtr group_by) {
  AstPtr select = PivotNode(NodeKind::kSelect, items->pos);
  select->Add(std::move(items));
  select->Add(std::move(from));
  select->Add(nullptr);  // lateral views
  select->Add(std::move(where));
  select->Add(std::move(group_by));
  return select;
}

// The last name parts of the column references under `n`, lower-cased.
void CollectPivotColumnNames(const AstNode& n, std::set<std::string>* out) {
  if (n.kind == NodeKind::kColumnRef && !n.names.empty()) {
    std::string name = n.names.back();
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out->insert(std::move(name));
  }
  for (const auto& c : n.children) {
    if (c != nullptr) CollectPivotColumnNames(*c, out);
  }
}

bool PivotNameIn(const std::string& name, const std::set<std::string>& names) {
  std::string lower = name;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return names.count(lower) != 0;
}

// Rewrites every aggregate call under `n` to aggregate only the rows where `cond` holds:
// each argument a becomes CASE WHEN cond THEN a END (count(*) counts CASE WHEN cond THEN 1).
void RestrictPivotAggregates(AstNode* n, const AstNode& cond) {
  if (n->kind == NodeKind::kQuery || n->kind == NodeKind::kSelect) return;
  if (n->kind == NodeKind::kFunction && !n->names.empty() &&
      AggregateRegistry::Builtin().Find(n->names.back()) != nullptr) {
    if (n->Has(AstNode::kFlagStar)) {
      n->flags &= ~AstNode::kFlagStar;
      n->children.insert(n->children.begin(), PivotLiteral("NUMBER", "1", n->pos));
    }
    for (auto& arg : n->children) {
      if (arg == nullptr || arg->kind == NodeKind::kFilter || arg->kind == NodeKind::kWindowSpec ||
          arg->kind == NodeKind::kWindowRef || arg->kind == NodeKind::kWithinGroup) {
        continue;
      }
      AstPtr when = PivotNode(NodeKind::kCase, arg->pos);
      when->Add(CopyPivotAst(cond));
      when->Add(std::move(arg));
      arg = std::move(when);
    }
    return;
  }
  for (auto& c : n->children) {
    if (c != nullptr) RestrictPivotAggregates(c.get(), cond);
  }
}

// Pivot values must be literals (a sign or a cast around one is fine).
bool IsPivotLiteral(const AstNode& n) {
  switch (n.kind) {
    case NodeKind::kLiteral:
    case NodeKind::kInterval:
      return true;
    case NodeKind::kUnary:
    case NodeKind::kCast:
      return IsPivotLiteral(*n.children[0]);
    default:
      return false;
  }
}

}  // namespace

Result<std::vector<std::string>> Binder::RelationColumnNames(const AstNode& relation) {
  BindScope probe;
  LAKEML_ASSIGN_OR_RETURN(LogicalPtr plan, BindRelation(relation, &probe));
  std::vector<std::string> names;
  for (const ScopeColumn& c : probe.columns()) {
    if (!c.hidden) names.push_back(c.name);
  }
  return names;
}

Result<LogicalPtr> Binder::BindPivot(const AstNode& relation, BindScope* scope) {
  const AstNode& source = *relation.children[0];
  const AstNode& aggregates = *relation.children[1];
  const AstNode& columns = *relation.children[2];
  const AstNode& values = *relation.children[3];
  LAKEML_ASSIGN_OR_RETURN(std::vector<std::string> source_names, RelationColumnNames(source));
  std::set<std::string> used;
  CollectPivotColumnNames(aggregates, &used);
  CollectPivotColumnNames(columns, &used);
  for (const auto& c : columns.children) {
    if (c->kind != NodeKind::kColumnRef) {
      return SqlError::Unsupported(c->pos, "a PIVOT column that is not a column name");
    }
  }
  AstPtr items = PivotNode(NodeKind::kList, relation.pos);
  AstPtr group_by = PivotNode(NodeKind::kGroupBy, relation.pos);
  for (const std::string& name : source_names) {
    if (PivotNameIn(name, used)) continue;
    items->Add(PivotSelectItem(PivotColumnRef(name, relation.pos), name));
    group_by->Add(PivotColumnRef(name, relation.pos));
  }
  const size_t num_columns = columns.children.size();
  for (const auto& value_item : values.children) {
    const AstNode& value = *value_item->children[0];
    std::vector<const AstNode*> parts;
    if (value.kind == NodeKind::kRow) {
      for (const auto& p : value.children) parts.push_back(p.get());
    } else {
      parts.push_back(&value);
    }
    if (parts.size() != num_columns) {
      return SqlError::At(value.pos, "PIVOT_VALUE_DATA_TYPE_MISMATCH", "42K09",
                          StrCat("Invalid pivot value '", AstPrinter::Print(value), "': it has ",
                                 parts.size(), " values for ", num_columns, " pivot columns."));
    }
    // The value's name and condition.
    std::string value_name;
    AstPtr cond;
    for (size_t i = 0; i < parts.size(); ++i) {
      if (!IsPivotLiteral(*parts[i])) {
        return SqlError::At(parts[i]->pos, "NON_LITERAL_PIVOT_VALUES", "42K08",
                            StrCat("Literal expressions required for pivot values, found ",
                                   AstPrinter::Print(*parts[i]), "."));
      }
      BindScope empty;
      LAKEML_ASSIGN_OR_RETURN(ExprPtr e, BindExpression(*parts[i], empty));
      LAKEML_ASSIGN_OR_RETURN(ExprPtr text, CastTo(std::move(e), SqlType::String(), parts[i]->pos));
      LAKEML_ASSIGN_OR_RETURN(columnar::Scalar s, ExpressionExecutor::EvaluateConstant(*text));
      value_name += StrCat(i == 0 ? "" : ", ", s.is_null ? "null" : s.bytes);
      AstPtr eq = PivotBinary("<=>", CopyPivotAst(*columns.children[i]), CopyPivotAst(*parts[i]));
      cond = cond == nullptr ? std::move(eq) : PivotBinary("AND", std::move(cond), std::move(eq));
    }
    if (parts.size() > 1) value_name = StrCat("{", value_name, "}");
    if (value_item->Has(AstNode::kFlagHasAlias)) value_name = value_item->text;
    for (const auto& agg_item : aggregates.children) {
      const AstNode& agg = *agg_item->children[0];
      if (!ContainsAggregate(agg)) {
        return SqlError::At(agg.pos, "NOT_AN_AGGREGATE_FUNCTION", "42K0E",
                            StrCat("The PIVOT expression ", AstPrinter::Print(agg),
                                   " is not an aggregate function."));
      }
      std::string name = value_name;
      if (aggregates.children.size() > 1) {
        name += StrCat(
            "_", agg_item->Has(AstNode::kFlagHasAlias) ? agg_item->text : AstPrinter::Print(agg));
      }
      AstPtr expr = CopyPivotAst(agg);
      RestrictPivotAggregates(expr.get(), *cond);
      items->Add(PivotSelectItem(std::move(expr), name));
    }
  }
  AstPtr from = PivotNode(NodeKind::kList, relation.pos);
  from->Add(CopyPivotAst(source));
  if (group_by->children.empty()) group_by = nullptr;
  AstPtr select = PivotSelect(std::move(items), std::move(from), nullptr, std::move(group_by));
  return BindQueryAsRelation(relation, *select, scope);
}

Result<LogicalPtr> Binder::BindUnpivot(const AstNode& relation, BindScope* scope) {
  const AstNode& source = *relation.children[0];
  const AstNode& columns = *relation.children[1];
  // names: the value column(s), then the name column.
  const std::vector<std::string> value_names(relation.names.begin(), relation.names.end() - 1);
  const std::string& name_column = relation.names.back();
  LAKEML_ASSIGN_OR_RETURN(std::vector<std::string> source_names, RelationColumnNames(source));
  std::set<std::string> used;
  CollectPivotColumnNames(columns, &used);
  const SourcePosition pos = relation.pos;
  AstPtr items = PivotNode(NodeKind::kList, pos);
  for (const std::string& name : source_names) {
    if (!PivotNameIn(name, used)) items->Add(PivotSelectItem(PivotColumnRef(name, pos), name));
  }
  // CASE __unpivot_index WHEN i THEN ... END for the name and for each value column.
  std::vector<AstPtr> cases(value_names.size() + 1);
  for (auto& c : cases) {
    c = PivotNode(NodeKind::kCase, pos);
    c->flags |= AstNode::kFlagCaseOperand;
    c->Add(PivotColumnRef(kUnpivotIndexColumn, pos));
  }
  AstPtr index_rows = PivotNode(NodeKind::kValues, pos);
  for (size_t i = 0; i < columns.children.size(); ++i) {
    const AstNode& item = *columns.children[i];
    const AstNode& expr = *item.children[0];
    std::vector<const AstNode*> parts;
    if (expr.kind == NodeKind::kRow) {
      for (const auto& p : expr.children) parts.push_back(p.get());
    } else {
      parts.push_back(&expr);
    }
    std::string label;
    for (const AstNode* p : parts) {
      if (p->kind != NodeKind::kColumnRef) {
        return SqlError::At(p->pos, "UNPIVOT_REQUIRES_ATTRIBUTES", "42K0A",
                            StrCat("UNPIVOT requires all given expressions to be columns, found ",
                                   AstPrinter::Print(*p), "."));
      }
      label += StrCat(label.empty() ? "" : "_", p->names.back());
    }
    if (parts.size() != value_names.size()) {
      return SqlError::At(expr.pos, "UNPIVOT_VALUE_SIZE_MISMATCH", "428C4",
                          StrCat("All unpivot value columns must have the same size as there are "
                                 "value column names (",
                                 value_names.size(), ")."));
    }
    if (item.Has(AstNode::kFlagHasAlias)) label = item.text;
    AstPtr row = PivotNode(NodeKind::kRow, pos);
    row->Add(PivotLiteral("NUMBER", std::to_string(i), pos));
    index_rows->Add(std::move(row));
    cases[0]->Add(PivotLiteral("NUMBER", std::to_string(i), pos));
    cases[0]->Add(PivotLiteral("STRING", label, pos));
    for (size_t v = 0; v < parts.size(); ++v) {
      cases[v + 1]->Add(PivotLiteral("NUMBER", std::to_string(i), pos));
      cases[v + 1]->Add(CopyPivotAst(*parts[v]));
    }
  }
  index_rows->alias = "__unpivot";
  index_rows->alias_columns = {kUnpivotIndexColumn};
  // EXCLUDE NULLS (the default): drop rows whose value columns are all null.
  AstPtr where;
  if (relation.op != "INCLUDE") {
    for (size_t v = 1; v < cases.size(); ++v) {
      AstPtr is = PivotNode(NodeKind::kIs, pos);
      is->op = "NULL";
      is->flags |= AstNode::kFlagNegated;
      is->Add(CopyPivotAst(*cases[v]));
      where = where == nullptr ? std::move(is) : PivotBinary("OR", std::move(where), std::move(is));
    }
  }
  items->Add(PivotSelectItem(std::move(cases[0]), name_column));
  for (size_t v = 0; v < value_names.size(); ++v) {
    items->Add(PivotSelectItem(std::move(cases[v + 1]), value_names[v]));
  }
  AstPtr from = PivotNode(NodeKind::kList, pos);
  from->Add(CopyPivotAst(source));
  from->Add(std::move(index_rows));
  AstPtr select = PivotSelect(std::move(items), std::move(from), std::move(where), nullptr);
  return BindQueryAsRelation(relation, *select, scope);
}

}  // namespace lakeml::sql
