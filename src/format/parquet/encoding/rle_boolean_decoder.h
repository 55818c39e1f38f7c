// RleBooleanDecoder: the RLE encoding of BOOLEAN values: a 4-byte little-endian length, then
// that many bytes of RLE/bit-packing hybrid with bit width 1.
//
// See ValueDecoder for ownership and thread-safety.
#pragma once

#include <cstdint>

#include "format/parquet/encoding/rle_bit_packed_decoder.h"
#include "format/parquet/encoding/value_decoder.h"

namespace lakeml::parquet {

class RleBooleanDecoder final : public ValueDecoder {
 public:
  Status Reset(const uint8_t* data, int64_t size, int64_t num_values) override;
  Status DecodeBooleans(int64_t n, uint8_t* out, int64_t out_bit_offset) override;

 private:
  RleBitPackedDecoder rle_;
  int64_t values_left_ = 0;
};

}  // namespace lakeml::parquet
