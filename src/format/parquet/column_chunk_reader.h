// ColumnChunkReader: decodes one leaf column chunk — every page, dictionary included — into
// LeafData: definition and repetition levels plus the dense non-null values in the leaf's
// columnar type.
//
// Handles data pages v1 and v2, dictionary pages (PLAIN_DICTIONARY and RLE_DICTIONARY ids, with
// a mid-chunk fallback to another encoding), every value encoding, every codec, and verifies
// page CRCs when present. Nothing is allocated from a size a header claims before the claim has
// been checked against the bytes actually present.
//
// Borrows the schema node and column metadata. Not thread-safe; use one per task. Reusable:
// scratch buffers are kept across Read() calls.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "columnar/buffer.h"
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

 private:
  struct Output;
  Status ReadDictionaryPage(const PageHeader& header, const uint8_t* data, int64_t size);
  Status ReadDataPage(const PageHeader& header, const uint8_t* data, int64_t size, Output* out);
  // Decompresses in[0, in_size) to exactly out_size bytes; returns a pointer to them (in
  // itself when the chunk is uncompressed).
  Result<const uint8_t*> Decompress(const uint8_t* in, int64_t in_size, int64_t out_size,
                                    columnar::Buffer* scratch);
  Status DecodeLevels(Encoding encoding, int16_t max_level, const uint8_t* data, int64_t size,
                      int64_t n, int16_t* out);
  Status DecodeValues(Encoding encoding, const uint8_t* data, int64_t size, int64_t n, Output* out);
  Result<ValueDecoder*> DecoderFor(Encoding encoding);

  ColumnChunkReadOptions options_;
  const SchemaNode* leaf_ = nullptr;
  const ColumnMetaData* meta_ = nullptr;
  int width_ = 0;                   // Bytes per raw value for fixed-width physical types.
  columnar::VectorPtr dictionary_;  // Raw (physical storage) values of the dictionary page.
  columnar::Buffer page_scratch_;
  columnar::Buffer dict_scratch_;
  columnar::Buffer indices_;  // uint32_t dictionary indices of one page.
  RleBitPackedDecoder rle_;
  std::vector<std::pair<Encoding, std::unique_ptr<ValueDecoder>>> decoders_;
};

}  // namespace lakeml::parquet
