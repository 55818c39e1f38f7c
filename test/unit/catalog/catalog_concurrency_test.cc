// Concurrent use of one warehouse: threads sharing a Catalog, two Catalog instances (each with its
// own SQLite connection, as two processes have), and a real second process.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <thread>
#include <vector>

#include "catalog/catalog_error.h"
#include "catalog_test_base.h"

namespace lakeml::catalog {
namespace {

class CatalogConcurrencyTest : public CatalogTestBase {};

TEST_F(CatalogConcurrencyTest, ThreadsCreatingOneTableLetExactlyOneWin) {
  constexpr int kThreads = 8;
  std::vector<Status> results(kThreads);
  std::vector<std::thread> threads;
  std::atomic<bool> go{false};
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      results[i] = catalog_->CreateTable(Managed("main", "default", "t"), false, false).status();
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  int wins = 0;
  for (const Status& s : results) {
    if (s.ok()) {
      ++wins;
    } else {
      EXPECT_EQ(s, CatalogError::TableOrViewAlreadyExists({"main", "default", "t"}));
    }
  }
  EXPECT_EQ(wins, 1);
}

TEST_F(CatalogConcurrencyTest, TwoInstancesOnOneWarehouseSeeEachOther) {
  auto other = OpenCatalog();  // A second connection, as a second process would hold.
  ASSERT_NE(other, nullptr);
  ASSERT_TRUE(catalog_->CreateSchema("main", "s", false, "").ok());
  auto created = other->CreateTable(Managed("main", "s", "t"), false, false);
  ASSERT_TRUE(created.ok());
  auto seen = catalog_->LookupTable({"main", "s", "t"});
  ASSERT_TRUE(seen.ok() && seen->has_value());
  EXPECT_EQ((*seen)->id, created->id);
  EXPECT_EQ(catalog_->CreateTable(Managed("main", "s", "t"), false, false).status().code(),
            StatusCode::kAlreadyExists);
  ASSERT_TRUE(catalog_->DropTable({"main", "s", "t"}, false).ok());
  auto gone = other->LookupTable({"main", "s", "t"});
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
}

TEST_F(CatalogConcurrencyTest, TwoInstancesRacingForOneNameLetExactlyOneWin) {
  auto other = OpenCatalog();
  ASSERT_NE(other, nullptr);
  constexpr int kRounds = 20;
  for (int round = 0; round < kRounds; ++round) {
    const std::string name = "t" + std::to_string(round);
    Status a, b;
    std::atomic<int> ready{0};
    std::thread ta([&] {
      ready++;
      while (ready < 2) std::this_thread::yield();
      a = catalog_->CreateTable(Managed("main", "default", name), false, false).status();
    });
    std::thread tb([&] {
      ready++;
      while (ready < 2) std::this_thread::yield();
      b = other->CreateTable(Managed("main", "default", name), false, false).status();
    });
    ta.join();
    tb.join();
    EXPECT_NE(a.ok(), b.ok()) << a.ToString() << " / " << b.ToString();
    const Status& loser = a.ok() ? b : a;
    EXPECT_EQ(loser.code(), StatusCode::kAlreadyExists) << loser.ToString();
  }
  EXPECT_EQ(catalog_->ListTables("main", "default")->size(), static_cast<size_t>(kRounds));
}

// Exit codes of the child process below.
constexpr int kChildWon = 10;
constexpr int kChildLost = 11;
constexpr int kChildFailed = 12;

TEST_F(CatalogConcurrencyTest, SecondProcessSharesTheWarehouse) {
  constexpr int kTablesEach = 10;
  catalog_.reset();  // No connection is inherited across fork.
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    auto child = Catalog::Open(warehouse_dir_);
    if (!child.ok()) ::_exit(kChildFailed);
    for (int i = 0; i < kTablesEach; ++i) {
      if (!(*child)
               ->CreateTable(Managed("main", "default", "child_" + std::to_string(i)), false, false)
               .ok()) {
        ::_exit(kChildFailed);
      }
    }
    Status s =
        (*child)->CreateTable(Managed("main", "default", "contested"), false, false).status();
    ::_exit(s.ok() ? kChildWon
                   : (s.code() == StatusCode::kAlreadyExists ? kChildLost : kChildFailed));
  }
  catalog_ = OpenCatalog();
  ASSERT_NE(catalog_, nullptr);
  for (int i = 0; i < kTablesEach; ++i) {
    EXPECT_TRUE(
        catalog_
            ->CreateTable(Managed("main", "default", "parent_" + std::to_string(i)), false, false)
            .ok());
  }
  Status mine =
      catalog_->CreateTable(Managed("main", "default", "contested"), false, false).status();
  int wstatus = 0;
  ASSERT_EQ(::waitpid(pid, &wstatus, 0), pid);
  ASSERT_TRUE(WIFEXITED(wstatus));
  const int child = WEXITSTATUS(wstatus);
  ASSERT_NE(child, kChildFailed);
  EXPECT_NE(mine.ok(), child == kChildWon) << mine.ToString();
  if (!mine.ok()) EXPECT_EQ(mine.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(catalog_->ListTables("main", "default")->size(), 2u * kTablesEach + 1);
}

}  // namespace
}  // namespace lakeml::catalog
