// Semantics every FileSystem must share, run against LocalFileSystem and MemoryFileSystem.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "io/file_system.h"
#include "io/local_file_system.h"
#include "io/memory_file_system.h"

namespace lakeml::io {
namespace {

struct FsFactory {
  std::string name;
  std::function<std::unique_ptr<FileSystem>()> make;
  bool local;
  friend void PrintTo(const FsFactory& f, std::ostream* os) { *os << f.name; }
};

class FileSystemConformanceTest : public ::testing::TestWithParam<FsFactory> {
 protected:
  void SetUp() override {
    fs_ = GetParam().make();
    if (GetParam().local) {
      std::string tmpl = ::testing::TempDir() + "lakeml_fs_XXXXXX";
      ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
      root_ = tmpl;
    } else {
      root_ = "/mem/root";
      ASSERT_TRUE(fs_->CreateDirs(root_).ok());
    }
  }
  void TearDown() override {
    if (GetParam().local && !root_.empty()) {
      std::string cmd = "rm -rf '" + root_ + "'";
      ASSERT_EQ(std::system(cmd.c_str()), 0);
    }
  }
  std::string P(std::string_view rel) const { return JoinPath(root_, rel); }

  std::unique_ptr<FileSystem> fs_;
  std::string root_;
};

TEST_P(FileSystemConformanceTest, WriteThenReadBack) {
  auto w = fs_->OpenForWrite(P("a/b/file.bin"));
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  ASSERT_TRUE((*w)->Append("hello ").ok());
  ASSERT_TRUE((*w)->Append("world").ok());
  EXPECT_EQ((*w)->Tell(), 11);
  ASSERT_TRUE((*w)->Sync().ok());
  ASSERT_TRUE((*w)->Close().ok());
  EXPECT_TRUE((*w)->Close().ok());  // Idempotent.
  EXPECT_FALSE((*w)->Append("x").ok());

  auto contents = fs_->ReadFile(P("a/b/file.bin"));
  ASSERT_TRUE(contents.ok());
  EXPECT_EQ(*contents, "hello world");

  auto r = fs_->OpenForRead(P("a/b/file.bin"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*(*r)->Size(), 11);
  uint8_t buf[5];
  ASSERT_TRUE((*r)->ReadAt(6, 5, buf).ok());
  EXPECT_EQ(std::string(reinterpret_cast<char*>(buf), 5), "world");
  ASSERT_TRUE((*r)->ReadAt(11, 0, buf).ok());
}

TEST_P(FileSystemConformanceTest, LargeAppendsBypassAndFillBuffer) {
  std::string big(3 << 20, 'x');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 26);
  auto w = fs_->OpenForWrite(P("big"));
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Append(std::string_view(big).substr(0, 100)).ok());
  ASSERT_TRUE((*w)->Append(std::string_view(big).substr(100, 2 << 20)).ok());
  ASSERT_TRUE((*w)->Append(std::string_view(big).substr(100 + (2 << 20))).ok());
  ASSERT_TRUE((*w)->Close().ok());
  auto contents = fs_->ReadFile(P("big"));
  ASSERT_TRUE(contents.ok());
  EXPECT_TRUE(*contents == big);
}

TEST_P(FileSystemConformanceTest, ReadPastEndIsCorruptionNamingPathAndOffset) {
  ASSERT_TRUE(fs_->PutIfAbsent(P("small"), "12345").ok());
  auto r = fs_->OpenForRead(P("small"));
  ASSERT_TRUE(r.ok());
  uint8_t buf[16];
  Status s = (*r)->ReadAt(3, 4, buf);
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_NE(s.message().find(P("small")), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("offset 3"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("file size 5"), std::string::npos) << s.message();
  EXPECT_FALSE((*r)->ReadAt(6, 0, buf).ok());
  EXPECT_FALSE((*r)->ReadAt(-1, 1, buf).ok());
}

TEST_P(FileSystemConformanceTest, MissingFileIsNotFound) {
  EXPECT_EQ(fs_->OpenForRead(P("nope")).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(fs_->GetFileInfo(P("nope")).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(fs_->Delete(P("nope")).code(), StatusCode::kNotFound);
  EXPECT_EQ(fs_->List(P("nodir")).status().code(), StatusCode::kNotFound);
  auto exists = fs_->Exists(P("nope"));
  ASSERT_TRUE(exists.ok());
  EXPECT_FALSE(*exists);
  Status s = fs_->OpenForRead(P("nope")).status();
  EXPECT_NE(s.message().find(P("nope")), std::string::npos) << s.message();
}

TEST_P(FileSystemConformanceTest, PutIfAbsentNeverOverwrites) {
  ASSERT_TRUE(fs_->PutIfAbsent(P("log/00000.json"), "first").ok());
  Status s = fs_->PutIfAbsent(P("log/00000.json"), "second");
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(s.message(), "File already exists: " + P("log/00000.json"));
  EXPECT_EQ(*fs_->ReadFile(P("log/00000.json")), "first");
  // No temporary files are left behind.
  auto list = fs_->List(P("log"));
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].path, P("log/00000.json"));
  EXPECT_EQ((*list)[0].size, 5);
}

TEST_P(FileSystemConformanceTest, PutIfAbsentEmptyData) {
  ASSERT_TRUE(fs_->PutIfAbsent(P("empty"), "").ok());
  EXPECT_EQ(*fs_->ReadFile(P("empty")), "");
}

TEST_P(FileSystemConformanceTest, ConcurrentPutIfAbsentExactlyOneWins) {
  for (int round = 0; round < 20; ++round) {
    const std::string path = P("race/" + std::to_string(round) + ".json");
    std::atomic<int> wins{0}, exists{0}, other{0};
    std::atomic<int> winner{-1};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        std::string data(1000 + t, static_cast<char>('A' + t));
        Status s = fs_->PutIfAbsent(path, data);
        if (s.ok()) {
          ++wins;
          winner = t;
        } else if (s.code() == StatusCode::kAlreadyExists) {
          ++exists;
        } else {
          ++other;
        }
      });
    }
    for (auto& th : threads) th.join();
    ASSERT_EQ(wins.load(), 1) << "round " << round;
    ASSERT_EQ(exists.load(), 7);
    ASSERT_EQ(other.load(), 0);
    const int w = winner.load();
    EXPECT_EQ(*fs_->ReadFile(path), std::string(1000 + w, static_cast<char>('A' + w)));
  }
  auto list = fs_->List(P("race"));
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 20u);  // No temp files left.
}

