// SqlType: the SQL engine's view of columnar::DataType: Spark's type names and the type rules
// the binder needs (numeric ranks, least common type, decimal precision of integers).
//
// SQL types map onto columnar types as: BOOLEAN kBoolean; TINYINT..BIGINT kInt8..kInt64;
// FLOAT kFloat32; DOUBLE kFloat64; DECIMAL(p,s) kDecimal; STRING kString; BINARY kBinary;
// DATE kDate32; TIMESTAMP kTimestamp(micro, utc); TIMESTAMP_NTZ kTimestamp(micro, not utc);
// INTERVAL YEAR [TO MONTH] / MONTH kYearMonthInterval; INTERVAL DAY|HOUR|MINUTE|SECOND [TO
// HOUR|MINUTE|SECOND] kDayTimeInterval (decision 0024); ARRAY/MAP/STRUCT kList/kMap/kStruct;
// VOID (the type of NULL) kNull.
//
// Stateless; thread-safe.
#pragma once

#include "base/result.h"
#include "columnar/data_type.h"
#include "sql/parser/ast_node.h"

namespace lakeml::sql {

using columnar::TypeId;
using columnar::TypePtr;

class SqlType {
 public:
  static TypePtr Null();
  static TypePtr Boolean();
  static TypePtr TinyInt();
  static TypePtr SmallInt();
  static TypePtr Int();
  static TypePtr BigInt();
  static TypePtr Float();
  static TypePtr Double();
  static TypePtr String();
  static TypePtr Binary();
  static TypePtr Date();
  static TypePtr Timestamp();
  static TypePtr TimestampNtz();
  static TypePtr Decimal(int precision, int scale);
  // ANSI intervals (decision 0024). Fields: YEAR 0, MONTH 1; DAY 0, HOUR 1, MINUTE 2, SECOND 3.
  static TypePtr YearMonthInterval(int start = 0, int end = 1);
  static TypePtr DayTimeInterval(int start = 0, int end = 3);
  static bool IsInterval(const TypePtr& t) {
    return t->id() == TypeId::kYearMonthInterval || t->id() == TypeId::kDayTimeInterval;
  }
  static constexpr int kYear = 0, kMonth = 1;
  static constexpr int kDay = 0, kHour = 1, kMinute = 2, kSecond = 3;

  // The type a kType AST node names. Errors are positioned at the node.
  static Result<TypePtr> FromAst(const AstNode& type);

  static bool IsIntegral(const TypePtr& t);
  static bool IsFloating(const TypePtr& t);
  static bool IsNumeric(const TypePtr& t);  // integral, floating or decimal
  static bool IsStringLike(const TypePtr& t) { return t->id() == TypeId::kString; }
  static bool IsTemporal(const TypePtr& t);
  // The decimal an integral type widens to: TINYINT (3,0), SMALLINT (5,0), INT (10,0),
  // BIGINT (20,0). REQUIRES: IsIntegral(t).
  static TypePtr DecimalOf(const TypePtr& t);
  // Spark's least common type of two types for comparisons, set operations, CASE and
  // COALESCE (TypeCoercion.findWiderTypeForTwo with string promotion), or nullptr.
  static TypePtr CommonType(const TypePtr& a, const TypePtr& b);
  // Decimal widening: the smallest decimal holding both (bounded at 38 digits).
  static TypePtr WiderDecimal(const TypePtr& a, const TypePtr& b);
  // The type name as Spark prints it ("INT", "DECIMAL(10,2)") in error messages.
  static std::string SqlName(const TypePtr& t);
  static bool Same(const TypePtr& a, const TypePtr& b) { return a->Equals(*b); }

  static constexpr int kMaxDecimalPrecision = 38;
};

}  // namespace lakeml::sql
