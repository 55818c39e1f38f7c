// ColumnChunkReader: decodes one leaf column chunk — every page, dictionary included — into
// LeafData: definition and repetition levels plus the dense non-null values in the leaf's
// columnar type. Either all at once (Read) or incrementally, a slice of level entries at a time
// (Open + ReadNext): a scan then holds one decompressed page per column, never a whole decoded
// row group. The dictionary page is decoded once per chunk.
//
// Handles data pages v1 and v2, dictionary pages (PLAIN_DICTIONARY and RLE_DICTIONARY ids, with
// a mid-chunk fallback to another encoding), every value encoding, every codec, and verifies
// page CRCs when present. Nothing is allocated from a size a header claims before the claim has
// been checked against the bytes actually present.
//
// Borrows the schema node, the column metadata and (until the next Open/Read) the chunk bytes.
// Not thread-safe; use one per task. Reusable: scratch buffers are kept across chunks.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "columnar/buffer.h"
#include "format/parquet/column_chunk_pages.h"
#include "format/parquet/column_page.h"
#include "format/parquet/column_slice.h"
#include "format/parquet/encoding/rle_bit_packed_decoder.h"
#include "format/parquet/encoding/value_decoder.h"
#include "format/parquet/leaf_data.h"
#include "format/parquet/metadata.h"
#include "format/parquet/schema_node.h"

namespace lakeml::parquet {

struct ColumnChunkReadOptions {
  bool verify_checksums = true;
  // A single page may not decompress to more than this (guards against absurd header claims).
  int64_t max_page_bytes = 1LL << 30;
};

class ColumnChunkReader {
 public:
  explicit ColumnChunkReader(ColumnChunkReadOptions options = {}) : options_(options) {}

  // Decodes the chunk whose bytes (from its first page) are chunk[0, size).
  // Errors name the page ("page 3: ...") and what is wrong; callers add file, row group and
  // column.
  Result<LeafData> Read(const SchemaNode& leaf, const ColumnMetaData& meta, const uint8_t* chunk,
                        int64_t size);

  // Starts incremental decoding of the chunk chunk[0, size), which must stay alive until the
  // next Open() or Read().
  Status Open(const SchemaNode& leaf, const ColumnMetaData& meta, const uint8_t* chunk,
              int64_t size);
  // Starts incremental decoding of a chunk whose pages are already decompressed (e.g. from
  // ColumnChunkCache); holds a reference to them until the next Open() or Read().
  Status Open(const SchemaNode& leaf, const ColumnMetaData& meta,
              std::shared_ptr<const ColumnChunkPages> pages);
  // Decodes the next n level entries (for a flat leaf: n rows). Corruption if the chunk holds
  // fewer; errors name the page. REQUIRES: Open() succeeded; n >= 0.
  Result<LeafData> ReadNext(int64_t n);
  // Decodes the next n rows of a flat column (no repetition) into *slice (decision 0027): in
  // dictionary form while every value comes from dictionary pages whose dictionary converts to
  // the column's type, else in values form (slice->leaf as ReadNext returns it; not converted to
  // the column's type when `convert` is false, for rows the caller drops). A chunk that falls
  // back from dictionary to plain pages mid-slice gives values form. Errors as ReadNext's.
  // With keep_bits (kept of the n rows set), values form holds only the kept rows, selected
  // before conversion (slice->selected); kept == 0: nothing is converted.
  // REQUIRES: Open() succeeded; n >= 0.
  Status ReadSlice(int64_t n, ColumnSlice* slice, const uint8_t* keep_bits = nullptr,
                   int64_t kept = -1);
  // Level entries not yet returned by ReadNext (per the chunk's metadata).
  int64_t levels_left() const { return meta_->num_values - levels_returned_; }

 private:
  struct Output;
  Status ReadDictionaryPage(const ColumnPage& page);
  // Parses pages up to the next data page holding values and starts it (levels decoded,
  // value decoder positioned). Corruption if the chunk has no further data page.
  Status LoadNextDataPage();
  Status StartDataPage(const ColumnPage& page);
  // Appends the next k level entries of the current page, and their values, to out.
  Status ConsumePage(int64_t k, Output* out);
  Status StartValues(Encoding encoding, const uint8_t* data, int64_t size, int64_t n);
  // The page's plain bytes and their number: its stored bytes when they are not compressed,
  // else decompressed into page_scratch_.
  Result<const uint8_t*> PlainBytes(const ColumnPage& page, int64_t* size);
  Status DecodeLevels(Encoding encoding, int16_t max_level, const uint8_t* data, int64_t size,
                      int64_t n, int16_t* out);
  // Decodes the next n values of the current page (started by StartValues) into out.
  Status DecodeValues(int64_t n, Output* out);
  Result<ValueDecoder*> DecoderFor(Encoding encoding);
  Result<LeafData> Finish(Output* out) const;
  // Keeps only the level entries (and their values) of out whose bit is set in keep.
  // REQUIRES: a flat leaf (no repetition levels).
  void SelectRows(const uint8_t* keep, int64_t kept, Output* out) const;
  // Fresh output buffers for n level entries.
  void InitOutput(int64_t n, Output* out) const;
  // Appends dictionary values idx[0, n) (checked indices) to out.
  void GatherDictionary(const uint32_t* idx, int64_t n, Output* out);
  // The dictionary converted to the leaf's type, or null when it cannot be (decoded once per
  // chunk, on first use).
  const columnar::VectorPtr& TypedDictionary();

  ColumnChunkReadOptions options_;
  const SchemaNode* leaf_ = nullptr;
  const ColumnMetaData* meta_ = nullptr;
  int width_ = 0;                   // Bytes per raw value for fixed-width physical types.
  columnar::VectorPtr dictionary_;  // Raw (physical storage) values of the dictionary page.
  columnar::VectorPtr typed_dictionary_;  // dictionary_ in the leaf's type (ReadSlice).
  uint64_t typed_dictionary_id_ = 0;
  bool typed_dictionary_tried_ = false;
  columnar::Buffer page_scratch_;
  columnar::Buffer indices_;  // uint32_t dictionary indices of one page.
  RleBitPackedDecoder rle_;   // Levels, then the page's dictionary indices.
  std::vector<std::pair<Encoding, std::unique_ptr<ValueDecoder>>> decoders_;

  // Incremental state: the chunk, the next page's offset, and the current data page.
  std::shared_ptr<const ColumnChunkPages> pages_;  // Set: pages come from here, not chunk_.
  size_t next_page_ = 0;                           // Of pages_.
  const uint8_t* chunk_ = nullptr;
  int64_t size_ = 0;
  int64_t pos_ = 0;
  int page_ = 0;                          // Index of the next page to parse (for errors).
  int64_t levels_loaded_ = 0;             // Level entries of the data pages started so far.
  int64_t levels_returned_ = 0;           // Level entries handed out by ReadNext.
  int64_t page_levels_ = 0;               // Level entries of the current data page.
  int64_t page_pos_ = 0;                  // Of which consumed.
  columnar::Buffer page_def_;             // int16_t[page_levels_] when max_def > 0.
  columnar::Buffer page_rep_;             // int16_t[page_levels_] when max_rep > 0.
  bool page_dictionary_ = false;          // The current page's values are dictionary indices.
  ValueDecoder* page_decoder_ = nullptr;  // Otherwise their decoder.
  int64_t page_values_left_ = 0;          // Non-null values of the current page not yet decoded.
};

}  // namespace lakeml::parquet
