// RleBitPackedEncoder: encodes values as Parquet's RLE/bit-packing hybrid (levels,
// dictionary indices, RLE booleans) with a fixed bit width.
//
// Run detection: a value repeated 8 or more times, starting at a group boundary, becomes an
// RLE run; everything else is bit-packed in groups of 8 (the last group zero-padded). A
// bit-packed run's header is one reserved byte, so runs hold at most 63 groups (504 values).
//
// Owns its output buffer. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>

#include "base/check.h"

namespace lakeml::parquet {

class RleBitPackedEncoder {
 public:
  // REQUIRES: 0 <= bit_width <= 32.
  explicit RleBitPackedEncoder(int bit_width);

  // REQUIRES: v < 2^bit_width.
  void Put(uint64_t v) {
    LAKEML_DCHECK(bit_width_ == 64 || (v >> bit_width_) == 0);
    if (v == current_) {
      // Past 8 repeats the run is committed; the values need no buffering.
      if (++repeat_count_ > kMinRepeat) return;
    } else {
      if (repeat_count_ >= kMinRepeat) FlushRepeatedRun();
      repeat_count_ = 1;
      current_ = v;
    }
    buffered_[num_buffered_++] = v;
    if (num_buffered_ == kGroup) FlushBufferedGroup();
  }

  // REQUIRES: every value is >= 0 and < 2^bit_width.
  template <typename T>
  void PutBatch(const T* v, int64_t n) {
    using U = std::make_unsigned_t<T>;
    for (int64_t i = 0; i < n; ++i) Put(static_cast<uint64_t>(static_cast<U>(v[i])));
  }

  // Appends the encoded runs (no length prefix) to *out and clears the encoder.
  void FinishTo(std::string* out);

  // Bytes FinishTo would append now, give or take a run header.
  int64_t EstimatedSize() const;

  void Clear();

  int bit_width() const { return bit_width_; }

 private:
  static constexpr int kGroup = 8;       // DO NOT CHANGE: Parquet bit-packs groups of 8.
  static constexpr int kMinRepeat = 8;   // Shortest run worth an RLE run.
  static constexpr int kMaxGroups = 63;  // (63 << 1) | 1 fits the one reserved header byte.

  void FlushBufferedGroup();
  void FlushRepeatedRun();
  void WriteLiteralGroup();
  void CloseLiteralRun();

  int bit_width_;
  std::string out_;
  uint64_t buffered_[kGroup];
  int num_buffered_ = 0;
  uint64_t current_ = 0;
  int64_t repeat_count_ = 0;
  int64_t literal_groups_ = 0;   // Groups written to the open bit-packed run.
  int64_t literal_header_ = -1;  // Offset in out_ of its reserved header byte, or -1.
};

}  // namespace lakeml::parquet
