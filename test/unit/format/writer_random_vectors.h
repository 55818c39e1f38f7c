// Random columnar vectors of any type (for Parquet writer round trips) and a value-by-value
// comparison of vector ranges that reports the first difference with its path and row.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>

#include "writer_vector_builders.h"

namespace lakeml::parquet::testing {

struct RandomOptions {
  double null_probability = 0.2;
  int max_list_length = 4;
  int max_string_length = 20;
  int string_cardinality = 0;    // > 0: strings drawn from this many distinct values.
  bool garbage_in_nulls = true;  // Null string slots keep some bytes (non-adjacent values).
};

inline VectorPtr RandomVector(const Field& field, int64_t n, std::mt19937_64& rng,
                              const RandomOptions& o = {}) {
  const DataType& t = *field.type;
  std::bernoulli_distribution is_null(field.nullable ? o.null_probability : 0.0);
  std::vector<bool> valid(n);
  bool any_null = false;
  for (int64_t i = 0; i < n; ++i) {
    valid[i] = !is_null(rng);
    any_null |= !valid[i];
  }
  auto rand_u64 = [&] { return rng(); };
  VectorPtr v;
  switch (t.id()) {
    case TypeId::kStruct: {
      std::vector<VectorPtr> children;
      for (const Field& c : t.children()) children.push_back(RandomVector(c, n, rng, o));
      v = StructOf(field.type, n, std::move(children));
      break;
    }
    case TypeId::kList:
    case TypeId::kMap: {
      std::vector<int64_t> offsets(n + 1, 0);
      std::uniform_int_distribution<int> len(0, o.max_list_length);
      for (int64_t i = 0; i < n; ++i) offsets[i + 1] = offsets[i] + (valid[i] ? len(rng) : 0);
      std::vector<VectorPtr> children;
      for (const Field& c : t.children()) children.push_back(RandomVector(c, offsets[n], rng, o));
      v = Nested(field.type, offsets, std::move(children));
      break;
    }
    case TypeId::kString:
    case TypeId::kBinary: {
      v = Vector::Make(field.type, n);
      int64_t* offsets = v->mutable_values()->mutable_as<int64_t>();
      offsets[0] = 0;
      std::uniform_int_distribution<int> len(0, o.max_string_length);
      std::string s;
      for (int64_t i = 0; i < n; ++i) {
        if (o.string_cardinality > 0) {
          const uint64_t k = rng() % o.string_cardinality;
          s = "value-" + std::to_string(k * 7919);
        } else {
          s.resize(len(rng));
          for (char& c : s) c = static_cast<char>(rng() % (t.id() == TypeId::kString ? 26 : 256));
          if (t.id() == TypeId::kString)
            for (char& c : s) c = static_cast<char>('a' + (c % 26 + 26) % 26);
        }
        if (valid[i] || (o.garbage_in_nulls && rng() % 2 == 0)) {
          v->mutable_data()->Append(s.data(), s.size());
        }
        offsets[i + 1] = v->data()->size();
      }
      break;
    }
    case TypeId::kBoolean:
      v = Vector::Make(field.type, n);
      for (int64_t i = 0; i < n; ++i) {
        bit_util::SetBitTo(v->mutable_values()->mutable_data(), i, rng() % 3 == 0);
      }
      break;
    default: {
      v = Vector::Make(field.type, n);
      const int w = t.fixed_width();
      uint8_t* out = v->mutable_values()->mutable_data();
      for (int64_t i = 0; i < n; ++i) {
        uint8_t* p = out + i * w;
        switch (t.id()) {
          case TypeId::kFloat32: {
            static const float kSpecial[] = {0.0f, -0.0f, 1.5f, -2.25f, 1e30f, -1e-30f};
            float f = rng() % 8 == 0
                          ? kSpecial[rng() % 6]
                          : static_cast<float>(static_cast<int64_t>(rng() % 20001) - 10000) / 7;
            std::memcpy(p, &f, 4);
            break;
          }
          case TypeId::kFloat64: {
            double d = static_cast<double>(static_cast<int64_t>(rng() % 2000001) - 1000000) / 13;
            std::memcpy(p, &d, 8);
            break;
          }
          case TypeId::kFloat16: {
            // Finite halves only (exponent < 31).
            uint16_t h = static_cast<uint16_t>(rng());
            if (((h >> 10) & 0x1F) == 31) h &= 0xBFFF;
            std::memcpy(p, &h, 2);
            break;
          }
          case TypeId::kDecimal: {
            __int128 limit = 1;
            for (int k = 0; k < t.precision(); ++k) limit *= 10;
            __int128 x = (static_cast<__int128>(rand_u64()) << 64) | rand_u64();
            x = x < 0 ? -x : x;
            x %= limit;
            if (rng() % 2) x = -x;
            std::memcpy(p, &x, 16);
            break;
          }
          case TypeId::kTime64: {
            int64_t x = 0;
            switch (t.unit()) {
              case columnar::TimeUnit::kSecond: x = rng() % 86400; break;
              case columnar::TimeUnit::kMilli: x = rng() % 86400000; break;
              case columnar::TimeUnit::kMicro: x = rng() % 86400000000LL; break;
              case columnar::TimeUnit::kNano: x = rng() % 86400000000000LL; break;
            }
            std::memcpy(p, &x, 8);
            break;
          }
          case TypeId::kTimestamp:
          case TypeId::kDate32:
            if (t.id() == TypeId::kDate32) {
              int32_t d = static_cast<int32_t>(rng() % 40000) - 10000;
              std::memcpy(p, &d, 4);
            } else {
              int64_t x = static_cast<int64_t>(rng() % 4000000000000LL) - 1000000000000LL;
              std::memcpy(p, &x, 8);
            }
            break;
          case TypeId::kInterval: {
            const int32_t months = static_cast<int32_t>(rng() % 1000);
            const int32_t days = static_cast<int32_t>(rng() % 1000);
            const int64_t nanos = static_cast<int64_t>(rng() % 4000000000LL) * 1000000;
            std::memcpy(p, &months, 4);
            std::memcpy(p + 4, &days, 4);
            std::memcpy(p + 8, &nanos, 8);
            break;
          }
          default:
            for (int k = 0; k < w; ++k) p[k] = static_cast<uint8_t>(rng());
            break;
        }
      }
      break;
    }
  }
  if (any_null) SetValidity(v.get(), valid);
  return v;
}

// Compares expected[eo, eo + n) with actual[ao, ao + n) value by value; reports the first
// difference (returns false) with `path` and the row.
inline bool RangesEqual(const Vector& e, int64_t eo, const Vector& a, int64_t ao, int64_t n,
                        const std::string& path) {
  const DataType& t = *e.type();
  if (!t.Equals(*a.type())) {
    ADD_FAILURE() << path << ": type " << a.type()->ToString() << ", expected " << t.ToString();
    return false;
  }
  for (int64_t i = 0; i < n; ++i) {
    const int64_t x = eo + i, y = ao + i;
    if (e.IsValid(x) != a.IsValid(y)) {
      ADD_FAILURE() << path << " row " << i << ": validity " << a.IsValid(y) << ", expected "
                    << e.IsValid(x);
      return false;
    }
    if (e.IsNull(x)) continue;
    bool same = true;
    switch (t.id()) {
      case TypeId::kBoolean: same = e.GetBool(x) == a.GetBool(y); break;
      case TypeId::kString:
      case TypeId::kBinary: same = e.GetView(x) == a.GetView(y); break;
      case TypeId::kFixedSizeBinary: same = e.GetFixedView(x) == a.GetFixedView(y); break;
      case TypeId::kStruct:
        for (size_t c = 0; c < t.children().size(); ++c) {
          if (!RangesEqual(*e.child(c), x, *a.child(c), y, 1, path + "." + t.children()[c].name)) {
            return false;
          }
        }
        break;
      case TypeId::kList:
      case TypeId::kMap: {
        const int64_t el = e.offsets()[x + 1] - e.offsets()[x];
        const int64_t al = a.offsets()[y + 1] - a.offsets()[y];
        if (el != al) {
          ADD_FAILURE() << path << " row " << i << ": list length " << al << ", expected " << el;
          return false;
        }
        for (size_t c = 0; c < e.children().size(); ++c) {
          if (!RangesEqual(*e.child(c), e.offsets()[x], *a.child(c), a.offsets()[y], el,
                           path + "[" + std::to_string(i) + "]")) {
            return false;
          }
        }
        break;
      }
      default: {
        const int w = t.fixed_width();
        same = std::memcmp(e.values()->data() + x * w, a.values()->data() + y * w, w) == 0;
        break;
      }
    }
    if (!same) {
      ADD_FAILURE() << path << " row " << i << ": values differ";
      return false;
    }
  }
  return true;
}

}  // namespace lakeml::parquet::testing
