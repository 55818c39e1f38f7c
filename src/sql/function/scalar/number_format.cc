// format_number(x, d): x rounded HALF_EVEN (Java's DecimalFormat) to d decimals, with ','
// grouping, as Spark's FormatNumber with an integer scale. DOUBLE rounds its exact binary value
// (JDK 8+); negative values keep their sign even when they round to zero ("-0.00", as Java).
// A negative d gives NULL.
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include "base/str_cat.h"
#include "sql/common/sql_type.h"
#include "sql/function/binding_factory.h"
#include "sql/function/builtin_functions.h"
#include "sql/function/function_registry.h"
#include "sql/function/scalar/row_kernels.h"

namespace lakeml::sql {
namespace {

// Scales past this many decimals are refused rather than padded.
constexpr int32_t kMaxFormatScale = 1000;

// Decimal digits (no leading zeros needed) of |value| = digits * 10^-scale.
struct DecimalText {
  bool negative = false;
  std::string digits;
  int64_t scale = 0;
};

DecimalText FromUnscaled(__int128 v, int scale) {
  DecimalText t;
  t.negative = v < 0;
  unsigned __int128 u = t.negative ? -static_cast<unsigned __int128>(v) : v;
  do {
    t.digits.insert(t.digits.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  } while (u != 0);
  t.scale = scale;
  return t;
}

// The exact decimal value of x (JDK 8+ DecimalFormat rounds the exact binary value).
DecimalText FromDouble(double x) {
  // 767 significant digits hold any double exactly.
  char buf[1024];
  auto res = std::to_chars(buf, buf + sizeof(buf), x, std::chars_format::scientific, 800);
  std::string text(buf, res.ptr);
  DecimalText t;
  t.negative = text[0] == '-';
  if (t.negative) text.erase(0, 1);
  const size_t e = text.find('e');
  const int exp10 = std::atoi(text.c_str() + e + 1);
  for (size_t k = 0; k < e; ++k) {
    if (text[k] != '.') t.digits.push_back(text[k]);
  }
  // value = d.ddd * 10^exp10 = digits * 10^(exp10 - (len - 1))
  t.scale = static_cast<int64_t>(t.digits.size()) - 1 - exp10;
  if (t.scale < 0) {
    t.digits.append(static_cast<size_t>(-t.scale), '0');
    t.scale = 0;
  }
  return t;
}

std::string FormatDecimalText(DecimalText t, int32_t d) {
  if (t.scale > d) {
    // Round HALF_EVEN, dropping t.scale - d digits.
    const size_t drop = static_cast<size_t>(t.scale - d);
    if (t.digits.size() <= drop) t.digits.insert(0, drop - t.digits.size() + 1, '0');
    const size_t keep = t.digits.size() - drop;
    const char first = t.digits[keep];
    const bool tail = t.digits.find_first_not_of('0', keep + 1) != std::string::npos;
    const bool odd = (t.digits[keep - 1] - '0') % 2 == 1;
    t.digits.resize(keep);
    if (first > '5' || (first == '5' && (tail || odd))) {
      int k = static_cast<int>(keep) - 1;
      while (k >= 0 && t.digits[k] == '9') t.digits[k--] = '0';
      if (k < 0) {
        t.digits.insert(t.digits.begin(), '1');
      } else {
        ++t.digits[k];
      }
    }
    t.scale = d;
  }
  t.digits.append(static_cast<size_t>(d - t.scale), '0');
  if (t.digits.size() <= static_cast<size_t>(d)) t.digits.insert(0, d - t.digits.size() + 1, '0');
  const std::string whole = t.digits.substr(0, t.digits.size() - d);
  std::string out;
  if (t.negative) out.push_back('-');
  for (size_t k = 0; k < whole.size(); ++k) {
    if (k > 0 && (whole.size() - k) % 3 == 0) out.push_back(',');
    out.push_back(whole[k]);
  }
  if (d > 0) out.append(".").append(t.digits.substr(t.digits.size() - d));
  return out;
}

Status FormatNumberRow(const KernelContext&, const RowArgs& a, int64_t i, std::string* out,
                       bool* null) {
  const int32_t d = a[1]->values_as<int32_t>()[i];
  if (d < 0 || d > kMaxFormatScale) {
    *null = true;
    return Status::OK();
  }
  const columnar::Vector& v = *a[0];
  switch (v.type()->id()) {
    case TypeId::kInt64:
      *out = FormatDecimalText(FromUnscaled(v.values_as<int64_t>()[i], 0), d);
      break;
    case TypeId::kDecimal:
      *out = FormatDecimalText(FromUnscaled(v.values_as<__int128>()[i], v.type()->scale()), d);
      break;
    default: {
      const double x = v.values_as<double>()[i];
      if (std::isnan(x)) {
        *out = "NaN";
      } else if (std::isinf(x)) {
        *out = x > 0 ? "∞" : "-∞";  // Java's DecimalFormatSymbols
      } else {
        *out = FormatDecimalText(FromDouble(x), d);
      }
    }
  }
  return Status::OK();
}

Result<BindingFactory::Ptr> ResolveFormatNumber(std::string_view name,
                                                const std::vector<TypePtr>& in) {
  TypePtr t = in[0];
  if (SqlType::IsIntegral(t) || t->id() == TypeId::kNull) {
    t = SqlType::BigInt();
  } else if (t->id() != TypeId::kDecimal) {
    if (!SqlType::IsNumeric(t)) {
      return Status::InvalidArgument(StrCat("format_number requires a numeric value, but got \"",
                                            SqlType::SqlName(in[0]), "\""));
    }
    t = SqlType::Double();
  }
  if (in[1]->id() == TypeId::kString) {
    return Status::NotImplemented("format_number with a format pattern");
  }
  return BindingFactory::Make(name, {t, SqlType::Int()}, SqlType::String(),
                              RowKernels::String<FormatNumberRow>);
}

}  // namespace

void BuiltinFunctions::RegisterNumberFormat(FunctionRegistry* registry) {
  registry->AddScalar({"format_number", 2, 2, ResolveFormatNumber});
}

}  // namespace lakeml::sql