TEST_P(FileSystemConformanceTest, ListIsSortedAndNonRecursive) {
  for (const char* name : {"c.txt", "a.txt", "b/inner.txt", "b2.txt"}) {
    ASSERT_TRUE(fs_->PutIfAbsent(P(std::string("dir/") + name), name).ok());
  }
  auto list = fs_->List(P("dir"));
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), 4u);
  EXPECT_EQ((*list)[0].path, P("dir/a.txt"));
  EXPECT_EQ((*list)[1].path, P("dir/b"));
  EXPECT_TRUE((*list)[1].is_directory);
  EXPECT_EQ((*list)[2].path, P("dir/b2.txt"));
  EXPECT_EQ((*list)[3].path, P("dir/c.txt"));
  EXPECT_EQ((*list)[3].size, 5);
  EXPECT_FALSE((*list)[3].is_directory);
  EXPECT_GT((*list)[3].modification_time_ms, 1600000000000);
  // Trailing slash lists the same directory.
  auto list2 = fs_->List(P("dir") + "/");
  ASSERT_TRUE(list2.ok());
  EXPECT_EQ(list2->size(), 4u);
}

TEST_P(FileSystemConformanceTest, DeleteAndInfo) {
  ASSERT_TRUE(fs_->PutIfAbsent(P("d/x"), "abc").ok());
  auto info = fs_->GetFileInfo(P("d/x"));
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->size, 3);
  EXPECT_FALSE(info->is_directory);
  auto dinfo = fs_->GetFileInfo(P("d"));
  ASSERT_TRUE(dinfo.ok());
  EXPECT_TRUE(dinfo->is_directory);
  EXPECT_TRUE(*fs_->Exists(P("d/x")));
  ASSERT_TRUE(fs_->Delete(P("d/x")).ok());
  EXPECT_FALSE(*fs_->Exists(P("d/x")));
  auto list = fs_->List(P("d"));
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
  // After delete, PutIfAbsent may create it again.
  EXPECT_TRUE(fs_->PutIfAbsent(P("d/x"), "new").ok());
}

TEST_P(FileSystemConformanceTest, OpenForWriteTruncates) {
  ASSERT_TRUE(fs_->PutIfAbsent(P("t"), "long old contents").ok());
  auto w = fs_->OpenForWrite(P("t"));
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Append("new").ok());
  ASSERT_TRUE((*w)->Close().ok());
  EXPECT_EQ(*fs_->ReadFile(P("t")), "new");
}

TEST_P(FileSystemConformanceTest, CreateDirsIsIdempotentAndRejectsFiles) {
  ASSERT_TRUE(fs_->CreateDirs(P("x/y/z")).ok());
  ASSERT_TRUE(fs_->CreateDirs(P("x/y/z")).ok());
  EXPECT_TRUE(fs_->GetFileInfo(P("x/y"))->is_directory);
  ASSERT_TRUE(fs_->PutIfAbsent(P("file"), "f").ok());
  EXPECT_FALSE(fs_->CreateDirs(P("file/sub")).ok());
  EXPECT_FALSE(fs_->OpenForRead(P("x")).ok());
}

INSTANTIATE_TEST_SUITE_P(
    All, FileSystemConformanceTest,
    ::testing::Values(FsFactory{"Local", [] { return std::make_unique<LocalFileSystem>(); }, true},
                      FsFactory{"Memory", [] { return std::make_unique<MemoryFileSystem>(); },
                                false}),
    [](const ::testing::TestParamInfo<FsFactory>& info) { return info.param.name; });

}  // namespace
}  // namespace lakeml::io
