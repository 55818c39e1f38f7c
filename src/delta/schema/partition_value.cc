#include "delta/schema/partition_value.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <string_view>

#include "base/str_cat.h"
#include "format/csv/csv_value_parser.h"
#include "format/value_text/java_floating_text.h"
#include "format/value_text/temporal_text.h"

namespace lakeml::delta {

using columnar::DataType;
using columnar::Scalar;
using columnar::TimeUnit;
using columnar::TypeId;
using columnar::TypePtr;
using columnar::Vector;
using columnar::VectorPtr;

namespace {

Status InvalidValue(const DataType& type, std::string_view value) {
  return Status::InvalidArgument("Invalid partition value for type ", type.ToString(), ": '", value,
                                 "'");
}

bool InRange(int64_t v, TypeId id) {
  switch (id) {
    case TypeId::kInt8:
      return v >= INT8_MIN && v <= INT8_MAX;
    case TypeId::kInt16:
      return v >= INT16_MIN && v <= INT16_MAX;
    case TypeId::kInt32:
      return v >= INT32_MIN && v <= INT32_MAX;
    default:
      return true;
  }
}

bool InRange(uint64_t v, TypeId id) {
  switch (id) {
    case TypeId::kUInt8:
      return v <= UINT8_MAX;
    case TypeId::kUInt16:
      return v <= UINT16_MAX;
    case TypeId::kUInt32:
      return v <= UINT32_MAX;
    default:
      return true;
  }
}

int64_t TicksPerMicro(TimeUnit unit) { return unit == TimeUnit::kNano ? 1000 : 1; }

// Microseconds since the epoch as `unit` ticks (floor for coarser units).
bool MicrosToUnit(int64_t micros, TimeUnit unit, int64_t* out) {
  switch (unit) {
    case TimeUnit::kSecond:
      *out = micros / 1000000 - (micros % 1000000 < 0 ? 1 : 0);
      return true;
    case TimeUnit::kMilli:
      *out = micros / 1000 - (micros % 1000 < 0 ? 1 : 0);
      return true;
    case TimeUnit::kMicro:
      *out = micros;
      return true;
    case TimeUnit::kNano:
      return !__builtin_mul_overflow(micros, TicksPerMicro(unit), out);
  }
  return false;
}

Result<Scalar> ParseTimestampValue(std::string_view s, const TypePtr& type) {
  csv::ParsedTimestamp parts;
  if (!csv::ParseTimestampParts(s, &parts)) return InvalidValue(*type, s);
  // A wall-clock (ntz) value cannot name an offset; "Z" alone is tolerated.
  if (!type->utc() && parts.offset_seconds != 0) return InvalidValue(*type, s);
  int64_t micros;
  bool has_zone;
  if (!csv::ParseTimestamp(s, TimeUnit::kMicro, &micros, &has_zone)) {
    return InvalidValue(*type, s);
  }
  int64_t ticks;
  if (!MicrosToUnit(micros, type->unit(), &ticks)) return InvalidValue(*type, s);
  if (type->unit() == TimeUnit::kNano) ticks += (parts.nanos % 1000);
  return Scalar::Int(type, ticks);
}


template <typename T>
void Fill(Vector* v, T value, int64_t n) {
  std::fill_n(v->mutable_values()->mutable_as<T>(), n, value);
}

}  // namespace

Result<Scalar> ParsePartitionValue(const std::optional<std::string>& value, const TypePtr& type) {
  // "An empty string for any type translates to a null partition value."
  if (!value.has_value() || value->empty()) return Scalar::Null(type);
  const std::string& raw = *value;
  const std::string_view s = csv::TrimBlanks(raw);
  const TypeId id = type->id();
  switch (id) {
    case TypeId::kNull:
      return Scalar::Null(type);
    case TypeId::kBoolean: {
      bool b;
      if (!csv::ParseBool(s, &b)) return InvalidValue(*type, raw);
      Scalar out = Scalar::Bool(b);
      out.type = type;
      return out;
    }
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64: {
      int64_t v;
      if (!csv::ParseInt64(s, &v) || !InRange(v, id)) return InvalidValue(*type, raw);
      return Scalar::Int(type, v);
    }
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
    case TypeId::kUInt64: {
      uint64_t v;
      if (!csv::ParseUInt64(s, &v) || !InRange(v, id)) return InvalidValue(*type, raw);
      return Scalar::UInt(type, v);
    }
    case TypeId::kFloat32: {
      float f;
      if (!csv::ParseFloat(s, &f)) return InvalidValue(*type, raw);
      return Scalar::Double(type, f);
    }
    case TypeId::kFloat64: {
      double d;
      if (!csv::ParseDouble(s, &d)) return InvalidValue(*type, raw);
      return Scalar::Double(type, d);
    }
    case TypeId::kDecimal: {
      __int128 unscaled;
      if (!csv::ParseDecimal(s, type->precision(), type->scale(), &unscaled)) {
        return InvalidValue(*type, raw);
      }
      return Scalar::Decimal(type, unscaled);
    }
    case TypeId::kDate32: {
      int32_t days;
      if (!csv::ParseDate(s, &days)) return InvalidValue(*type, raw);
      return Scalar::Int(type, days);
    }
    case TypeId::kTimestamp:
      return ParseTimestampValue(s, type);
    case TypeId::kString:
    case TypeId::kBinary:
      return Scalar::Bytes(type, raw);
    case TypeId::kFixedSizeBinary:
      if (static_cast<int64_t>(raw.size()) != type->byte_width()) return InvalidValue(*type, raw);
      return Scalar::Bytes(type, raw);
    default:
      return Status::InvalidArgument("Unsupported partition column type ", type->ToString());
  }
}

Result<VectorPtr> ConstantVector(const Scalar& value, int64_t num_rows) {
  const TypePtr& type = value.type;
  if (type->is_nested()) {
    return Status::InvalidArgument("Constant columns of nested type ", type->ToString(),
                                   " are not supported");
  }
  if (num_rows < 0) return Status::InvalidArgument("Negative row count ", num_rows);
  if (value.is_null || type->id() == TypeId::kNull) return Vector::MakeNull(type, num_rows);
  const int64_t n = num_rows;
  switch (type->id()) {
    case TypeId::kString:
    case TypeId::kBinary: {
      const int64_t len = static_cast<int64_t>(value.bytes.size());
      int64_t total;
      if (__builtin_mul_overflow(len, n, &total)) {
        return Status::OutOfRange("Constant column of ", n, " values of ", len,
                                  " bytes is too large");
      }
      auto v = Vector::Make(type, n);
      int64_t* offsets = v->mutable_values()->mutable_as<int64_t>();
      for (int64_t i = 0; i <= n; ++i) offsets[i] = i * len;
      columnar::Buffer* data = v->mutable_data();
      data->Resize(total);
      if (total > 0) {
        // Copy the value once, then double the filled prefix.
        std::memcpy(data->mutable_data(), value.bytes.data(), len);
        int64_t filled = len;
        while (filled < total) {
          const int64_t chunk = std::min(filled, total - filled);
          std::memcpy(data->mutable_data() + filled, data->data(), chunk);
          filled += chunk;
        }
      }
      return v;
    }
    case TypeId::kFixedSizeBinary: {
      const int w = type->byte_width();
      if (static_cast<int64_t>(value.bytes.size()) != w) {
        return Status::InvalidArgument("Constant of type ", type->ToString(), " holds ",
                                       value.bytes.size(), " bytes");
      }
      auto v = Vector::Make(type, n);
      uint8_t* out = v->mutable_values()->mutable_data();
      for (int64_t i = 0; i < n; ++i) std::memcpy(out + i * w, value.bytes.data(), w);
      return v;
    }
    default:
      break;
  }
  auto v = Vector::Make(type, n);
  switch (type->id()) {
    case TypeId::kBoolean:
      std::memset(v->mutable_values()->mutable_data(), value.b ? 0xFF : 0,
                  v->mutable_values()->size());
      break;
    case TypeId::kInt8:
      Fill<int8_t>(v.get(), static_cast<int8_t>(value.i), n);
      break;
    case TypeId::kInt16:
      Fill<int16_t>(v.get(), static_cast<int16_t>(value.i), n);
      break;
    case TypeId::kInt32:
    case TypeId::kDate32:
      Fill<int32_t>(v.get(), static_cast<int32_t>(value.i), n);
      break;
    case TypeId::kInt64:
    case TypeId::kTime64:
    case TypeId::kTimestamp:
      Fill<int64_t>(v.get(), value.i, n);
      break;
    case TypeId::kUInt8:
      Fill<uint8_t>(v.get(), static_cast<uint8_t>(value.u), n);
      break;
    case TypeId::kUInt16:
      Fill<uint16_t>(v.get(), static_cast<uint16_t>(value.u), n);
      break;
    case TypeId::kUInt32:
      Fill<uint32_t>(v.get(), static_cast<uint32_t>(value.u), n);
      break;
    case TypeId::kUInt64:
      Fill<uint64_t>(v.get(), value.u, n);
      break;
    case TypeId::kFloat32:
      Fill<float>(v.get(), static_cast<float>(value.d), n);
      break;
    case TypeId::kFloat64:
      Fill<double>(v.get(), value.d, n);
      break;
    case TypeId::kDecimal:
      Fill<__int128>(v.get(), value.dec, n);
      break;
    default:
      return Status::NotImplemented("Constant columns of type ", type->ToString(),
                                    " are not supported");
  }
  return v;
}

std::optional<std::string> SerializePartitionValue(const Scalar& value) {
  if (value.is_null) return std::nullopt;
  const DataType& type = *value.type;
  switch (type.id()) {
    case TypeId::kNull:
      return std::nullopt;
    case TypeId::kBoolean:
      return value.b ? "true" : "false";
    case TypeId::kFloat32: {
      std::string out;
      format::JavaFloatingText::AppendFloat(static_cast<float>(value.d), &out);
      return out;
    }
    case TypeId::kFloat16:
    case TypeId::kFloat64: {
      std::string out;
      format::JavaFloatingText::AppendDouble(value.d, &out);
      return out;
    }
    case TypeId::kDate32: {
      std::string out;
      format::AppendDate(value.i, &out);
      return out;
    }
    case TypeId::kTimestamp: {
      std::string out;
      format::AppendTimestamp(value.i, type.unit(), type.utc(), &out);
      if (!type.utc()) {
        // The protocol's ntz form separates date and time with a space.
        const size_t t = out.find('T');
        if (t != std::string::npos) out[t] = ' ';
      }
      return out;
    }
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kFixedSizeBinary:
      if (value.bytes.empty()) return std::nullopt;
      return value.bytes;
    default:
      return value.ToString();  // Integers and decimals.
  }
}

}  // namespace lakeml::delta
