// ValueFormatter: the text of one value of a columnar Vector, shared by every place lakeml
// prints values (CsvBatchWriter, JsonLinesBatchWriter, and later the SQL shell's tables).
//
// Two styles:
//   kJson  a typed JSON value: integers (uint64 too) as numbers; float/double as the shortest
//          round-trip text, NaN and infinities as the strings "NaN", "Infinity", "-Infinity";
//          float16 widened to float; booleans true/false; decimals as exact strings
//          ("123.45"); date, time, timestamp and interval as strings (temporal_text.h);
//          UUIDs (16-byte fixed-size binary with extension "uuid") as "8-4-4-4-12" lowercase
//          hex; strings as JSON strings (invalid UTF-8 replaced by U+FFFD); binary and other
//          fixed-size binary as base64 strings; list -> array; struct -> object; map -> object
//          when its keys are strings, else an array of {"key": k, "value": v}; null -> null.
//   kText  the same text without JSON quoting for scalars (strings raw and unescaped,
//          decimals and timestamps bare, NaN bare); nested values as their JSON text. A top-level
//          null appends nothing: callers choose how nulls look (CSV: empty field).
// Appending reuses the caller's std::string, so the common path does not allocate.
// Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "columnar/vector.h"

namespace lakeml::format {

class ValueFormatter {
 public:
  enum class Style : uint8_t { kJson, kText };

  // REQUIRES: 0 <= row < vector.length(); the vector is well-formed (offsets within data).
  static void Append(const columnar::Vector& vector, int64_t row, Style style, std::string* out);
  static void AppendJson(const columnar::Vector& vector, int64_t row, std::string* out) {
    Append(vector, row, Style::kJson, out);
  }
  static void AppendText(const columnar::Vector& vector, int64_t row, std::string* out) {
    Append(vector, row, Style::kText, out);
  }

  // Scalar pieces, exposed for callers that format values not held in a Vector.
  static void AppendDouble(double v, Style style, std::string* out);
  static void AppendFloat(float v, Style style, std::string* out);
};

}  // namespace lakeml::format
