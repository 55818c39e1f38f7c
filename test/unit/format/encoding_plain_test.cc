// Tests PlainDecoder / PlainEncoder on known bytes and corrupt pages.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "base/bit_util.h"
#include "columnar/buffer.h"
#include "format/parquet/encoding/plain_decoder.h"
#include "format/parquet/encoding/plain_encoder.h"

namespace lakeml::parquet {
namespace {

TEST(PlainDecoderTest, KnownBytes) {
  // INT32 1 and -2, little-endian.
  const uint8_t ints[] = {0x01, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF};
  PlainDecoder dec(Type::kInt32, 0);
  ASSERT_TRUE(dec.Reset(ints, sizeof(ints), 2).ok());
  int32_t out[2];
  ASSERT_TRUE(dec.DecodeFixed(2, reinterpret_cast<uint8_t*>(out)).ok());
  EXPECT_EQ(out[0], 1);
  EXPECT_EQ(out[1], -2);

  // BYTE_ARRAY "ab", "", "xyz" with 4-byte length prefixes.
  const std::string s = std::string("\x02\0\0\0ab\0\0\0\0\x03\0\0\0xyz", 17);
  PlainDecoder bytes(Type::kByteArray, 0);
  ASSERT_TRUE(bytes.Reset(reinterpret_cast<const uint8_t*>(s.data()), s.size(), 3).ok());
  columnar::Buffer data;
  int64_t offsets[4] = {0};
  ASSERT_TRUE(bytes.DecodeByteArrays(3, offsets, &data).ok());
  EXPECT_EQ(offsets[1], 2);
  EXPECT_EQ(offsets[2], 2);
  EXPECT_EQ(offsets[3], 5);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(data.data()), data.size()), "abxyz");

  // BOOLEAN true, false, true, true, then 7 more bits.
  const uint8_t bools[] = {0b00001101, 0b1};
  PlainDecoder b(Type::kBoolean, 0);
  ASSERT_TRUE(b.Reset(bools, 2, 9).ok());
  uint8_t bits[2] = {0, 0};
  ASSERT_TRUE(b.DecodeBooleans(4, bits, 0).ok());
  ASSERT_TRUE(b.DecodeBooleans(5, bits, 4).ok());
  EXPECT_EQ(bits[0], 0b00001101);
  EXPECT_EQ(bits[1], 0b1);
}

TEST(PlainEncoderTest, KnownBytes) {
  PlainEncoder enc(Type::kByteArray, 0);
  const int64_t offsets[] = {0, 2, 2, 5};
  enc.PutByteArrays(offsets, reinterpret_cast<const uint8_t*>("abxyz"), 3);
  std::string out;
  enc.FinishTo(&out);
  EXPECT_EQ(out, std::string("\x02\0\0\0ab\0\0\0\0\x03\0\0\0xyz", 17));

  PlainEncoder b(Type::kBoolean, 0);
  const uint8_t bits[] = {0b10110100};
  b.PutBooleans(bits, 2, 3);  // 1, 0, 1
  b.PutBooleans(bits, 4, 4);  // 1, 1, 0, 1
  out.clear();
  b.FinishTo(&out);
  EXPECT_EQ(out, std::string(1, static_cast<char>(0b1011101)));
}

TEST(PlainDecoderTest, CorruptPages) {
  columnar::Buffer data;
  int64_t offsets[4] = {0};
  // A length that overruns the page.
  const std::string s = std::string("\x02\0\0\0ab\x09\0\0\0xyz", 13);
  PlainDecoder bytes(Type::kByteArray, 0);
  ASSERT_TRUE(bytes.Reset(reinterpret_cast<const uint8_t*>(s.data()), s.size(), 2).ok());
  Status st = bytes.DecodeByteArrays(2, offsets, &data);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_EQ(st.message(),
            "PLAIN BYTE_ARRAY value overruns page: value 1 of 2, length 9, 3 bytes left");
  EXPECT_EQ(data.size(), 0);  // Nothing was appended.
  // A length of 2^32 - 1 (would be negative as int32).
  const std::string neg = std::string("\xFF\xFF\xFF\xFFxyz", 7);
  ASSERT_TRUE(bytes.Reset(reinterpret_cast<const uint8_t*>(neg.data()), neg.size(), 1).ok());
  EXPECT_EQ(bytes.DecodeByteArrays(1, offsets, &data).code(), StatusCode::kCorruption);
  // A truncated length prefix.
  ASSERT_TRUE(bytes.Reset(reinterpret_cast<const uint8_t*>(s.data()), 8, 2).ok());
  EXPECT_EQ(bytes.DecodeByteArrays(2, offsets, &data).code(), StatusCode::kCorruption);
  // Fixed width: too few bytes, too few values.
  uint8_t out[64];
  PlainDecoder d(Type::kDouble, 0);
  ASSERT_TRUE(d.Reset(out, 15, 2).ok());
  EXPECT_EQ(d.DecodeFixed(2, out).code(), StatusCode::kCorruption);
  ASSERT_TRUE(d.Reset(out, 16, 1).ok());
  EXPECT_EQ(d.DecodeFixed(2, out).code(), StatusCode::kCorruption);
  // FLBA of width 5, 12 bytes: two values, not three.
  PlainDecoder f(Type::kFixedLenByteArray, 5);
  ASSERT_TRUE(f.Reset(out, 12, 3).ok());
  EXPECT_TRUE(f.DecodeFixed(2, out).ok());
  EXPECT_EQ(f.DecodeFixed(1, out).code(), StatusCode::kCorruption);
  // Booleans: 9 values need 2 bytes.
  PlainDecoder b(Type::kBoolean, 0);
  ASSERT_TRUE(b.Reset(out, 1, 9).ok());
  EXPECT_EQ(b.DecodeBooleans(9, out, 0).code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace lakeml::parquet
