// ColumnChunkCache: slice reads through the cache return what whole-row-group decodes return,
// on a miss and on a hit; the budget bounds it (LRU eviction, 0 = off); concurrent readers
// share it; a rewritten file gets a new key; a broken chunk is never cached and gives the same
// error as without a cache.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <thread>

#include "format/parquet/column_chunk_cache.h"
#include "format/parquet/file_reader.h"
#include "format/parquet/row_group_slice_reader.h"
#include "format/parquet/writer/file_writer.h"
#include "io/local_file_system.h"
#include "io/memory_file_system.h"
#include "writer_random_vectors.h"

namespace lakeml::parquet {
namespace {

using namespace testing;  // NOLINT
using columnar::Batch;
using columnar::BatchPtr;
using columnar::Schema;
using columnar::SchemaPtr;

SchemaPtr CacheTestSchema() {
  using columnar::DataType;
  std::vector<Field> f;
  f.push_back({"i64", DataType::Primitive(TypeId::kInt64), true});
  f.push_back({"s", DataType::String(), true});
  f.push_back({"dec", DataType::Decimal(12, 2), false});
  return std::make_shared<const Schema>(std::move(f));
}

class ColumnChunkCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("lakeml_chunk_cache_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "t.parquet").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes a file of 3 row groups with dictionary and PLAIN (fallback) pages, snappy pages v1
  // or zstd v2.
  void WriteFile(io::FileSystem* fs, uint64_t seed, int page_version = 1) {
    WriterOptions o;
    o.dictionary = true;
    o.data_page_version = page_version;
    o.compression = page_version == 1 ? CompressionCodec::kSnappy : CompressionCodec::kZstd;
    o.page_bytes = 1000;
    o.dictionary_page_bytes = 3000;  // Some chunks fall back to PLAIN mid-chunk.
    o.row_group_rows = 1500;
    o.num_threads = 1;
    std::mt19937_64 rng(seed);
    RandomOptions ro;
    ro.string_cardinality = seed % 2 == 0 ? 4 : 0;
    const SchemaPtr schema = CacheTestSchema();
    auto w = FileWriter::Open(fs, path_, schema, o);
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    std::vector<VectorPtr> cols;
    for (const Field& f : schema->fields()) cols.push_back(RandomVector(f, 4000, rng, ro));
    ASSERT_TRUE((*w)->Write(Batch(schema, std::move(cols), 4000)).ok());
    ASSERT_TRUE((*w)->Close().ok());
  }

  // Reads every row group in slices through `cache` and compares with whole row group decodes
  // (which never use the cache).
  void ExpectCachedSlicesMatch(io::FileSystem* fs, ColumnChunkCache* cache) {
    ReaderOptions ro;
    ro.num_threads = 1;
    ro.chunk_cache = cache;
    auto r = FileReader::Open(fs, path_, ro);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    const std::vector<int> fields = {0, 1, 2};
    for (int g = 0; g < (*r)->num_row_groups(); ++g) {
      auto whole = (*r)->ReadRowGroup(g, fields);
      ASSERT_TRUE(whole.ok()) << whole.status().ToString();
      RowGroupSliceReader slices(r->get(), fields);
      ASSERT_TRUE(slices.Open(g).ok());
      int64_t row = 0;
      while (slices.rows_left() > 0) {
        auto b = slices.Next(700);
        ASSERT_TRUE(b.ok()) << b.status().ToString();
        for (size_t c = 0; c < fields.size(); ++c) {
          ASSERT_TRUE(RangesEqual(*(*whole)->column(c), row, *(*b)->column(c), 0, (*b)->num_rows(),
                                  "column"))
              << "row group " << g << " row " << row;
        }
        row += (*b)->num_rows();
      }
      EXPECT_EQ(row, (*whole)->num_rows());
    }
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(ColumnChunkCacheTest, MissThenHitGiveTheSameValues) {
  for (int version : {1, 2}) {
    WriteFile(io::LocalFs(), 1 + version, version);
    ColumnChunkCache cache(64 << 20);
    ExpectCachedSlicesMatch(io::LocalFs(), &cache);
    const ColumnChunkCache::Stats miss = cache.stats();
    EXPECT_EQ(miss.hits, 0);
    EXPECT_EQ(miss.misses, 9);  // 3 row groups x 3 columns.
    EXPECT_EQ(miss.inserts, 9);
    EXPECT_GT(miss.bytes, 0);
    ExpectCachedSlicesMatch(io::LocalFs(), &cache);
    const ColumnChunkCache::Stats hit = cache.stats();
    EXPECT_EQ(hit.hits, 9);
    EXPECT_EQ(hit.misses, 9);
    EXPECT_EQ(hit.bytes, miss.bytes);
  }
}

TEST_F(ColumnChunkCacheTest, SmallBudgetEvictsLeastRecentlyUsed) {
  WriteFile(io::LocalFs(), 3);
  ColumnChunkCache big(64 << 20);
  ExpectCachedSlicesMatch(io::LocalFs(), &big);
  const int64_t all = big.stats().bytes;
  ColumnChunkCache cache(all / 3);
  ExpectCachedSlicesMatch(io::LocalFs(), &cache);
  ExpectCachedSlicesMatch(io::LocalFs(), &cache);
  const ColumnChunkCache::Stats s = cache.stats();
  EXPECT_LE(s.bytes, all / 3);
  EXPECT_GT(s.evictions, 0);
  EXPECT_LT(s.entries, 9);
  cache.SetCapacity(1);  // Smaller than any chunk: everything goes, nothing more fits.
  EXPECT_EQ(cache.stats().bytes, 0);
  EXPECT_EQ(cache.stats().entries, 0);
  ExpectCachedSlicesMatch(io::LocalFs(), &cache);
  EXPECT_EQ(cache.stats().entries, 0);
}

TEST_F(ColumnChunkCacheTest, BudgetZeroOrUnknownIdentityCachesNothing) {
  WriteFile(io::LocalFs(), 4);
  ColumnChunkCache off(0);
  ExpectCachedSlicesMatch(io::LocalFs(), &off);
  EXPECT_EQ(off.stats().inserts, 0);
  EXPECT_EQ(off.stats().hits, 0);
  // A memory file system cannot tell a rewritten file from the old one: never cached.
  io::MemoryFileSystem mem;
  WriteFile(&mem, 4);
  ColumnChunkCache cache(64 << 20);
  ExpectCachedSlicesMatch(&mem, &cache);
  EXPECT_EQ(cache.stats().inserts, 0);
}

TEST_F(ColumnChunkCacheTest, RewrittenFileGetsANewKey) {
  ColumnChunkCache cache(64 << 20);
  WriteFile(io::LocalFs(), 5);
  ExpectCachedSlicesMatch(io::LocalFs(), &cache);
  EXPECT_EQ(cache.stats().inserts, 9);
  // Same path, other contents (the comparison with whole-row-group decodes catches stale data).
  WriteFile(io::LocalFs(), 6);
  ExpectCachedSlicesMatch(io::LocalFs(), &cache);
  EXPECT_EQ(cache.stats().inserts, 18);
  EXPECT_EQ(cache.stats().hits, 0);
}

TEST_F(ColumnChunkCacheTest, ConcurrentReadersShareIt) {
  WriteFile(io::LocalFs(), 7);
  ColumnChunkCache cache(64 << 20);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 3; ++i) ExpectCachedSlicesMatch(io::LocalFs(), &cache);
    });
  }
  for (auto& t : threads) t.join();
  const ColumnChunkCache::Stats s = cache.stats();
  EXPECT_EQ(s.entries, 9);
  EXPECT_EQ(s.hits + s.misses, 4 * 3 * 9);
  EXPECT_GE(s.hits, 4 * 3 * 9 - 4 * 9);
}

