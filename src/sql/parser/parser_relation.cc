// Parser: relations in FROM (tables with time travel, table-valued functions, subqueries,
// VALUES, joins, PIVOT, UNPIVOT) and LATERAL VIEW.
#include "sql/parser/keyword_table.h"
#include "sql/parser/parser.h"

namespace lakeml::sql {

Result<AstPtr> Parser::ParseRelation() {
  DepthScope depth(this);
  LAKEML_RETURN_IF_ERROR(depth.Push());
  LAKEML_ASSIGN_OR_RETURN(AstPtr left, ParseRelationPrimary());
  while (true) {
    size_t save = pos_;
    bool natural = AcceptKw("NATURAL");
    std::string type;
    if (AcceptKw("JOIN")) {
      type = "INNER";
    } else if (AcceptKws({"INNER", "JOIN"})) {
      type = "INNER";
    } else if (AcceptKws({"CROSS", "JOIN"})) {
      type = "CROSS";
    } else if (AcceptKws({"LEFT", "OUTER", "JOIN"}) || AcceptKws({"LEFT", "JOIN"})) {
      type = "LEFT OUTER";
    } else if (AcceptKws({"LEFT", "SEMI", "JOIN"}) || AcceptKws({"SEMI", "JOIN"})) {
      type = "LEFT SEMI";
    } else if (AcceptKws({"LEFT", "ANTI", "JOIN"}) || AcceptKws({"ANTI", "JOIN"})) {
      type = "LEFT ANTI";
    } else if (AcceptKws({"RIGHT", "OUTER", "JOIN"}) || AcceptKws({"RIGHT", "JOIN"})) {
      type = "RIGHT OUTER";
    } else if (AcceptKws({"FULL", "OUTER", "JOIN"}) || AcceptKws({"FULL", "JOIN"})) {
      type = "FULL OUTER";
    }
    if (type.empty()) {
      pos_ = save;
      break;
    }
    LAKEML_RETURN_IF_ERROR(depth.Push());
    AstPtr join = std::make_unique<AstNode>(NodeKind::kJoin, left->pos);
    join->op = type;
    if (natural) join->flags |= AstNode::kFlagNatural;
    LAKEML_ASSIGN_OR_RETURN(AstPtr right, ParseRelationPrimary());
    join->Add(std::move(left));
    join->Add(std::move(right));
    if (!natural && AcceptKw("ON")) {
      AstPtr on = Node(NodeKind::kJoinOn);
      LAKEML_ASSIGN_OR_RETURN(AstPtr condition, ParseExpr());
      on->Add(std::move(condition));
      join->Add(std::move(on));
    } else if (!natural && IsKw("USING")) {
      AstPtr using_node = Node(NodeKind::kJoinUsing);
      Next();
      LAKEML_ASSIGN_OR_RETURN(using_node->names, ParseIdentifierList());
      join->Add(std::move(using_node));
    }
    left = std::move(join);
  }
  return left;
}

Result<AstPtr> Parser::ParseRelationPrimary() {
  DepthScope depth(this);
  LAKEML_RETURN_IF_ERROR(depth.Push());
  AstPtr relation;
  if (IsKw("LATERAL") && IsOp("(", 1)) {
    Next();
    relation = Node(NodeKind::kSubqueryRelation);
    relation->flags |= AstNode::kFlagLateral;
    Next();
    LAKEML_ASSIGN_OR_RETURN(AstPtr query, ParseQuery());
    LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
    relation->Add(std::move(query));
  } else if (IsOp("(") && StartsQuery(1)) {
    relation = Node(NodeKind::kSubqueryRelation);
    Next();
    LAKEML_ASSIGN_OR_RETURN(AstPtr query, ParseQuery());
    LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
    relation->Add(std::move(query));
  } else if (AcceptOp("(")) {
    // A parenthesized join tree; the parentheses only group.
    LAKEML_ASSIGN_OR_RETURN(relation, ParseRelation());
    LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
  } else if (IsKw("VALUES")) {
    LAKEML_ASSIGN_OR_RETURN(relation, ParseValues());
  } else if ((IsIdentifier() && IsOp("(", 1)) ||
             (IsIdentifier() && IsOp(".", 1) && IsIdentifier(2) && IsOp("(", 3))) {
    relation = Node(NodeKind::kTableFunction);
    LAKEML_ASSIGN_OR_RETURN(relation->names, ParseQualifiedName());
    Next();
    if (!IsOp(")")) {
      do {
        LAKEML_ASSIGN_OR_RETURN(AstPtr arg, ParseFunctionArgument());
        relation->Add(std::move(arg));
      } while (AcceptOp(","));
    }
    LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
  } else {
    LAKEML_ASSIGN_OR_RETURN(relation, ParseTableName());
  }
  LAKEML_RETURN_IF_ERROR(ParseRelationAlias(relation.get()));
  return ParseRelationSuffixes(std::move(relation));
}

Result<AstPtr> Parser::ParseTableName() {
  AstPtr table = Node(NodeKind::kTableName);
  LAKEML_ASSIGN_OR_RETURN(table->names, ParseQualifiedName());
  if (IsOp("@") && Peek(1).type == TokenType::kIdentifier && Peek(1).text.size() > 1 &&
      (Peek(1).text[0] == 'v' || Peek(1).text[0] == 'V') &&
      Peek(1).text.find_first_not_of("0123456789", 1) == std::string::npos) {
    // t@v123 is t VERSION AS OF 123.
    Next();
    AstPtr travel = Node(NodeKind::kTimeTravel);
    travel->op = "VERSION";
    AstPtr version = Node(NodeKind::kLiteral);
    version->op = "NUMBER";
    version->text = Next().text.substr(1);
    travel->Add(std::move(version));
    table->Add(std::move(travel));
  } else if ((IsKw("VERSION") || IsKw("TIMESTAMP")) && IsKw("AS", 1) && IsKw("OF", 2)) {
    LAKEML_ASSIGN_OR_RETURN(AstPtr travel, ParseTimeTravel());
    table->Add(std::move(travel));
  } else if (IsKw("FOR") && (IsKw("SYSTEM_VERSION", 1) || IsKw("SYSTEM_TIME", 1))) {
    Next();
    bool version = Next().IsKeyword("SYSTEM_VERSION");
    AstPtr travel = Node(NodeKind::kTimeTravel);
    travel->op = version ? "VERSION" : "TIMESTAMP";
    LAKEML_RETURN_IF_ERROR(ExpectKw("AS"));
    LAKEML_RETURN_IF_ERROR(ExpectKw("OF"));
    LAKEML_ASSIGN_OR_RETURN(AstPtr at, ParseBinary(0));
    travel->Add(std::move(at));
    table->Add(std::move(travel));
  }
  return table;
}

Result<AstPtr> Parser::ParseTimeTravel() {
  AstPtr travel = Node(NodeKind::kTimeTravel);
  travel->op = Next().IsKeyword("VERSION") ? "VERSION" : "TIMESTAMP";
  LAKEML_RETURN_IF_ERROR(ExpectKw("AS"));
  LAKEML_RETURN_IF_ERROR(ExpectKw("OF"));
  LAKEML_ASSIGN_OR_RETURN(AstPtr at, ParseBinary(0));
  travel->Add(std::move(at));
  return travel;
}

Status Parser::ParseRelationAlias(AstNode* relation) {
  bool as = AcceptKw("AS");
  const Token& t = Peek();
  bool word = t.type == TokenType::kIdentifier && !KeywordTable::IsReservedTableAlias(t.text) &&
              (as || !KeywordTable::IsReservedColumnAlias(t.text));
  if (t.type == TokenType::kQuotedIdentifier || word) {
    relation->alias = Next().text;
    if (IsOp("(") && IsIdentifier(1)) {
      LAKEML_ASSIGN_OR_RETURN(relation->alias_columns, ParseIdentifierList());
    }
  } else if (as) {
    return Error();
  }
  return Status::OK();
}

Result<AstPtr> Parser::ParseRelationSuffixes(AstPtr relation) {
  DepthScope depth(this);
  while (true) {
    if (IsKw("PIVOT") && IsOp("(", 1)) {
      LAKEML_RETURN_IF_ERROR(depth.Push());
      LAKEML_ASSIGN_OR_RETURN(relation, ParsePivot(std::move(relation)));
    } else if (IsKw("UNPIVOT") && (IsOp("(", 1) || IsKw("INCLUDE", 1) || IsKw("EXCLUDE", 1))) {
      LAKEML_RETURN_IF_ERROR(depth.Push());
      LAKEML_ASSIGN_OR_RETURN(relation, ParseUnpivot(std::move(relation)));
    } else {
      return relation;
    }
    LAKEML_RETURN_IF_ERROR(ParseRelationAlias(relation.get()));
  }
}

Result<AstPtr> Parser::ParsePivot(AstPtr source) {
  AstPtr pivot = Node(NodeKind::kPivot);
  Next();
  Next();
  LAKEML_ASSIGN_OR_RETURN(AstPtr aggregates, ParseNamedExprList(NodeKind::kList));
  LAKEML_RETURN_IF_ERROR(ExpectKw("FOR"));
  AstPtr columns = Node(NodeKind::kList);
  if (AcceptOp("(")) {
    LAKEML_ASSIGN_OR_RETURN(columns->children, ParseExprList());
    LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
  } else {
    LAKEML_ASSIGN_OR_RETURN(AstPtr column, ParsePostfix());
    columns->Add(std::move(column));
  }
  LAKEML_RETURN_IF_ERROR(ExpectKw("IN"));
  LAKEML_RETURN_IF_ERROR(ExpectOp("("));
  LAKEML_ASSIGN_OR_RETURN(AstPtr values, ParseNamedExprList(NodeKind::kList));
  LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
  LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
  pivot->Add(std::move(source));
  pivot->Add(std::move(aggregates));
  pivot->Add(std::move(columns));
  pivot->Add(std::move(values));
  return pivot;
}

Result<AstPtr> Parser::ParseUnpivot(AstPtr source) {
  AstPtr unpivot = Node(NodeKind::kUnpivot);
  Next();
  if (AcceptKws({"INCLUDE", "NULLS"})) {
    unpivot->op = "INCLUDE";
  } else if (AcceptKws({"EXCLUDE", "NULLS"})) {
    unpivot->op = "EXCLUDE";
  }
  LAKEML_RETURN_IF_ERROR(ExpectOp("("));
  // One value column, or a parenthesized list of them (the multi-column form).
  if (AcceptOp("(")) {
    unpivot->flags |= AstNode::kFlagUnpivotMulti;
    do {
      LAKEML_ASSIGN_OR_RETURN(std::string value_column, ParseIdentifier());
      unpivot->names.push_back(std::move(value_column));
    } while (AcceptOp(","));
    LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
  } else {
    LAKEML_ASSIGN_OR_RETURN(std::string value_column, ParseIdentifier());
    unpivot->names.push_back(std::move(value_column));
  }
  LAKEML_RETURN_IF_ERROR(ExpectKw("FOR"));
  LAKEML_ASSIGN_OR_RETURN(std::string name_column, ParseIdentifier());
  unpivot->names.push_back(std::move(name_column));
  LAKEML_RETURN_IF_ERROR(ExpectKw("IN"));
  LAKEML_RETURN_IF_ERROR(ExpectOp("("));
  LAKEML_ASSIGN_OR_RETURN(AstPtr columns, ParseNamedExprList(NodeKind::kList));
  LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
  LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
  unpivot->Add(std::move(source));
  unpivot->Add(std::move(columns));
  return unpivot;
}

Result<AstPtr> Parser::ParseLateralView() {
  AstPtr view = Node(NodeKind::kLateralView);
  Next();
  Next();
  if (AcceptKw("OUTER")) view->flags |= AstNode::kFlagOuter;
  LAKEML_ASSIGN_OR_RETURN(std::vector<std::string> name, ParseQualifiedName());
  if (!IsOp("(")) return Error();
  LAKEML_ASSIGN_OR_RETURN(AstPtr function, ParseFunction(std::move(name)));
  view->Add(std::move(function));
  LAKEML_ASSIGN_OR_RETURN(view->text, ParseIdentifier());
  if (AcceptKw("AS") || (IsIdentifier() && !KeywordTable::IsReservedColumnAlias(Peek().text))) {
    do {
      LAKEML_ASSIGN_OR_RETURN(std::string column, ParseIdentifier());
      view->alias_columns.push_back(std::move(column));
    } while (AcceptOp(","));
  }
  return view;
}

}  // namespace lakeml::sql
