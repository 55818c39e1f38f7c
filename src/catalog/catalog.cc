#include "catalog/catalog.h"

#include <algorithm>

#include "base/clock.h"
#include "base/uuid.h"
#include "catalog/catalog_error.h"
#include "catalog/catalog_migrations.h"
#include "catalog/catalog_store.h"
#include "metastore/migrations.h"

namespace lakeml::catalog {
namespace {

// Unity Catalog's limit for a name part; also bounds what a bad input can make us store.
constexpr size_t kMaxNamePartBytes = 255;

// A catalog may be dropped without CASCADE when it holds nothing but an empty `default` schema
// (what CreateCatalog puts there).
bool OnlyDefaultSchema(const std::vector<std::string>& schemas) {
  return schemas.empty() || (schemas.size() == 1 && schemas[0] == Catalog::kDefaultSchema);
}

}  // namespace

Result<std::string> Catalog::NormalizeNamePart(std::string_view part) {
  constexpr std::string_view kRule =
      "Names must not be empty, longer than 255 bytes, or contain '/', '.' or control characters.";
  if (part.empty() || part.size() > kMaxNamePartBytes) {
    return CatalogError::InvalidName(part.substr(0, kMaxNamePartBytes), kRule);
  }
  for (char c : part) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '/' || c == '.' || u < 0x20 || u == 0x7f)
      return CatalogError::InvalidName(part, kRule);
  }
  return QualifiedName::NormalizePart(part);
}

Result<QualifiedName> Catalog::NormalizeName(const QualifiedName& name) {
  QualifiedName out;
  LAKEML_ASSIGN_OR_RETURN(out.catalog, NormalizeNamePart(name.catalog));
  LAKEML_ASSIGN_OR_RETURN(out.schema, NormalizeNamePart(name.schema));
  LAKEML_ASSIGN_OR_RETURN(out.name, NormalizeNamePart(name.name));
  return out;
}

Result<std::unique_ptr<Catalog>> Catalog::Open(const std::string& warehouse_dir) {
  LAKEML_ASSIGN_OR_RETURN(Warehouse warehouse, Warehouse::Open(warehouse_dir));
  LAKEML_ASSIGN_OR_RETURN(auto db, metastore::SqliteDatabase::Open(warehouse.database_path()));
  return Open(std::shared_ptr<metastore::SqliteDatabase>(std::move(db)), std::move(warehouse));
}

Result<std::unique_ptr<Catalog>> Catalog::Open(std::shared_ptr<metastore::SqliteDatabase> db,
                                               Warehouse warehouse) {
  if (db == nullptr) return Status::InvalidArgument("Catalog::Open needs a database");
  LAKEML_RETURN_IF_ERROR(metastore::Migrations::Apply(db.get(), CatalogMigrations::kComponent,
                                                      CatalogMigrations::Steps()));
  metastore::SqliteDatabase* raw = db.get();
  LAKEML_RETURN_IF_ERROR(raw->Transaction([&]() -> Status {
    CatalogStore store(raw);
    const int64_t now = NowMillis();
    LAKEML_ASSIGN_OR_RETURN(auto main, store.GetCatalog(kDefaultCatalog));
    if (!main) {
      LAKEML_RETURN_IF_ERROR(
          store.InsertCatalog(CatalogEntry{std::string(kDefaultCatalog), "Default catalog", now}));
    }
    LAKEML_ASSIGN_OR_RETURN(auto schema, store.GetSchema(kDefaultCatalog, kDefaultSchema));
    if (!schema) {
      LAKEML_RETURN_IF_ERROR(store.InsertSchema(SchemaEntry{
          std::string(kDefaultCatalog), std::string(kDefaultSchema), "Default schema", now}));
    }
    return Status::OK();
  }));
  return std::unique_ptr<Catalog>(new Catalog(std::move(db), std::move(warehouse)));
}

// ---- Catalogs ----

