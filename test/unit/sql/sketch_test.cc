// QuantileSummary (Greenwald-Khanna) and HyperLogLog: error bounds on random data, merging
// of partial sketches, and the memory bound of the quantile summary.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <unordered_set>
#include <vector>

#include "sql/function/aggregate/hyper_log_log.h"
#include "sql/function/aggregate/quantile_summary.h"

namespace lakeml::sql {
namespace {

// The rank band [count(< v), count(<= v)] of v in sorted `values`, as fractions.
std::pair<double, double> RankBand(const std::vector<double>& sorted, double v) {
  const double n = static_cast<double>(sorted.size());
  const auto lo = std::lower_bound(sorted.begin(), sorted.end(), v) - sorted.begin();
  const auto hi = std::upper_bound(sorted.begin(), sorted.end(), v) - sorted.begin();
  return {static_cast<double>(lo) / n, static_cast<double>(hi) / n};
}

void ExpectWithinRank(const QuantileSummary& s, const std::vector<double>& sorted, double eps) {
  for (double q : {0.0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1.0}) {
    const auto [lo, hi] = RankBand(sorted, s.Query(q));
    EXPECT_LE(lo, q + eps + 1e-9) << "q=" << q;
    EXPECT_GE(hi, q - eps - 1e-9) << "q=" << q;
  }
}

TEST(QuantileSummaryTest, ExactOnSmallInput) {
  QuantileSummary s;
  for (int i = 10; i >= 1; --i) s.Insert(i);
  EXPECT_EQ(s.count(), 10);
  EXPECT_EQ(s.Query(0.5), 5);
  EXPECT_EQ(s.Query(0.25), 3);
  EXPECT_EQ(s.Query(0), 1);
  EXPECT_EQ(s.Query(1), 10);
}

TEST(QuantileSummaryTest, WithinRelativeErrorAndBoundedMemory) {
  for (double eps : {0.01, 0.001}) {
    std::mt19937_64 rng(7);
    std::normal_distribution<double> dist(0, 100);
    QuantileSummary s(eps);
    std::vector<double> all;
    for (int i = 0; i < 300000; ++i) {
      const double v = std::round(dist(rng) * 10) / 10;  // with duplicates
      s.Insert(v);
      all.push_back(v);
    }
    std::sort(all.begin(), all.end());
    ExpectWithinRank(s, all, eps);
    EXPECT_LT(s.sample_count(), 30000u) << "eps=" << eps;
  }
}

TEST(QuantileSummaryTest, MergedPartialsStayWithinError) {
  const double eps = 0.005;
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> dist(0, 1000);
  std::vector<QuantileSummary> parts(7, QuantileSummary(eps));
  std::vector<double> all;
  for (int i = 0; i < 140000; ++i) {
    // Skewed split: each part sees a different range, the hard case for merging.
    const double v = dist(rng);
    parts[static_cast<size_t>(v) % 7 == 0 ? 0 : i % 7].Insert(v);
    all.push_back(v);
  }
  QuantileSummary merged(eps);
  for (const auto& p : parts) merged.Merge(p);
  EXPECT_EQ(merged.count(), 140000);
  std::sort(all.begin(), all.end());
  ExpectWithinRank(merged, all, eps);
}

TEST(HyperLogLogTest, PrecisionFollowsRelativeSd) {
  EXPECT_EQ(HyperLogLog::PrecisionFor(0.05), 9);
  EXPECT_EQ(HyperLogLog::PrecisionFor(0.01), 14);
  EXPECT_EQ(HyperLogLog::PrecisionFor(0.39), 4);
  EXPECT_EQ(HyperLogLog::PrecisionFor(0.5), 0);
}

uint64_t SplitMix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

TEST(HyperLogLogTest, EstimatesWithinThreeSd) {
  for (int64_t n : {0, 1, 10, 100, 1000, 3000, 20000, 200000}) {
    HyperLogLog a(9), b(9);
    for (int64_t i = 0; i < n; ++i) {
      // Every value twice, split over two sketches: duplicates and merging.
      a.AddHash(SplitMix(i));
      b.AddHash(SplitMix(i));
      if (i % 3 == 0) b.AddHash(SplitMix(i + n));  // values only b sees
    }
    a.Merge(b);
    const double exact = static_cast<double>(n + (n + 2) / 3);
    EXPECT_NEAR(static_cast<double>(a.Estimate()), exact, std::max(1.0, 3 * 0.05 * exact))
        << "n=" << n;
  }
}

}  // namespace
}  // namespace lakeml::sql
