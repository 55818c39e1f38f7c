// SqlError: builds the Status of a user-facing SQL error in Spark's format,
//   [CLASS.SUBCLASS] text SQLSTATE: 42P01; line 1, pos 14
// Class names and SQLSTATEs are Spark's (error-conditions.json); the texts are ours. Binder errors
// carry the position of the offending node; run-time errors have none.
//
// Stateless; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "sql/parser/token.h"

namespace lakeml::sql {

class SqlError {
 public:
  // An error with a position (binder errors).
  static Status At(SourcePosition pos, std::string_view error_class, std::string_view sqlstate,
                   std::string_view text);
  // An error without a position (run-time errors).
  static Status Make(std::string_view error_class, std::string_view sqlstate,
                     std::string_view text);

  // UNRESOLVED_COLUMN.WITH_SUGGESTION / WITHOUT_SUGGESTION (42703). `candidates` are the
  // visible names; up to five closest are suggested, nearest first.
  static Status UnresolvedColumn(SourcePosition pos, std::string_view name,
                                 const std::vector<std::string>& candidates);
  // TABLE_OR_VIEW_NOT_FOUND (42P01).
  static Status TableNotFound(SourcePosition pos, std::string_view name);
  // UNRESOLVED_ROUTINE (42883).
  static Status UnresolvedRoutine(SourcePosition pos, std::string_view name);
  // WRONG_NUM_ARGS.WITHOUT_SUGGESTION (42605).
  static Status WrongNumArgs(SourcePosition pos, std::string_view name, std::string_view expected,
                             size_t actual);
  // DATATYPE_MISMATCH.<subclass> (42K09).
  static Status DatatypeMismatch(SourcePosition pos, std::string_view subclass,
                                 std::string_view sql, std::string_view detail);
  // UNSUPPORTED_FEATURE (0A000): valid SQL that lakeml does not run yet.
  static Status Unsupported(SourcePosition pos, std::string_view what);
  // DIVIDE_BY_ZERO (22012).
  static Status DivideByZero();
  // ARITHMETIC_OVERFLOW (22003).
  static Status ArithmeticOverflow(std::string_view detail);
  // CAST_INVALID_INPUT (22018).
  static Status CastInvalidInput(std::string_view value, std::string_view from,
                                 std::string_view to);
  // CAST_OVERFLOW (22003).
  static Status CastOverflow(std::string_view value, std::string_view from, std::string_view to);
  // NUMERIC_VALUE_OUT_OF_RANGE (22003), for a decimal that does not fit its precision.
  static Status NumericOutOfRange(std::string_view value, int precision, int scale);
  // OPERATION_CANCELED (HY008).
  static Status Cancelled();

  // The class of an error made here ("TABLE_OR_VIEW_NOT_FOUND"), or "" for other statuses.
  static std::string ErrorClass(const Status& status);
};

}  // namespace lakeml::sql
