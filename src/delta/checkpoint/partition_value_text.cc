#include "delta/checkpoint/partition_value_text.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "delta/checkpoint/spark_value_text.h"
#include "format/value_text/decimal_text.h"

namespace lakeml::delta {

using columnar::DataType;
using columnar::Scalar;
using columnar::TimeUnit;
using columnar::TypeId;

namespace {

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

void AppendTwo(int64_t v, std::string* out) {
  out->push_back(static_cast<char>('0' + v / 10));
  out->push_back(static_cast<char>('0' + v % 10));
}

// "YYYY-MM-DD?HH:MM:SS" + ".ffffff" (always when `full_fraction`, else only the significant
// digits, none for whole seconds).
void AppendTimestampText(int64_t micros, char separator, bool full_fraction, std::string* out) {
  constexpr int64_t kMicrosPerDay = 86400000000LL;
  const int64_t days = FloorDiv(micros, kMicrosPerDay);
  int64_t rem = micros - days * kMicrosPerDay;
  AppendIsoDate(days, out);
  out->push_back(separator);
  AppendTwo(rem / 3600000000LL, out);
  rem %= 3600000000LL;
  out->push_back(':');
  AppendTwo(rem / 60000000, out);
  rem %= 60000000;
  out->push_back(':');
  AppendTwo(rem / 1000000, out);
  int64_t fraction = rem % 1000000;
  if (!full_fraction && fraction == 0) return;
  char digits[6];
  for (int i = 5; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + fraction % 10);
    fraction /= 10;
  }
  int n = 6;
  if (!full_fraction) {
    while (n > 1 && digits[n - 1] == '0') --n;
  }
  out->push_back('.');
  out->append(digits, n);
}

template <typename T>
bool ParseInt(std::string_view s, T* out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

bool ParseDouble(std::string_view s, double* out) {
  if (s == "NaN") {
    *out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (s == "Infinity" || s == "+Infinity") {
    *out = std::numeric_limits<double>::infinity();
    return true;
  }
  if (s == "-Infinity") {
    *out = -std::numeric_limits<double>::infinity();
    return true;
  }
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

Result<std::optional<std::string>> FormatPartitionValue(const columnar::Vector& v, int64_t row,
                                                        bool utc) {
  if (v.IsNull(row)) return std::optional<std::string>();
  std::string out;
  const DataType& type = *v.type();
  switch (type.id()) {
    case TypeId::kString:
    case TypeId::kBinary:
      out.assign(v.GetView(row));
      break;
    case TypeId::kBoolean:
      out = v.GetBool(row) ? "true" : "false";
      break;
    case TypeId::kInt8:
      out = std::to_string(v.values_as<int8_t>()[row]);
      break;
    case TypeId::kInt16:
      out = std::to_string(v.values_as<int16_t>()[row]);
      break;
    case TypeId::kInt32:
      out = std::to_string(v.values_as<int32_t>()[row]);
      break;
    case TypeId::kInt64:
      out = std::to_string(v.values_as<int64_t>()[row]);
      break;
    case TypeId::kUInt8:
      out = std::to_string(v.values_as<uint8_t>()[row]);
      break;
    case TypeId::kUInt16:
      out = std::to_string(v.values_as<uint16_t>()[row]);
      break;
    case TypeId::kUInt32:
      out = std::to_string(v.values_as<uint32_t>()[row]);
      break;
    case TypeId::kUInt64:
      out = std::to_string(v.values_as<uint64_t>()[row]);
      break;
    case TypeId::kFloat32:
      AppendJavaFloat(v.values_as<float>()[row], &out);
      break;
    case TypeId::kFloat64:
      AppendJavaDouble(v.values_as<double>()[row], &out);
      break;
    case TypeId::kDecimal:
      format::AppendDecimal128LE(v.values()->data() + row * 16, type.scale(), &out);
      break;
    case TypeId::kDate32:
      AppendIsoDate(v.values_as<int32_t>()[row], &out);
      break;
    case TypeId::kTimestamp: {
      std::optional<int64_t> micros = TimestampToMicros(v.values_as<int64_t>()[row], type.unit());
      if (!micros) {
        return Status::OutOfRange("Timestamp partition value out of range: ",
                                  v.values_as<int64_t>()[row]);
      }
      if (utc) {
        AppendTimestampText(*micros, 'T', /*full_fraction=*/true, &out);
        out.push_back('Z');
      } else {
        AppendTimestampText(*micros, ' ', /*full_fraction=*/false, &out);
      }
      break;
    }
    default:
      return Status::NotImplemented("Partition values of type ", type.ToString(),
                                    " are not supported");
  }
  // An empty string would read back as null; Spark stores such values as null as well.
  if (out.empty()) return std::optional<std::string>();
  return std::optional<std::string>(std::move(out));
}

Result<Scalar> ParsePartitionValue(std::string_view text, const columnar::TypePtr& type) {
  if (text.empty()) return Scalar::Null(type);
  auto bad = [&]() {
    return Status::InvalidArgument("Invalid partition value for type ", type->ToString(), ": '",
                                   text, "'");
  };
  switch (type->id()) {
    case TypeId::kString:
    case TypeId::kBinary:
      return Scalar::Bytes(type, std::string(text));
    case TypeId::kBoolean:
      if (text == "true" || text == "TRUE" || text == "True") return Scalar::Bool(true);
      if (text == "false" || text == "FALSE" || text == "False") return Scalar::Bool(false);
      return bad();
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64: {
      int64_t v = 0;
      if (!ParseInt(text, &v)) return bad();
      const int bits = type->fixed_width() * 8;
      if (bits < 64 && (v < -(int64_t{1} << (bits - 1)) || v >= (int64_t{1} << (bits - 1)))) {
        return bad();
      }
      return Scalar::Int(type, v);
    }
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
    case TypeId::kUInt64: {
      uint64_t v = 0;
      if (!ParseInt(text, &v)) return bad();
      const int bits = type->fixed_width() * 8;
      if (bits < 64 && v >= (uint64_t{1} << bits)) return bad();
      return Scalar::UInt(type, v);
    }
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      double v = 0;
      if (!ParseDouble(text, &v)) return bad();
      return Scalar::Double(type, v);
    }
    case TypeId::kDecimal: {
      std::optional<__int128> v = ParseDecimalNumber(text, type->precision(), type->scale());
      if (!v) return bad();
      return Scalar::Decimal(type, *v);
    }
    case TypeId::kDate32: {
      // Spark also accepts a timestamp-shaped date; keep to the date part then.
      std::optional<int64_t> days = ParseIsoDate(text.substr(0, 10));
      if (!days || (text.size() > 10 && text[10] != ' ' && text[10] != 'T')) return bad();
      return Scalar::Int(type, *days);
    }
    case TypeId::kTimestamp: {
      std::optional<int64_t> micros = ParseTimestampMicros(text);
      if (!micros) return bad();
      int64_t v = *micros;
      switch (type->unit()) {
        case TimeUnit::kSecond:
          v = FloorDiv(v, 1000000);
          break;
        case TimeUnit::kMilli:
          v = FloorDiv(v, 1000);
          break;
        case TimeUnit::kMicro:
          break;
        case TimeUnit::kNano:
          if (__builtin_mul_overflow(v, int64_t{1000}, &v)) return bad();
          break;
      }
      return Scalar::Int(type, v);
    }
    default:
      return Status::NotImplemented("Partition values of type ", type->ToString(),
                                    " are not supported");
  }
}

}  // namespace lakeml::delta
