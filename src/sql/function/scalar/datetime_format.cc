// Datetime text: to_date, to_timestamp, date_format, unix_timestamp, from_unixtime. Without a
// pattern, text parses as CAST does (CAST_INVALID_INPUT on bad input); with a Spark pattern
// (DatetimePattern) a mismatch raises CANNOT_PARSE_TIMESTAMP (ANSI mode). UTC throughout.
#include <cstring>
#include <optional>
#include <string>

#include "base/str_cat.h"
#include "format/csv/csv_value_parser.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/function/binding_factory.h"
#include "sql/function/builtin_functions.h"
#include "sql/function/function_registry.h"
#include "sql/function/scalar/datetime_pattern.h"
#include "sql/function/scalar/epoch_time.h"
#include "sql/function/scalar/row_kernels.h"

namespace lakeml::sql {
namespace {

using columnar::VectorPtr;

constexpr std::string_view kDefaultTimestampPattern = "yyyy-MM-dd HH:mm:ss";

// The pattern of row i, compiled again only when it differs from the previous row's.
class PatternCache {
 public:
  Result<const DatetimePattern*> Get(std::string_view text) {
    if (!pattern_ || text != text_) {
      text_ = text;
      LAKEML_ASSIGN_OR_RETURN(DatetimePattern p, DatetimePattern::Compile(text));
      pattern_ = std::move(p);
    }
    return &*pattern_;
  }

