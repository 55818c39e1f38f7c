#include "sql/parser/parse_error.h"

#include <string>

#include "base/str_cat.h"

namespace lakeml::sql {
namespace {

// How a token is quoted in "at or near": Spark shows the token text as written.
std::string NearText(const Token& token) {
  switch (token.type) {
    case TokenType::kEof:
      return "end of input";
    case TokenType::kString:
      return StrCat("''", token.text, "''");
    case TokenType::kQuotedIdentifier:
      return StrCat("'`", token.text, "`'");
    case TokenType::kNamedParameter:
      return StrCat("':", token.text, "'");
    case TokenType::kBinary:
      return StrCat("'X'", token.text, "''");
    case TokenType::kNumber:
      return StrCat("'", token.text, token.suffix, "'");
    default:
      return StrCat("'", token.text, "'");
  }
}

}  // namespace

Status ParseError::Make(std::string_view error_class, std::string_view text,
                        std::string_view sqlstate, SourcePosition pos) {
  return Status::InvalidArgument("[", error_class, "] ", text, " SQLSTATE: ", sqlstate, "; line ",
                                 pos.line, ", pos ", pos.column);
}

Status ParseError::SyntaxError(const Token& token) {
  return Make("PARSE_SYNTAX_ERROR", StrCat("Syntax error at or near ", NearText(token), "."),
              "42601", token.pos);
}

Status ParseError::SyntaxError(const Token& token, std::string_view detail) {
  return Make("PARSE_SYNTAX_ERROR",
              StrCat("Syntax error at or near ", NearText(token), ": ", detail, "."), "42601",
              token.pos);
}

Status ParseError::EmptyStatement() {
  return Status::InvalidArgument(
      "[PARSE_EMPTY_STATEMENT] Syntax error, unexpected empty statement. SQLSTATE: 42617");
}

Status ParseError::UnclosedComment(SourcePosition pos) {
  return Make("UNCLOSED_BRACKETED_COMMENT",
              "Found an unclosed bracketed comment. Please, append */ at the end of the comment.",
              "42601", pos);
}

Status ParseError::TooDeep(const Token& token, int limit) {
  return SyntaxError(token, StrCat("nesting deeper than ", limit, " levels"));
}

}  // namespace lakeml::sql
