#include "format/parquet/writer/statistics_accumulator.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "base/bit_util.h"
#include "base/half_float.h"

namespace lakeml::parquet {

namespace {

template <typename T>
std::string_view AsBytes(const T& v) {
  return std::string_view(reinterpret_cast<const char*>(&v), sizeof(T));
}

template <typename T>
T Load(std::string_view s) {
  T v;
  std::memcpy(&v, s.data(), sizeof(T));
  return v;
}

}  // namespace

void StatisticsAccumulator::Reset() {
  null_count_ = 0;
  has_min_max_ = false;
  min_.clear();
  max_.clear();
}

bool StatisticsAccumulator::Less(std::string_view a, std::string_view b) const {
  switch (order_) {
    case StatsOrder::kNone:
      return false;
    case StatsOrder::kBoolean:
      return a[0] < b[0];
    case StatsOrder::kInt32:
      return Load<int32_t>(a) < Load<int32_t>(b);
    case StatsOrder::kUInt32:
      return Load<uint32_t>(a) < Load<uint32_t>(b);
    case StatsOrder::kInt64:
      return Load<int64_t>(a) < Load<int64_t>(b);
    case StatsOrder::kUInt64:
      return Load<uint64_t>(a) < Load<uint64_t>(b);
    case StatsOrder::kFloat:
      return Load<float>(a) < Load<float>(b);
    case StatsOrder::kDouble:
      return Load<double>(a) < Load<double>(b);
    case StatsOrder::kFloat16:
      return HalfToFloat(Load<uint16_t>(a)) < HalfToFloat(Load<uint16_t>(b));
    case StatsOrder::kBytes: {
      // Unsigned lexicographic; a proper prefix sorts first.
      const int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
      return c < 0 || (c == 0 && a.size() < b.size());
    }
    case StatsOrder::kDecimalBytes: {
      // Same width, big-endian two's complement: the sign byte signed, the rest unsigned.
      if (a.empty()) return false;
      const int8_t sa = static_cast<int8_t>(a[0]);
      const int8_t sb = static_cast<int8_t>(b[0]);
      if (sa != sb) return sa < sb;
      return std::memcmp(a.data() + 1, b.data() + 1, a.size() - 1) < 0;
    }
  }
  return false;
}

void StatisticsAccumulator::MergeMinMax(std::string_view lo, std::string_view hi) {
  if (!has_min_max_) {
    min_.assign(lo);
    max_.assign(hi);
    has_min_max_ = true;
    return;
  }
  if (Less(lo, min_)) min_.assign(lo);
  if (Less(max_, hi)) max_.assign(hi);
}

void StatisticsAccumulator::Merge(const StatisticsAccumulator& other) {
  null_count_ += other.null_count_;
  if (other.has_min_max_) MergeMinMax(other.min_, other.max_);
}

template <typename T>
void StatisticsAccumulator::UpdateIntegers(const uint8_t* p, int64_t n) {
  if (n == 0) return;
  T lo = std::numeric_limits<T>::max();
  T hi = std::numeric_limits<T>::min();
  for (int64_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, p + i * sizeof(T), sizeof(T));
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  MergeMinMax(AsBytes(lo), AsBytes(hi));
}

template <typename T>
void StatisticsAccumulator::UpdateFloats(const uint8_t* p, int64_t n) {
  // std::min/max keep the first argument when either is NaN: NaN never enters.
  T lo = std::numeric_limits<T>::infinity();
  T hi = -std::numeric_limits<T>::infinity();
  for (int64_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, p + i * sizeof(T), sizeof(T));
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
  }
  if (!(lo <= hi)) return;  // No values, or all NaN.
  if (lo == 0) lo = -T{0};
  if (hi == 0) hi = T{0};
  MergeMinMax(AsBytes(lo), AsBytes(hi));
}

