// CatalogStore: the SQL over sql_catalogs, sql_schemas, sql_tables and their child tables.
//
// Reads and writes rows only: no name checks, no error classes (Catalog does both).
// REQUIRES for every method: the caller runs it inside a transaction on the database
// (SqliteDatabase::Transaction or ReadTransaction) and passes normalized (lower-case) names.
// Thread-safety: as SqliteDatabase; holds no state besides the database pointer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "catalog/catalog_entry.h"
#include "catalog/schema_entry.h"
#include "catalog/table_entry.h"
#include "metastore/sqlite_database.h"

namespace lakeml::catalog {

class CatalogStore {
 public:
  explicit CatalogStore(metastore::SqliteDatabase* db) : db_(db) {}

  Result<std::optional<CatalogEntry>> GetCatalog(std::string_view name);
  Result<std::vector<std::string>> ListCatalogNames();
  Status InsertCatalog(const CatalogEntry& entry);
  Status DeleteCatalog(std::string_view name);

  Result<std::optional<SchemaEntry>> GetSchema(std::string_view catalog, std::string_view schema);
  Result<std::vector<std::string>> ListSchemaNames(std::string_view catalog);
  Status InsertSchema(const SchemaEntry& entry);
  Status DeleteSchema(std::string_view catalog, std::string_view schema);

  Result<std::optional<TableEntry>> GetTable(const QualifiedName& name);
  // Tables of one schema, or of the whole catalog when `schema` is nullopt; sorted by schema
  // and name.
  Result<std::vector<TableEntry>> ListTables(std::string_view catalog,
                                             std::optional<std::string_view> schema);
  Status InsertTable(const TableEntry& entry);
  Status DeleteTable(std::string_view id);
  Status RenameTable(std::string_view id, const QualifiedName& to);
  Status UpdateComment(std::string_view id, std::string_view comment);
  Status UpsertProperty(std::string_view id, std::string_view key, std::string_view value);
  Status DeleteProperty(std::string_view id, std::string_view key);

 private:
  // Fills properties and view columns of a table row read by a SELECT of kTableColumns.
  Result<TableEntry> ReadTableRow(metastore::SqliteStatement* row);
  Status RunUpdate(std::string_view sql, std::string_view first,
                   std::optional<std::string_view> second);

  metastore::SqliteDatabase* db_;
};

}  // namespace lakeml::catalog
