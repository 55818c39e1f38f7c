#include "catalog/catalog.h"

#include <gtest/gtest.h>

#include "catalog_test_base.h"

namespace lakeml::catalog {
namespace {

class CatalogTest : public CatalogTestBase {
 protected:
  std::optional<TableEntry> Lookup(const QualifiedName& name) {
    auto entry = catalog_->LookupTable(name);
    EXPECT_TRUE(entry.ok()) << entry.status().ToString();
    return entry.ok() ? *entry : std::nullopt;
  }
  std::vector<std::string> TableNames(std::string_view catalog, std::string_view schema) {
    auto tables = catalog_->ListTables(catalog, schema);
    EXPECT_TRUE(tables.ok()) << tables.status().ToString();
    std::vector<std::string> names;
    if (tables.ok()) {
      for (const TableEntry& t : *tables) names.push_back(t.name.name);
    }
    return names;
  }
};

using Names = std::vector<std::string>;

TEST_F(CatalogTest, FirstOpenCreatesMainDefaultAndTheWarehouseLayout) {
  EXPECT_EQ(*catalog_->ListCatalogs(), Names{"main"});
  EXPECT_EQ(*catalog_->ListSchemas("main"), Names{"default"});
  auto schema = catalog_->GetSchema("main", "default");
  ASSERT_TRUE(schema.ok());
  EXPECT_GT(schema->created_at_ms, 0);
  const Warehouse& w = catalog_->warehouse();
  EXPECT_EQ(w.dir(), warehouse_dir_);
  EXPECT_EQ(w.database_path(), warehouse_dir_ + "/lakeml.db");
  EXPECT_EQ(w.ManagedTableLocation("abc"), warehouse_dir_ + "/tables/abc");
  EXPECT_EQ(w.temp_dir(), warehouse_dir_ + "/_tmp");
  EXPECT_TRUE(std::filesystem::exists(w.database_path()));
}

TEST_F(CatalogTest, WarehousePathsAreAbsoluteAndNormal) {
  auto w = Warehouse::Open(warehouse_dir_ + "/./nested//dir/");
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->dir(), warehouse_dir_ + "/nested/dir");
  EXPECT_TRUE(std::filesystem::is_directory(w->dir()));
}

TEST_F(CatalogTest, CreateTableFillsInIdLocationAndTimestamps) {
  auto stored = catalog_->CreateTable(Managed("Main", "Default", "Orders"), false, false);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(stored->name, (QualifiedName{"main", "default", "orders"}));
  EXPECT_EQ(stored->id.size(), 36u);
  EXPECT_EQ(stored->location, catalog_->warehouse().ManagedTableLocation(stored->id));
  EXPECT_GT(stored->created_at_ms, 0);

  TableEntry external = Managed("main", "default", "ext");
  external.kind = TableKind::kExternal;
  external.format = "parquet";
  external.location = "/data/ext";
  auto ext = catalog_->CreateTable(external, false, false);
  ASSERT_TRUE(ext.ok());
  EXPECT_EQ(ext->location, "/data/ext");
  EXPECT_NE(ext->id, stored->id);
}

TEST_F(CatalogTest, EverythingPersistsAcrossReopen) {
  ASSERT_TRUE(catalog_->CreateCatalog("Sales", false, "sales data").ok());
  ASSERT_TRUE(catalog_->CreateSchema("sales", "EU", false, "europe").ok());
  TableEntry table = Managed("sales", "eu", "orders");
  table.comment = "all orders";
  table.owner = "alice";
  table.properties = {{"z.key", "last"}, {"delta.appendOnly", "true"}};
  auto created = catalog_->CreateTable(table, false, false);
  ASSERT_TRUE(created.ok());
  TableEntry view = View("sales", "eu", "v");
  view.view_columns = {"b", "a"};
  ASSERT_TRUE(catalog_->CreateTable(view, false, false).ok());

  catalog_.reset();
  catalog_ = OpenCatalog();
  ASSERT_NE(catalog_, nullptr);
  EXPECT_EQ(*catalog_->ListCatalogs(), (Names{"main", "sales"}));
  EXPECT_EQ(catalog_->GetCatalog("SALES")->comment, "sales data");
  EXPECT_EQ(*catalog_->ListSchemas("sales"), (Names{"default", "eu"}));
  EXPECT_EQ(catalog_->GetSchema("sales", "eu")->comment, "europe");
  auto orders = Lookup({"sales", "eu", "orders"});
  ASSERT_TRUE(orders.has_value());
  EXPECT_EQ(orders->id, created->id);
  EXPECT_EQ(orders->kind, TableKind::kManaged);
  EXPECT_EQ(orders->format, "delta");
  EXPECT_EQ(orders->location, created->location);
  EXPECT_EQ(orders->comment, "all orders");
  EXPECT_EQ(orders->owner, "alice");
  EXPECT_EQ(orders->created_at_ms, created->created_at_ms);
  const std::vector<std::pair<std::string, std::string>> props = {{"delta.appendOnly", "true"},
                                                                  {"z.key", "last"}};
  EXPECT_EQ(orders->properties, props);
  auto v = Lookup({"sales", "eu", "v"});
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->kind, TableKind::kView);
  EXPECT_EQ(v->view_text, "SELECT 1 AS one");
  EXPECT_EQ(v->view_columns, (Names{"b", "a"}));
  EXPECT_TRUE(v->location.empty());
}

