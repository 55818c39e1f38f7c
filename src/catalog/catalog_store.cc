#include "catalog/catalog_store.h"

#include <initializer_list>

namespace lakeml::catalog {
namespace {

using metastore::SqliteStatement;

constexpr std::string_view kSelectTable =
    "SELECT id, catalog_name, schema_name, name, kind, format, location, comment, view_text, "
    "owner, created_at_ms FROM sql_tables ";

// Binds `values` to parameters 1..n.
Status BindStoreTexts(SqliteStatement* stmt, std::initializer_list<std::string_view> values) {
  int idx = 1;
  for (std::string_view v : values) LAKEML_RETURN_IF_ERROR(stmt->Bind(idx++, v));
  return Status::OK();
}

Result<std::vector<std::string>> ReadStoreNames(SqliteStatement* stmt) {
  std::vector<std::string> names;
  while (true) {
    LAKEML_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) break;
    names.push_back(stmt->ColumnText(0));
  }
  return names;
}

}  // namespace

Result<std::optional<CatalogEntry>> CatalogStore::GetCatalog(std::string_view name) {
  LAKEML_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare("SELECT name, comment, created_at_ms FROM sql_catalogs WHERE name = ?"));
  LAKEML_RETURN_IF_ERROR(stmt.Bind(1, name));
  LAKEML_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<CatalogEntry>();
  return std::optional<CatalogEntry>(
      CatalogEntry{stmt.ColumnText(0), stmt.ColumnText(1), stmt.ColumnInt64(2)});
}

Result<std::vector<std::string>> CatalogStore::ListCatalogNames() {
  LAKEML_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("SELECT name FROM sql_catalogs ORDER BY name"));
  return ReadStoreNames(&stmt);
}

Status CatalogStore::InsertCatalog(const CatalogEntry& entry) {
  LAKEML_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare("INSERT INTO sql_catalogs (name, comment, created_at_ms) VALUES (?, ?, ?)"));
  LAKEML_RETURN_IF_ERROR(BindStoreTexts(&stmt, {entry.name, entry.comment}));
  LAKEML_RETURN_IF_ERROR(stmt.Bind(3, entry.created_at_ms));
  return stmt.Run();
}

Status CatalogStore::DeleteCatalog(std::string_view name) {
  return RunUpdate("DELETE FROM sql_catalogs WHERE name = ?", name, std::nullopt);
}

Result<std::optional<SchemaEntry>> CatalogStore::GetSchema(std::string_view catalog,
                                                           std::string_view schema) {
  LAKEML_ASSIGN_OR_RETURN(auto stmt,
                          db_->Prepare("SELECT catalog_name, name, comment, created_at_ms FROM "
                                       "sql_schemas WHERE catalog_name = ? AND name = ?"));
  LAKEML_RETURN_IF_ERROR(BindStoreTexts(&stmt, {catalog, schema}));
  LAKEML_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<SchemaEntry>();
  return std::optional<SchemaEntry>(
      SchemaEntry{stmt.ColumnText(0), stmt.ColumnText(1), stmt.ColumnText(2), stmt.ColumnInt64(3)});
}

Result<std::vector<std::string>> CatalogStore::ListSchemaNames(std::string_view catalog) {
  LAKEML_ASSIGN_OR_RETURN(
      auto stmt, db_->Prepare("SELECT name FROM sql_schemas WHERE catalog_name = ? ORDER BY name"));
  LAKEML_RETURN_IF_ERROR(stmt.Bind(1, catalog));
  return ReadStoreNames(&stmt);
}

Status CatalogStore::InsertSchema(const SchemaEntry& entry) {
  LAKEML_ASSIGN_OR_RETURN(auto stmt,
                          db_->Prepare("INSERT INTO sql_schemas (catalog_name, name, comment, "
                                       "created_at_ms) VALUES (?, ?, ?, ?)"));
  LAKEML_RETURN_IF_ERROR(BindStoreTexts(&stmt, {entry.catalog, entry.name, entry.comment}));
  LAKEML_RETURN_IF_ERROR(stmt.Bind(4, entry.created_at_ms));
  return stmt.Run();
}

Status CatalogStore::DeleteSchema(std::string_view catalog, std::string_view schema) {
  return RunUpdate("DELETE FROM sql_schemas WHERE catalog_name = ? AND name = ?", catalog, schema);
}

Result<TableEntry> CatalogStore::ReadTableRow(SqliteStatement* row) {
  TableEntry entry;
  entry.id = row->ColumnText(0);
  entry.name = QualifiedName{row->ColumnText(1), row->ColumnText(2), row->ColumnText(3)};
  const std::string kind = row->ColumnText(4);
  std::optional<TableKind> parsed = ParseTableKind(kind);
  if (!parsed) {
    return Status::Corruption("Unknown table kind '", kind, "' stored for ", entry.name.ToString(),
                              " in ", db_->path());
  }
  entry.kind = *parsed;
  entry.format = row->ColumnText(5);
  entry.location = row->ColumnText(6);
  entry.comment = row->ColumnText(7);
  entry.view_text = row->ColumnText(8);
  entry.owner = row->ColumnText(9);
  entry.created_at_ms = row->ColumnInt64(10);

  LAKEML_ASSIGN_OR_RETURN(auto props, db_->Prepare("SELECT key, value FROM sql_table_properties "
                                                   "WHERE table_id = ? ORDER BY key"));
  LAKEML_RETURN_IF_ERROR(props.Bind(1, entry.id));
  while (true) {
    LAKEML_ASSIGN_OR_RETURN(bool more, props.Step());
    if (!more) break;
    entry.properties.emplace_back(props.ColumnText(0), props.ColumnText(1));
  }
  LAKEML_ASSIGN_OR_RETURN(auto columns, db_->Prepare("SELECT name FROM sql_view_columns WHERE "
                                                     "table_id = ? ORDER BY ordinal"));
  LAKEML_RETURN_IF_ERROR(columns.Bind(1, entry.id));
  LAKEML_ASSIGN_OR_RETURN(entry.view_columns, ReadStoreNames(&columns));
  return entry;
}

