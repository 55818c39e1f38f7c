// CatalogMigrations: the "catalog" component's schema steps in lakeml.db (see
// metastore::Migrations). Steps are only appended; a released step never changes.
//
// Tables: sql_catalogs, sql_schemas (-> catalog), sql_tables (-> schema),
// sql_table_properties and sql_view_columns (-> table), each ON DELETE CASCADE, so deleting a
// catalog or schema row removes everything under it. All names are stored lower-case.
// Thread-safety: stateless.
#pragma once

#include <string_view>
#include <vector>

namespace lakeml::catalog {

class CatalogMigrations {
 public:
  static constexpr std::string_view kComponent = "catalog";
  static const std::vector<std::string_view>& Steps();
};

}  // namespace lakeml::catalog
