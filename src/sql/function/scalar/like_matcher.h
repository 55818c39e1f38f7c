// LikeMatcher: a compiled SQL LIKE pattern ('%' any characters, '_' one character, an escape
// character making the next '%', '_' or escape literal), matched as Spark does. ILIKE lower-cases
// both sides.
//
// The pattern is split at '%' into parts; each part is literal bytes and '_' wildcards. The
// first part is anchored at the start, the last at the end (unless the pattern starts or ends
// with '%'), and each middle part is matched at its leftmost place after the previous one, which
// is exact because every part matches a fixed number of characters. Literal runs are found with
// memchr/memcmp-based search, so '%word%' costs one substring search. Matching is
// O(len(text) * len(pattern)) at worst: no backtracking explosion.
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
  // Literal bytes, then `any_chars` characters of any value.
  struct Piece {
    std::string literal;
    int any_chars = 0;
  };
  // What lies between two '%': pieces matched one after the other.
  struct Part {
    std::vector<Piece> pieces;
  };

  bool MatchesCased(std::string_view text) const;
  // The end of `part` matched at `at`, or npos.
  static size_t MatchAt(std::string_view text, size_t at, const Part& part);
  // The end of `part` matched at its leftmost place at or after `from`, or npos.
  static size_t FindFrom(std::string_view text, size_t from, const Part& part);

  std::vector<Part> parts_;     // At least one (possibly empty) part.
  bool anchored_start_ = true;  // The pattern does not start with '%'.
  bool anchored_end_ = true;    // The pattern does not end with '%'.
  bool ignore_case_ = false;
};

}  // namespace lakeml::sql