Status Catalog::CreateCatalog(std::string_view name, bool if_not_exists, std::string_view comment) {
  LAKEML_ASSIGN_OR_RETURN(std::string catalog, NormalizeNamePart(name));
  if (catalog == kReservedCatalog) return CatalogError::ReservedCatalogName(catalog);
  return db_->Transaction([&]() -> Status {
    CatalogStore store(db_.get());
    LAKEML_ASSIGN_OR_RETURN(auto existing, store.GetCatalog(catalog));
    if (existing) return if_not_exists ? Status::OK() : CatalogError::CatalogAlreadyExists(catalog);
    const int64_t now = NowMillis();
    LAKEML_RETURN_IF_ERROR(store.InsertCatalog(CatalogEntry{catalog, std::string(comment), now}));
    return store.InsertSchema(SchemaEntry{catalog, std::string(kDefaultSchema), "", now});
  });
}

Status Catalog::DropCatalog(std::string_view name, bool if_exists, bool cascade) {
  return RemoveCatalog(name, if_exists, cascade).status();
}

Result<std::vector<TableEntry>> Catalog::RemoveCatalog(std::string_view name, bool if_exists,
                                                       bool cascade) {
  LAKEML_ASSIGN_OR_RETURN(std::string catalog, NormalizeNamePart(name));
  if (catalog == kDefaultCatalog) return CatalogError::CannotDropDefaultCatalog(catalog);
  std::vector<TableEntry> dropped;
  LAKEML_RETURN_IF_ERROR(db_->Transaction([&]() -> Status {
    CatalogStore store(db_.get());
    LAKEML_ASSIGN_OR_RETURN(auto existing, store.GetCatalog(catalog));
    if (!existing) return if_exists ? Status::OK() : CatalogError::CatalogNotFound(catalog);
    LAKEML_ASSIGN_OR_RETURN(dropped, store.ListTables(catalog, std::nullopt));
    LAKEML_ASSIGN_OR_RETURN(auto schemas, store.ListSchemaNames(catalog));
    if (!cascade && (!dropped.empty() || !OnlyDefaultSchema(schemas))) {
      return CatalogError::CatalogNotEmpty(catalog);
    }
    return store.DeleteCatalog(catalog);  // Cascades to schemas, tables and their rows.
  }));
  return dropped;
}

Result<std::vector<std::string>> Catalog::ListCatalogs() {
  std::vector<std::string> names;
  LAKEML_RETURN_IF_ERROR(db_->ReadTransaction([&]() -> Status {
    LAKEML_ASSIGN_OR_RETURN(names, CatalogStore(db_.get()).ListCatalogNames());
    return Status::OK();
  }));
  return names;
}

Result<bool> Catalog::CatalogExists(std::string_view name) {
  Result<std::string> valid = NormalizeNamePart(name);
  if (!valid.ok()) return false;
  const std::string& catalog = *valid;
  bool exists = false;
  LAKEML_RETURN_IF_ERROR(db_->ReadTransaction([&]() -> Status {
    LAKEML_ASSIGN_OR_RETURN(auto entry, CatalogStore(db_.get()).GetCatalog(catalog));
    exists = entry.has_value();
    return Status::OK();
  }));
  return exists;
}

Result<CatalogEntry> Catalog::GetCatalog(std::string_view name) {
  LAKEML_ASSIGN_OR_RETURN(std::string catalog, NormalizeNamePart(name));
  CatalogEntry out;
  LAKEML_RETURN_IF_ERROR(db_->ReadTransaction([&]() -> Status {
    LAKEML_ASSIGN_OR_RETURN(auto entry, CatalogStore(db_.get()).GetCatalog(catalog));
    if (!entry) return CatalogError::CatalogNotFound(catalog);
    out = std::move(*entry);
    return Status::OK();
  }));
  return out;
}

// ---- Schemas ----

Status Catalog::RequireSchema(std::string_view catalog, std::string_view schema) {
  CatalogStore store(db_.get());
  LAKEML_ASSIGN_OR_RETURN(auto schema_entry, store.GetSchema(catalog, schema));
  if (schema_entry) return Status::OK();
  LAKEML_ASSIGN_OR_RETURN(auto catalog_entry, store.GetCatalog(catalog));
  if (!catalog_entry) return CatalogError::CatalogNotFound(catalog);
  return CatalogError::SchemaNotFound(catalog, schema);
}

