// RleBitPackedDecoder: decodes Parquet's RLE/bit-packing hybrid (repetition and definition
// levels, dictionary indices, RLE booleans) given its bit width. The caller strips any
// 4-byte length prefix and passes the encoded runs.
//
// Holds a pointer into the caller's bytes, which must stay alive while decoding; owns no
// heap memory, so one instance is cheap to reuse per page. Not thread-safe.
//
// Run lengths are bounded by the bytes present: a bit-packed run whose header claims more
// values than its bytes hold yields only the complete values present (some writers
// truncate the last run). Nothing is allocated from a header claim.
#pragma once

#include <cstdint>

#include "base/status.h"

namespace lakeml::parquet {

class RleBitPackedDecoder {
 public:
  RleBitPackedDecoder() = default;

  // REQUIRES: 0 <= bit_width <= 32; size >= 0.
  void Reset(const uint8_t* data, int64_t size, int bit_width);

  // Decodes exactly n values into out[0, n). Corruption if the stream runs out or is
  // malformed; out[0, n) is then unspecified.
  // T: uint8_t, int16_t, int32_t, uint32_t (values are truncated to T).
  template <typename T>
  Status Decode(T* out, int64_t n);

  // As Decode<uint32_t>, and checks that every value is < dict_size.
  Status DecodeIndices(uint32_t* out, int64_t n, uint32_t dict_size);

  // Decodes n values of bit width 1 as bits [out_bit_offset, out_bit_offset + n) of the
  // LSB-first bitmap `out` (other bits unchanged). Bit-packed runs are copied as bitmaps.
  // REQUIRES: bit_width == 1.
  Status DecodeBits(uint8_t* out, int64_t out_bit_offset, int64_t n);

  int bit_width() const { return bit_width_; }

 private:
  template <typename T, bool kCheck>
  Status DecodeImpl(T* out, int64_t n, uint32_t dict_size);
  // Starts the next run; false at the end of the stream. Errors for malformed headers.
  Status NextRun(bool* found);
  // Unpacks up to 32 values of the literal run into buffer_.
  void FillBuffer();
  Status EndedEarly(int64_t needed, int64_t got) const;

  const uint8_t* pos_ = nullptr;  // Next run header.
  const uint8_t* end_ = nullptr;
  int bit_width_ = 0;
  uint32_t max_value_ = 0;  // Largest value representable in bit_width_ bits.

  // The current RLE run: rle_left_ more copies of rle_value_.
  int64_t rle_left_ = 0;
  uint32_t rle_value_ = 0;
  // The current bit-packed run: literal_left_ values not yet unpacked, starting at bit
  // literal_bit_ (non-zero only after DecodeBits) of literal_.
  int64_t literal_left_ = 0;
  const uint8_t* literal_ = nullptr;
  int literal_bit_ = 0;
  // Literal values unpacked but not yet returned: buffer_[buffer_pos_, buffer_len_).
  int buffer_pos_ = 0;
  int buffer_len_ = 0;
  uint32_t buffer_[32];
};

}  // namespace lakeml::parquet