TEST_F(CatalogTest, NamesAreCaseInsensitiveAndStoredLowerCase) {
  ASSERT_TRUE(catalog_->CreateSchema("MAIN", "MixedCase", false, "").ok());
  EXPECT_TRUE(*catalog_->SchemaExists("main", "MIXEDCASE"));
  EXPECT_TRUE(*catalog_->CatalogExists("Main"));
  EXPECT_FALSE(*catalog_->CatalogExists("other"));
  ASSERT_TRUE(catalog_->CreateTable(Managed("main", "mixedcase", "TaBle"), false, false).ok());
  auto found = Lookup({"MAIN", "MIXEDCASE", "TABLE"});
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->name, (QualifiedName{"main", "mixedcase", "table"}));
  EXPECT_EQ(TableNames("Main", "MixedCase"), Names{"table"});
  EXPECT_EQ(*catalog_->ListSchemas("main"), (Names{"default", "mixedcase"}));
}

TEST_F(CatalogTest, IfNotExistsAndIfExistsTolerate) {
  ASSERT_TRUE(catalog_->CreateCatalog("c", false, "first").ok());
  EXPECT_TRUE(catalog_->CreateCatalog("c", true, "second").ok());
  EXPECT_EQ(catalog_->GetCatalog("c")->comment, "first");
  EXPECT_TRUE(catalog_->CreateSchema("c", "default", true, "").ok());
  EXPECT_TRUE(catalog_->DropSchema("c", "nope", true, false).ok());
  EXPECT_TRUE(catalog_->DropCatalog("nope", true, false).ok());
  EXPECT_TRUE(catalog_->DropTable({"main", "default", "nope"}, true).ok());
  // IF EXISTS covers the schema, not a missing catalog.
  EXPECT_EQ(catalog_->DropSchema("nope", "s", true, false).code(), StatusCode::kNotFound);

  auto first = catalog_->CreateTable(Managed("main", "default", "t"), false, false);
  ASSERT_TRUE(first.ok());
  TableEntry other = Managed("main", "default", "t");
  other.format = "parquet";
  auto again = catalog_->CreateTable(other, true, false);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id, first->id);  // The existing entry, unchanged.
  EXPECT_EQ(again->format, "delta");
  auto removed = catalog_->RemoveTable({"main", "default", "nope"}, true);
  ASSERT_TRUE(removed.ok());
  EXPECT_FALSE(removed->has_value());
}

TEST_F(CatalogTest, OrReplaceKeepsIdAndManagedLocation) {
  TableEntry table = Managed("main", "default", "t");
  table.properties = {{"a", "1"}};
  auto first = catalog_->CreateTable(table, false, false);
  ASSERT_TRUE(first.ok());
  TableEntry replacement = Managed("main", "default", "t");
  replacement.comment = "replaced";
  replacement.properties = {{"b", "2"}};
  auto second = catalog_->CreateTable(replacement, false, true);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->id, first->id);
  EXPECT_EQ(second->location, first->location);
  auto stored = Lookup({"main", "default", "t"});
  EXPECT_EQ(stored->comment, "replaced");
  EXPECT_EQ(stored->properties, (std::vector<std::pair<std::string, std::string>>{{"b", "2"}}));

  ASSERT_TRUE(catalog_->CreateTable(View("main", "default", "v"), false, false).ok());
  TableEntry new_view = View("main", "default", "v");
  new_view.view_text = "SELECT 2 AS two";
  new_view.view_columns = {"two"};
  ASSERT_TRUE(catalog_->CreateTable(new_view, false, true).ok());
  EXPECT_EQ(Lookup({"main", "default", "v"})->view_columns, Names{"two"});
  // A table cannot replace a view.
  EXPECT_EQ(catalog_->CreateTable(Managed("main", "default", "v"), false, true).status().code(),
            StatusCode::kAlreadyExists);
}

TEST_F(CatalogTest, DropSchemaCascadesAndReturnsTheDroppedTables) {
  ASSERT_TRUE(catalog_->CreateSchema("main", "s", false, "").ok());
  auto t1 = catalog_->CreateTable(Managed("main", "s", "b"), false, false);
  ASSERT_TRUE(t1.ok());
  ASSERT_TRUE(catalog_->CreateTable(View("main", "s", "a"), false, false).ok());
  EXPECT_FALSE(catalog_->DropSchema("main", "s", false, false).ok());
  EXPECT_EQ(TableNames("main", "s"), (Names{"a", "b"}));  // Nothing dropped.

  auto dropped = catalog_->RemoveSchema("main", "s", false, true);
  ASSERT_TRUE(dropped.ok()) << dropped.status().ToString();
  ASSERT_EQ(dropped->size(), 2u);
  EXPECT_EQ((*dropped)[1].id, t1->id);
  EXPECT_EQ((*dropped)[1].location, t1->location);
  EXPECT_FALSE(*catalog_->SchemaExists("main", "s"));
  EXPECT_FALSE(Lookup({"main", "s", "b"}).has_value());
  // Child rows went with it (ON DELETE CASCADE): nothing is left to collide with.
  ASSERT_TRUE(catalog_->CreateSchema("main", "s", false, "").ok());
  EXPECT_TRUE(TableNames("main", "s").empty());
  // An empty schema drops without cascade.
  EXPECT_TRUE(catalog_->DropSchema("main", "s", false, false).ok());
}

