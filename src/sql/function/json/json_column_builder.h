// JsonColumnBuilder: builds a column of a SQL type (STRUCT, ARRAY, MAP and atomic types,
// nested freely) from parsed JSON values, as Spark's from_json in PERMISSIVE mode: a struct
// takes the fields it names (by exact name) and leaves the others NULL; a value that does not
// fit its type becomes NULL (a JSON string never becomes a number or boolean; any JSON value
// fits STRING, non-strings as their JSON text). Atomic values are collected as text and cast
// with TRY semantics at Finish, so every SQL cast rule applies (dates, timestamps, decimals).
//
// One builder per column; not thread-safe.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "columnar/data_type.h"
#include "columnar/vector.h"

namespace lakeml::sql {

class JsonColumnBuilder {
 public:
  explicit JsonColumnBuilder(columnar::TypePtr type);

  void Append(simdjson::dom::element e);
  void AppendNull();
  Result<columnar::VectorPtr> Finish();

 private:
  columnar::TypePtr type_;
  int64_t length_ = 0;
  std::vector<bool> valid_;
  // Atomic types: the text of each value (empty for NULL rows).
  std::vector<std::string> text_;
  // ARRAY / MAP: offsets into the children; STRUCT: one child per field.
  std::vector<int64_t> offsets_ = {0};
  std::vector<std::unique_ptr<JsonColumnBuilder>> children_;
};

}  // namespace lakeml::sql
