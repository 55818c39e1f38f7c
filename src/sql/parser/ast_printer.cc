#include "sql/parser/ast_printer.h"

#include "base/str_cat.h"
#include "sql/parser/keyword_table.h"

namespace lakeml::sql {

std::string AstPrinter::QuoteIdentifier(std::string_view name) {
  bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
      plain = false;
    }
  }
  if (plain && !KeywordTable::IsKeyword(name) && !KeywordTable::IsReservedColumnAlias(name)) {
    return std::string(name);
  }
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out.push_back('`');
    out.push_back(c);
  }
  return out + "`";
}

std::string AstPrinter::QuoteString(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\'':
        out += "\\'";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\0':
        out += "\\0";
        break;
      case '\x1A':
        out += "\\Z";
        break;
      default:
        out.push_back(c);
    }
  }
  return out + "'";
}

std::string AstPrinter::Name(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "." : "") + QuoteIdentifier(parts[i]);
  return out;
}

std::string AstPrinter::NameList(const std::vector<std::string>& names) {
  std::string out = "(";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + QuoteIdentifier(names[i]);
  return out + ")";
}

std::string AstPrinter::ExprList(const std::vector<AstPtr>& nodes, size_t begin) {
  std::string out;
  for (size_t i = begin; i < nodes.size(); ++i) {
    out += (i > begin ? ", " : "") + Expr(*nodes[i]);
  }
  return out;
}

std::string AstPrinter::Print(const AstNode& node) {
  switch (node.kind) {
    case NodeKind::kQuery:
      return Query(node);
    case NodeKind::kSelect:
    case NodeKind::kSetOperation:
    case NodeKind::kValues:
      return QueryTerm(node);
    case NodeKind::kTableName:
    case NodeKind::kTableFunction:
    case NodeKind::kSubqueryRelation:
    case NodeKind::kJoin:
    case NodeKind::kPivot:
    case NodeKind::kUnpivot:
      return Relation(node, false);
    default:
      if (node.kind >= NodeKind::kExplain) return Statement(node);
      return Expr(node);
  }
}

std::string AstPrinter::Interval(const AstNode& node) {
  std::string out = "INTERVAL";
  if (node.names.empty()) return out + " " + Expr(*node.children[0]);
  if (node.Has(AstNode::kFlagIntervalTo)) {
    return StrCat(out, " ", Expr(*node.children[0]), " ", node.names[0], " TO ", node.names[1]);
  }
  for (size_t i = 0; i < node.children.size(); ++i) {
    // A signed number stays bare: INTERVAL -3 MONTH (the parser reads no parentheses there).
    const AstNode& value = *node.children[i];
    bool signed_number = value.kind == NodeKind::kUnary && (value.op == "-" || value.op == "+") &&
                         value.children[0]->kind == NodeKind::kLiteral;
    std::string text = signed_number ? value.op + Expr(*value.children[0]) : Expr(value);
    out += StrCat(" ", text, " ", node.names[i]);
  }
  return out;
}

