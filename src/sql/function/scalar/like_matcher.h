// LikeMatcher: a compiled SQL LIKE pattern ('%' any characters, '_' one character, an escape
// character making the next '%', '_' or escape literal), matched as Spark does. ILIKE lower-cases
// both sides. Matching is O(len(text) * len(pattern)) at worst: no backtracking explosion.
//
// Immutable after Compile; thread-safe to share.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace lakeml::sql {

class LikeMatcher {
 public:
  // Errors: INVALID_FORMAT.ESC_AT_THE_END / ESC_IN_THE_MIDDLE for a misplaced escape.
  static Result<LikeMatcher> Compile(std::string_view pattern, char escape, bool ignore_case);

  bool Matches(std::string_view text) const;

 private:
  enum class Kind : uint8_t { kLiteral, kAnyChar, kAnyString };
  struct Token {
    Kind kind;
    std::string literal;  // kLiteral: one whole character (UTF-8 bytes)
  };

  std::vector<Token> tokens_;
  bool ignore_case_ = false;
};

}  // namespace lakeml::sql
