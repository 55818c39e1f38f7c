#include "format/parquet/encoding/byte_stream_split_encoder.h"

#include "base/check.h"

namespace lakeml::parquet {
namespace {

// out[j * n + i] = in[i * kWidth + j].
template <int kWidth>
void Scatter(const uint8_t* in, int64_t n, uint8_t* out) {
  for (int64_t i = 0; i < n; ++i) {
    for (int j = 0; j < kWidth; ++j) out[j * n + i] = in[i * kWidth + j];
  }
}

void ScatterAnyWidth(const uint8_t* in, int width, int64_t n, uint8_t* out) {
  for (int j = 0; j < width; ++j) {
    uint8_t* stream = out + j * n;
    for (int64_t i = 0; i < n; ++i) stream[i] = in[i * width + j];
  }
}

}  // namespace

ByteStreamSplitEncoder::ByteStreamSplitEncoder(int width) : width_(width) {
  LAKEML_CHECK(width > 0);
}

void ByteStreamSplitEncoder::PutFixed(const uint8_t* values, int64_t n) {
  values_.append(reinterpret_cast<const char*>(values), n * width_);
}

void ByteStreamSplitEncoder::FinishTo(std::string* out) {
  const int64_t n = static_cast<int64_t>(values_.size()) / width_;
  const size_t old = out->size();
  out->resize(old + values_.size());
  const uint8_t* in = reinterpret_cast<const uint8_t*>(values_.data());
  uint8_t* dst = reinterpret_cast<uint8_t*>(out->data() + old);
  switch (width_) {
    case 4:
      Scatter<4>(in, n, dst);
      break;
    case 8:
      Scatter<8>(in, n, dst);
      break;
    default:
      ScatterAnyWidth(in, width_, n, dst);
      break;
  }
  values_.clear();
}

}  // namespace lakeml::parquet
