// DeltaByteArrayDecoder: the DELTA_BYTE_ARRAY encoding (front coding) of BYTE_ARRAY and
// FIXED_LEN_BYTE_ARRAY: prefix lengths (DELTA_BINARY_PACKED), suffix lengths
// (DELTA_BINARY_PACKED), then the suffixes back to back. Value i is the first prefix[i]
// bytes of value i - 1 followed by suffix i.
//
// Lengths are decoded in chunks as values are requested; each chunk is validated (prefix
// no longer than the previous value, suffixes within the bytes present, FLBA lengths equal
// to type_length) before its output is sized and written. Keeps a copy of the last value
// between calls. See ValueDecoder for ownership and thread-safety.
#pragma once

#include <cstdint>
#include <vector>

#include "format/parquet/encoding/delta_binary_packed_decoder.h"
#include "format/parquet/encoding/value_decoder.h"

namespace lakeml::parquet {

class DeltaByteArrayDecoder final : public ValueDecoder {
 public:
  // type: BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY (REQUIRES: type_length > 0 for the latter).
  DeltaByteArrayDecoder(Type type, int type_length);

  Status Reset(const uint8_t* data, int64_t size, int64_t num_values) override;
  // FIXED_LEN_BYTE_ARRAY.
  Status DecodeFixed(int64_t n, uint8_t* out) override;
  // BYTE_ARRAY.
  Status DecodeByteArrays(int64_t n, int64_t* offsets, columnar::Buffer* data) override;

 private:
  // Decodes the lengths of the next c values into prefix_/suffix_ and validates them;
  // sets *total to the bytes the c values occupy.
  Status DecodeLengths(int64_t c, int64_t* total);
  // Writes the c values whose lengths DecodeLengths just decoded back to back at dst;
  // bytes up to dst_limit may be overwritten.
  void Assemble(int64_t c, uint8_t* dst, const uint8_t* dst_limit);
  Status TooFewValues(int64_t n) const;

  const Type type_;
  const int type_length_;
  DeltaBinaryPackedDecoder<uint32_t> prefix_lengths_;
  DeltaBinaryPackedDecoder<uint32_t> suffix_lengths_;
  const uint8_t* suffixes_ = nullptr;  // Next suffix.
  const uint8_t* end_ = nullptr;
  int64_t values_left_ = 0;
  static constexpr int64_t kLastValuePadding = 32;  // For 32-byte block copies.
  std::vector<uint8_t> last_value_;                 // last_length_ bytes, then padding.
  int64_t last_length_ = 0;
  std::vector<uint32_t> prefix_;
  std::vector<uint32_t> suffix_;
};

}  // namespace lakeml::parquet
