// JsonSchemaInferrer: the SQL type of a JSON value as Spark's schema_of_json writes it:
// integers BIGINT, other numbers DOUBLE, strings and nulls STRING, booleans BOOLEAN, arrays
// ARRAY<the merged element type> (ARRAY<STRING> when empty), objects STRUCT<fields sorted by
// name>. Merging: BIGINT with DOUBLE gives DOUBLE, structs merge their fields, anything else
// that differs gives STRING. Output like "STRUCT<a: BIGINT, b: ARRAY<STRING>>".
//
// Stateless; thread-safe.
#pragma once

#include <simdjson.h>

#include <string>

namespace lakeml::sql {

class JsonSchemaInferrer {
 public:
  static std::string Infer(simdjson::dom::element e);
};

}  // namespace lakeml::sql
