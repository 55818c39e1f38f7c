// The Parquet page index (parquet.thrift): OffsetIndex (where each data page of a column
// chunk starts, and its first row) and ColumnIndex (per-page min/max/null statistics).
// Plain values: thread-safe to read.
//
// Parsed indexes are validated: offsets, sizes and counts are non-negative, the boundary
// order is known, and the per-page lists of a ColumnIndex have equal lengths.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "format/parquet/enums.h"

namespace lakeml::parquet {

struct PageLocation {
  int64_t offset = 0;                // File offset of the page header.
  int32_t compressed_page_size = 0;  // Header + compressed page bytes.
  int64_t first_row_index = 0;       // Within the row group.

  bool operator==(const PageLocation&) const = default;
};

struct OffsetIndex {
  std::vector<PageLocation> page_locations;
  std::vector<int64_t> unencoded_byte_array_data_bytes;  // Optional; empty when absent.

  bool operator==(const OffsetIndex&) const = default;
};

struct ColumnIndex {
  std::vector<bool> null_pages;  // True: the page holds only nulls (its min/max are empty).
  std::vector<std::string> min_values;
  std::vector<std::string> max_values;
  BoundaryOrder boundary_order = BoundaryOrder::kUnordered;
  // Absent != all zero: readers must not assume no nulls when absent.
  std::optional<std::vector<int64_t>> null_counts;
  std::vector<int64_t> repetition_level_histograms;  // Optional; empty when absent.
  std::vector<int64_t> definition_level_histograms;  // Optional; empty when absent.
  std::optional<std::vector<int64_t>> nan_counts;

  bool operator==(const ColumnIndex&) const = default;
};

}  // namespace lakeml::parquet
