// CatalogEntry: one catalog, the top level of the namespace (a row of sql_catalogs).
// A value type; thread-compatible.
#pragma once

#include <cstdint>
#include <string>

namespace lakeml::catalog {

struct CatalogEntry {
  std::string name;
  std::string comment;
  int64_t created_at_ms = 0;
};

}  // namespace lakeml::catalog
