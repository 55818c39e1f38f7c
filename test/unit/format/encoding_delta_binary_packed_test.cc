// Tests DeltaBinaryPackedDecoder / DeltaBinaryPackedEncoder beyond the generic round trip:
// hand-built streams from the spec's examples, wraparound, wide bit widths, corruption.
#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <string>
#include <vector>

#include "format/parquet/encoding/bit_packer.h"
#include "format/parquet/encoding/delta_binary_packed_decoder.h"
#include "format/parquet/encoding/delta_binary_packed_encoder.h"
#include "format/parquet/encoding/varint.h"

namespace lakeml::parquet {
namespace {

using Bytes = std::vector<uint8_t>;

template <typename T>
std::vector<T> DecodeAll(const Bytes& data, int64_t n, Status* status) {
  DeltaBinaryPackedDecoder<T> dec;
  std::vector<T> out(n);
  *status = dec.Reset(data.data(), data.size(), n);
  if (status->ok()) *status = dec.Decode(out.data(), n);
  return out;
}

TEST(DeltaBinaryPackedDecoderTest, SpecExample1) {
  // 1, 2, 3, 4, 5 with a real block size: header 128 (80 01), 4 miniblocks, 5 values,
  // first value zigzag(1) = 2; block: min delta zigzag(1) = 2, bit widths 0 0 0 0.
  const Bytes data = {0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00};
  Status st;
  EXPECT_EQ(DecodeAll<uint32_t>(data, 5, &st), (std::vector<uint32_t>{1, 2, 3, 4, 5}));
  EXPECT_TRUE(st.ok()) << st.ToString();
  auto size = DeltaBinaryPackedDecoder<uint32_t>::EncodedSize(data.data(), data.size());
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(*size, 10);
}

TEST(DeltaBinaryPackedDecoderTest, SpecExample2) {
  // 7, 5, 3, 1, 2, 3, 4, 5: deltas -2 -2 -2 1 1 1 1, min delta -2 (zigzag 3), relative
  // deltas 0 0 0 3 3 3 3 at bit width 2 in the first miniblock (32 values = 8 bytes).
  const Bytes data = {0x80, 0x01, 0x04, 0x08, 0x0E,  // Header; first value zigzag(7) = 14.
                      0x03, 0x02, 0x00, 0x00, 0x00,  // Min delta, bit widths.
                      0xC0, 0x3F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
  Status st;
  EXPECT_EQ(DecodeAll<uint64_t>(data, 8, &st), (std::vector<uint64_t>{7, 5, 3, 1, 2, 3, 4, 5}));
  EXPECT_TRUE(st.ok()) << st.ToString();
  // Decoding one at a time gives the same.
  DeltaBinaryPackedDecoder<uint32_t> dec;
  ASSERT_TRUE(dec.Reset(data.data(), data.size(), 8).ok());
  for (uint32_t expected : {7, 5, 3, 1, 2, 3, 4, 5}) {
    uint32_t v;
    ASSERT_TRUE(dec.Decode(&v, 1).ok());
    EXPECT_EQ(v, expected);
  }
  uint32_t v;
  EXPECT_EQ(dec.Decode(&v, 1).code(), StatusCode::kCorruption);
}

TEST(DeltaBinaryPackedDecoderTest, UnpaddedLastMiniblockIsAccepted) {
  // Example 2 with the miniblock padding cut to the 2 bytes the 7 deltas need.
  const Bytes data = {0x80, 0x01, 0x04, 0x08, 0x0E, 0x03, 0x02, 0x00, 0x00, 0x00, 0xC0, 0x3F};
  Status st;
  EXPECT_EQ(DecodeAll<uint32_t>(data, 8, &st), (std::vector<uint32_t>{7, 5, 3, 1, 2, 3, 4, 5}));
  EXPECT_TRUE(st.ok()) << st.ToString();
  // But the stream's size is only defined when padded, as DELTA_*_BYTE_ARRAY need it.
  EXPECT_FALSE(DeltaBinaryPackedDecoder<uint32_t>::EncodedSize(data.data(), data.size()).ok());
}

TEST(DeltaBinaryPackedTest, WraparoundAtTypeLimits) {
  for (auto values : {std::vector<int64_t>{std::numeric_limits<int64_t>::min(),
                                           std::numeric_limits<int64_t>::max(), 0,
                                           std::numeric_limits<int64_t>::min(), -1, 1}}) {
    DeltaBinaryPackedEncoder<uint64_t> enc;
    enc.PutFixed(reinterpret_cast<const uint8_t*>(values.data()), values.size());
    std::string s;
    enc.FinishTo(&s);
    Bytes data(s.begin(), s.end());
    Status st;
    auto out = DecodeAll<uint64_t>(data, values.size(), &st);
    ASSERT_TRUE(st.ok()) << st.ToString();
    for (size_t i = 0; i < values.size(); ++i) EXPECT_EQ(static_cast<int64_t>(out[i]), values[i]);
  }
  const std::vector<int32_t> v32 = {std::numeric_limits<int32_t>::max(),
                                    std::numeric_limits<int32_t>::min(), 5,
                                    std::numeric_limits<int32_t>::max()};
  DeltaBinaryPackedEncoder<uint32_t> enc;
  enc.PutFixed(reinterpret_cast<const uint8_t*>(v32.data()), v32.size());
  std::string s;
  enc.FinishTo(&s);
  Bytes data(s.begin(), s.end());
  Status st;
  auto out = DecodeAll<uint32_t>(data, v32.size(), &st);
  ASSERT_TRUE(st.ok());
  for (size_t i = 0; i < v32.size(); ++i) EXPECT_EQ(static_cast<int32_t>(out[i]), v32[i]);
}

TEST(DeltaBinaryPackedDecoderTest, Int32WithWideMiniblocksKeepsLowBits) {
  // A writer that packed INT32 deltas at 64 bits: 3 values, deltas +1 and -1 encoded with
  // min delta 0 as 64-bit two's complement.
  std::string s;
  AppendUleb128(&s, 128);
  AppendUleb128(&s, 1);
  AppendUleb128(&s, 3);
  AppendUleb128(&s, ZigZagEncode(10));
  AppendUleb128(&s, ZigZagEncode(0));
  s.push_back(64);
  std::vector<uint64_t> deltas(128, 0);
  deltas[0] = 1;
  deltas[1] = ~uint64_t{0};  // -1.
  std::string packed(128 * 8, '\0');
  BitPack64(deltas.data(), 64, 128, reinterpret_cast<uint8_t*>(packed.data()));
  s += packed;
  Bytes data(s.begin(), s.end());
  Status st;
  EXPECT_EQ(DecodeAll<uint32_t>(data, 3, &st), (std::vector<uint32_t>{10, 11, 10}));
  EXPECT_TRUE(st.ok()) << st.ToString();
}

TEST(DeltaBinaryPackedDecoderTest, OtherBlockGeometries) {
  // Block of 256 in 2 miniblocks of 128, and 1 miniblock of 128: decode what we build by hand
  // from the spec with constant deltas of 3 (bit width 0).
  for (auto [block, minis] : {std::pair{256, 2}, std::pair{128, 1}, std::pair{1024, 8}}) {
    std::string s;
    AppendUleb128(&s, block);
    AppendUleb128(&s, minis);
    AppendUleb128(&s, 1000);
    AppendUleb128(&s, ZigZagEncode(-7));
    for (int b = 0; b < (999 + block - 1) / block; ++b) {
      AppendUleb128(&s, ZigZagEncode(3));
      s.append(minis, '\0');
    }
    Bytes data(s.begin(), s.end());
    Status st;
    auto out = DecodeAll<uint64_t>(data, 1000, &st);
    ASSERT_TRUE(st.ok()) << st.ToString();
    for (int i = 0; i < 1000; ++i) ASSERT_EQ(static_cast<int64_t>(out[i]), -7 + 3 * i);
    auto size = DeltaBinaryPackedDecoder<uint64_t>::EncodedSize(data.data(), data.size());
    ASSERT_TRUE(size.ok());
    EXPECT_EQ(*size, static_cast<int64_t>(data.size()));
  }
}

TEST(DeltaBinaryPackedDecoderTest, MalformedHeadersAndBlocks) {
  auto header = [](uint64_t block, uint64_t minis, uint64_t total, int64_t first) {
    std::string s;
    AppendUleb128(&s, block);
    AppendUleb128(&s, minis);
    AppendUleb128(&s, total);
    AppendUleb128(&s, ZigZagEncode(first));
    return s;
  };
  auto check = [](const std::string& s, int64_t n, const char* what) {
    Bytes data(s.begin(), s.end());
    Status st;
    DecodeAll<uint32_t>(data, n, &st);
    EXPECT_EQ(st.code(), StatusCode::kCorruption) << what << ": " << st.ToString();
  };
  check(header(100, 1, 1, 0), 1, "block size not a multiple of 128");
  check(header(0, 1, 1, 0), 1, "zero block size");
  check(header(128, 0, 1, 0), 1, "zero miniblocks");
  check(header(128, 3, 1, 0), 1, "miniblocks not dividing block");
  check(header(128, 8, 1, 0), 1, "miniblocks of 16 values");
  check(header(128, 4, uint64_t{1} << 40, 0), 1, "absurd value count");
  check(header(128, 4, 5, 0).substr(0, 3), 1, "header truncated");
  check(header(128, 4, 5, 0), 2, "no block");
  check(header(128, 4, 5, 0) + "\x02", 2, "bit widths missing");
  check(header(128, 4, 5, 0) + std::string("\x02\x41\0\0\0", 5), 2, "bit width 65");
  check(header(128, 4, 100, 0) + std::string("\x02\x08\0\0\0", 5) + "abc", 5,
        "miniblock data truncated");
  check(header(128, 4, 3, 0), 5, "more values requested than present");
  // A header claiming 2^31 - 1 values of width 0 in a few bytes allocates nothing and
  // decodes on request.
  // One block of 2^30 values is present; a second would be needed for all of them.
  const std::string big = header(1 << 30, 1, 0x7FFFFFFF, 4) + std::string("\x00\x00", 2);
  Bytes data(big.begin(), big.end());
  DeltaBinaryPackedDecoder<uint32_t> dec;
  ASSERT_TRUE(dec.Reset(data.data(), data.size(), 0).ok());
  std::vector<uint32_t> out(100000);
  ASSERT_TRUE(dec.Decode(out.data(), out.size()).ok());
  EXPECT_EQ(out.back(), 4u);
  EXPECT_FALSE(DeltaBinaryPackedDecoder<uint32_t>::EncodedSize(data.data(), data.size()).ok());
}

TEST(DeltaBinaryPackedDecoderTest, EveryTruncationFailsOrDecodes) {
  std::mt19937_64 rng(21);
  std::vector<uint64_t> values(1000);
  for (auto& v : values) v = rng() % (uint64_t{1} << (rng() % 40));
  DeltaBinaryPackedEncoder<uint64_t> enc;
  enc.Put(values.data(), values.size());
  std::string s;
  enc.FinishTo(&s);
  for (size_t len = 0; len < s.size(); ++len) {
    Bytes cut(s.begin(), s.begin() + len);
    Status st;
    auto out = DecodeAll<uint64_t>(cut, values.size(), &st);
    if (st.ok()) {
      EXPECT_EQ(out, values) << len;  // Only padding was cut.
    } else {
      EXPECT_EQ(st.code(), StatusCode::kCorruption);
    }
  }
}

TEST(DeltaBinaryPackedDecoderTest, UnalignedOutput) {
  std::vector<int32_t> values(300);
  for (int i = 0; i < 300; ++i) values[i] = i * i - 5000;
  DeltaBinaryPackedEncoder<uint32_t> enc;
  enc.PutFixed(reinterpret_cast<const uint8_t*>(values.data()), values.size());
  std::string s;
  enc.FinishTo(&s);
  DeltaBinaryPackedDecoder<uint32_t> dec;
  ASSERT_TRUE(dec.Reset(reinterpret_cast<const uint8_t*>(s.data()), s.size(), 300).ok());
  std::vector<uint8_t> out(300 * 4 + 1);
  ASSERT_TRUE(dec.DecodeFixed(300, out.data() + 1).ok());
  EXPECT_EQ(std::memcmp(out.data() + 1, values.data(), 1200), 0);
}

}  // namespace
}  // namespace lakeml::parquet
