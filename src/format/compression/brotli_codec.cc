#include "format/compression/brotli_codec.h"

#include <brotli/decode.h>
#include <brotli/encode.h>

#include <memory>

namespace lakeml::compression {
namespace {

constexpr int kDefaultQuality = 8;

struct DecoderDeleter {
  void operator()(BrotliDecoderState* s) const { BrotliDecoderDestroyInstance(s); }
};

}  // namespace

Status BrotliDecompress(const uint8_t* in, int64_t in_size, uint8_t* out, int64_t out_size) {
  std::unique_ptr<BrotliDecoderState, DecoderDeleter> state(
      BrotliDecoderCreateInstance(nullptr, nullptr, nullptr));
  if (state == nullptr) return Status::ResourceExhausted("BROTLI: cannot allocate a decoder");
  size_t avail_in = static_cast<size_t>(in_size);
  const uint8_t* next_in = in;
  size_t avail_out = static_cast<size_t>(out_size);
  uint8_t* next_out = out;
  const BrotliDecoderResult result = BrotliDecoderDecompressStream(
      state.get(), &avail_in, &next_in, &avail_out, &next_out, nullptr);
  switch (result) {
    case BROTLI_DECODER_RESULT_SUCCESS:
      break;
    case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
      return Status::Corruption("BROTLI data decodes to more than the expected ", out_size,
                                " bytes");
    case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
      return Status::Corruption("BROTLI data is truncated: ", in_size, " compressed bytes, ",
                                out_size - static_cast<int64_t>(avail_out), " of ", out_size,
                                " bytes decoded");
    default:
      return Status::Corruption(
          "BROTLI data is corrupt: ",
          BrotliDecoderErrorString(BrotliDecoderGetErrorCode(state.get())), ", ", in_size,
          " compressed bytes");
  }
  if (avail_out != 0) {
    return Status::Corruption("BROTLI uncompressed size mismatch: expected ", out_size,
                              " bytes, got ", out_size - static_cast<int64_t>(avail_out));
  }
  if (avail_in != 0) {
    return Status::Corruption("BROTLI data has ", avail_in, " trailing bytes after the stream");
  }
  return Status::OK();
}

Status BrotliCompress(const uint8_t* in, int64_t in_size, std::string* out, int level) {
  if (level < 0) level = kDefaultQuality;
  if (level > BROTLI_MAX_QUALITY) {
    return Status::InvalidArgument("BROTLI compression level out of range 0..11: ", level);
  }
  const size_t old_size = out->size();
  size_t bound = BrotliEncoderMaxCompressedSize(static_cast<size_t>(in_size));
  if (bound == 0) {
    return Status::InvalidArgument("BROTLI cannot compress this many bytes at once: ", in_size);
  }
  out->resize(old_size + bound);
  size_t written = bound;
  if (!BrotliEncoderCompress(level, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC,
                             static_cast<size_t>(in_size), in,
                             &written, reinterpret_cast<uint8_t*>(out->data() + old_size))) {
    out->resize(old_size);
    return Status::Internal("BROTLI compression failed: ", in_size, " bytes");
  }
  out->resize(old_size + written);
  return Status::OK();
}

int64_t BrotliMaxCompressedSize(int64_t in_size) {
  return static_cast<int64_t>(BrotliEncoderMaxCompressedSize(static_cast<size_t>(in_size)));
}

}  // namespace lakeml::compression
