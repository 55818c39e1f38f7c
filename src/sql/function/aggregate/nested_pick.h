// NestedPick: min, max, first, last and any_value over ARRAY, STRUCT and MAP arguments
// (sql-lambda). The kept value is stored as its NestedKeyCodec encoding in the StringArena;
// min and max order values with NestedComparison (Spark orders arrays element by element and
// structs field by field); MAPs are not orderable, so min/max of a MAP are rejected.
//
// Stateless; thread-safe.
#pragma once

#include <memory>
#include <string_view>

#include "base/result.h"
#include "sql/function/aggregate/aggregate_function.h"

namespace lakeml::sql {

class NestedPick {
 public:
  // REQUIRES: type->is_nested(); name is min, max, first, first_value, last, last_value or
  // any_value.
  static Result<std::shared_ptr<const AggregateFunctionBinding>> Make(
      std::string_view name, const columnar::TypePtr& type);
};

}  // namespace lakeml::sql
