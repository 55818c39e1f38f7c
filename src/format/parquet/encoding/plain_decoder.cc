#include "format/parquet/encoding/plain_decoder.h"

#include <cstring>

#include "base/bit_util.h"
#include "base/check.h"
#include "format/parquet/encoding/bitmap_copy.h"
#include "format/parquet/encoding/physical_type_width.h"

namespace lakeml::parquet {
namespace {

constexpr int64_t kLengthBytes = 4;  // DO NOT CHANGE: Parquet PLAIN BYTE_ARRAY prefix.

}  // namespace

PlainDecoder::PlainDecoder(Type type, int type_length)
    : type_(type), width_(PhysicalTypeWidth(type, type_length)) {
  LAKEML_CHECK(type != Type::kFixedLenByteArray || type_length > 0);
}

Status PlainDecoder::Reset(const uint8_t* data, int64_t size, int64_t num_values) {
  if (size < 0 || num_values < 0) {
    return Status::Corruption("PLAIN page has a negative size or value count: size ", size,
                              ", values ", num_values);
  }
  pos_ = data;
  end_ = data + size;
  values_left_ = num_values;
  bit_offset_ = 0;
  return Status::OK();
}

Status PlainDecoder::TooFewValues(int64_t n) const {
  return Status::Corruption("PLAIN page has fewer values than requested: requested ", n,
                            ", remaining ", values_left_);
}

Status PlainDecoder::DecodeFixed(int64_t n, uint8_t* out) {
  if (width_ == 0) return ValueDecoder::DecodeFixed(n, out);
  if (n > values_left_) return TooFewValues(n);
  const int64_t avail = end_ - pos_;
  if (n > avail / width_) {
    return Status::Corruption("PLAIN ", TypeName(type_), " data truncated: ", n, " values need ",
                              n * width_, " bytes, ", avail, " left");
  }
  const int64_t bytes = n * width_;
  if (bytes > 0) std::memcpy(out, pos_, bytes);
  pos_ += bytes;
  values_left_ -= n;
  return Status::OK();
}

Status PlainDecoder::DecodeBooleans(int64_t n, uint8_t* out, int64_t out_bit_offset) {
  if (type_ != Type::kBoolean) return ValueDecoder::DecodeBooleans(n, out, out_bit_offset);
  if (n > values_left_) return TooFewValues(n);
  const int64_t avail_bits = (end_ - pos_) * 8 - bit_offset_;
  if (n > avail_bits) {
    return Status::Corruption("PLAIN BOOLEAN data truncated: ", n, " values, ", avail_bits,
                              " bits left");
  }
  CopyBitmap(pos_, bit_offset_, out, out_bit_offset, n);
  bit_offset_ += n;
  pos_ += bit_offset_ >> 3;
  bit_offset_ &= 7;
  values_left_ -= n;
  return Status::OK();
}

Status PlainDecoder::DecodeByteArrays(int64_t n, int64_t* offsets, columnar::Buffer* data) {
  if (type_ != Type::kByteArray) return ValueDecoder::DecodeByteArrays(n, offsets, data);
  if (n > values_left_) return TooFewValues(n);
  const int64_t base = data->size();
  LAKEML_DCHECK(offsets[0] == base);
  // Pass 1: validate every length against the bytes left and compute the offsets, so the
  // output grows exactly once.
  const uint8_t* p = pos_;
  int64_t total = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (end_ - p < kLengthBytes) {
      return Status::Corruption("PLAIN BYTE_ARRAY length truncated: value ", i, " of ", n, ", ",
                                end_ - p, " bytes left");
    }
    const uint32_t len = bit_util::LoadLE<uint32_t>(p);
    p += kLengthBytes;
    if (len > static_cast<uint64_t>(end_ - p)) {
      return Status::Corruption("PLAIN BYTE_ARRAY value overruns page: value ", i, " of ", n,
                                ", length ", len, ", ", end_ - p, " bytes left");
    }
    p += len;
    total += len;
    offsets[i + 1] = base + total;
  }
  data->Resize(base + total);
  // Pass 2: copy. Short values are moved 16 bytes at a time when the input has room: the
  // over-write lands in bytes the next value overwrites, or in the Buffer's 64-byte slack.
  uint8_t* dst = data->mutable_data() + base;
  p = pos_;
  int64_t prev = base;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t len = offsets[i + 1] - prev;
    prev = offsets[i + 1];
    p += kLengthBytes;
    if (len <= 16 && end_ - p >= 16) {
      std::memcpy(dst, p, 16);
    } else {
      std::memcpy(dst, p, len);
    }
    p += len;
    dst += len;
  }
  pos_ = p;
  values_left_ -= n;
  return Status::OK();
}

}  // namespace lakeml::parquet
