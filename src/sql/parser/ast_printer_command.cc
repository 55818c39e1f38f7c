// AstPrinter: utility, DDL and DML statements.
#include "base/str_cat.h"
#include "sql/parser/ast_printer.h"

namespace lakeml::sql {

std::string AstPrinter::Statement(const AstNode& node) {
  const auto& c = node.children;
  switch (node.kind) {
    case NodeKind::kExplain:
      return StrCat("EXPLAIN ", node.op.empty() ? "" : node.op + " ", Print(*c[0]));
    case NodeKind::kUse:
      return StrCat("USE ", node.op.empty() ? "" : node.op + " ", Name(node.names));
    case NodeKind::kShow: {
      std::string out = "SHOW " + node.op;
      if (!node.names.empty()) out += " IN " + Name(node.names);
      if (node.Has(AstNode::kFlagHasLike)) out += " LIKE " + QuoteString(node.text);
      return out;
    }
    case NodeKind::kDescribe: {
      if (node.op == "QUERY") return "DESCRIBE QUERY " + Query(*c[0]);
      if (node.op != "TABLE") return StrCat("DESCRIBE ", node.op, " ", Name(node.names));
      std::string out = "DESCRIBE ";
      if (node.Has(AstNode::kFlagTableKeyword)) out += "TABLE ";
      if (node.Has(AstNode::kFlagExtended)) out += "EXTENDED ";
      return out + Name(node.names);
    }
    case NodeKind::kSetConfig:
      if (node.text.empty()) return "SET";
      if (node.text == "TIME ZONE") return "SET TIME ZONE " + node.op;
      return StrCat("SET ", node.text, node.names.empty() ? "" : " = " + node.op);
    case NodeKind::kResetConfig:
      return node.text.empty() ? "RESET" : "RESET " + node.text;
    case NodeKind::kCreateTable:
    case NodeKind::kCreateView:
    case NodeKind::kCreateSchema:
    case NodeKind::kDrop:
    case NodeKind::kAlterTable:
    case NodeKind::kColumnDef:
      return Ddl(node);
    case NodeKind::kClause:
      return Clause(node);
    default:
      return Dml(node);
  }
}

std::string AstPrinter::Ddl(const AstNode& node) {
  const auto& c = node.children;
  std::string out;
  auto flag = [&node](uint32_t f, const char* text) { return node.Has(f) ? text : ""; };
  switch (node.kind) {
    case NodeKind::kColumnDef: {
      out = QuoteIdentifier(node.text) + " " + Type(*c[0]);
      if (node.Has(AstNode::kFlagNotNull)) out += " NOT NULL";
      for (size_t i = 1; i < c.size(); ++i) out += " " + Clause(*c[i]);
      return out;
    }
    case NodeKind::kCreateTable: {
      out =
          StrCat("CREATE ", flag(AstNode::kFlagOrReplace, "OR REPLACE "),
                 flag(AstNode::kFlagTemp, "TEMPORARY "), flag(AstNode::kFlagExternal, "EXTERNAL "),
                 "TABLE ", flag(AstNode::kFlagIfNotExists, "IF NOT EXISTS "), Name(node.names));
      if (c[0] != nullptr) {
        out += " (";
        for (size_t i = 0; i < c[0]->children.size(); ++i) {
          out += (i ? ", " : "") + Statement(*c[0]->children[i]);
        }
        out += ")";
      }
      for (size_t i = 1; i < c.size(); ++i) {
        out += c[i]->kind == NodeKind::kQuery ? " AS " + Query(*c[i]) : " " + Clause(*c[i]);
      }
      return out;
    }
    case NodeKind::kCreateView: {
      out = StrCat("CREATE ", flag(AstNode::kFlagOrReplace, "OR REPLACE "),
                   flag(AstNode::kFlagTemp, "TEMPORARY "), "VIEW ",
                   flag(AstNode::kFlagIfNotExists, "IF NOT EXISTS "), Name(node.names));
      if (!node.alias_columns.empty()) out += " " + NameList(node.alias_columns);
      for (size_t i = 0; i + 1 < c.size(); ++i) out += " " + Clause(*c[i]);
      return out + " AS " + Query(*c.back());
    }
    case NodeKind::kCreateSchema: {
      out = StrCat("CREATE ", node.op, " ", flag(AstNode::kFlagIfNotExists, "IF NOT EXISTS "),
                   Name(node.names));
      for (const AstPtr& clause : c) out += " " + Clause(*clause);
      return out;
    }
    case NodeKind::kDrop:
      return StrCat("DROP ", node.op, " ", flag(AstNode::kFlagIfExists, "IF EXISTS "),
                    Name(node.names), flag(AstNode::kFlagCascade, " CASCADE"));
    default:
      break;
  }
  // ALTER TABLE.
  out = "ALTER TABLE " + Name(node.names) + " ";
  const std::string& op = node.op;
  if (op == "ADD COLUMNS") {
    out += "ADD COLUMNS (";
    for (size_t i = 0; i < c.size(); ++i) out += (i ? ", " : "") + Ddl(*c[i]);
    return out + ")";
  }
  if (op == "ADD CONSTRAINT") return out + "ADD " + Clause(*c[0]);
  if (op == "DROP CONSTRAINT") {
    return out + "DROP CONSTRAINT " + flag(AstNode::kFlagIfExists, "IF EXISTS ") +
           QuoteIdentifier(node.alias_columns[0]);
  }
  if (op == "DROP COLUMNS") {
    return out + "DROP COLUMNS " + flag(AstNode::kFlagIfExists, "IF EXISTS ") +
           NameList(node.alias_columns);
  }
  if (op == "RENAME TO") return out + "RENAME TO " + Name(c[0]->names);
  if (op == "RENAME COLUMN") {
    return StrCat(out, "RENAME COLUMN ", QuoteIdentifier(node.alias_columns[0]), " TO ",
                  QuoteIdentifier(node.alias_columns[1]));
  }
  if (op == "SET TBLPROPERTIES") return out + "SET " + Clause(*c[0]);
  if (op == "UNSET TBLPROPERTIES") {
    std::string props = Clause(*c[0]);
    return out + "UNSET TBLPROPERTIES " + flag(AstNode::kFlagIfExists, "IF EXISTS ") +
           props.substr(std::string("TBLPROPERTIES ").size());
  }
  // ALTER COLUMN.
  return StrCat(out, "ALTER COLUMN ", QuoteIdentifier(node.alias_columns[0]), " ", Clause(*c[0]));
}

std::string AstPrinter::Dml(const AstNode& node) {
  const auto& c = node.children;
  std::string out;
  auto assignments = [](const std::vector<AstPtr>& children, size_t begin) {
    std::string text;
    bool first = true;
    for (size_t i = begin; i < children.size(); ++i) {
      if (children[i]->kind != NodeKind::kAssignment) continue;
      text +=
          (first ? "" : ", ") + Name(children[i]->names) + " = " + Expr(*children[i]->children[0]);
      first = false;
    }
    return text;
  };
  auto where = [](const std::vector<AstPtr>& children) {
    for (const AstPtr& child : children) {
      if (child->kind == NodeKind::kClause && child->op == "WHERE") return " " + Clause(*child);
    }
    return std::string();
  };
  auto alias = [](const AstNode& n) {
    return n.alias.empty() ? std::string() : " AS " + QuoteIdentifier(n.alias);
  };
  switch (node.kind) {
    case NodeKind::kInsert:
      out = node.Has(AstNode::kFlagOverwrite) ? "INSERT OVERWRITE " : "INSERT INTO ";
      out += Name(node.names);
      if (!node.alias_columns.empty()) out += " " + NameList(node.alias_columns);
      if (node.Has(AstNode::kFlagByName)) out += " BY NAME";
      for (const AstPtr& child : c) {
        out += " " + (child->kind == NodeKind::kQuery ? Query(*child) : Clause(*child));
      }
      return out;
    case NodeKind::kUpdate:
      return StrCat("UPDATE ", Name(node.names), alias(node), " SET ", assignments(c, 0), where(c));
    case NodeKind::kDelete:
      return StrCat("DELETE FROM ", Name(node.names), alias(node), where(c));
    case NodeKind::kMerge: {
      out = StrCat("MERGE INTO ", Name(node.names), alias(node), " USING ", Relation(*c[0], true),
                   " ON ", Expr(*c[1]));
      for (size_t i = 2; i < c.size(); ++i) {
        const AstNode& clause = *c[i];
        out += " WHEN " + clause.op;
        if (!clause.children.empty() && clause.children[0]->kind == NodeKind::kClause) {
          out += " AND " + Expr(*clause.children[0]->children[0]);
        }
        out += " THEN ";
        if (clause.text == "UPDATE") {
          out += "UPDATE SET " + assignments(clause.children, 0);
        } else if (clause.text == "UPDATE *") {
          out += "UPDATE SET *";
        } else if (clause.text == "INSERT") {
          out += "INSERT ";
          if (!clause.alias_columns.empty()) out += NameList(clause.alias_columns) + " ";
          out += "VALUES " + Expr(*clause.children.back());
        } else {
          out += clause.text;
        }
      }
      return out;
    }
    case NodeKind::kCopyInto:
      out = StrCat("COPY INTO ", Name(node.names), " FROM ", QuoteString(node.text),
                   " FILEFORMAT = ", node.op);
      for (const AstPtr& clause : c) out += " " + Clause(*clause);
      return out;
    case NodeKind::kOptimize:
      out = "OPTIMIZE " + Name(node.names);
      for (const AstPtr& clause : c) out += " " + Clause(*clause);
      return out;
    case NodeKind::kVacuum:
      out = "VACUUM " + (node.names.empty() ? QuoteString(node.text) : Name(node.names));
      if (!c.empty()) out += " RETAIN " + Expr(*c[0]) + " HOURS";
      if (node.Has(AstNode::kFlagDryRun)) out += " DRY RUN";
      return out;
    case NodeKind::kRestore:
      return StrCat("RESTORE TABLE ", Name(node.names), " TO ", c[0]->op, " AS OF ",
                    Expr(*c[0]->children[0]));
    case NodeKind::kExecuteImmediate: {  // sql-gaps
      out = "EXECUTE IMMEDIATE " + Expr(*c[0]);
      for (size_t i = 1; i < c.size(); ++i) {
        out += (i == 1 ? " USING " : ", ") + Expr(*c[i]);
        if (!c[i]->alias.empty()) out += " AS " + QuoteIdentifier(c[i]->alias);
      }
      return out;
    }
    default:
      return StrCat("<", NodeKindName(node.kind), ">");
  }
}

}  // namespace lakeml::sql
