#include "sql/common/sql_type.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "base/str_cat.h"
#include "sql/common/sql_error.h"

namespace lakeml::sql {

using columnar::DataType;
using columnar::Field;
using columnar::TimeUnit;

TypePtr SqlType::Null() { return DataType::Primitive(TypeId::kNull); }
TypePtr SqlType::Boolean() { return DataType::Primitive(TypeId::kBoolean); }
TypePtr SqlType::TinyInt() { return DataType::Primitive(TypeId::kInt8); }
TypePtr SqlType::SmallInt() { return DataType::Primitive(TypeId::kInt16); }
TypePtr SqlType::Int() { return DataType::Primitive(TypeId::kInt32); }
TypePtr SqlType::BigInt() { return DataType::Primitive(TypeId::kInt64); }
TypePtr SqlType::Float() { return DataType::Primitive(TypeId::kFloat32); }
TypePtr SqlType::Double() { return DataType::Primitive(TypeId::kFloat64); }
TypePtr SqlType::String() { return DataType::String(); }
TypePtr SqlType::Binary() { return DataType::Binary(); }
TypePtr SqlType::Date() { return DataType::Primitive(TypeId::kDate32); }
TypePtr SqlType::Timestamp() { return DataType::Timestamp(TimeUnit::kMicro, true); }
TypePtr SqlType::TimestampNtz() { return DataType::Timestamp(TimeUnit::kMicro, false); }
TypePtr SqlType::Decimal(int precision, int scale) { return DataType::Decimal(precision, scale); }
TypePtr SqlType::YearMonthInterval(int start, int end) {
  return DataType::YearMonthInterval(start, end);
}
TypePtr SqlType::DayTimeInterval(int start, int end) {
  return DataType::DayTimeInterval(start, end);
}

namespace {

Result<int> TypeParamInt(const AstNode& node, size_t i) {
  const std::string& s = node.names[i];
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) {
    return SqlError::At(node.pos, "PARSE_SYNTAX_ERROR", "42601",
                        StrCat("Invalid type parameter: ", s, "."));
  }
  return v;
}

// INTERVAL <field> [TO <field>]: a year-month or day-time interval type.
Result<TypePtr> IntervalTypeFromAst(const AstNode& node) {
  static const char* const kYm[] = {"YEAR", "MONTH"};
  static const char* const kDt[] = {"DAY", "HOUR", "MINUTE", "SECOND"};
  auto index = [](const char* const* names, int count, const std::string& u) {
    for (int i = 0; i < count; ++i) {
      if (u == names[i]) return i;
    }
    return -1;
  };
  if (!node.names.empty()) {
    const std::string& to_name = node.names.size() > 1 ? node.names[1] : node.names[0];
    int start = index(kYm, 2, node.names[0]), end = index(kYm, 2, to_name);
    if (start >= 0 && end >= start) return SqlType::YearMonthInterval(start, end);
    start = index(kDt, 4, node.names[0]);
    end = index(kDt, 4, to_name);
    if (start >= 0 && end >= start) return SqlType::DayTimeInterval(start, end);
  }
  return SqlError::At(node.pos, "UNSUPPORTED_DATATYPE", "0A000",
                      StrCat("Unsupported data type \"INTERVAL",
                             node.names.empty() ? "" : " ", node.names.empty() ? "" : node.names[0],
                             node.names.size() > 1 ? " TO " : "",
                             node.names.size() > 1 ? node.names[1] : "", "\"."));
}

}  // namespace

Result<TypePtr> SqlType::FromAst(const AstNode& node) {
  const std::string& n = node.text;
  if (n == "BOOLEAN") return Boolean();
  if (n == "TINYINT" || n == "BYTE") return TinyInt();
  if (n == "SMALLINT" || n == "SHORT") return SmallInt();
  if (n == "INT" || n == "INTEGER") return Int();
  if (n == "BIGINT" || n == "LONG") return BigInt();
  if (n == "FLOAT" || n == "REAL") return Float();
  if (n == "DOUBLE") return Double();
  if (n == "STRING" || n == "VARCHAR" || n == "CHAR") return String();
  if (n == "BINARY") return Binary();
  if (n == "DATE") return Date();
  if (n == "TIMESTAMP" || n == "TIMESTAMP_LTZ") return Timestamp();
  if (n == "TIMESTAMP_NTZ") return TimestampNtz();
  if (n == "VOID") return Null();
  if (n == "INTERVAL") return IntervalTypeFromAst(node);
  if (n == "DECIMAL" || n == "DEC" || n == "NUMERIC") {
    int p = 10, s = 0;
    if (!node.names.empty()) {
      LAKEML_ASSIGN_OR_RETURN(p, TypeParamInt(node, 0));
      if (node.names.size() > 1) {
        LAKEML_ASSIGN_OR_RETURN(s, TypeParamInt(node, 1));
      }
    }
    if (p < 1 || p > kMaxDecimalPrecision || s < 0 || s > p) {
      return SqlError::At(node.pos, "DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION", "22003",
                          StrCat("Decimal precision ", p, " exceeds max precision 38 or scale ", s,
                                 " is invalid."));
    }
    return Decimal(p, s);
  }
  if (n == "ARRAY" && node.children.size() == 1) {
    LAKEML_ASSIGN_OR_RETURN(TypePtr element, FromAst(*node.children[0]));
    return DataType::List(Field{"element", element, true});
  }
  if (n == "MAP" && node.children.size() == 2) {
    LAKEML_ASSIGN_OR_RETURN(TypePtr key, FromAst(*node.children[0]));
    LAKEML_ASSIGN_OR_RETURN(TypePtr value, FromAst(*node.children[1]));
    return DataType::Map(Field{"key", key, false}, Field{"value", value, true});
  }
  if (n == "STRUCT") {
    std::vector<Field> fields;
    for (const auto& c : node.children) {
      LAKEML_ASSIGN_OR_RETURN(TypePtr t, FromAst(*c));
      fields.push_back(Field{c->alias, t, true});
    }
    return DataType::Struct(std::move(fields));
  }
  return SqlError::At(node.pos, "UNSUPPORTED_DATATYPE", "0A000",
                      StrCat("Unsupported data type \"", n, "\"."));
}

