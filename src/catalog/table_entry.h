// TableEntry: one table or view as the catalog stores it (a row of sql_tables with its properties
// and view columns). A value type; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog/qualified_name.h"

namespace lakeml::catalog {

enum class TableKind {
  kManaged,   // Data under the warehouse (tables/<id>); DROP deletes it.
  kExternal,  // Data at a user-given location; DROP leaves it.
  kView,      // A stored query; no data.
};

// "MANAGED", "EXTERNAL", "VIEW": the stored spelling and what DESCRIBE shows.
// DO NOT CHANGE: stored in lakeml.db (sql_tables.kind).
std::string_view TableKindName(TableKind kind);
std::optional<TableKind> ParseTableKind(std::string_view name);

struct TableEntry {
  std::string id;  // Random UUID; names the managed table's directory.
  QualifiedName name;
  TableKind kind = TableKind::kManaged;
  std::string format;    // "delta", "parquet", ...; empty for views.
  std::string location;  // Absolute path; empty for views.
  std::string comment;
  std::string view_text;                  // The view's query text; empty for tables.
  std::vector<std::string> view_columns;  // The view's output column names, in order.
  int64_t created_at_ms = 0;
  std::string owner;
  std::vector<std::pair<std::string, std::string>> properties;  // Sorted by key.
};

}  // namespace lakeml::catalog
