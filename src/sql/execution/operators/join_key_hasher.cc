#include "sql/execution/operators/join_key_hasher.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <string_view>

namespace lakeml::sql {
namespace {

using columnar::TypeId;

inline uint64_t JoinMix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

inline uint64_t JoinHashBytes(std::string_view s) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ JoinMix64(w)) * 0x9E3779B97F4A7C15ULL;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, s.data() + i, s.size() - i);
  return JoinMix64(h ^ tail);
}

inline double NormalizeJoinDouble(double d) {
  if (d == 0) return 0.0;
  if (std::isnan(d)) return std::numeric_limits<double>::quiet_NaN();
  return d;
}

template <typename T>
void HashFixed(const columnar::Vector& v, int64_t begin, int64_t end, bool first, uint64_t* h) {
  const T* values = v.values_as<T>();
  for (int64_t i = begin; i < end; ++i) {
    const uint64_t x = JoinMix64(static_cast<uint64_t>(static_cast<int64_t>(values[i])));
    h[i] = first ? x : JoinMix64(h[i] * 31 + x);
  }
}

template <typename T>
void HashFloating(const columnar::Vector& v, int64_t begin, int64_t end, bool first,
                  uint64_t* h) {
  const T* values = v.values_as<T>();
  for (int64_t i = begin; i < end; ++i) {
    const double d = NormalizeJoinDouble(static_cast<double>(values[i]));
    uint64_t bits;
    std::memcpy(&bits, &d, 8);
    const uint64_t x = JoinMix64(bits);
    h[i] = first ? x : JoinMix64(h[i] * 31 + x);
  }
}

template <typename T>
int64_t KeepEqualFixed(const columnar::Vector& a, const columnar::Vector& b, uint32_t* pr,
                       uint32_t* br, int64_t count) {
  const T* av = a.values_as<T>();
  const T* bv = b.values_as<T>();
  int64_t out = 0;
  for (int64_t i = 0; i < count; ++i) {
    const uint32_t p = pr[i];
    const uint32_t q = br[i];
    pr[out] = p;
    br[out] = q;
    out += av[p] == bv[q];
  }
  return out;
}

template <typename T>
int64_t KeepEqualFloating(const columnar::Vector& a, const columnar::Vector& b, uint32_t* pr,
                          uint32_t* br, int64_t count) {
  const T* av = a.values_as<T>();
  const T* bv = b.values_as<T>();
  int64_t out = 0;
  for (int64_t i = 0; i < count; ++i) {
    const uint32_t p = pr[i];
    const uint32_t q = br[i];
    pr[out] = p;
    br[out] = q;
    out += av[p] == bv[q] || (std::isnan(av[p]) && std::isnan(bv[q]));
  }
  return out;
}

template <typename View>
int64_t KeepEqualViews(uint32_t* pr, uint32_t* br, int64_t count, const View& view) {
  int64_t out = 0;
  for (int64_t i = 0; i < count; ++i) {
    const uint32_t p = pr[i];
    const uint32_t q = br[i];
    pr[out] = p;
    br[out] = q;
    out += view(0, p) == view(1, q);
  }
  return out;
}

}  // namespace

bool JoinKeyHasher::Supports(const columnar::TypePtr& type) {
  switch (type->id()) {
    case TypeId::kBoolean:
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
    case TypeId::kUInt64:
    case TypeId::kFloat32:
    case TypeId::kFloat64:
    case TypeId::kDecimal:
    case TypeId::kDate32:
    case TypeId::kYearMonthInterval:
    case TypeId::kTime64:
    case TypeId::kTimestamp:
    case TypeId::kDayTimeInterval:
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kFixedSizeBinary:
      return true;
    default:
      return false;
  }
}

void JoinKeyHasher::Hash(const std::vector<columnar::VectorPtr>& keys, int64_t n, uint64_t* hashes,
                         uint8_t* valid) {
  HashRange(keys, 0, n, hashes, valid);
}

