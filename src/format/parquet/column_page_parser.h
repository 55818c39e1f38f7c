// ColumnPageParser: walks the pages of a column chunk's stored bytes: parses each page header,
// checks the page lies within the chunk and (optionally) its CRC, and turns its stored bytes
// into plain (decompressed) bytes. Shared by ColumnChunkReader (page by page, into a reused
// buffer) and ColumnChunkPages (a whole chunk, into one cached buffer), so both give the same
// checks and the same errors.
//
// Stateless; thread-safe.
#pragma once

#include <cstdint>

#include "base/result.h"
#include "format/parquet/column_page.h"
#include "format/parquet/enums.h"

namespace lakeml::parquet {

class ColumnPageParser {
 public:
  // Parses the page at chunk[*pos, size), numbered `index`, into *page and advances *pos past
  // it. Errors name the page.
  static Status Parse(const uint8_t* chunk, int64_t size, int64_t* pos, int index,
                      CompressionCodec codec, bool verify_checksum, ColumnPage* page);

  // The number of plain bytes of `page` (v2: levels and values), after checking the header's
  // sizes: an uncompressed page's sizes agree, a compressed one claims at most max_page_bytes,
  // v2 level lengths fit the page. Errors do not name the page (callers add it).
  static Result<int64_t> PlainSize(const ColumnPage& page, int64_t max_page_bytes);

  // Writes the page's plain_size = PlainSize(page) bytes to out (decompressing them when
  // page.compressed, else copying).
  static Status Decompress(CompressionCodec codec, const ColumnPage& page, int64_t plain_size,
                           uint8_t* out);
};

}  // namespace lakeml::parquet
