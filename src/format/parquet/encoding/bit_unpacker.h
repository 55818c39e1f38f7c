// Bit unpacking: the inner loop of the RLE/bit-packing hybrid (dictionary indices, levels,
// RLE booleans) and of DELTA_BINARY_PACKED miniblocks.
//
// Values are packed LSB-first, back to back, as Parquet packs them: value i occupies bits
// [i * bit_width, (i + 1) * bit_width) of the input read as one little-endian bit string.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>

namespace lakeml::parquet {

// Unpacks `count` values of `bit_width` bits from `in` into out[0, count).
// REQUIRES: 0 <= bit_width <= 32; `in` holds at least ceil(count * bit_width / 8) bytes
// (the function never reads past them); out holds `count` values.
void BitUnpack32(const uint8_t* in, int bit_width, int64_t count, uint32_t* out);

// As BitUnpack32 for 0 <= bit_width <= 64.
void BitUnpack64(const uint8_t* in, int bit_width, int64_t count, uint64_t* out);

}  // namespace lakeml::parquet
