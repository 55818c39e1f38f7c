#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "base/bit_util.h"
#include "format/parquet/encoding/bitmap_copy.h"

namespace lakeml::parquet {
namespace {

TEST(BitmapCopyTest, AllOffsetsAndLengthsMatchBitByBitCopy) {
  std::mt19937 rng(5);
  std::vector<uint8_t> src(64);
  for (auto& b : src) b = static_cast<uint8_t>(rng());
  for (int src_off = 0; src_off < 16; ++src_off) {
    for (int dst_off = 0; dst_off < 16; ++dst_off) {
      for (int n : {0, 1, 7, 8, 9, 63, 64, 65, 130, 300}) {
        std::vector<uint8_t> dst(64), expected(64);
        for (size_t i = 0; i < dst.size(); ++i) dst[i] = expected[i] = static_cast<uint8_t>(rng());
        for (int i = 0; i < n; ++i) {
          bit_util::SetBitTo(expected.data(), dst_off + i,
                             bit_util::GetBit(src.data(), src_off + i));
        }
        // Copy from an exact-size source so ASan flags any overread.
        const int64_t src_bytes = (src_off + n + 7) / 8;
        std::vector<uint8_t> exact(src.begin(), src.begin() + src_bytes);
        CopyBitmap(exact.data(), src_off, dst.data(), dst_off, n);
        ASSERT_EQ(dst, expected) << src_off << " " << dst_off << " " << n;
      }
    }
  }
}

}  // namespace
}  // namespace lakeml::parquet
