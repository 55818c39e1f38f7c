// Tests RleBitPackedDecoder and RleBitPackedEncoder.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "base/bit_util.h"
#include "format/parquet/encoding/rle_bit_packed_decoder.h"
#include "format/parquet/encoding/rle_bit_packed_encoder.h"

namespace lakeml::parquet {
namespace {

std::vector<uint8_t> Bytes(std::initializer_list<int> b) {
  return std::vector<uint8_t>(b.begin(), b.end());
}

std::string Encode(const std::vector<uint32_t>& values, int w) {
  RleBitPackedEncoder enc(w);
  enc.PutBatch(values.data(), static_cast<int64_t>(values.size()));
  std::string out;
  enc.FinishTo(&out);
  return out;
}

// Values mixing long runs, short runs and noise, all < 2^w.
std::vector<uint32_t> MixedValues(std::mt19937_64& rng, int w, size_t n) {
  const uint64_t mask = w == 32 ? 0xFFFFFFFFu : (uint64_t{1} << w) - 1;
  std::vector<uint32_t> v;
  while (v.size() < n) {
    const int kind = rng() % 4;
    const size_t len = std::min<size_t>(n - v.size(), 1 + rng() % (kind == 0 ? 300 : 20));
    const uint32_t x = static_cast<uint32_t>(rng() & mask);
    for (size_t i = 0; i < len; ++i) {
      v.push_back(kind <= 1 ? x : static_cast<uint32_t>(rng() & mask));
    }
  }
  if (!v.empty()) v[0] = static_cast<uint32_t>(mask);  // Max value.
  return v;
}

TEST(RleBitPackedDecoderTest, SpecRunsByHand) {
  // RLE run: 8 x 5 (header 8 << 1, value in 1 byte), then a bit-packed run of one group
  // holding 0..7 at width 3 (header 1 << 1 | 1, the spec's packed example).
  const auto data = Bytes({0x10, 0x05, 0x03, 0x88, 0xC6, 0xFA});
  RleBitPackedDecoder dec;
  dec.Reset(data.data(), data.size(), 3);
  std::vector<uint32_t> out(16);
  ASSERT_TRUE(dec.Decode(out.data(), 16).ok());
  for (int i = 0; i < 8; ++i) EXPECT_EQ(out[i], 5u);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(out[8 + i], static_cast<uint32_t>(i));
  // The stream is exhausted now.
  Status st = dec.Decode(out.data(), 1);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_EQ(st.message(), "RLE stream ended early: needed 1 values, got 0");
}

TEST(RleBitPackedDecoderTest, MultiByteRunValueAndNarrowTypes) {
  // 300 copies of 0x1234 at width 13: header varint(600) = D8 04, value in 2 bytes LE.
  const auto data = Bytes({0xD8, 0x04, 0x34, 0x12});
  RleBitPackedDecoder dec;
  dec.Reset(data.data(), data.size(), 13);
  std::vector<int16_t> out(300);
  ASSERT_TRUE(dec.Decode(out.data(), 300).ok());
  EXPECT_TRUE(std::all_of(out.begin(), out.end(), [](int16_t v) { return v == 0x1234; }));
}

TEST(RleBitPackedEncoderTest, KnownOutputs) {
  // 100 zeros then 100 ones at width 1: two RLE runs, headers varint(200) = C8 01.
  std::vector<uint32_t> v(100, 0);
  v.resize(200, 1);
  EXPECT_EQ(Encode(v, 1), std::string("\xC8\x01\x00\xC8\x01\x01", 6));
  // Alternating 0/1 x 100: one bit-packed run of 13 groups (header 13 << 1 | 1 = 27), the
  // last group zero-padded.
  std::vector<uint32_t> alt(100);
  for (int i = 0; i < 100; ++i) alt[i] = i % 2;
  std::string expected(1, 27);
  expected.append(12, '\xAA');
  expected.push_back('\x0A');
  EXPECT_EQ(Encode(alt, 1), expected);
  // Fewer than 8 repeats on their own: still an RLE run.
  EXPECT_EQ(Encode({7, 7, 7}, 3), std::string("\x06\x07", 2));
  // Nothing at all: no bytes.
  EXPECT_EQ(Encode({}, 5), "");
}

TEST(RleBitPackedEncoderTest, LongLiteralRunsSplitAt63Groups) {
  std::vector<uint32_t> v(1000);
  for (size_t i = 0; i < v.size(); ++i) v[i] = i % 2;
  const std::string enc = Encode(v, 1);
  // 1000 values = 125 groups: runs of 63 and 62 groups, each 1 header byte.
  ASSERT_EQ(enc.size(), 1 + 63 + 1 + 62u);
  EXPECT_EQ(static_cast<uint8_t>(enc[0]), (63 << 1) | 1);
  EXPECT_EQ(static_cast<uint8_t>(enc[64]), (62 << 1) | 1);
}

TEST(RleBitPackedTest, RoundTripAllWidths) {
  std::mt19937_64 rng(11);
  for (int w = 0; w <= 32; ++w) {
    for (size_t n : {0, 1, 7, 8, 9, 31, 32, 33, 100, 511, 4096, 10000}) {
      const auto values = MixedValues(rng, w, n);
      const std::string enc = Encode(values, w);
      // Decode in random batch sizes, from an exact-size copy.
      std::vector<uint8_t> data(enc.begin(), enc.end());
      RleBitPackedDecoder dec;
      dec.Reset(data.data(), data.size(), w);
      std::vector<uint32_t> out(n);
      size_t done = 0;
      while (done < n) {
        const size_t batch = std::min<size_t>(n - done, 1 + rng() % 100);
        ASSERT_TRUE(dec.Decode(out.data() + done, batch).ok()) << w << " " << n;
        done += batch;
      }
      ASSERT_EQ(out, values) << "w=" << w << " n=" << n;
      // Same through DecodeIndices with a dictionary just big enough.
      if (w < 32) {
        dec.Reset(data.data(), data.size(), w);
        const uint32_t dict = n == 0 ? 1 : *std::max_element(values.begin(), values.end()) + 1;
        ASSERT_TRUE(dec.DecodeIndices(out.data(), n, dict).ok());
        ASSERT_EQ(out, values);
      }
    }
  }
}

TEST(RleBitPackedTest, RoundTripNarrowTypes) {
  std::mt19937_64 rng(12);
  for (int w : {1, 3, 8}) {
    const auto values = MixedValues(rng, w, 3000);
    const std::string enc = Encode(values, w);
    RleBitPackedDecoder dec;
    dec.Reset(reinterpret_cast<const uint8_t*>(enc.data()), enc.size(), w);
    std::vector<uint8_t> u8(1000);
    std::vector<int16_t> i16(1000);
    std::vector<int32_t> i32(1000);
    ASSERT_TRUE(dec.Decode(u8.data(), 1000).ok());
    ASSERT_TRUE(dec.Decode(i16.data(), 1000).ok());
    ASSERT_TRUE(dec.Decode(i32.data(), 1000).ok());
    for (int i = 0; i < 1000; ++i) {
      ASSERT_EQ(u8[i], values[i]);
      ASSERT_EQ(i16[i], static_cast<int16_t>(values[1000 + i]));
      ASSERT_EQ(i32[i], static_cast<int32_t>(values[2000 + i]));
    }
  }
}

TEST(RleBitPackedTest, DecodeBitsMatchesValues) {
  std::mt19937_64 rng(13);
  const auto values = MixedValues(rng, 1, 5000);
  const std::string enc = Encode(values, 1);
  RleBitPackedDecoder dec;
  dec.Reset(reinterpret_cast<const uint8_t*>(enc.data()), enc.size(), 1);
  std::vector<uint8_t> bits(5000 / 8 + 2, 0xFF);
  const int64_t offset = 3;
  int64_t done = 0;
  while (done < 5000) {
    const int64_t batch = std::min<int64_t>(5000 - done, 1 + rng() % 77);
    if (rng() % 3 == 0) {
      // Interleave with value decoding to exercise mid-byte positions.
      std::vector<uint8_t> tmp(batch);
      ASSERT_TRUE(dec.Decode(tmp.data(), batch).ok());
      for (int64_t i = 0; i < batch; ++i)
        bit_util::SetBitTo(bits.data(), offset + done + i, tmp[i]);
    } else {
      ASSERT_TRUE(dec.DecodeBits(bits.data(), offset + done, batch).ok());
    }
    done += batch;
  }
  for (int64_t i = 0; i < 5000; ++i) {
    ASSERT_EQ(bit_util::GetBit(bits.data(), offset + i), values[i] != 0) << i;
  }
  for (int64_t i = 0; i < offset; ++i) EXPECT_TRUE(bit_util::GetBit(bits.data(), i));
}

TEST(RleBitPackedDecoderTest, DictionaryIndexOutOfRange) {
  RleBitPackedDecoder dec;
  std::vector<uint32_t> out(16);
  // RLE run of index 9.
  const auto rle = Bytes({0x10, 0x09});
  dec.Reset(rle.data(), rle.size(), 4);
  Status st = dec.DecodeIndices(out.data(), 8, 9);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_EQ(st.message(), "Dictionary index out of range: index 9, dictionary size 9");
  // A bit-packed run of 32 values where value 20 is 6 (dictionary of 5).
  std::vector<uint32_t> values(32, 1);
  values[20] = 6;
  RleBitPackedEncoder enc(3);
  enc.PutBatch(values.data(), 32);
  std::string packed;
  enc.FinishTo(&packed);
  for (int64_t batch : {32, 5}) {
    dec.Reset(reinterpret_cast<const uint8_t*>(packed.data()), packed.size(), 3);
    std::vector<uint32_t> o(32);
    Status s = Status::OK();
    for (int64_t done = 0; done < 32 && s.ok(); done += batch) {
      s = dec.DecodeIndices(o.data() + done, std::min<int64_t>(batch, 32 - done), 5);
    }
    EXPECT_EQ(s.message(), "Dictionary index out of range: index 6, dictionary size 5");
  }
}

TEST(RleBitPackedDecoderTest, MalformedStreamsFailCleanly) {
  RleBitPackedDecoder dec;
  std::vector<uint32_t> out(64);
  // Run value wider than the bit width.
  const auto wide = Bytes({0x10, 0x09});
  dec.Reset(wide.data(), wide.size(), 3);
  EXPECT_EQ(dec.Decode(out.data(), 8).code(), StatusCode::kCorruption);
  // Header varint that never ends.
  const auto header = Bytes({0x80, 0x80});
  dec.Reset(header.data(), header.size(), 3);
  EXPECT_EQ(dec.Decode(out.data(), 1).code(), StatusCode::kCorruption);
  // RLE run with its value bytes missing.
  const auto novalue = Bytes({0x10, 0x05});
  dec.Reset(novalue.data(), novalue.size(), 9);
  EXPECT_EQ(dec.Decode(out.data(), 1).code(), StatusCode::kCorruption);
  // A bit-packed run claiming 2^40 groups with 3 bytes present yields the 8 whole values.
  const auto huge = Bytes({0x81, 0x80, 0x80, 0x80, 0x80, 0x40, 0x88, 0xC6, 0xFA});
  dec.Reset(huge.data(), huge.size(), 3);
  ASSERT_TRUE(dec.Decode(out.data(), 8).ok());
  for (int i = 0; i < 8; ++i) EXPECT_EQ(out[i], static_cast<uint32_t>(i));
  EXPECT_EQ(dec.Decode(out.data(), 1).code(), StatusCode::kCorruption);
  // Width 0: a huge bit-packed run needs no bytes.
  dec.Reset(huge.data(), 6, 0);
  ASSERT_TRUE(dec.Decode(out.data(), 64).ok());
  EXPECT_TRUE(std::all_of(out.begin(), out.end(), [](uint32_t v) { return v == 0; }));
}

TEST(RleBitPackedDecoderTest, EveryTruncationFailsOrDecodesAPrefix) {
  std::mt19937_64 rng(14);
  for (int w : {1, 5, 17, 32}) {
    const auto values = MixedValues(rng, w, 700);
    const std::string enc = Encode(values, w);
    for (size_t len = 0; len < enc.size(); ++len) {
      std::vector<uint8_t> cut(enc.begin(), enc.begin() + len);
      RleBitPackedDecoder dec;
      dec.Reset(cut.data(), cut.size(), w);
      std::vector<uint32_t> out(values.size());
      Status st = dec.Decode(out.data(), out.size());
      if (st.ok()) {
        EXPECT_EQ(out, values);  // Only trailing padding was cut.
      } else {
        EXPECT_EQ(st.code(), StatusCode::kCorruption);
      }
    }
  }
}

TEST(RleBitPackedEncoderTest, ClearAndReuse) {
  RleBitPackedEncoder enc(4);
  std::vector<uint32_t> a = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  enc.PutBatch(a.data(), 9);
  EXPECT_GT(enc.EstimatedSize(), 0);
  enc.Clear();
  EXPECT_EQ(enc.EstimatedSize(), 0);
  std::vector<uint32_t> b(20, 3);
  enc.PutBatch(b.data(), 20);
  std::string out;
  enc.FinishTo(&out);
  EXPECT_EQ(out, std::string("\x28\x03", 2));  // 20 << 1 = 40.
}

}  // namespace
}  // namespace lakeml::parquet
