// Predicate: a small boolean expression over table columns that a Scan is given to prune
// files (partition pruning and data skipping, see data_skipping.h). It never filters rows
// itself; it only says which files certainly hold no row for which it is TRUE.
//
// Leaves compare one column with literals (=, <>, <, <=, >, >=, IN) or test it for null;
// inner nodes are AND, OR and NOT. Rows are judged with SQL three-valued logic: a comparison
// with a null column value or a null literal is NULL, never TRUE. Floating-point values order
// as Spark orders them: NaN is larger than every other value and equal to itself.
//
// Columns are paths of LOGICAL names ({"a"} or {"s", "x"} for a struct field). A Predicate is an
// immutable value; children are shared, so copies are cheap. Thread-safe to read.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "columnar/scalar.h"
#include "columnar/schema.h"

namespace lakeml::delta {

using ColumnPath = std::vector<std::string>;

class Predicate {
 public:
  enum class Kind : uint8_t { kAlwaysTrue, kCompare, kIsNull, kIsNotNull, kIn, kAnd, kOr, kNot };
  enum class Op : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };

  // The default predicate is AlwaysTrue().
  Predicate() = default;

  static Predicate AlwaysTrue();
  static Predicate Compare(ColumnPath column, Op op, columnar::Scalar value);
  static Predicate IsNull(ColumnPath column);
  static Predicate IsNotNull(ColumnPath column);
  static Predicate In(ColumnPath column, std::vector<columnar::Scalar> values);
  static Predicate And(Predicate a, Predicate b);
  static Predicate Or(Predicate a, Predicate b);
  static Predicate Not(Predicate a);

  // Parses a SQL-like condition, e.g. "a = 5 and (b > 'x' or c is null)", resolving column
  // names against `schema` (case-insensitively; nested fields as s.x; `quoted names`) and
  // parsing each literal in its column's type: integers, decimals and floats (also 'NaN'),
  // 'strings' ('' escapes a quote), dates '2024-01-31', timestamps '2024-01-31 10:00:00'
  // (UTC unless a zone is given), true/false, null. Grammar, keywords case-insensitive:
  //   expr := term (OR term)* ; term := factor (AND factor)* ; factor := NOT factor | primary
  //   primary := '(' expr ')' | TRUE | FALSE | column op literal | literal op column
  //            | column IS [NOT] NULL | column [NOT] IN '(' literal, ... ')'
  //            | column [NOT] BETWEEN literal AND literal
  //   op := = | == | != | <> | < | <= | > | >=
  // Errors are InvalidArgument and name the character offset: "Invalid predicate at offset
  // 4: unknown column: x".
  static Result<Predicate> Parse(std::string_view text, const columnar::Schema& schema);

  Kind kind() const { return kind_; }
  // kCompare.
  Op op() const { return op_; }
  // kCompare, kIsNull, kIsNotNull, kIn.
  const ColumnPath& column() const { return column_; }
  // kCompare: the literal. kIn: the list.
  const columnar::Scalar& value() const { return values_[0]; }
  const std::vector<columnar::Scalar>& values() const { return values_; }
  // kAnd, kOr: both children; kNot: left() only.
  const Predicate& left() const { return *left_; }
  const Predicate& right() const { return *right_; }

  // Every column path the predicate reads, in first-use order, without duplicates.
  std::vector<ColumnPath> Columns() const;

  // SQL-like text that Parse() reads back: "(a = 5 AND (b > 'x' OR c IS NULL))".
  std::string ToString() const;

  // "=", "<>", "<", ...
  static std::string_view OpSymbol(Op op);
  // The operator with its operands swapped: a < b  <=>  b > a.
  static Op Flip(Op op);
  // The operator of the negation for non-null operands: NOT (a < b)  <=>  a >= b.
  static Op Negate(Op op);

 private:
  void AppendTo(std::string* out) const;

  Kind kind_ = Kind::kAlwaysTrue;
  Op op_ = Op::kEq;
  ColumnPath column_;
  std::vector<columnar::Scalar> values_;
  std::shared_ptr<const Predicate> left_;
  std::shared_ptr<const Predicate> right_;
};

}  // namespace lakeml::delta
