// RowCanonicalizer: turns rows of columnar batches into canonical text keys, so that a row read
// by lakeml and a row of an expected result compare equal exactly when they hold the same values,
// whatever their physical representation. A row key is the cells of the selected columns, in the
// order asked for, joined by kCellSeparator; rows are then compared as multisets (RowSet).
//
// Two cell styles:
//   kTyped      for expected Parquet dumps (DAT, golden tables), compared by value:
//               integers and decimals as exact decimal text with trailing fraction zeros cut
//               (int 5, decimal 5.00 -> "5"); floats as the shortest round-trip text of their
//               double value with a marker "f" (-0 -> 0, NaN); booleans true/false; dates
//               YYYY-MM-DD; timestamps as UTC microseconds text "YYYY-MM-DDTHH:MM:SS.ffffff",
//               plus "Z" when adjusted to UTC, whatever the stored unit (seconds, millis, micros,
//               nanos truncated, INT96); strings quoted and escaped; binary as 0x-hex; null as
//               `null`; structs {name: v, ...} with fields sorted by name; lists [a, b]; maps
//               {k => v, ...} with entries sorted by key text.
//   kArrowText  for expected.json: the text arrow-rs pretty-print gives (null = empty, floats
//               with ".0" when integral, decimals with exactly `scale` digits, UTC timestamps as
//               RFC 3339 with "Z" and 0/3/6 fraction digits, timestamp_ntz without zone, binary
//               as lowercase hex, structs {a: 1, b: }, lists [1, , 2], maps {k: v}). Leading and
//               trailing spaces are trimmed, as pretty-print padding is.
// Stateless apart from the chosen columns; thread-safe to use from several threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "columnar/batch.h"
#include "columnar/vector.h"

namespace lakeml::conformance {

enum class ValueStyle : uint8_t { kTyped, kArrowText };

// Separates cells inside a row key; never produced inside a cell (strings escape it).
inline constexpr char kCellSeparator = '\x1f';

class RowCanonicalizer {
 public:
  // Rows will hold `columns` (top-level names, exact match), in this order.
  RowCanonicalizer(std::vector<std::string> columns, ValueStyle style)
      : columns_(std::move(columns)), style_(style) {}

  const std::vector<std::string>& columns() const { return columns_; }
  ValueStyle style() const { return style_; }

  // Appends one key per row of `batch` to `rows`. NotFound names a column the batch lacks.
  Status AppendRows(const columnar::Batch& batch, std::vector<std::string>* rows) const;

  // Appends the canonical text of one value (nested values recursively).
  // REQUIRES: 0 <= row < vector.length(); the vector is well-formed.
  static void AppendCell(const columnar::Vector& vector, int64_t row, ValueStyle style,
                         std::string* out);

  // The type as a comparison sees it: Spark-style names ("bigint", "decimal(10,2)",
  // "timestamp" for UTC, "timestamp_ntz", "array<int>", "map<string,int>"), with no time unit,
  // nullability, metadata or string/binary annotation, and struct fields sorted by name
  // ("struct<a:int,b:string>").
  static std::string TypeSignature(const columnar::DataType& type);

  // The cells of a row key.
  static std::vector<std::string_view> SplitRow(std::string_view row);

 private:
  std::vector<std::string> columns_;
  ValueStyle style_;
};

}  // namespace lakeml::conformance
