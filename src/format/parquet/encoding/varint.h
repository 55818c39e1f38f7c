// ULEB128 varints and zigzag integers, as the RLE/bit-packing hybrid and the DELTA_*
// encodings store their headers. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace lakeml::parquet {

// Reads a ULEB128 integer of at most 64 bits from [*pos, end) and advances *pos past it.
// Returns false, leaving *pos unspecified, if the varint runs past `end` or is longer
// than 10 bytes or overflows 64 bits.
inline bool ReadUleb128(const uint8_t** pos, const uint8_t* end, uint64_t* out) {
  const uint8_t* p = *pos;
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (p >= end) return false;
    const uint8_t byte = *p++;
    if (shift == 63 && byte > 1) return false;  // Bits past 64.
    v |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      *pos = p;
      *out = v;
      return true;
    }
  }
  return false;
}

inline uint64_t ZigZagEncode(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline int64_t ZigZagDecode(uint64_t v) { return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1)); }

inline void AppendUleb128(std::string* out, uint64_t v) {
  char buf[10];
  int n = 0;
  while (v >= 0x80) {
    buf[n++] = static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  buf[n++] = static_cast<char>(v);
  out->append(buf, n);
}

}  // namespace lakeml::parquet
