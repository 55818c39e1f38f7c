#include "metastore/sqlite_database.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>
#include <vector>

#include "reliability/scratch_dir.h"

namespace lakeml::metastore {
namespace {

using reliability::ScratchDir;

std::unique_ptr<SqliteDatabase> OpenOrDie(const std::string& path) {
  auto db = SqliteDatabase::Open(path);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return db.ok() ? std::move(db).value() : nullptr;
}

std::string QueryText(SqliteDatabase* db, std::string_view sql) {
  auto stmt = db->Prepare(sql);
  EXPECT_TRUE(stmt.ok()) << stmt.status().ToString();
  auto row = stmt->Step();
  EXPECT_TRUE(row.ok() && *row) << sql;
  return stmt->ColumnText(0);
}

TEST(SqliteDatabaseTest, OpensInWalModeWithForeignKeys) {
  ScratchDir dir;
  auto db = OpenOrDie(dir.path() + "/lakeml.db");
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(QueryText(db.get(), "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(QueryText(db.get(), "PRAGMA foreign_keys"), "1");
  EXPECT_EQ(db->path(), dir.path() + "/lakeml.db");
}

TEST(SqliteDatabaseTest, BindsAndReadsEveryType) {
  ScratchDir dir;
  auto db = OpenOrDie(dir.path() + "/lakeml.db");
  ASSERT_TRUE(db->Exec("CREATE TABLE t (i INTEGER, d REAL, s TEXT, n TEXT)").ok());
  auto insert = db->Prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
  ASSERT_TRUE(insert.ok());
  ASSERT_TRUE(insert->Bind(1, int64_t{-9007199254740993}).ok());
  ASSERT_TRUE(insert->Bind(2, 2.5).ok());
  ASSERT_TRUE(insert->Bind(3, std::string_view("a\0b", 3)).ok());
  ASSERT_TRUE(insert->Bind(4, nullptr).ok());
  ASSERT_TRUE(insert->Run().ok());
  insert->Reset();
  ASSERT_TRUE(insert->Bind(1, 7).ok());
  ASSERT_TRUE(insert->Run().ok());  // Reset cleared the other bindings to NULL.

  auto select = db->Prepare("SELECT i, d, s, n FROM t ORDER BY i");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE(*select->Step());
  EXPECT_EQ(select->ColumnInt64(0), -9007199254740993);
  EXPECT_EQ(select->ColumnDouble(1), 2.5);
  EXPECT_EQ(select->ColumnText(2), std::string("a\0b", 3));
  EXPECT_TRUE(select->ColumnIsNull(3));
  EXPECT_FALSE(select->ColumnIsNull(0));
  ASSERT_TRUE(*select->Step());
  EXPECT_EQ(select->ColumnInt64(0), 7);
  EXPECT_TRUE(select->ColumnIsNull(2));
  EXPECT_EQ(select->ColumnText(2), "");
  EXPECT_FALSE(*select->Step());
}

TEST(SqliteDatabaseTest, ErrorsCarrySqliteMessageAndStatement) {
  ScratchDir dir;
  auto db = OpenOrDie(dir.path() + "/lakeml.db");
  auto stmt = db->Prepare("SELECT * FROM no_such_table");
  ASSERT_FALSE(stmt.ok());
  EXPECT_NE(stmt.status().message().find("no such table: no_such_table"), std::string::npos)
      << stmt.status().message();
  EXPECT_NE(stmt.status().message().find("statement: SELECT * FROM no_such_table"),
            std::string::npos);
  EXPECT_NE(stmt.status().message().find(db->path()), std::string::npos);

  Status exec = db->Exec("SELEC 1");
  EXPECT_FALSE(exec.ok());
  EXPECT_NE(exec.message().find("syntax error"), std::string::npos) << exec.message();
}

TEST(SqliteDatabaseTest, UniqueViolationIsAlreadyExistsAndBadBindIsInvalidArgument) {
  ScratchDir dir;
  auto db = OpenOrDie(dir.path() + "/lakeml.db");
  ASSERT_TRUE(db->Exec("CREATE TABLE t (k TEXT PRIMARY KEY); INSERT INTO t VALUES ('a')").ok());
  Status dup = db->Exec("INSERT INTO t VALUES ('a')");
  EXPECT_EQ(dup.code(), StatusCode::kAlreadyExists) << dup.ToString();
  EXPECT_NE(dup.message().find("UNIQUE constraint failed: t.k"), std::string::npos);

  auto stmt = db->Prepare("SELECT * FROM t WHERE k = ?");
  ASSERT_TRUE(stmt.ok());
  EXPECT_EQ(stmt->Bind(2, "x").code(), StatusCode::kInvalidArgument);
}

TEST(SqliteDatabaseTest, PrepareTakesExactlyOneStatement) {
  ScratchDir dir;
  auto db = OpenOrDie(dir.path() + "/lakeml.db");
  EXPECT_EQ(db->Prepare("SELECT 1; SELECT 2").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(db->Prepare("   ").status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(db->Prepare("SELECT 1;  \n").ok());
}

TEST(SqliteDatabaseTest, TransactionCommitsOnOkAndRollsBackOnError) {
  ScratchDir dir;
  auto db = OpenOrDie(dir.path() + "/lakeml.db");
  ASSERT_TRUE(db->Exec("CREATE TABLE t (v INTEGER)").ok());
  ASSERT_TRUE(db->Transaction([&] { return db->Exec("INSERT INTO t VALUES (1)"); }).ok());
  Status failed = db->Transaction([&]() -> Status {
    LAKEML_RETURN_IF_ERROR(db->Exec("INSERT INTO t VALUES (2)"));
    return Status::Internal("body failed");
  });
  EXPECT_EQ(failed, Status::Internal("body failed"));
  // A nested Transaction joins the outer one: the outer failure undoes both inserts.
  Status nested = db->Transaction([&]() -> Status {
    LAKEML_RETURN_IF_ERROR(db->Transaction([&] { return db->Exec("INSERT INTO t VALUES (3)"); }));
    return Status::Internal("outer failed");
  });
  EXPECT_FALSE(nested.ok());
  EXPECT_EQ(QueryText(db.get(), "SELECT group_concat(v) FROM t"), "1");
  // The connection is usable after a rollback.
  EXPECT_TRUE(db->Transaction([&] { return db->Exec("INSERT INTO t VALUES (4)"); }).ok());
  EXPECT_EQ(QueryText(db.get(), "SELECT count(*) FROM t"), "2");
}

TEST(SqliteDatabaseTest, GarbageFileIsCorruptionNamingThePath) {
  ScratchDir dir;
  const std::string path = dir.path() + "/lakeml.db";
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 4096; ++i) out.put(static_cast<char>((i * 131 + 7) & 0xff));
  }
  auto db = SqliteDatabase::Open(path);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kCorruption);
  EXPECT_NE(db.status().message().find(path), std::string::npos) << db.status().message();
}

TEST(SqliteDatabaseTest, MissingDirectoryIsIOErrorNamingThePath) {
  ScratchDir dir;
  const std::string path = dir.path() + "/missing/lakeml.db";
  auto db = SqliteDatabase::Open(path);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kIOError);
  EXPECT_NE(db.status().message().find(path), std::string::npos) << db.status().message();
}

TEST(SqliteDatabaseTest, ThreadsShareOneConnectionSafely) {
  ScratchDir dir;
  auto db = OpenOrDie(dir.path() + "/lakeml.db");
  ASSERT_TRUE(db->Exec("CREATE TABLE c (n INTEGER); INSERT INTO c VALUES (0)").ok());
  constexpr int kThreads = 8;
  constexpr int kIncrements = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        // Read-modify-write: only correct if transactions do not interleave.
        Status s = db->Transaction([&]() -> Status {
          LAKEML_ASSIGN_OR_RETURN(auto read, db->Prepare("SELECT n FROM c"));
          LAKEML_ASSIGN_OR_RETURN(bool row, read.Step());
          if (!row) return Status::Internal("no row");
          const int64_t n = read.ColumnInt64(0);
          LAKEML_ASSIGN_OR_RETURN(auto write, db->Prepare("UPDATE c SET n = ?"));
          LAKEML_RETURN_IF_ERROR(write.Bind(1, n + 1));
          return write.Run();
        });
        if (!s.ok()) failures++;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(QueryText(db.get(), "SELECT n FROM c"), std::to_string(kThreads * kIncrements));
}

TEST(SqliteDatabaseTest, SecondConnectionWaitsForTheWriteLock) {
  ScratchDir dir;
  const std::string path = dir.path() + "/lakeml.db";
  auto first = OpenOrDie(path);
  auto second = OpenOrDie(path);
  ASSERT_TRUE(first->Exec("CREATE TABLE t (v INTEGER)").ok());
  std::atomic<bool> holding{false};
  std::thread holder([&] {
    Status s = first->Transaction([&]() -> Status {
      LAKEML_RETURN_IF_ERROR(first->Exec("INSERT INTO t VALUES (1)"));
      holding = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      return Status::OK();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
  });
  while (!holding) std::this_thread::yield();
  // Blocks on the busy timeout until the first commits, then succeeds.
  Status s = second->Transaction([&] { return second->Exec("INSERT INTO t VALUES (2)"); });
  holder.join();
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(QueryText(second.get(), "SELECT group_concat(v) FROM (SELECT v FROM t ORDER BY v)"),
            "1,2");
}

}  // namespace
}  // namespace lakeml::metastore