void StatisticsAccumulator::UpdateFloat16(const uint8_t* p, int64_t n) {
  bool found = false;
  float lo = 0, hi = 0;
  uint16_t lo_bits = 0, hi_bits = 0;
  for (int64_t i = 0; i < n; ++i) {
    uint16_t h;
    std::memcpy(&h, p + i * 2, 2);
    const float f = HalfToFloat(h);
    if (std::isnan(f)) continue;
    if (!found) {
      lo = hi = f;
      lo_bits = hi_bits = h;
      found = true;
    } else if (f < lo) {
      lo = f;
      lo_bits = h;
    } else if (f > hi) {
      hi = f;
      hi_bits = h;
    }
  }
  if (!found) return;
  if (lo == 0) lo_bits = 0x8000;
  if (hi == 0) hi_bits = 0x0000;
  MergeMinMax(AsBytes(lo_bits), AsBytes(hi_bits));
}

void StatisticsAccumulator::UpdateBooleans(const uint8_t* bits, int64_t offset, int64_t n) {
  if (n == 0) return;
  const int64_t ones = bit_util::CountSetBits(bits, offset, n);
  const char lo = ones == n ? 1 : 0;
  const char hi = ones > 0 ? 1 : 0;
  MergeMinMax(std::string_view(&lo, 1), std::string_view(&hi, 1));
}

void StatisticsAccumulator::UpdateBytes(const PhysicalValues& v) {
  if (v.count == 0) return;
  std::string_view lo, hi;
  if (physical_type_ == Type::kFixedLenByteArray) {
    const size_t w = static_cast<size_t>(type_length_);
    const char* p = reinterpret_cast<const char*>(v.fixed);
    lo = hi = std::string_view(p, w);
    for (int64_t i = 1; i < v.count; ++i) {
      std::string_view x(p + i * w, w);
      if (Less(x, lo)) lo = x;
      if (Less(hi, x)) hi = x;
    }
  } else {
    const char* d = reinterpret_cast<const char*>(v.data);
    auto at = [&](int64_t i) {
      return std::string_view(d + v.offsets[i], v.offsets[i + 1] - v.offsets[i]);
    };
    lo = hi = at(0);
    for (int64_t i = 1; i < v.count; ++i) {
      std::string_view x = at(i);
      const int c_lo = std::memcmp(x.data(), lo.data(), std::min(x.size(), lo.size()));
      if (c_lo < 0 || (c_lo == 0 && x.size() < lo.size())) {
        lo = x;
        continue;
      }
      const int c_hi = std::memcmp(hi.data(), x.data(), std::min(x.size(), hi.size()));
      if (c_hi < 0 || (c_hi == 0 && hi.size() < x.size())) hi = x;
    }
  }
  MergeMinMax(lo, hi);
}

void StatisticsAccumulator::Update(const PhysicalValues& v) {
  switch (order_) {
    case StatsOrder::kNone:
      return;
    case StatsOrder::kBoolean:
      return UpdateBooleans(v.bits, v.bit_offset, v.count);
    case StatsOrder::kInt32:
      return UpdateIntegers<int32_t>(v.fixed, v.count);
    case StatsOrder::kUInt32:
      return UpdateIntegers<uint32_t>(v.fixed, v.count);
    case StatsOrder::kInt64:
      return UpdateIntegers<int64_t>(v.fixed, v.count);
    case StatsOrder::kUInt64:
      return UpdateIntegers<uint64_t>(v.fixed, v.count);
    case StatsOrder::kFloat:
      return UpdateFloats<float>(v.fixed, v.count);
    case StatsOrder::kDouble:
      return UpdateFloats<double>(v.fixed, v.count);
    case StatsOrder::kFloat16:
      return UpdateFloat16(v.fixed, v.count);
    case StatsOrder::kBytes:
    case StatsOrder::kDecimalBytes:
      return UpdateBytes(v);
  }
}

bool StatisticsAccumulator::TruncateMin(std::string_view value, size_t limit, std::string* out) {
  if (value.size() <= limit) {
    out->assign(value);
    return false;
  }
  out->assign(value.substr(0, limit));
  return true;
}

std::optional<std::string> StatisticsAccumulator::TruncateMax(std::string_view value,
                                                              size_t limit) {
  if (value.size() <= limit) return std::string(value);
  std::string s(value.substr(0, limit));
  while (!s.empty()) {
    unsigned char& last = reinterpret_cast<unsigned char&>(s.back());
    if (last != 0xFF) {
      ++last;
      return s;
    }
    s.pop_back();
  }
  return std::nullopt;
}

}  // namespace lakeml::parquet
