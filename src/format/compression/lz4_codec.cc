#include "format/compression/lz4_codec.h"

#include <lz4.h>
#include <lz4hc.h>

#include <algorithm>

namespace lakeml::compression {
namespace {

constexpr int64_t kHadoopPrefixSize = 8;  // DO NOT CHANGE: Hadoop LZ4 frame prefix.

uint32_t LoadBigEndian32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

void StoreBigEndian32(char* p, uint32_t v) {
  p[0] = static_cast<char>(v >> 24);
  p[1] = static_cast<char>(v >> 16);
  p[2] = static_cast<char>(v >> 8);
  p[3] = static_cast<char>(v);
}

Status CheckBlockInputSize(const char* codec, int64_t in_size) {
  if (in_size > LZ4_MAX_INPUT_SIZE) {
    return Status::InvalidArgument(codec, " cannot compress more than ", LZ4_MAX_INPUT_SIZE,
                                   " bytes at once: ", in_size);
  }
  return Status::OK();
}

// Decodes one raw block into exactly out_size bytes; false on any mismatch.
bool DecodeBlock(const uint8_t* in, int64_t in_size, uint8_t* out, int64_t out_size) {
  if (in_size > INT32_MAX || out_size > INT32_MAX) return false;
  const int n = LZ4_decompress_safe(reinterpret_cast<const char*>(in), reinterpret_cast<char*>(out),
                                    static_cast<int>(in_size), static_cast<int>(out_size));
  return n >= 0 && n == out_size;
}

// Appends one raw block; returns its size.
int64_t AppendBlock(const uint8_t* in, int64_t in_size, std::string* out, int level) {
  const size_t old_size = out->size();
  const int bound = LZ4_compressBound(static_cast<int>(in_size));
  out->resize(old_size + bound);
  char* dst = out->data() + old_size;
  const char* src = reinterpret_cast<const char*>(in);
  const int n = level <= 1 ? LZ4_compress_default(src, dst, static_cast<int>(in_size), bound)
                           : LZ4_compress_HC(src, dst, static_cast<int>(in_size), bound,
                                             std::min(level, LZ4HC_CLEVEL_MAX));
  out->resize(old_size + n);
  return n;
}

// The Hadoop framing; false if the input is not exactly a sequence of frames filling out_size.
bool TryDecompressHadoop(const uint8_t* in, int64_t in_size, uint8_t* out, int64_t out_size) {
  int64_t in_pos = 0;
  int64_t out_pos = 0;
  if (in_size < kHadoopPrefixSize) return false;
  while (in_size - in_pos >= kHadoopPrefixSize) {
    const int64_t uncompressed = LoadBigEndian32(in + in_pos);
    const int64_t compressed = LoadBigEndian32(in + in_pos + 4);
    in_pos += kHadoopPrefixSize;
    if (compressed > in_size - in_pos || uncompressed > out_size - out_pos) return false;
    if (!DecodeBlock(in + in_pos, compressed, out + out_pos, uncompressed)) return false;
    in_pos += compressed;
    out_pos += uncompressed;
  }
  return in_pos == in_size && out_pos == out_size;
}

}  // namespace

Status Lz4RawDecompress(const uint8_t* in, int64_t in_size, uint8_t* out, int64_t out_size) {
  if (!DecodeBlock(in, in_size, out, out_size)) {
    return Status::Corruption("LZ4_RAW data is corrupt or does not decode to ", out_size,
                              " bytes: ", in_size, " compressed bytes");
  }
  return Status::OK();
}

Status Lz4RawCompress(const uint8_t* in, int64_t in_size, std::string* out, int level) {
  LAKEML_RETURN_IF_ERROR(CheckBlockInputSize("LZ4_RAW", in_size));
  AppendBlock(in, in_size, out, level);
  return Status::OK();
}

int64_t Lz4RawMaxCompressedSize(int64_t in_size) {
  return in_size > LZ4_MAX_INPUT_SIZE ? 0 : LZ4_compressBound(static_cast<int>(in_size));
}

Status Lz4HadoopDecompress(const uint8_t* in, int64_t in_size, uint8_t* out, int64_t out_size) {
  if (TryDecompressHadoop(in, in_size, out, out_size)) return Status::OK();
  // Some writers (older parquet-cpp) put a raw block under the LZ4 id.
  if (DecodeBlock(in, in_size, out, out_size)) return Status::OK();
  return Status::Corruption("LZ4 (Hadoop) data is corrupt or does not decode to ", out_size,
                            " bytes, as Hadoop frames or as a raw block: ", in_size,
                            " compressed bytes");
}

Status Lz4HadoopCompress(const uint8_t* in, int64_t in_size, std::string* out, int level) {
  int64_t pos = 0;
  do {
    const int64_t chunk = std::min(kLz4HadoopFrameSize, in_size - pos);
    const size_t prefix_at = out->size();
    out->append(kHadoopPrefixSize, '\0');
    const int64_t n = AppendBlock(in + pos, chunk, out, level);
    StoreBigEndian32(out->data() + prefix_at, static_cast<uint32_t>(chunk));
    StoreBigEndian32(out->data() + prefix_at + 4, static_cast<uint32_t>(n));
    pos += chunk;
  } while (pos < in_size);
  return Status::OK();
}

int64_t Lz4HadoopMaxCompressedSize(int64_t in_size) {
  const int64_t frames = std::max<int64_t>(1, (in_size + kLz4HadoopFrameSize - 1) /
                                                  kLz4HadoopFrameSize);
  // Per frame: prefix + LZ4_compressBound(chunk) = chunk + chunk/255 + 16.
  return in_size + in_size / 255 + frames * (kHadoopPrefixSize + 16);
}

}  // namespace lakeml::compression
