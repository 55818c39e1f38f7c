#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "format/parquet/encoding/bit_packer.h"
#include "format/parquet/encoding/bit_unpacker.h"

namespace lakeml::parquet {
namespace {

// Reference packing, one bit at a time, straight from the spec's definition: value i
// occupies bits [i * w, (i + 1) * w) of the LSB-first bit string.
std::vector<uint8_t> NaivePack(const std::vector<uint64_t>& values, int w) {
  std::vector<uint8_t> out((values.size() * w + 7) / 8, 0);
  for (size_t i = 0; i < values.size(); ++i) {
    for (int b = 0; b < w; ++b) {
      if ((values[i] >> b) & 1) {
        const size_t bit = i * w + b;
        out[bit / 8] |= static_cast<uint8_t>(1u << (bit % 8));
      }
    }
  }
  return out;
}

std::vector<uint64_t> RandomValues(std::mt19937_64& rng, int w, size_t n) {
  std::vector<uint64_t> v(n);
  const uint64_t mask = w == 64 ? ~uint64_t{0} : (uint64_t{1} << w) - 1;
  for (auto& x : v) x = rng() & mask;
  // Edge values: all ones and zero.
  if (n > 2) {
    v[0] = mask;
    v[n - 1] = mask;
    v[1] = 0;
  }
  return v;
}

TEST(BitUnpackerTest, SpecExampleWidth3) {
  // Encodings.md: 0..7 at bit width 3 pack to 10001000 11000110 11111010.
  const uint8_t packed[] = {0b10001000, 0b11000110, 0b11111010};
  uint32_t out[8];
  BitUnpack32(packed, 3, 8, out);
  for (uint32_t i = 0; i < 8; ++i) EXPECT_EQ(out[i], i);
  uint64_t out64[8];
  BitUnpack64(packed, 3, 8, out64);
  for (uint64_t i = 0; i < 8; ++i) EXPECT_EQ(out64[i], i);
}

TEST(BitUnpackerTest, AllWidths32MatchNaivePacking) {
  std::mt19937_64 rng(1);
  for (int w = 0; w <= 32; ++w) {
    for (size_t n : {0, 1, 7, 8, 31, 32, 33, 63, 64, 100, 1000}) {
      auto values = RandomValues(rng, w, n);
      auto packed = NaivePack(values, w);
      // Exactly ceil(n * w / 8) bytes, in their own allocation so ASan catches overreads.
      std::vector<uint8_t> exact(packed);
      std::vector<uint32_t> out(n + 1, 0xDEADBEEF);
      BitUnpack32(exact.data(), w, n, out.data());
      for (size_t i = 0; i < n; ++i) ASSERT_EQ(out[i], values[i]) << "w=" << w << " i=" << i;
      EXPECT_EQ(out[n], 0xDEADBEEF) << "wrote past count, w=" << w;
    }
  }
}

TEST(BitUnpackerTest, AllWidths64MatchNaivePacking) {
  std::mt19937_64 rng(2);
  for (int w = 0; w <= 64; ++w) {
    for (size_t n : {0, 1, 5, 32, 45, 64, 96, 129}) {
      auto values = RandomValues(rng, w, n);
      std::vector<uint8_t> packed = NaivePack(values, w);
      std::vector<uint64_t> out(n + 1, 7);
      BitUnpack64(packed.data(), w, n, out.data());
      for (size_t i = 0; i < n; ++i) ASSERT_EQ(out[i], values[i]) << "w=" << w << " i=" << i;
      EXPECT_EQ(out[n], 7u);
    }
  }
}

TEST(BitPackerTest, MatchesNaivePacking) {
  std::mt19937_64 rng(3);
  for (int w = 0; w <= 64; ++w) {
    for (size_t n : {0, 1, 8, 13, 32, 77}) {
      auto values = RandomValues(rng, w, n);
      const auto expected = NaivePack(values, w);
      std::vector<uint8_t> packed(expected.size() + 1, 0xAB);
      // High bits above the width must be ignored.
      std::vector<uint64_t> dirty(values);
      if (w < 64) {
        for (auto& v : dirty) v |= ~uint64_t{0} << w;
      }
      BitPack64(dirty.data(), w, n, packed.data());
      EXPECT_EQ(std::vector<uint8_t>(packed.begin(), packed.end() - 1), expected) << w;
      EXPECT_EQ(packed.back(), 0xAB);
      if (w <= 32) {
        std::vector<uint32_t> v32(values.begin(), values.end());
        std::vector<uint8_t> packed32(expected.size());
        BitPack32(v32.data(), w, n, packed32.data());
        EXPECT_EQ(packed32, expected) << w;
      }
    }
  }
}

}  // namespace
}  // namespace lakeml::parquet
