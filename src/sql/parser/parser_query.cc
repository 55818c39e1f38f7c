// Parser: queries (WITH, set operations, SELECT, VALUES, ORDER BY, LIMIT) and relations (tables,
// table functions, subqueries, joins, PIVOT, UNPIVOT, LATERAL VIEW).
#include "sql/parser/keyword_table.h"
#include "sql/parser/parser.h"

namespace lakeml::sql {

bool Parser::StartsQuery(size_t k) const {
  // Leading parentheses may open a parenthesized query.
  while (IsOp("(", k)) ++k;
  return IsKw("SELECT", k) || IsKw("WITH", k) || IsKw("VALUES", k);
}

Result<AstPtr> Parser::ParseQuery() {
  DepthScope depth(this);
  LAKEML_RETURN_IF_ERROR(depth.Push());
  AstPtr query = Node(NodeKind::kQuery);
  AstPtr with;
  if (IsKw("WITH")) {
    LAKEML_ASSIGN_OR_RETURN(with, ParseWith());
  }
  LAKEML_ASSIGN_OR_RETURN(AstPtr body, ParseSetOperation(0));
  AstPtr order_by, limit, offset;
  if (AcceptKws({"ORDER", "BY"})) {
    LAKEML_ASSIGN_OR_RETURN(order_by, ParseOrderByList());
  }
  if (AcceptKw("LIMIT")) {
    if (AcceptKw("ALL")) {
      query->flags |= AstNode::kFlagLimitAll;
    } else {
      LAKEML_ASSIGN_OR_RETURN(limit, ParseExpr());
    }
  }
  if (AcceptKw("OFFSET")) {
    LAKEML_ASSIGN_OR_RETURN(offset, ParseExpr());
  }
  query->Add(std::move(with));
  query->Add(std::move(body));
  query->Add(std::move(order_by));
  query->Add(std::move(limit));
  query->Add(std::move(offset));
  return query;
}

Result<AstPtr> Parser::ParseWith() {
  AstPtr with = Node(NodeKind::kWith);
  Next();
  if (AcceptKw("RECURSIVE")) with->flags |= AstNode::kFlagRecursive;
  do {
    AstPtr cte = Node(NodeKind::kCte);
    LAKEML_ASSIGN_OR_RETURN(cte->text, ParseIdentifier());
    if (IsOp("(")) {
      LAKEML_ASSIGN_OR_RETURN(cte->alias_columns, ParseIdentifierList());
    }
    AcceptKw("AS");
    LAKEML_RETURN_IF_ERROR(ExpectOp("("));
    LAKEML_ASSIGN_OR_RETURN(AstPtr query, ParseQuery());
    LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
    cte->Add(std::move(query));
    with->Add(std::move(cte));
  } while (AcceptOp(","));
  return with;
}

Result<AstPtr> Parser::ParseSetOperation(int min_precedence) {
  DepthScope depth(this);
  LAKEML_ASSIGN_OR_RETURN(AstPtr left, ParseQueryPrimary());
  while (true) {
    int precedence = 0;
    std::string op;
    if (IsKw("UNION")) {
      precedence = 1, op = "UNION";
    } else if (IsKw("EXCEPT") || IsKw("MINUS")) {
      precedence = 1, op = "EXCEPT";
    } else if (IsKw("INTERSECT")) {
      precedence = 2, op = "INTERSECT";
    }
    if (precedence == 0 || precedence < min_precedence) break;
    LAKEML_RETURN_IF_ERROR(depth.Push());
    AstPtr node = Node(NodeKind::kSetOperation);
    Next();
    node->op = op;
    if (AcceptKw("ALL")) {
      node->text = "ALL";
    } else if (AcceptKw("DISTINCT")) {
      node->text = "DISTINCT";
    }
    LAKEML_ASSIGN_OR_RETURN(AstPtr right, ParseSetOperation(precedence + 1));
    node->pos = left->pos;
    node->Add(std::move(left));
    node->Add(std::move(right));
    left = std::move(node);
  }
  return left;
}

Result<AstPtr> Parser::ParseQueryPrimary() {
  if (IsKw("SELECT")) return ParseSelect();
  if (IsKw("VALUES")) return ParseValues();
  if (IsOp("(") && StartsQuery(1)) {
    Next();
    LAKEML_ASSIGN_OR_RETURN(AstPtr query, ParseQuery());
    LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
    // Parentheses around a bare query body are only grouping: keep the body itself, so that
    // the printer's parentheses round-trip to the same tree.
    bool bare = query->children[0] == nullptr && query->children[2] == nullptr &&
                query->children[3] == nullptr && query->children[4] == nullptr &&
                !query->Has(AstNode::kFlagLimitAll);
    if (bare) return std::move(query->children[1]);
    return query;
  }
  return Error();
}

Result<AstPtr> Parser::ParseSelect() {
  AstPtr select = Node(NodeKind::kSelect);
  Next();
  if (AcceptKw("DISTINCT")) {
    select->flags |= AstNode::kFlagDistinct;
  } else {
    AcceptKw("ALL");
  }
  AstPtr items = Node(NodeKind::kList);
  do {
    LAKEML_ASSIGN_OR_RETURN(AstPtr item, ParseSelectItem());
    items->Add(std::move(item));
  } while (AcceptOp(","));
  select->Add(std::move(items));
  AstPtr from, lateral_views, where, group_by, having, qualify, windows;
  if (AcceptKw("FROM")) {
    from = Node(NodeKind::kList);
    do {
      LAKEML_ASSIGN_OR_RETURN(AstPtr relation, ParseRelation());
      from->Add(std::move(relation));
    } while (AcceptOp(","));
    while (IsKws({"LATERAL", "VIEW"})) {
      if (lateral_views == nullptr) lateral_views = Node(NodeKind::kList);
      LAKEML_ASSIGN_OR_RETURN(AstPtr view, ParseLateralView());
      lateral_views->Add(std::move(view));
    }
  }
  if (AcceptKw("WHERE")) {
    LAKEML_ASSIGN_OR_RETURN(where, ParseExpr());
  }
  if (IsKws({"GROUP", "BY"})) {
    LAKEML_ASSIGN_OR_RETURN(group_by, ParseGroupBy());
  }
  if (AcceptKw("HAVING")) {
    LAKEML_ASSIGN_OR_RETURN(having, ParseExpr());
  }
  for (int i = 0; i < 2; ++i) {
    if (qualify == nullptr && AcceptKw("QUALIFY")) {
      LAKEML_ASSIGN_OR_RETURN(qualify, ParseExpr());
    }
    if (windows == nullptr && AcceptKw("WINDOW")) {
      windows = Node(NodeKind::kList);
      do {
        AstPtr named = Node(NodeKind::kNamedWindow);
        LAKEML_ASSIGN_OR_RETURN(named->text, ParseIdentifier());
        LAKEML_RETURN_IF_ERROR(ExpectKw("AS"));
        LAKEML_ASSIGN_OR_RETURN(AstPtr spec, ParseWindowSpec());
        named->Add(std::move(spec));
        windows->Add(std::move(named));
      } while (AcceptOp(","));
    }
  }
  select->Add(std::move(from));
  select->Add(std::move(lateral_views));
  select->Add(std::move(where));
  select->Add(std::move(group_by));
  select->Add(std::move(having));
  select->Add(std::move(qualify));
  select->Add(std::move(windows));
  return select;
}

Result<AstPtr> Parser::ParseSelectItem() {
  AstPtr item = Node(NodeKind::kSelectItem);
  LAKEML_ASSIGN_OR_RETURN(AstPtr expr, ParseExpr());
  if (expr->kind == NodeKind::kStar && IsKw("EXCEPT") && IsOp("(", 1) && !StartsQuery(1)) {
    Next();
    LAKEML_ASSIGN_OR_RETURN(std::vector<std::string> columns, ParseIdentifierList());
    for (std::string& column : columns) {
      AstPtr ref = Node(NodeKind::kColumnRef);
      ref->names.push_back(std::move(column));
      expr->Add(std::move(ref));
    }
  }
  item->Add(std::move(expr));
  if (AcceptKw("AS")) {
    if (IsOp("(")) {
      LAKEML_ASSIGN_OR_RETURN(item->alias_columns, ParseIdentifierList());
      return item;
    }
    LAKEML_ASSIGN_OR_RETURN(item->text, ParseIdentifier());
    item->flags |= AstNode::kFlagHasAlias;
  } else if (Peek().type == TokenType::kQuotedIdentifier ||
             (Peek().type == TokenType::kIdentifier &&
              !KeywordTable::IsReservedColumnAlias(Peek().text))) {
    item->text = Next().text;
    item->flags |= AstNode::kFlagHasAlias;
  }
  return item;
}

Result<AstPtr> Parser::ParseValues() {
  AstPtr values = Node(NodeKind::kValues);
  Next();
  do {
    AstPtr row = Node(NodeKind::kRow);
    if (AcceptOp("(")) {
      LAKEML_ASSIGN_OR_RETURN(row->children, ParseExprList());
      LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
    } else {
      LAKEML_ASSIGN_OR_RETURN(AstPtr value, ParseExpr());
      row->Add(std::move(value));
    }
    values->Add(std::move(row));
  } while (AcceptOp(","));
  return values;
}

Result<AstPtr> Parser::ParseGroupBy() {
  AstPtr group_by = Node(NodeKind::kGroupBy);
  Next();
  Next();
  if (AcceptKw("ALL")) {
    group_by->flags |= AstNode::kFlagAll;
    return group_by;
  }
  do {
    std::string op;
    if ((IsKw("ROLLUP") || IsKw("CUBE")) && IsOp("(", 1)) {
      op = Peek().IsKeyword("ROLLUP") ? "ROLLUP" : "CUBE";
    } else if (IsKws({"GROUPING", "SETS"})) {
      Next();
      op = "GROUPING SETS";
    }
    if (op.empty()) {
      LAKEML_ASSIGN_OR_RETURN(AstPtr expr, ParseExpr());
      group_by->Add(std::move(expr));
      continue;
    }
    AstPtr set = Node(NodeKind::kGroupingSet);
    set->op = op;
    Next();
    LAKEML_RETURN_IF_ERROR(ExpectOp("("));
    do {
      if (op == "GROUPING SETS" && IsOp("(") && IsOp(")", 1)) {
        set->Add(Node(NodeKind::kGroupingSet));
        Next();
        Next();
        continue;
      }
      LAKEML_ASSIGN_OR_RETURN(AstPtr expr, ParseExpr());
      set->Add(std::move(expr));
    } while (AcceptOp(","));
    LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
    group_by->Add(std::move(set));
  } while (AcceptOp(","));
  if (IsKws({"WITH", "ROLLUP"}) || IsKws({"WITH", "CUBE"})) {
    // GROUP BY a, b WITH ROLLUP is ROLLUP (a, b).
    Next();
    AstPtr set = Node(NodeKind::kGroupingSet);
    set->op = Next().IsKeyword("ROLLUP") ? "ROLLUP" : "CUBE";
    set->children = std::move(group_by->children);
    group_by->children.clear();
    group_by->Add(std::move(set));
  }
  return group_by;
}

Result<AstPtr> Parser::ParseOrderByList() {
  AstPtr list = Node(NodeKind::kOrderBy);
  do {
    LAKEML_ASSIGN_OR_RETURN(AstPtr item, ParseSortItem());
    list->Add(std::move(item));
  } while (AcceptOp(","));
  return list;
}

Result<AstPtr> Parser::ParseSortItem() {
  AstPtr item = Node(NodeKind::kSortItem);
  LAKEML_ASSIGN_OR_RETURN(AstPtr expr, ParseExpr());
  item->Add(std::move(expr));
  if (AcceptKw("ASC")) {
    item->op = "ASC";
  } else if (AcceptKw("DESC")) {
    item->op = "DESC";
  }
  if (AcceptKw("NULLS")) {
    if (AcceptKw("FIRST")) {
      item->text = "FIRST";
    } else if (AcceptKw("LAST")) {
      item->text = "LAST";
    } else {
      return Error();
    }
  }
  return item;
}

}  // namespace lakeml::sql
