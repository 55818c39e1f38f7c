#include "metastore/migrations.h"

#include <gtest/gtest.h>

#include "reliability/scratch_dir.h"

namespace lakeml::metastore {
namespace {

using reliability::ScratchDir;

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = SqliteDatabase::Open(dir_.path() + "/lakeml.db");
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
  }
  int64_t Version(std::string_view component) {
    auto v = Migrations::CurrentVersion(db_.get(), component);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ValueOr(-1);
  }
  int64_t Count(std::string_view table) {
    auto stmt = db_->Prepare(StrCat("SELECT count(*) FROM ", table));
    if (!stmt.ok()) return -1;
    auto row = stmt->Step();
    return row.ok() && *row ? stmt->ColumnInt64(0) : -1;
  }

  ScratchDir dir_;
  std::unique_ptr<SqliteDatabase> db_;
};

TEST_F(MigrationsTest, FreshDatabaseIsVersionZero) { EXPECT_EQ(Version("catalog"), 0); }

TEST_F(MigrationsTest, AppliesEachStepOnceAndIsIdempotent) {
  const std::vector<std::string_view> v1 = {"CREATE TABLE a (x INTEGER)",
                                            "INSERT INTO a VALUES (1)"};
  ASSERT_TRUE(Migrations::Apply(db_.get(), "catalog", v1).ok());
  EXPECT_EQ(Version("catalog"), 2);
  ASSERT_TRUE(Migrations::Apply(db_.get(), "catalog", v1).ok());  // Nothing new: no re-run.
  EXPECT_EQ(Count("a"), 1);

  // A later build appends a step; only that one runs.
  const std::vector<std::string_view> v2 = {v1[0], v1[1], "INSERT INTO a VALUES (2)"};
  ASSERT_TRUE(Migrations::Apply(db_.get(), "catalog", v2).ok());
  EXPECT_EQ(Version("catalog"), 3);
  EXPECT_EQ(Count("a"), 2);
  EXPECT_EQ(Count("lakeml_migrations"), 3);
}

TEST_F(MigrationsTest, ComponentsAreVersionedSeparately) {
  ASSERT_TRUE(Migrations::Apply(db_.get(), "catalog", {"CREATE TABLE a (x)"}).ok());
  ASSERT_TRUE(
      Migrations::Apply(db_.get(), "tracking", {"CREATE TABLE b (x)", "CREATE TABLE c (x)"}).ok());
  EXPECT_EQ(Version("catalog"), 1);
  EXPECT_EQ(Version("tracking"), 2);
}

TEST_F(MigrationsTest, RefusesADatabaseFromANewerLakeml) {
  ASSERT_TRUE(
      Migrations::Apply(db_.get(), "catalog", {"CREATE TABLE a (x)", "CREATE TABLE b (x)"}).ok());
  Status s = Migrations::Apply(db_.get(), "catalog", {"CREATE TABLE a (x)"});
  EXPECT_EQ(s.code(), StatusCode::kNotImplemented);
  EXPECT_NE(s.message().find("newer lakeml"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("'catalog' is 2, this lakeml knows versions up to 1"),
            std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find(db_->path()), std::string::npos);
  EXPECT_EQ(Version("catalog"), 2);
}

TEST_F(MigrationsTest, AFailingStepRollsBackTheWholeRun) {
  Status s =
      Migrations::Apply(db_.get(), "catalog", {"CREATE TABLE a (x)", "CREATE TABLE broken ("});
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("Migration 2 of component 'catalog' failed"), std::string::npos)
      << s.message();
  EXPECT_EQ(Version("catalog"), 0);
  EXPECT_EQ(Count("a"), -1);  // Step 1 was rolled back with it.
  // Fixed code applies cleanly afterwards.
  EXPECT_TRUE(Migrations::Apply(db_.get(), "catalog", {"CREATE TABLE a (x)"}).ok());
}

TEST_F(MigrationsTest, PersistsAcrossReopen) {
  ASSERT_TRUE(Migrations::Apply(db_.get(), "catalog", {"CREATE TABLE a (x)"}).ok());
  db_.reset();
  auto db = SqliteDatabase::Open(dir_.path() + "/lakeml.db");
  ASSERT_TRUE(db.ok());
  db_ = std::move(db).value();
  EXPECT_EQ(Version("catalog"), 1);
  EXPECT_TRUE(Migrations::Apply(db_.get(), "catalog", {"CREATE TABLE a (x)"}).ok());
}

TEST_F(MigrationsTest, EmptyComponentIsRefused) {
  EXPECT_EQ(Migrations::Apply(db_.get(), "", {}).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace lakeml::metastore
