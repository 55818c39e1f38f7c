// DeltaByteArrayEncoder: the DELTA_BYTE_ARRAY encoding (front coding) of BYTE_ARRAY and
// FIXED_LEN_BYTE_ARRAY: each value is stored as the length of the prefix it shares with
// the previous value plus the rest. See ValueEncoder for ownership and thread-safety.
#pragma once

#include <cstdint>
#include <string>

#include "format/parquet/encoding/delta_binary_packed_encoder.h"
#include "format/parquet/encoding/value_encoder.h"

namespace lakeml::parquet {

class DeltaByteArrayEncoder final : public ValueEncoder {
 public:
  // type: BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY (REQUIRES: type_length > 0 for the latter).
  DeltaByteArrayEncoder(Type type, int type_length);

  void PutFixed(const uint8_t* values, int64_t n) override;
  void PutByteArrays(const int64_t* offsets, const uint8_t* data, int64_t n) override;
  int64_t EstimatedSize() const override;
  void FinishTo(std::string* out) override;

 private:
  // Encodes n values; value i is data[starts[i], starts[i] + lengths[i]).
  template <typename ValueAt>
  void PutValues(int64_t n, ValueAt value_at);

  const Type type_;
  const int type_length_;
  DeltaBinaryPackedEncoder<uint32_t> prefix_lengths_;
  DeltaBinaryPackedEncoder<uint32_t> suffix_lengths_;
  std::string suffixes_;
  std::string last_value_;
};

}  // namespace lakeml::parquet