Status Catalog::CreateSchema(std::string_view catalog_name, std::string_view schema_name,
                             bool if_not_exists, std::string_view comment) {
  LAKEML_ASSIGN_OR_RETURN(std::string catalog, NormalizeNamePart(catalog_name));
  LAKEML_ASSIGN_OR_RETURN(std::string schema, NormalizeNamePart(schema_name));
  return db_->Transaction([&]() -> Status {
    CatalogStore store(db_.get());
    LAKEML_ASSIGN_OR_RETURN(auto catalog_entry, store.GetCatalog(catalog));
    if (!catalog_entry) return CatalogError::CatalogNotFound(catalog);
    LAKEML_ASSIGN_OR_RETURN(auto existing, store.GetSchema(catalog, schema));
    if (existing) {
      return if_not_exists ? Status::OK() : CatalogError::SchemaAlreadyExists(catalog, schema);
    }
    return store.InsertSchema(SchemaEntry{catalog, schema, std::string(comment), NowMillis()});
  });
}

Status Catalog::DropSchema(std::string_view catalog, std::string_view schema, bool if_exists,
                           bool cascade) {
  return RemoveSchema(catalog, schema, if_exists, cascade).status();
}

Result<std::vector<TableEntry>> Catalog::RemoveSchema(std::string_view catalog_name,
                                                      std::string_view schema_name, bool if_exists,
                                                      bool cascade) {
  LAKEML_ASSIGN_OR_RETURN(std::string catalog, NormalizeNamePart(catalog_name));
  LAKEML_ASSIGN_OR_RETURN(std::string schema, NormalizeNamePart(schema_name));
  if (catalog == kDefaultCatalog && schema == kDefaultSchema) {
    return CatalogError::CannotDropDefaultSchema(catalog, schema);
  }
  std::vector<TableEntry> dropped;
  LAKEML_RETURN_IF_ERROR(db_->Transaction([&]() -> Status {
    CatalogStore store(db_.get());
    Status found = RequireSchema(catalog, schema);
    // IF EXISTS tolerates a missing schema, not a missing catalog (as Spark).
    if (!found.ok()) {
      LAKEML_ASSIGN_OR_RETURN(auto catalog_entry, store.GetCatalog(catalog));
      return if_exists && catalog_entry ? Status::OK() : found;
    }
    LAKEML_ASSIGN_OR_RETURN(dropped, store.ListTables(catalog, schema));
    if (!cascade && !dropped.empty()) return CatalogError::SchemaNotEmpty(catalog, schema);
    return store.DeleteSchema(catalog, schema);
  }));
  return dropped;
}

Result<std::vector<std::string>> Catalog::ListSchemas(std::string_view catalog_name) {
  LAKEML_ASSIGN_OR_RETURN(std::string catalog, NormalizeNamePart(catalog_name));
  std::vector<std::string> names;
  LAKEML_RETURN_IF_ERROR(db_->ReadTransaction([&]() -> Status {
    CatalogStore store(db_.get());
    LAKEML_ASSIGN_OR_RETURN(auto entry, store.GetCatalog(catalog));
    if (!entry) return CatalogError::CatalogNotFound(catalog);
    LAKEML_ASSIGN_OR_RETURN(names, store.ListSchemaNames(catalog));
    return Status::OK();
  }));
  return names;
}

Result<bool> Catalog::SchemaExists(std::string_view catalog_name, std::string_view schema_name) {
  Result<std::string> catalog = NormalizeNamePart(catalog_name);
  Result<std::string> schema = NormalizeNamePart(schema_name);
  if (!catalog.ok() || !schema.ok()) return false;
  bool exists = false;
  LAKEML_RETURN_IF_ERROR(db_->ReadTransaction([&]() -> Status {
    LAKEML_ASSIGN_OR_RETURN(auto entry, CatalogStore(db_.get()).GetSchema(*catalog, *schema));
    exists = entry.has_value();
    return Status::OK();
  }));
  return exists;
}

Result<SchemaEntry> Catalog::GetSchema(std::string_view catalog_name,
                                       std::string_view schema_name) {
  LAKEML_ASSIGN_OR_RETURN(std::string catalog, NormalizeNamePart(catalog_name));
  LAKEML_ASSIGN_OR_RETURN(std::string schema, NormalizeNamePart(schema_name));
  SchemaEntry out;
  LAKEML_RETURN_IF_ERROR(db_->ReadTransaction([&]() -> Status {
    LAKEML_RETURN_IF_ERROR(RequireSchema(catalog, schema));
    LAKEML_ASSIGN_OR_RETURN(auto entry, CatalogStore(db_.get()).GetSchema(catalog, schema));
    out = std::move(*entry);
    return Status::OK();
  }));
  return out;
}

