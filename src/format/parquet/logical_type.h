// LogicalType: the Parquet LogicalType union (parquet.thrift), flattened into one struct with
// a `kind` tag and the parameters of the kinds that have them.
//
// A union member whose field id lakeml does not know (a newer writer's type) parses as
// kUnrecognized, keeping its id, so that a reader can ignore the annotation and fall back to
// the physical type / ConvertedType. Plain value: thread-safe to read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace lakeml::parquet {

// DO NOT CHANGE: the values are the TimeUnit union field ids in parquet.thrift.
enum class TimeUnit : int16_t {
  kMillis = 1,
  kMicros = 2,
  kNanos = 3,
};

// DO NOT CHANGE: the values are the EdgeInterpolationAlgorithm enum values in parquet.thrift.
enum class EdgeInterpolationAlgorithm : int32_t {
  kSpherical = 0,
  kVincenty = 1,
  kThomas = 2,
  kAndoyer = 3,
  kKarney = 4,
};

struct LogicalType {
  // DO NOT CHANGE: the values are the LogicalType union field ids in parquet.thrift
  // (kUnrecognized excepted).
  enum class Kind : int16_t {
    kUnrecognized = 0,  // A member lakeml does not know; see unrecognized_field_id.
    kString = 1,
    kMap = 2,
    kList = 3,
    kEnum = 4,
    kDecimal = 5,
    kDate = 6,
    kTime = 7,
    kTimestamp = 8,
    // 9 is reserved for INTERVAL.
    kInteger = 10,
    kUnknown = 11,  // The NULL type: every value is null.
    kJson = 12,
    kBson = 13,
    kUuid = 14,
    kFloat16 = 15,
    kVariant = 16,
    kGeometry = 17,
    kGeography = 18,
  };

  Kind kind = Kind::kUnrecognized;

  // kDecimal.
  int32_t scale = 0;
  int32_t precision = 0;
  // kTime, kTimestamp.
  bool is_adjusted_to_utc = false;
  TimeUnit unit = TimeUnit::kMillis;
  // kInteger.
  int8_t bit_width = 0;
  bool is_signed = false;
  // kVariant.
  std::optional<int8_t> variant_specification_version;
  // kGeometry, kGeography.
  std::optional<std::string> crs;
  // kGeography.
  std::optional<EdgeInterpolationAlgorithm> algorithm;
  // kUnrecognized: the union field id that was read (0 if the union was empty).
  int16_t unrecognized_field_id = 0;

  static LogicalType Simple(Kind kind) {
    LogicalType t;
    t.kind = kind;
    return t;
  }
  static LogicalType Decimal(int32_t scale, int32_t precision) {
    LogicalType t = Simple(Kind::kDecimal);
    t.scale = scale;
    t.precision = precision;
    return t;
  }
  static LogicalType Time(bool is_adjusted_to_utc, TimeUnit unit) {
    LogicalType t = Simple(Kind::kTime);
    t.is_adjusted_to_utc = is_adjusted_to_utc;
    t.unit = unit;
    return t;
  }
  static LogicalType Timestamp(bool is_adjusted_to_utc, TimeUnit unit) {
    LogicalType t = Simple(Kind::kTimestamp);
    t.is_adjusted_to_utc = is_adjusted_to_utc;
    t.unit = unit;
    return t;
  }
  static LogicalType Integer(int8_t bit_width, bool is_signed) {
    LogicalType t = Simple(Kind::kInteger);
    t.bit_width = bit_width;
    t.is_signed = is_signed;
    return t;
  }

  bool operator==(const LogicalType&) const = default;
};

}  // namespace lakeml::parquet
