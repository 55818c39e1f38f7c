// Statistics: the Parquet Statistics struct (parquet.thrift), stored per column chunk in
// ColumnMetaData and optionally per page in data page headers. Values are PLAIN-encoded
// bytes (byte arrays without their length prefix). Plain value: thread-safe to read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace lakeml::parquet {

struct Statistics {
  // Deprecated: min/max by signed comparison. Prefer min_value/max_value.
  std::optional<std::string> max;
  std::optional<std::string> min;
  // Absent != 0: a reader must not assume no nulls when it is absent.
  std::optional<int64_t> null_count;
  std::optional<int64_t> distinct_count;
  // Bounds under the column's ColumnOrder.
  std::optional<std::string> max_value;
  std::optional<std::string> min_value;
  std::optional<bool> is_max_value_exact;
  std::optional<bool> is_min_value_exact;
  // FLOAT/DOUBLE/FLOAT16 only; absent means NaNs may be present.
  std::optional<int64_t> nan_count;

  bool operator==(const Statistics&) const = default;
};

}  // namespace lakeml::parquet