std::string AstPrinter::Expr(const AstNode& node) {
  const auto& c = node.children;
  std::string neg = node.Has(AstNode::kFlagNegated) ? "NOT " : "";
  switch (node.kind) {
    case NodeKind::kLiteral:
      if (node.op == "NUMBER") return node.text + (node.names.empty() ? "" : node.names[0]);
      if (node.op == "STRING") return QuoteString(node.text);
      if (node.op == "BINARY") return "X'" + node.text + "'";
      if (node.op == "TYPED") return node.names[0] + " " + QuoteString(node.text);
      return node.op;
    case NodeKind::kInterval:
      return Interval(node);
    case NodeKind::kColumnRef:
      return Name(node.names);
    case NodeKind::kStar: {
      std::string out = node.names.empty() ? "*" : Name(node.names) + ".*";
      if (!c.empty()) {
        out += " EXCEPT (";
        for (size_t i = 0; i < c.size(); ++i) out += (i ? ", " : "") + Expr(*c[i]);
        out += ")";
      }
      return out;
    }
    case NodeKind::kParameter:
      return node.text == "?" ? "?" : ":" + node.text;
    case NodeKind::kUnary:
      return node.op == "NOT" ? "(NOT " + Expr(*c[0]) + ")" : "(" + node.op + Expr(*c[0]) + ")";
    case NodeKind::kBinary:
      return StrCat("(", Expr(*c[0]), " ", node.op, " ", Expr(*c[1]), ")");
    case NodeKind::kIs:
      return StrCat("(", Expr(*c[0]), " IS ", neg, node.op,
                    c.size() > 1 ? " " + Expr(*c[1]) : std::string(), ")");
    case NodeKind::kBetween:
      return StrCat("(", Expr(*c[0]), " ", neg, "BETWEEN ", Expr(*c[1]), " AND ", Expr(*c[2]), ")");
    case NodeKind::kIn:
      if (c.size() == 2 && c[1]->kind == NodeKind::kQuery) {
        return StrCat("(", Expr(*c[0]), " ", neg, "IN (", Query(*c[1]), "))");
      }
      return StrCat("(", Expr(*c[0]), " ", neg, "IN (", ExprList(c, 1), "))");
    case NodeKind::kLike: {
      std::string out = StrCat("(", Expr(*c[0]), " ", neg, node.op, " ");
      out += node.text.empty() ? Expr(*c[1]) : node.text + " (" + ExprList(c, 1) + ")";
      if (!node.names.empty()) out += " ESCAPE " + QuoteString(node.names[0]);
      return out + ")";
    }
    case NodeKind::kCase: {
      std::string out = "CASE";
      size_t i = 0;
      if (node.Has(AstNode::kFlagCaseOperand)) out += " " + Expr(*c[i++]);
      size_t end = c.size() - (node.Has(AstNode::kFlagCaseElse) ? 1 : 0);
      for (; i + 1 < end; i += 2) {
        out += " WHEN " + Expr(*c[i]) + " THEN " + Expr(*c[i + 1]);
      }
      if (node.Has(AstNode::kFlagCaseElse)) out += " ELSE " + Expr(*c.back());
      return out + " END";
    }
    case NodeKind::kCast:
      if (node.op == "::") return StrCat("(", Expr(*c[0]), "::", Type(*c[1]), ")");
      return StrCat(node.op, "(", Expr(*c[0]), " AS ", Type(*c[1]), ")");
    case NodeKind::kFunction:
      return Function(node);
    case NodeKind::kNamedArgument:
      return QuoteIdentifier(node.text) + " => " + Expr(*c[0]);
    case NodeKind::kLambda: {
      std::string params =
          node.names.size() == 1 ? QuoteIdentifier(node.names[0]) : NameList(node.names);
      return params + " -> " + Expr(*c[0]);
    }
    case NodeKind::kSubscript:
      return StrCat(Expr(*c[0]), "[", Expr(*c[1]), "]");
    case NodeKind::kFieldAccess:
      return StrCat(Expr(*c[0]), ".", QuoteIdentifier(node.text));
    case NodeKind::kSubquery:
      return "(" + Query(*c[0]) + ")";
    case NodeKind::kExists:
      return "EXISTS (" + Query(*c[0]) + ")";
    case NodeKind::kExtract:
      return StrCat("EXTRACT(", QuoteIdentifier(node.text), " FROM ", Expr(*c[0]), ")");
    case NodeKind::kRow:
      return "(" + ExprList(c) + ")";
    case NodeKind::kType:
      return Type(node);
    case NodeKind::kGroupingSet:
      if (node.op.empty()) return "(" + ExprList(c) + ")";
      return node.op + " (" + ExprList(c) + ")";
    case NodeKind::kSortItem: {
      std::string out = Expr(*c[0]);
      if (!node.op.empty()) out += " " + node.op;
      if (!node.text.empty()) out += " NULLS " + node.text;
      return out;
    }
    case NodeKind::kWindowSpec:
      return WindowSpec(node);
    case NodeKind::kSelectItem:
      return Expr(*c[0]) + " AS " + QuoteIdentifier(node.text);
    case NodeKind::kQuery:
    case NodeKind::kSelect:
    case NodeKind::kSetOperation:
    case NodeKind::kValues:
    case NodeKind::kTableName:
    case NodeKind::kTableFunction:
    case NodeKind::kSubqueryRelation:
    case NodeKind::kJoin:
    case NodeKind::kPivot:
    case NodeKind::kUnpivot:
      return Print(node);
    default:
      if (node.kind >= NodeKind::kExplain) return Print(node);
      return StrCat("<", NodeKindName(node.kind), ">");
  }
}

