// Word-at-a-time scanning of LSB-first bitmaps (validity, booleans, selection masks): loads that
// never read past the bytes a bitmap of `length` bits occupies, and visitors over the set bits
// or the runs of consecutive set bits. The selection kernels (filter, take, concat) build on
// these so that their hot loops branch per 64-bit word, not per value.
//
// Pure functions over caller memory; thread-safe.
#pragma once

#include <cstdint>
#include <cstring>

#include "base/bit_util.h"

namespace lakeml::columnar {

// Bits [pos, pos + min(64, length - pos)) of `bits` as a word, bit `pos` in the lowest bit;
// bits at or past `length` read as 0. Reads only bytes below BytesForBits(length).
// REQUIRES: pos % 64 == 0, 0 <= pos < length
inline uint64_t LoadBitWord(const uint8_t* bits, int64_t pos, int64_t length) {
  const int64_t remaining = length - pos;
  if (remaining >= 64) return bit_util::LoadLE<uint64_t>(bits + (pos >> 3));
  uint64_t w = 0;
  std::memcpy(&w, bits + (pos >> 3), bit_util::BytesForBits(remaining));
  return w & ((uint64_t{1} << remaining) - 1);
}

// Bits [pos, pos + count) of `bits` (any alignment) in the low `count` bits of a word, the rest
// 0. Reads only bytes that hold some of those bits.
// REQUIRES: 0 <= pos, 0 < count <= 64
inline uint64_t LoadBitsAt(const uint8_t* bits, int64_t pos, int count) {
  const uint8_t* p = bits + (pos >> 3);
  const int shift = static_cast<int>(pos & 7);
  const int64_t bytes = bit_util::BytesForBits(shift + count);  // 1..9
  uint64_t w = 0;
  std::memcpy(&w, p, bytes < 8 ? bytes : 8);
  w >>= shift;
  if (bytes == 9) w |= static_cast<uint64_t>(p[8]) << (64 - shift);
  return count == 64 ? w : w & ((uint64_t{1} << count) - 1);
}

// Calls fn(pos, word) for each 64-bit block of bits[0, length): pos = 0, 64, 128, ...; the last
// word has its bits past `length` cleared, so a word equals ~0 only when all 64 rows are set.
template <typename Fn>
inline void ForEachBitWord(const uint8_t* bits, int64_t length, Fn&& fn) {
  for (int64_t pos = 0; pos < length; pos += 64) fn(pos, LoadBitWord(bits, pos, length));
}

// Calls fn(start, run_length) for each maximal run of consecutive set bits in bits[0, length),
// in increasing order. Runs spanning word boundaries are reported once.
template <typename Fn>
inline void ForEachSetRun(const uint8_t* bits, int64_t length, Fn&& fn) {
  int64_t run_start = 0;
  int64_t run_end = 0;  // The open run is [run_start, run_end); empty when equal.
  ForEachBitWord(bits, length, [&](int64_t pos, uint64_t w) {
    while (w != 0) {
      const int start = __builtin_ctzll(w);
      // The shifted-in high bits of `rest` are 1, so its lowest 1 ends the run in this word.
      const uint64_t rest = ~(w >> start);
      const int len = rest == 0 ? 64 : __builtin_ctzll(rest);
      w = len == 64 ? 0 : w & ~(((uint64_t{1} << len) - 1) << start);
      const int64_t s = pos + start;
      if (s == run_end && run_end > run_start) {
        run_end += len;
      } else {
        if (run_end > run_start) fn(run_start, run_end - run_start);
        run_start = s;
        run_end = s + len;
      }
    }
  });
  if (run_end > run_start) fn(run_start, run_end - run_start);
}

}  // namespace lakeml::columnar
