// Every error class the catalog raises, with its exact text (Spark's wording) and status code,
// produced through the Catalog operations that raise it.
#include "catalog/catalog_error.h"

#include <gtest/gtest.h>

#include "catalog_test_base.h"

namespace lakeml::catalog {
namespace {

class CatalogErrorTest : public CatalogTestBase {};

void ExpectError(const Status& s, StatusCode code, const std::string& message) {
  EXPECT_EQ(s.code(), code) << s.ToString();
  EXPECT_EQ(s.message(), message);
}

TEST_F(CatalogErrorTest, CatalogNotFound) {
  ExpectError(catalog_->CreateSchema("nope", "s", false, ""), StatusCode::kNotFound,
              "[CATALOG_NOT_FOUND] The catalog `nope` not found. Consider to set the SQL config "
              "\"spark.sql.catalog.nope\" to a catalog plugin. SQLSTATE: 42P08");
  EXPECT_EQ(catalog_->ListSchemas("nope").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(catalog_->DropCatalog("nope", false, false).code(), StatusCode::kNotFound);
  EXPECT_EQ(catalog_->GetCatalog("nope").status().code(), StatusCode::kNotFound);
  // A missing catalog wins over a missing schema, as the outer name is checked first.
  EXPECT_EQ(catalog_->ListTables("nope", "s").status(), CatalogError::CatalogNotFound("nope"));
  EXPECT_EQ(catalog_->CreateTable(Managed("nope", "s", "t"), false, false).status(),
            CatalogError::CatalogNotFound("nope"));
}

TEST_F(CatalogErrorTest, CatalogAlreadyExists) {
  ASSERT_TRUE(catalog_->CreateCatalog("c1", false, "").ok());
  ExpectError(catalog_->CreateCatalog("C1", false, ""), StatusCode::kAlreadyExists,
              "[CATALOG_ALREADY_EXISTS] Cannot create catalog `c1` because it already exists.\n"
              "Choose a different name, drop the existing catalog, or add the IF NOT EXISTS "
              "clause to tolerate pre-existing catalog. SQLSTATE: 42P04");
  EXPECT_EQ(catalog_->CreateCatalog("main", false, "").code(), StatusCode::kAlreadyExists);
}

TEST_F(CatalogErrorTest, CatalogNotEmpty) {
  ASSERT_TRUE(catalog_->CreateCatalog("c1", false, "").ok());
  ASSERT_TRUE(catalog_->CreateSchema("c1", "s", false, "").ok());
  ExpectError(catalog_->DropCatalog("c1", false, false), StatusCode::kInvalidArgument,
              "[CATALOG_NOT_EMPTY] Cannot drop a catalog `c1` because it contains objects.\n"
              "Use DROP CATALOG ... CASCADE to drop the catalog and all its objects. "
              "SQLSTATE: 2BP01");
}

TEST_F(CatalogErrorTest, SchemaNotFound) {
  ExpectError(catalog_->ListTables("main", "x").status(), StatusCode::kNotFound,
              "[SCHEMA_NOT_FOUND] The schema `main`.`x` cannot be found. Verify the spelling "
              "and correctness of the schema and catalog.\n"
              "If you did not qualify the name with a catalog, verify the current_schema() "
              "output, or qualify the name with the correct catalog.\n"
              "To tolerate the error on drop use DROP SCHEMA IF EXISTS. SQLSTATE: 42704");
  EXPECT_EQ(catalog_->DropSchema("main", "x", false, false).code(), StatusCode::kNotFound);
  EXPECT_EQ(catalog_->GetSchema("main", "x").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(catalog_->CreateTable(Managed("main", "x", "t"), false, false).status(),
            CatalogError::SchemaNotFound("main", "x"));
}

TEST_F(CatalogErrorTest, SchemaAlreadyExists) {
  ASSERT_TRUE(catalog_->CreateSchema("main", "s", false, "").ok());
  ExpectError(catalog_->CreateSchema("main", "S", false, ""), StatusCode::kAlreadyExists,
              "[SCHEMA_ALREADY_EXISTS] Cannot create schema `main`.`s` because it already "
              "exists.\n"
              "Choose a different name, drop the existing schema, or add the IF NOT EXISTS "
              "clause to tolerate pre-existing schema. SQLSTATE: 42P06");
}

TEST_F(CatalogErrorTest, SchemaNotEmpty) {
  ASSERT_TRUE(catalog_->CreateSchema("main", "s", false, "").ok());
  ASSERT_TRUE(catalog_->CreateTable(Managed("main", "s", "t"), false, false).ok());
  ExpectError(catalog_->DropSchema("main", "s", false, false), StatusCode::kInvalidArgument,
              "[SCHEMA_NOT_EMPTY] Cannot drop a schema `main`.`s` because it contains objects.\n"
              "Use DROP SCHEMA ... CASCADE to drop the schema and all its objects. "
              "SQLSTATE: 2BP01");
}

TEST_F(CatalogErrorTest, TableOrViewNotFound) {
  ExpectError(catalog_->DropTable(QualifiedName{"main", "default", "x"}, false),
              StatusCode::kNotFound,
              "[TABLE_OR_VIEW_NOT_FOUND] The table or view `main`.`default`.`x` cannot be "
              "found. Verify the spelling and correctness of the schema and catalog.\n"
              "If you did not qualify the name with a schema, verify the current_schema() "
              "output, or qualify the name with the correct schema and catalog.\n"
              "To tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS. "
              "SQLSTATE: 42P01");
  const QualifiedName missing{"main", "default", "X"};
  const Status expected = CatalogError::TableOrViewNotFound({"main", "default", "x"});
  EXPECT_EQ(catalog_->RenameTable(missing, {"main", "default", "y"}), expected);
  EXPECT_EQ(catalog_->SetComment(missing, "c"), expected);
  EXPECT_EQ(catalog_->SetTableProperties(missing, {{"k", "v"}}), expected);
  EXPECT_EQ(catalog_->UnsetTableProperties(missing, {"k"}), expected);
  // Lookups do not raise it: a missing table is a normal answer there.
  auto lookup = catalog_->LookupTable(missing);
  ASSERT_TRUE(lookup.ok());
  EXPECT_FALSE(lookup->has_value());
}

TEST_F(CatalogErrorTest, TableOrViewAlreadyExists) {
  ASSERT_TRUE(catalog_->CreateTable(Managed("main", "default", "t"), false, false).ok());
  ExpectError(catalog_->CreateTable(Managed("MAIN", "Default", "T"), false, false).status(),
              StatusCode::kAlreadyExists,
              "[TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create table or view `main`.`default`.`t` "
              "because it already exists.\n"
              "Choose a different name, drop or replace the existing object, or add the IF NOT "
              "EXISTS clause to tolerate pre-existing objects. SQLSTATE: 42P07");
  // A view of the same name, even with OR REPLACE, cannot replace a table.
  EXPECT_EQ(catalog_->CreateTable(View("main", "default", "t"), false, true).status().code(),
            StatusCode::kAlreadyExists);
}

TEST_F(CatalogErrorTest, InvalidNames) {
  const std::string rule =
      " is not a valid name for tables/schemas. Names must not be empty, longer than 255 "
      "bytes, or contain '/', '.' or control characters. SQLSTATE: 42602";
  ExpectError(catalog_->CreateSchema("main", "a.b", false, ""), StatusCode::kInvalidArgument,
              "[INVALID_SCHEMA_OR_RELATION_NAME] `a.b`" + rule);
  ExpectError(catalog_->CreateCatalog("", false, ""), StatusCode::kInvalidArgument,
              "[INVALID_SCHEMA_OR_RELATION_NAME] ``" + rule);
  EXPECT_EQ(catalog_->CreateCatalog("a/b", false, "").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(catalog_->CreateCatalog("tab\there", false, "").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(catalog_->CreateCatalog(std::string("nul\0x", 5), false, "").code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(catalog_->CreateCatalog(std::string(256, 'a'), false, "").code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(catalog_->CreateCatalog(std::string(255, 'a'), false, "").ok());
  EXPECT_EQ(
      catalog_->CreateTable(Managed("main", "default", "../escape"), false, false).status().code(),
      StatusCode::kInvalidArgument);
  // Lookups answer "not there" for names that cannot exist.
  auto lookup = catalog_->LookupTable({"main", "", "t"});
  ASSERT_TRUE(lookup.ok());
  EXPECT_FALSE(lookup->has_value());
  EXPECT_FALSE(*catalog_->CatalogExists("a/b"));
  EXPECT_FALSE(*catalog_->SchemaExists("main", "a.b"));
  // Allowed: hyphens, spaces, backticks, non-ASCII.
  EXPECT_TRUE(catalog_->CreateCatalog("my-cat", false, "").ok());
  EXPECT_TRUE(catalog_->CreateSchema("my-cat", "a b`c", false, "").ok());
  EXPECT_TRUE(catalog_->CreateSchema("main", "données", false, "").ok());
}

TEST_F(CatalogErrorTest, DefaultsCannotBeDroppedAndSystemIsReserved) {
  ExpectError(catalog_->DropCatalog("MAIN", true, true), StatusCode::kInvalidArgument,
              "[UNSUPPORTED_FEATURE.DROP_NAMESPACE] The feature is not supported: Drop the "
              "namespace `main`. SQLSTATE: 0A000");
  ExpectError(catalog_->DropSchema("main", "DEFAULT", true, true), StatusCode::kInvalidArgument,
              "[UNSUPPORTED_FEATURE.DROP_DATABASE] The feature is not supported: Drop the "
              "default database `main`.`default`. SQLSTATE: 0A000");
  ExpectError(catalog_->CreateCatalog("System", true, ""), StatusCode::kInvalidArgument,
              "[RESERVED_CATALOG_NAME] The catalog name `system` is reserved for lakeml's system "
              "tables. Choose a different name. SQLSTATE: 42939");
  // Other catalogs' default schemas may go.
  ASSERT_TRUE(catalog_->CreateCatalog("c1", false, "").ok());
  EXPECT_TRUE(catalog_->DropSchema("c1", "default", false, false).ok());
}

TEST_F(CatalogErrorTest, BadTableEntriesAreRefused) {
  TableEntry no_format = Managed("main", "default", "t");
  no_format.format.clear();
  EXPECT_EQ(catalog_->CreateTable(no_format, false, false).status().code(),
            StatusCode::kInvalidArgument);
  TableEntry external = Managed("main", "default", "t");
  external.kind = TableKind::kExternal;
  EXPECT_EQ(catalog_->CreateTable(external, false, false).status().code(),
            StatusCode::kInvalidArgument);
  external.location = "relative/path";
  EXPECT_EQ(catalog_->CreateTable(external, false, false).status().code(),
            StatusCode::kInvalidArgument);
  TableEntry view = View("main", "default", "v");
  view.view_text.clear();
  EXPECT_EQ(catalog_->CreateTable(view, false, false).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(catalog_->CreateTable(Managed("main", "default", "t"), true, true).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace lakeml::catalog
