// WriterOptions: the knobs of the Parquet FileWriter (file_writer.h).
//
// A plain value type; copy it freely. Defaults suit large analytic files: Snappy, 1 MiB pages,
// dictionary encoding with PLAIN fallback, chunk and page statistics, CRC-32 page checksums.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "format/parquet/enums.h"

namespace lakeml::parquet {

struct WriterOptions {
  CompressionCodec compression = CompressionCodec::kSnappy;
  int compression_level = -1;  // The codec's default.
  // A row group is flushed at whichever limit comes first.
  int64_t row_group_rows = 1 << 20;
  int64_t row_group_bytes = 128 << 20;  // Estimated uncompressed bytes.
  int64_t page_bytes = 1 << 20;         // Target uncompressed data page size.
  // A dictionary larger than this (PLAIN-encoded) makes the rest of the chunk fall back to PLAIN.
  int64_t dictionary_page_bytes = 1 << 20;
  bool dictionary = true;
  // Chunk statistics (min_value / max_value / null_count), and page statistics in the headers.
  bool statistics = true;
  bool page_index = false;     // Write ColumnIndex + OffsetIndex.
  bool page_checksums = true;  // CRC-32 in page headers.
  int data_page_version = 1;   // 1 or 2.
  // Columns of a row group are encoded in parallel; 0 = hardware concurrency, 1 = inline.
  int num_threads = 0;
  std::vector<std::pair<std::string, std::string>> key_value_metadata;
  std::string created_by = "lakeml version 0.1.0";
};

}  // namespace lakeml::parquet
