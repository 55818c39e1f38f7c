#include "format/compression/codec.h"

#include <cstring>

#include "format/compression/brotli_codec.h"
#include "format/compression/gzip_codec.h"
#include "format/compression/lz4_codec.h"
#include "format/compression/snappy_codec.h"
#include "format/compression/zstd_codec.h"

namespace lakeml::compression {

using parquet::CompressionCodec;

namespace {

Status Unsupported(CompressionCodec codec) {
  if (codec == CompressionCodec::kLzo) {
    return Status::NotImplemented("LZO compression is not supported");
  }
  return Status::NotImplemented("Unknown Parquet compression codec: ",
                                static_cast<int32_t>(codec));
}

}  // namespace

Status Decompress(CompressionCodec codec, const uint8_t* in, int64_t in_size, uint8_t* out,
                  int64_t out_size) {
  if (in_size < 0 || out_size < 0) {
    return Status::InvalidArgument("Decompress sizes must be non-negative: in ", in_size,
                                   ", out ", out_size);
  }
  if (in_size == 0 && out_size == 0) return Status::OK();
  switch (codec) {
    case CompressionCodec::kUncompressed:
      if (in_size != out_size) {
        return Status::Corruption("UNCOMPRESSED page size mismatch: ", in_size,
                                  " stored bytes, ", out_size, " expected");
      }
      std::memcpy(out, in, static_cast<size_t>(in_size));
      return Status::OK();
    case CompressionCodec::kSnappy:
      return SnappyDecompress(in, in_size, out, out_size);
    case CompressionCodec::kGzip:
      return GzipDecompress(in, in_size, out, out_size);
    case CompressionCodec::kBrotli:
      return BrotliDecompress(in, in_size, out, out_size);
    case CompressionCodec::kLz4:
      return Lz4HadoopDecompress(in, in_size, out, out_size);
    case CompressionCodec::kZstd:
      return ZstdDecompress(in, in_size, out, out_size);
    case CompressionCodec::kLz4Raw:
      return Lz4RawDecompress(in, in_size, out, out_size);
    case CompressionCodec::kLzo:
      break;
  }
  return Unsupported(codec);
}

Status Compress(CompressionCodec codec, const uint8_t* in, int64_t in_size, std::string* out,
                int level) {
  if (in_size < 0) return Status::InvalidArgument("Compress size must be non-negative: ", in_size);
  switch (codec) {
    case CompressionCodec::kUncompressed:
      out->append(reinterpret_cast<const char*>(in), static_cast<size_t>(in_size));
      return Status::OK();
    case CompressionCodec::kSnappy:
      if (in_size > UINT32_MAX) {
        return Status::InvalidArgument("SNAPPY cannot compress more than 4 GiB at once: ",
                                       in_size);
      }
      return SnappyCompress(in, in_size, out);
    case CompressionCodec::kGzip:
      return GzipCompress(in, in_size, out, level);
    case CompressionCodec::kBrotli:
      return BrotliCompress(in, in_size, out, level);
    case CompressionCodec::kLz4:
      return Lz4HadoopCompress(in, in_size, out, level);
    case CompressionCodec::kZstd:
      return ZstdCompress(in, in_size, out, level);
    case CompressionCodec::kLz4Raw:
      return Lz4RawCompress(in, in_size, out, level);
    case CompressionCodec::kLzo:
      break;
  }
  return Unsupported(codec);
}

int64_t MaxCompressedSize(CompressionCodec codec, int64_t in_size) {
  if (in_size < 0) return 0;
  switch (codec) {
    case CompressionCodec::kUncompressed: return in_size;
    case CompressionCodec::kSnappy: return SnappyMaxCompressedSize(in_size);
    case CompressionCodec::kGzip: return GzipMaxCompressedSize(in_size);
    case CompressionCodec::kBrotli: return BrotliMaxCompressedSize(in_size);
    case CompressionCodec::kLz4: return Lz4HadoopMaxCompressedSize(in_size);
    case CompressionCodec::kZstd: return ZstdMaxCompressedSize(in_size);
    case CompressionCodec::kLz4Raw: return Lz4RawMaxCompressedSize(in_size);
    case CompressionCodec::kLzo: break;
  }
  return 0;
}

}  // namespace lakeml::compression
