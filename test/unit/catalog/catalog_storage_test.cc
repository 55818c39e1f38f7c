// How Catalog::Open meets a damaged, foreign, read-only or newer lakeml.db, and sharing the
// database with another component.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "catalog/catalog_migrations.h"
#include "catalog_test_base.h"
#include "metastore/migrations.h"

namespace lakeml::catalog {
namespace {

class CatalogStorageTest : public CatalogTestBase {
 protected:
  void WriteFile(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
  }
};

TEST_F(CatalogStorageTest, GarbageDatabaseIsAnErrorNotACrash) {
  catalog_.reset();
  const std::string db_path = warehouse_dir_ + "/lakeml.db";
  std::filesystem::remove(db_path + "-wal");
  std::filesystem::remove(db_path + "-shm");
  std::string garbage(8192, '\0');
  for (size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>((i * 7919) >> 3);
  WriteFile(db_path, garbage);
  auto catalog = Catalog::Open(warehouse_dir_);
  ASSERT_FALSE(catalog.ok());
  EXPECT_EQ(catalog.status().code(), StatusCode::kCorruption);
  EXPECT_NE(catalog.status().message().find(db_path), std::string::npos)
      << catalog.status().message();
}

TEST_F(CatalogStorageTest, TruncatedDatabaseIsAnErrorNotACrash) {
  catalog_.reset();
  const std::string db_path = warehouse_dir_ + "/lakeml.db";
  std::filesystem::remove(db_path + "-wal");
  std::filesystem::remove(db_path + "-shm");
  WriteFile(db_path, "SQLite format 3");  // A header prefix and nothing else.
  auto catalog = Catalog::Open(warehouse_dir_);
  EXPECT_FALSE(catalog.ok());
}

TEST_F(CatalogStorageTest, DatabaseOfAnotherApplicationIsRefusedCleanly) {
  catalog_.reset();
  const std::string dir = scratch_.path() + "/foreign";
  std::filesystem::create_directories(dir);
  {
    auto db = metastore::SqliteDatabase::Open(dir + "/lakeml.db");
    ASSERT_TRUE(db.ok());
    // A table of the same name with another shape: migration 1 cannot run.
    ASSERT_TRUE((*db)->Exec("CREATE TABLE sql_catalogs (x INTEGER)").ok());
  }
  auto catalog = Catalog::Open(dir);
  ASSERT_FALSE(catalog.ok());
  EXPECT_NE(catalog.status().message().find("Migration 1 of component 'catalog' failed"),
            std::string::npos)
      << catalog.status().message();
}

TEST_F(CatalogStorageTest, NewerDatabaseIsRefused) {
  ASSERT_TRUE(
      catalog_->database()->Exec("INSERT INTO lakeml_migrations VALUES ('catalog', 99, 0)").ok());
  catalog_.reset();
  auto catalog = Catalog::Open(warehouse_dir_);
  ASSERT_FALSE(catalog.ok());
  EXPECT_EQ(catalog.status().code(), StatusCode::kNotImplemented);
  EXPECT_NE(catalog.status().message().find("newer lakeml"), std::string::npos);
}

TEST_F(CatalogStorageTest, WarehouseUnderARegularFileIsAnIOErrorNamingIt) {
  const std::string file = scratch_.path() + "/plain_file";
  WriteFile(file, "x");
  auto catalog = Catalog::Open(file + "/warehouse");
  ASSERT_FALSE(catalog.ok());
  EXPECT_EQ(catalog.status().code(), StatusCode::kIOError);
  EXPECT_NE(catalog.status().message().find(file + "/warehouse"), std::string::npos)
      << catalog.status().message();
}

TEST_F(CatalogStorageTest, DatabasePathThatIsADirectoryIsAnError) {
  const std::string dir = scratch_.path() + "/odd";
  std::filesystem::create_directories(dir + "/lakeml.db");
  auto catalog = Catalog::Open(dir);
  ASSERT_FALSE(catalog.ok());
  EXPECT_NE(catalog.status().message().find(dir + "/lakeml.db"), std::string::npos)
      << catalog.status().message();
}

TEST_F(CatalogStorageTest, ReadOnlyWarehouseDirectoryIsAnIOError) {
  const std::string dir = scratch_.path() + "/readonly";
  std::filesystem::create_directories(dir);
  ASSERT_EQ(::chmod(dir.c_str(), 0555), 0);
  if (::access(dir.c_str(), W_OK) == 0) {
    ::chmod(dir.c_str(), 0755);
    GTEST_SKIP() << "running with privileges that ignore directory permissions";
  }
  auto catalog = Catalog::Open(dir);
  ::chmod(dir.c_str(), 0755);
  ASSERT_FALSE(catalog.ok());
  EXPECT_EQ(catalog.status().code(), StatusCode::kIOError);
  EXPECT_NE(catalog.status().message().find(dir + "/lakeml.db"), std::string::npos)
      << catalog.status().message();
}

// /proc refuses new files even to root, so this runs where the chmod test above is skipped.
TEST_F(CatalogStorageTest, DirectoryThatRefusesNewFilesIsAnIOError) {
  const std::string dir = "/proc/self";
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "no /proc";
  auto catalog = Catalog::Open(dir);
  ASSERT_FALSE(catalog.ok());
  EXPECT_EQ(catalog.status().code(), StatusCode::kIOError);
  EXPECT_NE(catalog.status().message().find("/lakeml.db"), std::string::npos)
      << catalog.status().message();
}

TEST_F(CatalogStorageTest, SharesTheDatabaseWithAnotherComponent) {
  catalog_.reset();
  auto warehouse = Warehouse::Open(warehouse_dir_);
  ASSERT_TRUE(warehouse.ok());
  auto opened = metastore::SqliteDatabase::Open(warehouse->database_path());
  ASSERT_TRUE(opened.ok());
  std::shared_ptr<metastore::SqliteDatabase> db = std::move(opened).value();
  ASSERT_TRUE(
      metastore::Migrations::Apply(db.get(), "tracking", {"CREATE TABLE experiments (id INTEGER)"})
          .ok());
  auto catalog = Catalog::Open(db, *warehouse);
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  EXPECT_EQ((*catalog)->database().get(), db.get());
  ASSERT_TRUE((*catalog)->CreateTable(Managed("main", "default", "t"), false, false).ok());
  EXPECT_EQ(*metastore::Migrations::CurrentVersion(db.get(), "tracking"), 1);
  EXPECT_EQ(*metastore::Migrations::CurrentVersion(db.get(), CatalogMigrations::kComponent),
            static_cast<int64_t>(CatalogMigrations::Steps().size()));
  EXPECT_EQ(Catalog::Open(nullptr, *warehouse).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace lakeml::catalog
