// EXTRACT(field FROM interval) (decision 0024), as Spark's ExtractANSIIntervalYears/Months/
// Days/Hours/Minutes/Seconds: interval_year (INT: whole years), interval_month (TINYINT: months
// within the year), interval_day (INT: whole days), interval_hour and interval_minute
// (TINYINT: within the day / hour), interval_extract_second (DECIMAL(8,6): seconds within the
// minute). Parts keep the interval's sign. A field of the other family is an error.
#include "base/str_cat.h"
#include "sql/common/sql_type.h"
#include "sql/function/binding_factory.h"
#include "sql/function/builtin_functions.h"
#include "sql/function/function_registry.h"
#include "sql/function/scalar/epoch_time.h"
#include "sql/function/scalar/row_kernels.h"

namespace lakeml::sql {
namespace {

constexpr int64_t kPartMicrosPerHour = 3600LL * 1000000;
constexpr int64_t kPartMicrosPerMinute = 60LL * 1000000;

int32_t YmArg(const RowArgs& a, int64_t i) { return a[0]->values_as<int32_t>()[i]; }
int64_t DtArg(const RowArgs& a, int64_t i) { return a[0]->values_as<int64_t>()[i]; }

Status IntervalYearRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out, bool*) {
  *out = YmArg(a, i) / 12;
  return Status::OK();
}
Status IntervalMonthRow(const KernelContext&, const RowArgs& a, int64_t i, int8_t* out, bool*) {
  *out = static_cast<int8_t>(YmArg(a, i) % 12);
  return Status::OK();
}
Status IntervalDayRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out, bool*) {
  *out = static_cast<int32_t>(DtArg(a, i) / EpochTime::kMicrosPerDay);
  return Status::OK();
}
Status IntervalHourRow(const KernelContext&, const RowArgs& a, int64_t i, int8_t* out, bool*) {
  *out = static_cast<int8_t>(DtArg(a, i) % EpochTime::kMicrosPerDay / kPartMicrosPerHour);
  return Status::OK();
}
Status IntervalMinuteRow(const KernelContext&, const RowArgs& a, int64_t i, int8_t* out, bool*) {
  *out = static_cast<int8_t>(DtArg(a, i) % kPartMicrosPerHour / kPartMicrosPerMinute);
  return Status::OK();
}
Status IntervalSecondRow(const KernelContext&, const RowArgs& a, int64_t i, __int128* out, bool*) {
  *out = DtArg(a, i) % kPartMicrosPerMinute;  // DECIMAL(8,6): micros are the unscaled value
  return Status::OK();
}

Result<BindingFactory::Ptr> ResolveIntervalParts(std::string_view name,
                                                 const std::vector<TypePtr>& in) {
  const bool ym_field = name == "interval_year" || name == "interval_month";
  const TypeId want = ym_field ? TypeId::kYearMonthInterval : TypeId::kDayTimeInterval;
  if (in.size() != 1 || in[0]->id() != want) {
    return Status::InvalidArgument(
        StrCat(name.substr(9), " is not a field of ", in.empty() ? "?" : SqlType::SqlName(in[0])));
  }
  const std::vector<TypePtr> args = {in[0]};
  if (name == "interval_year") {
    return BindingFactory::Make(name, args, SqlType::Int(),
                                RowKernels::Fixed<int32_t, IntervalYearRow>);
  }
  if (name == "interval_month") {
    return BindingFactory::Make(name, args, SqlType::TinyInt(),
                                RowKernels::Fixed<int8_t, IntervalMonthRow>);
  }
  if (name == "interval_day") {
    return BindingFactory::Make(name, args, SqlType::Int(),
                                RowKernels::Fixed<int32_t, IntervalDayRow>);
  }
  if (name == "interval_hour") {
    return BindingFactory::Make(name, args, SqlType::TinyInt(),
                                RowKernels::Fixed<int8_t, IntervalHourRow>);
  }
  if (name == "interval_minute") {
    return BindingFactory::Make(name, args, SqlType::TinyInt(),
                                RowKernels::Fixed<int8_t, IntervalMinuteRow>);
  }
  return BindingFactory::Make(name, args, SqlType::Decimal(8, 6),
                              RowKernels::Fixed<__int128, IntervalSecondRow>);
}

}  // namespace

void BuiltinFunctions::RegisterIntervalParts(FunctionRegistry* registry) {
  for (const char* name : {"interval_year", "interval_month", "interval_day", "interval_hour",
                           "interval_minute", "interval_extract_second"}) {
    registry->AddScalar({name, 1, 1, ResolveIntervalParts});
  }
}

}  // namespace lakeml::sql
