// CopyWithSlack: copies a short byte range between Buffers faster than a memcpy call, by
// moving 16 bytes at once and relying on Buffer's 64 bytes of slack past its capacity.
//
// For kernels that append values to an output Buffer in increasing address order: the bytes
// written past a value's end belong to the values written after it (or to the slack). Pure
// function; thread-safe.
#pragma once

#include <cstdint>
#include <cstring>

namespace lakeml::columnar {

// Copies `bytes` bytes from src to dst.
// REQUIRES: src and dst point into Buffer data at most size() bytes from the start (so that 16
//   bytes from each stay within capacity + slack); every byte of dst past `bytes` that this
//   may overwrite is written again later, or unused.
inline void CopyWithSlack(uint8_t* dst, const uint8_t* src, int64_t bytes) {
  if (bytes > 16) {
    std::memcpy(dst, src, bytes);
  } else if (bytes > 0) {
    uint64_t w[2];
    std::memcpy(w, src, 16);
    std::memcpy(dst, w, 16);
  }
}

}  // namespace lakeml::columnar
