#include "format/parquet/encoding/delta_byte_array_decoder.h"

#include <algorithm>
#include <cstring>

#include "base/check.h"

namespace lakeml::parquet {
namespace {

constexpr int64_t kChunk = 1024;  // Values decoded per step.
constexpr int kBlock = 32;        // Fixed copy size for short prefixes and suffixes.

}  // namespace

DeltaByteArrayDecoder::DeltaByteArrayDecoder(Type type, int type_length)
    : type_(type), type_length_(type_length) {
  LAKEML_CHECK(type == Type::kByteArray || (type == Type::kFixedLenByteArray && type_length > 0));
}

Status DeltaByteArrayDecoder::Reset(const uint8_t* data, int64_t size, int64_t num_values) {
  values_left_ = 0;  // Until the page validates.
  last_value_.assign(kLastValuePadding, 0);
  last_length_ = 0;
  LAKEML_ASSIGN_OR_RETURN(const int64_t prefix_size,
                          DeltaBinaryPackedDecoder<uint32_t>::EncodedSize(data, size));
  const uint8_t* suffix_data = data + prefix_size;
  const int64_t suffix_size = size - prefix_size;
  LAKEML_ASSIGN_OR_RETURN(
      const int64_t suffix_lengths_size,
      DeltaBinaryPackedDecoder<uint32_t>::EncodedSize(suffix_data, suffix_size));
  LAKEML_RETURN_IF_ERROR(prefix_lengths_.Reset(data, prefix_size, num_values));
  LAKEML_RETURN_IF_ERROR(suffix_lengths_.Reset(suffix_data, suffix_lengths_size, num_values));
  if (prefix_lengths_.values_left() != suffix_lengths_.values_left()) {
    return Status::Corruption(
        "DELTA_BYTE_ARRAY prefix and suffix counts differ: ", prefix_lengths_.values_left(),
        " prefixes, ", suffix_lengths_.values_left(), " suffixes");
  }
  suffixes_ = suffix_data + suffix_lengths_size;
  end_ = data + size;
  values_left_ = prefix_lengths_.values_left();
  return Status::OK();
}

Status DeltaByteArrayDecoder::TooFewValues(int64_t n) const {
  return Status::Corruption("DELTA_BYTE_ARRAY page has fewer values than requested: requested ", n,
                            ", remaining ", values_left_);
}

Status DeltaByteArrayDecoder::DecodeLengths(int64_t c, int64_t* total) {
  LAKEML_RETURN_IF_ERROR(prefix_lengths_.Decode(prefix_.data(), c));
  LAKEML_RETURN_IF_ERROR(suffix_lengths_.Decode(suffix_.data(), c));
  int64_t prev = last_length_;
  int64_t sum = 0;
  int64_t suffix_sum = 0;
  for (int64_t i = 0; i < c; ++i) {
    // Lengths are INT32; as unsigned, a negative one exceeds any bound checked below.
    const uint32_t prefix = prefix_[i];
    const uint32_t suffix = suffix_[i];
    if (prefix > static_cast<uint32_t>(INT32_MAX) || prefix > prev) {
      return Status::Corruption("DELTA_BYTE_ARRAY prefix longer than the previous value: prefix ",
                                prefix, ", previous length ", prev);
    }
    if (suffix > static_cast<uint32_t>(INT32_MAX)) {
      return Status::Corruption("DELTA_BYTE_ARRAY negative suffix length: ",
                                static_cast<int32_t>(suffix));
    }
    prev = prefix + static_cast<int64_t>(suffix);
    if (type_ == Type::kFixedLenByteArray && prev != type_length_) {
      return Status::Corruption(
          "DELTA_BYTE_ARRAY value length differs from "
          "FIXED_LEN_BYTE_ARRAY width: length ",
          prev, ", width ", type_length_);
    }
    suffix_sum += suffix;
    sum += prev;
  }
  if (suffix_sum > end_ - suffixes_) {
    return Status::Corruption("DELTA_BYTE_ARRAY suffixes overrun page: ", suffix_sum,
                              " bytes needed, ", end_ - suffixes_, " left");
  }
  *total = sum;
  return Status::OK();
}

void DeltaByteArrayDecoder::Assemble(int64_t c, uint8_t* dst, const uint8_t* dst_limit) {
  if (c == 0) return;
  // The first value's prefix comes from last_value_, later ones from the value just
  // written before them (which does not overlap dst, as prefix <= its length).
  const uint8_t* prev = last_value_.data();
  const uint8_t* s = suffixes_;
  for (int64_t i = 0; i < c; ++i) {
    const uint32_t prefix = prefix_[i];
    const uint32_t suffix = suffix_[i];
    if (prefix <= kBlock && suffix <= kBlock && dst_limit - dst >= 2 * kBlock &&
        end_ - s >= kBlock) {
      // Short parts move as fixed-size blocks; the bytes written past the value are
      // overwritten by the next one or land below dst_limit. prev + kBlock <= dst_limit
      // too, and last_value_ is padded by kBlock bytes.
      uint8_t head[kBlock], tail[kBlock];
      std::memcpy(head, prev, kBlock);
      std::memcpy(tail, s, kBlock);
      std::memcpy(dst, head, kBlock);
      std::memcpy(dst + prefix, tail, kBlock);
    } else {
      std::memcpy(dst, prev, prefix);
      std::memcpy(dst + prefix, s, suffix);
    }
    s += suffix;
    prev = dst;
    dst += prefix + static_cast<int64_t>(suffix);
  }
  last_length_ = dst - prev;
  last_value_.assign(prev, static_cast<const uint8_t*>(dst));
  last_value_.resize(last_length_ + kLastValuePadding);
  suffixes_ = s;
}

Status DeltaByteArrayDecoder::DecodeFixed(int64_t n, uint8_t* out) {
  if (type_ != Type::kFixedLenByteArray) return ValueDecoder::DecodeFixed(n, out);
  if (n > values_left_) return TooFewValues(n);
  prefix_.resize(std::min(n, kChunk));
  suffix_.resize(prefix_.size());
  for (int64_t done = 0; done < n;) {
    const int64_t c = std::min(n - done, kChunk);
    int64_t total;
    LAKEML_RETURN_IF_ERROR(DecodeLengths(c, &total));
    Assemble(c, out + done * type_length_, out + n * type_length_);
    done += c;
  }
  values_left_ -= n;
  return Status::OK();
}

Status DeltaByteArrayDecoder::DecodeByteArrays(int64_t n, int64_t* offsets,
                                               columnar::Buffer* data) {
  if (type_ != Type::kByteArray) return ValueDecoder::DecodeByteArrays(n, offsets, data);
  if (n > values_left_) return TooFewValues(n);
  LAKEML_DCHECK(offsets[0] == data->size());
  prefix_.resize(std::min(n, kChunk));
  suffix_.resize(prefix_.size());
  for (int64_t done = 0; done < n;) {
    const int64_t c = std::min(n - done, kChunk);
    int64_t total;
    LAKEML_RETURN_IF_ERROR(DecodeLengths(c, &total));
    const int64_t base = data->size();
    int64_t offset = base;
    for (int64_t i = 0; i < c; ++i) {
      offset += prefix_[i] + static_cast<int64_t>(suffix_[i]);
      offsets[done + i + 1] = offset;
    }
    data->Resize(base + total);
    // Buffer guarantees 64 writable bytes past its size.
    Assemble(c, data->mutable_data() + base, data->mutable_data() + data->size() + 64);
    done += c;
  }
  values_left_ -= n;
  return Status::OK();
}

}  // namespace lakeml::parquet
