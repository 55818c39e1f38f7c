// Date arithmetic: date_add, date_sub, dateadd, datediff, add_months, months_between,
// next_day, trunc, date_trunc, and the targets of timestamp +/- INTERVAL
// (timestamp_add_months, timestamp_add_micros). Months are added as Spark's
// LocalDate.plusMonths: the day is clamped to the end of the target month.
#include <cmath>
#include <cstring>
#include <string>

#include "base/str_cat.h"
#include "format/value_text/civil_date.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/function/binding_factory.h"
#include "sql/function/builtin_functions.h"
#include "sql/function/function_registry.h"
#include "sql/function/scalar/epoch_time.h"
#include "sql/function/scalar/row_kernels.h"

namespace lakeml::sql {
namespace {

using format::CivilDate;
using format::CivilFromDays;
using format::DaysFromCivil;

int32_t I32(const RowArgs& a, size_t k, int64_t i) { return a[k]->values_as<int32_t>()[i]; }
int64_t I64(const RowArgs& a, size_t k, int64_t i) { return a[k]->values_as<int64_t>()[i]; }

Status DateOverflow() {
  return SqlError::ArithmeticOverflow("the date is out of the supported range");
}

Status DateAddRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out, bool*) {
  const int64_t v = int64_t{I32(a, 0, i)} + I32(a, 1, i);
  if (v > INT32_MAX || v < INT32_MIN) return DateOverflow();
  *out = static_cast<int32_t>(v);
  return Status::OK();
}

Status DateSubRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out, bool*) {
  const int64_t v = int64_t{I32(a, 0, i)} - I32(a, 1, i);
  if (v > INT32_MAX || v < INT32_MIN) return DateOverflow();
  *out = static_cast<int32_t>(v);
  return Status::OK();
}

// DATE + INTERVAL DAY (interval-values): whole days of a day-time interval.
Status DateAddDayIntervalRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out,
                             bool*) {
  const int64_t v = I32(a, 0, i) + I64(a, 1, i) / EpochTime::kMicrosPerDay;
  if (v > INT32_MAX || v < INT32_MIN) return DateOverflow();
  *out = static_cast<int32_t>(v);
  return Status::OK();
}

Status DateDiffRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out, bool*) {
  *out = static_cast<int32_t>(int64_t{I32(a, 0, i)} - I32(a, 1, i));
  return Status::OK();
}

Result<int64_t> AddMonthsToDays(int64_t days, int64_t months) {
  const CivilDate c = CivilFromDays(days);
  const int64_t total = c.year * 12 + (c.month - 1) + months;
  const int64_t year = EpochTime::FloorDiv(total, 12);
  const int month = static_cast<int>(total - year * 12) + 1;
  if (year < -290307 || year > 294247) return DateOverflow();
  const int day = std::min(c.day, format::DaysInMonth(year, month));
  return DaysFromCivil(year, month, day);
}

Status AddMonthsRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out, bool*) {
  LAKEML_ASSIGN_OR_RETURN(int64_t d, AddMonthsToDays(I32(a, 0, i), I32(a, 1, i)));
  *out = static_cast<int32_t>(d);
  return Status::OK();
}

Status TimestampAddMonthsRow(const KernelContext&, const RowArgs& a, int64_t i, int64_t* out,
                             bool*) {
  const int64_t ts = I64(a, 0, i);
  const int64_t days = EpochTime::FloorDiv(ts, EpochTime::kMicrosPerDay);
  LAKEML_ASSIGN_OR_RETURN(int64_t d, AddMonthsToDays(days, I32(a, 1, i)));
  if (__builtin_mul_overflow(d, EpochTime::kMicrosPerDay, out) ||
      __builtin_add_overflow(*out, ts - days * EpochTime::kMicrosPerDay, out)) {
    return SqlError::ArithmeticOverflow("the timestamp is out of the supported range");
  }
  return Status::OK();
}

Status TimestampAddMicrosRow(const KernelContext&, const RowArgs& a, int64_t i, int64_t* out,
                             bool*) {
  if (__builtin_add_overflow(I64(a, 0, i), I64(a, 1, i), out)) {
    return SqlError::ArithmeticOverflow("the timestamp is out of the supported range");
  }
  return Status::OK();
}

