// DeltaLengthByteArrayDecoder: the DELTA_LENGTH_BYTE_ARRAY encoding of BYTE_ARRAY: the
// lengths as DELTA_BINARY_PACKED INT32, then all the values' bytes back to back.
//
// Lengths are decoded in chunks as values are requested (never all at once), and each
// chunk's total is checked against the bytes present before anything is copied.
//
// See ValueDecoder for ownership and thread-safety.
#pragma once

#include <cstdint>
#include <vector>

#include "format/parquet/encoding/delta_binary_packed_decoder.h"
#include "format/parquet/encoding/value_decoder.h"

namespace lakeml::parquet {

class DeltaLengthByteArrayDecoder final : public ValueDecoder {
 public:
  Status Reset(const uint8_t* data, int64_t size, int64_t num_values) override;
  Status DecodeByteArrays(int64_t n, int64_t* offsets, columnar::Buffer* data) override;

 private:
  DeltaBinaryPackedDecoder<uint32_t> lengths_;
  const uint8_t* bytes_ = nullptr;  // Next value's bytes.
  const uint8_t* end_ = nullptr;
  std::vector<uint32_t> chunk_;  // Decoded lengths, one chunk at a time.
};

}  // namespace lakeml::parquet
