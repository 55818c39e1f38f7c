// CRC-32 (the IEEE 802.3 / zlib polynomial), as Parquet page headers and Delta checksums use.
// Thread-safe: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lakeml {

// Extends `crc` (0 to start) over data[0, n).
uint32_t Crc32(uint32_t crc, const void* data, size_t n);

}  // namespace lakeml