 private:
  std::string text_;
  std::optional<DatetimePattern> pattern_;
};

Status CannotParse(std::string_view text, std::string_view pattern) {
  return SqlError::Make(
      "CANNOT_PARSE_TIMESTAMP", "22007",
      StrCat("Text '", text, "' could not be parsed with the pattern '", pattern, "'."));
}

// Text without a pattern, as CAST(text AS TIMESTAMP).
Status ParseTimestampText(std::string_view s, int64_t* micros) {
  std::string_view t = s;
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
  bool has_zone;
  if (csv::ParseTimestamp(t, columnar::TimeUnit::kMicro, micros, &has_zone)) return Status::OK();
  int32_t days;
  if (csv::ParseDate(t, &days)) {
    *micros = days * EpochTime::kMicrosPerDay;
    return Status::OK();
  }
  return SqlError::CastInvalidInput(s, "STRING", "TIMESTAMP");
}

// Both to_date and to_timestamp: the value in micros; `pattern_arg` is the index of the pattern.
Result<int64_t> ParseWithOptionalPattern(const RowArgs& a, int64_t i, PatternCache* cache,
                                         const char* type_name) {
  std::string_view s = a[0]->GetView(i);
  int64_t micros = 0;
  if (a.size() < 2) {
    if (std::string_view(type_name) == "DATE") {
      int32_t days;
      std::string_view d = s.substr(0, std::min(s.find_first_of(" T"), s.size()));
      if (!csv::ParseDate(d, &days)) return SqlError::CastInvalidInput(s, "STRING", "DATE");
      return days * EpochTime::kMicrosPerDay;
    }
    LAKEML_RETURN_IF_ERROR(ParseTimestampText(s, &micros));
    return micros;
  }
  LAKEML_ASSIGN_OR_RETURN(const DatetimePattern* p, cache->Get(a[1]->GetView(i)));
  if (!p->Parse(s, &micros)) return CannotParse(s, a[1]->GetView(i));
  return micros;
}

template <bool kDate>
Status ToDatetimeKernel(const KernelContext& ctx, const RowArgs& a, int64_t n, VectorPtr* out) {
  VectorPtr v = columnar::Vector::Make(ctx.function->return_type, n);
  PatternCache cache;
  for (int64_t i = 0; i < n; ++i) {
    if (BindingFactory::AnyNull(a, i)) {
      KernelOutput::SetNull(v.get(), i);
      continue;
    }
    Result<int64_t> micros = ParseWithOptionalPattern(a, i, &cache, kDate ? "DATE" : "TIMESTAMP");
    if (!micros.ok()) {
      if (!ctx.null_on_error) return micros.status();
      KernelOutput::SetNull(v.get(), i);
      continue;
    }
    if (kDate) {
      v->mutable_values()->mutable_as<int32_t>()[i] =
          static_cast<int32_t>(EpochTime::FloorDiv(*micros, EpochTime::kMicrosPerDay));
    } else {
      v->mutable_values()->mutable_as<int64_t>()[i] = *micros;
    }
  }
  v->FinishValidity();
  *out = std::move(v);
  return Status::OK();
}

// date_format(ts, pattern) and from_unixtime(seconds[, pattern]).
template <bool kFromSeconds>
Status FormatKernel(const KernelContext& ctx, const RowArgs& a, int64_t n, VectorPtr* out) {
  StringVectorBuilder b(ctx.function->return_type, n);
  PatternCache cache;
  std::string s;
  for (int64_t i = 0; i < n; ++i) {
    if (BindingFactory::AnyNull(a, i)) {
      b.AppendNull();
      continue;
    }
    const int64_t v = a[0]->values_as<int64_t>()[i];
    int64_t micros = v;
    if (kFromSeconds && __builtin_mul_overflow(v, int64_t{1000000}, &micros)) {
      return SqlError::ArithmeticOverflow("the timestamp is out of the supported range");
    }
    std::string_view pattern = a.size() > 1 ? a[1]->GetView(i) : kDefaultTimestampPattern;
    LAKEML_ASSIGN_OR_RETURN(const DatetimePattern* p, cache.Get(pattern));
    s.clear();
    p->Format(micros, &s);
    b.Append(s);
  }
  *out = b.Finish();
  return Status::OK();
}

// unix_timestamp(ts) and unix_timestamp(text[, pattern]): whole seconds since the epoch.
Status UnixTimestampKernel(const KernelContext& ctx, const RowArgs& a, int64_t n, VectorPtr* out) {
  VectorPtr v = columnar::Vector::Make(ctx.function->return_type, n);
  PatternCache cache;
  const bool text = a[0]->type()->id() == TypeId::kString;
  for (int64_t i = 0; i < n; ++i) {
    if (BindingFactory::AnyNull(a, i)) {
      KernelOutput::SetNull(v.get(), i);
      continue;
    }
    int64_t micros = 0;
    if (!text) {
      micros = a[0]->values_as<int64_t>()[i];
    } else {
      std::string_view pattern = a.size() > 1 ? a[1]->GetView(i) : kDefaultTimestampPattern;
      LAKEML_ASSIGN_OR_RETURN(const DatetimePattern* p, cache.Get(pattern));
      if (!p->Parse(a[0]->GetView(i), &micros)) {
        if (!ctx.null_on_error) return CannotParse(a[0]->GetView(i), pattern);
        KernelOutput::SetNull(v.get(), i);
        continue;
      }
    }
    v->mutable_values()->mutable_as<int64_t>()[i] = EpochTime::FloorDiv(micros, 1000000);
  }
  v->FinishValidity();
  *out = std::move(v);
  return Status::OK();
}

constexpr BindingFactory::Signature kDatetimeFormat[] = {
    {"to_date", 1, "SS", 'd', ToDatetimeKernel<true>, true},
    {"to_timestamp", 1, "SS", 'T', ToDatetimeKernel<false>, true},
    {"date_format", 2, "TS", 'S', FormatKernel<false>, true},
    {"from_unixtime", 1, "LS", 'S', FormatKernel<true>, true},
};

Result<BindingFactory::Ptr> ResolveDatetimeFormat(std::string_view name,
                                                  const std::vector<TypePtr>& in) {
  if (name == "unix_timestamp" || name == "to_unix_timestamp") {
    const bool text = in[0]->id() == TypeId::kString || in[0]->id() == TypeId::kNull;
    std::vector<TypePtr> args = {text ? SqlType::String() : SqlType::Timestamp()};
    if (in.size() > 1) args.push_back(SqlType::String());
    return BindingFactory::Make(name, std::move(args), SqlType::BigInt(), UnixTimestampKernel,
                                /*can_raise=*/true);
  }
  return BindingFactory::FromTable(kDatetimeFormat, std::size(kDatetimeFormat), name, in);
}

}  // namespace

void BuiltinFunctions::RegisterDatetimeFormat(FunctionRegistry* registry) {
  BindingFactory::AddTable(registry, kDatetimeFormat, std::size(kDatetimeFormat),
                           ResolveDatetimeFormat);
  registry->AddScalar({"unix_timestamp", 1, 2, ResolveDatetimeFormat});
  registry->AddScalar({"to_unix_timestamp", 1, 2, ResolveDatetimeFormat});
}

}  // namespace lakeml::sql