// months_between(t1, t2[, roundOff]) as Spark's DateTimeUtils.monthsBetween.
Status MonthsBetweenRow(const KernelContext&, const RowArgs& a, int64_t i, double* out, bool*) {
  const int64_t t1 = I64(a, 0, i), t2 = I64(a, 1, i);
  const bool round_off = a.size() < 3 || a[2]->GetBool(i);
  const int64_t d1 = EpochTime::FloorDiv(t1, EpochTime::kMicrosPerDay),
                d2 = EpochTime::FloorDiv(t2, EpochTime::kMicrosPerDay);
  const CivilDate c1 = CivilFromDays(d1), c2 = CivilFromDays(d2);
  const double month_diff =
      static_cast<double>((c1.year * 12 + c1.month) - (c2.year * 12 + c2.month));
  const bool end1 = c1.day == format::DaysInMonth(c1.year, c1.month);
  const bool end2 = c2.day == format::DaysInMonth(c2.year, c2.month);
  if (c1.day == c2.day || (end1 && end2)) {
    *out = month_diff;
    return Status::OK();
  }
  const int64_t s1 = (t1 - d1 * EpochTime::kMicrosPerDay) / 1000000;
  const int64_t s2 = (t2 - d2 * EpochTime::kMicrosPerDay) / 1000000;
  const double seconds_diff = static_cast<double>((c1.day - c2.day) * 86400LL + s1 - s2);
  const double diff = month_diff + seconds_diff / (31.0 * 86400);
  *out = round_off ? std::floor(diff * 1e8 + 0.5) / 1e8 : diff;  // Java Math.round
  return Status::OK();
}

// 0 = Monday ... 6 = Sunday, or -1 for text that names no day (Spark's getDayOfWeekFromString).
int DayOfWeekFromText(std::string_view s) {
  std::string u(s);
  for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  static const char* kDays[] = {"MONDAY", "TUESDAY",  "WEDNESDAY", "THURSDAY",
                                "FRIDAY", "SATURDAY", "SUNDAY"};
  for (int k = 0; k < 7; ++k) {
    std::string_view full = kDays[k];
    if (u == full || u == full.substr(0, 2) || u == full.substr(0, 3)) return k;
  }
  return -1;
}

Status NextDayRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out, bool*) {
  const int target = DayOfWeekFromText(a[1]->GetView(i));
  if (target < 0) {
    return SqlError::Make("ILLEGAL_DAY_OF_WEEK", "22009",
                          StrCat("Illegal input for day of week: ", a[1]->GetView(i), "."));
  }
  const int64_t days = I32(a, 0, i);
  int64_t wd = (days + 3) % 7;
  if (wd < 0) wd += 7;
  int64_t delta = (target - wd + 7) % 7;
  if (delta == 0) delta = 7;
  *out = static_cast<int32_t>(days + delta);
  return Status::OK();
}

// Truncation levels of trunc / date_trunc, or -1: 0 year, 1 quarter, 2 month, 3 week, 4 day,
// 5 hour, 6 minute, 7 second, 8 millisecond, 9 microsecond.
int TruncLevel(std::string_view fmt) {
  std::string u(fmt);
  for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (u == "YEAR" || u == "YYYY" || u == "YY") return 0;
  if (u == "QUARTER") return 1;
  if (u == "MONTH" || u == "MM" || u == "MON") return 2;
  if (u == "WEEK") return 3;
  if (u == "DAY" || u == "DD") return 4;
  if (u == "HOUR") return 5;
  if (u == "MINUTE") return 6;
  if (u == "SECOND") return 7;
  if (u == "MILLISECOND") return 8;
  if (u == "MICROSECOND") return 9;
  return -1;
}

int64_t TruncDays(int64_t days, int level) {
  const CivilDate c = CivilFromDays(days);
  switch (level) {
    case 0:
      return DaysFromCivil(c.year, 1, 1);
    case 1:
      return DaysFromCivil(c.year, (c.month - 1) / 3 * 3 + 1, 1);
    case 2:
      return DaysFromCivil(c.year, c.month, 1);
    case 3: {
      int64_t wd = (days + 3) % 7;
      return days - (wd < 0 ? wd + 7 : wd);
    }
    default:
      return days;
  }
}

