#include "delta/dv/deletion_vector_writer.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "delta/dv/deletion_vector_loader.h"
#include "delta/dv/z85.h"
#include "io/memory_file_system.h"

namespace lakeml::delta {
namespace {

std::vector<RoaringBitmapArray> SampleBitmaps() {
  std::vector<RoaringBitmapArray> out(5);
  out[0].Add(0);
  out[0].Add(1);                                          // Spark's basic-dv-no-checkpoint DV.
  for (uint64_t v = 0; v < 30000; v += 3) out[1].Add(v);  // Bitmap container.
  out[2].AddRange(100, 1'000'000);                        // Run containers.
  out[3].Add(7);
  out[3].Add((1ull << 32) + 9);  // Two buckets.
  out[3].AddRange((3ull << 32) - 5, (3ull << 32) + 5);
  for (uint64_t v = 5; v < 200000; v += 977) out[4].Add(v);  // Sparse arrays.
  return out;
}

TEST(DeletionVectorWriterTest, WritesSeveralDeletionVectorsThatLoadBack) {
  io::MemoryFileSystem fs;
  DeletionVectorWriter writer(&fs, "/t");
  const auto bitmaps = SampleBitmaps();
  std::vector<DeletionVectorDescriptor> descriptors;
  int64_t expected_offset = 1;
  for (const RoaringBitmapArray& b : bitmaps) {
    auto dv = writer.Add(b);
    ASSERT_TRUE(dv.ok()) << dv.status().ToString();
    EXPECT_EQ(dv->storage_type, DeletionVectorDescriptor::kUuid);
    EXPECT_EQ(dv->path_or_inline_dv, writer.path_or_inline_dv());
    EXPECT_EQ(dv->path_or_inline_dv.size(), 20u);
    EXPECT_EQ(dv->offset, expected_offset);
    EXPECT_EQ(dv->size_in_bytes, static_cast<int32_t>(b.Serialize().size()));
    EXPECT_EQ(dv->cardinality, static_cast<int64_t>(b.Cardinality()));
    expected_offset += 4 + dv->size_in_bytes + 4;
    descriptors.push_back(*dv);
  }
  EXPECT_EQ(writer.num_deletion_vectors(), 5);
  // Nothing is visible before Finish().
  EXPECT_FALSE(*fs.Exists(writer.path()));
  ASSERT_TRUE(writer.Finish().ok());

  auto content = fs.ReadFile(writer.path());
  ASSERT_TRUE(content.ok());
  EXPECT_EQ(static_cast<int64_t>(content->size()), expected_offset);
  EXPECT_EQ((*content)[0], '\x01');
  // The file is named after the UUID the descriptor carries.
  auto resolved = ResolveDeletionVectorPath("/t", descriptors[0]);
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(*resolved, writer.path());
  EXPECT_TRUE(writer.path().starts_with("/t/deletion_vector_"));

  for (size_t i = 0; i < bitmaps.size(); ++i) {
    SCOPED_TRACE(i);
    auto loaded = LoadDeletionVector(fs, "/t", descriptors[i]);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    EXPECT_TRUE(*loaded == bitmaps[i]);
  }
}

TEST(DeletionVectorWriterTest, SameBytesAsSpark) {
  // A one-DV file for rows {0, 1} is byte-for-byte Spark's basic-dv-no-checkpoint DV file.
  std::ifstream in(std::string(LAKEML_SHARED_DIR) +
                       "/conformance/delta/delta/basic-dv-no-checkpoint/delta/"
                       "deletion_vector_899cef78-06b3-4c14-b024-03860e62cd40.bin",
                   std::ios::binary);
  std::stringstream spark;
  spark << in.rdbuf();
  io::MemoryFileSystem fs;
  DeletionVectorWriter writer(&fs, "/t");
  auto dv = writer.Add(SampleBitmaps()[0]);
  ASSERT_TRUE(dv.ok());
  ASSERT_TRUE(writer.Finish().ok());
  EXPECT_EQ(*fs.ReadFile(writer.path()), spark.str());
  EXPECT_EQ(dv->offset, 1);
  EXPECT_EQ(dv->size_in_bytes, 36);  // As in Spark's log.
  EXPECT_EQ(dv->cardinality, 2);
}

TEST(DeletionVectorWriterTest, RandomPrefixDirectory) {
  io::MemoryFileSystem fs;
  DeletionVectorWriter writer(&fs, "/t", 3);
  auto dv = writer.Add(SampleBitmaps()[3]);
  ASSERT_TRUE(dv.ok());
  ASSERT_TRUE(writer.Finish().ok());
  ASSERT_EQ(dv->path_or_inline_dv.size(), 23u);
  const std::string prefix = dv->path_or_inline_dv.substr(0, 3);
  for (char c : prefix) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << prefix;
  EXPECT_TRUE(writer.path().starts_with("/t/" + prefix + "/deletion_vector_")) << writer.path();
  auto loaded = LoadDeletionVector(fs, "/t", *dv);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_TRUE(*loaded == SampleBitmaps()[3]);
}

TEST(DeletionVectorWriterTest, FinishWithoutDeletionVectorsWritesNothing) {
  io::MemoryFileSystem fs;
  DeletionVectorWriter writer(&fs, "/t");
  ASSERT_TRUE(writer.Finish().ok());
  EXPECT_FALSE(*fs.Exists(writer.path()));
}

TEST(DeletionVectorWriterTest, NeverOverwritesAnExistingFile) {
  io::MemoryFileSystem fs;
  DeletionVectorWriter writer(&fs, "/t");
  ASSERT_TRUE(fs.WriteWhole(writer.path(), "someone else's").ok());
  ASSERT_TRUE(writer.Add(SampleBitmaps()[0]).ok());
  Status s = writer.Finish();
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists) << s.ToString();
  EXPECT_NE(s.message().find("Cannot write deletion vector file " + writer.path()),
            std::string::npos);
  EXPECT_EQ(*fs.ReadFile(writer.path()), "someone else's");
}

TEST(DeletionVectorWriterTest, WritesToLocalDisk) {
  char tmpl[] = "/tmp/lakeml_dv_XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string root = tmpl;
  DeletionVectorWriter writer(io::LocalFs(), root, 2);
  const auto bitmaps = SampleBitmaps();
  std::vector<DeletionVectorDescriptor> descriptors;
  for (const auto& b : bitmaps) descriptors.push_back(*writer.Add(b));
  ASSERT_TRUE(writer.Finish().ok());
  for (size_t i = 0; i < bitmaps.size(); ++i) {
    auto loaded = LoadDeletionVector(*io::LocalFs(), root, descriptors[i]);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    EXPECT_TRUE(*loaded == bitmaps[i]);
  }
  std::filesystem::remove_all(root);
}

TEST(DeletionVectorWriterTest, InlineDescriptorsRoundTrip) {
  auto bitmaps = SampleBitmaps();
  // Serialized sizes with every remainder mod 4 (the Z85 text pads to a multiple of 4).
  std::set<size_t> remainders;
  bitmaps.emplace_back();
  bitmaps.back().AddRange(0, 100);  // 31 bytes: one run container, an odd flag byte.
  bitmaps.push_back(bitmaps.back());
  bitmaps.back().Add(70000);  // 37 bytes.
  bitmaps.emplace_back();
  bitmaps.back().Add(0);   // 34 bytes.
  bitmaps.emplace_back();  // Empty.
  for (const RoaringBitmapArray& b : bitmaps) {
    const DeletionVectorDescriptor dv = InlineDescriptor(b);
    const size_t size = b.Serialize().size();
    remainders.insert(size % 4);
    EXPECT_EQ(dv.storage_type, DeletionVectorDescriptor::kInline);
    EXPECT_FALSE(dv.offset.has_value());
    EXPECT_EQ(dv.size_in_bytes, static_cast<int32_t>(size));
    EXPECT_EQ(dv.path_or_inline_dv.size(), (size + 3) / 4 * 5);
    EXPECT_EQ(dv.cardinality, static_cast<int64_t>(b.Cardinality()));
    io::MemoryFileSystem unused;
    auto loaded = LoadDeletionVector(unused, "/t", dv);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    EXPECT_TRUE(*loaded == b);
  }
  EXPECT_EQ(remainders.size(), 4u);
}

TEST(DeletionVectorWriterTest, InlineMatchesDeltaKernelRs) {
  // delta-kernel-rs/cdf-table-with-dv stores rows {0, 1, 4, 5} inline as this text.
  RoaringBitmapArray b;
  for (uint64_t v : {0, 1, 4, 5}) b.Add(v);
  const DeletionVectorDescriptor dv = InlineDescriptor(b);
  EXPECT_EQ(dv.path_or_inline_dv, "^Bg9^0rr910000000000iXQKl0rr91000935c8Xg000311onP9");
  EXPECT_EQ(dv.size_in_bytes, 40);
}

}  // namespace
}  // namespace lakeml::delta
