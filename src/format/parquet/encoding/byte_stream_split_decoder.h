// ByteStreamSplitDecoder: the BYTE_STREAM_SPLIT encoding of FLOAT, DOUBLE, INT32, INT64 and
// FIXED_LEN_BYTE_ARRAY: K byte streams of N bytes (K = value width, N = page bytes / K);
// byte j of value i is byte i of stream j.
//
// See ValueDecoder for ownership and thread-safety.
#pragma once

#include <cstdint>

#include "format/parquet/encoding/value_decoder.h"

namespace lakeml::parquet {

class ByteStreamSplitDecoder final : public ValueDecoder {
 public:
  // REQUIRES: width > 0.
  explicit ByteStreamSplitDecoder(int width);

  Status Reset(const uint8_t* data, int64_t size, int64_t num_values) override;
  Status DecodeFixed(int64_t n, uint8_t* out) override;

 private:
  const int width_;
  const uint8_t* data_ = nullptr;
  int64_t stride_ = 0;    // N: bytes per stream.
  int64_t position_ = 0;  // Index of the next value.
  int64_t values_left_ = 0;
};

}  // namespace lakeml::parquet
