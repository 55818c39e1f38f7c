// DeltaBinaryPackedEncoder: the DELTA_BINARY_PACKED encoding of INT32 (T = uint32_t) and
// INT64 (T = uint64_t), with blocks of 128 values in 4 miniblocks of 32, as parquet-mr and
// Arrow write it. Also encodes the length streams of the DELTA_*_BYTE_ARRAY encoders
// through its typed Put().
//
// Deltas wrap in the type's width (unsigned arithmetic). See ValueEncoder for ownership
// and thread-safety.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>

#include "format/parquet/encoding/value_encoder.h"

namespace lakeml::parquet {

template <typename T>
class DeltaBinaryPackedEncoder final : public ValueEncoder {
  static_assert(std::is_same_v<T, uint32_t> || std::is_same_v<T, uint64_t>);

 public:
  void PutFixed(const uint8_t* values, int64_t n) override;
  void Put(const T* values, int64_t n);
  int64_t EstimatedSize() const override;
  void FinishTo(std::string* out) override;

 private:
  // DO NOT CHANGE without checking readers: 128/4 is what every Parquet writer emits.
  static constexpr int kBlockSize = 128;
  static constexpr int kMiniblocks = 4;
  static constexpr int kPerMiniblock = kBlockSize / kMiniblocks;

  void FlushBlock();

  std::string blocks_;
  int64_t total_ = 0;
  T first_ = 0;
  T last_ = 0;
  int num_deltas_ = 0;
  T deltas_[kBlockSize];
};

extern template class DeltaBinaryPackedEncoder<uint32_t>;
extern template class DeltaBinaryPackedEncoder<uint64_t>;

}  // namespace lakeml::parquet
