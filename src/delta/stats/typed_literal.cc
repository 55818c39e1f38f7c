#include "delta/stats/typed_literal.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include "delta/stats/stats_value_text.h"

namespace lakeml::delta {
namespace {

using columnar::DataType;
using columnar::Scalar;
using columnar::TypeId;
using columnar::TypePtr;

bool IsSignedInt(TypeId id) {
  return id == TypeId::kInt8 || id == TypeId::kInt16 || id == TypeId::kInt32 ||
         id == TypeId::kInt64;
}
bool IsUnsignedInt(TypeId id) {
  return id == TypeId::kUInt8 || id == TypeId::kUInt16 || id == TypeId::kUInt32 ||
         id == TypeId::kUInt64;
}
bool IsFloat(TypeId id) {
  return id == TypeId::kFloat16 || id == TypeId::kFloat32 || id == TypeId::kFloat64;
}

// Inclusive range of a signed or unsigned integer type, as int128.
void IntRange(TypeId id, __int128* lo, __int128* hi) {
  switch (id) {
    case TypeId::kInt8:
      *lo = INT8_MIN, *hi = INT8_MAX;
      return;
    case TypeId::kInt16:
      *lo = INT16_MIN, *hi = INT16_MAX;
      return;
    case TypeId::kInt32:
      *lo = INT32_MIN, *hi = INT32_MAX;
      return;
    case TypeId::kUInt8:
      *lo = 0, *hi = UINT8_MAX;
      return;
    case TypeId::kUInt16:
      *lo = 0, *hi = UINT16_MAX;
      return;
    case TypeId::kUInt32:
      *lo = 0, *hi = UINT32_MAX;
      return;
    case TypeId::kUInt64:
      *lo = 0, *hi = UINT64_MAX;
      return;
    default:
      *lo = INT64_MIN, *hi = INT64_MAX;
      return;
  }
}

__int128 Pow10(int n) {
  __int128 v = 1;
  for (int i = 0; i < n; ++i) v *= 10;
  return v;
}

// An integer value (as int128) as a scalar of integer, float or decimal `type`.
Result<Scalar> FromInteger(__int128 v, const TypePtr& type, std::string_view shown) {
  const TypeId id = type->id();
  if (IsSignedInt(id) || IsUnsignedInt(id)) {
    __int128 lo, hi;
    IntRange(id, &lo, &hi);
    if (v < lo || v > hi) {
      return Status::InvalidArgument("Literal out of range for ", type->ToString(), ": ", shown);
    }
    return IsSignedInt(id) ? Scalar::Int(type, static_cast<int64_t>(v))
                           : Scalar::UInt(type, static_cast<uint64_t>(v));
  }
  if (IsFloat(id)) {
    const double d = static_cast<double>(v);
    const double rounded = id == TypeId::kFloat64 ? d : static_cast<double>(static_cast<float>(d));
    if (static_cast<__int128>(rounded) != v) {
      return Status::InvalidArgument("Literal not exact in ", type->ToString(), ": ", shown);
    }
    return Scalar::Double(type, rounded);
  }
  if (id == TypeId::kDecimal) {
    const __int128 limit = Pow10(type->precision());
    if (type->scale() < 0) {
      return Status::InvalidArgument("Literal not exact in ", type->ToString(), ": ", shown);
    }
    __int128 scaled = v;
    for (int i = 0; i < type->scale(); ++i) {
      if (scaled >= limit || scaled <= -limit) break;
      scaled *= 10;
    }
    if (scaled >= limit || scaled <= -limit) {
      return Status::InvalidArgument("Literal out of range for ", type->ToString(), ": ", shown);
    }
    return Scalar::Decimal(type, scaled);
  }
  return Status::InvalidArgument("Cannot compare ", type->ToString(), " with a number: ", shown);
}

Result<Scalar> ParseFloatText(std::string_view text, const TypePtr& type) {
  double d;
  if (text == "NaN" || text == "nan") {
    d = std::numeric_limits<double>::quiet_NaN();
  } else if (text == "Infinity" || text == "+Infinity" || text == "inf") {
    d = std::numeric_limits<double>::infinity();
  } else if (text == "-Infinity" || text == "-inf") {
    d = -std::numeric_limits<double>::infinity();
  } else {
    std::string_view t = text;
    if (!t.empty() && t[0] == '+') t.remove_prefix(1);
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), d);
    if (ec != std::errc() || end != t.data() + t.size() || t.empty()) {
      return Status::InvalidArgument("Expected a ", type->ToString(), " literal, got: ", text);
    }
  }
  if (type->id() != TypeId::kFloat64) d = static_cast<double>(static_cast<float>(d));
  return Scalar::Double(type, d);
}

}  // namespace

