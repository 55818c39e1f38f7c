#include "format/parquet/encoding/byte_stream_split_decoder.h"

#include "base/check.h"

namespace lakeml::parquet {
namespace {

// Gathers n values of kWidth bytes: out[i * kWidth + j] = in[j * stride + i].
template <int kWidth>
void Gather(const uint8_t* in, int64_t stride, int64_t n, uint8_t* out) {
  for (int64_t i = 0; i < n; ++i) {
    for (int j = 0; j < kWidth; ++j) out[i * kWidth + j] = in[j * stride + i];
  }
}

void GatherAnyWidth(const uint8_t* in, int width, int64_t stride, int64_t n, uint8_t* out) {
  for (int j = 0; j < width; ++j) {
    const uint8_t* stream = in + j * stride;
    for (int64_t i = 0; i < n; ++i) out[i * width + j] = stream[i];
  }
}

}  // namespace

ByteStreamSplitDecoder::ByteStreamSplitDecoder(int width) : width_(width) {
  LAKEML_CHECK(width > 0);
}

Status ByteStreamSplitDecoder::Reset(const uint8_t* data, int64_t size, int64_t num_values) {
  values_left_ = 0;
  stride_ = size / width_;
  if (num_values < 0 || num_values > stride_) {
    return Status::Corruption("BYTE_STREAM_SPLIT data too short for its values: ", num_values,
                              " values of ", width_, " bytes, ", size, " bytes present");
  }
  data_ = data;
  position_ = 0;
  values_left_ = num_values;
  return Status::OK();
}

Status ByteStreamSplitDecoder::DecodeFixed(int64_t n, uint8_t* out) {
  if (n > values_left_) {
    return Status::Corruption("BYTE_STREAM_SPLIT page has fewer values than requested: requested ",
                              n, ", remaining ", values_left_);
  }
  const uint8_t* in = data_ + position_;
  switch (width_) {
    case 4:
      Gather<4>(in, stride_, n, out);
      break;
    case 8:
      Gather<8>(in, stride_, n, out);
      break;
    case 2:
      Gather<2>(in, stride_, n, out);
      break;
    case 16:
      Gather<16>(in, stride_, n, out);
      break;
    default:
      GatherAnyWidth(in, width_, stride_, n, out);
      break;
  }
  position_ += n;
  values_left_ -= n;
  return Status::OK();
}

}  // namespace lakeml::parquet
