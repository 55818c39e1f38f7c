// ZSTD codec (libzstd), used through codec.h. Decompression accepts concatenated frames
// (and skippable frames). Thread-safe: contexts are thread_local and reused across calls.
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"

namespace lakeml::compression {

Status ZstdDecompress(const uint8_t* in, int64_t in_size, uint8_t* out, int64_t out_size);
// level: ZSTD_minCLevel()..ZSTD_maxCLevel() except that < 0 means the default (3).
Status ZstdCompress(const uint8_t* in, int64_t in_size, std::string* out, int level);
int64_t ZstdMaxCompressedSize(int64_t in_size);

}  // namespace lakeml::compression
