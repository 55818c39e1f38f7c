// FilterTokenizer: splits an MLflow search filter or order_by string into tokens: identifiers
// (entity.key, with `backquoted` or "double-quoted" keys), string literals ('...' or "..."),
// numbers, comparison operators, parentheses, commas, and keywords (AND, LIKE, ILIKE, IN, NOT,
// IS, NULL, ASC, DESC; case-insensitive).
// Thread-safety: stateless. Bad input yields an INVALID_PARAMETER_VALUE error, never a crash.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace lakeml::ml {

struct FilterToken {
  enum class Kind { kIdentifier, kString, kNumber, kOperator, kLeftParen, kRightParen, kComma };
  Kind kind;
  // Identifier: the entity part before the first '.' ("" when none) and the key.
  std::string entity;
  std::string text;  // Identifier key, string value (unquoted), number text, operator or keyword.
  bool quoted_key = false;  // The identifier's key was quoted (never a keyword then).
};

class FilterTokenizer {
 public:
  // Keywords come back as kOperator tokens with upper-case text ("AND", "LIKE", "IS", ...).
  // `what` names the input in errors ("filter", "order_by clause").
  static Result<std::vector<FilterToken>> Tokenize(std::string_view input, std::string_view what);
};

}  // namespace lakeml::ml
