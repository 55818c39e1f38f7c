// Round trips every ValueEncoder / ValueDecoder pair over every physical type the encoding
// supports, with random data, edge values and random batch sizes, over several pages.
#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "base/bit_util.h"
#include "columnar/buffer.h"
#include "format/parquet/encoding/physical_type_width.h"
#include "format/parquet/encoding/value_decoder.h"
#include "format/parquet/encoding/value_encoder.h"

namespace lakeml::parquet {
namespace {

struct Case {
  Encoding encoding;
  Type type;
  int type_length;
};

std::string CaseName(const Case& c) {
  return StrCat(EncodingName(c.encoding), "_", TypeName(c.type), "_", c.type_length);
}

// One page of values in a type-neutral form.
struct Page {
  int64_t n = 0;
  std::vector<uint8_t> fixed;    // n * width bytes.
  std::vector<uint8_t> bits;     // BOOLEAN.
  std::vector<int64_t> offsets;  // BYTE_ARRAY: n + 1.
  std::vector<uint8_t> bytes;
};

template <typename T>
void AppendValue(std::vector<uint8_t>* out, T v) {
  const size_t old = out->size();
  out->resize(old + sizeof(T));
  std::memcpy(out->data() + old, &v, sizeof(T));
}

template <typename T>
void IntValues(std::mt19937_64& rng, int64_t n, std::vector<uint8_t>* out) {
  using Lim = std::numeric_limits<T>;
  const T edges[] = {Lim::min(), Lim::max(), 0, -1, 1, Lim::min() + 1, Lim::max() - 1};
  const int pattern = rng() % 3;  // Random, sorted-ish, or wild swings.
  T v = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (rng() % 16 == 0) {
      v = edges[rng() % 7];
    } else if (pattern == 0) {
      v = static_cast<T>(rng());
    } else if (pattern == 1) {
      v = static_cast<T>(static_cast<std::make_unsigned_t<T>>(v) + rng() % 1000);
    } else {
      v = static_cast<T>(rng() % 100) - 50;
    }
    AppendValue(out, v);
  }
}

Page MakePage(std::mt19937_64& rng, const Case& c, int64_t n) {
  Page p;
  p.n = n;
  const int width = PhysicalTypeWidth(c.type, c.type_length);
  switch (c.type) {
    case Type::kBoolean: {
      p.bits.resize(bit_util::BytesForBits(n) + 1);
      const bool runs = rng() % 2;
      bool v = false;
      for (int64_t i = 0; i < n; ++i) {
        if (!runs || rng() % 50 == 0) v = rng() % 2;
        bit_util::SetBitTo(p.bits.data(), i, v);
      }
      break;
    }
    case Type::kInt32:
      IntValues<int32_t>(rng, n, &p.fixed);
      break;
    case Type::kInt64:
      IntValues<int64_t>(rng, n, &p.fixed);
      break;
    case Type::kFloat:
      for (int64_t i = 0; i < n; ++i) {
        const float edges[] = {0.0f,
                               -0.0f,
                               std::numeric_limits<float>::infinity(),
                               std::numeric_limits<float>::quiet_NaN(),
                               std::numeric_limits<float>::denorm_min(),
                               1.5f};
        AppendValue(&p.fixed,
                    rng() % 8 == 0 ? edges[rng() % 6] : static_cast<float>(rng() % 100000) / 7.0f);
      }
      break;
    case Type::kDouble:
      for (int64_t i = 0; i < n; ++i) {
        AppendValue(&p.fixed, rng() % 8 == 0 ? std::numeric_limits<double>::lowest()
                                             : static_cast<double>(rng()) / 3.0);
      }
      break;
    case Type::kInt96:
    case Type::kFixedLenByteArray: {
      // Values sharing prefixes, so DELTA_BYTE_ARRAY has something to do.
      std::vector<uint8_t> prev(width, 0);
      for (int64_t i = 0; i < n; ++i) {
        const int keep = static_cast<int>(rng() % (width + 1));
        for (int j = keep; j < width; ++j) prev[j] = static_cast<uint8_t>(rng());
        p.fixed.insert(p.fixed.end(), prev.begin(), prev.end());
      }
      break;
    }
    case Type::kByteArray: {
      p.offsets.push_back(0);
      std::string prev;
      for (int64_t i = 0; i < n; ++i) {
        std::string v;
        switch (rng() % 5) {
          case 0:
            break;  // Empty.
          case 1:
            v = prev.substr(0, rng() % (prev.size() + 1)) + std::string(rng() % 5, 'x');
            break;
          case 2:
            v.assign(rng() % 300, static_cast<char>(rng()));
            break;
          default:
            for (int k = rng() % 20; k > 0; --k) v.push_back(static_cast<char>(rng()));
        }
        p.bytes.insert(p.bytes.end(), v.begin(), v.end());
        p.offsets.push_back(static_cast<int64_t>(p.bytes.size()));
        prev = v;
      }
      break;
    }
  }
  return p;
}

void PutInBatches(std::mt19937_64& rng, const Case& c, const Page& p, ValueEncoder* enc) {
  const int width = PhysicalTypeWidth(c.type, c.type_length);
  for (int64_t done = 0; done < p.n;) {
    const int64_t b = std::min<int64_t>(p.n - done, 1 + rng() % 700);
    if (c.type == Type::kBoolean) {
      enc->PutBooleans(p.bits.data(), done, b);
    } else if (c.type == Type::kByteArray) {
      enc->PutByteArrays(p.offsets.data() + done, p.bytes.data(), b);
    } else {
      enc->PutFixed(p.fixed.data() + done * width, b);
    }
    done += b;
  }
}

void DecodeAndCompare(std::mt19937_64& rng, const Case& c, const Page& p, ValueDecoder* dec) {
  const int width = PhysicalTypeWidth(c.type, c.type_length);
  // Output at an odd bit offset / after existing bytes, to check appends.
  const int64_t bit_offset = 5;
  std::vector<uint8_t> bits(bit_util::BytesForBits(p.n + bit_offset) + 1, 0);
  std::vector<uint8_t> fixed(p.n * width + 1);
  columnar::Buffer data;
  data.Append("seed", 4);
  std::vector<int64_t> offsets(p.n + 1);
  offsets[0] = 4;
  for (int64_t done = 0; done < p.n;) {
    const int64_t b = std::min<int64_t>(p.n - done, 1 + rng() % 1000);
    Status st;
    if (c.type == Type::kBoolean) {
      st = dec->DecodeBooleans(b, bits.data(), bit_offset + done);
    } else if (c.type == Type::kByteArray) {
      st = dec->DecodeByteArrays(b, offsets.data() + done, &data);
    } else {
      st = dec->DecodeFixed(b, fixed.data() + done * width);
    }
    ASSERT_TRUE(st.ok()) << st.ToString();
    done += b;
  }
  if (c.type == Type::kBoolean) {
    for (int64_t i = 0; i < p.n; ++i) {
      ASSERT_EQ(bit_util::GetBit(bits.data(), bit_offset + i), bit_util::GetBit(p.bits.data(), i))
          << i;
    }
  } else if (c.type == Type::kByteArray) {
    ASSERT_EQ(data.size(), 4 + static_cast<int64_t>(p.bytes.size()));
    EXPECT_EQ(std::memcmp(data.data(), "seed", 4), 0);
    EXPECT_EQ(std::vector<uint8_t>(data.data() + 4, data.data() + data.size()), p.bytes);
    for (int64_t i = 0; i <= p.n; ++i) ASSERT_EQ(offsets[i], p.offsets[i] + 4) << i;
  } else {
    fixed.pop_back();
    ASSERT_EQ(fixed, p.fixed);
  }
  // Nothing is left: one more value is an error, never a crash.
  uint8_t scratch[64] = {};
  columnar::Buffer extra;
  int64_t extra_offsets[2] = {0, 0};
  Status st = c.type == Type::kBoolean     ? dec->DecodeBooleans(1, scratch, 0)
              : c.type == Type::kByteArray ? dec->DecodeByteArrays(1, extra_offsets, &extra)
                                           : dec->DecodeFixed(1, scratch);
  EXPECT_EQ(st.code(), StatusCode::kCorruption) << st.ToString();
}

class ValueRoundTripTest : public ::testing::TestWithParam<Case> {};

TEST_P(ValueRoundTripTest, PagesOfManySizes) {
  const Case c = GetParam();
  std::mt19937_64 rng(static_cast<uint64_t>(c.encoding) * 100 + static_cast<uint64_t>(c.type));
  auto enc = MakeValueEncoder(c.encoding, c.type, c.type_length);
  ASSERT_TRUE(enc.ok()) << enc.status().ToString();
  auto dec = MakeValueDecoder(c.encoding, c.type, c.type_length);
  ASSERT_TRUE(dec.ok()) << dec.status().ToString();
  // One encoder and one decoder for all pages, as a column chunk uses them.
  for (int64_t n : {0, 1, 2, 7, 8, 31, 32, 33, 127, 128, 129, 1000, 4097, 20001}) {
    SCOPED_TRACE(n);
    const Page p = MakePage(rng, c, n);
    PutInBatches(rng, c, p, enc->get());
    EXPECT_GE((*enc)->EstimatedSize(), 0);
    std::string encoded = "junk";  // FinishTo appends.
    (*enc)->FinishTo(&encoded);
    // Decode from an exact-size heap copy, so ASan catches any overread.
    std::vector<uint8_t> page(encoded.begin() + 4, encoded.end());
    const uint8_t* bytes = page.empty() ? reinterpret_cast<const uint8_t*>("") : page.data();
    ASSERT_TRUE((*dec)->Reset(bytes, page.size(), n).ok());
    DecodeAndCompare(rng, c, p, dec->get());
    if (HasFatalFailure()) return;
  }
}

// Decodes whatever a page yields, in random batches; returns the first error.
Status DecodeAnything(std::mt19937_64& rng, const Case& c, ValueDecoder* dec, int64_t n) {
  const int width = PhysicalTypeWidth(c.type, c.type_length);
  std::vector<uint8_t> out(1000 * std::max(width, 1) + 8);
  std::vector<int64_t> offsets(1001);
  columnar::Buffer data;
  for (int64_t done = 0; done < n;) {
    const int64_t b = std::min<int64_t>(n - done, 1 + rng() % 1000);
    if (c.type == Type::kBoolean) {
      LAKEML_RETURN_IF_ERROR(dec->DecodeBooleans(b, out.data(), rng() % 8));
    } else if (c.type == Type::kByteArray) {
      data.Resize(0);
      offsets[0] = 0;
      LAKEML_RETURN_IF_ERROR(dec->DecodeByteArrays(b, offsets.data(), &data));
    } else {
      LAKEML_RETURN_IF_ERROR(dec->DecodeFixed(b, out.data()));
    }
    done += b;
  }
  return Status::OK();
}

// Corrupted pages (flipped bytes, truncations, garbage) must give OK or Corruption, never a
// crash, hang, or out-of-bounds access (run under ASan/UBSan).
TEST_P(ValueRoundTripTest, DamagedPagesFailCleanly) {
  const Case c = GetParam();
  std::mt19937_64 rng(static_cast<uint64_t>(c.encoding) * 7 + static_cast<uint64_t>(c.type));
  auto enc = MakeValueEncoder(c.encoding, c.type, c.type_length);
  auto dec = MakeValueDecoder(c.encoding, c.type, c.type_length);
  ASSERT_TRUE(enc.ok() && dec.ok());
  for (int iter = 0; iter < 300; ++iter) {
    const int64_t n = 1 + rng() % 600;
    const Page p = MakePage(rng, c, n);
    PutInBatches(rng, c, p, enc->get());
    std::string encoded;
    (*enc)->FinishTo(&encoded);
    switch (iter % 3) {
      case 0:  // Flip a few bytes.
        for (int k = 0; k < 3 && !encoded.empty(); ++k) {
          encoded[rng() % encoded.size()] ^= static_cast<char>(1 + rng() % 255);
        }
        break;
      case 1:  // Truncate.
        encoded.resize(rng() % (encoded.size() + 1));
        break;
      default:  // Garbage.
        for (auto& ch : encoded) ch = static_cast<char>(rng());
    }
    std::vector<uint8_t> page(encoded.begin(), encoded.end());
    const uint8_t* bytes = page.empty() ? reinterpret_cast<const uint8_t*>("") : page.data();
    Status st = (*dec)->Reset(bytes, page.size(), n);
    if (st.ok()) st = DecodeAnything(rng, c, dec->get(), n);
    ASSERT_TRUE(st.ok() || st.code() == StatusCode::kCorruption) << st.ToString();
  }
}

std::vector<Case> AllCases() {
  std::vector<Case> cases;
  const std::pair<Type, int> types[] = {{Type::kBoolean, 0},
                                        {Type::kInt32, 0},
                                        {Type::kInt64, 0},
                                        {Type::kInt96, 0},
                                        {Type::kFloat, 0},
                                        {Type::kDouble, 0},
                                        {Type::kByteArray, 0},
                                        {Type::kFixedLenByteArray, 1},
                                        {Type::kFixedLenByteArray, 3},
                                        {Type::kFixedLenByteArray, 16},
                                        {Type::kFixedLenByteArray, 37}};
  for (Encoding e :
       {Encoding::kPlain, Encoding::kRle, Encoding::kDeltaBinaryPacked,
        Encoding::kDeltaLengthByteArray, Encoding::kDeltaByteArray, Encoding::kByteStreamSplit}) {
    for (auto [t, len] : types) {
      if (MakeValueEncoder(e, t, len).ok()) cases.push_back({e, t, len});
    }
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(AllEncodings, ValueRoundTripTest, ::testing::ValuesIn(AllCases()),
                         [](const auto& info) { return CaseName(info.param); });

TEST(ValueCodecFactoryTest, SupportedCombinationsMatchTheSpec) {
  // Encodings.md's "Supported Types" table.
  EXPECT_EQ(AllCases().size(), 11u /* PLAIN */ + 1 /* RLE */ + 2 /* DELTA_BINARY_PACKED */ +
                                   1 /* DELTA_LENGTH_BYTE_ARRAY */ +
                                   5 /* DELTA_BYTE_ARRAY: BYTE_ARRAY + 4 FLBA */ +
                                   8 /* BYTE_STREAM_SPLIT: 4 + 4 FLBA */);
  for (const Case& c : AllCases()) {
    EXPECT_TRUE(MakeValueDecoder(c.encoding, c.type, c.type_length).ok()) << CaseName(c);
  }
}

TEST(ValueCodecFactoryTest, InvalidCombinationsAreRejected) {
  auto dec = MakeValueDecoder(Encoding::kDeltaBinaryPacked, Type::kDouble, 0);
  ASSERT_FALSE(dec.ok());
  EXPECT_EQ(dec.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(dec.status().message(),
            "Encoding DELTA_BINARY_PACKED is not valid for physical type DOUBLE");
  EXPECT_EQ(MakeValueDecoder(Encoding::kRle, Type::kInt32, 0).status().code(),
            StatusCode::kCorruption);
  EXPECT_EQ(MakeValueDecoder(Encoding::kByteStreamSplit, Type::kByteArray, 0).status().code(),
            StatusCode::kCorruption);
  EXPECT_EQ(MakeValueDecoder(Encoding::kBitPacked, Type::kInt32, 0).status().code(),
            StatusCode::kCorruption);
  EXPECT_EQ(MakeValueDecoder(Encoding::kRleDictionary, Type::kInt32, 0).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeValueDecoder(static_cast<Encoding>(10), Type::kFloat, 0).status().code(),
            StatusCode::kNotImplemented);
  EXPECT_EQ(MakeValueDecoder(Encoding::kPlain, Type::kFixedLenByteArray, 0).status().code(),
            StatusCode::kCorruption);
  EXPECT_EQ(MakeValueDecoder(Encoding::kPlain, static_cast<Type>(9), 0).status().code(),
            StatusCode::kCorruption);
  EXPECT_EQ(MakeValueEncoder(Encoding::kDeltaByteArray, Type::kInt64, 0).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeValueEncoder(Encoding::kPlainDictionary, Type::kInt64, 0).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(ValueCodecFactoryTest, WrongDecodeMethodIsAnError) {
  auto dec = MakeValueDecoder(Encoding::kPlain, Type::kInt32, 0);
  ASSERT_TRUE(dec.ok());
  uint8_t buf[8] = {};
  ASSERT_TRUE((*dec)->Reset(buf, 8, 2).ok());
  EXPECT_EQ((*dec)->DecodeBooleans(1, buf, 0).code(), StatusCode::kInternal);
  columnar::Buffer data;
  int64_t offsets[2] = {0, 0};
  EXPECT_EQ((*dec)->DecodeByteArrays(1, offsets, &data).code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace lakeml::parquet
