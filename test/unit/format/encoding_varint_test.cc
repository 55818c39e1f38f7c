#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "format/parquet/encoding/varint.h"

namespace lakeml::parquet {
namespace {

TEST(VarintTest, KnownEncodings) {
  std::string s;
  AppendUleb128(&s, 0);
  AppendUleb128(&s, 127);
  AppendUleb128(&s, 128);
  AppendUleb128(&s, 624485);  // Wikipedia's LEB128 example: E5 8E 26.
  EXPECT_EQ(s, std::string("\x00\x7F\x80\x01\xE5\x8E\x26", 7));
}

TEST(VarintTest, RoundTripAndBounds) {
  for (uint64_t v : {uint64_t{0}, uint64_t{1}, uint64_t{300}, uint64_t{1} << 35,
                     std::numeric_limits<uint64_t>::max()}) {
    std::string s;
    AppendUleb128(&s, v);
    const uint8_t* p = reinterpret_cast<const uint8_t*>(s.data());
    uint64_t out;
    ASSERT_TRUE(ReadUleb128(&p, p + s.size(), &out));
    EXPECT_EQ(out, v);
    // Every truncation fails.
    for (size_t len = 0; len < s.size(); ++len) {
      const uint8_t* q = reinterpret_cast<const uint8_t*>(s.data());
      EXPECT_FALSE(ReadUleb128(&q, q + len, &out));
    }
  }
  const uint8_t too_long[11] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0};
  const uint8_t* p = too_long;
  uint64_t out;
  EXPECT_FALSE(ReadUleb128(&p, too_long + 11, &out));
  const uint8_t overflow[10] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02};
  p = overflow;
  EXPECT_FALSE(ReadUleb128(&p, overflow + 10, &out));
}

TEST(VarintTest, ZigZag) {
  EXPECT_EQ(ZigZagEncode(0), 0u);
  EXPECT_EQ(ZigZagEncode(-1), 1u);
  EXPECT_EQ(ZigZagEncode(1), 2u);
  EXPECT_EQ(ZigZagEncode(-2), 3u);
  for (int64_t v : {int64_t{0}, int64_t{-5}, int64_t{123456789},
                    std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()}) {
    EXPECT_EQ(ZigZagDecode(ZigZagEncode(v)), v);
  }
}

}  // namespace
}  // namespace lakeml::parquet
