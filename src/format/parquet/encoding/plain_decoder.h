// PlainDecoder: the PLAIN encoding for every physical type. BOOLEAN values are bit-packed
// LSB-first; BYTE_ARRAY values carry 4-byte little-endian length prefixes; the others are
// fixed-width little-endian values back to back. Also decodes dictionary pages.
//
// See ValueDecoder for ownership and thread-safety.
#pragma once

#include <cstdint>

#include "format/parquet/encoding/value_decoder.h"

namespace lakeml::parquet {

class PlainDecoder final : public ValueDecoder {
 public:
  // REQUIRES: type_length > 0 for FIXED_LEN_BYTE_ARRAY.
  PlainDecoder(Type type, int type_length);

  Status Reset(const uint8_t* data, int64_t size, int64_t num_values) override;
  Status DecodeFixed(int64_t n, uint8_t* out) override;
  Status DecodeBooleans(int64_t n, uint8_t* out, int64_t out_bit_offset) override;
  Status DecodeByteArrays(int64_t n, int64_t* offsets, columnar::Buffer* data) override;

 private:
  Status TooFewValues(int64_t n) const;

  const Type type_;
  const int width_;  // Bytes per value for fixed-width types.
  const uint8_t* pos_ = nullptr;
  const uint8_t* end_ = nullptr;
  int64_t values_left_ = 0;
  int64_t bit_offset_ = 0;  // BOOLEAN: bits of pos_ already consumed.
};

}  // namespace lakeml::parquet
