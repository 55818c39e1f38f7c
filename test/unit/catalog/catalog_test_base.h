// CatalogTestBase: a fixture with a fresh warehouse directory and a Catalog opened on it, plus
// builders for table entries. Shared by the catalog unit tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "catalog/catalog.h"
#include "reliability/scratch_dir.h"

namespace lakeml::catalog {

class CatalogTestBase : public ::testing::Test {
 protected:
  void SetUp() override {
    warehouse_dir_ = scratch_.path() + "/warehouse";
    catalog_ = OpenCatalog();
    ASSERT_NE(catalog_, nullptr);
  }

  std::unique_ptr<Catalog> OpenCatalog() {
    auto catalog = Catalog::Open(warehouse_dir_);
    EXPECT_TRUE(catalog.ok()) << catalog.status().ToString();
    return catalog.ok() ? std::move(catalog).value() : nullptr;
  }

  static TableEntry Managed(std::string catalog, std::string schema, std::string name) {
    TableEntry entry;
    entry.name = QualifiedName{std::move(catalog), std::move(schema), std::move(name)};
    entry.kind = TableKind::kManaged;
    entry.format = "delta";
    return entry;
  }

  static TableEntry View(std::string catalog, std::string schema, std::string name) {
    TableEntry entry;
    entry.name = QualifiedName{std::move(catalog), std::move(schema), std::move(name)};
    entry.kind = TableKind::kView;
    entry.view_text = "SELECT 1 AS one";
    entry.view_columns = {"one"};
    return entry;
  }

  reliability::ScratchDir scratch_;
  std::string warehouse_dir_;
  std::unique_ptr<Catalog> catalog_;
};

}  // namespace lakeml::catalog