TEST_F(CatalogTest, DropCatalogCascadesAndNeedsCascadeWhenNotEmpty) {
  ASSERT_TRUE(catalog_->CreateCatalog("c", false, "").ok());
  EXPECT_EQ(*catalog_->ListSchemas("c"), Names{"default"});
  EXPECT_TRUE(catalog_->DropCatalog("c", false, false).ok());  // Only an empty default schema.

  ASSERT_TRUE(catalog_->CreateCatalog("c", false, "").ok());
  ASSERT_TRUE(catalog_->CreateTable(Managed("c", "default", "t"), false, false).ok());
  EXPECT_EQ(catalog_->DropCatalog("c", false, false).code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(catalog_->CreateSchema("c", "s2", false, "").ok());
  ASSERT_TRUE(catalog_->CreateTable(Managed("c", "s2", "u"), false, false).ok());
  auto dropped = catalog_->RemoveCatalog("c", false, true);
  ASSERT_TRUE(dropped.ok());
  EXPECT_EQ(dropped->size(), 2u);
  EXPECT_EQ(*catalog_->ListCatalogs(), Names{"main"});
  EXPECT_FALSE(Lookup({"c", "default", "t"}).has_value());
  EXPECT_EQ(catalog_->ListSchemas("c").status().code(), StatusCode::kNotFound);
}

TEST_F(CatalogTest, RenameMovesTheEntryAndKeepsItsData) {
  ASSERT_TRUE(catalog_->CreateSchema("main", "s2", false, "").ok());
  TableEntry table = Managed("main", "default", "old");
  table.properties = {{"k", "v"}};
  auto created = catalog_->CreateTable(table, false, false);
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(catalog_->RenameTable({"main", "default", "OLD"}, {"main", "S2", "New"}).ok());
  EXPECT_FALSE(Lookup({"main", "default", "old"}).has_value());
  auto moved = Lookup({"main", "s2", "new"});
  ASSERT_TRUE(moved.has_value());
  EXPECT_EQ(moved->id, created->id);
  EXPECT_EQ(moved->location, created->location);
  EXPECT_EQ(moved->properties, created->properties);

  ASSERT_TRUE(catalog_->CreateTable(Managed("main", "default", "other"), false, false).ok());
  EXPECT_EQ(catalog_->RenameTable({"main", "default", "other"}, {"main", "s2", "new"}).code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(catalog_->RenameTable({"main", "default", "other"}, {"main", "nope", "x"}).code(),
            StatusCode::kNotFound);
  EXPECT_TRUE(catalog_->RenameTable({"main", "s2", "new"}, {"MAIN", "S2", "NEW"}).ok());
}

TEST_F(CatalogTest, PropertiesAndCommentUpdates) {
  TableEntry table = Managed("main", "default", "t");
  table.properties = {{"a", "1"}, {"b", "2"}};
  ASSERT_TRUE(catalog_->CreateTable(table, false, false).ok());
  ASSERT_TRUE(
      catalog_->SetTableProperties({"main", "default", "t"}, {{"b", "20"}, {"c", "3"}}).ok());
  ASSERT_TRUE(catalog_->UnsetTableProperties({"main", "default", "t"}, {"a", "missing"}).ok());
  ASSERT_TRUE(catalog_->SetComment({"main", "default", "T"}, "hello").ok());
  auto t = Lookup({"main", "default", "t"});
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->properties,
            (std::vector<std::pair<std::string, std::string>>{{"b", "20"}, {"c", "3"}}));
  EXPECT_EQ(t->comment, "hello");
}

TEST_F(CatalogTest, ListTablesIsSortedByName) {
  for (const char* name : {"zeta", "Alpha", "mid"}) {
    ASSERT_TRUE(catalog_->CreateTable(Managed("main", "default", name), false, false).ok());
  }
  EXPECT_EQ(TableNames("main", "default"), (Names{"alpha", "mid", "zeta"}));
  auto removed = catalog_->RemoveTable({"main", "default", "MID"}, false);
  ASSERT_TRUE(removed.ok());
  ASSERT_TRUE(removed->has_value());
  EXPECT_EQ((*removed)->name.name, "mid");
  EXPECT_EQ(TableNames("main", "default"), (Names{"alpha", "zeta"}));
}

}  // namespace
}  // namespace lakeml::catalog
