// Catalog: the persistent three-level namespace catalog.schema.table of one warehouse, stored in
// <warehouse>/lakeml.db (tables sql_catalogs, sql_schemas, sql_tables, ...).
//
// Names are case-insensitive: every name part is folded to lower case before it is stored or
// compared, and returned entries carry the lower-case names. Name parts must be non-empty, at
// most 255 bytes, and free of '/', '.' and control characters. The catalog `main` with schema
// `default` exists from the first open and cannot be dropped; the catalog name `system` is
// reserved. New catalogs get a `default` schema, as in Unity Catalog.
//
// Errors are Status values whose messages are in Spark's format (see CatalogError): kNotFound for
// a missing catalog, schema or table, kAlreadyExists for a duplicate, kInvalidArgument for bad
// names and non-empty drops; storage problems keep the metastore's codes (kIOError, kCorruption,
// kConflict when another process held the write lock past the busy timeout).
//
// Thread-safety: thread-safe; the SQL engine shares one Catalog per warehouse. Each operation is
// one SQLite transaction (writes: BEGIN IMMEDIATE), so concurrent creates of one name from threads
// or processes let exactly one win. Several Catalog instances (processes) may open one warehouse.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "catalog/catalog_entry.h"
#include "catalog/qualified_name.h"
#include "catalog/schema_entry.h"
#include "catalog/table_entry.h"
#include "catalog/warehouse.h"
#include "metastore/sqlite_database.h"

namespace lakeml::catalog {

class Catalog {
 public:
  static constexpr std::string_view kDefaultCatalog = "main";
  static constexpr std::string_view kDefaultSchema = "default";
  static constexpr std::string_view kReservedCatalog = "system";

  // Opens (creating when missing) the warehouse directory and its lakeml.db, applies the
  // "catalog" migrations and creates main.default on first open.
  static Result<std::unique_ptr<Catalog>> Open(const std::string& warehouse_dir);
  // The same on a database shared with other components (the tracking store).
  static Result<std::unique_ptr<Catalog>> Open(std::shared_ptr<metastore::SqliteDatabase> db,
                                               Warehouse warehouse);

  const Warehouse& warehouse() const { return warehouse_; }
  const std::shared_ptr<metastore::SqliteDatabase>& database() const { return db_; }

  // Catalogs. ListCatalogs is sorted.
  Status CreateCatalog(std::string_view name, bool if_not_exists, std::string_view comment);
  Status DropCatalog(std::string_view name, bool if_exists, bool cascade);
  // As DropCatalog; returns the tables dropped with it (so the caller can delete managed data).
  Result<std::vector<TableEntry>> RemoveCatalog(std::string_view name, bool if_exists,
                                                bool cascade);
  Result<std::vector<std::string>> ListCatalogs();
  Result<bool> CatalogExists(std::string_view name);  // false for an invalid name.
  Result<CatalogEntry> GetCatalog(std::string_view name);

  // Schemas. Dropping a non-empty schema needs cascade. ListSchemas is sorted.
  Status CreateSchema(std::string_view catalog, std::string_view schema, bool if_not_exists,
                      std::string_view comment);
  Status DropSchema(std::string_view catalog, std::string_view schema, bool if_exists,
                    bool cascade);
  Result<std::vector<TableEntry>> RemoveSchema(std::string_view catalog, std::string_view schema,
                                               bool if_exists, bool cascade);
  Result<std::vector<std::string>> ListSchemas(std::string_view catalog);
  Result<bool> SchemaExists(std::string_view catalog, std::string_view schema);  // Likewise.
  Result<SchemaEntry> GetSchema(std::string_view catalog, std::string_view schema);

  // Tables and views.
  // Stores `entry` and returns it as stored: names lower-cased, id assigned when empty,
  // created_at_ms set when 0, properties sorted, and for kManaged with an empty location,
  // location = warehouse().ManagedTableLocation(id). Tables need a format; external tables an
  // absolute location; views a view_text.
  // if_not_exists: an existing object is returned unchanged. or_replace: an existing object of
  // the same family (table or view) is replaced, keeping its id (and a managed table's location)
  // unless `entry` names others; a table cannot replace a view or the other way round.
  // REQUIRES: not both if_not_exists and or_replace.
  Result<TableEntry> CreateTable(TableEntry entry, bool if_not_exists, bool or_replace);
  // nullopt when the table, its schema or its catalog does not exist, or a part is not a valid
  // name (no stored table has one).
  Result<std::optional<TableEntry>> LookupTable(const QualifiedName& name);
  Status DropTable(const QualifiedName& name, bool if_exists);
  // As DropTable; returns the dropped entry (nullopt when if_exists and it did not exist).
  Result<std::optional<TableEntry>> RemoveTable(const QualifiedName& name, bool if_exists);
  // Sorted by name.
  Result<std::vector<TableEntry>> ListTables(std::string_view catalog, std::string_view schema);
  // Moves the entry to `to` (any existing schema); a managed table keeps its location.
  Status RenameTable(const QualifiedName& from, const QualifiedName& to);
  // Adds or overwrites the given keys (ALTER TABLE SET TBLPROPERTIES).
  Status SetTableProperties(const QualifiedName& name,
                            const std::vector<std::pair<std::string, std::string>>& properties);
  // Removes the given keys; missing keys are ignored (ALTER TABLE UNSET TBLPROPERTIES IF EXISTS).
  Status UnsetTableProperties(const QualifiedName& name, const std::vector<std::string>& keys);
  Status SetComment(const QualifiedName& name, std::string_view comment);

  // The lower-case form of a name part, or INVALID_SCHEMA_OR_RELATION_NAME.
  static Result<std::string> NormalizeNamePart(std::string_view part);
  static Result<QualifiedName> NormalizeName(const QualifiedName& name);

 private:
  Catalog(std::shared_ptr<metastore::SqliteDatabase> db, Warehouse warehouse)
      : db_(std::move(db)), warehouse_(std::move(warehouse)) {}

  // Inside a transaction: CATALOG_NOT_FOUND / SCHEMA_NOT_FOUND unless both exist.
  Status RequireSchema(std::string_view catalog, std::string_view schema);
  // Inside a transaction: the table or TABLE_OR_VIEW_NOT_FOUND.
  Result<TableEntry> RequireTable(const QualifiedName& name);
  Status CheckTableEntry(const TableEntry& entry) const;

  std::shared_ptr<metastore::SqliteDatabase> db_;
  Warehouse warehouse_;
};

}  // namespace lakeml::catalog
