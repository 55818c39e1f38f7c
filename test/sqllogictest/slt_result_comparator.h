// SltResultComparator: compares a query's actual result with the expected lines of a
// sqllogictest `query` record: column count, sort mode, type-aware value equality, and
// `N values hashing to <md5>` results.
//
// Value equality, per column type letter:
//   - equal text is always equal; NULL equals only NULL ("NULL"); "(empty)" is the empty string.
//   - I: both parse as integers and are equal (exact for int64), or both parse as numbers with
//     the same value ("1" equals "1.0", as DuckDB casts to the column type).
//   - R: both parse as doubles (strtod: also inf, -inf, nan) and
//     |e - a| <= max(kRelativeTolerance * max(|e|, |a|), kAbsoluteTolerance); NaN equals NaN.
//   - anything else (T, B, ...): exact text.
// rowsort sorts the rows of both sides as strings; valuesort sorts all values of both sides.
//
// Stateless; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sqllogictest/slt_database.h"
#include "sqllogictest/slt_record.h"

namespace lakeml::slt {

using SltRows = std::vector<std::vector<std::string>>;

struct SltComparison {
  bool ok = true;
  std::string message;  // why it failed: "expected 3 rows, got 2"
  // Both sides as compared (rendered and sorted), for the report's diff. A valuesort compares
  // one value per row; a hash result has no expected rows.
  SltRows expected_rows;
  SltRows actual_rows;
  std::string column_types;  // the type letter of each compared column
  std::string actual_hash;   // md5 of the actual values, when the expectation was a hash
};

class SltResultComparator {
 public:
  static constexpr double kRelativeTolerance = 1e-6;
  static constexpr double kAbsoluteTolerance = 1e-12;

  // `expected_lines` are the lines after ---- with variables already substituted.
  static SltComparison Compare(std::string_view column_types, SltSortMode sort_mode,
                               const std::vector<std::string>& expected_lines,
                               const SltQueryResult& actual);

  // NULL for nullopt, (empty) for "", otherwise the text.
  static std::string RenderValue(const std::optional<std::string>& value);
  static SltRows RenderRows(const SltQueryResult& result);
  static void Sort(SltSortMode sort_mode, SltRows* rows);

  // `type` is a column type letter; see the header comment.
  static bool ValuesEqual(char type, std::string_view expected, std::string_view actual);
  static bool RowsEqual(std::string_view column_types, const std::vector<std::string>& expected,
                        const std::vector<std::string>& actual);

  // sqllogictest's result hash: md5 (lowercase hex) of every value followed by '\n'.
  static std::string HashValues(const SltRows& rows);
};

}  // namespace lakeml::slt