bool IsComparableType(const DataType& type) {
  switch (type.id()) {
    case TypeId::kNull:
    case TypeId::kTime64:
    case TypeId::kInterval:
    case TypeId::kList:
    case TypeId::kMap:
    case TypeId::kStruct:
      return false;
    default:
      return true;
  }
}

Result<Scalar> LiteralFromText(std::string_view text, bool quoted, const TypePtr& type) {
  const TypeId id = type->id();
  if (IsSignedInt(id) || IsUnsignedInt(id)) {
    int64_t v;
    if (!ParseInt64Text(text, &v)) {
      if (id == TypeId::kUInt64 && !text.empty() && text[0] != '-') {
        uint64_t u;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), u);
        if (ec == std::errc() && end == text.data() + text.size()) return Scalar::UInt(type, u);
      }
      return Status::InvalidArgument("Expected an integer literal for ", type->ToString(),
                                     ", got: ", text);
    }
    return FromInteger(v, type, text);
  }
  if (IsFloat(id)) return ParseFloatText(text, type);
  switch (id) {
    case TypeId::kBoolean:
      if (text == "true" || text == "TRUE" || text == "True") return Scalar::Bool(true);
      if (text == "false" || text == "FALSE" || text == "False") return Scalar::Bool(false);
      return Status::InvalidArgument("Expected true or false, got: ", text);
    case TypeId::kDecimal: {
      __int128 unscaled;
      if (!ParseDecimalText(text, type->precision(), type->scale(), Rounding::kExact,
                            &unscaled)) {
        return Status::InvalidArgument("Expected a ", type->ToString(),
                                       " literal (exact at that scale), got: ", text);
      }
      return Scalar::Decimal(type, unscaled);
    }
    case TypeId::kDate32: {
      int64_t days;
      if (!quoted || !ParseDateText(text, &days)) {
        return Status::InvalidArgument("Expected a date literal 'YYYY-MM-DD', got: ", text);
      }
      return Scalar::Int(type, days);
    }
    case TypeId::kTimestamp: {
      int64_t ticks;
      if (!quoted || !ParseTimestampText(text, type->unit(), Rounding::kExact, &ticks)) {
        return Status::InvalidArgument(
            "Expected a timestamp literal 'YYYY-MM-DD HH:MM:SS[.ffffff]', got: ", text);
      }
      return Scalar::Int(type, ticks);
    }
    case TypeId::kString:
    case TypeId::kBinary:
      if (!quoted) {
        return Status::InvalidArgument("Expected a quoted ", type->ToString(),
                                       " literal, got: ", text);
      }
      return Scalar::Bytes(type, std::string(text));
    case TypeId::kFixedSizeBinary:
      if (!quoted || static_cast<int>(text.size()) != type->byte_width()) {
        return Status::InvalidArgument("Expected a quoted literal of ", type->byte_width(),
                                       " bytes, got: ", text);
      }
      return Scalar::Bytes(type, std::string(text));
    default:
      return Status::InvalidArgument("Cannot compare a column of type ", type->ToString());
  }
}

