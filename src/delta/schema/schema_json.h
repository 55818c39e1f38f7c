// Delta schema JSON (PROTOCOL.md, "Schema Serialization Format"): the `schemaString` of a
// metaData action, parsed into a columnar::Schema and serialized back.
//
// Type mapping (Delta name -> columnar type):
//   string -> String, binary -> Binary, boolean -> Boolean, byte/short/integer/long ->
//   Int8/16/32/64, float/double -> Float32/64, date -> Date32,
//   timestamp -> Timestamp(kMicro, utc=true), timestamp_ntz -> Timestamp(kMicro, utc=false),
//   decimal(p,s) (and bare "decimal" = decimal(10,0)) -> Decimal(p, s), variant -> Variant(),
//   void -> Null, struct -> Struct, array -> List (element field "element", nullable =
//   containsNull), map -> Map (fields "key" and "value", value nullable = valueContainsNull).
//
// Field metadata is kept as a list of (key, compact JSON text) in the order of the input, so
// that Serialize(Parse(s)) reproduces what Spark wrote byte for byte. A field's field_id is
// set from its `delta.columnMapping.id` metadata when present.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "columnar/schema.h"

namespace lakeml::delta {

// Parses a Delta schemaString. Errors name the column path, e.g.
//   Unsupported Delta type: "interval" at column a.b
Result<columnar::SchemaPtr> ParseSchemaString(std::string_view json);

// Parses one Delta type (a JSON string such as "\"long\"" or an object such as
// {"type":"array",...}); `path` names the column for error messages.
Result<columnar::TypePtr> ParseDeltaType(std::string_view json, std::string_view path = "");

// Compact JSON in Delta's shape:
//   {"type":"struct","fields":[{"name":..,"type":..,"nullable":..,"metadata":{..}},..]}
// REQUIRES: every type in `schema` is one ParseSchemaString can produce (other columnar types,
// such as unsigned integers, are written by their columnar name and will not parse back).
std::string SerializeSchema(const columnar::Schema& schema);

// The Delta name or JSON of one type: "long", "decimal(10,2)", {"type":"array",...}.
std::string SerializeDeltaType(const columnar::DataType& type);

}  // namespace lakeml::delta
