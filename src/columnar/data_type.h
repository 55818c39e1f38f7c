// DataType and Field: the logical types of lakeml's columnar data, modelled on Arrow's.
//
// A DataType is immutable once built and shared through TypePtr (shared_ptr<const DataType>);
// safe to read from any thread. Physical layout per type (see vector.h):
//   kBoolean                 bit-packed values (LSB first)
//   kInt8..kUInt64, kFloat16 (uint16 bits), kFloat32, kFloat64, kDate32 (days since epoch),
//   kTime64 (int64 in `unit`), kTimestamp (int64 in `unit`), kDecimal (int128, two's complement),
//   kInterval (16 bytes: int32 months, int32 days, int64 nanoseconds)
//   kYearMonthInterval (int32 months), kDayTimeInterval (int64 microseconds): Spark's ANSI
//                            intervals; interval_start()/interval_end() name their fields
//                            fixed-width values
//   kFixedSizeBinary         byte_width bytes per value (UUID: byte_width 16, extension "uuid")
//   kString, kBinary         int64 offsets (length + 1) + data bytes
//   kList                    int64 offsets + one child (the element)
//   kMap                     int64 offsets + two children: the keys (non-null) and the values
//   kStruct                  one child per field, same length as the parent
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lakeml::columnar {

enum class TypeId : uint8_t {
  kNull,
  kBoolean,
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kUInt8,
  kUInt16,
  kUInt32,
  kUInt64,
  kFloat16,
  kFloat32,
  kFloat64,
  kDecimal,
  kDate32,
  kTime64,
  kTimestamp,
  kInterval,
  kString,
  kBinary,
  kFixedSizeBinary,
  kList,
  kMap,
  kStruct,
  kYearMonthInterval,
  kDayTimeInterval,
};

enum class TimeUnit : uint8_t { kSecond, kMilli, kMicro, kNano };

class DataType;
using TypePtr = std::shared_ptr<const DataType>;

struct Field {
  std::string name;
  TypePtr type;
  bool nullable = true;
  int32_t field_id = -1;  // Parquet field id / Delta column-mapping id; -1 when absent.
  // Key-value metadata carried with the field (Delta: "delta.columnMapping.physicalName",
  // "delta.typeChanges", ...). Values are JSON texts, exactly as a Delta schemaString holds
  // them: "\"col-1\"", "5", "[...]". Not part of type equality.
  std::vector<std::pair<std::string, std::string>> metadata;

  // The metadata value for `key`, or nullptr.
  const std::string* FindMetadata(std::string_view key) const {
    for (const auto& [k, v] : metadata) {
      if (k == key) return &v;
    }
    return nullptr;
  }
};

class DataType {
 public:
  TypeId id() const { return id_; }
  int precision() const { return precision_; }    // kDecimal
  int scale() const { return scale_; }            // kDecimal
  int byte_width() const { return byte_width_; }  // kFixedSizeBinary
  TimeUnit unit() const { return unit_; }         // kTime64, kTimestamp
  bool utc() const { return utc_; }               // kTimestamp: isAdjustedToUTC
  // kYearMonthInterval: YEAR 0, MONTH 1; kDayTimeInterval: DAY 0, HOUR 1, MINUTE 2, SECOND 3
  // (Spark's field codes). start <= end.
  int interval_start() const { return precision_; }
  int interval_end() const { return scale_; }
  // Annotation kept for round trips and display: "json", "enum", "bson", "uuid", or empty.
  const std::string& extension() const { return extension_; }
  const std::vector<Field>& children() const { return children_; }
  // kList: the element field. kMap: key and value fields via map_key()/map_value().
  const Field& list_element() const { return children_[0]; }
  const Field& map_key() const { return children_[0]; }
  const Field& map_value() const { return children_[1]; }

  bool is_nested() const {
    return id_ == TypeId::kList || id_ == TypeId::kMap || id_ == TypeId::kStruct;
  }
  bool is_binary_like() const { return id_ == TypeId::kString || id_ == TypeId::kBinary; }
  // Bytes per value for fixed-width types; 0 for booleans, variable and nested types.
  int fixed_width() const;

  // Spark/Databricks-style name: "bigint", "decimal(10,2)", "array<string>", "struct<a:int>".
  std::string ToString() const;
  bool Equals(const DataType& other) const;

  static TypePtr Primitive(TypeId id);
  static TypePtr Decimal(int precision, int scale);
  static TypePtr FixedSizeBinary(int byte_width, std::string extension = "");
  static TypePtr Time(TimeUnit unit);
  static TypePtr Timestamp(TimeUnit unit, bool utc);
  // Spark's ANSI intervals; fields as interval_start()/interval_end() number them.
  static TypePtr YearMonthInterval(int start, int end);
  static TypePtr DayTimeInterval(int start, int end);
  static TypePtr String(std::string extension = "");
  static TypePtr Binary(std::string extension = "");
  static TypePtr List(Field element);
  // The map's key field is always non-nullable.
  static TypePtr Map(Field key, Field value);
  static TypePtr Struct(std::vector<Field> fields);
  // Delta/Spark VARIANT: a struct of two non-null binaries, "metadata" and "value" (the
  // Parquet variant encoding), marked with the extension "variant".
  static TypePtr Variant();
  bool is_variant() const { return id_ == TypeId::kStruct && extension_ == "variant"; }

 private:
  DataType() = default;
  TypeId id_ = TypeId::kNull;
  int precision_ = 0;
  int scale_ = 0;
  int byte_width_ = 0;
  TimeUnit unit_ = TimeUnit::kMicro;
  bool utc_ = false;
  std::string extension_;
  std::vector<Field> children_;
};

std::string_view TimeUnitName(TimeUnit unit);

}  // namespace lakeml::columnar
