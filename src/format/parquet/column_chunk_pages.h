// ColumnChunkPages: the pages of one column chunk with their bytes decompressed into one
// buffer, ready to decode again and again without I/O, checksums or decompression: the unit
// that ColumnChunkCache keeps. Index pages are dropped; every other page is kept as its header
// describes it (ColumnPage, with `stored` pointing into this object's buffer).
//
// Build() checks only the framing (headers, bounds, CRCs, decompression); the values are
// checked when ColumnChunkReader decodes them, exactly as for a chunk read from its stored
// bytes.
//
// Immutable after Build; shared (shared_ptr) by the cache and the readers decoding it, so
// evicting it never frees bytes in use. Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "base/result.h"
#include "columnar/buffer.h"
#include "format/parquet/column_page.h"
#include "format/parquet/metadata.h"

namespace lakeml::parquet {

class ColumnChunkPages {
 public:
  // Decompresses the pages of the chunk chunk[0, size) described by `meta`, up to the data
  // page that completes meta.num_values level entries. nullptr (not an error) when the plain
  // bytes would pass max_bytes. An error for a broken chunk: the caller then decodes the
  // stored bytes, which reports it where it is found.
  static Result<std::shared_ptr<const ColumnChunkPages>> Build(const ColumnMetaData& meta,
                                                               const uint8_t* chunk, int64_t size,
                                                               bool verify_checksums,
                                                               int64_t max_page_bytes,
                                                               int64_t max_bytes);

  // The pages in chunk order; each page's `stored` points at its plain bytes (so `compressed`
  // is false).
  const std::vector<ColumnPage>& pages() const { return pages_; }
  // Bytes this object holds (for the cache's budget).
  int64_t memory_bytes() const;

 private:
  ColumnChunkPages() = default;

  std::vector<ColumnPage> pages_;
  columnar::BufferPtr bytes_;
};

}  // namespace lakeml::parquet
