// GZIP codec (libdeflate), used through codec.h. Decompression accepts concatenated gzip
// members and, failing the gzip magic, a zlib stream. Thread-safe: libdeflate contexts are
// thread_local.
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"

namespace lakeml::compression {

Status GzipDecompress(const uint8_t* in, int64_t in_size, uint8_t* out, int64_t out_size);
// level: 0..12 (libdeflate's range; 1..9 match zlib's), or < 0 for the default (6).
Status GzipCompress(const uint8_t* in, int64_t in_size, std::string* out, int level);
int64_t GzipMaxCompressedSize(int64_t in_size);

}  // namespace lakeml::compression
