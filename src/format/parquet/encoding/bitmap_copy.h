// Copies a run of bits between LSB-first bitmaps (Arrow validity/boolean layout, and
// Parquet's PLAIN and bit-packed booleans) at arbitrary bit offsets. Thread-safe.
#pragma once

#include <cstdint>

namespace lakeml::parquet {

// Copies bits [src_offset, src_offset + n) of `src` to bits [dst_offset, dst_offset + n) of
// `dst`, leaving dst's other bits unchanged. Reads only the bytes that hold the source bits
// and writes only the bytes that hold the destination bits.
// REQUIRES: the ranges do not overlap; n >= 0.
void CopyBitmap(const uint8_t* src, int64_t src_offset, uint8_t* dst, int64_t dst_offset,
                int64_t n);

}  // namespace lakeml::parquet
