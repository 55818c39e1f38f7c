#include "format/parquet/physical_converter.h"

#include <cstring>

#include "base/bit_util.h"

namespace lakeml::parquet {

using columnar::Buffer;
using columnar::DataType;
using columnar::TimeUnit;
using columnar::TypeId;
using columnar::TypePtr;
using columnar::Vector;
using columnar::VectorPtr;

namespace {

// Julian day of 1970-01-01: INT96 timestamps count days from the Julian epoch.
constexpr int64_t kJulianEpochDay = 2440588;
constexpr int64_t kNanosPerDay = 86400LL * 1000 * 1000 * 1000;

template <typename From, typename To>
VectorPtr CastFixed(const Vector& raw, const TypePtr& target) {
  const int64_t n = raw.length();
  auto out = std::make_shared<Vector>(target, n);
  auto values = Buffer::Allocate(n * sizeof(To));
  const From* in = raw.values()->as<From>();
  To* o = values->mutable_as<To>();
  for (int64_t i = 0; i < n; ++i) o[i] = static_cast<To>(in[i]);
  out->set_values(std::move(values));
  return out;
}

// Big-endian two's complement of `len` bytes (1..16) to int128.
__int128 BigEndianToInt128(const uint8_t* p, int len) {
  unsigned __int128 v = (p[0] & 0x80) ? ~static_cast<unsigned __int128>(0) : 0;
  for (int i = 0; i < len; ++i) v = (v << 8) | p[i];
  return static_cast<__int128>(v);
}

Result<VectorPtr> BytesToDecimal(const Vector& raw, const TypePtr& target, bool fixed,
                                 const std::string& column) {
  const int64_t n = raw.length();
  auto out = std::make_shared<Vector>(target, n);
  auto values = Buffer::Allocate(n * 16);
  __int128* o = values->mutable_as<__int128>();
  for (int64_t i = 0; i < n; ++i) {
    std::string_view v = fixed ? raw.GetFixedView(i) : raw.GetView(i);
    if (v.size() > 16) {
      // Wider encodings are legal if the extra bytes are only sign extension.
      const uint8_t sign = (static_cast<uint8_t>(v[0]) & 0x80) ? 0xFF : 0x00;
      for (size_t k = 0; k + 16 < v.size(); ++k) {
        if (static_cast<uint8_t>(v[k]) != sign) {
          return Status::NotImplemented("Decimal value in column ", column,
                                        " needs more than 38 digits (", v.size(), " bytes)");
        }
      }
      v.remove_prefix(v.size() - 16);
    }
    o[i] = v.empty() ? 0
                     : BigEndianToInt128(reinterpret_cast<const uint8_t*>(v.data()),
                                         static_cast<int>(v.size()));
  }
  out->set_values(std::move(values));
  return out;
}

VectorPtr Int96ToTimestamp(const Vector& raw, const TypePtr& target) {
  const int64_t n = raw.length();
  auto out = std::make_shared<Vector>(target, n);
  auto values = Buffer::Allocate(n * 8);
  int64_t* o = values->mutable_as<int64_t>();
  const uint8_t* in = raw.values()->data();
  for (int64_t i = 0; i < n; ++i) {
    const uint64_t nanos_of_day = bit_util::LoadLE<uint64_t>(in + i * 12);
    const int64_t julian_day = bit_util::LoadLE<int32_t>(in + i * 12 + 8);
    // Unsigned arithmetic: garbage INT96 values wrap instead of invoking undefined behaviour.
    o[i] = static_cast<int64_t>(static_cast<uint64_t>(julian_day - kJulianEpochDay) * kNanosPerDay +
                                nanos_of_day);
  }
  out->set_values(std::move(values));
  return out;
}

VectorPtr IntervalFromParquet(const Vector& raw, const TypePtr& target) {
  // Parquet INTERVAL: three little-endian uint32: months, days, milliseconds.
  const int64_t n = raw.length();
  auto out = std::make_shared<Vector>(target, n);
  auto values = Buffer::Allocate(n * 16);
  uint8_t* o = values->mutable_data();
  const uint8_t* in = raw.values()->data();
  for (int64_t i = 0; i < n; ++i) {
    const int32_t months = static_cast<int32_t>(bit_util::LoadLE<uint32_t>(in + i * 12));
    const int32_t days = static_cast<int32_t>(bit_util::LoadLE<uint32_t>(in + i * 12 + 4));
    const int64_t nanos =
        static_cast<int64_t>(bit_util::LoadLE<uint32_t>(in + i * 12 + 8)) * 1000000;
    bit_util::StoreLE(o + i * 16, months);
    bit_util::StoreLE(o + i * 16 + 4, days);
    bit_util::StoreLE(o + i * 16 + 8, nanos);
  }
  out->set_values(std::move(values));
  return out;
}

VectorPtr Relabel(const VectorPtr& raw, const TypePtr& target) {
  auto out = std::make_shared<Vector>(target, raw->length());
  out->set_values(raw->values());
  out->set_data(raw->data());
  return out;
}

}  // namespace

TypePtr PhysicalConverter::StorageType(Type type, int type_length) {
  switch (type) {
    case Type::kBoolean:
      return DataType::Primitive(TypeId::kBoolean);
    case Type::kInt32:
      return DataType::Primitive(TypeId::kInt32);
    case Type::kInt64:
      return DataType::Primitive(TypeId::kInt64);
    case Type::kInt96:
      return DataType::FixedSizeBinary(12);
    case Type::kFloat:
      return DataType::Primitive(TypeId::kFloat32);
    case Type::kDouble:
      return DataType::Primitive(TypeId::kFloat64);
    case Type::kByteArray:
      return DataType::Binary();
    case Type::kFixedLenByteArray:
      return DataType::FixedSizeBinary(type_length);
  }
  return DataType::Primitive(TypeId::kNull);
}

bool PhysicalConverter::IsIdentity(Type type, const DataType& target) {
  switch (type) {
    case Type::kBoolean:
      return target.id() == TypeId::kBoolean;
    case Type::kInt32:
      return target.id() == TypeId::kInt32 || target.id() == TypeId::kUInt32 ||
             target.id() == TypeId::kDate32;
    case Type::kInt64:
      return target.id() == TypeId::kInt64 || target.id() == TypeId::kUInt64 ||
             target.id() == TypeId::kTimestamp || target.id() == TypeId::kTime64;
    case Type::kFloat:
      return target.id() == TypeId::kFloat32;
    case Type::kDouble:
      return target.id() == TypeId::kFloat64;
    case Type::kByteArray:
      return target.is_binary_like();
    case Type::kFixedLenByteArray:
      return target.id() == TypeId::kFixedSizeBinary || target.id() == TypeId::kFloat16;
    case Type::kInt96:
      return false;
  }
  return false;
}

Result<VectorPtr> PhysicalConverter::Convert(const VectorPtr& raw, Type type, const TypePtr& target,
                                             const std::string& column) {
  const TypeId to = target->id();
  if (to == TypeId::kNull) return Vector::MakeNull(target, raw->length());
  if (IsIdentity(type, *target)) return Relabel(raw, target);
  switch (type) {
    case Type::kInt32:
      switch (to) {
        case TypeId::kInt8:
          return CastFixed<int32_t, int8_t>(*raw, target);
        case TypeId::kInt16:
          return CastFixed<int32_t, int16_t>(*raw, target);
        case TypeId::kUInt8:
          return CastFixed<uint32_t, uint8_t>(*raw, target);
        case TypeId::kUInt16:
          return CastFixed<uint32_t, uint16_t>(*raw, target);
        case TypeId::kInt64:
          return CastFixed<int32_t, int64_t>(*raw, target);
        case TypeId::kTime64:
          return CastFixed<int32_t, int64_t>(*raw, target);
        case TypeId::kDecimal:
          return CastFixed<int32_t, __int128>(*raw, target);
        default:
          break;
      }
      break;
    case Type::kInt64:
      if (to == TypeId::kDecimal) return CastFixed<int64_t, __int128>(*raw, target);
      break;
    case Type::kInt96:
      if (to == TypeId::kTimestamp) return Int96ToTimestamp(*raw, target);
      break;
    case Type::kByteArray:
      if (to == TypeId::kDecimal) return BytesToDecimal(*raw, target, false, column);
      break;
    case Type::kFixedLenByteArray:
      if (to == TypeId::kDecimal) return BytesToDecimal(*raw, target, true, column);
      if (to == TypeId::kInterval && raw->type()->byte_width() == 12) {
        return IntervalFromParquet(*raw, target);
      }
      break;
    default:
      break;
  }
  return Status::NotImplemented("Cannot read physical type ", TypeName(type), " as ",
                                target->ToString(), " in column ", column);
}

}  // namespace lakeml::parquet
