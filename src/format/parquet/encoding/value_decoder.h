// ValueDecoder: decodes the values section of a Parquet data page (or a dictionary page)
// in one non-dictionary encoding, for one physical type.
//
// One instance is reused for every page of a column chunk: Reset() starts a page. The
// decoder keeps pointers into the page bytes passed to Reset(), which must stay alive until
// the next Reset(). Calls are per batch, never per value. Not thread-safe.
//
// Each decoder supports the Decode* method of its physical type; the others return
// Internal errors. Every Decode* returns Corruption if fewer than n values remain or the
// bytes are malformed; the output is then unspecified.
#pragma once

#include <cstdint>
#include <memory>

#include "base/result.h"
#include "base/status.h"
#include "columnar/buffer.h"
#include "format/parquet/enums.h"

namespace lakeml::parquet {

class ValueDecoder {
 public:
  virtual ~ValueDecoder() = default;

  // Starts a new page's values: data[0, size) holding num_values values (non-null only).
  virtual Status Reset(const uint8_t* data, int64_t size, int64_t num_values) = 0;

  // Fixed-width types (not BOOLEAN): writes n values, n * width bytes, to out. INT32 and
  // FLOAT 4 bytes each, INT64 and DOUBLE 8, INT96 12, FIXED_LEN_BYTE_ARRAY type_length.
  virtual Status DecodeFixed(int64_t n, uint8_t* out);

  // BOOLEAN: writes n values as bits [out_bit_offset, out_bit_offset + n) of the LSB-first
  // bitmap out; its other bits are unchanged.
  virtual Status DecodeBooleans(int64_t n, uint8_t* out, int64_t out_bit_offset);

  // BYTE_ARRAY: appends the n values' bytes to *data and sets offsets[1..n], where
  // offsets[i + 1] is the end of value i in *data.
  // REQUIRES: offsets[0] == data->size(); offsets holds n + 1 entries.
  virtual Status DecodeByteArrays(int64_t n, int64_t* offsets, columnar::Buffer* data);
};

// The decoder for a non-dictionary `encoding` of physical `type` (type_length: the width of
// FIXED_LEN_BYTE_ARRAY, ignored otherwise). Corruption for combinations the format does not
// allow (e.g. DELTA_BINARY_PACKED for DOUBLE); NotImplemented for unknown encodings;
// InvalidArgument for the dictionary encodings, which the column reader decodes itself.
Result<std::unique_ptr<ValueDecoder>> MakeValueDecoder(Encoding encoding, Type type,
                                                       int type_length);

}  // namespace lakeml::parquet
