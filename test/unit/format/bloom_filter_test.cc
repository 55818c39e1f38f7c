#include "format/parquet/bloom_filter.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "format/parquet/file_reader.h"
#include "io/local_file_system.h"

namespace lakeml::parquet {
namespace {

std::string DataFile(const std::string& name) {
  return std::string(LAKEML_SHARED_DIR) + "/conformance/parquet/data/" + name;
}

TEST(BloomFilterTest, ReadsParquetMrFilter) {
  std::ifstream in(DataFile("bloom_filter.xxhash.bin"), std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string bytes = ss.str();
  ASSERT_FALSE(bytes.empty());
  auto f = BloomFilter::Parse(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  // parquet-mr inserted exactly these four strings (data/README.md).
  for (const char* s : {"hello", "parquet", "bloom", "filter"}) {
    EXPECT_TRUE(f->MightContain(BloomFilter::Hash(s))) << s;
  }
  int false_positives = 0;
  for (int i = 0; i < 1000; ++i)
    false_positives += f->MightContain(BloomFilter::Hash("absent" + std::to_string(i)));
  EXPECT_LT(false_positives, 50);
}

TEST(BloomFilterTest, InsertThenProbeRoundTrips) {
  BloomFilter f(1024);
  for (int64_t i = 0; i < 200; ++i) f.Insert(BloomFilter::HashValue(i));
  for (int64_t i = 0; i < 200; ++i) EXPECT_TRUE(f.MightContain(BloomFilter::HashValue(i)));
  std::string wire;
  f.SerializeTo(&wire);
  size_t used = 0;
  auto g = BloomFilter::Parse(reinterpret_cast<const uint8_t*>(wire.data()), wire.size(), &used);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_EQ(used, wire.size());
  for (int64_t i = 0; i < 200; ++i) EXPECT_TRUE(g->MightContain(BloomFilter::HashValue(i)));
}

TEST(BloomFilterTest, RejectsTruncatedBitset) {
  BloomFilter f(64);
  std::string wire;
  f.SerializeTo(&wire);
  wire.resize(wire.size() - 1);
  EXPECT_FALSE(BloomFilter::Parse(reinterpret_cast<const uint8_t*>(wire.data()), wire.size()).ok());
}

TEST(BloomFilterTest, FileColumnFilterContainsEveryValue) {
  for (const char* name : {"data_index_bloom_encoding_stats.parquet",
                           "data_index_bloom_encoding_with_length.parquet"}) {
    auto reader = FileReader::Open(io::LocalFs(), DataFile(name));
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    auto filter = (*reader)->ReadBloomFilter(0, 0);
    ASSERT_TRUE(filter.ok()) << name << ": " << filter.status().ToString();
    auto batch = (*reader)->ReadRowGroup(0, {0});
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    const columnar::Vector& col = *(*batch)->column(0);
    int checked = 0;
    for (int64_t i = 0; i < col.length(); ++i) {
      if (col.IsNull(i)) continue;
      EXPECT_TRUE(filter->MightContain(BloomFilter::Hash(col.GetView(i)))) << col.GetView(i);
      ++checked;
    }
    EXPECT_GT(checked, 0);
    EXPECT_FALSE(filter->MightContain(BloomFilter::Hash("certainly not in this column 12345")));
  }
}

}  // namespace
}  // namespace lakeml::parquet
