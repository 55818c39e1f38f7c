// Parser: primary expressions (literals, names, function calls with their FILTER, WITHIN GROUP,
// NULLS and OVER clauses, CASE, CAST, EXISTS, EXTRACT, subqueries), window specifications and
// data types.
#include "sql/parser/keyword_table.h"
#include "sql/parser/parser.h"

namespace lakeml::sql {
namespace {

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return s;
}

}  // namespace

// Interval units in canonical (singular, upper-case) form; empty when `word` is not one.
std::string Parser::IntervalUnitOf(const Token& t) {
  if (t.type != TokenType::kIdentifier) return "";
  std::string u = Upper(t.text);
  static constexpr std::string_view kUnits[] = {"YEAR",   "MONTH",       "WEEK",
                                                "DAY",    "HOUR",        "MINUTE",
                                                "SECOND", "MILLISECOND", "MICROSECOND"};
  for (std::string_view unit : kUnits) {
    if (u == unit || (u.size() == unit.size() + 1 && u.back() == 'S' &&
                      std::string_view(u).substr(0, unit.size()) == unit)) {
      return std::string(unit);
    }
  }
  return "";
}


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
        (Peek(1).type == TokenType::kString || Peek(1).type == TokenType::kNumber ||
         IsOp("-", 1) || IsOp("+", 1))) {
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
      extract->text = Upper(field);
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
      !IsOp(".", 1) && !IsOp("(", 1)) {
    return Error();
  }
  AstPtr ref = Node(NodeKind::kColumnRef);
  LAKEML_ASSIGN_OR_RETURN(ref->names, ParseQualifiedName());
  if (IsOp("(")) return ParseFunction(std::move(ref->names));
  return ref;
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
    Next();
    auto query = ParseQuery();
    if (query.ok() && AcceptOp(")")) {
      AstPtr subquery = std::make_unique<AstNode>(NodeKind::kSubquery, pos);
      subquery->Add(std::move(query).value());
      return subquery;
    }
    pos_ = save;
    depth_ = saved_depth;
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
    literal->text = Upper(t.text);
    Next();
  } else if (t.type == TokenType::kIdentifier && Peek(1).type == TokenType::kString &&
             !t.IsKeyword("NULL") && !t.IsKeyword("TRUE") && !t.IsKeyword("FALSE")) {
    literal->op = "TYPED";
    literal->names.push_back(Upper(Next().text));
    LAKEML_ASSIGN_OR_RETURN(literal->text, ParseStringLiteral());
  } else {
    literal->op = Upper(Next().text);
  }
  return literal;
}

Result<AstPtr> Parser::ParseInterval() {
  AstPtr interval = Node(NodeKind::kInterval);
  Next();
  do {
    LAKEML_ASSIGN_OR_RETURN(AstPtr value, ParseUnary());
    std::string unit = IntervalUnitOf(Peek());
    if (unit.empty()) {
      // INTERVAL '1 day' carries its units in the string.
      if (value->kind != NodeKind::kLiteral || value->op != "STRING" ||
          !interval->children.empty()) {
        return Error();
      }
      interval->Add(std::move(value));
      return interval;
    }
    Next();
    interval->Add(std::move(value));
    interval->names.push_back(unit);
    if (interval->children.size() == 1 && IsKw("TO")) {
      Next();
      std::string to = IntervalUnitOf(Peek());
      if (to.empty()) return Error();
      Next();
      interval->names.push_back(to);
      interval->flags |= AstNode::kFlagIntervalTo;
      return interval;
    }
  } while (Peek().type == TokenType::kNumber || Peek().type == TokenType::kString ||
           IsOp("-") || IsOp("+"));
  return interval;
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

Result<AstPtr> Parser::ParseCast() {
  AstPtr cast = Node(NodeKind::kCast);
  cast->op = Next().IsKeyword("CAST") ? "CAST" : "TRY_CAST";
  Next();
  LAKEML_ASSIGN_OR_RETURN(AstPtr value, ParseExpr());
  LAKEML_RETURN_IF_ERROR(ExpectKw("AS"));
  LAKEML_ASSIGN_OR_RETURN(AstPtr type, ParseType());
  LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
  cast->Add(std::move(value));
  cast->Add(std::move(type));
  return cast;
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
    call->op = Upper(Next().text) + " NULLS";
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
    frame->op = Upper(Next().text);
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
