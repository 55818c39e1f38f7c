#include "columnar/scalar.h"

#include <cmath>
#include <cstring>
#include <string_view>

#include "base/str_cat.h"

namespace lakeml::columnar {

Scalar Scalar::Null(TypePtr type) {
  Scalar s;
  s.type = std::move(type);
  return s;
}

Scalar Scalar::Bool(bool v) {
  Scalar s;
  s.type = DataType::Primitive(TypeId::kBoolean);
  s.is_null = false;
  s.b = v;
  return s;
}

Scalar Scalar::Int(TypePtr type, int64_t v) {
  Scalar s;
  s.type = std::move(type);
  s.is_null = false;
  s.i = v;
  return s;
}

Scalar Scalar::UInt(TypePtr type, uint64_t v) {
  Scalar s;
  s.type = std::move(type);
  s.is_null = false;
  s.u = v;
  return s;
}

Scalar Scalar::Double(TypePtr type, double v) {
  Scalar s;
  s.type = std::move(type);
  s.is_null = false;
  s.d = v;
  return s;
}

Scalar Scalar::Decimal(TypePtr type, __int128 unscaled) {
  Scalar s;
  s.type = std::move(type);
  s.is_null = false;
  s.dec = unscaled;
  return s;
}

Scalar Scalar::Bytes(TypePtr type, std::string v) {
  Scalar s;
  s.type = std::move(type);
  s.is_null = false;
  s.bytes = std::move(v);
  return s;
}

Scalar Scalar::FromVector(const Vector& v, int64_t row) {
  const TypePtr& t = v.type();
  if (v.IsNull(row)) return Null(t);
  switch (t->id()) {
    case TypeId::kBoolean:
      return Bool(v.GetBool(row));
    case TypeId::kInt8:
      return Int(t, v.values_as<int8_t>()[row]);
    case TypeId::kInt16:
      return Int(t, v.values_as<int16_t>()[row]);
    case TypeId::kInt32:
    case TypeId::kDate32:
    case TypeId::kYearMonthInterval:
      return Int(t, v.values_as<int32_t>()[row]);
    case TypeId::kInt64:
    case TypeId::kTime64:
    case TypeId::kTimestamp:
    case TypeId::kDayTimeInterval:
      return Int(t, v.values_as<int64_t>()[row]);
    case TypeId::kUInt8:
      return UInt(t, v.values_as<uint8_t>()[row]);
    case TypeId::kUInt16:
      return UInt(t, v.values_as<uint16_t>()[row]);
    case TypeId::kUInt32:
      return UInt(t, v.values_as<uint32_t>()[row]);
    case TypeId::kUInt64:
      return UInt(t, v.values_as<uint64_t>()[row]);
    case TypeId::kFloat32:
      return Double(t, v.values_as<float>()[row]);
    case TypeId::kFloat64:
      return Double(t, v.values_as<double>()[row]);
    case TypeId::kDecimal: {
      __int128 d;
      std::memcpy(&d, v.values()->data() + row * 16, 16);
      return Decimal(t, d);
    }
    case TypeId::kString:
    case TypeId::kBinary:
      return Bytes(t, std::string(v.GetView(row)));
    case TypeId::kFixedSizeBinary:
      return Bytes(t, std::string(v.GetFixedView(row)));
    default:
      return Null(t);  // Nested, interval, float16: not representable.
  }
}

namespace {

template <typename T>
int Cmp(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

int CompareDoubles(double a, double b) {
  const bool na = std::isnan(a), nb = std::isnan(b);
  if (na || nb) return na == nb ? 0 : (na ? 1 : -1);
  return Cmp(a, b);
}

std::string Int128ToString(__int128 v) {
  if (v == 0) return "0";
  const bool neg = v < 0;
  unsigned __int128 u = neg ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  std::string digits;
  while (u > 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  }
  if (neg) digits.push_back('-');
  return std::string(digits.rbegin(), digits.rend());
}

}  // namespace

int Scalar::Compare(const Scalar& o) const {
  switch (type->id()) {
    case TypeId::kBoolean:
      return Cmp(b, o.b);
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
    case TypeId::kUInt64:
      return Cmp(u, o.u);
    case TypeId::kFloat16:
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      return CompareDoubles(d, o.d);
    case TypeId::kDecimal:
      return Cmp(dec, o.dec);
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kFixedSizeBinary: {
      // std::string compares chars via char_traits<char>, which is unsigned-byte order.
      const int c = std::string_view(bytes).compare(o.bytes);
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    default:
      return Cmp(i, o.i);
  }
}

std::string Scalar::ToString() const {
  if (is_null) return "NULL";
  switch (type->id()) {
    case TypeId::kBoolean:
      return b ? "true" : "false";
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
    case TypeId::kUInt64:
      return std::to_string(u);
    case TypeId::kFloat16:
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      return ::lakeml::StrCat(d);
    case TypeId::kDecimal: {
      std::string digits = Int128ToString(dec < 0 ? -dec : dec);
      const int scale = type->scale();
      if (scale > 0) {
        if (static_cast<int>(digits.size()) <= scale) {
          digits.insert(0, scale - digits.size() + 1, '0');
        }
        digits.insert(digits.size() - scale, ".");
      }
      return dec < 0 ? "-" + digits : digits;
    }
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kFixedSizeBinary:
      return bytes;
    default:
      return std::to_string(i);
  }
}

}  // namespace lakeml::columnar
