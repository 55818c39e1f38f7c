#include "format/compression/gzip_codec.h"

#include <libdeflate.h>

#include <memory>

namespace lakeml::compression {
namespace {

constexpr int kDefaultLevel = 6;
constexpr int kMaxLevel = 12;
constexpr size_t kMinGzipMemberSize = 18;  // 10-byte header + empty deflate + 8-byte trailer.

struct DecompressorDeleter {
  void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};
struct CompressorDeleter {
  void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};

libdeflate_decompressor* ThreadDecompressor() {
  thread_local std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> decompressor(
      libdeflate_alloc_decompressor());
  return decompressor.get();
}

libdeflate_compressor* ThreadCompressor(int level) {
  thread_local std::unique_ptr<libdeflate_compressor, CompressorDeleter> compressors[kMaxLevel + 1];
  auto& c = compressors[level];
  if (c == nullptr) c.reset(libdeflate_alloc_compressor(level));
  return c.get();
}

const char* ResultName(libdeflate_result r) {
  switch (r) {
    case LIBDEFLATE_SUCCESS: return "success";
    case LIBDEFLATE_BAD_DATA: return "corrupt data";
    case LIBDEFLATE_SHORT_OUTPUT: return "short output";
    case LIBDEFLATE_INSUFFICIENT_SPACE: return "more data than expected";
  }
  return "unknown error";
}

bool HasGzipMagic(const uint8_t* p, size_t n) { return n >= 2 && p[0] == 0x1f && p[1] == 0x8b; }

}  // namespace

Status GzipDecompress(const uint8_t* in, int64_t in_size, uint8_t* out, int64_t out_size) {
  libdeflate_decompressor* d = ThreadDecompressor();
  if (d == nullptr) return Status::ResourceExhausted("GZIP: cannot allocate a decompressor");
  size_t in_pos = 0;
  size_t out_pos = 0;
  const size_t in_len = static_cast<size_t>(in_size);
  const size_t out_len = static_cast<size_t>(out_size);

  if (!HasGzipMagic(in, in_len)) {
    size_t produced = 0;
    libdeflate_result r = libdeflate_zlib_decompress(d, in, in_len, out, out_len, &produced);
    if (r != LIBDEFLATE_SUCCESS) {
      return Status::Corruption("GZIP data is corrupt (no gzip header, not zlib either): ",
                                ResultName(r), ", ", in_size, " compressed bytes");
    }
    out_pos = produced;
  } else {
    // Concatenated members (RFC 1952 section 2.2): decode until the input is used up.
    while (in_pos < in_len) {
      if (!HasGzipMagic(in + in_pos, in_len - in_pos) ||
          in_len - in_pos < kMinGzipMemberSize) {
        return Status::Corruption("GZIP data has trailing garbage after member end: ",
                                  in_len - in_pos, " bytes at offset ", in_pos);
      }
      size_t consumed = 0;
      size_t produced = 0;
      libdeflate_result r = libdeflate_gzip_decompress_ex(
          d, in + in_pos, in_len - in_pos, out + out_pos, out_len - out_pos, &consumed, &produced);
      if (r != LIBDEFLATE_SUCCESS) {
        return Status::Corruption("GZIP data is corrupt: ", ResultName(r), " in member at offset ",
                                  in_pos, ", expected ", out_size, " bytes in all");
      }
      in_pos += consumed;
      out_pos += produced;
    }
  }
  if (out_pos != out_len) {
    return Status::Corruption("GZIP uncompressed size mismatch: expected ", out_size,
                              " bytes, got ", out_pos);
  }
  return Status::OK();
}

Status GzipCompress(const uint8_t* in, int64_t in_size, std::string* out, int level) {
  if (level < 0) level = kDefaultLevel;
  if (level > kMaxLevel) {
    return Status::InvalidArgument("GZIP compression level out of range 0..12: ", level);
  }
  libdeflate_compressor* c = ThreadCompressor(level);
  if (c == nullptr) return Status::ResourceExhausted("GZIP: cannot allocate a compressor");
  const size_t old_size = out->size();
  const size_t bound = libdeflate_gzip_compress_bound(c, static_cast<size_t>(in_size));
  out->resize(old_size + bound);
  const size_t written = libdeflate_gzip_compress(c, in, static_cast<size_t>(in_size),
                                                  out->data() + old_size, bound);
  if (written == 0) {
    out->resize(old_size);
    return Status::Internal("GZIP compression exceeded its own bound: ", in_size, " bytes");
  }
  out->resize(old_size + written);
  return Status::OK();
}

int64_t GzipMaxCompressedSize(int64_t in_size) {
  return static_cast<int64_t>(libdeflate_gzip_compress_bound(nullptr, static_cast<size_t>(in_size)));
}

}  // namespace lakeml::compression
