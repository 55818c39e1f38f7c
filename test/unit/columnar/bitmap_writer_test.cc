#include "columnar/bitmap_writer.h"

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

TEST(BitmapWriterTest, MixedAppendsMatchBitByBitReference) {
  std::mt19937_64 rng(3);
  std::vector<uint8_t> src = RandomBitmap(300, 0.5, rng);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<bool> expected;
    std::vector<std::pair<int, std::pair<int64_t, int64_t>>> ops;
    for (int k = 0; k < 6; ++k) {
      const int kind = static_cast<int>(rng() % 3);
      const int64_t pos = static_cast<int64_t>(rng() % 150);
      const int64_t len = static_cast<int64_t>(rng() % 150);
      ops.push_back({kind, {pos, len}});
      for (int64_t i = 0; i < len; ++i) {
        expected.push_back(kind == 0 ? bit_util::GetBit(src.data(), pos + i) : kind == 1);
      }
    }
    std::vector<uint8_t> out(bit_util::BytesForBits(expected.size()), 0xAB);
    BitmapWriter writer(out.data());
    for (const auto& [kind, range] : ops) {
      if (kind == 0) {
        writer.AppendBits(src.data(), range.first, range.second);
      } else if (range.second % 2 == 0) {
        writer.AppendRepeated(kind == 1, range.second);
      } else {
        for (int64_t i = 0; i < range.second; ++i) writer.Append(kind == 1);
      }
    }
    writer.Finish();
    for (size_t i = 0; i < expected.size(); ++i) {
      ASSERT_EQ(bit_util::GetBit(out.data(), i), expected[i]) << trial << " " << i;
    }
    // Bits past the end of the last byte are zero.
    for (size_t i = expected.size(); i < out.size() * 8; ++i) {
      ASSERT_FALSE(bit_util::GetBit(out.data(), i));
    }
  }
}

}  // namespace
}  // namespace lakeml::columnar
