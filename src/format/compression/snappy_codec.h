// SNAPPY block codec (libsnappy), used through codec.h. Thread-safe (stateless).
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"

namespace lakeml::compression {

Status SnappyDecompress(const uint8_t* in, int64_t in_size, uint8_t* out, int64_t out_size);
Status SnappyCompress(const uint8_t* in, int64_t in_size, std::string* out);
int64_t SnappyMaxCompressedSize(int64_t in_size);

}  // namespace lakeml::compression