// trunc(date, fmt): null for formats finer than a week or unknown.
Status TruncRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out, bool* null) {
  const int level = TruncLevel(a[1]->GetView(i));
  if (level < 0 || level > 3) {
    *null = true;
    return Status::OK();
  }
  *out = static_cast<int32_t>(TruncDays(I32(a, 0, i), level));
  return Status::OK();
}

// date_trunc(fmt, ts): null for unknown formats.
Status DateTruncRow(const KernelContext&, const RowArgs& a, int64_t i, int64_t* out, bool* null) {
  const int level = TruncLevel(a[0]->GetView(i));
  const int64_t ts = I64(a, 1, i);
  if (level < 0) {
    *null = true;
    return Status::OK();
  }
  if (level <= 4) {
    *out = TruncDays(EpochTime::FloorDiv(ts, EpochTime::kMicrosPerDay), level) *
           EpochTime::kMicrosPerDay;
    return Status::OK();
  }
  static constexpr int64_t kUnit[] = {3600000000LL, 60000000LL, 1000000LL, 1000LL, 1LL};
  const int64_t unit = kUnit[level - 5];
  *out = EpochTime::FloorDiv(ts, unit) * unit;
  return Status::OK();
}

Status UnixDateRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out, bool*) {
  *out = I32(a, 0, i);
  return Status::OK();
}

Status DateFromUnixDateRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out, bool*) {
  *out = I32(a, 0, i);
  return Status::OK();
}

// timestamp_seconds / _millis / _micros: kUnit microseconds per input unit.
template <int64_t kUnit>
Status TimestampFromUnitsRow(const KernelContext&, const RowArgs& a, int64_t i, int64_t* out,
                             bool*) {
  if (__builtin_mul_overflow(I64(a, 0, i), kUnit, out)) {
    return SqlError::ArithmeticOverflow("the timestamp is out of the supported range");
  }
  return Status::OK();
}

// timestamp_seconds of a DECIMAL: exact (digits past microseconds are dropped).
Status TimestampFromDecimalSecondsRow(const KernelContext&, const RowArgs& a, int64_t i,
                                      int64_t* out, bool*) {
  __int128 v = a[0]->values_as<__int128>()[i];
  for (int s = a[0]->type()->scale(); s > 6; --s) v /= 10;
  for (int s = a[0]->type()->scale(); s < 6; ++s) {
    if (v > INT64_MAX || v < INT64_MIN) break;  // the check below fails
    v *= 10;
  }
  if (v > INT64_MAX || v < INT64_MIN) {
    return SqlError::ArithmeticOverflow("the timestamp is out of the supported range");
  }
  *out = static_cast<int64_t>(v);
  return Status::OK();
}

// timestamp_seconds of a DOUBLE: truncated to microseconds; NaN and infinities are NULL (Spark).
Status TimestampFromDoubleSecondsRow(const KernelContext&, const RowArgs& a, int64_t i,
                                     int64_t* out, bool* null) {
  const double d = a[0]->values_as<double>()[i];
  if (!std::isfinite(d)) {
    *null = true;
    return Status::OK();
  }
  const double micros = d * 1e6;
  if (!(micros > -9.2e18 && micros < 9.2e18)) {
    return SqlError::ArithmeticOverflow("the timestamp is out of the supported range");
  }
  *out = static_cast<int64_t>(micros);
  return Status::OK();
}

// unix_seconds / _millis / _micros: whole units since the epoch (floor).
template <int64_t kUnit>
Status UnitsFromTimestampRow(const KernelContext&, const RowArgs& a, int64_t i, int64_t* out,
                             bool*) {
  *out = EpochTime::FloorDiv(I64(a, 0, i), kUnit);
  return Status::OK();
}

