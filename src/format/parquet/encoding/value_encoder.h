// ValueEncoder: encodes the values section of a Parquet data page in one non-dictionary
// encoding, for one physical type. Values are appended in batches; FinishTo() emits the page
// and resets the encoder for the next one. Owns its buffers. Not thread-safe.
//
// Each encoder supports the Put* method of its physical type; calling another is a bug
// (checked).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "base/result.h"
#include "format/parquet/enums.h"

namespace lakeml::parquet {

class ValueEncoder {
 public:
  virtual ~ValueEncoder() = default;

  // Fixed-width types (not BOOLEAN): n values of the type's width (see ValueDecoder).
  virtual void PutFixed(const uint8_t* values, int64_t n);

  // BOOLEAN: bits [bit_offset, bit_offset + n) of the LSB-first bitmap `bits`.
  virtual void PutBooleans(const uint8_t* bits, int64_t bit_offset, int64_t n);

  // BYTE_ARRAY: value i is data[offsets[i], offsets[i + 1]); offsets has n + 1 entries.
  // REQUIRES: every value is shorter than 2^31 bytes.
  virtual void PutByteArrays(const int64_t* offsets, const uint8_t* data, int64_t n);

  // Bytes FinishTo would append now (approximately; for page-size decisions).
  virtual int64_t EstimatedSize() const = 0;

  // Appends the encoded page values to *out and resets for the next page.
  virtual void FinishTo(std::string* out) = 0;
};

// The encoder for a non-dictionary `encoding` of physical `type`. InvalidArgument for
// combinations the format does not allow and for the dictionary encodings (the column
// writer builds dictionaries itself); NotImplemented for unknown encodings.
Result<std::unique_ptr<ValueEncoder>> MakeValueEncoder(Encoding encoding, Type type,
                                                       int type_length);

}  // namespace lakeml::parquet
