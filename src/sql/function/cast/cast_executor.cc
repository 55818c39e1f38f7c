#include "sql/function/cast/cast_executor.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "base/bit_util.h"
#include "format/csv/csv_value_parser.h"
#include "format/value_text/civil_date.h"
#include "format/value_text/decimal_text.h"
#include "format/value_text/value_formatter.h"
#include "sql/common/decimal_arithmetic.h"
#include "format/value_text/java_floating_text.h"
#include "sql/common/interval_parser.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/function/cast/nested_cast.h"
#include "sql/function/kernel_output.h"

namespace lakeml::sql {
namespace {

using columnar::TypeId;
using columnar::TypePtr;

// Spark's text forms of a DATE: yyyy, yyyy-[m]m, yyyy-[m]m-[d]d, the last optionally followed by
// ' ' or 'T' and anything (a time part is ignored).
bool ParseCastDateText(std::string_view s, int32_t* days) {
  auto digits = [&s](size_t* pos, size_t min_len, size_t max_len, int* value) {
    size_t n = 0;
    *value = 0;
    while (*pos < s.size() && n < max_len && s[*pos] >= '0' && s[*pos] <= '9') {
      *value = *value * 10 + (s[(*pos)++] - '0');
      ++n;
    }
    return n >= min_len && (*pos == s.size() || s[*pos] < '0' || s[*pos] > '9');
  };
  size_t pos = 0;
  int y, m = 1, d = 1;
  if (!digits(&pos, 4, 4, &y)) return false;
  if (pos < s.size()) {
    if (s[pos++] != '-' || !digits(&pos, 1, 2, &m)) return false;
    if (pos < s.size()) {
      if (s[pos++] != '-' || !digits(&pos, 1, 2, &d)) return false;
      if (pos < s.size() && s[pos] != ' ' && s[pos] != 'T') return false;
    }
  }
  if (m < 1 || m > 12 || d < 1 || d > format::DaysInMonth(y, m)) return false;
  *days = static_cast<int32_t>(format::DaysFromCivil(y, m, d));
  return true;
}
using columnar::Vector;
using columnar::VectorPtr;

constexpr int64_t kMicrosPerDay = 86'400'000'000LL;

// A numeric value read from any numeric or boolean vector.
struct CastNumber {
  enum Kind : uint8_t { kInt, kDouble, kDecimal } kind = kInt;
  int64_t i = 0;
  double d = 0;
  __int128 dec = 0;
  int scale = 0;
};

CastNumber ReadCastNumber(const Vector& v, int64_t row) {
  CastNumber n;
  switch (v.type()->id()) {
    case TypeId::kBoolean:
      n.i = v.GetBool(row) ? 1 : 0;
      break;
    case TypeId::kInt8:
      n.i = v.values_as<int8_t>()[row];
      break;
    case TypeId::kInt16:
      n.i = v.values_as<int16_t>()[row];
      break;
    case TypeId::kInt32:
      n.i = v.values_as<int32_t>()[row];
      break;
    case TypeId::kInt64:
      n.i = v.values_as<int64_t>()[row];
      break;
    case TypeId::kFloat32:
      n.kind = CastNumber::kDouble;
      n.d = v.values_as<float>()[row];
      break;
    case TypeId::kFloat64:
      n.kind = CastNumber::kDouble;
      n.d = v.values_as<double>()[row];
      break;
    case TypeId::kDecimal:
      n.kind = CastNumber::kDecimal;
      n.dec = v.values_as<__int128>()[row];
      n.scale = v.type()->scale();
      break;
    default:
      break;
  }
  return n;
}

bool IntegralRange(TypeId id, int64_t* lo, int64_t* hi) {
  switch (id) {
    case TypeId::kInt8:
      *lo = INT8_MIN, *hi = INT8_MAX;
      return true;
    case TypeId::kInt16:
      *lo = INT16_MIN, *hi = INT16_MAX;
      return true;
    case TypeId::kInt32:
      *lo = INT32_MIN, *hi = INT32_MAX;
      return true;
    case TypeId::kInt64:
      *lo = INT64_MIN, *hi = INT64_MAX;
      return true;
    default:
      return false;
  }
}

// Writes number `n` into row `row` of `out` (a numeric or boolean vector); false on overflow.
bool WriteCastNumber(const CastNumber& n, Vector* out, int64_t row) {
  const TypePtr& t = out->type();
  int64_t lo = 0, hi = 0;
  if (IntegralRange(t->id(), &lo, &hi)) {
    int64_t v = 0;
    if (n.kind == CastNumber::kInt) {
      v = n.i;
    } else if (n.kind == CastNumber::kDouble) {
      if (!std::isfinite(n.d) || n.d >= 9.2233720368547758e18 || n.d < -9.2233720368547758e18) {
        return false;
      }
      v = static_cast<int64_t>(n.d);  // Truncates toward zero, as Spark does.
    } else {
      const __int128 q = n.dec / DecimalArithmetic::Pow10(n.scale);
      if (q > INT64_MAX || q < INT64_MIN) return false;
      v = static_cast<int64_t>(q);
    }
    if (v < lo || v > hi) return false;
    uint8_t* p = out->mutable_values()->mutable_data();
    switch (t->id()) {
      case TypeId::kInt8:
        reinterpret_cast<int8_t*>(p)[row] = static_cast<int8_t>(v);
        break;
      case TypeId::kInt16:
        reinterpret_cast<int16_t*>(p)[row] = static_cast<int16_t>(v);
        break;
      case TypeId::kInt32:
        reinterpret_cast<int32_t*>(p)[row] = static_cast<int32_t>(v);
        break;
      default:
        reinterpret_cast<int64_t*>(p)[row] = v;
        break;
    }
    return true;
  }
  const double as_double = n.kind == CastNumber::kInt ? static_cast<double>(n.i)
                           : n.kind == CastNumber::kDouble
                               ? n.d
                               : static_cast<double>(n.dec) / std::pow(10.0, n.scale);
  switch (t->id()) {
    case TypeId::kBoolean:
      bit_util::SetBitTo(out->mutable_values()->mutable_data(), row,
                         n.kind == CastNumber::kDecimal ? n.dec != 0 : as_double != 0);
      return true;
    case TypeId::kFloat32:
      out->mutable_values()->mutable_as<float>()[row] = static_cast<float>(as_double);
      return true;
    case TypeId::kFloat64:
      out->mutable_values()->mutable_as<double>()[row] = as_double;
      return true;
    case TypeId::kDecimal: {
      __int128 v = 0;
      if (n.kind == CastNumber::kInt) {
        if (!DecimalArithmetic::Rescale(n.i, 0, t->scale(), &v)) return false;
      } else if (n.kind == CastNumber::kDecimal) {
        if (!DecimalArithmetic::Rescale(n.dec, n.scale, t->scale(), &v)) return false;
      } else {
        if (!std::isfinite(n.d)) return false;
        const double scaled = std::round(n.d * std::pow(10.0, t->scale()));
        if (std::fabs(scaled) >= 1e38) return false;
        v = static_cast<__int128>(scaled);
      }
      if (!DecimalArithmetic::Fits(v, t->precision())) return false;
      out->mutable_values()->mutable_as<__int128>()[row] = v;
      return true;
    }
    default:
      return false;
  }
}

// Parses a string into row `row` of `out`; false when malformed or out of range.
bool ParseCastString(std::string_view raw, Vector* out, int64_t row, bool* overflow) {
  // Spark trims ASCII whitespace (and control characters) before casting a string.
  size_t b = 0, e = raw.size();
  while (b < e && static_cast<unsigned char>(raw[b]) <= ' ') ++b;
  while (e > b && static_cast<unsigned char>(raw[e - 1]) <= ' ') --e;
  const std::string_view s = raw.substr(b, e - b);
  const TypePtr& t = out->type();
  uint8_t* p = out->mutable_values() ? out->mutable_values()->mutable_data() : nullptr;
  switch (t->id()) {
    case TypeId::kYearMonthInterval:
    case TypeId::kDayTimeInterval: {  // interval-values
      int64_t v = 0;
      if (!IntervalParser::ParseForType(s, *t, &v)) return false;
      if (t->id() == TypeId::kYearMonthInterval) {
        reinterpret_cast<int32_t*>(p)[row] = static_cast<int32_t>(v);
      } else {
        reinterpret_cast<int64_t*>(p)[row] = v;
      }
      return true;
    }
    case TypeId::kBoolean: {
      std::string l(s);
      for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const bool yes = l == "true" || l == "t" || l == "yes" || l == "y" || l == "1";
      const bool no = l == "false" || l == "f" || l == "no" || l == "n" || l == "0";
      if (!yes && !no) return false;
      bit_util::SetBitTo(p, row, yes);
      return true;
    }
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64: {
      CastNumber n;
      if (!csv::ParseInt64(s, &n.i)) {
        // "1.5" casts to 1 in Spark: read as a decimal, then truncate.
        n.kind = CastNumber::kDecimal;
        n.scale = 18;
        if (!csv::ParseDecimal(s, 38, 18, &n.dec)) return false;
      }
      if (!WriteCastNumber(n, out, row)) return *overflow = true, false;
      return true;
    }
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      CastNumber n;
      n.kind = CastNumber::kDouble;
      if (!csv::ParseDouble(s, &n.d)) return false;
      return WriteCastNumber(n, out, row);
    }
    case TypeId::kDecimal: {
      CastNumber n;
      n.kind = CastNumber::kDecimal;
      n.scale = t->scale();
      // Exact at the target scale first (38 nines fit DECIMAL(38,0) but not at one more
      // digit of scale); else with one extra digit of scale so HALF_UP rounding sees it.
      if (!csv::ParseDecimal(s, 38, n.scale, &n.dec) &&
          !csv::ParseDecimal(s, 38, n.scale = std::min(38, t->scale() + 1), &n.dec)) {
        double d;
        if (!csv::ParseDouble(s, &d)) return false;
        n.kind = CastNumber::kDouble;
        n.d = d;
      }
      if (!WriteCastNumber(n, out, row)) return *overflow = true, false;
      return true;
    }
    case TypeId::kDate32: {
      int32_t days;
      if (!ParseCastDateText(s, &days)) return false;
      reinterpret_cast<int32_t*>(p)[row] = days;
      return true;
    }
    case TypeId::kTimestamp: {
      int64_t v;
      bool has_zone;
      if (!csv::ParseTimestamp(s, columnar::TimeUnit::kMicro, &v, &has_zone)) {
        int32_t days;
        if (!ParseCastDateText(s, &days) || s.find_first_of(" T") != std::string_view::npos) {
          return false;
        }
        v = days * kMicrosPerDay;
      }
      reinterpret_cast<int64_t*>(p)[row] = v;
      return true;
    }
    default:
      return false;
  }
}

Status CastToString(const Vector& in, const TypePtr& to, int64_t n, VectorPtr* out) {
  StringVectorBuilder builder(to, n);
  std::string text;
  for (int64_t i = 0; i < n; ++i) {
    if (in.IsNull(i)) {
      builder.AppendNull();
      continue;
    }
    text.clear();
    if (in.type()->id() == TypeId::kTimestamp) {
      // Spark's text: "yyyy-MM-dd HH:mm:ss[.fraction]" without zone.
      format::ValueFormatter::AppendText(in, i, &text);
      if (text.size() > 10 && text[10] == 'T') text[10] = ' ';
      if (!text.empty() && text.back() == 'Z') text.pop_back();
      while (text.size() > 19 && (text.back() == '0' || text.back() == '.')) {
        const bool dot = text.back() == '.';
        text.pop_back();
        if (dot) break;
      }
    } else if (in.type()->id() == TypeId::kFloat64) {
      format::JavaFloatingText::AppendDouble(in.values_as<double>()[i], &text);  // Spark: 2.0, 1.0E10
    } else if (in.type()->id() == TypeId::kFloat32) {
      format::JavaFloatingText::AppendFloat(in.values_as<float>()[i], &text);
    } else {
      format::ValueFormatter::AppendText(in, i, &text);
    }
    builder.Append(text);
  }
  *out = builder.Finish();
  return Status::OK();
}

// An interval to another interval type of its family: the value is cut to the target's end
// field (Spark: INTERVAL '1-5' YEAR TO MONTH AS INTERVAL YEAR is 1 year).
VectorPtr IntervalFieldCast(const Vector& in, const TypePtr& to, int64_t n) {
  VectorPtr v = Vector::Make(to, n);
  KernelOutput::PropagateNulls({&in}, n, v.get());
  if (to->id() == TypeId::kYearMonthInterval) {
    const int32_t unit = to->interval_end() == SqlType::kYear ? 12 : 1;
    int32_t* o = v->mutable_values()->mutable_as<int32_t>();
    for (int64_t i = 0; i < n; ++i) o[i] = in.values_as<int32_t>()[i] / unit * unit;
  } else {
    static const int64_t kUnits[] = {kMicrosPerDay, 3600LL * 1000000, 60LL * 1000000, 1};
    const int64_t unit = kUnits[std::clamp(to->interval_end(), 0, 3)];
    int64_t* o = v->mutable_values()->mutable_as<int64_t>();
    for (int64_t i = 0; i < n; ++i) o[i] = in.values_as<int64_t>()[i] / unit * unit;
  }
  v->FinishValidity();
  return v;
}

std::string CastValueText(const Vector& in, int64_t row) {
  std::string text;
  format::ValueFormatter::AppendText(in, row, &text);
  return text;
}

}  // namespace

