#include "io/fault_injecting_file_system.h"

#include <gtest/gtest.h>

#include "io/memory_file_system.h"

namespace lakeml::io {
namespace {

bool IsInjected(const Status& s) {
  return s.code() == StatusCode::kIOError && s.message().rfind("Injected fault", 0) == 0;
}

TEST(FaultInjectingFileSystemTest, PassesThroughWithoutFaults) {
  MemoryFileSystem base;
  FaultInjectingFileSystem fs(&base);
  ASSERT_TRUE(fs.PutIfAbsent("/t/a", "data").ok());
  EXPECT_EQ(*fs.ReadFile("/t/a"), "data");
  EXPECT_EQ(fs.calls(FsOp::kPutIfAbsent), 1);
  EXPECT_EQ(fs.calls(FsOp::kOpenForRead), 1);
  EXPECT_EQ(fs.calls(FsOp::kRead), 2);  // Size + ReadAt.
  EXPECT_EQ(fs.injected_faults(), 0);
}

TEST(FaultInjectingFileSystemTest, FailsNthCallOnly) {
  MemoryFileSystem base;
  FaultInjectingFileSystem fs(&base);
  fs.FailNth(FsOp::kPutIfAbsent, 2);
  EXPECT_TRUE(fs.PutIfAbsent("/a", "1").ok());
  Status s = fs.PutIfAbsent("/b", "2");
  EXPECT_TRUE(IsInjected(s)) << s.ToString();
  EXPECT_NE(s.message().find("PutIfAbsent"), std::string::npos);
  EXPECT_FALSE(*base.Exists("/b"));  // Before effect: nothing written.
  EXPECT_TRUE(fs.PutIfAbsent("/c", "3").ok());
  EXPECT_EQ(fs.injected_faults(), 1);
}

TEST(FaultInjectingFileSystemTest, AfterEffectPerformsThenFails) {
  MemoryFileSystem base;
  FaultInjectingFileSystem fs(&base);
  fs.FailNth(FsOp::kPutIfAbsent, 1, FaultTiming::kAfterEffect);
  EXPECT_TRUE(IsInjected(fs.PutIfAbsent("/commit", "x")));
  EXPECT_EQ(*base.ReadFile("/commit"), "x");
}

TEST(FaultInjectingFileSystemTest, FailOnPathSubstring) {
  MemoryFileSystem base;
  FaultInjectingFileSystem fs(&base);
  fs.FailNthOnPath(FsOp::kPutIfAbsent, 1, "_delta_log");
  EXPECT_TRUE(fs.PutIfAbsent("/t/part-0.parquet", "p").ok());
  EXPECT_TRUE(IsInjected(fs.PutIfAbsent("/t/_delta_log/0.json", "c")));
}

TEST(FaultInjectingFileSystemTest, ShortAppendWritesPrefixThenFails) {
  MemoryFileSystem base;
  FaultInjectingFileSystem fs(&base);
  fs.ShortAppendNth(2, 3);
  auto w = fs.OpenForWrite("/f");
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Append("first-").ok());
  EXPECT_TRUE(IsInjected((*w)->Append("second")));
  ASSERT_TRUE((*w)->Close().ok());
  EXPECT_EQ(*base.ReadFile("/f"), "first-sec");
}

TEST(FaultInjectingFileSystemTest, FailsSyncAndClose) {
  MemoryFileSystem base;
  FaultInjectingFileSystem fs(&base);
  fs.FailNth(FsOp::kSync, 1);
  fs.FailNth(FsOp::kClose, 1);
  auto w = fs.OpenForWrite("/f");
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Append("abc").ok());
  EXPECT_TRUE(IsInjected((*w)->Sync()));
  EXPECT_TRUE(IsInjected((*w)->Close()));
  EXPECT_EQ(*base.ReadFile("/f"), "");  // Neither published.
}

TEST(FaultInjectingFileSystemTest, CrashFailsEverythingAfterwardsIncludingOpenFiles) {
  MemoryFileSystem base;
  FaultInjectingFileSystem fs(&base);
  ASSERT_TRUE(fs.PutIfAbsent("/a", "1").ok());
  auto r = fs.OpenForRead("/a");
  ASSERT_TRUE(r.ok());
  fs.CrashAfter(2);
  EXPECT_TRUE(fs.CreateDirs("/d").ok());
  EXPECT_TRUE(fs.GetFileInfo("/a").ok());
  EXPECT_FALSE(fs.crashed());
  EXPECT_TRUE(IsInjected(fs.PutIfAbsent("/b", "2")));
  EXPECT_TRUE(fs.crashed());
  uint8_t buf[1];
  EXPECT_TRUE(IsInjected((*r)->ReadAt(0, 1, buf)));
  EXPECT_TRUE(IsInjected(fs.List("/").status()));
  EXPECT_TRUE(IsInjected(fs.Delete("/a")));
  EXPECT_TRUE(*base.Exists("/a"));
  fs.Reset();
  EXPECT_TRUE(fs.Delete("/a").ok());
}

TEST(FaultInjectingFileSystemTest, RandomFaultsAreDeterministicForASeed) {
  auto run = [](uint64_t seed) {
    MemoryFileSystem base;
    FaultInjectingFileSystem fs(&base);
    fs.SetRandomFaults(seed, 0.3);
    std::string pattern;
    for (int i = 0; i < 200; ++i) {
      pattern += fs.PutIfAbsent("/f" + std::to_string(i), "x").ok() ? '.' : 'X';
    }
    return pattern;
  };
  std::string a = run(7);
  EXPECT_EQ(a, run(7));
  EXPECT_NE(a, run(8));
  size_t fails = std::count(a.begin(), a.end(), 'X');
  EXPECT_GT(fails, 30u);
  EXPECT_LT(fails, 100u);
}

}  // namespace
}  // namespace lakeml::io
