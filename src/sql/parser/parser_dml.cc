// Parser: DML and Delta maintenance statements (INSERT, UPDATE, DELETE, MERGE, COPY INTO,
// OPTIMIZE, VACUUM, RESTORE).
#include "sql/parser/keyword_table.h"
#include "sql/parser/parser.h"

namespace lakeml::sql {
namespace {

// A target alias after UPDATE t / DELETE FROM t / MERGE INTO t, which must not be a keyword
// that continues the statement.
bool IsTargetAlias(const Token& t) {
  if (t.type == TokenType::kQuotedIdentifier) return true;
  return t.type == TokenType::kIdentifier && !KeywordTable::IsReservedColumnAlias(t.text) &&
         !t.IsKeyword("SET");
}

}  // namespace

Result<AstPtr> Parser::ParseWhereClause() {
  AstPtr clause = Node(NodeKind::kClause);
  clause->op = "WHERE";
  LAKEML_RETURN_IF_ERROR(ExpectKw("WHERE"));
  LAKEML_ASSIGN_OR_RETURN(AstPtr condition, ParseExpr());
  clause->Add(std::move(condition));
  return clause;
}

Result<AstPtr> Parser::ParseInsert() {
  AstPtr insert = Node(NodeKind::kInsert);
  Next();
  if (AcceptKw("OVERWRITE")) {
    insert->flags |= AstNode::kFlagOverwrite;
  } else {
    LAKEML_RETURN_IF_ERROR(ExpectKw("INTO"));
  }
  AcceptKw("TABLE");
  LAKEML_ASSIGN_OR_RETURN(insert->names, ParseQualifiedName());
  if (IsOp("(") && !StartsQuery(1)) {
    LAKEML_ASSIGN_OR_RETURN(insert->alias_columns, ParseIdentifierList());
  }
  if (AcceptKws({"BY", "NAME"})) insert->flags |= AstNode::kFlagByName;
  if (IsKws({"REPLACE", "WHERE"})) {
    Next();
    LAKEML_ASSIGN_OR_RETURN(AstPtr where, ParseWhereClause());
    where->op = "REPLACE WHERE";
    insert->Add(std::move(where));
  }
  LAKEML_ASSIGN_OR_RETURN(AstPtr query, ParseQuery());
  insert->Add(std::move(query));
  return insert;
}

Result<AstPtr> Parser::ParseAssignment() {
  AstPtr assignment = Node(NodeKind::kAssignment);
  LAKEML_ASSIGN_OR_RETURN(assignment->names, ParseQualifiedName());
  LAKEML_RETURN_IF_ERROR(ExpectOp("="));
  LAKEML_ASSIGN_OR_RETURN(AstPtr value, ParseExpr());
  assignment->Add(std::move(value));
  return assignment;
}

Result<AstPtr> Parser::ParseUpdate() {
  AstPtr update = Node(NodeKind::kUpdate);
  Next();
  LAKEML_ASSIGN_OR_RETURN(update->names, ParseQualifiedName());
  if (AcceptKw("AS") || IsTargetAlias(Peek())) {
    LAKEML_ASSIGN_OR_RETURN(update->alias, ParseIdentifier());
  }
  LAKEML_RETURN_IF_ERROR(ExpectKw("SET"));
  do {
    LAKEML_ASSIGN_OR_RETURN(AstPtr assignment, ParseAssignment());
    update->Add(std::move(assignment));
  } while (AcceptOp(","));
  if (IsKw("WHERE")) {
    LAKEML_ASSIGN_OR_RETURN(AstPtr where, ParseWhereClause());
    update->Add(std::move(where));
  }
  return update;
}

Result<AstPtr> Parser::ParseDelete() {
  AstPtr del = Node(NodeKind::kDelete);
  Next();
  LAKEML_RETURN_IF_ERROR(ExpectKw("FROM"));
  LAKEML_ASSIGN_OR_RETURN(del->names, ParseQualifiedName());
  if (AcceptKw("AS") || IsTargetAlias(Peek())) {
    LAKEML_ASSIGN_OR_RETURN(del->alias, ParseIdentifier());
  }
  if (IsKw("WHERE")) {
    LAKEML_ASSIGN_OR_RETURN(AstPtr where, ParseWhereClause());
    del->Add(std::move(where));
  }
  return del;
}

Result<AstPtr> Parser::ParseMerge() {
  AstPtr merge = Node(NodeKind::kMerge);
  Next();
  LAKEML_RETURN_IF_ERROR(ExpectKw("INTO"));
  LAKEML_ASSIGN_OR_RETURN(merge->names, ParseQualifiedName());
  if (AcceptKw("AS") || IsTargetAlias(Peek())) {
    LAKEML_ASSIGN_OR_RETURN(merge->alias, ParseIdentifier());
  }
  LAKEML_RETURN_IF_ERROR(ExpectKw("USING"));
  LAKEML_ASSIGN_OR_RETURN(AstPtr source, ParseRelationPrimary());
  merge->Add(std::move(source));
  LAKEML_RETURN_IF_ERROR(ExpectKw("ON"));
  LAKEML_ASSIGN_OR_RETURN(AstPtr condition, ParseExpr());
  merge->Add(std::move(condition));
  if (!IsKw("WHEN")) return Error();
  while (IsKw("WHEN")) {
    LAKEML_ASSIGN_OR_RETURN(AstPtr clause, ParseMergeClause());
    merge->Add(std::move(clause));
  }
  return merge;
}

Result<AstPtr> Parser::ParseMergeClause() {
  AstPtr clause = Node(NodeKind::kMergeClause);
  Next();  // WHEN
  if (AcceptKw("MATCHED")) {
    clause->op = "MATCHED";
  } else if (AcceptKws({"NOT", "MATCHED"})) {
    clause->op = "NOT MATCHED";
    if (AcceptKws({"BY", "SOURCE"})) {
      clause->op = "NOT MATCHED BY SOURCE";
    } else {
      AcceptKws({"BY", "TARGET"});
    }
  } else {
    return Error();
  }
  if (AcceptKw("AND")) {
    AstPtr condition = Node(NodeKind::kClause);
    condition->op = "AND";
    LAKEML_ASSIGN_OR_RETURN(AstPtr expr, ParseExpr());
    condition->Add(std::move(expr));
    clause->Add(std::move(condition));
  }
  LAKEML_RETURN_IF_ERROR(ExpectKw("THEN"));
  bool insert_allowed = clause->op == "NOT MATCHED";
  if (!insert_allowed && AcceptKw("DELETE")) {
    clause->text = "DELETE";
  } else if (!insert_allowed && AcceptKw("UPDATE")) {
    LAKEML_RETURN_IF_ERROR(ExpectKw("SET"));
    if (AcceptOp("*")) {
      clause->text = "UPDATE *";
      return clause;
    }
    clause->text = "UPDATE";
    do {
      LAKEML_ASSIGN_OR_RETURN(AstPtr assignment, ParseAssignment());
      clause->Add(std::move(assignment));
    } while (AcceptOp(","));
  } else if (insert_allowed && AcceptKw("INSERT")) {
    if (AcceptOp("*")) {
      clause->text = "INSERT *";
      return clause;
    }
    clause->text = "INSERT";
    if (IsOp("(")) {
      LAKEML_ASSIGN_OR_RETURN(clause->alias_columns, ParseIdentifierList());
    }
    LAKEML_RETURN_IF_ERROR(ExpectKw("VALUES"));
    LAKEML_RETURN_IF_ERROR(ExpectOp("("));
    AstPtr row = Node(NodeKind::kRow);
    LAKEML_ASSIGN_OR_RETURN(row->children, ParseExprList());
    LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
    clause->Add(std::move(row));
  } else {
    return Error();
  }
  return clause;
}

Result<AstPtr> Parser::ParseCopyInto() {
  AstPtr copy = Node(NodeKind::kCopyInto);
  Next();
  LAKEML_RETURN_IF_ERROR(ExpectKw("INTO"));
  LAKEML_ASSIGN_OR_RETURN(copy->names, ParseQualifiedName());
  LAKEML_RETURN_IF_ERROR(ExpectKw("FROM"));
  LAKEML_ASSIGN_OR_RETURN(copy->text, ParseStringLiteral());
  LAKEML_RETURN_IF_ERROR(ExpectKw("FILEFORMAT"));
  LAKEML_RETURN_IF_ERROR(ExpectOp("="));
  LAKEML_ASSIGN_OR_RETURN(copy->op, ParseIdentifier());
  for (char& c : copy->op) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  while (true) {
    if (AcceptKw("FORMAT_OPTIONS")) {
      LAKEML_ASSIGN_OR_RETURN(AstPtr options, ParsePropertyList("FORMAT_OPTIONS"));
      copy->Add(std::move(options));
    } else if (AcceptKw("COPY_OPTIONS")) {
      LAKEML_ASSIGN_OR_RETURN(AstPtr options, ParsePropertyList("COPY_OPTIONS"));
      copy->Add(std::move(options));
    } else if (AcceptKw("PATTERN")) {
      AstPtr pattern = Node(NodeKind::kClause);
      pattern->op = "PATTERN";
      LAKEML_RETURN_IF_ERROR(ExpectOp("="));
      LAKEML_ASSIGN_OR_RETURN(pattern->text, ParseStringLiteral());
      copy->Add(std::move(pattern));
    } else if (AcceptKw("FILES")) {
      AstPtr files = Node(NodeKind::kClause);
      files->op = "FILES";
      LAKEML_RETURN_IF_ERROR(ExpectOp("="));
      LAKEML_RETURN_IF_ERROR(ExpectOp("("));
      do {
        LAKEML_ASSIGN_OR_RETURN(std::string file, ParseStringLiteral());
        files->names.push_back(std::move(file));
      } while (AcceptOp(","));
      LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
      copy->Add(std::move(files));
    } else {
      return copy;
    }
  }
}

Result<AstPtr> Parser::ParseOptimize() {
  AstPtr optimize = Node(NodeKind::kOptimize);
  Next();
  LAKEML_ASSIGN_OR_RETURN(optimize->names, ParseQualifiedName());
  if (IsKw("WHERE")) {
    LAKEML_ASSIGN_OR_RETURN(AstPtr where, ParseWhereClause());
    optimize->Add(std::move(where));
  }
  if (AcceptKws({"ZORDER", "BY"})) {
    AstPtr zorder = Node(NodeKind::kClause);
    zorder->op = "ZORDER BY";
    bool parenthesized = AcceptOp("(");
    LAKEML_ASSIGN_OR_RETURN(zorder->children, ParseExprList());
    if (parenthesized) LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
    optimize->Add(std::move(zorder));
  }
  return optimize;
}

Result<AstPtr> Parser::ParseVacuum() {
  AstPtr vacuum = Node(NodeKind::kVacuum);
  Next();
  if (Peek().type == TokenType::kString) {
    LAKEML_ASSIGN_OR_RETURN(vacuum->text, ParseStringLiteral());
  } else {
    LAKEML_ASSIGN_OR_RETURN(vacuum->names, ParseQualifiedName());
  }
  if (AcceptKw("RETAIN")) {
    LAKEML_ASSIGN_OR_RETURN(AstPtr hours, ParseUnary());
    LAKEML_RETURN_IF_ERROR(ExpectKw("HOURS"));
    vacuum->Add(std::move(hours));
  }
  if (AcceptKws({"DRY", "RUN"})) vacuum->flags |= AstNode::kFlagDryRun;
  return vacuum;
}

Result<AstPtr> Parser::ParseRestore() {
  AstPtr restore = Node(NodeKind::kRestore);
  Next();
  AcceptKw("TABLE");
  LAKEML_ASSIGN_OR_RETURN(restore->names, ParseQualifiedName());
  AcceptKw("TO");
  if (!IsKw("VERSION") && !IsKw("TIMESTAMP")) return Error();
  LAKEML_ASSIGN_OR_RETURN(AstPtr travel, ParseTimeTravel());
  restore->Add(std::move(travel));
  return restore;
}

}  // namespace lakeml::sql
