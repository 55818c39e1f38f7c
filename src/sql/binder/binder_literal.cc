// Literals, typed as Spark types them: an integer is INT when it fits, else BIGINT, else
// DECIMAL(digits, 0); a number with a fraction is DECIMAL(p, s) (DOUBLE beyond 38 digits); an
// exponent makes it DOUBLE; suffixes Y S L F D BD choose the type.
#include <charconv>
#include <cmath>

#include "base/str_cat.h"
#include "format/csv/csv_value_parser.h"
#include "sql/binder/binder.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/function/cast/cast_executor.h"
#include "sql/function/kernel_output.h"

namespace lakeml::sql {
namespace {

using columnar::Scalar;

Status InvalidNumber(const AstNode& node, std::string_view type) {
  return SqlError::At(
      node.pos, "INVALID_NUMERIC_LITERAL_RANGE", "22003",
      StrCat("Numeric literal ", node.text, " is outside the valid range for ", type, "."));
}

Result<Scalar> NumberLiteral(const AstNode& node) {
  const std::string& text = node.text;
  const std::string suffix = node.names.empty() ? "" : node.names[0];
  const bool has_exp = text.find_first_of("eE") != std::string::npos;
  const size_t dot = text.find('.');
  if (suffix == "D" || suffix == "F" || (suffix.empty() && has_exp)) {
    double d;
    if (!csv::ParseDouble(text, &d) || !std::isfinite(d)) return InvalidNumber(node, "DOUBLE");
    if (suffix == "F") return Scalar::Double(SqlType::Float(), static_cast<float>(d));
    return Scalar::Double(SqlType::Double(), d);
  }
  if (suffix == "BD" || (suffix.empty() && dot != std::string::npos)) {
    std::string digits = text[0] == '-' ? text.substr(1) : text;
    int scale = 0;
    if (dot != std::string::npos) {
      scale = static_cast<int>(text.size() - dot - 1);
      digits.erase(digits.find('.'), 1);
    }
    size_t first = digits.find_first_not_of('0');
    int precision = first == std::string::npos ? 1 : static_cast<int>(digits.size() - first);
    precision = std::max(precision, scale);
    if (precision == 0) precision = 1;
    if (precision > SqlType::kMaxDecimalPrecision) {
      if (suffix == "BD") return InvalidNumber(node, "DECIMAL");
      double d;
      if (!csv::ParseDouble(text, &d)) return InvalidNumber(node, "DOUBLE");
      return Scalar::Double(SqlType::Double(), d);
    }
    __int128 v = 0;
    if (!csv::ParseDecimal(text, SqlType::kMaxDecimalPrecision, scale, &v)) {
      return InvalidNumber(node, "DECIMAL");
    }
    return Scalar::Decimal(SqlType::Decimal(precision, scale), v);
  }
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  const bool fits64 = ec == std::errc() && p == text.data() + text.size();
  if (suffix == "L") {
    if (!fits64) return InvalidNumber(node, "BIGINT");
    return Scalar::Int(SqlType::BigInt(), v);
  }
  if (suffix == "S") {
    if (!fits64 || v > INT16_MAX || v < INT16_MIN) return InvalidNumber(node, "SMALLINT");
    return Scalar::Int(SqlType::SmallInt(), v);
  }
  if (suffix == "Y") {
    if (!fits64 || v > INT8_MAX || v < INT8_MIN) return InvalidNumber(node, "TINYINT");
    return Scalar::Int(SqlType::TinyInt(), v);
  }
  if (fits64 && v <= INT32_MAX && v >= INT32_MIN) return Scalar::Int(SqlType::Int(), v);
  if (fits64) return Scalar::Int(SqlType::BigInt(), v);
  const size_t sign = text[0] == '-' ? 1 : 0;
  const size_t first = text.find_first_not_of('0', sign);
  const int digits = static_cast<int>(text.size() - first);
  __int128 d = 0;
  if (digits > SqlType::kMaxDecimalPrecision ||
      !csv::ParseDecimal(text, SqlType::kMaxDecimalPrecision, 0, &d)) {
    return InvalidNumber(node, "DECIMAL(38,0)");
  }
  return Scalar::Decimal(SqlType::Decimal(digits, 0), d);
}

// DATE '...', TIMESTAMP '...', TIMESTAMP_NTZ '...': the string cast to the type, with Spark's
// error for a malformed value.
Result<Scalar> TypedLiteral(const AstNode& node) {
  const std::string& type = node.names[0];
  TypePtr t;
  if (type == "DATE") t = SqlType::Date();
  if (type == "TIMESTAMP" || type == "TIMESTAMP_LTZ") t = SqlType::Timestamp();
  if (type == "TIMESTAMP_NTZ") t = SqlType::TimestampNtz();
  if (t == nullptr) {
    return SqlError::At(node.pos, "UNSUPPORTED_TYPED_LITERAL", "0A0000",
                        StrCat("Literals of the type ", type,
                               " are not supported. Supported types are DATE, TIMESTAMP_NTZ, "
                               "TIMESTAMP_LTZ, TIMESTAMP, INTERVAL, X."));
  }
  auto in = KernelOutput::Expand(Scalar::Bytes(SqlType::String(), node.text), 1);
  columnar::VectorPtr out;
  Status st = CastExecutor::Cast(*in, t, /*try_mode=*/true, 1, &out);
  if (!st.ok() || out->IsNull(0)) {
    return SqlError::At(
        node.pos, "INVALID_TYPED_LITERAL", "42604",
        StrCat("The value of the typed literal \"", type, "\" is invalid: '", node.text, "'."));
  }
  return Scalar::FromVector(*out, 0);
}

Result<Scalar> BinaryLiteral(const AstNode& node) {
  const std::string& hex = node.text;
  std::string bytes;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  // An odd count of digits gets a leading zero, as Spark reads X'F' as 0x0F.
  std::string digits = hex.size() % 2 ? "0" + hex : hex;
  for (size_t i = 0; i < digits.size(); i += 2) {
    const int hi = nibble(digits[i]), lo = nibble(digits[i + 1]);
    if (hi < 0 || lo < 0) {
      return SqlError::At(node.pos, "INVALID_TYPED_LITERAL", "42604",
                          StrCat("The value of the typed literal \"X\" is invalid: '", hex, "'."));
    }
    bytes.push_back(static_cast<char>(hi * 16 + lo));
  }
  return Scalar::Bytes(SqlType::Binary(), std::move(bytes));
}

}  // namespace

Result<ExprPtr> Binder::BindLiteral(const AstNode& node) {
  Scalar value;
  if (node.op == "NUMBER") {
    LAKEML_ASSIGN_OR_RETURN(value, NumberLiteral(node));
  } else if (node.op == "STRING") {
    value = Scalar::Bytes(SqlType::String(), node.text);
  } else if (node.op == "BINARY") {
    LAKEML_ASSIGN_OR_RETURN(value, BinaryLiteral(node));
  } else if (node.op == "NULL") {
    value = Scalar::Null(SqlType::Null());
  } else if (node.op == "TRUE" || node.op == "FALSE") {
    value = Scalar::Bool(node.op == "TRUE");
  } else if (node.op == "TYPED") {
    LAKEML_ASSIGN_OR_RETURN(value, TypedLiteral(node));
  } else {
    return SqlError::Unsupported(node.pos, StrCat("literal ", node.op));
  }
  ExprPtr e = BoundExpression::Constant(std::move(value));
  e->pos = node.pos;
  return e;
}

}  // namespace lakeml::sql
