// PlainEncoder: the PLAIN encoding for every physical type (see PlainDecoder for the
// layout). See ValueEncoder for ownership and thread-safety.
#pragma once

#include <cstdint>
#include <string>

#include "format/parquet/encoding/value_encoder.h"

namespace lakeml::parquet {

class PlainEncoder final : public ValueEncoder {
 public:
  // REQUIRES: type_length > 0 for FIXED_LEN_BYTE_ARRAY.
  PlainEncoder(Type type, int type_length);

  void PutFixed(const uint8_t* values, int64_t n) override;
  void PutBooleans(const uint8_t* bits, int64_t bit_offset, int64_t n) override;
  void PutByteArrays(const int64_t* offsets, const uint8_t* data, int64_t n) override;
  int64_t EstimatedSize() const override { return static_cast<int64_t>(buffer_.size()); }
  void FinishTo(std::string* out) override;

 private:
  const Type type_;
  const int width_;
  std::string buffer_;
  int64_t num_bits_ = 0;  // BOOLEAN: bits written to buffer_.
};

}  // namespace lakeml::parquet
