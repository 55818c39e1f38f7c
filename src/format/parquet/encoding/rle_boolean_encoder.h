// RleBooleanEncoder: the RLE encoding of BOOLEAN values (a 4-byte length, then the
// RLE/bit-packing hybrid with bit width 1). See ValueEncoder for ownership and
// thread-safety.
#pragma once

#include <cstdint>
#include <string>

#include "format/parquet/encoding/rle_bit_packed_encoder.h"
#include "format/parquet/encoding/value_encoder.h"

namespace lakeml::parquet {

class RleBooleanEncoder final : public ValueEncoder {
 public:
  RleBooleanEncoder() : rle_(1) {}

  void PutBooleans(const uint8_t* bits, int64_t bit_offset, int64_t n) override;
  int64_t EstimatedSize() const override { return 4 + rle_.EstimatedSize(); }
  void FinishTo(std::string* out) override;

 private:
  RleBitPackedEncoder rle_;
};

}  // namespace lakeml::parquet
