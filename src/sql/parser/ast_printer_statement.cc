// AstPrinter: queries, relations and statements.
#include "base/str_cat.h"
#include "sql/parser/ast_printer.h"

namespace lakeml::sql {

std::string AstPrinter::Query(const AstNode& node) {
  const auto& c = node.children;
  std::string out;
  if (c[0] != nullptr) {
    const AstNode& with = *c[0];
    out += with.Has(AstNode::kFlagRecursive) ? "WITH RECURSIVE " : "WITH ";
    for (size_t i = 0; i < with.children.size(); ++i) {
      const AstNode& cte = *with.children[i];
      out += (i ? ", " : "") + QuoteIdentifier(cte.text);
      if (!cte.alias_columns.empty()) out += NameList(cte.alias_columns);
      out += " AS (" + Query(*cte.children[0]) + ")";
    }
    out += " ";
  }
  out += c[1]->kind == NodeKind::kQuery ? "(" + Query(*c[1]) + ")" : QueryTerm(*c[1]);
  if (c[2] != nullptr) out += " ORDER BY " + SortItems(c[2]->children);
  if (node.Has(AstNode::kFlagLimitAll)) out += " LIMIT ALL";
  if (c[3] != nullptr) out += " LIMIT " + Expr(*c[3]);
  if (c[4] != nullptr) out += " OFFSET " + Expr(*c[4]);
  return out;
}

std::string AstPrinter::QueryTerm(const AstNode& node) {
  if (node.kind == NodeKind::kSelect) return Select(node);
  if (node.kind == NodeKind::kQuery) return "(" + Query(node) + ")";
  if (node.kind == NodeKind::kValues) {
    std::string out = "VALUES ";
    for (size_t i = 0; i < node.children.size(); ++i) {
      out += (i ? ", " : "") + Expr(*node.children[i]);
    }
    return out;
  }
  // Set operation: operands in parentheses, which the parser drops again, so that the tree
  // (not the precedence rules) decides the grouping.
  auto operand = [](const AstNode& term) {
    if (term.kind == NodeKind::kSetOperation || term.kind == NodeKind::kQuery) {
      return "(" + (term.kind == NodeKind::kQuery ? Query(term) : QueryTerm(term)) + ")";
    }
    return QueryTerm(term);
  };
  std::string out = operand(*node.children[0]) + " " + node.op;
  if (!node.text.empty()) out += " " + node.text;
  return out + " " + operand(*node.children[1]);
}

std::string AstPrinter::Select(const AstNode& node) {
  const auto& c = node.children;
  std::string out = node.Has(AstNode::kFlagDistinct) ? "SELECT DISTINCT " : "SELECT ";
  for (size_t i = 0; i < c[0]->children.size(); ++i) {
    const AstNode& item = *c[0]->children[i];
    out += (i ? ", " : "") + Expr(*item.children[0]);
    if (item.Has(AstNode::kFlagHasAlias)) out += " AS " + QuoteIdentifier(item.text);
    if (!item.alias_columns.empty()) out += " AS " + NameList(item.alias_columns);
  }
  if (c[1] != nullptr) {
    out += " FROM ";
    for (size_t i = 0; i < c[1]->children.size(); ++i) {
      out += (i ? ", " : "") + Relation(*c[1]->children[i], false);
    }
  }
  if (c[2] != nullptr) {
    for (const AstPtr& view : c[2]->children) {
      out += view->Has(AstNode::kFlagOuter) ? " LATERAL VIEW OUTER " : " LATERAL VIEW ";
      out += Expr(*view->children[0]) + " " + QuoteIdentifier(view->text);
      if (!view->alias_columns.empty()) {
        out += " AS ";
        for (size_t i = 0; i < view->alias_columns.size(); ++i) {
          out += (i ? ", " : "") + QuoteIdentifier(view->alias_columns[i]);
        }
      }
    }
  }
  if (c[3] != nullptr) out += " WHERE " + Expr(*c[3]);
  if (c[4] != nullptr) {
    out += " GROUP BY ";
    out += c[4]->Has(AstNode::kFlagAll) ? "ALL" : ExprList(c[4]->children);
  }
  if (c[5] != nullptr) out += " HAVING " + Expr(*c[5]);
  if (c[6] != nullptr) out += " QUALIFY " + Expr(*c[6]);
  if (c[7] != nullptr) {
    out += " WINDOW ";
    for (size_t i = 0; i < c[7]->children.size(); ++i) {
      const AstNode& named = *c[7]->children[i];
      out +=
          (i ? ", " : "") + QuoteIdentifier(named.text) + " AS " + WindowSpec(*named.children[0]);
    }
  }
  return out;
}

std::string AstPrinter::Alias(const AstNode& node) {
  if (node.alias.empty()) return "";
  std::string out = " AS " + QuoteIdentifier(node.alias);
  if (!node.alias_columns.empty()) out += NameList(node.alias_columns);
  return out;
}

std::string AstPrinter::Relation(const AstNode& node, bool nested) {
  const auto& c = node.children;
  switch (node.kind) {
    case NodeKind::kTableName: {
      std::string out = Name(node.names);
      if (!c.empty()) out += StrCat(" ", c[0]->op, " AS OF ", Expr(*c[0]->children[0]));
      return out + Alias(node);
    }
    case NodeKind::kTableFunction: {
      std::string out = Name(node.names) + "(" + ExprList(c) + ")";
      return out + Alias(node);
    }
    case NodeKind::kSubqueryRelation:
      return StrCat(node.Has(AstNode::kFlagLateral) ? "LATERAL (" : "(", Query(*c[0]), ")",
                    Alias(node));
    case NodeKind::kValues:
      return QueryTerm(node) + Alias(node);
    case NodeKind::kJoin: {
      std::string out = Relation(*c[0], false) + " ";
      if (node.Has(AstNode::kFlagNatural)) out += "NATURAL ";
      out += node.op + " JOIN " + Relation(*c[1], true);
      if (c.size() > 2 && c[2]->kind == NodeKind::kJoinOn) out += " ON " + Expr(*c[2]->children[0]);
      if (c.size() > 2 && c[2]->kind == NodeKind::kJoinUsing)
        out += " USING " + NameList(c[2]->names);
      if (nested || !node.alias.empty()) return "(" + out + ")" + Alias(node);
      return out;
    }
    case NodeKind::kPivot: {
      std::string out = Relation(*c[0], true) + " PIVOT (";
      for (size_t i = 0; i < c[1]->children.size(); ++i) {
        const AstNode& item = *c[1]->children[i];
        out += (i ? ", " : "") + Expr(*item.children[0]);
        if (item.Has(AstNode::kFlagHasAlias)) out += " AS " + QuoteIdentifier(item.text);
      }
      out += " FOR ";
      out += c[2]->children.size() == 1 ? Expr(*c[2]->children[0])
                                        : "(" + ExprList(c[2]->children) + ")";
      out += " IN (";
      for (size_t i = 0; i < c[3]->children.size(); ++i) {
        const AstNode& item = *c[3]->children[i];
        out += (i ? ", " : "") + Expr(*item.children[0]);
        if (item.Has(AstNode::kFlagHasAlias)) out += " AS " + QuoteIdentifier(item.text);
      }
      return out + "))" + Alias(node);
    }
    case NodeKind::kUnpivot: {
      std::string out = Relation(*c[0], true) + " UNPIVOT ";
      if (!node.op.empty()) out += node.op + " NULLS ";
      std::vector<std::string> values(node.names.begin(), node.names.end() - 1);
      out += StrCat("(",
                    node.Has(AstNode::kFlagUnpivotMulti) ? NameList(values)
                                                         : QuoteIdentifier(values[0]),
                    " FOR ", QuoteIdentifier(node.names.back()), " IN (");
      for (size_t i = 0; i < c[1]->children.size(); ++i) {
        const AstNode& item = *c[1]->children[i];
        out += (i ? ", " : "") + Expr(*item.children[0]);
        if (item.Has(AstNode::kFlagHasAlias)) out += " AS " + QuoteIdentifier(item.text);
      }
      return out + "))" + Alias(node);
    }
    default:
      return Expr(node);
  }
}

std::string AstPrinter::Clause(const AstNode& node) {
  const std::string& op = node.op;
  const auto& c = node.children;
  if (op == "USING") return "USING " + QuoteIdentifier(node.names[0]);
  if (op == "PARTITIONED BY" || op == "CLUSTER BY") return op + " " + NameList(node.names);
  if (op == "LOCATION" || op == "COMMENT") return op + " " + QuoteString(node.text);
  if (op == "PATTERN") return "PATTERN = " + QuoteString(node.text);
  if (op == "CONSTRAINT") {
    return StrCat("CONSTRAINT ", QuoteIdentifier(node.names[0]), " CHECK (", Expr(*c[0]), ")");
  }
  if (op == "FILES") {
    std::string out = "FILES = (";
    for (size_t i = 0; i < node.names.size(); ++i)
      out += (i ? ", " : "") + QuoteString(node.names[i]);
    return out + ")";
  }
  if (op == "TBLPROPERTIES" || op == "OPTIONS" || op == "FORMAT_OPTIONS" || op == "COPY_OPTIONS") {
    std::string out = op + " (";
    for (size_t i = 0; i < c.size(); ++i) {
      out += (i ? ", " : "") + QuoteString(c[i]->text);
      if (!c[i]->children.empty()) out += " = " + Expr(*c[i]->children[0]);
    }
    return out + ")";
  }
  if (op == "GENERATED ALWAYS AS" || op == "GENERATED BY DEFAULT AS") {
    return op + " (" + Expr(*c[0]) + ")";
  }
  if (op.ends_with("IDENTITY")) {
    if (c.empty()) return op;
    std::string out = op + " (";
    for (size_t i = 0; i < c.size(); ++i) {
      out += (i ? " " : "") + c[i]->text + " " + Expr(*c[i]->children[0]);
    }
    return out + ")";
  }
  if (op == "ZORDER BY") return "ZORDER BY (" + ExprList(c) + ")";
  if (op == "TYPE") return "TYPE " + Type(*c[0]);
  if (c.empty()) return op;
  return op + " " + Expr(*c[0]);  // WHERE, REPLACE WHERE, AND, DEFAULT.
}

}  // namespace lakeml::sql
