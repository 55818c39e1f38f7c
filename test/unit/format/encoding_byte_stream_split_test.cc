// Tests ByteStreamSplitDecoder / ByteStreamSplitEncoder on the spec's example.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "format/parquet/encoding/byte_stream_split_decoder.h"
#include "format/parquet/encoding/byte_stream_split_encoder.h"

namespace lakeml::parquet {
namespace {

std::vector<uint8_t> V(std::initializer_list<int> b) { return {b.begin(), b.end()}; }

TEST(ByteStreamSplitTest, SpecExample) {
  // Encodings.md: three 4-byte values AA BB CC DD, 00 11 22 33, A3 B4 C5 D6.
  const auto values = V({0xAA, 0xBB, 0xCC, 0xDD, 0x00, 0x11, 0x22, 0x33, 0xA3, 0xB4, 0xC5, 0xD6});
  const auto encoded = V({0xAA, 0x00, 0xA3, 0xBB, 0x11, 0xB4, 0xCC, 0x22, 0xC5, 0xDD, 0x33, 0xD6});
  ByteStreamSplitEncoder enc(4);
  enc.PutFixed(values.data(), 3);
  std::string out;
  enc.FinishTo(&out);
  EXPECT_EQ(std::vector<uint8_t>(out.begin(), out.end()), encoded);

  ByteStreamSplitDecoder dec(4);
  ASSERT_TRUE(dec.Reset(encoded.data(), encoded.size(), 3).ok());
  std::vector<uint8_t> got(12);
  ASSERT_TRUE(dec.DecodeFixed(1, got.data()).ok());
  ASSERT_TRUE(dec.DecodeFixed(2, got.data() + 4).ok());
  EXPECT_EQ(got, values);
  EXPECT_EQ(dec.DecodeFixed(1, got.data()).code(), StatusCode::kCorruption);

  // The same 12 bytes as six values of width 2.
  ByteStreamSplitDecoder dec2(2);
  ASSERT_TRUE(dec2.Reset(encoded.data(), encoded.size(), 6).ok());
  ASSERT_TRUE(dec2.DecodeFixed(6, got.data()).ok());
  EXPECT_EQ(got, V({0xAA, 0xCC, 0x00, 0x22, 0xA3, 0xC5, 0xBB, 0xDD, 0x11, 0x33, 0xB4, 0xD6}));
}

TEST(ByteStreamSplitTest, TooFewBytes) {
  const auto encoded = V({1, 2, 3, 4, 5, 6, 7});
  ByteStreamSplitDecoder dec(4);
  Status st = dec.Reset(encoded.data(), encoded.size(), 2);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  uint8_t out[8];
  EXPECT_EQ(dec.DecodeFixed(1, out).code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace lakeml::parquet
