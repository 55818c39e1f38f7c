// BROTLI codec (libbrotlienc/libbrotlidec), used through codec.h. Thread-safe (a decoder
// instance per call; BROTLI pages are rare).
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"

namespace lakeml::compression {

Status BrotliDecompress(const uint8_t* in, int64_t in_size, uint8_t* out, int64_t out_size);
// level: 0..11, or < 0 for the default (8, as Arrow: 11 is far slower for little gain).
Status BrotliCompress(const uint8_t* in, int64_t in_size, std::string* out, int level);
int64_t BrotliMaxCompressedSize(int64_t in_size);

}  // namespace lakeml::compression
