// LZ4 codecs (liblz4), used through codec.h: LZ4_RAW (one raw block) and the deprecated
// Parquet LZ4 (Hadoop framing, with a raw-block fallback; see codec.h). Thread-safe
// (stateless: liblz4's block API keeps its state on the stack).
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"

namespace lakeml::compression {

Status Lz4RawDecompress(const uint8_t* in, int64_t in_size, uint8_t* out, int64_t out_size);
// level <= 1 (or < 0): fast LZ4; 2..12: LZ4HC at that level.
Status Lz4RawCompress(const uint8_t* in, int64_t in_size, std::string* out, int level);
int64_t Lz4RawMaxCompressedSize(int64_t in_size);

Status Lz4HadoopDecompress(const uint8_t* in, int64_t in_size, uint8_t* out, int64_t out_size);
// Writes Hadoop frames of at most kLz4HadoopFrameSize uncompressed bytes each.
Status Lz4HadoopCompress(const uint8_t* in, int64_t in_size, std::string* out, int level);
int64_t Lz4HadoopMaxCompressedSize(int64_t in_size);

// Uncompressed bytes per Hadoop frame we write (Hadoop's default LZ4 buffer is 256 KiB).
inline constexpr int64_t kLz4HadoopFrameSize = 128 * 1024;

}  // namespace lakeml::compression
