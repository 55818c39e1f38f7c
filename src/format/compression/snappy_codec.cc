#include "format/compression/snappy_codec.h"

#include <snappy.h>

namespace lakeml::compression {

Status SnappyDecompress(const uint8_t* in, int64_t in_size, uint8_t* out, int64_t out_size) {
  const char* src = reinterpret_cast<const char*>(in);
  size_t length = 0;
  if (!snappy::GetUncompressedLength(src, static_cast<size_t>(in_size), &length)) {
    return Status::Corruption("SNAPPY data is corrupt: bad length header, ", in_size,
                              " compressed bytes");
  }
  if (length != static_cast<uint64_t>(out_size)) {
    return Status::Corruption("SNAPPY uncompressed size mismatch: expected ", out_size,
                              " bytes, stream holds ", length);
  }
  // RawUncompress checks every copy against the length from the header, checked above.
  if (!snappy::RawUncompress(src, static_cast<size_t>(in_size), reinterpret_cast<char*>(out))) {
    return Status::Corruption("SNAPPY data is corrupt: ", in_size, " compressed bytes, ",
                              out_size, " expected");
  }
  return Status::OK();
}

Status SnappyCompress(const uint8_t* in, int64_t in_size, std::string* out) {
  const size_t old_size = out->size();
  out->resize(old_size + snappy::MaxCompressedLength(static_cast<size_t>(in_size)));
  size_t written = 0;
  snappy::RawCompress(reinterpret_cast<const char*>(in), static_cast<size_t>(in_size),
                      out->data() + old_size, &written);
  out->resize(old_size + written);
  return Status::OK();
}

int64_t SnappyMaxCompressedSize(int64_t in_size) {
  return static_cast<int64_t>(snappy::MaxCompressedLength(static_cast<size_t>(in_size)));
}

}  // namespace lakeml::compression
