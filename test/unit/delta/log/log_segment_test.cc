// LogSegment::Build against listings that raced concurrent commits: entries missing or named
// twice (readdir is not a snapshot), versus a log with a real gap.
#include "delta/log_segment.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "base/str_cat.h"
#include "io/memory_file_system.h"

namespace lakeml::delta {
namespace {

// Lists like MemoryFileSystem, minus the names in `hidden` and with the names in `doubled`
// twice.
class RacyListingFileSystem : public io::MemoryFileSystem {
 public:
  std::set<std::string> hidden;
  std::set<std::string> doubled;
  int lists = 0;

  Result<std::vector<io::FileInfo>> List(const std::string& dir) override {
    ++lists;
    LAKEML_ASSIGN_OR_RETURN(std::vector<io::FileInfo> all, io::MemoryFileSystem::List(dir));
    std::vector<io::FileInfo> out;
    for (const io::FileInfo& f : all) {
      const std::string name = f.path.substr(f.path.rfind('/') + 1);
      if (hidden.count(name) != 0) continue;
      out.push_back(f);
      if (doubled.count(name) != 0) out.push_back(f);
    }
    return out;
  }
};

class LogSegmentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int64_t v = 0; v <= 5; ++v) {
      ASSERT_TRUE(fs_.PutIfAbsent(StrCat("/t/_delta_log/", LogFileName::Commit(v)), "{}\n").ok());
    }
  }

  RacyListingFileSystem fs_;
};

TEST_F(LogSegmentTest, CommitsMissingFromTheListingAreLookedUp) {
  fs_.hidden = {LogFileName::Commit(2), LogFileName::Commit(3)};
  Result<LogSegment> seg = LogSegment::Build(fs_, "/t", std::nullopt);
  ASSERT_TRUE(seg.ok()) << seg.status().ToString();
  EXPECT_EQ(seg->version, 5);
  ASSERT_EQ(seg->commits.size(), 6u);
  for (int64_t v = 0; v <= 5; ++v) EXPECT_EQ(seg->commits[v].version, v);
  EXPECT_EQ(fs_.lists, 1);
}

TEST_F(LogSegmentTest, ACommitListedTwiceIsOneCommit) {
  fs_.doubled = {LogFileName::Commit(1), LogFileName::Commit(4)};
  Result<LogSegment> seg = LogSegment::Build(fs_, "/t", std::nullopt);
  ASSERT_TRUE(seg.ok()) << seg.status().ToString();
  EXPECT_EQ(seg->commits.size(), 6u);
  EXPECT_EQ(seg->all_commits.size(), 6u);
}

TEST_F(LogSegmentTest, ARealGapIsStillCorruption) {
  ASSERT_TRUE(fs_.Delete(StrCat("/t/_delta_log/", LogFileName::Commit(3))).ok());
  fs_.hidden = {LogFileName::Commit(1)};  // Racy and real at once.
  Result<LogSegment> seg = LogSegment::Build(fs_, "/t", std::nullopt);
  ASSERT_FALSE(seg.ok());
  EXPECT_NE(seg.status().message().find("version 3 is missing"), std::string::npos)
      << seg.status().ToString();
}

TEST_F(LogSegmentTest, MissingFirstCommitIsLookedUpToo) {
  fs_.hidden = {LogFileName::Commit(0)};
  Result<LogSegment> seg = LogSegment::Build(fs_, "/t", 4);
  ASSERT_TRUE(seg.ok()) << seg.status().ToString();
  EXPECT_EQ(seg->version, 4);
  EXPECT_EQ(seg->commits.size(), 5u);
}

}  // namespace
}  // namespace lakeml::delta