bool CastExecutor::CanCast(const TypePtr& from, const TypePtr& to) {
  if (from->Equals(*to) || from->id() == TypeId::kNull) return true;
  const bool from_num = SqlType::IsNumeric(from) || from->id() == TypeId::kBoolean;
  const bool to_num = SqlType::IsNumeric(to) || to->id() == TypeId::kBoolean;
  if (from_num && to_num) return true;
  if (to->id() == TypeId::kString) return true;
  if (from->is_nested() || to->is_nested()) return NestedCast::CanCast(from, to);  // sql-nested
  if (from->id() == TypeId::kString) {
    return to_num || SqlType::IsTemporal(to) || to->id() == TypeId::kBinary ||
           SqlType::IsInterval(to);
  }
  if (SqlType::IsTemporal(from) && SqlType::IsTemporal(to)) return true;
  if (SqlType::IsInterval(from) && from->id() == to->id()) return true;  // interval-values
  if (from->id() == TypeId::kBinary && to->id() == TypeId::kString) return true;
  return false;
}

Status CastExecutor::Cast(const Vector& in, const TypePtr& to, bool try_mode, int64_t n,
                          VectorPtr* out) {
  const TypePtr& from = in.type();
  if (from->Equals(*to)) {
    *out = std::make_shared<Vector>(in);
    return Status::OK();
  }
  if (from->id() == TypeId::kNull) {
    *out = Vector::MakeNull(to, n);
    return Status::OK();
  }
  if (from->is_nested()) return NestedCast::Cast(in, to, try_mode, n, out);  // sql-nested
  if (to->id() == TypeId::kString && from->id() != TypeId::kBinary) {
    return CastToString(in, to, n, out);
  }
  // STRING <-> BINARY keeps the bytes (Spark reads binary as UTF-8 text).
  if ((from->id() == TypeId::kString && to->id() == TypeId::kBinary) ||
      (from->id() == TypeId::kBinary && to->id() == TypeId::kString)) {
    auto v = std::make_shared<Vector>(in);
    *out = std::make_shared<Vector>(to, n);
    (*out)->set_values(v->values());
    (*out)->set_data(v->data());
    (*out)->set_validity(v->validity());
    (*out)->set_null_count(v->null_count());
    return Status::OK();
  }
  if (SqlType::IsInterval(from) && from->id() == to->id()) {
    *out = IntervalFieldCast(in, to, n);  // interval-values
    return Status::OK();
  }
  VectorPtr v = Vector::Make(to, n);
  KernelOutput::PropagateNulls({&in}, n, v.get());
  if (v->values()) std::memset(v->mutable_values()->mutable_data(), 0, v->values()->size());
  bool set_nulls = false;
  for (int64_t i = 0; i < n; ++i) {
    if (in.IsNull(i)) continue;
    bool ok = true, overflow = false;
    if (from->id() == TypeId::kString) {
      ok = ParseCastString(in.GetView(i), v.get(), i, &overflow);
    } else if (SqlType::IsTemporal(from)) {
      const bool from_date = from->id() == TypeId::kDate32;
      if (to->id() == TypeId::kTimestamp) {
        const int64_t micros =
            from_date ? in.values_as<int32_t>()[i] * kMicrosPerDay : in.values_as<int64_t>()[i];
        v->mutable_values()->mutable_as<int64_t>()[i] = micros;
      } else if (to->id() == TypeId::kDate32) {
        const int64_t micros = in.values_as<int64_t>()[i];
        const int64_t days =
            micros >= 0 ? micros / kMicrosPerDay : -((-micros + kMicrosPerDay - 1) / kMicrosPerDay);
        v->mutable_values()->mutable_as<int32_t>()[i] = static_cast<int32_t>(days);
      } else {
        ok = false;
      }
    } else {
      ok = WriteCastNumber(ReadCastNumber(in, i), v.get(), i);
      overflow = !ok;
    }
    if (ok) continue;
    if (try_mode) {
      KernelOutput::SetNull(v.get(), i);
      set_nulls = true;
      continue;
    }
    const std::string text = CastValueText(in, i);
    if (overflow && to->id() == TypeId::kDecimal) {
      return SqlError::NumericOutOfRange(text, to->precision(), to->scale());
    }
    if (overflow) return SqlError::CastOverflow(text, SqlType::SqlName(from), SqlType::SqlName(to));
    return SqlError::CastInvalidInput(text, SqlType::SqlName(from), SqlType::SqlName(to));
  }
  if (set_nulls) v->FinishValidity();
  *out = std::move(v);
  return Status::OK();
}

}  // namespace lakeml::sql
