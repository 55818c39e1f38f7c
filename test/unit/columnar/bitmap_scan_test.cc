#include "columnar/bitmap_scan.h"

#include <gtest/gtest.h>

#include <random>
#include <utility>
#include <vector>

namespace lakeml::columnar {
namespace {

std::vector<uint8_t> RandomBitmap(int64_t n, double p, std::mt19937_64& rng) {
  std::vector<uint8_t> bits(bit_util::BytesForBits(n), 0);
  std::bernoulli_distribution coin(p);
  for (int64_t i = 0; i < n; ++i) {
    if (coin(rng)) bit_util::SetBit(bits.data(), i);
  }
  for (int64_t i = n; i < static_cast<int64_t>(bits.size()) * 8; ++i) {
    bit_util::SetBit(bits.data(), i);  // Garbage past the end must be ignored.
  }
  return bits;
}

TEST(BitmapScanTest, RunsMatchBitByBitScan) {
  std::mt19937_64 rng(1);
  for (const int64_t n : {0, 1, 63, 64, 65, 127, 128, 129, 1000}) {
    for (const double p : {0.0, 0.1, 0.5, 0.9, 0.999, 1.0}) {
      std::vector<uint8_t> bits = RandomBitmap(n, p, rng);
      std::vector<std::pair<int64_t, int64_t>> expected;
      for (int64_t i = 0; i < n; ++i) {
        if (!bit_util::GetBit(bits.data(), i)) continue;
        if (!expected.empty() && expected.back().first + expected.back().second == i) {
          ++expected.back().second;
        } else {
          expected.emplace_back(i, 1);
        }
      }
      std::vector<std::pair<int64_t, int64_t>> runs;
      ForEachSetRun(bits.data(), n, [&](int64_t s, int64_t len) { runs.emplace_back(s, len); });
      EXPECT_EQ(runs, expected) << "n=" << n << " p=" << p;
    }
  }
}

TEST(BitmapScanTest, LoadBitsAtEveryOffsetAndCount) {
  std::mt19937_64 rng(2);
  const int64_t n = 200;
  std::vector<uint8_t> bits = RandomBitmap(n, 0.5, rng);
  for (int64_t pos = 0; pos < n; ++pos) {
    for (int count = 1; count <= 64 && pos + count <= n; ++count) {
      const uint64_t w = LoadBitsAt(bits.data(), pos, count);
      for (int k = 0; k < 64; ++k) {
        const bool expected = k < count && bit_util::GetBit(bits.data(), pos + k);
        ASSERT_EQ((w >> k) & 1, expected) << pos << " " << count << " " << k;
      }
    }
  }
}

}  // namespace
}  // namespace lakeml::columnar
