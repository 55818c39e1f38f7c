// JoinHashTable (join-probe): the candidate and fused-match probes against a brute-force
// scan, for serial and partitioned builds, duplicate and NULL keys, resumption in small
// batches, first-match and skip.
#include "sql/execution/operators/join_hash_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace lakeml::sql {
namespace {

uint64_t TestKeyHash(int64_t key) {
  // Few distinct high bits, so that tags collide and the key comparison matters.
  uint64_t x = static_cast<uint64_t>(key) * 0x9E3779B97F4A7C15ULL;
  return (x & 0x00000003FFFFFFFFULL) | ((x >> 40) << 34);
}

Status RunTasksSerially(std::vector<std::function<Status()>>& tasks) {
  for (auto& t : tasks) {
    Status s = t();
    if (!s.ok()) return s;
  }
  return Status::OK();
}

struct TestSide {
  std::vector<int64_t> keys;
  std::vector<uint64_t> hashes;
  std::vector<uint8_t> valid;
};

TestSide MakeTestSide(int64_t n, int64_t modulo, int64_t null_every, int64_t salt) {
  TestSide s;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t k = (i * 7919 + salt) % modulo;
    s.keys.push_back(k);
    s.hashes.push_back(TestKeyHash(k));
    s.valid.push_back(i % null_every == null_every - 1 ? 0 : 1);
  }
  return s;
}

using Pairs = std::vector<std::pair<uint32_t, uint32_t>>;

Pairs BruteForce(const TestSide& probe, const TestSide& build, bool first_only,
                 const std::vector<uint8_t>& skip) {
  Pairs out;
  for (size_t p = 0; p < probe.keys.size(); ++p) {
    if (!probe.valid[p]) continue;
    for (size_t b = 0; b < build.keys.size(); ++b) {
      if (!build.valid[b] || build.keys[b] != probe.keys[p] || (!skip.empty() && skip[b])) {
        continue;
      }
      out.emplace_back(p, b);
      if (first_only) break;
    }
  }
  return out;
}

Pairs ProbeAll(const JoinHashTable& table, const TestSide& probe, const TestSide& build, bool fused,
               bool first_only, const std::atomic<uint8_t>* skip, int64_t max) {
  const int64_t n = static_cast<int64_t>(probe.keys.size());
  std::vector<uint64_t> heads(n);
  table.FindHeads(probe.hashes.data(), probe.valid.data(), n, heads.data());
  JoinHashTable::KeyMatch match;
  match.probe_keys = probe.keys.data();
  match.build_keys = build.keys.data();
  match.width = 8;
  match.first_only = first_only;
  match.skip = skip;
  Pairs out;
  int64_t row = 0;
  bool done = false;
  while (!done) {
    std::vector<uint32_t> pr, br;
    done = fused
               ? table.NextMatches(probe.hashes.data(), heads.data(), n, &row, max, match, &pr, &br)
               : table.NextCandidates(probe.hashes.data(), heads.data(), n, &row, max, &pr, &br);
    EXPECT_LE(static_cast<int64_t>(pr.size()), max);
    for (size_t i = 0; i < pr.size(); ++i) {
      // Candidates share the hash tag only: keep the equal keys, as the join does.
      if (fused || probe.keys[pr[i]] == build.keys[br[i]]) out.emplace_back(pr[i], br[i]);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

class JoinHashTableTest : public ::testing::TestWithParam<int64_t> {};

TEST_P(JoinHashTableTest, ProbesMatchBruteForce) {
  const int64_t build_rows = GetParam();
  const TestSide build = MakeTestSide(build_rows, build_rows / 3 + 1, 5, 0);
  const TestSide probe = MakeTestSide(1500, build_rows / 2 + 1, 7, 3);
  for (const bool in_place : {false, true}) {
    JoinHashTable table;
    if (in_place) {
      auto hashes = columnar::Buffer::Allocate(build_rows * 8);
      std::copy(build.hashes.begin(), build.hashes.end(), hashes->mutable_as<uint64_t>());
      ASSERT_TRUE(
          table.BuildInPlace(hashes, build.valid.data(), build_rows, RunTasksSerially).ok());
    } else {
      ASSERT_TRUE(
          table.Build(build.hashes.data(), build.valid.data(), build_rows, RunTasksSerially).ok());
    }
    EXPECT_GT(table.MemoryBytes(), 0);
    const Pairs expected = BruteForce(probe, build, false, {});
    ASSERT_FALSE(expected.empty());
    for (const int64_t max : {int64_t{1}, int64_t{7}, int64_t{4096}}) {
      EXPECT_EQ(ProbeAll(table, probe, build, false, false, nullptr, max), expected);
      EXPECT_EQ(ProbeAll(table, probe, build, true, false, nullptr, max), expected);
    }
    // First match per probe row: the build rows are in build order within a chain.
    Pairs first = BruteForce(probe, build, true, {});
    EXPECT_EQ(ProbeAll(table, probe, build, true, true, nullptr, 3), first);
    // Skipped build rows produce no pairs.
    std::vector<uint8_t> skip(build_rows);
    auto flags = std::make_unique<std::atomic<uint8_t>[]>(build_rows);
    for (int64_t i = 0; i < build_rows; ++i) {
      skip[i] = i % 3 == 0;
      flags[i].store(skip[i]);
    }
    EXPECT_EQ(ProbeAll(table, probe, build, true, false, flags.get(), 5),
              BruteForce(probe, build, false, skip));
  }
}

// Serial builds (below 65,536 rows) and partitioned ones.
INSTANTIATE_TEST_SUITE_P(BuildSizes, JoinHashTableTest,
                         ::testing::Values(int64_t{1}, int64_t{100}, int64_t{70000}));

TEST(JoinHashTableEmptyTest, EmptyBuildFindsNothing) {
  JoinHashTable table;
  ASSERT_TRUE(table.Build(nullptr, nullptr, 0, RunTasksSerially).ok());
  const TestSide probe = MakeTestSide(10, 5, 100, 0);
  std::vector<uint64_t> heads(10);
  table.FindHeads(probe.hashes.data(), probe.valid.data(), 10, heads.data());
  for (uint64_t h : heads) EXPECT_EQ(h, JoinHashTable::kEmpty);
}

}  // namespace
}  // namespace lakeml::sql
