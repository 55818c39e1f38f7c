// Date and time fields: year, quarter, month, day/dayofmonth, dayofweek (1 = Sunday),
// dayofweek_iso (1 = Monday), dayofyear, weekofyear (ISO week), yearofweek, hour, minute,
// second, extract_second (EXTRACT(SECOND ...): DECIMAL(8,6) with the fraction), last_day,
// make_date. The session time zone is UTC, so timestamps split on UTC days.
#include <cstring>

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

int32_t DateArg(const RowArgs& a, int64_t i) { return a[0]->values_as<int32_t>()[i]; }
int64_t MicrosOfDay(const RowArgs& a, int64_t i) {
  return EpochTime::MicrosOfDay(a[0]->values_as<int64_t>()[i]);
}

// 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday).
int IsoWeekdayIndex(int64_t days) {
  const int64_t r = (days + 3) % 7;
  return static_cast<int>(r < 0 ? r + 7 : r);
}

// ISO 8601 week number and week-based year.
void IsoWeek(int64_t days, int64_t* week_year, int32_t* week) {
  const int64_t thursday = days - IsoWeekdayIndex(days) + 3;
  const CivilDate c = CivilFromDays(thursday);
  *week_year = c.year;
  *week = static_cast<int32_t>((thursday - DaysFromCivil(c.year, 1, 1)) / 7 + 1);
}

template <int kField>
Status DateFieldRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out, bool*) {
  const int64_t days = DateArg(a, i);
  const CivilDate c = CivilFromDays(days);
  switch (kField) {
    case 0:
      *out = static_cast<int32_t>(c.year);
      break;
    case 1:
      *out = (c.month - 1) / 3 + 1;
      break;
    case 2:
      *out = c.month;
      break;
    case 3:
      *out = c.day;
      break;
    case 4:
      *out = (IsoWeekdayIndex(days) + 1) % 7 + 1;
      break;
    case 5:
      *out = IsoWeekdayIndex(days) + 1;
      break;
    case 6:
      *out = static_cast<int32_t>(days - DaysFromCivil(c.year, 1, 1) + 1);
      break;
    case 7: {
      int64_t y;
      IsoWeek(days, &y, out);
      break;
    }
    case 9:
      *out = IsoWeekdayIndex(days);
      break;
    case 8: {
      int64_t y;
      int32_t w;
      IsoWeek(days, &y, &w);
      *out = static_cast<int32_t>(y);
      break;
    }
  }
  return Status::OK();
}

template <int64_t kUnit, int64_t kModulo>
Status TimeFieldRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out, bool*) {
  *out = static_cast<int32_t>(MicrosOfDay(a, i) / kUnit % kModulo);
  return Status::OK();
}

// Seconds with the fraction as DECIMAL(8,6): the unscaled value is micros within the minute.
Status ExtractSecondRow(const KernelContext&, const RowArgs& a, int64_t i, __int128* out, bool*) {
  *out = MicrosOfDay(a, i) % 60000000;
  return Status::OK();
}

Status LastDayRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out, bool*) {
  const CivilDate c = CivilFromDays(DateArg(a, i));
  *out = static_cast<int32_t>(DaysFromCivil(c.year, c.month, format::DaysInMonth(c.year, c.month)));
  return Status::OK();
}

Status MakeDateRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out, bool*) {
  const int32_t y = a[0]->values_as<int32_t>()[i];
  const int32_t m = a[1]->values_as<int32_t>()[i];
  const int32_t d = a[2]->values_as<int32_t>()[i];
  auto bad = [](const char* field, const char* range, int32_t v) {
    return SqlError::Make(
        "DATETIME_FIELD_OUT_OF_BOUNDS", "22023",
        StrCat("Invalid value for ", field, " (valid values ", range, "): ", v, "."));
  };
  if (y < -290307 || y > 294247) return bad("Year", "-290307 - 294247", y);
  if (m < 1 || m > 12) return bad("MonthOfYear", "1 - 12", m);
  if (d < 1 || d > 31) return bad("DayOfMonth", "1 - 28/31", d);
  if (d > format::DaysInMonth(y, m)) {
    return SqlError::Make("DATETIME_FIELD_OUT_OF_BOUNDS", "22023",
                          StrCat("Invalid date '", y, "-", m, "-", d, "'."));
  }
  *out = static_cast<int32_t>(DaysFromCivil(y, m, d));
  return Status::OK();
}

constexpr BindingFactory::Signature kDatetimeParts[] = {
    {"year", 1, "d", 'I', RowKernels::Fixed<int32_t, DateFieldRow<0>>, false},
    {"quarter", 1, "d", 'I', RowKernels::Fixed<int32_t, DateFieldRow<1>>, false},
    {"month", 1, "d", 'I', RowKernels::Fixed<int32_t, DateFieldRow<2>>, false},
    {"day", 1, "d", 'I', RowKernels::Fixed<int32_t, DateFieldRow<3>>, false},
    {"dayofmonth", 1, "d", 'I', RowKernels::Fixed<int32_t, DateFieldRow<3>>, false},
    {"dayofweek", 1, "d", 'I', RowKernels::Fixed<int32_t, DateFieldRow<4>>, false},
    {"weekday", 1, "d", 'I', RowKernels::Fixed<int32_t, DateFieldRow<9>>, false},
    {"dayofweek_iso", 1, "d", 'I', RowKernels::Fixed<int32_t, DateFieldRow<5>>, false},
    {"dayofyear", 1, "d", 'I', RowKernels::Fixed<int32_t, DateFieldRow<6>>, false},
    {"weekofyear", 1, "d", 'I', RowKernels::Fixed<int32_t, DateFieldRow<7>>, false},
    {"yearofweek", 1, "d", 'I', RowKernels::Fixed<int32_t, DateFieldRow<8>>, false},
    {"hour", 1, "T", 'I', RowKernels::Fixed<int32_t, TimeFieldRow<3600000000LL, 24>>, false},
    {"minute", 1, "T", 'I', RowKernels::Fixed<int32_t, TimeFieldRow<60000000LL, 60>>, false},
    {"second", 1, "T", 'I', RowKernels::Fixed<int32_t, TimeFieldRow<1000000LL, 60>>, false},
    {"last_day", 1, "d", 'd', RowKernels::Fixed<int32_t, LastDayRow>, false},
    {"make_date", 3, "III", 'd', RowKernels::Fixed<int32_t, MakeDateRow>, true},
};

Result<BindingFactory::Ptr> ResolveDatetimeParts(std::string_view name,
                                                 const std::vector<TypePtr>& in) {
  if (name == "extract_second") {
    return BindingFactory::Make(name, {SqlType::Timestamp()}, SqlType::Decimal(8, 6),
                                RowKernels::Fixed<__int128, ExtractSecondRow>);
  }
  return BindingFactory::FromTable(kDatetimeParts, std::size(kDatetimeParts), name, in);
}

}  // namespace

void BuiltinFunctions::RegisterDatetime(FunctionRegistry* registry) {
  BindingFactory::AddTable(registry, kDatetimeParts, std::size(kDatetimeParts),
                           ResolveDatetimeParts);
  registry->AddScalar({"extract_second", 1, 1, ResolveDatetimeParts});
  RegisterDatetimeArithmetic(registry);
  RegisterDatetimeFormat(registry);
}

}  // namespace lakeml::sql
