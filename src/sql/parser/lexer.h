// Lexer: splits Databricks SQL text into tokens (identifiers, literals, operators), skipping
// whitespace and comments (`--`, nested `/* */`). Strings are decoded with Spark's backslash
// escapes unless raw (r'...'). Keywords are returned as identifiers: the parser decides.
//
// Stateless apart from the input it is given; Tokenize is a pure function and thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "base/result.h"
#include "sql/parser/token.h"

namespace lakeml::sql {

class Lexer {
 public:
  // The tokens of `sql`, ending with one kEof token, or a PARSE_SYNTAX_ERROR /
  // UNCLOSED_BRACKETED_COMMENT status.
  static Result<std::vector<Token>> Tokenize(std::string_view sql);

 private:
  explicit Lexer(std::string_view sql) : sql_(sql) {}

  Status Run(std::vector<Token>* out);
  Status SkipSpaceAndComments();
  Status LexString(char quote, bool raw, Token* token);
  Status LexNumber(Token* token);
  void LexWord(Token* token);
  Status LexOperator(Token* token);

  char At(size_t i) const { return i < sql_.size() ? sql_[i] : '\0'; }
  SourcePosition Here() const {
    return SourcePosition{line_, static_cast<int>(pos_ - line_start_), static_cast<int>(pos_)};
  }
  void Advance(size_t n);

  std::string_view sql_;
  size_t pos_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;
};

}  // namespace lakeml::sql