Result<Scalar> CoerceLiteral(const Scalar& value, const TypePtr& type) {
  if (!IsComparableType(*type)) {
    return Status::InvalidArgument("Cannot compare a column of type ", type->ToString());
  }
  if (value.is_null || !value.type) return Scalar::Null(type);
  const TypeId from = value.type->id();
  const TypeId to = type->id();
  if (value.type->Equals(*type)) {
    Scalar copy = value;
    copy.type = type;
    return copy;
  }
  const std::string shown = value.ToString();
  if (from == TypeId::kString || from == TypeId::kBinary) {
    if (to == TypeId::kString || to == TypeId::kBinary) return Scalar::Bytes(type, value.bytes);
    return LiteralFromText(value.bytes, /*quoted=*/true, type);
  }
  if (IsSignedInt(from)) return FromInteger(value.i, type, shown);
  if (IsUnsignedInt(from)) return FromInteger(static_cast<__int128>(value.u), type, shown);
  if (IsFloat(from)) {
    if (IsFloat(to)) {
      if (to == TypeId::kFloat64 || std::isnan(value.d) ||
          static_cast<double>(static_cast<float>(value.d)) == value.d) {
        return Scalar::Double(type, value.d);
      }
    } else if (std::isfinite(value.d) && std::trunc(value.d) == value.d &&
               std::fabs(value.d) < 1e38) {
      return FromInteger(static_cast<__int128>(value.d), type, shown);
    }
    return Status::InvalidArgument("Literal not exact in ", type->ToString(), ": ", shown);
  }
  if (from == TypeId::kDecimal) {
    const int from_scale = value.type->scale();
    if (to == TypeId::kDecimal) {
      __int128 v = value.dec;
      const __int128 limit = Pow10(type->precision());
      if (type->scale() >= from_scale) {
        for (int i = from_scale; i < type->scale() && v < limit && v > -limit; ++i) v *= 10;
      } else {
        const __int128 div = Pow10(from_scale - type->scale());
        if (v % div != 0) {
          return Status::InvalidArgument("Literal not exact in ", type->ToString(), ": ", shown);
        }
        v /= div;
      }
      if (v >= limit || v <= -limit) {
        return Status::InvalidArgument("Literal out of range for ", type->ToString(), ": ",
                                       shown);
      }
      return Scalar::Decimal(type, v);
    }
    const __int128 div = Pow10(from_scale);
    if (from_scale >= 0 && value.dec % div == 0 && !IsFloat(to)) {
      return FromInteger(value.dec / div, type, shown);
    }
    if (IsFloat(to)) return LiteralFromText(shown, false, type);
    return Status::InvalidArgument("Literal not exact in ", type->ToString(), ": ", shown);
  }
  if (from == TypeId::kDate32 && to == TypeId::kTimestamp) {
    const __int128 ticks = static_cast<__int128>(value.i) * 86400 * TicksPerSecond(type->unit());
    if (ticks > INT64_MAX || ticks < INT64_MIN) {
      return Status::InvalidArgument("Literal out of range for ", type->ToString(), ": ", shown);
    }
    return Scalar::Int(type, static_cast<int64_t>(ticks));
  }
  if (from == TypeId::kTimestamp && to == TypeId::kTimestamp &&
      value.type->utc() == type->utc()) {
    const int64_t from_tps = TicksPerSecond(value.type->unit());
    const int64_t to_tps = TicksPerSecond(type->unit());
    if (to_tps >= from_tps) {
      const __int128 t = static_cast<__int128>(value.i) * (to_tps / from_tps);
      if (t <= INT64_MAX && t >= INT64_MIN) return Scalar::Int(type, static_cast<int64_t>(t));
    } else if (value.i % (from_tps / to_tps) == 0) {
      return Scalar::Int(type, value.i / (from_tps / to_tps));
    }
    return Status::InvalidArgument("Literal not exact in ", type->ToString(), ": ", shown);
  }
  if (from == TypeId::kBoolean && to == TypeId::kBoolean) return Scalar::Bool(value.b);
  return Status::InvalidArgument("Cannot compare ", type->ToString(), " with ",
                                 value.type->ToString(), " literal ", shown);
}

}  // namespace lakeml::delta
