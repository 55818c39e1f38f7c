// Bit packing for the encoders: the inverse of BitUnpack32/BitUnpack64 (LSB-first, values
// back to back). Pure functions; thread-safe.
#pragma once

#include <cstdint>

namespace lakeml::parquet {

// Packs the low `bit_width` bits of in[0, count) into out, writing exactly
// ceil(count * bit_width / 8) bytes (the last byte zero-padded). Higher bits of the inputs
// are ignored.
// REQUIRES: 0 <= bit_width <= 32 (BitPack32) or <= 64 (BitPack64).
void BitPack32(const uint32_t* in, int bit_width, int64_t count, uint8_t* out);
void BitPack64(const uint64_t* in, int bit_width, int64_t count, uint8_t* out);

}  // namespace lakeml::parquet