// ---- Tables and views ----

Status Catalog::CheckTableEntry(const TableEntry& entry) const {
  const std::string name = entry.name.ToString();
  if (entry.kind == TableKind::kView) {
    if (entry.view_text.empty())
      return Status::InvalidArgument("A view needs its query text: ", name);
    if (!entry.format.empty() || !entry.location.empty()) {
      return Status::InvalidArgument("A view has no format or location: ", name);
    }
    return Status::OK();
  }
  if (entry.format.empty()) return Status::InvalidArgument("A table needs a format: ", name);
  if (entry.kind == TableKind::kExternal && entry.location.empty()) {
    return Status::InvalidArgument("An external table needs a location: ", name);
  }
  if (!entry.location.empty() && entry.location.front() != '/') {
    return Status::InvalidArgument("A table location must be an absolute path, got '",
                                   entry.location, "' for ", name);
  }
  return Status::OK();
}

Result<TableEntry> Catalog::RequireTable(const QualifiedName& name) {
  LAKEML_ASSIGN_OR_RETURN(auto entry, CatalogStore(db_.get()).GetTable(name));
  if (!entry) return CatalogError::TableOrViewNotFound(name);
  return std::move(*entry);
}

Result<TableEntry> Catalog::CreateTable(TableEntry entry, bool if_not_exists, bool or_replace) {
  if (if_not_exists && or_replace) {
    return Status::InvalidArgument("CREATE OR REPLACE cannot be combined with IF NOT EXISTS: ",
                                   entry.name.ToString());
  }
  LAKEML_ASSIGN_OR_RETURN(entry.name, NormalizeName(entry.name));
  LAKEML_RETURN_IF_ERROR(CheckTableEntry(entry));
  std::sort(entry.properties.begin(), entry.properties.end());
  if (entry.created_at_ms == 0) entry.created_at_ms = NowMillis();
  TableEntry stored;
  LAKEML_RETURN_IF_ERROR(db_->Transaction([&]() -> Status {
    CatalogStore store(db_.get());
    LAKEML_RETURN_IF_ERROR(RequireSchema(entry.name.catalog, entry.name.schema));
    LAKEML_ASSIGN_OR_RETURN(auto existing, store.GetTable(entry.name));
    if (existing) {
      if (if_not_exists) {
        stored = std::move(*existing);
        return Status::OK();
      }
      const bool same_family =
          (existing->kind == TableKind::kView) == (entry.kind == TableKind::kView);
      if (!or_replace || !same_family) return CatalogError::TableOrViewAlreadyExists(entry.name);
      if (entry.id.empty()) entry.id = existing->id;
      if (entry.kind == TableKind::kManaged && existing->kind == TableKind::kManaged &&
          entry.location.empty() && entry.id == existing->id) {
        entry.location = existing->location;
      }
      LAKEML_RETURN_IF_ERROR(store.DeleteTable(existing->id));
    }
    if (entry.id.empty()) entry.id = NewUuid();
    if (entry.kind == TableKind::kManaged && entry.location.empty()) {
      entry.location = warehouse_.ManagedTableLocation(entry.id);
    }
    Status inserted = store.InsertTable(entry);
    if (inserted.code() == StatusCode::kAlreadyExists) {
      return CatalogError::TableOrViewAlreadyExists(entry.name);
    }
    LAKEML_RETURN_IF_ERROR(inserted);
    stored = entry;
    return Status::OK();
  }));
  return stored;
}

Result<std::optional<TableEntry>> Catalog::LookupTable(const QualifiedName& name) {
  Result<QualifiedName> valid = NormalizeName(name);
  if (!valid.ok()) return std::optional<TableEntry>();  // No stored table has such a name.
  const QualifiedName& normalized = *valid;
  std::optional<TableEntry> out;
  LAKEML_RETURN_IF_ERROR(db_->ReadTransaction([&]() -> Status {
    LAKEML_ASSIGN_OR_RETURN(out, CatalogStore(db_.get()).GetTable(normalized));
    return Status::OK();
  }));
  return out;
}

