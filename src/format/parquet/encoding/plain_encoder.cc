#include "format/parquet/encoding/plain_encoder.h"

#include <cstring>

#include "base/bit_util.h"
#include "base/check.h"
#include "format/parquet/encoding/bitmap_copy.h"
#include "format/parquet/encoding/physical_type_width.h"

namespace lakeml::parquet {

PlainEncoder::PlainEncoder(Type type, int type_length)
    : type_(type), width_(PhysicalTypeWidth(type, type_length)) {
  LAKEML_CHECK(type != Type::kFixedLenByteArray || type_length > 0);
}

void PlainEncoder::PutFixed(const uint8_t* values, int64_t n) {
  LAKEML_CHECK(width_ > 0);
  buffer_.append(reinterpret_cast<const char*>(values), n * width_);
}

void PlainEncoder::PutBooleans(const uint8_t* bits, int64_t bit_offset, int64_t n) {
  LAKEML_CHECK(type_ == Type::kBoolean);
  buffer_.resize(bit_util::BytesForBits(num_bits_ + n));  // New bytes are zero.
  CopyBitmap(bits, bit_offset, reinterpret_cast<uint8_t*>(buffer_.data()), num_bits_, n);
  num_bits_ += n;
}

void PlainEncoder::PutByteArrays(const int64_t* offsets, const uint8_t* data, int64_t n) {
  LAKEML_CHECK(type_ == Type::kByteArray);
  const size_t old = buffer_.size();
  buffer_.resize(old + 4 * n + (offsets[n] - offsets[0]));
  char* dst = buffer_.data() + old;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t len = offsets[i + 1] - offsets[i];
    LAKEML_CHECK(len >= 0 && len <= INT32_MAX);
    bit_util::StoreLE(dst, static_cast<uint32_t>(len));  // DO NOT CHANGE: 4-byte prefix.
    if (len > 0) std::memcpy(dst + 4, data + offsets[i], len);
    dst += 4 + len;
  }
}

void PlainEncoder::FinishTo(std::string* out) {
  out->append(buffer_);
  buffer_.clear();
  num_bits_ = 0;
}

}  // namespace lakeml::parquet