Result<std::optional<TableEntry>> CatalogStore::GetTable(const QualifiedName& name) {
  LAKEML_ASSIGN_OR_RETURN(
      auto stmt, db_->Prepare(StrCat(kSelectTable,
                                     "WHERE catalog_name = ? AND schema_name = ? AND name = ?")));
  LAKEML_RETURN_IF_ERROR(BindStoreTexts(&stmt, {name.catalog, name.schema, name.name}));
  LAKEML_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<TableEntry>();
  LAKEML_ASSIGN_OR_RETURN(TableEntry entry, ReadTableRow(&stmt));
  return std::optional<TableEntry>(std::move(entry));
}

Result<std::vector<TableEntry>> CatalogStore::ListTables(std::string_view catalog,
                                                         std::optional<std::string_view> schema) {
  LAKEML_ASSIGN_OR_RETURN(auto stmt, db_->Prepare(StrCat(kSelectTable, "WHERE catalog_name = ?",
                                                         schema ? " AND schema_name = ?" : "",
                                                         " ORDER BY schema_name, name")));
  LAKEML_RETURN_IF_ERROR(stmt.Bind(1, catalog));
  if (schema) LAKEML_RETURN_IF_ERROR(stmt.Bind(2, *schema));
  std::vector<TableEntry> tables;
  while (true) {
    LAKEML_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    LAKEML_ASSIGN_OR_RETURN(TableEntry entry, ReadTableRow(&stmt));
    tables.push_back(std::move(entry));
  }
  return tables;
}

Status CatalogStore::InsertTable(const TableEntry& entry) {
  LAKEML_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Prepare("INSERT INTO sql_tables (id, catalog_name, schema_name, name, kind, format, "
                   "location, comment, view_text, owner, created_at_ms) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  LAKEML_RETURN_IF_ERROR(BindStoreTexts(
      &stmt,
      {entry.id, entry.name.catalog, entry.name.schema, entry.name.name, TableKindName(entry.kind),
       entry.format, entry.location, entry.comment, entry.view_text, entry.owner}));
  LAKEML_RETURN_IF_ERROR(stmt.Bind(11, entry.created_at_ms));
  LAKEML_RETURN_IF_ERROR(stmt.Run());
  for (const auto& [key, value] : entry.properties) {
    LAKEML_RETURN_IF_ERROR(UpsertProperty(entry.id, key, value));
  }
  LAKEML_ASSIGN_OR_RETURN(
      auto column,
      db_->Prepare("INSERT INTO sql_view_columns (table_id, ordinal, name) VALUES (?, ?, ?)"));
  for (size_t i = 0; i < entry.view_columns.size(); ++i) {
    column.Reset();
    LAKEML_RETURN_IF_ERROR(column.Bind(1, entry.id));
    LAKEML_RETURN_IF_ERROR(column.Bind(2, static_cast<int64_t>(i)));
    LAKEML_RETURN_IF_ERROR(column.Bind(3, entry.view_columns[i]));
    LAKEML_RETURN_IF_ERROR(column.Run());
  }
  return Status::OK();
}

Status CatalogStore::DeleteTable(std::string_view id) {
  return RunUpdate("DELETE FROM sql_tables WHERE id = ?", id, std::nullopt);
}

Status CatalogStore::RenameTable(std::string_view id, const QualifiedName& to) {
  LAKEML_ASSIGN_OR_RETURN(auto stmt, db_->Prepare("UPDATE sql_tables SET catalog_name = ?, "
                                                  "schema_name = ?, name = ? WHERE id = ?"));
  LAKEML_RETURN_IF_ERROR(BindStoreTexts(&stmt, {to.catalog, to.schema, to.name, id}));
  return stmt.Run();
}

Status CatalogStore::UpdateComment(std::string_view id, std::string_view comment) {
  return RunUpdate("UPDATE sql_tables SET comment = ? WHERE id = ?", comment, id);
}

Status CatalogStore::UpsertProperty(std::string_view id, std::string_view key,
                                    std::string_view value) {
  LAKEML_ASSIGN_OR_RETURN(
      auto stmt, db_->Prepare("INSERT INTO sql_table_properties (table_id, key, value) VALUES "
                              "(?, ?, ?) ON CONFLICT (table_id, key) DO UPDATE SET value = "
                              "excluded.value"));
  LAKEML_RETURN_IF_ERROR(BindStoreTexts(&stmt, {id, key, value}));
  return stmt.Run();
}

Status CatalogStore::DeleteProperty(std::string_view id, std::string_view key) {
  return RunUpdate("DELETE FROM sql_table_properties WHERE table_id = ? AND key = ?", id, key);
}

Status CatalogStore::RunUpdate(std::string_view sql, std::string_view first,
                               std::optional<std::string_view> second) {
  LAKEML_ASSIGN_OR_RETURN(auto stmt, db_->Prepare(sql));
  LAKEML_RETURN_IF_ERROR(stmt.Bind(1, first));
  if (second) LAKEML_RETURN_IF_ERROR(stmt.Bind(2, *second));
  return stmt.Run();
}

}  // namespace lakeml::catalog
