// PageHeader and its per-page-type sub-headers (parquet.thrift): the Thrift struct that
// precedes every page of a column chunk. Plain values: thread-safe to read.
//
// Parsed headers are validated: sizes and counts are non-negative, the page type and the
// encodings are known values, and the sub-header matching `type` is present (except for
// INDEX_PAGE, whose sub-header is an empty struct that writers may omit).
#pragma once

#include <cstdint>
#include <optional>

#include "format/parquet/enums.h"
#include "format/parquet/statistics.h"

namespace lakeml::parquet {

struct DataPageHeader {
  int32_t num_values = 0;  // Including nulls.
  Encoding encoding = Encoding::kPlain;
  Encoding definition_level_encoding = Encoding::kRle;
  Encoding repetition_level_encoding = Encoding::kRle;
  std::optional<Statistics> statistics;

  bool operator==(const DataPageHeader&) const = default;
};

struct IndexPageHeader {
  bool operator==(const IndexPageHeader&) const = default;
};

struct DictionaryPageHeader {
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
  std::optional<bool> is_sorted;

  bool operator==(const DictionaryPageHeader&) const = default;
};

struct DataPageHeaderV2 {
  int32_t num_values = 0;  // Including nulls.
  int32_t num_nulls = 0;
  int32_t num_rows = 0;
  Encoding encoding = Encoding::kPlain;
  int32_t definition_levels_byte_length = 0;  // Levels are RLE, never compressed.
  int32_t repetition_levels_byte_length = 0;
  bool is_compressed = true;  // Absent on the wire means true.
  std::optional<Statistics> statistics;

  bool operator==(const DataPageHeaderV2&) const = default;
};

struct PageHeader {
  PageType type = PageType::kDataPage;
  int32_t uncompressed_page_size = 0;  // Excluding this header.
  int32_t compressed_page_size = 0;    // Excluding this header.
  std::optional<int32_t> crc;          // CRC-32 of the page bytes as stored (after compression).
  std::optional<DataPageHeader> data_page_header;
  std::optional<IndexPageHeader> index_page_header;
  std::optional<DictionaryPageHeader> dictionary_page_header;
  std::optional<DataPageHeaderV2> data_page_header_v2;

  bool operator==(const PageHeader&) const = default;
};

}  // namespace lakeml::parquet
