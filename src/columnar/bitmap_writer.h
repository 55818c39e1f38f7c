// BitmapWriter: appends bits, one at a time or a word at a time, to an LSB-first bitmap (validity
// or boolean values) that the caller has sized for the total number of bits.
//
// Does not own the output memory. Writes whole 64-bit words while they are complete and only the
// bytes the remaining bits need in Finish(), so it never writes past BytesForBits(total bits);
// bits past the last appended one in the final byte are 0. One writer per output; not
// thread-safe.
#pragma once

#include <cstdint>
#include <cstring>

#include "base/bit_util.h"
#include "columnar/bitmap_scan.h"

namespace lakeml::columnar {

class BitmapWriter {
 public:
  // REQUIRES: `out` holds at least BytesForBits(number of bits that will be appended) bytes.
  explicit BitmapWriter(uint8_t* out) : out_(out) {}

  void Append(bool bit) {
    word_ |= static_cast<uint64_t>(bit) << count_;
    if (++count_ == 64) {
      Store(word_);
      word_ = 0;
      count_ = 0;
    }
  }

  // Appends the low `n` bits of `w`.
  // REQUIRES: 0 < n <= 64, the bits of `w` at and above `n` are 0.
  void AppendWord(uint64_t w, int n) {
    word_ |= w << count_;
    const int total = count_ + n;
    if (total < 64) {
      count_ = total;
      return;
    }
    Store(word_);
    word_ = count_ == 0 ? 0 : w >> (64 - count_);
    count_ = total - 64;
  }

  // Appends bits [pos, pos + length) of `src`.
  void AppendBits(const uint8_t* src, int64_t pos, int64_t length) {
    for (int64_t i = 0; i < length; i += 64) {
      const int n = length - i < 64 ? static_cast<int>(length - i) : 64;
      AppendWord(LoadBitsAt(src, pos + i, n), n);
    }
  }

  // Appends `length` copies of `bit`.
  void AppendRepeated(bool bit, int64_t length) {
    const uint64_t all = bit ? ~uint64_t{0} : 0;
    for (int64_t i = 0; i < length; i += 64) {
      const int n = length - i < 64 ? static_cast<int>(length - i) : 64;
      AppendWord(n == 64 ? all : all & ((uint64_t{1} << n) - 1), n);
    }
  }

  // Writes the bits still buffered. Call once, after the last append.
  void Finish() {
    if (count_ > 0) std::memcpy(out_, &word_, bit_util::BytesForBits(count_));
  }

 private:
  void Store(uint64_t w) {
    std::memcpy(out_, &w, 8);
    out_ += 8;
  }

  uint8_t* out_;
  uint64_t word_ = 0;  // Pending bits, the oldest in bit 0.
  int count_ = 0;      // Number of pending bits, < 64 between calls.
};

}  // namespace lakeml::columnar
