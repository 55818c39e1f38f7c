// JsonTextWriter: compact JSON text as Spark writes it: parsed simdjson elements (for
// get_json_object) and columnar values (for to_json: struct fields that are NULL are left out,
// dates "yyyy-MM-dd", timestamps "yyyy-MM-dd'T'HH:mm:ss.SSSZ" in UTC, decimals as numbers, map
// keys as strings).
//
// Stateless; thread-safe.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>

#include "columnar/vector.h"

namespace lakeml::sql {

class JsonTextWriter {
 public:
  static void AppendElement(simdjson::dom::element e, std::string* out);
  // REQUIRES: row < v.length() and the value is not NULL.
  static void AppendValue(const columnar::Vector& v, int64_t row, std::string* out);
  // A timestamp (microseconds since the epoch, UTC) as to_json writes it.
  static void AppendTimestamp(int64_t micros, std::string* out);
};

}  // namespace lakeml::sql
