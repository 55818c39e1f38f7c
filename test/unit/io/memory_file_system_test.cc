#include "io/memory_file_system.h"

#include <gtest/gtest.h>

namespace lakeml::io {
namespace {

TEST(MemoryFileSystemTest, OpenReaderKeepsSnapshot) {
  MemoryFileSystem fs;
  ASSERT_TRUE(fs.WriteWhole("/t/a", "old").ok());
  auto r = fs.OpenForRead("/t/a");
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(fs.WriteWhole("/t/a", "newer").ok());
  EXPECT_EQ(*(*r)->Size(), 3);
  EXPECT_EQ(*fs.ReadFile("/t/a"), "newer");
}

TEST(MemoryFileSystemTest, WriterPublishesOnSyncAndClose) {
  MemoryFileSystem fs;
  auto w = fs.OpenForWrite("/t/w");
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(*fs.ReadFile("/t/w"), "");  // Created empty at open.
  ASSERT_TRUE((*w)->Append("abc").ok());
  EXPECT_EQ(*fs.ReadFile("/t/w"), "");
  ASSERT_TRUE((*w)->Sync().ok());
  EXPECT_EQ(*fs.ReadFile("/t/w"), "abc");
  ASSERT_TRUE((*w)->Append("def").ok());
  ASSERT_TRUE((*w)->Close().ok());
  EXPECT_EQ(*fs.ReadFile("/t/w"), "abcdef");
}

TEST(MemoryFileSystemTest, PathsAreNormalized) {
  MemoryFileSystem fs;
  ASSERT_TRUE(fs.PutIfAbsent("/a//b///c", "x").ok());
  EXPECT_EQ(*fs.ReadFile("/a/b/c"), "x");
  EXPECT_EQ(fs.PutIfAbsent("/a/b/c", "y").code(), StatusCode::kAlreadyExists);
  auto list = fs.List("/a/b/");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].path, "/a/b/c");
}

TEST(MemoryFileSystemTest, RelativePathsAndRoot) {
  MemoryFileSystem fs;
  ASSERT_TRUE(fs.PutIfAbsent("top.txt", "1").ok());
  ASSERT_TRUE(fs.PutIfAbsent("dir/in.txt", "2").ok());
  auto list = fs.List("");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].path, "dir");
  EXPECT_TRUE((*list)[0].is_directory);
  EXPECT_EQ((*list)[1].path, "top.txt");
}

TEST(MemoryFileSystemTest, FileAndDirectoryNamesDoNotCollide) {
  MemoryFileSystem fs;
  ASSERT_TRUE(fs.CreateDirs("/d").ok());
  EXPECT_EQ(fs.PutIfAbsent("/d", "x").code(), StatusCode::kAlreadyExists);
  EXPECT_FALSE(fs.OpenForWrite("/d").ok());
  EXPECT_FALSE(fs.Delete("/d").ok());
}

}  // namespace
}  // namespace lakeml::io
