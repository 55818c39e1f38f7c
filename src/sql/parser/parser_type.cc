// Parser: data types (primitive names with parameters, ARRAY<>, MAP<>, STRUCT<>, INTERVAL
// qualifiers), CAST and interval literals.
#include "sql/parser/parser.h"

namespace lakeml::sql {
namespace {

std::string UpperTypeName(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return s;
}

}  // namespace

// Interval units in canonical (singular, upper-case) form; empty when `word` is not one.
std::string Parser::IntervalUnitOf(const Token& t) {
  if (t.type != TokenType::kIdentifier) return "";
  std::string u = UpperTypeName(t.text);
  static constexpr std::string_view kUnits[] = {
      "YEAR", "MONTH", "WEEK", "DAY", "HOUR", "MINUTE", "SECOND", "MILLISECOND", "MICROSECOND"};
  for (std::string_view unit : kUnits) {
    if (u == unit || (u.size() == unit.size() + 1 && u.back() == 'S' &&
                      std::string_view(u).substr(0, unit.size()) == unit)) {
      return std::string(unit);
    }
  }
  return "";
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
  } while (StartsIntervalPart());
  return interval;
}

bool Parser::StartsIntervalPart() const {
  // Another `[sign] value unit` of the multi-unit form; a sign alone is a binary operator
  // (INTERVAL '3' DAY + DATE'2024-01-01').
  const size_t k = IsOp("-") || IsOp("+") ? 1 : 0;
  const Token& value = Peek(k);
  if (value.type != TokenType::kNumber && value.type != TokenType::kString) return false;
  return !IntervalUnitOf(Peek(k + 1)).empty();
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

Result<AstPtr> Parser::ParseType() {
  DepthScope depth(this);
  LAKEML_RETURN_IF_ERROR(depth.Push());
  AstPtr type = Node(NodeKind::kType);
  if (Peek().type != TokenType::kIdentifier) return Error();
  type->text = UpperTypeName(Next().text);
  if (type->text == "INTERVAL") {
    std::string from = IntervalUnitOf(Peek());
    if (!from.empty()) {
      Next();
      type->names.push_back(from);
      if (AcceptKw("TO")) {
        std::string to = IntervalUnitOf(Peek());
        if (to.empty()) return Error();
        Next();
        type->names.push_back(to);
      }
    }
    return type;
  }
  if (IsOp("<")) {
    Next();
    if (type->text == "STRUCT") {
      while (!IsOp(">") && !IsOp(">>") && !IsOp(">>>")) {
        AstPtr field;
        LAKEML_ASSIGN_OR_RETURN(std::string name, ParseIdentifier());
        if (Peek().type == TokenType::kNamedParameter) {
          // "a:int" lexes as a then the parameter ":int"; read it as ':' then the type name.
          tokens_[pos_].type = TokenType::kIdentifier;
        } else {
          AcceptOp(":");
        }
        LAKEML_ASSIGN_OR_RETURN(field, ParseType());
        field->alias = std::move(name);
        if (AcceptKws({"NOT", "NULL"})) field->flags |= AstNode::kFlagNotNull;
        if (AcceptKw("COMMENT")) {
          LAKEML_ASSIGN_OR_RETURN(field->op, ParseStringLiteral());
        }
        type->Add(std::move(field));
        if (!AcceptOp(",")) break;
      }
    } else {
      do {
        LAKEML_ASSIGN_OR_RETURN(AstPtr element, ParseType());
        type->Add(std::move(element));
      } while (AcceptOp(","));
    }
    LAKEML_RETURN_IF_ERROR(CloseAngle());
  } else if (IsOp("(")) {
    Next();
    do {
      if (Peek().type != TokenType::kNumber || !Peek().suffix.empty()) return Error();
      type->names.push_back(Next().text);
    } while (AcceptOp(","));
    LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
  }
  return type;
}

}  // namespace lakeml::sql
