// ParseError: builds the Status for a SQL syntax error in Spark's format, e.g.
//   [PARSE_SYNTAX_ERROR] Syntax error at or near 'FROM'. SQLSTATE: 42601; line 1, pos 14
//
// Stateless; all functions are thread-safe.
#pragma once

#include <string_view>

#include "base/status.h"
#include "sql/parser/token.h"

namespace lakeml::sql {

class ParseError {
 public:
  // PARSE_SYNTAX_ERROR at `token` ("end of input" for kEof).
  static Status SyntaxError(const Token& token);
  // PARSE_SYNTAX_ERROR with an explanation appended after the "at or near" part.
  static Status SyntaxError(const Token& token, std::string_view detail);
  // PARSE_EMPTY_STATEMENT (42617).
  static Status EmptyStatement();
  // UNCLOSED_BRACKETED_COMMENT at the comment's start.
  static Status UnclosedComment(SourcePosition pos);
  // PARSE_SYNTAX_ERROR for input nested deeper than the parser's limit.
  static Status TooDeep(const Token& token, int limit);
  // A generic error with class, SQLSTATE and position.
  static Status Make(std::string_view error_class, std::string_view text, std::string_view sqlstate,
                     SourcePosition pos);
};

}  // namespace lakeml::sql