std::string AstPrinter::Function(const AstNode& node) {
  std::string out = Name(node.names) + "(";
  if (node.Has(AstNode::kFlagDistinct)) out += "DISTINCT ";
  if (node.Has(AstNode::kFlagStar)) out += "*";
  std::string suffix;
  bool first = true;
  for (const AstPtr& child : node.children) {
    switch (child->kind) {
      case NodeKind::kWithinGroup:
        suffix += " WITHIN GROUP (ORDER BY " + SortItems(child->children) + ")";
        break;
      case NodeKind::kFilter:
        suffix += " FILTER (WHERE " + Expr(*child->children[0]) + ")";
        break;
      case NodeKind::kWindowSpec:
      case NodeKind::kWindowRef:
        break;
      default:
        out += (first ? "" : ", ") + Expr(*child);
        first = false;
    }
  }
  out += ")" + suffix;
  if (!node.op.empty()) out += " " + node.op;
  for (const AstPtr& child : node.children) {
    if (child->kind == NodeKind::kWindowSpec) out += " OVER " + WindowSpec(*child);
    if (child->kind == NodeKind::kWindowRef) out += " OVER " + QuoteIdentifier(child->text);
  }
  return out;
}

std::string AstPrinter::SortItems(const std::vector<AstPtr>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + Expr(*items[i]);
  return out;
}

std::string AstPrinter::WindowSpec(const AstNode& node) {
  std::string out = "(";
  std::string sep;
  if (!node.text.empty()) {
    out += QuoteIdentifier(node.text);
    sep = " ";
  }
  for (const AstPtr& child : node.children) {
    out += sep;
    sep = " ";
    if (child->kind == NodeKind::kPartitionBy) {
      out += "PARTITION BY " + ExprList(child->children);
    } else if (child->kind == NodeKind::kOrderBy) {
      out += "ORDER BY " + SortItems(child->children);
    } else {
      auto bound = [](const AstNode* b) {
        if (b->children.empty()) return b->op;
        return Expr(*b->children[0]) + " " + b->op;
      };
      out += child->op + " ";
      if (child->children[1] == nullptr) {
        out += bound(child->children[0].get());
      } else {
        out += "BETWEEN " + bound(child->children[0].get()) + " AND " +
               bound(child->children[1].get());
      }
    }
  }
  return out + ")";
}

std::string AstPrinter::Type(const AstNode& node) {
  std::string out = node.text;
  if (node.text == "INTERVAL") {
    for (size_t i = 0; i < node.names.size(); ++i) out += (i ? " TO " : " ") + node.names[i];
    return out;
  }
  if (!node.names.empty()) {
    out += "(";
    for (size_t i = 0; i < node.names.size(); ++i) out += (i ? ", " : "") + node.names[i];
    out += ")";
  }
  if (node.text == "STRUCT" || !node.children.empty()) {
    out += "<";
    for (size_t i = 0; i < node.children.size(); ++i) {
      const AstNode& element = *node.children[i];
      out += i ? ", " : "";
      if (node.text == "STRUCT") out += QuoteIdentifier(element.alias) + ": ";
      out += Type(element);
      if (element.Has(AstNode::kFlagNotNull)) out += " NOT NULL";
      if (!element.op.empty()) out += " COMMENT " + QuoteString(element.op);
    }
    out += ">";
  }
  return out;
}

}  // namespace lakeml::sql
