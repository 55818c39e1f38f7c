#include "base/bit_util.h"

namespace lakeml::bit_util {

int64_t CountSetBits(const uint8_t* bits, int64_t offset, int64_t length) {
  int64_t count = 0;
  int64_t i = offset;
  const int64_t end = offset + length;
  for (; i < end && (i & 63) != 0; ++i) count += GetBit(bits, i);
  for (; i + 64 <= end; i += 64) count += __builtin_popcountll(LoadLE<uint64_t>(bits + (i >> 3)));
  for (; i < end; ++i) count += GetBit(bits, i);
  return count;
}

void SetBitsTo(uint8_t* bits, int64_t offset, int64_t length, bool value) {
  int64_t i = offset;
  const int64_t end = offset + length;
  for (; i < end && (i & 7) != 0; ++i) SetBitTo(bits, i, value);
  if (i + 8 <= end) {
    const int64_t bytes = (end - i) >> 3;
    std::memset(bits + (i >> 3), value ? 0xFF : 0, bytes);
    i += bytes * 8;
  }
  for (; i < end; ++i) SetBitTo(bits, i, value);
}

}  // namespace lakeml::bit_util
