#include "format/parquet/encoding/bitmap_copy.h"

#include <cstring>

#include "base/bit_util.h"

namespace lakeml::parquet {

void CopyBitmap(const uint8_t* src, int64_t src_offset, uint8_t* dst, int64_t dst_offset,
                int64_t n) {
  if (n <= 0) return;
  // Bring the destination to a byte boundary one bit at a time.
  while (n > 0 && (dst_offset & 7) != 0) {
    bit_util::SetBitTo(dst, dst_offset++, bit_util::GetBit(src, src_offset++));
    --n;
  }
  uint8_t* d = dst + (dst_offset >> 3);
  const uint8_t* s = src + (src_offset >> 3);
  const int shift = static_cast<int>(src_offset & 7);
  if (shift == 0) {
    const int64_t bytes = n >> 3;
    std::memcpy(d, s, bytes);
    d += bytes;
    s += bytes;
    n &= 7;
  } else {
    // Each 64-bit output word takes bits [shift, shift + 64) of s[0, 9): all nine bytes hold
    // bits that are being copied, so none is read past the source range.
    while (n >= 64) {
      uint64_t lo;
      std::memcpy(&lo, s, 8);
      const uint64_t word = (lo >> shift) | (static_cast<uint64_t>(s[8]) << (64 - shift));
      std::memcpy(d, &word, 8);
      d += 8;
      s += 8;
      n -= 64;
    }
    while (n >= 8) {
      *d++ = static_cast<uint8_t>((s[0] >> shift) | (s[1] << (8 - shift)));
      ++s;
      n -= 8;
    }
  }
  // Fewer than 8 bits left: merge them into the destination byte.
  for (int64_t i = 0; i < n; ++i) bit_util::SetBitTo(d, i, bit_util::GetBit(s, shift + i));
}

}  // namespace lakeml::parquet
