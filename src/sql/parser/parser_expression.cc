// Parser: expression operators with Spark's precedence, loosest first: OR, AND, NOT,
// predicates (IS, BETWEEN, IN, LIKE), comparison, |, ^, &, shifts, + - ||, * / % DIV,
// unary - + ~, then postfix . [] :: on primaries.
#include "sql/parser/keyword_table.h"
#include "sql/parser/parser.h"

namespace lakeml::sql {
namespace {

// Binding power of a binary operator token; 0 when the token is not one.
int BinaryPrecedence(const Token& t, std::string* op) {
  if (t.type == TokenType::kIdentifier && t.IsKeyword("DIV")) {
    *op = "DIV";
    return 7;
  }
  if (t.type != TokenType::kOperator) return 0;
  static constexpr std::pair<std::string_view, int> kTable[] = {
      {"=", 1},   {"==", 1},  {"<>", 1}, {"!=", 1}, {"<", 1}, {"<=", 1}, {">", 1},
      {">=", 1},  {"<=>", 1}, {"|", 2},  {"^", 3},  {"&", 4}, {"<<", 5}, {">>", 5},
      {">>>", 5}, {"+", 6},   {"-", 6},  {"||", 6}, {"*", 7}, {"/", 7},  {"%", 7}};
  for (const auto& entry : kTable) {
    if (t.text == entry.first) {
      *op = std::string(entry.first);
      return entry.second;
    }
  }
  return 0;
}

}  // namespace

Result<AstPtr> Parser::ParseExpr() {
  DepthScope depth(this);
  LAKEML_RETURN_IF_ERROR(depth.Push());
  if (StartsLambda()) {
    AstPtr lambda = Node(NodeKind::kLambda);
    if (AcceptOp("(")) {
      do {
        LAKEML_ASSIGN_OR_RETURN(std::string param, ParseIdentifier());
        lambda->names.push_back(std::move(param));
      } while (AcceptOp(","));
      LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
    } else {
      lambda->names.push_back(Next().text);
    }
    LAKEML_RETURN_IF_ERROR(ExpectOp("->"));
    const size_t outer_params = lambda_params_.size();
    lambda_params_.insert(lambda_params_.end(), lambda->names.begin(), lambda->names.end());
    Result<AstPtr> body = ParseExpr();
    lambda_params_.resize(outer_params);
    if (!body.ok()) return body.status();
    lambda->Add(std::move(body).value());
    return lambda;
  }
  return ParseOr();
}

Result<AstPtr> Parser::ParseOr() {
  DepthScope depth(this);
  LAKEML_ASSIGN_OR_RETURN(AstPtr left, ParseAnd());
  while (IsKw("OR")) {
    LAKEML_RETURN_IF_ERROR(depth.Push());
    AstPtr node = std::make_unique<AstNode>(NodeKind::kBinary, left->pos);
    Next();
    node->op = "OR";
    LAKEML_ASSIGN_OR_RETURN(AstPtr right, ParseAnd());
    node->Add(std::move(left));
    node->Add(std::move(right));
    left = std::move(node);
  }
  return left;
}

Result<AstPtr> Parser::ParseAnd() {
  DepthScope depth(this);
  LAKEML_ASSIGN_OR_RETURN(AstPtr left, ParseNot());
  while (IsKw("AND")) {
    LAKEML_RETURN_IF_ERROR(depth.Push());
    AstPtr node = std::make_unique<AstNode>(NodeKind::kBinary, left->pos);
    Next();
    node->op = "AND";
    LAKEML_ASSIGN_OR_RETURN(AstPtr right, ParseNot());
    node->Add(std::move(left));
    node->Add(std::move(right));
    left = std::move(node);
  }
  return left;
}

Result<AstPtr> Parser::ParseNot() {
  if (IsKw("NOT") || IsOp("!")) {
    DepthScope depth(this);
    LAKEML_RETURN_IF_ERROR(depth.Push());
    AstPtr node = Node(NodeKind::kUnary);
    Next();
    node->op = "NOT";
    LAKEML_ASSIGN_OR_RETURN(AstPtr operand, ParseNot());
    node->Add(std::move(operand));
    return node;
  }
  return ParsePredicate();
}

Result<AstPtr> Parser::ParsePredicate() {
  DepthScope depth(this);
  LAKEML_ASSIGN_OR_RETURN(AstPtr value, ParseBinary(0));
  while (true) {
    size_t save = pos_;
    bool negated = AcceptKw("NOT");
    AstPtr node;
    if (IsKw("BETWEEN")) {
      node = std::make_unique<AstNode>(NodeKind::kBetween, value->pos);
      Next();
      LAKEML_ASSIGN_OR_RETURN(AstPtr low, ParseBinary(0));
      LAKEML_RETURN_IF_ERROR(ExpectKw("AND"));
      LAKEML_ASSIGN_OR_RETURN(AstPtr high, ParseBinary(0));
      node->Add(std::move(value));
      node->Add(std::move(low));
      node->Add(std::move(high));
    } else if (IsKw("IN") && IsOp("(", 1)) {
      node = std::make_unique<AstNode>(NodeKind::kIn, value->pos);
      Next();
      node->Add(std::move(value));
      if (StartsQuery(1) && !IsOp("(", 1)) {
        Next();
        LAKEML_ASSIGN_OR_RETURN(AstPtr query, ParseQuery());
        node->Add(std::move(query));
      } else {
        Next();
        LAKEML_ASSIGN_OR_RETURN(std::vector<AstPtr> list, ParseExprList());
        for (AstPtr& item : list) node->Add(std::move(item));
      }
      LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
    } else if (IsKw("LIKE") || IsKw("ILIKE") || IsKw("RLIKE") || IsKw("REGEXP")) {
      node = std::make_unique<AstNode>(NodeKind::kLike, value->pos);
      node->op = Next().text;
      for (char& c : node->op) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
      node->Add(std::move(value));
      if ((IsKw("ANY") || IsKw("SOME") || IsKw("ALL")) && IsOp("(", 1)) {
        node->text = Next().IsKeyword("ALL") ? "ALL" : "ANY";
        Next();
        LAKEML_ASSIGN_OR_RETURN(std::vector<AstPtr> patterns, ParseExprList());
        for (AstPtr& p : patterns) node->Add(std::move(p));
        LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
      } else {
        LAKEML_ASSIGN_OR_RETURN(AstPtr pattern, ParseBinary(0));
        node->Add(std::move(pattern));
      }
      if (AcceptKw("ESCAPE")) {
        LAKEML_ASSIGN_OR_RETURN(std::string escape, ParseStringLiteral());
        node->names.push_back(std::move(escape));
      }
    } else if (!negated && IsKw("IS")) {
      node = std::make_unique<AstNode>(NodeKind::kIs, value->pos);
      Next();
      negated = AcceptKw("NOT");
      node->Add(std::move(value));
      if (AcceptKw("NULL")) {
        node->op = "NULL";
      } else if (AcceptKw("TRUE")) {
        node->op = "TRUE";
      } else if (AcceptKw("FALSE")) {
        node->op = "FALSE";
      } else if (AcceptKw("UNKNOWN")) {
        node->op = "UNKNOWN";
      } else if (AcceptKws({"DISTINCT", "FROM"})) {
        node->op = "DISTINCT FROM";
        LAKEML_ASSIGN_OR_RETURN(AstPtr other, ParseBinary(0));
        node->Add(std::move(other));
      } else {
        return Error();
      }
    } else {
      pos_ = save;
      return value;
    }
    LAKEML_RETURN_IF_ERROR(depth.Push());
    if (negated) node->flags |= AstNode::kFlagNegated;
    value = std::move(node);
  }
}

Result<AstPtr> Parser::ParseBinary(int min_precedence) {
  DepthScope depth(this);
  LAKEML_RETURN_IF_ERROR(depth.Push());
  LAKEML_ASSIGN_OR_RETURN(AstPtr left, ParseUnary());
  while (true) {
    std::string op;
    int precedence = BinaryPrecedence(Peek(), &op);
    if (precedence == 0 || precedence < min_precedence) return left;
    LAKEML_RETURN_IF_ERROR(depth.Push());
    AstPtr node = std::make_unique<AstNode>(NodeKind::kBinary, left->pos);
    Next();
    node->op = op;
    LAKEML_ASSIGN_OR_RETURN(AstPtr right, ParseBinary(precedence + 1));
    node->Add(std::move(left));
    node->Add(std::move(right));
    left = std::move(node);
  }
}

Result<AstPtr> Parser::ParseUnary() {
  if (IsOp("-") || IsOp("+") || IsOp("~")) {
    DepthScope depth(this);
    LAKEML_RETURN_IF_ERROR(depth.Push());
    AstPtr node = Node(NodeKind::kUnary);
    node->op = Next().text;
    LAKEML_ASSIGN_OR_RETURN(AstPtr operand, ParseUnary());
    node->Add(std::move(operand));
    return node;
  }
  return ParsePostfix();
}

Result<AstPtr> Parser::ParsePostfix() {
  DepthScope depth(this);
  LAKEML_ASSIGN_OR_RETURN(AstPtr base, ParsePrimary());
  while (true) {
    if (IsOp(".") && IsOp("*", 1) && base->kind == NodeKind::kColumnRef) {
      Next();
      Next();
      base->kind = NodeKind::kStar;
      continue;
    }
    if (!IsOp(".") && !IsOp("[") && !IsOp("::")) return base;
    LAKEML_RETURN_IF_ERROR(depth.Push());
    if (AcceptOp(".")) {
      LAKEML_ASSIGN_OR_RETURN(std::string field, ParseIdentifier());
      if (base->kind == NodeKind::kColumnRef) {
        base->names.push_back(std::move(field));
        continue;
      }
      AstPtr access = std::make_unique<AstNode>(NodeKind::kFieldAccess, base->pos);
      access->text = std::move(field);
      access->Add(std::move(base));
      base = std::move(access);
    } else if (AcceptOp("[")) {
      AstPtr subscript = std::make_unique<AstNode>(NodeKind::kSubscript, base->pos);
      LAKEML_ASSIGN_OR_RETURN(AstPtr index, ParseExpr());
      LAKEML_RETURN_IF_ERROR(ExpectOp("]"));
      subscript->Add(std::move(base));
      subscript->Add(std::move(index));
      base = std::move(subscript);
    } else {
      Next();
      AstPtr cast = std::make_unique<AstNode>(NodeKind::kCast, base->pos);
      cast->op = "::";
      LAKEML_ASSIGN_OR_RETURN(AstPtr type, ParseType());
      cast->Add(std::move(base));
      cast->Add(std::move(type));
      base = std::move(cast);
    }
  }
}

Result<std::vector<AstPtr>> Parser::ParseExprList() {
  std::vector<AstPtr> list;
  do {
    LAKEML_ASSIGN_OR_RETURN(AstPtr expr, ParseExpr());
    list.push_back(std::move(expr));
  } while (AcceptOp(","));
  return list;
}

Result<AstPtr> Parser::ParseNamedExprList(NodeKind kind) {
  AstPtr list = Node(kind);
  do {
    AstPtr item = Node(NodeKind::kSelectItem);
    LAKEML_ASSIGN_OR_RETURN(AstPtr expr, ParseExpr());
    item->Add(std::move(expr));
    if (AcceptKw("AS") || (Peek().type == TokenType::kQuotedIdentifier) ||
        (Peek().type == TokenType::kIdentifier &&
         !KeywordTable::IsReservedColumnAlias(Peek().text))) {
      LAKEML_ASSIGN_OR_RETURN(item->text, ParseIdentifier());
      item->flags |= AstNode::kFlagHasAlias;
    }
    list->Add(std::move(item));
  } while (AcceptOp(","));
  return list;
}

}  // namespace lakeml::sql
