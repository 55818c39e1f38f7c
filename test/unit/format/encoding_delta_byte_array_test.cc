// Tests DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY against the spec's examples, and their
// handling of corrupt pages.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "columnar/buffer.h"
#include "format/parquet/encoding/delta_binary_packed_encoder.h"
#include "format/parquet/encoding/delta_byte_array_decoder.h"
#include "format/parquet/encoding/delta_length_byte_array_decoder.h"
#include "format/parquet/encoding/value_decoder.h"
#include "format/parquet/encoding/value_encoder.h"

namespace lakeml::parquet {
namespace {

std::string Hex(std::initializer_list<int> b) { return std::string(b.begin(), b.end()); }

std::string EncodeStrings(Encoding e, const std::vector<std::string>& values) {
  std::vector<int64_t> offsets = {0};
  std::string data;
  for (const auto& v : values) {
    data += v;
    offsets.push_back(static_cast<int64_t>(data.size()));
  }
  auto enc = MakeValueEncoder(e, Type::kByteArray, 0);
  (*enc)->PutByteArrays(offsets.data(), reinterpret_cast<const uint8_t*>(data.data()),
                        values.size());
  std::string out;
  (*enc)->FinishTo(&out);
  return out;
}

Status DecodeStrings(Encoding e, const std::string& page, int64_t n,
                     std::vector<std::string>* values) {
  auto dec = MakeValueDecoder(e, Type::kByteArray, 0);
  std::vector<uint8_t> bytes(page.begin(), page.end());
  LAKEML_RETURN_IF_ERROR((*dec)->Reset(bytes.data(), bytes.size(), n));
  columnar::Buffer data;
  std::vector<int64_t> offsets(n + 1, 0);
  LAKEML_RETURN_IF_ERROR((*dec)->DecodeByteArrays(n, offsets.data(), &data));
  values->clear();
  for (int64_t i = 0; i < n; ++i) {
    values->emplace_back(reinterpret_cast<const char*>(data.data()) + offsets[i],
                         offsets[i + 1] - offsets[i]);
  }
  return Status::OK();
}

std::string Lengths(const std::vector<int32_t>& v) {
  DeltaBinaryPackedEncoder<uint32_t> enc;
  enc.PutFixed(reinterpret_cast<const uint8_t*>(v.data()), v.size());
  std::string out;
  enc.FinishTo(&out);
  return out;
}

// The spec's DELTA_LENGTH_BYTE_ARRAY example, lengths 5 5 6 6 encoded by hand: header
// (128, 4 miniblocks, 4 values, first zigzag(5) = 10), min delta 0, widths 1 0 0 0, and the
// relative deltas 0 1 0 packed at 1 bit in a 4-byte miniblock.
const std::string kSpecDlba =
    Hex({0x80, 0x01, 0x04, 0x04, 0x0A, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00}) +
    "HelloWorldFoobarABCDEF";

// The spec's DELTA_BYTE_ARRAY example: prefix lengths 0 2 0 3 (first 0, min delta -2,
// relative 4 0 5 at 3 bits), suffix lengths 4 2 6 5 (first 4, min delta -2, relative
// 0 6 1 at 3 bits), then the suffixes.
const std::string kSpecDba = Hex({0x80, 0x01, 0x04, 0x04, 0x00, 0x03, 0x03, 0x00, 0x00, 0x00, 0x44,
                                  0x01, 0,    0,    0,    0,    0,    0,    0,    0,    0,    0}) +
                             Hex({0x80, 0x01, 0x04, 0x04, 0x08, 0x03, 0x03, 0x00, 0x00, 0x00, 0x70,
                                  0x00, 0,    0,    0,    0,    0,    0,    0,    0,    0,    0}) +
                             "axislebabbleyhood";

TEST(DeltaLengthByteArrayTest, SpecExample) {
  const std::vector<std::string> expected = {"Hello", "World", "Foobar", "ABCDEF"};
  std::vector<std::string> got;
  ASSERT_TRUE(DecodeStrings(Encoding::kDeltaLengthByteArray, kSpecDlba, 4, &got).ok());
  EXPECT_EQ(got, expected);
  EXPECT_EQ(EncodeStrings(Encoding::kDeltaLengthByteArray, expected), kSpecDlba);
}

TEST(DeltaByteArrayTest, SpecExample) {
  const std::vector<std::string> expected = {"axis", "axle", "babble", "babyhood"};
  std::vector<std::string> got;
  Status st = DecodeStrings(Encoding::kDeltaByteArray, kSpecDba, 4, &got);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(got, expected);
  EXPECT_EQ(EncodeStrings(Encoding::kDeltaByteArray, expected), kSpecDba);
}

TEST(DeltaLengthByteArrayTest, CorruptPages) {
  std::vector<std::string> got;
  // Lengths overrun the bytes present.
  Status st = DecodeStrings(Encoding::kDeltaLengthByteArray, Lengths({3, 4}) + "abcdef", 2, &got);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_EQ(st.message(), "DELTA_LENGTH_BYTE_ARRAY values overrun page: 7 bytes needed, 6 left");
  // Negative length.
  st = DecodeStrings(Encoding::kDeltaLengthByteArray, Lengths({3, -1}) + "abcdef", 2, &got);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  // More values requested than the page holds.
  st = DecodeStrings(Encoding::kDeltaLengthByteArray, Lengths({1}) + "a", 2, &got);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  // Every truncation of a valid page fails cleanly or decodes all values.
  const std::string page = kSpecDlba;
  for (size_t len = 0; len < page.size(); ++len) {
    Status s = DecodeStrings(Encoding::kDeltaLengthByteArray, page.substr(0, len), 4, &got);
    EXPECT_EQ(s.code(), StatusCode::kCorruption) << len;
  }
}

TEST(DeltaByteArrayTest, CorruptPages) {
  std::vector<std::string> got;
  // First prefix longer than the (empty) previous value.
  Status st = DecodeStrings(Encoding::kDeltaByteArray, Lengths({1}) + Lengths({2}) + "ab", 1, &got);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_EQ(st.message(),
            "DELTA_BYTE_ARRAY prefix longer than the previous value: prefix 1, previous length 0");
  // A later prefix longer than its predecessor.
  st = DecodeStrings(Encoding::kDeltaByteArray, Lengths({0, 3}) + Lengths({2, 0}) + "ab", 2, &got);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  // Negative lengths.
  st = DecodeStrings(Encoding::kDeltaByteArray, Lengths({0, -1}) + Lengths({2, 0}) + "ab", 2, &got);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  st = DecodeStrings(Encoding::kDeltaByteArray, Lengths({0}) + Lengths({-2}) + "ab", 1, &got);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  // Suffixes overrun the page.
  st = DecodeStrings(Encoding::kDeltaByteArray, Lengths({0, 1}) + Lengths({2, 2}) + "abc", 2, &got);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  // Prefix and suffix counts differ.
  st = DecodeStrings(Encoding::kDeltaByteArray, Lengths({0, 1}) + Lengths({2}) + "ab", 1, &got);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  for (size_t len = 0; len < kSpecDba.size(); ++len) {
    Status s = DecodeStrings(Encoding::kDeltaByteArray, kSpecDba.substr(0, len), 4, &got);
    EXPECT_EQ(s.code(), StatusCode::kCorruption) << len;
  }
}

TEST(DeltaByteArrayTest, FixedLenValuesMustHaveTheWidth) {
  auto dec = MakeValueDecoder(Encoding::kDeltaByteArray, Type::kFixedLenByteArray, 4);
  ASSERT_TRUE(dec.ok());
  // "axis" then "axle" is fine at width 4; "babble" is not.
  std::vector<uint8_t> page(kSpecDba.begin(), kSpecDba.end());
  ASSERT_TRUE((*dec)->Reset(page.data(), page.size(), 4).ok());
  uint8_t out[16];
  ASSERT_TRUE((*dec)->DecodeFixed(2, out).ok());
  EXPECT_EQ(std::string(reinterpret_cast<char*>(out), 8), "axisaxle");
  Status st = (*dec)->DecodeFixed(1, out);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_EQ(st.message(),
            "DELTA_BYTE_ARRAY value length differs from FIXED_LEN_BYTE_ARRAY width: length 6, "
            "width 4");
}

TEST(DeltaByteArrayTest, PrefixesCarryAcrossBatchesNotPages) {
  const std::vector<std::string> values = {"abc", "abd", "abde", "x", "xy"};
  const std::string page = EncodeStrings(Encoding::kDeltaByteArray, values);
  auto dec = MakeValueDecoder(Encoding::kDeltaByteArray, Type::kByteArray, 0);
  std::vector<uint8_t> bytes(page.begin(), page.end());
  for (int round = 0; round < 2; ++round) {  // A second Reset starts with no previous value.
    ASSERT_TRUE((*dec)->Reset(bytes.data(), bytes.size(), 5).ok());
    std::string all;
    for (int i = 0; i < 5; ++i) {
      columnar::Buffer data;  // A fresh buffer per batch.
      int64_t offsets[2] = {0, 0};
      ASSERT_TRUE((*dec)->DecodeByteArrays(1, offsets, &data).ok());
      EXPECT_EQ(std::string(reinterpret_cast<const char*>(data.data()), offsets[1]), values[i]);
    }
  }
}

}  // namespace
}  // namespace lakeml::parquet
