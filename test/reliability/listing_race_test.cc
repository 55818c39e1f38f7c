// Listing _delta_log while commits land: a LogSegment built from a directory listing taken
// during concurrent PutIfAbsent commits must be the table at some version (stale is fine),
// never a spurious "versions are not contiguous" error. readdir(3) is not a snapshot: an entry
// created while it runs may be returned or not, and on ext4 (hash order) a later commit can be
// returned while an earlier one, created after the listing began, is not.
//
// DISABLED: fails today (about 2% of the listings taken while 1,500 commits land, from the
// moment the directory outgrows one block, ~740 files); see README.md, "Known failures".
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

#include "base/str_cat.h"
#include "delta/log_segment.h"
#include "io/file_system.h"
#include "reliability/reliability_env.h"
#include "reliability/scratch_dir.h"

namespace lakeml::reliability {
namespace {

TEST(ListingRaceTest, LogSegmentDuringConcurrentCommitsIsNeverAGap) {
  ScratchDir dir;
  const std::string root = dir.path() + "/table";
  const std::string log = root + "/_delta_log/";
  ASSERT_TRUE(io::LocalFs()->PutIfAbsent(log + delta::LogFileName::Commit(0), "{}\n").ok());
  const int64_t commits = ReliabilityEnv::Scaled(1500, 1000);
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int64_t v = 1; v <= commits; ++v) {
      Status s = io::LocalFs()->PutIfAbsent(log + delta::LogFileName::Commit(v), "{}\n");
      if (!s.ok()) ADD_FAILURE() << s.ToString();
    }
    done = true;
  });
  int64_t listings = 0, gaps = 0;
  std::string first_error;
  while (!done) {
    Result<delta::LogSegment> seg = delta::LogSegment::Build(*io::LocalFs(), root, std::nullopt);
    ++listings;
    if (!seg.ok()) {
      ++gaps;
      if (first_error.empty()) first_error = seg.status().ToString();
    }
  }
  writer.join();
  std::printf("%lld listings during %lld commits, %lld failed\n", static_cast<long long>(listings),
              static_cast<long long>(commits), static_cast<long long>(gaps));
  EXPECT_EQ(gaps, 0) << first_error;
}

}  // namespace
}  // namespace lakeml::reliability