constexpr BindingFactory::Signature kDatetimeArithmetic[] = {
    {"timestamp_seconds", 1, "L", 'T', RowKernels::Fixed<int64_t, TimestampFromUnitsRow<1000000>>,
     true},
    {"timestamp_millis", 1, "L", 'T', RowKernels::Fixed<int64_t, TimestampFromUnitsRow<1000>>,
     true},
    {"timestamp_micros", 1, "L", 'T', RowKernels::Fixed<int64_t, TimestampFromUnitsRow<1>>, true},
    {"unix_seconds", 1, "T", 'L', RowKernels::Fixed<int64_t, UnitsFromTimestampRow<1000000>>,
     false},
    {"unix_millis", 1, "T", 'L', RowKernels::Fixed<int64_t, UnitsFromTimestampRow<1000>>, false},
    {"unix_micros", 1, "T", 'L', RowKernels::Fixed<int64_t, UnitsFromTimestampRow<1>>, false},
    {"date_add", 2, "dI", 'd', RowKernels::Fixed<int32_t, DateAddRow>, true},
    {"dateadd", 2, "dI", 'd', RowKernels::Fixed<int32_t, DateAddRow>, true},
    {"date_sub", 2, "dI", 'd', RowKernels::Fixed<int32_t, DateSubRow>, true},
    {"datediff", 2, "dd", 'I', RowKernels::Fixed<int32_t, DateDiffRow>, false},
    {"add_months", 2, "dI", 'd', RowKernels::Fixed<int32_t, AddMonthsRow>, true},
    {"timestamp_add_months", 2, "TI", 'T', RowKernels::Fixed<int64_t, TimestampAddMonthsRow>, true},
    {"timestamp_add_micros", 2, "TL", 'T', RowKernels::Fixed<int64_t, TimestampAddMicrosRow>, true},
    // interval-values: date/timestamp +/- interval-typed values (decision 0024).
    {"date_add_ym_interval", 2, "dY", 'd', RowKernels::Fixed<int32_t, AddMonthsRow>, true},
    {"date_add_day_interval", 2, "dZ", 'd', RowKernels::Fixed<int32_t, DateAddDayIntervalRow>,
     true},
    {"timestamp_add_ym_interval", 2, "TY", 'T', RowKernels::Fixed<int64_t, TimestampAddMonthsRow>,
     true},
    {"timestamp_add_dt_interval", 2, "TZ", 'T', RowKernels::Fixed<int64_t, TimestampAddMicrosRow>,
     true},
    {"months_between", 2, "TTB", 'D', RowKernels::Fixed<double, MonthsBetweenRow>, false},
    {"next_day", 2, "dS", 'd', RowKernels::Fixed<int32_t, NextDayRow>, true},
    {"trunc", 2, "dS", 'd', RowKernels::Fixed<int32_t, TruncRow>, false},
    {"date_trunc", 2, "ST", 'T', RowKernels::Fixed<int64_t, DateTruncRow>, false},
    {"unix_date", 1, "d", 'I', RowKernels::Fixed<int32_t, UnixDateRow>, false},
    {"date_from_unix_date", 1, "I", 'd', RowKernels::Fixed<int32_t, DateFromUnixDateRow>, false},
};

Result<BindingFactory::Ptr> ResolveDatetimeArithmetic(std::string_view name,
                                                      const std::vector<TypePtr>& in) {
  // timestamp_seconds keeps the fraction of a DECIMAL or DOUBLE argument.
  if (name == "timestamp_seconds" && in.size() == 1) {
    if (in[0]->id() == columnar::TypeId::kDecimal) {
      return BindingFactory::Make(name, {in[0]}, SqlType::Timestamp(),
                                  RowKernels::Fixed<int64_t, TimestampFromDecimalSecondsRow>,
                                  /*can_raise=*/true);
    }
    if (in[0]->id() == columnar::TypeId::kFloat32 || in[0]->id() == columnar::TypeId::kFloat64) {
      return BindingFactory::Make(name, {SqlType::Double()}, SqlType::Timestamp(),
                                  RowKernels::Fixed<int64_t, TimestampFromDoubleSecondsRow>,
                                  /*can_raise=*/true);
    }
  }
  return BindingFactory::FromTable(kDatetimeArithmetic, std::size(kDatetimeArithmetic), name, in);
}

}  // namespace

void BuiltinFunctions::RegisterDatetimeArithmetic(FunctionRegistry* registry) {
  BindingFactory::AddTable(registry, kDatetimeArithmetic, std::size(kDatetimeArithmetic),
                           ResolveDatetimeArithmetic);
}

}  // namespace lakeml::sql
