// ByteStreamSplitEncoder: the BYTE_STREAM_SPLIT encoding (see ByteStreamSplitDecoder).
// Buffers the page's values and scatters them into byte streams in FinishTo(). See
// ValueEncoder for ownership and thread-safety.
#pragma once

#include <cstdint>
#include <string>

#include "format/parquet/encoding/value_encoder.h"

namespace lakeml::parquet {

class ByteStreamSplitEncoder final : public ValueEncoder {
 public:
  // REQUIRES: width > 0.
  explicit ByteStreamSplitEncoder(int width);

  void PutFixed(const uint8_t* values, int64_t n) override;
  int64_t EstimatedSize() const override { return static_cast<int64_t>(values_.size()); }
  void FinishTo(std::string* out) override;

 private:
  const int width_;
  std::string values_;  // Raw values, back to back.
};

}  // namespace lakeml::parquet
