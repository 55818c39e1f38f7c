// WriterLeaf: what the Parquet writer knows about one leaf (primitive) column: where it sits
// in the columnar schema, its Parquet physical type and levels, how columnar values convert to
// physical ones, and which sort order its statistics follow.
//
// Built by WriterSchema from a columnar Schema; a plain value type, immutable once built and
// safe to read from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "columnar/data_type.h"
#include "format/parquet/enums.h"

namespace lakeml::parquet {

// How a columnar leaf value becomes a Parquet physical value.
enum class ValueConversion : uint8_t {
  kBoolean,      // Bit-packed booleans.
  kCopy,         // Same bytes (int32, int64, float, double, date, fixed binary, float16...).
  kInt8ToInt32,  // Sign-extend.
  kInt16ToInt32,
  kUInt8ToInt32,  // Zero-extend.
  kUInt16ToInt32,
  kInt64ToInt32,       // time(ms): int64 milliseconds -> INT32 (range checked).
  kSecondsToMillis32,  // time(s): int64 seconds -> INT32 milliseconds (range checked).
  kSecondsToMillis64,  // timestamp(s): int64 seconds -> INT64 milliseconds (range checked).
  kDecimalToInt32,     // int128 -> INT32 (range checked).
  kDecimalToInt64,     // int128 -> INT64 (range checked).
  kDecimalToFixed,     // int128 -> big-endian two's complement FIXED_LEN_BYTE_ARRAY.
  kInterval,           // {i32 months, i32 days, i64 nanos} -> 12 bytes {u32 months, days, millis}.
  kByteArray,          // string / binary.
};

// The ordering of min/max statistics (Parquet's sort orders, refined by representation).
enum class StatsOrder : uint8_t {
  kNone,     // Undefined order (INTERVAL): null counts only.
  kBoolean,  // false < true.
  kInt32,    // Signed.
  kUInt32,   // Unsigned (UINT_8/16/32).
  kInt64,
  kUInt64,
  kFloat,  // IEEE order, NaN ignored, -0.0 == +0.0.
  kDouble,
  kFloat16,       // As kFloat, on 2-byte little-endian half floats.
  kBytes,         // Unsigned lexicographic (BYTE_ARRAY, fixed binary, UUID).
  kDecimalBytes,  // Big-endian two's complement of one width: signed numeric.
};

struct WriterLeaf {
  int column = 0;                 // Index of the top-level field in the columnar schema.
  std::vector<int> child_path;    // From that field down to the leaf (see LevelShredder).
  std::vector<std::string> path;  // Parquet path_in_schema.
  std::string dotted_path;        // path joined by '.', for messages.
  columnar::TypePtr type;         // The leaf's columnar type.
  Type physical_type = Type::kInt32;
  int32_t type_length = 0;  // FIXED_LEN_BYTE_ARRAY width.
  ValueConversion conversion = ValueConversion::kCopy;
  StatsOrder stats_order = StatsOrder::kNone;
  int16_t max_def = 0;
  int16_t max_rep = 0;

  // Bytes of one PLAIN value of a fixed-width physical type; 0 for BOOLEAN and BYTE_ARRAY.
  int physical_width() const {
    switch (physical_type) {
      case Type::kInt32:
      case Type::kFloat: return 4;
      case Type::kInt64:
      case Type::kDouble: return 8;
      case Type::kInt96: return 12;
      case Type::kFixedLenByteArray: return type_length;
      default: return 0;
    }
  }
};

}  // namespace lakeml::parquet
