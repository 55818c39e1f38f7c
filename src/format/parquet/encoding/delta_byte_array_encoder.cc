#include "format/parquet/encoding/delta_byte_array_encoder.h"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "base/check.h"

namespace lakeml::parquet {
namespace {

constexpr int64_t kChunk = 256;

int64_t CommonPrefix(std::string_view a, std::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x, y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y) return static_cast<int64_t>(i + __builtin_ctzll(x ^ y) / 8);  // Little-endian.
  }
  while (i < n && a[i] == b[i]) ++i;
  return static_cast<int64_t>(i);
}

}  // namespace

DeltaByteArrayEncoder::DeltaByteArrayEncoder(Type type, int type_length)
    : type_(type), type_length_(type_length) {
  LAKEML_CHECK(type == Type::kByteArray || (type == Type::kFixedLenByteArray && type_length > 0));
}

template <typename ValueAt>
void DeltaByteArrayEncoder::PutValues(int64_t n, ValueAt value_at) {
  uint32_t prefixes[kChunk];
  uint32_t suffixes[kChunk];
  std::string_view prev = last_value_;
  for (int64_t done = 0; done < n;) {
    const int64_t c = std::min(n - done, kChunk);
    for (int64_t i = 0; i < c; ++i) {
      const std::string_view v = value_at(done + i);
      LAKEML_CHECK(v.size() <= INT32_MAX);
      const int64_t prefix = CommonPrefix(prev, v);
      prefixes[i] = static_cast<uint32_t>(prefix);
      suffixes[i] = static_cast<uint32_t>(v.size() - prefix);
      suffixes_.append(v.data() + prefix, v.size() - prefix);
      prev = v;
    }
    prefix_lengths_.Put(prefixes, c);
    suffix_lengths_.Put(suffixes, c);
    done += c;
  }
  // prev points into the caller's data (or at last_value_ itself when n == 0).
  if (n > 0) last_value_.assign(prev);
}

void DeltaByteArrayEncoder::PutFixed(const uint8_t* values, int64_t n) {
  LAKEML_CHECK(type_ == Type::kFixedLenByteArray);
  const char* base = reinterpret_cast<const char*>(values);
  PutValues(n, [&](int64_t i) { return std::string_view(base + i * type_length_, type_length_); });
}

void DeltaByteArrayEncoder::PutByteArrays(const int64_t* offsets, const uint8_t* data, int64_t n) {
  LAKEML_CHECK(type_ == Type::kByteArray);
  const char* base = reinterpret_cast<const char*>(data);
  PutValues(n, [&](int64_t i) {
    return std::string_view(base + offsets[i], offsets[i + 1] - offsets[i]);
  });
}

int64_t DeltaByteArrayEncoder::EstimatedSize() const {
  return prefix_lengths_.EstimatedSize() + suffix_lengths_.EstimatedSize() +
         static_cast<int64_t>(suffixes_.size());
}

void DeltaByteArrayEncoder::FinishTo(std::string* out) {
  prefix_lengths_.FinishTo(out);
  suffix_lengths_.FinishTo(out);
  out->append(suffixes_);
  suffixes_.clear();
  last_value_.clear();  // Each page starts afresh: its first prefix is 0.
}

}  // namespace lakeml::parquet
