// ColumnChunkWriter: encodes the values of one leaf column for one row group into Parquet
// pages: an optional PLAIN dictionary page and data pages (v1 or v2) of about
// WriterOptions::page_bytes each, cut at record boundaries. Values are dictionary-encoded
// (RLE_DICTIONARY) until the dictionary outgrows dictionary_page_bytes, then PLAIN for the
// rest of the chunk (earlier pages stay dictionary-encoded). Levels are RLE; pages are
// compressed and checksummed; page and chunk statistics and the page index are collected.
//
// One writer per leaf, reused for every row group (Reset). Owns its buffers; the encoded
// chunk stays valid until Reset. Not thread-safe; different leaves' writers may run on
// different threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "format/parquet/encoding/rle_bit_packed_encoder.h"
#include "format/parquet/encoding/value_encoder.h"
#include "format/parquet/metadata.h"
#include "format/parquet/writer/byte_array_dictionary.h"
#include "format/parquet/writer/fixed_width_dictionary.h"
#include "format/parquet/writer/level_shredder.h"
#include "format/parquet/writer/statistics_accumulator.h"
#include "format/parquet/writer/value_gatherer.h"
#include "format/parquet/writer/writer_leaf.h"
#include "format/parquet/writer/writer_options.h"

namespace lakeml::parquet {

// A finished column chunk. Offsets are relative to the chunk's first byte (the dictionary
// page when there is one): the file writer adds the chunk's file offset.
struct EncodedColumnChunk {
  std::string dictionary_page;  // Header + body; empty when the chunk has no dictionary.
  std::string data_pages;       // Headers + bodies, in order.
  ColumnMetaData meta_data;
  std::optional<ColumnIndex> column_index;  // When requested and every page has bounds.
  OffsetIndex offset_index;
};

class ColumnChunkWriter {
 public:
  // REQUIRES: `leaf` and `options` outlive the writer.
  static Result<std::unique_ptr<ColumnChunkWriter>> Make(const WriterLeaf* leaf,
                                                         const WriterOptions* options);

  // Appends a shredded slice of rows. Slices start at record boundaries.
  Status Write(const ShreddedLeaf& slice);
  // Flushes the last page and builds the dictionary page.
  Status Finish();
  // REQUIRES: Finish() returned OK.
  const EncodedColumnChunk& chunk() const { return chunk_; }
  // Prepares for the next row group.
  void Reset();

 private:
  ColumnChunkWriter(const WriterLeaf* leaf, const WriterOptions* options,
                    std::unique_ptr<ValueEncoder> plain);

  Status WriteBatch(const ShreddedLeaf& slice, int64_t begin, int64_t end, int64_t value_index,
                    int64_t num_values);
  void DictionaryInsert(const PhysicalValues& values);
  void MarkSeen(const uint32_t* indices, int64_t n);
  void StatisticsFromDictionary();
  int64_t DictionaryPlainBytes() const;
  int64_t DictionarySize() const;
  int64_t EstimatedPageBytes() const;
  Status FlushPage();
  Status WriteDictionaryPage();
  // Compresses src into compressed_ (or points at src when uncompressed).
  Status Compress(const std::string& src, const std::string** out);
  std::optional<Statistics> PageStatistics(const StatisticsAccumulator& stats) const;
  void FinishColumnIndex();

  const WriterLeaf* leaf_;
  const WriterOptions* options_;
  const bool collect_stats_;
  std::unique_ptr<ValueEncoder> plain_;
  ValueGatherer gatherer_;
  RleBitPackedEncoder def_encoder_;
  RleBitPackedEncoder rep_encoder_;

  // Dictionary state. Which table is used depends on the physical type.
  bool dictionary_enabled_;
  bool dictionary_active_;  // False after the fallback to PLAIN.
  FixedWidthDictionary<uint32_t> dict32_;
  FixedWidthDictionary<uint64_t> dict64_;
  ByteArrayDictionary dict_bytes_;
  std::vector<uint32_t> indices_;  // The current page's dictionary indices.
  int64_t dictionary_values_ = 0;  // Values dictionary-encoded in this chunk.
  // Index encoders by bit width, kept to reuse their buffers from page to page.
  std::unique_ptr<RleBitPackedEncoder> index_encoders_[33];
  // Byte-array statistics of dictionary pages come from the distinct entries a page uses
  // (one comparison per entry instead of per value): seen_[i] marks entry i as used by the
  // current page, page_entries_ lists those entries.
  const bool stats_from_dictionary_;
  std::vector<uint8_t> seen_;
  std::vector<uint32_t> page_entries_;

  // The current page.
  int64_t page_levels_ = 0;
  int64_t page_values_ = 0;
  int64_t page_rows_ = 0;
  bool page_uses_dictionary_ = false;
  double bytes_per_level_ = 0;  // Calibrated from finished batches; 0 until known.
  StatisticsAccumulator page_stats_;

  // The chunk.
  int64_t chunk_levels_ = 0;
  int64_t chunk_rows_ = 0;
  int64_t uncompressed_bytes_ = 0;
  int64_t compressed_bytes_ = 0;
  int32_t plain_pages_ = 0;
  int32_t dictionary_pages_ = 0;
  StatisticsAccumulator chunk_stats_;
  ColumnIndex column_index_;
  bool column_index_valid_ = true;
  EncodedColumnChunk chunk_;

  // Scratch, reused between pages.
  std::string body_;
  std::string values_;
  std::string compressed_;
  std::string header_;
};

}  // namespace lakeml::parquet
