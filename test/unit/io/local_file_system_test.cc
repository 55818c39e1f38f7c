#include "io/local_file_system.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <string>

namespace lakeml::io {
namespace {

class LocalFileSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = ::testing::TempDir() + "lakeml_local_XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    root_ = tmpl;
  }
  void TearDown() override {
    std::string cmd = "rm -rf '" + root_ + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
  }
  std::string root_;
};

TEST_F(LocalFileSystemTest, LocalFsIsASingleton) {
  EXPECT_NE(LocalFs(), nullptr);
  EXPECT_EQ(LocalFs(), LocalFs());
}

TEST_F(LocalFileSystemTest, ReadsFilesWrittenOutsideLakeml) {
  const std::string path = root_ + "/plain.txt";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::write(fd, "abcdef", 6), 6);
  ::close(fd);
  auto contents = LocalFs()->ReadFile(path);
  ASSERT_TRUE(contents.ok());
  EXPECT_EQ(*contents, "abcdef");
}

TEST_F(LocalFileSystemTest, ErrorsCarryStrerrorAndPath) {
  Status s = LocalFs()->OpenForRead(root_ + "/missing").status();
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_NE(s.message().find("No such file or directory"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find(root_ + "/missing"), std::string::npos) << s.message();
}

TEST_F(LocalFileSystemTest, UnflushedDataIsWrittenOnDestruction) {
  {
    auto w = LocalFs()->OpenForWrite(root_ + "/d");
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Append("buffered").ok());
  }
  EXPECT_EQ(*LocalFs()->ReadFile(root_ + "/d"), "buffered");
}

TEST_F(LocalFileSystemTest, PutIfAbsentIntoReadOnlyDirectoryFails) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
  ASSERT_TRUE(LocalFs()->CreateDirs(root_ + "/ro").ok());
  ASSERT_EQ(::chmod((root_ + "/ro").c_str(), 0555), 0);
  Status s = LocalFs()->PutIfAbsent(root_ + "/ro/x", "data");
  EXPECT_EQ(s.code(), StatusCode::kIOError);
  ::chmod((root_ + "/ro").c_str(), 0755);
}

TEST_F(LocalFileSystemTest, ListingAFileIsAnError) {
  ASSERT_TRUE(LocalFs()->PutIfAbsent(root_ + "/f", "x").ok());
  EXPECT_FALSE(LocalFs()->List(root_ + "/f").ok());
}

}  // namespace
}  // namespace lakeml::io
