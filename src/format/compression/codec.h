// Block compression for Parquet pages: one call compresses or decompresses a whole buffer
// with one of the Parquet codecs (parquet::CompressionCodec).
//
// Decompression is exact: it must produce exactly `out_size` bytes from exactly `in_size`
// bytes, or fail with Corruption naming the codec. It never writes past out + out_size nor
// reads past in + in_size, whatever the input. LZO, and codec values outside the Parquet
// enum, give NotImplemented.
//
// Codec specifics:
//   GZIP   - one or more concatenated gzip members (a zlib stream is accepted too);
//            libdeflate on both sides.
//   LZ4    - Hadoop framing: repeated [BE32 uncompressed size][BE32 compressed size][raw LZ4
//            block]; when the input does not parse exactly that way it is decoded as one raw
//            LZ4 block (what some writers emit under this codec id), as Arrow does.
//   LZ4_RAW - one raw LZ4 block.
//
// Thread-safe: the functions keep per-thread (thread_local) library contexts, so calls from
// many threads run in parallel without locks or per-call context setup.
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"
#include "format/parquet/enums.h"

namespace lakeml::compression {

// Decompresses in[0, in_size) into exactly out[0, out_size).
// An empty input with out_size == 0 succeeds for every codec (a zero-byte page section).
Status Decompress(parquet::CompressionCodec codec, const uint8_t* in, int64_t in_size,
                  uint8_t* out, int64_t out_size);

// Appends the compressed form of in[0, in_size) to *out. level < 0 means the codec default;
// codecs without levels (SNAPPY, UNCOMPRESSED) ignore it; an out-of-range level is
// InvalidArgument.
Status Compress(parquet::CompressionCodec codec, const uint8_t* in, int64_t in_size,
                std::string* out, int level = -1);

// An upper bound on the bytes Compress appends for in_size input bytes, for buffer sizing.
// 0 for codecs that cannot compress (LZO, unknown values).
int64_t MaxCompressedSize(parquet::CompressionCodec codec, int64_t in_size);

}  // namespace lakeml::compression
