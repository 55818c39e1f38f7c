// Row-group skipping by column statistics.
//
// ColumnPredicate is one comparison of a top-level primitive column against a literal, written
// as text and parsed in the column's type ("42", "3.5", "2024-01-31", "abc"). StatisticsBounds
// turns a column chunk's Statistics into typed bounds, honouring the rules for when they can be
// trusted: the ColumnOrder (an unknown order voids min/max), the deprecated signed-only min/max
// fields, NaN bounds for floating point, and types whose order is undefined (INT96, INTERVAL).
//
// Pure functions and plain values: thread-safe.
#pragma once

#include <optional>
#include <string>

#include "base/result.h"
#include "format/parquet/metadata.h"
#include "format/parquet/schema_node.h"

namespace lakeml::parquet {

struct ColumnPredicate {
  enum class Op { kEq, kLt, kLe, kGt, kGe, kIsNull, kIsNotNull };
  std::string column;
  Op op = Op::kEq;
  std::string literal;  // Unused for kIsNull / kIsNotNull.

  // Parses "col = 5", "col >= 2024-01-01", "col is null", "col is not null".
  static Result<ColumnPredicate> Parse(std::string_view text);
};

// A bound or literal in comparable form. Which member is used depends on the column's type.
struct StatValue {
  enum class Kind { kSigned, kUnsigned, kDouble, kBytes, kDecimal };
  Kind kind = Kind::kSigned;
  int64_t i = 0;
  uint64_t u = 0;
  double d = 0;
  std::string bytes;
  __int128 dec = 0;
};

struct ChunkBounds {
  std::optional<StatValue> min;
  std::optional<StatValue> max;
  std::optional<int64_t> null_count;
  int64_t num_values = 0;
};

class StatisticsBounds {
 public:
  // Typed bounds of a leaf's statistics; min/max stay empty where they cannot be trusted.
  static ChunkBounds Decode(const SchemaNode& leaf, const Statistics& stats, ColumnOrder order,
                            int64_t num_values);
  // The literal of a predicate in the leaf's comparable form.
  static Result<StatValue> ParseLiteral(const SchemaNode& leaf, const std::string& text);
  // False only if no value within `bounds` can satisfy `pred`.
  static bool MayMatch(const ChunkBounds& bounds, ColumnPredicate::Op op, const StatValue& literal);
};

}  // namespace lakeml::parquet
