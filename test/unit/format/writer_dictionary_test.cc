#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "format/parquet/writer/byte_array_dictionary.h"
#include "format/parquet/writer/fixed_width_dictionary.h"

namespace lakeml::parquet {
namespace {

TEST(WriterFixedWidthDictionaryTest, IndicesFollowFirstAppearance) {
  FixedWidthDictionary<uint64_t> d;
  std::vector<uint64_t> v = {7, 3, 7, 7, 0, 3};
  std::vector<uint32_t> idx(v.size());
  d.Insert(reinterpret_cast<const uint8_t*>(v.data()), v.size(), idx.data());
  EXPECT_EQ(idx, (std::vector<uint32_t>{0, 1, 0, 0, 2, 1}));
  ASSERT_EQ(d.size(), 3);
  EXPECT_EQ(d.plain_bytes(), 24);
  uint64_t e[3];
  std::memcpy(e, d.entries(), 24);
  EXPECT_EQ(e[0], 7u);
  EXPECT_EQ(e[1], 3u);
  EXPECT_EQ(e[2], 0u);
}

TEST(WriterFixedWidthDictionaryTest, GrowsAndMatchesAReferenceMap) {
  FixedWidthDictionary<uint32_t> d;
  std::mt19937 rng(1);
  std::vector<uint32_t> v(200000);
  for (auto& x : v) x = rng() % 50000;
  std::vector<uint32_t> idx(v.size());
  d.Insert(reinterpret_cast<const uint8_t*>(v.data()), v.size(), idx.data());
  const uint32_t* entries = reinterpret_cast<const uint32_t*>(d.entries());
  for (size_t i = 0; i < v.size(); ++i) ASSERT_EQ(entries[idx[i]], v[i]) << i;
  d.Clear();
  EXPECT_EQ(d.size(), 0);
}

TEST(WriterByteArrayDictionaryTest, ByteArraysIncludingEmpty) {
  ByteArrayDictionary d;
  std::string data = "abcab";
  std::vector<int64_t> offsets = {0, 2, 2, 3, 5, 5};  // "ab", "", "c", "ab", ""
  std::vector<uint32_t> idx(5);
  d.InsertByteArrays(offsets.data(), reinterpret_cast<const uint8_t*>(data.data()), 5, idx.data());
  EXPECT_EQ(idx, (std::vector<uint32_t>{0, 1, 2, 0, 1}));
  EXPECT_EQ(d.size(), 3);
  EXPECT_EQ(d.plain_bytes(), 3 + 4 * 3);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(d.data()), d.data_bytes()), "abc");
}

TEST(WriterByteArrayDictionaryTest, FixedWidthAndGrowth) {
  ByteArrayDictionary d;
  std::vector<uint8_t> v(3 * 100000);
  for (size_t i = 0; i < 100000; ++i) {
    const uint32_t k = static_cast<uint32_t>(i % 30000);
    std::memcpy(&v[i * 3], &k, 3);
  }
  std::vector<uint32_t> idx(100000);
  d.InsertFixed(v.data(), 3, 100000, idx.data());
  EXPECT_EQ(d.size(), 30000);
  for (size_t i = 0; i < 100000; ++i) {
    ASSERT_EQ(std::memcmp(d.data() + d.offsets()[idx[i]], &v[i * 3], 3), 0) << i;
  }
}

}  // namespace
}  // namespace lakeml::parquet