void JoinKeyHasher::HashRange(const std::vector<columnar::VectorPtr>& keys, int64_t begin,
                              int64_t end, uint64_t* hashes, uint8_t* valid) {
  std::memset(valid + begin, 1, end - begin);
  for (size_t k = 0; k < keys.size(); ++k) {
    const columnar::Vector& v = *keys[k];
    const bool first = k == 0;
    switch (v.type()->id()) {
      case TypeId::kInt8:
        HashFixed<int8_t>(v, begin, end, first, hashes);
        break;
      case TypeId::kUInt8:
        HashFixed<uint8_t>(v, begin, end, first, hashes);
        break;
      case TypeId::kInt16:
        HashFixed<int16_t>(v, begin, end, first, hashes);
        break;
      case TypeId::kUInt16:
        HashFixed<uint16_t>(v, begin, end, first, hashes);
        break;
      case TypeId::kInt32:
      case TypeId::kDate32:
      case TypeId::kYearMonthInterval:
        HashFixed<int32_t>(v, begin, end, first, hashes);
        break;
      case TypeId::kUInt32:
        HashFixed<uint32_t>(v, begin, end, first, hashes);
        break;
      case TypeId::kInt64:
      case TypeId::kUInt64:
      case TypeId::kTime64:
      case TypeId::kTimestamp:
      case TypeId::kDayTimeInterval:
        HashFixed<int64_t>(v, begin, end, first, hashes);
        break;
      case TypeId::kFloat32:
        HashFloating<float>(v, begin, end, first, hashes);
        break;
      case TypeId::kFloat64:
        HashFloating<double>(v, begin, end, first, hashes);
        break;
      case TypeId::kDecimal: {
        const __int128* values = v.values_as<__int128>();
        for (int64_t i = begin; i < end; ++i) {
          const auto u = static_cast<unsigned __int128>(values[i]);
          const uint64_t x =
              JoinMix64(static_cast<uint64_t>(u) ^ JoinMix64(static_cast<uint64_t>(u >> 64)));
          hashes[i] = first ? x : JoinMix64(hashes[i] * 31 + x);
        }
        break;
      }
      case TypeId::kBoolean:
        for (int64_t i = begin; i < end; ++i) {
          const uint64_t x = JoinMix64(v.GetBool(i) ? 1 : 2);
          hashes[i] = first ? x : JoinMix64(hashes[i] * 31 + x);
        }
        break;
      case TypeId::kFixedSizeBinary:
        for (int64_t i = begin; i < end; ++i) {
          const uint64_t x = JoinHashBytes(v.GetFixedView(i));
          hashes[i] = first ? x : JoinMix64(hashes[i] * 31 + x);
        }
        break;
      default:  // String, binary.
        for (int64_t i = begin; i < end; ++i) {
          const uint64_t x = JoinHashBytes(v.GetView(i));
          hashes[i] = first ? x : JoinMix64(hashes[i] * 31 + x);
        }
        break;
    }
    if (v.null_count() > 0) {
      for (int64_t i = begin; i < end; ++i) valid[i] &= v.IsValid(i) ? 1 : 0;
    }
  }
}

int64_t JoinKeyHasher::KeepEqual(const columnar::Vector& a, const columnar::Vector& b, uint32_t* pr,
                                 uint32_t* br, int64_t count) {
  switch (a.type()->id()) {
    case TypeId::kInt8:
    case TypeId::kUInt8:
      return KeepEqualFixed<uint8_t>(a, b, pr, br, count);
    case TypeId::kInt16:
    case TypeId::kUInt16:
      return KeepEqualFixed<uint16_t>(a, b, pr, br, count);
    case TypeId::kInt32:
    case TypeId::kUInt32:
    case TypeId::kDate32:
    case TypeId::kYearMonthInterval:
      return KeepEqualFixed<uint32_t>(a, b, pr, br, count);
    case TypeId::kInt64:
    case TypeId::kUInt64:
    case TypeId::kTime64:
    case TypeId::kTimestamp:
    case TypeId::kDayTimeInterval:
      return KeepEqualFixed<uint64_t>(a, b, pr, br, count);
    case TypeId::kDecimal:
      return KeepEqualFixed<__int128>(a, b, pr, br, count);
    case TypeId::kFloat32:
      return KeepEqualFloating<float>(a, b, pr, br, count);
    case TypeId::kFloat64:
      return KeepEqualFloating<double>(a, b, pr, br, count);
    case TypeId::kBoolean:
      return KeepEqualViews(pr, br, count, [&](int side, uint32_t row) {
        return side == 0 ? a.GetBool(row) : b.GetBool(row);
      });
    case TypeId::kFixedSizeBinary:
      return KeepEqualViews(pr, br, count, [&](int side, uint32_t row) {
        return side == 0 ? a.GetFixedView(row) : b.GetFixedView(row);
      });
    default:
      return KeepEqualViews(pr, br, count, [&](int side, uint32_t row) {
        return side == 0 ? a.GetView(row) : b.GetView(row);
      });
  }
}

}  // namespace lakeml::sql