// Broken chunks: the same error with and without the cache, and nothing cached for them.
TEST_F(ColumnChunkCacheTest, BrokenChunksAreNotCached) {
  const std::string dir = std::string(LAKEML_SHARED_DIR) + "/conformance/parquet/bad_data";
  int compared = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".parquet") continue;
    auto drain = [&](ColumnChunkCache* cache) -> Status {
      ReaderOptions ro;
      ro.num_threads = 1;
      ro.chunk_cache = cache;
      LAKEML_ASSIGN_OR_RETURN(auto r, FileReader::Open(io::LocalFs(), e.path().string(), ro));
      std::vector<int> flat;
      for (size_t f = 0; f < r->schema()->num_fields(); ++f) {
        if (RowGroupSliceReader::CanSlice(*r, {static_cast<int>(f)})) {
          flat.push_back(static_cast<int>(f));
        }
      }
      if (flat.empty()) return Status::OK();
      std::vector<int> groups;
      for (int g = 0; g < r->num_row_groups(); ++g) groups.push_back(g);
      BatchStream stream(r.get(), groups, flat, -1, 1024);
      while (true) {
        LAKEML_ASSIGN_OR_RETURN(BatchPtr b, stream.Next());
        if (b == nullptr) return Status::OK();
      }
    };
    ColumnChunkCache cache(64 << 20);
    const Status plain = drain(nullptr);
    const Status cached = drain(&cache);
    EXPECT_EQ(plain.ToString(), cached.ToString()) << e.path();
    const Status again = drain(&cache);
    EXPECT_EQ(plain.ToString(), again.ToString()) << e.path();
    if (!plain.ok()) ++compared;
  }
  EXPECT_GT(compared, 0);
}

}  // namespace
}  // namespace lakeml::parquet
