// DeltaLengthByteArrayEncoder: the DELTA_LENGTH_BYTE_ARRAY encoding of BYTE_ARRAY (lengths
// as DELTA_BINARY_PACKED, then the bytes back to back). See ValueEncoder for ownership and
// thread-safety.
#pragma once

#include <cstdint>
#include <string>

#include "format/parquet/encoding/delta_binary_packed_encoder.h"
#include "format/parquet/encoding/value_encoder.h"

namespace lakeml::parquet {

class DeltaLengthByteArrayEncoder final : public ValueEncoder {
 public:
  void PutByteArrays(const int64_t* offsets, const uint8_t* data, int64_t n) override;
  int64_t EstimatedSize() const override {
    return lengths_.EstimatedSize() + static_cast<int64_t>(bytes_.size());
  }
  void FinishTo(std::string* out) override;

 private:
  DeltaBinaryPackedEncoder<uint32_t> lengths_;
  std::string bytes_;
};

}  // namespace lakeml::parquet
