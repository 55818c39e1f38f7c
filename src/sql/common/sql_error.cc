#include "sql/common/sql_error.h"

#include <algorithm>

#include "base/str_cat.h"
#include "sql/common/name_suggester.h"

namespace lakeml::sql {

Status SqlError::At(SourcePosition pos, std::string_view error_class, std::string_view sqlstate,
                    std::string_view text) {
  return Status::InvalidArgument("[", error_class, "] ", text, " SQLSTATE: ", sqlstate, "; line ",
                                 pos.line, ", pos ", pos.column);
}

Status SqlError::Make(std::string_view error_class, std::string_view sqlstate,
                      std::string_view text) {
  return Status::InvalidArgument("[", error_class, "] ", text, " SQLSTATE: ", sqlstate);
}

Status SqlError::UnresolvedColumn(SourcePosition pos, std::string_view name,
                                  const std::vector<std::string>& candidates) {
  std::vector<std::string> near = NameSuggester::Suggest(name, candidates, 5);
  if (near.empty()) {
    return At(pos, "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", "42703",
              StrCat("A column, variable, or function parameter with name `", name,
                     "` cannot be resolved."));
  }
  std::string list;
  for (const std::string& n : near) {
    if (!list.empty()) list += ", ";
    list += n;
  }
  return At(pos, "UNRESOLVED_COLUMN.WITH_SUGGESTION", "42703",
            StrCat("A column, variable, or function parameter with name `", name,
                   "` cannot be resolved. Did you mean one of the following? [", list, "]."));
}

Status SqlError::TableNotFound(SourcePosition pos, std::string_view name) {
  return At(pos, "TABLE_OR_VIEW_NOT_FOUND", "42P01",
            StrCat("The table or view ", name,
                   " cannot be found. Verify the spelling and correctness of the schema and "
                   "catalog."));
}

Status SqlError::UnresolvedRoutine(SourcePosition pos, std::string_view name) {
  return At(pos, "UNRESOLVED_ROUTINE", "42883",
            StrCat("Cannot resolve routine `", name,
                   "` on search path [`system`.`builtin`, `system`.`session`]."));
}

Status SqlError::WrongNumArgs(SourcePosition pos, std::string_view name, std::string_view expected,
                              size_t actual) {
  return At(pos, "WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "42605",
            StrCat("The `", name, "` requires ", expected, " parameters but the actual number is ",
                   actual, "."));
}

Status SqlError::DatatypeMismatch(SourcePosition pos, std::string_view subclass,
                                  std::string_view sql, std::string_view detail) {
  return At(pos, StrCat("DATATYPE_MISMATCH.", subclass), "42K09",
            StrCat("Cannot resolve \"", sql, "\" due to data type mismatch: ", detail));
}

Status SqlError::Unsupported(SourcePosition pos, std::string_view what) {
  return At(pos, "UNSUPPORTED_FEATURE", "0A000",
            StrCat("The feature is not supported: ", what, "."));
}

Status SqlError::DivideByZero() {
  return Make("DIVIDE_BY_ZERO", "22012",
              "Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL "
              "instead.");
}

Status SqlError::ArithmeticOverflow(std::string_view detail) {
  return Make("ARITHMETIC_OVERFLOW", "22003",
              StrCat(detail,
                     ". Use 'try_' functions to tolerate overflow and return NULL "
                     "instead."));
}

Status SqlError::CastInvalidInput(std::string_view value, std::string_view from,
                                  std::string_view to) {
  return Make("CAST_INVALID_INPUT", "22018",
              StrCat("The value '", value, "' of the type \"", from, "\" cannot be cast to \"", to,
                     "\" because it is malformed. Correct the value as per the syntax, or "
                     "change its target type. Use `try_cast` to tolerate malformed input and "
                     "return NULL instead."));
}

Status SqlError::CastOverflow(std::string_view value, std::string_view from, std::string_view to) {
  return Make("CAST_OVERFLOW", "22003",
              StrCat("The value ", value, " of the type \"", from, "\" cannot be cast to \"", to,
                     "\" due to an overflow. Use `try_cast` to tolerate overflow and return "
                     "NULL instead."));
}

Status SqlError::NumericOutOfRange(std::string_view value, int precision, int scale) {
  return Make("NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION", "22003",
              StrCat(value, " cannot be represented as Decimal(", precision, ", ", scale,
                     "). Use `try_cast` to tolerate overflow and return NULL instead."));
}

Status SqlError::Cancelled() {
  return Make("OPERATION_CANCELED", "HY008", "Operation has been canceled.");
}

std::string SqlError::ErrorClass(const Status& status) {
  const std::string& m = status.message();
  if (m.empty() || m[0] != '[') return "";
  size_t end = m.find(']');
  if (end == std::string::npos) return "";
  return m.substr(1, end - 1);
}

}  // namespace lakeml::sql
