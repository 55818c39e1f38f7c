#include "catalog/catalog_error.h"

namespace lakeml::catalog {
namespace {

std::string QuotedSchema(std::string_view catalog, std::string_view schema) {
  return QualifiedName::Quote(catalog) + "." + QualifiedName::Quote(schema);
}

}  // namespace

Status CatalogError::Make(StatusCode code, std::string_view error_class, std::string_view message,
                          std::string_view sqlstate) {
  return Status(code, StrCat("[", error_class, "] ", message, " SQLSTATE: ", sqlstate));
}

Status CatalogError::CatalogNotFound(std::string_view catalog) {
  // Spark names its catalog-plugin setting here; kept verbatim so messages match Spark's.
  return Make(StatusCode::kNotFound, "CATALOG_NOT_FOUND",
              StrCat("The catalog ", QualifiedName::Quote(catalog),
                     " not found. Consider to set the SQL config \"spark.sql.catalog.", catalog,
                     "\" to a catalog plugin."),
              "42P08");
}

Status CatalogError::CatalogAlreadyExists(std::string_view catalog) {
  return Make(StatusCode::kAlreadyExists, "CATALOG_ALREADY_EXISTS",
              StrCat("Cannot create catalog ", QualifiedName::Quote(catalog),
                     " because it already exists.\n"
                     "Choose a different name, drop the existing catalog, or add the IF NOT "
                     "EXISTS clause to tolerate pre-existing catalog."),
              "42P04");
}

Status CatalogError::CatalogNotEmpty(std::string_view catalog) {
  return Make(StatusCode::kInvalidArgument, "CATALOG_NOT_EMPTY",
              StrCat("Cannot drop a catalog ", QualifiedName::Quote(catalog),
                     " because it contains objects.\n"
                     "Use DROP CATALOG ... CASCADE to drop the catalog and all its objects."),
              "2BP01");
}

Status CatalogError::SchemaNotFound(std::string_view catalog, std::string_view schema) {
  return Make(StatusCode::kNotFound, "SCHEMA_NOT_FOUND",
              StrCat("The schema ", QuotedSchema(catalog, schema),
                     " cannot be found. Verify the spelling and correctness of the schema and "
                     "catalog.\n"
                     "If you did not qualify the name with a catalog, verify the current_schema() "
                     "output, or qualify the name with the correct catalog.\n"
                     "To tolerate the error on drop use DROP SCHEMA IF EXISTS."),
              "42704");
}

Status CatalogError::SchemaAlreadyExists(std::string_view catalog, std::string_view schema) {
  return Make(StatusCode::kAlreadyExists, "SCHEMA_ALREADY_EXISTS",
              StrCat("Cannot create schema ", QuotedSchema(catalog, schema),
                     " because it already exists.\n"
                     "Choose a different name, drop the existing schema, or add the IF NOT EXISTS "
                     "clause to tolerate pre-existing schema."),
              "42P06");
}

Status CatalogError::SchemaNotEmpty(std::string_view catalog, std::string_view schema) {
  return Make(StatusCode::kInvalidArgument, "SCHEMA_NOT_EMPTY",
              StrCat("Cannot drop a schema ", QuotedSchema(catalog, schema),
                     " because it contains objects.\n"
                     "Use DROP SCHEMA ... CASCADE to drop the schema and all its objects."),
              "2BP01");
}

Status CatalogError::TableOrViewNotFound(const QualifiedName& name) {
  return Make(StatusCode::kNotFound, "TABLE_OR_VIEW_NOT_FOUND",
              StrCat("The table or view ", name.ToQuotedString(),
                     " cannot be found. Verify the spelling and correctness of the schema and "
                     "catalog.\n"
                     "If you did not qualify the name with a schema, verify the current_schema() "
                     "output, or qualify the name with the correct schema and catalog.\n"
                     "To tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF "
                     "EXISTS."),
              "42P01");
}

Status CatalogError::TableOrViewAlreadyExists(const QualifiedName& name) {
  return Make(StatusCode::kAlreadyExists, "TABLE_OR_VIEW_ALREADY_EXISTS",
              StrCat("Cannot create table or view ", name.ToQuotedString(),
                     " because it already exists.\n"
                     "Choose a different name, drop or replace the existing object, or add the IF "
                     "NOT EXISTS clause to tolerate pre-existing objects."),
              "42P07");
}

Status CatalogError::InvalidName(std::string_view part, std::string_view reason) {
  // Spark's first sentence; the second says lakeml's rule (Spark's own is stricter).
  return Make(
      StatusCode::kInvalidArgument, "INVALID_SCHEMA_OR_RELATION_NAME",
      StrCat(QualifiedName::Quote(part), " is not a valid name for tables/schemas. ", reason),
      "42602");
}

Status CatalogError::CannotDropDefaultCatalog(std::string_view catalog) {
  return Make(StatusCode::kInvalidArgument, "UNSUPPORTED_FEATURE.DROP_NAMESPACE",
              StrCat("The feature is not supported: Drop the namespace ",
                     QualifiedName::Quote(catalog), "."),
              "0A000");
}

Status CatalogError::CannotDropDefaultSchema(std::string_view catalog, std::string_view schema) {
  return Make(StatusCode::kInvalidArgument, "UNSUPPORTED_FEATURE.DROP_DATABASE",
              StrCat("The feature is not supported: Drop the default database ",
                     QuotedSchema(catalog, schema), "."),
              "0A000");
}

Status CatalogError::ReservedCatalogName(std::string_view catalog) {
  return Make(StatusCode::kInvalidArgument, "RESERVED_CATALOG_NAME",
              StrCat("The catalog name ", QualifiedName::Quote(catalog),
                     " is reserved for lakeml's system tables. Choose a different name."),
              "42939");
}

}  // namespace lakeml::catalog