Status Catalog::DropTable(const QualifiedName& name, bool if_exists) {
  return RemoveTable(name, if_exists).status();
}

Result<std::optional<TableEntry>> Catalog::RemoveTable(const QualifiedName& name, bool if_exists) {
  LAKEML_ASSIGN_OR_RETURN(QualifiedName normalized, NormalizeName(name));
  std::optional<TableEntry> dropped;
  LAKEML_RETURN_IF_ERROR(db_->Transaction([&]() -> Status {
    CatalogStore store(db_.get());
    LAKEML_ASSIGN_OR_RETURN(dropped, store.GetTable(normalized));
    if (!dropped) return if_exists ? Status::OK() : CatalogError::TableOrViewNotFound(normalized);
    return store.DeleteTable(dropped->id);
  }));
  return dropped;
}

Result<std::vector<TableEntry>> Catalog::ListTables(std::string_view catalog_name,
                                                    std::string_view schema_name) {
  LAKEML_ASSIGN_OR_RETURN(std::string catalog, NormalizeNamePart(catalog_name));
  LAKEML_ASSIGN_OR_RETURN(std::string schema, NormalizeNamePart(schema_name));
  std::vector<TableEntry> tables;
  LAKEML_RETURN_IF_ERROR(db_->ReadTransaction([&]() -> Status {
    LAKEML_RETURN_IF_ERROR(RequireSchema(catalog, schema));
    LAKEML_ASSIGN_OR_RETURN(tables, CatalogStore(db_.get()).ListTables(catalog, schema));
    return Status::OK();
  }));
  return tables;
}

Status Catalog::RenameTable(const QualifiedName& from, const QualifiedName& to) {
  LAKEML_ASSIGN_OR_RETURN(QualifiedName source, NormalizeName(from));
  LAKEML_ASSIGN_OR_RETURN(QualifiedName target, NormalizeName(to));
  return db_->Transaction([&]() -> Status {
    CatalogStore store(db_.get());
    LAKEML_ASSIGN_OR_RETURN(TableEntry entry, RequireTable(source));
    if (source == target) return Status::OK();
    LAKEML_RETURN_IF_ERROR(RequireSchema(target.catalog, target.schema));
    LAKEML_ASSIGN_OR_RETURN(auto existing, store.GetTable(target));
    if (existing) return CatalogError::TableOrViewAlreadyExists(target);
    return store.RenameTable(entry.id, target);
  });
}

Status Catalog::SetTableProperties(
    const QualifiedName& name, const std::vector<std::pair<std::string, std::string>>& properties) {
  LAKEML_ASSIGN_OR_RETURN(QualifiedName normalized, NormalizeName(name));
  return db_->Transaction([&]() -> Status {
    CatalogStore store(db_.get());
    LAKEML_ASSIGN_OR_RETURN(TableEntry entry, RequireTable(normalized));
    for (const auto& [key, value] : properties) {
      LAKEML_RETURN_IF_ERROR(store.UpsertProperty(entry.id, key, value));
    }
    return Status::OK();
  });
}

Status Catalog::UnsetTableProperties(const QualifiedName& name,
                                     const std::vector<std::string>& keys) {
  LAKEML_ASSIGN_OR_RETURN(QualifiedName normalized, NormalizeName(name));
  return db_->Transaction([&]() -> Status {
    CatalogStore store(db_.get());
    LAKEML_ASSIGN_OR_RETURN(TableEntry entry, RequireTable(normalized));
    for (const std::string& key : keys) {
      LAKEML_RETURN_IF_ERROR(store.DeleteProperty(entry.id, key));
    }
    return Status::OK();
  });
}

Status Catalog::SetComment(const QualifiedName& name, std::string_view comment) {
  LAKEML_ASSIGN_OR_RETURN(QualifiedName normalized, NormalizeName(name));
  return db_->Transaction([&]() -> Status {
    LAKEML_ASSIGN_OR_RETURN(TableEntry entry, RequireTable(normalized));
    return CatalogStore(db_.get()).UpdateComment(entry.id, comment);
  });
}

}  // namespace lakeml::catalog
