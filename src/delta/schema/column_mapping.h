// Column mapping (PROTOCOL.md, "Column Mapping"): the `delta.columnMapping.mode` table
// property and the translation between a table's logical schema (display names) and the
// physical schema its data files, partition values and statistics use.
//
// In `name` and `id` mode every column, nested or top-level, carries two metadata keys:
// `delta.columnMapping.physicalName` (a string) and `delta.columnMapping.id` (a 32-bit integer,
// also the Parquet field_id of the column). In `none` mode the display name is the physical name.
//
// Pure functions, except AssignColumnMapping which draws random UUIDs; all thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "base/result.h"
#include "columnar/schema.h"
#include "delta/actions.h"

namespace lakeml::delta {

enum class ColumnMappingMode { kNone, kId, kName };

// DO NOT CHANGE: stored in Delta logs.
inline constexpr char kColumnMappingModeKey[] = "delta.columnMapping.mode";
inline constexpr char kColumnMappingMaxIdKey[] = "delta.columnMapping.maxColumnId";
inline constexpr char kColumnMappingIdKey[] = "delta.columnMapping.id";
inline constexpr char kColumnMappingPhysicalNameKey[] = "delta.columnMapping.physicalName";

// The mode a table's metaData configuration selects: kNone when the key is absent; "none",
// "id" and "name" in any letter case; anything else is an InvalidArgument error.
// REQUIRES: the caller has checked that the protocol supports column mapping (reader version
// 2, or the `columnMapping` feature); otherwise the property must be ignored.
Result<ColumnMappingMode> ColumnMappingModeOf(const StringMap& configuration);

std::string_view ColumnMappingModeName(ColumnMappingMode mode);

// The name under which `field` is stored in data files, partition values and statistics: its
// display name in kNone mode, its `delta.columnMapping.physicalName` otherwise (falling back to
// the display name when the key is missing or malformed; PhysicalSchema() reports that case).
std::string PhysicalName(const columnar::Field& field, ColumnMappingMode mode);

// `logical` with every struct field (at any depth, through lists and maps) renamed to its
// physical name; types, nullability, metadata and field ids are kept. In kNone mode the schema
// is returned unchanged. Errors name the column (a.b.c) that lacks its physical name (or, in
// id mode, its id).
Result<columnar::SchemaPtr> PhysicalSchema(const columnar::Schema& logical, ColumnMappingMode mode);

// For writers enabling column mapping or adding columns: gives every field (nested ones too)
// that lacks them a `delta.columnMapping.id` (*max_column_id + 1, + 2, ... in pre-order; the
// field_id is set to match) and a `delta.columnMapping.physicalName` "col-<random uuid>".
// Existing ids are kept, and *max_column_id is raised to the largest id in the result: store it
// as the table property delta.columnMapping.maxColumnId.
// REQUIRES: max_column_id != nullptr.
Result<columnar::SchemaPtr> AssignColumnMapping(const columnar::Schema& schema,
                                                int64_t* max_column_id);

}  // namespace lakeml::delta