bool SqlType::IsIntegral(const TypePtr& t) {
  switch (t->id()) {
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      return true;
    default:
      return false;
  }
}

bool SqlType::IsFloating(const TypePtr& t) {
  return t->id() == TypeId::kFloat32 || t->id() == TypeId::kFloat64;
}

bool SqlType::IsNumeric(const TypePtr& t) {
  return IsIntegral(t) || IsFloating(t) || t->id() == TypeId::kDecimal;
}

bool SqlType::IsTemporal(const TypePtr& t) {
  return t->id() == TypeId::kDate32 || t->id() == TypeId::kTimestamp;
}

TypePtr SqlType::DecimalOf(const TypePtr& t) {
  switch (t->id()) {
    case TypeId::kInt8:
      return Decimal(3, 0);
    case TypeId::kInt16:
      return Decimal(5, 0);
    case TypeId::kInt32:
      return Decimal(10, 0);
    default:
      return Decimal(20, 0);
  }
}

TypePtr SqlType::WiderDecimal(const TypePtr& a, const TypePtr& b) {
  const int scale = std::max(a->scale(), b->scale());
  const int range = std::max(a->precision() - a->scale(), b->precision() - b->scale());
  if (range + scale > kMaxDecimalPrecision) {
    return Decimal(kMaxDecimalPrecision, std::max(0, kMaxDecimalPrecision - range));
  }
  return Decimal(range + scale, scale);
}

namespace {

// sql-nested: struct field names match case-insensitively, as Spark's resolver does.
bool FieldNamesMatchIgnoringCase(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

int IntegralRank(TypeId id) {
  switch (id) {
    case TypeId::kInt8:
      return 1;
    case TypeId::kInt16:
      return 2;
    case TypeId::kInt32:
      return 3;
    case TypeId::kInt64:
      return 4;
    case TypeId::kFloat32:
      return 5;
    case TypeId::kFloat64:
      return 6;
    default:
      return 0;
  }
}

}  // namespace

TypePtr SqlType::CommonType(const TypePtr& a, const TypePtr& b) {
  if (a->Equals(*b)) return a;
  if (a->id() == TypeId::kNull) return b;
  if (b->id() == TypeId::kNull) return a;
  const int ra = IntegralRank(a->id()), rb = IntegralRank(b->id());
  if (ra > 0 && rb > 0) return ra >= rb ? a : b;
  const bool da = a->id() == TypeId::kDecimal, db = b->id() == TypeId::kDecimal;
  if (da && db) return WiderDecimal(a, b);
  if ((da && IsIntegral(b)) || (db && IsIntegral(a))) {
    return da ? WiderDecimal(a, DecimalOf(b)) : WiderDecimal(DecimalOf(a), b);
  }
  if ((da && IsFloating(b)) || (db && IsFloating(a))) return Double();
  // Intervals of one family widen to the union of their fields (decision 0024).
  if (IsInterval(a) && a->id() == b->id()) {
    const int start = std::min(a->interval_start(), b->interval_start());
    const int end = std::max(a->interval_end(), b->interval_end());
    return a->id() == TypeId::kYearMonthInterval ? YearMonthInterval(start, end)
                                                 : DayTimeInterval(start, end);
  }
  // Date and timestamp widen to timestamp.
  if (IsTemporal(a) && IsTemporal(b)) {
    if (a->id() == TypeId::kTimestamp && b->id() == TypeId::kTimestamp) return Timestamp();
    return a->id() == TypeId::kTimestamp ? a : b;
  }
  // String promotion: a string beside an atomic type becomes that type in comparisons; the
  // binder casts the string side. Here: string with anything atomic gives the other type.
  if (IsStringLike(a) && !b->is_nested() && b->id() != TypeId::kBinary) return b;
  if (IsStringLike(b) && !a->is_nested() && a->id() != TypeId::kBinary) return a;
  // sql-nested: ARRAY, MAP and STRUCT widen part by part (struct fields by position, same
  // names ignoring case); the result's parts are nullable.
  if (a->is_nested() && a->id() == b->id() && a->children().size() == b->children().size()) {
    std::vector<columnar::Field> fields;
    for (size_t i = 0; i < a->children().size(); ++i) {
      const columnar::Field& fa = a->children()[i];
      const columnar::Field& fb = b->children()[i];
      if (a->id() == TypeId::kStruct && !FieldNamesMatchIgnoringCase(fa.name, fb.name)) return nullptr;
      TypePtr t = CommonType(fa.type, fb.type);
      if (t == nullptr) return nullptr;
      fields.push_back(columnar::Field{fa.name, std::move(t), fa.nullable || fb.nullable});
    }
    if (a->id() == TypeId::kList) return columnar::DataType::List(std::move(fields[0]));
    if (a->id() == TypeId::kMap) {
      return columnar::DataType::Map(std::move(fields[0]), std::move(fields[1]));
    }
    return columnar::DataType::Struct(std::move(fields));
  }
  return nullptr;
}

std::string SqlType::SqlName(const TypePtr& t) {
  std::string s = t->ToString();
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace lakeml::sql
