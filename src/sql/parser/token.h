// Token: one lexical unit of SQL text with its decoded value and source position.
//
// A plain value type (copyable, no ownership of the source text); safe to share between
// threads once built.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lakeml::sql {

enum class TokenType : uint8_t {
  kEof,
  kIdentifier,           // Unquoted word; keywords are identifiers too (they are contextual).
  kQuotedIdentifier,     // `...`; text is the unescaped name.
  kString,               // '...', "..." or r'...'; text is the decoded value.
  kNumber,               // text is the digits as written, suffix holds L/S/Y/D/F/BD.
  kBinary,               // X'..'; text is the hex digits.
  kNamedParameter,       // :name; text is the name.
  kPositionalParameter,  // ?
  kOperator,             // Punctuation and operators; text is the operator.
};

// Where a token or AST node starts: 1-based line, 0-based column (Spark's "pos"), byte offset.
struct SourcePosition {
  int line = 1;
  int column = 0;
  int offset = 0;
};

struct Token {
  TokenType type = TokenType::kEof;
  std::string text;
  std::string suffix;  // Numeric literal suffix, upper-case; empty when none.
  SourcePosition pos;
  int length = 0;  // Bytes of source text the token spans.

  // True for an unquoted identifier equal to `keyword` (upper-case) ignoring case.
  bool IsKeyword(std::string_view keyword) const;
  // True for an operator token spelled `op`.
  bool IsOperator(std::string_view op) const { return type == TokenType::kOperator && text == op; }
};

}  // namespace lakeml::sql
