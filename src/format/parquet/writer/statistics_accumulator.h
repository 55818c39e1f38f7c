// StatisticsAccumulator: min, max and null count of the values of a page or a column chunk,
// following Parquet's sort order for the column (see StatsOrder in writer_leaf.h).
//
// min()/max() are PLAIN-encoded exact values (no length prefix for byte arrays). Floating
// point follows the format's rules: NaN is ignored (all-NaN -> no min/max), a zero minimum is
// written as -0.0 and a zero maximum as +0.0. Owns its memory; not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "format/parquet/writer/physical_values.h"
#include "format/parquet/writer/writer_leaf.h"

namespace lakeml::parquet {

class StatisticsAccumulator {
 public:
  // `type_length` is the FIXED_LEN_BYTE_ARRAY width (unused for other types).
  StatisticsAccumulator(StatsOrder order, Type physical_type, int type_length)
      : order_(order), physical_type_(physical_type), type_length_(type_length) {}

  // REQUIRES: `values` has the column's physical type.
  void Update(const PhysicalValues& values);
  // One byte-array or fixed-length value.
  // REQUIRES: the order is kBytes or kDecimalBytes.
  void UpdateValue(std::string_view value) { MergeMinMax(value, value); }
  void AddNulls(int64_t n) { null_count_ += n; }
  void Merge(const StatisticsAccumulator& other);
  void Reset();

  int64_t null_count() const { return null_count_; }
  bool has_min_max() const { return has_min_max_; }
  const std::string& min() const { return min_; }
  const std::string& max() const { return max_; }

  // Statistics bound for byte arrays: a prefix of at most `limit` bytes is still a lower bound.
  // Returns whether it truncated.
  static bool TruncateMin(std::string_view value, size_t limit, std::string* out);
  // An upper bound of at most `limit` bytes: the prefix with its last non-0xFF byte
  // incremented. nullopt when no such bound exists (the prefix is all 0xFF).
  static std::optional<std::string> TruncateMax(std::string_view value, size_t limit);

  // a < b in this column's order. REQUIRES: both PLAIN-encoded values of this column (byte
  // arrays may be truncated bounds).
  bool Less(std::string_view a, std::string_view b) const;

 private:
  void MergeMinMax(std::string_view lo, std::string_view hi);
  template <typename T>
  void UpdateIntegers(const uint8_t* p, int64_t n);
  template <typename T>
  void UpdateFloats(const uint8_t* p, int64_t n);
  void UpdateFloat16(const uint8_t* p, int64_t n);
  void UpdateBooleans(const uint8_t* bits, int64_t offset, int64_t n);
  void UpdateBytes(const PhysicalValues& values);

  StatsOrder order_;
  Type physical_type_;
  int type_length_;
  int64_t null_count_ = 0;
  bool has_min_max_ = false;
  std::string min_;
  std::string max_;
};

}  // namespace lakeml::parquet
