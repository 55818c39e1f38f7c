// Parser: primary expressions (literals, names, function calls with their FILTER, WITHIN GROUP,
// NULLS and OVER clauses, CASE, CAST, EXISTS, EXTRACT, subqueries), window specifications and
// data types.
#include <strings.h>

#include <algorithm>

#include "sql/parser/keyword_table.h"
#include "sql/parser/parser.h"

namespace lakeml::sql {
namespace {

std::string UpperWord(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return s;
}

}  // namespace

bool Parser::StartsLambda() const {
  if (IsIdentifier() && IsOp("->", 1)) return true;
  if (!IsOp("(")) return false;
  size_t k = 1;
  while (IsIdentifier(k)) {
    if (IsOp(")", k + 1)) return IsOp("->", k + 2);
    if (!IsOp(",", k + 1)) return false;
    k += 2;
  }
  return false;
}

Result<AstPtr> Parser::ParsePrimary() {
  DepthScope depth(this);
  LAKEML_RETURN_IF_ERROR(depth.Push());
  const Token& t = Peek();
  switch (t.type) {
    case TokenType::kNumber:
    case TokenType::kString:
    case TokenType::kBinary:
      return ParseLiteral();
    case TokenType::kNamedParameter:
    case TokenType::kPositionalParameter: {
      AstPtr param = Node(NodeKind::kParameter);
      param->text = Next().text;
      return param;
    }
    case TokenType::kOperator:
      if (t.IsOperator("*")) {
        AstPtr star = Node(NodeKind::kStar);
        Next();
        return star;
      }
      if (t.IsOperator("(")) return ParseParenthesized();
      return Error();
    case TokenType::kEof:
      return Error();
    default:
      break;
  }
  if (t.type == TokenType::kIdentifier) {
    if (t.IsKeyword("NULL") || t.IsKeyword("TRUE") || t.IsKeyword("FALSE")) return ParseLiteral();
    if ((t.IsKeyword("DATE") || t.IsKeyword("TIMESTAMP") || t.IsKeyword("TIMESTAMP_NTZ") ||
         t.IsKeyword("TIMESTAMP_LTZ")) &&
        Peek(1).type == TokenType::kString) {
      return ParseLiteral();
    }
    if (t.IsKeyword("INTERVAL") &&
        (Peek(1).type == TokenType::kString || Peek(1).type == TokenType::kNumber || IsOp("-", 1) ||
         IsOp("+", 1))) {
      return ParseInterval();
    }
    if (t.IsKeyword("CASE")) return ParseCase();
    if ((t.IsKeyword("CAST") || t.IsKeyword("TRY_CAST")) && IsOp("(", 1)) return ParseCast();
    if (t.IsKeyword("EXISTS") && IsOp("(", 1) && StartsQuery(1)) {
      AstPtr exists = Node(NodeKind::kExists);
      Next();
      Next();
      LAKEML_ASSIGN_OR_RETURN(AstPtr query, ParseQuery());
      LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
      exists->Add(std::move(query));
      return exists;
    }
    if (t.IsKeyword("EXTRACT") && IsOp("(", 1)) {
      AstPtr extract = Node(NodeKind::kExtract);
      Next();
      Next();
      LAKEML_ASSIGN_OR_RETURN(std::string field, ParseIdentifier());
      extract->text = UpperWord(field);
      LAKEML_RETURN_IF_ERROR(ExpectKw("FROM"));
      LAKEML_ASSIGN_OR_RETURN(AstPtr source, ParseExpr());
      LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
      extract->Add(std::move(source));
      return extract;
    }
  }
  // A word that continues the statement (FROM, WHERE, JOIN, ...) is no column name on its own:
  // "SELECT a, FROM t" is a syntax error at FROM, as in Spark.
  if (t.type == TokenType::kIdentifier && KeywordTable::IsReservedColumnAlias(t.text) &&
      !IsOp(".", 1) && !IsOp("(", 1) &&
      std::none_of(lambda_params_.begin(), lambda_params_.end(), [&](const std::string& p) {
        return p.size() == t.text.size() && strncasecmp(p.c_str(), t.text.c_str(), p.size()) == 0;
      })) {
    return Error();
  }
  if (t.IsKeyword("TRIM") && IsOp("(", 1)) {  // sql-syntax
    LAKEML_ASSIGN_OR_RETURN(AstPtr trim, ParseTrim());
    if (trim != nullptr) return trim;
  }
  if ((t.IsKeyword("POSITION") || t.IsKeyword("SUBSTRING") || t.IsKeyword("SUBSTR")) &&
      IsOp("(", 1)) {
    LAKEML_ASSIGN_OR_RETURN(AstPtr special, ParseSpecialFunction());
    if (special != nullptr) return special;
  }
  AstPtr ref = Node(NodeKind::kColumnRef);
  LAKEML_ASSIGN_OR_RETURN(ref->names, ParseQualifiedName());
  if (IsOp("(")) return ParseFunction(std::move(ref->names));
  return ref;
}

Result<AstPtr> Parser::ParseSpecialFunction() {
  // position(sub IN str) and substring(str FROM pos [FOR len]) become the plain calls
  // position(sub, str) and substring(str, pos[, len]), which Spark also accepts. Returns null
  // (consuming nothing) for the plain call syntax.
  size_t save = pos_;
  int saved_depth = depth_;
  AstPtr call = Node(NodeKind::kFunction);
  bool position = Peek().IsKeyword("POSITION");
  call->names.push_back(Next().text);
  Next();
  auto first = position ? ParseBinary(0) : ParseExpr();
  if (!first.ok() || !(position ? IsKw("IN") : IsKw("FROM"))) {
    pos_ = save;
    depth_ = saved_depth;
    return AstPtr();
  }
  Next();
  call->Add(std::move(first).value());
  LAKEML_ASSIGN_OR_RETURN(AstPtr second, ParseExpr());
  call->Add(std::move(second));
  if (!position && AcceptKw("FOR")) {
    LAKEML_ASSIGN_OR_RETURN(AstPtr length, ParseExpr());
    call->Add(std::move(length));
  }
  LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
  return call;
}

Result<AstPtr> Parser::ParseTrim() {
  // TRIM([BOTH | LEADING | TRAILING] [chars] FROM str) becomes trim(str), btrim(str, chars),
  // ltrim(str[, chars]) or rtrim(str[, chars]). Returns null (consuming nothing) for the plain
  // call syntax trim(str[, chars]).
  const size_t save = pos_;
  const int saved_depth = depth_;
  AstPtr call = Node(NodeKind::kFunction);
  Next();
  Next();
  std::string name = "trim";
  bool side = false;
  if (IsKw("BOTH") || IsKw("LEADING") || IsKw("TRAILING")) {
    if (IsKw("LEADING")) name = "ltrim";
    if (IsKw("TRAILING")) name = "rtrim";
    side = true;
    Next();
  }
  AstPtr chars;
  if (!IsKw("FROM")) {
    auto first = ParseExpr();
    if (!first.ok() || !IsKw("FROM")) {
      if (side && !first.ok()) return first.status();
      if (side) return Error();
      pos_ = save;
      depth_ = saved_depth;
      return AstPtr();
    }
    chars = std::move(first).value();
  } else if (!side) {
    return Error();
  }
  Next();  // FROM
  LAKEML_ASSIGN_OR_RETURN(AstPtr str, ParseExpr());
  LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
  if (chars != nullptr && name == "trim") name = "btrim";
  call->names.push_back(name);
  call->Add(std::move(str));
  if (chars != nullptr) call->Add(std::move(chars));
  return call;
}

Result<AstPtr> Parser::ParseParenthesized() {
  SourcePosition pos = Peek().pos;
  if (StartsQuery(1) && !IsOp("(", 1)) {
    AstPtr subquery = Node(NodeKind::kSubquery);
    Next();
    LAKEML_ASSIGN_OR_RETURN(AstPtr query, ParseQuery());
    LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
    subquery->Add(std::move(query));
    return subquery;
  }
  if (StartsQuery(1) && backtrack_budget_ > 0) {
    // ((SELECT ...)) or ((SELECT ...) UNION ...): try a query first, then an expression. A
    // budget bounds the retries, which nested parentheses would otherwise make exponential.
    --backtrack_budget_;
    size_t save = pos_;
    int saved_depth = depth_;
    std::vector<Token> saved_tokens = tokens_;  // Type syntax may split '>>' tokens in place.
    Next();
    auto query = ParseQuery();
    if (query.ok() && AcceptOp(")")) {
      AstPtr subquery = std::make_unique<AstNode>(NodeKind::kSubquery, pos);
      subquery->Add(std::move(query).value());
      return subquery;
    }
    pos_ = save;
    depth_ = saved_depth;
    tokens_ = std::move(saved_tokens);
  }
  Next();
  LAKEML_ASSIGN_OR_RETURN(std::vector<AstPtr> list, ParseExprList());
  LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
  if (list.size() == 1) return std::move(list[0]);
  AstPtr row = std::make_unique<AstNode>(NodeKind::kRow, pos);
  row->children = std::move(list);
  return row;
}

Result<AstPtr> Parser::ParseLiteral() {
  AstPtr literal = Node(NodeKind::kLiteral);
  const Token& t = Peek();
  if (t.type == TokenType::kNumber) {
    literal->op = "NUMBER";
    literal->text = t.text;
    if (!t.suffix.empty()) literal->names.push_back(t.suffix);
    Next();
  } else if (t.type == TokenType::kString) {
    literal->op = "STRING";
    LAKEML_ASSIGN_OR_RETURN(literal->text, ParseStringLiteral());
  } else if (t.type == TokenType::kBinary) {
    literal->op = "BINARY";
    literal->text = UpperWord(t.text);
    Next();
  } else if (t.type == TokenType::kIdentifier && Peek(1).type == TokenType::kString &&
             !t.IsKeyword("NULL") && !t.IsKeyword("TRUE") && !t.IsKeyword("FALSE")) {
    literal->op = "TYPED";
    literal->names.push_back(UpperWord(Next().text));
    LAKEML_ASSIGN_OR_RETURN(literal->text, ParseStringLiteral());
  } else {
    literal->op = UpperWord(Next().text);
  }
  return literal;
}

Result<AstPtr> Parser::ParseCase() {
  AstPtr node = Node(NodeKind::kCase);
  Next();
  if (!IsKw("WHEN")) {
    LAKEML_ASSIGN_OR_RETURN(AstPtr operand, ParseExpr());
    node->Add(std::move(operand));
    node->flags |= AstNode::kFlagCaseOperand;
  }
  if (!IsKw("WHEN")) return Error();
  while (AcceptKw("WHEN")) {
    LAKEML_ASSIGN_OR_RETURN(AstPtr when, ParseExpr());
    LAKEML_RETURN_IF_ERROR(ExpectKw("THEN"));
    LAKEML_ASSIGN_OR_RETURN(AstPtr then, ParseExpr());
    node->Add(std::move(when));
    node->Add(std::move(then));
  }
  if (AcceptKw("ELSE")) {
    LAKEML_ASSIGN_OR_RETURN(AstPtr otherwise, ParseExpr());
    node->Add(std::move(otherwise));
    node->flags |= AstNode::kFlagCaseElse;
  }
  LAKEML_RETURN_IF_ERROR(ExpectKw("END"));
  return node;
}

Result<AstPtr> Parser::ParseFunctionArgument() {
  if (IsIdentifier() && IsOp("=>", 1)) {
    AstPtr named = Node(NodeKind::kNamedArgument);
    named->text = Next().text;
    Next();
    LAKEML_ASSIGN_OR_RETURN(AstPtr value, ParseExpr());
    named->Add(std::move(value));
    return named;
  }
  LAKEML_ASSIGN_OR_RETURN(AstPtr value, ParseExpr());
  if (!IsKw("AS")) return value;
  // struct(1 AS a): an aliased argument.
  Next();
  AstPtr item = std::make_unique<AstNode>(NodeKind::kSelectItem, value->pos);
  LAKEML_ASSIGN_OR_RETURN(item->text, ParseIdentifier());
  item->flags |= AstNode::kFlagHasAlias;
  item->Add(std::move(value));
  return item;
}

Result<AstPtr> Parser::ParseFunction(std::vector<std::string> name) {
  AstPtr call = Node(NodeKind::kFunction);
  call->names = std::move(name);
  Next();  // (
  if (AcceptKw("DISTINCT")) {
    call->flags |= AstNode::kFlagDistinct;
  } else if (IsKw("ALL") && !IsOp(")", 1) && !IsOp(",", 1)) {
    Next();
  }
  if (IsOp("*") && IsOp(")", 1)) {
    Next();
    call->flags |= AstNode::kFlagStar;
  } else if (!IsOp(")")) {
    do {
      LAKEML_ASSIGN_OR_RETURN(AstPtr arg, ParseFunctionArgument());
      call->Add(std::move(arg));
    } while (AcceptOp(","));
  }
  LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
  if (IsKws({"WITHIN", "GROUP"})) {
    AstPtr within = Node(NodeKind::kWithinGroup);
    Next();
    Next();
    LAKEML_RETURN_IF_ERROR(ExpectOp("("));
    LAKEML_RETURN_IF_ERROR(ExpectKw("ORDER"));
    LAKEML_RETURN_IF_ERROR(ExpectKw("BY"));
    LAKEML_ASSIGN_OR_RETURN(AstPtr order, ParseOrderByList());
    within->children = std::move(order->children);
    LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
    call->Add(std::move(within));
  }
  if (IsKw("FILTER") && IsOp("(", 1)) {
    AstPtr filter = Node(NodeKind::kFilter);
    Next();
    Next();
    LAKEML_RETURN_IF_ERROR(ExpectKw("WHERE"));
    LAKEML_ASSIGN_OR_RETURN(AstPtr condition, ParseExpr());
    LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
    filter->Add(std::move(condition));
    call->Add(std::move(filter));
  }
  if (IsKws({"IGNORE", "NULLS"}) || IsKws({"RESPECT", "NULLS"})) {
    call->op = UpperWord(Next().text) + " NULLS";
    Next();
  }
  if (AcceptKw("OVER")) {
    if (IsIdentifier()) {
      AstPtr ref = Node(NodeKind::kWindowRef);
      ref->text = Next().text;
      call->Add(std::move(ref));
    } else {
      LAKEML_ASSIGN_OR_RETURN(AstPtr spec, ParseWindowSpec());
      call->Add(std::move(spec));
    }
  }
  return call;
}

Result<AstPtr> Parser::ParseWindowSpec() {
  AstPtr spec = Node(NodeKind::kWindowSpec);
  LAKEML_RETURN_IF_ERROR(ExpectOp("("));
  if (IsIdentifier() && !IsKws({"PARTITION", "BY"}) && !IsKws({"DISTRIBUTE", "BY"}) &&
      !IsKws({"ORDER", "BY"}) && !IsKws({"SORT", "BY"}) && !IsKw("ROWS") && !IsKw("RANGE")) {
    spec->text = Next().text;
  }
  if (AcceptKws({"PARTITION", "BY"}) || AcceptKws({"DISTRIBUTE", "BY"})) {
    AstPtr partition = Node(NodeKind::kPartitionBy);
    LAKEML_ASSIGN_OR_RETURN(partition->children, ParseExprList());
    spec->Add(std::move(partition));
  }
  if (AcceptKws({"ORDER", "BY"}) || AcceptKws({"SORT", "BY"})) {
    LAKEML_ASSIGN_OR_RETURN(AstPtr order, ParseOrderByList());
    spec->Add(std::move(order));
  }
  if (IsKw("ROWS") || IsKw("RANGE")) {
    AstPtr frame = Node(NodeKind::kFrame);
    frame->op = UpperWord(Next().text);
    if (AcceptKw("BETWEEN")) {
      LAKEML_ASSIGN_OR_RETURN(AstPtr start, ParseFrameBound());
      LAKEML_RETURN_IF_ERROR(ExpectKw("AND"));
      LAKEML_ASSIGN_OR_RETURN(AstPtr end, ParseFrameBound());
      frame->Add(std::move(start));
      frame->Add(std::move(end));
    } else {
      LAKEML_ASSIGN_OR_RETURN(AstPtr start, ParseFrameBound());
      frame->Add(std::move(start));
      frame->Add(nullptr);
    }
    spec->Add(std::move(frame));
  }
  LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
  return spec;
}

Result<AstPtr> Parser::ParseFrameBound() {
  AstPtr bound = Node(NodeKind::kFrameBound);
  if (AcceptKws({"UNBOUNDED", "PRECEDING"})) {
    bound->op = "UNBOUNDED PRECEDING";
  } else if (AcceptKws({"UNBOUNDED", "FOLLOWING"})) {
    bound->op = "UNBOUNDED FOLLOWING";
  } else if (AcceptKws({"CURRENT", "ROW"})) {
    bound->op = "CURRENT ROW";
  } else {
    LAKEML_ASSIGN_OR_RETURN(AstPtr offset, ParseBinary(0));
    bound->Add(std::move(offset));
    if (AcceptKw("PRECEDING")) {
      bound->op = "PRECEDING";
    } else if (AcceptKw("FOLLOWING")) {
      bound->op = "FOLLOWING";
    } else {
      return Error();
    }
  }
  return bound;
}

}  // namespace lakeml::sql
