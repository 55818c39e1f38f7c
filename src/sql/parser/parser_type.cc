// Parser: data types (primitive names with parameters, ARRAY<>, MAP<>, STRUCT<>, INTERVAL
// qualifiers).
#include "sql/parser/parser.h"

namespace lakeml::sql {
namespace {

std::string UpperTypeName(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return s;
}

}  // namespace

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
