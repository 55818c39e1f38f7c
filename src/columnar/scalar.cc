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
