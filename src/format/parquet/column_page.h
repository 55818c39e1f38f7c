// ColumnPage: one page of a column chunk as its header describes it: what the decoder needs to
// decode it (type, counts, encodings, v2 level lengths) and where its bytes are. Made by
// ColumnPageParser from the stored chunk, or kept (with its bytes decompressed) in a
// ColumnChunkPages. A plain value; `stored` is borrowed from the chunk's bytes.
#pragma once

#include <cstdint>

#include "format/parquet/enums.h"

namespace lakeml::parquet {

struct ColumnPage {
  int index = 0;  // Position in the chunk, counting every page (for errors: "page 3").
  PageType type = PageType::kDataPage;
  int32_t uncompressed_page_size = 0;  // As the header claims.
  // Data pages: level entries (including nulls); dictionary pages: dictionary values.
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;  // Of the values (of the dictionary for its page).
  Encoding definition_level_encoding = Encoding::kRle;  // Data page v1 only.
  Encoding repetition_level_encoding = Encoding::kRle;
  bool v2 = false;  // DATA_PAGE_V2: levels first, never compressed.
  int32_t definition_levels_byte_length = 0;
  int32_t repetition_levels_byte_length = 0;
  // True when the stored bytes must be decompressed to give the page's plain bytes.
  bool compressed = false;
  const uint8_t* stored = nullptr;  // The page's bytes as stored, after its header.
  int64_t stored_size = 0;
};

}  // namespace lakeml::parquet
