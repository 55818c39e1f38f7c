#include "catalog/catalog_migrations.h"

namespace lakeml::catalog {
namespace {

// DO NOT CHANGE: stored in lakeml.db; add a migration instead.
constexpr std::string_view kCatalogStep1 = R"sql(
CREATE TABLE sql_catalogs (
  name TEXT NOT NULL PRIMARY KEY,
  comment TEXT NOT NULL DEFAULT '',
  created_at_ms INTEGER NOT NULL
);
CREATE TABLE sql_schemas (
  catalog_name TEXT NOT NULL REFERENCES sql_catalogs (name) ON DELETE CASCADE,
  name TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  created_at_ms INTEGER NOT NULL,
  PRIMARY KEY (catalog_name, name)
);
CREATE TABLE sql_tables (
  id TEXT NOT NULL PRIMARY KEY,
  catalog_name TEXT NOT NULL,
  schema_name TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('MANAGED', 'EXTERNAL', 'VIEW')),
  format TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  comment TEXT NOT NULL DEFAULT '',
  view_text TEXT NOT NULL DEFAULT '',
  owner TEXT NOT NULL DEFAULT '',
  created_at_ms INTEGER NOT NULL,
  UNIQUE (catalog_name, schema_name, name),
  FOREIGN KEY (catalog_name, schema_name) REFERENCES sql_schemas (catalog_name, name)
    ON DELETE CASCADE
);
CREATE TABLE sql_table_properties (
  table_id TEXT NOT NULL REFERENCES sql_tables (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (table_id, key)
);
CREATE TABLE sql_view_columns (
  table_id TEXT NOT NULL REFERENCES sql_tables (id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (table_id, ordinal)
);
)sql";

}  // namespace

const std::vector<std::string_view>& CatalogMigrations::Steps() {
  static const std::vector<std::string_view> steps = {kCatalogStep1};
  return steps;
}

}  // namespace lakeml::catalog
