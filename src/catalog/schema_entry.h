// SchemaEntry: one schema (a row of sql_schemas). A value type; thread-compatible.
#pragma once

#include <cstdint>
#include <string>

namespace lakeml::catalog {

struct SchemaEntry {
  std::string catalog;
  std::string name;
  std::string comment;
  int64_t created_at_ms = 0;
};

}  // namespace lakeml::catalog
