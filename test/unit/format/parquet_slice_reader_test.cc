// RowGroupSliceReader / BatchStream slice mode: reading flat columns a slice of rows at a time
// (across page boundaries, with dictionaries, nulls, every page version and codec) returns the
// same values as decoding whole row groups, for files we write and for the conformance corpus.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

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

constexpr char kSlicePath[] = "/t/slices.parquet";

std::vector<int> AllFields(const FileReader& r) {
  std::vector<int> fields;
  for (size_t i = 0; i < r.schema()->num_fields(); ++i) fields.push_back(static_cast<int>(i));
  return fields;
}

// Reads row groups `groups` in slices of batch_rows and compares every slice with the whole
// row group decode. Returns the first error of the slice read (OK if it matched).
Status ExpectSlicesMatch(const FileReader& r, const std::vector<int>& fields, int64_t batch_rows,
                         const std::string& what) {
  std::vector<int> groups;
  for (int g = 0; g < r.num_row_groups(); ++g) groups.push_back(g);
  BatchStream stream(&r, groups, fields, -1, batch_rows);
  for (int g : groups) {
    auto whole = r.ReadRowGroup(g, fields);
    if (!whole.ok()) return whole.status();
    int64_t row = 0;
    while (row < (*whole)->num_rows()) {
      LAKEML_ASSIGN_OR_RETURN(BatchPtr b, stream.Next());
      if (b == nullptr) {
        ADD_FAILURE() << what << ": slices end at row " << row << " of row group " << g;
        return Status::OK();
      }
      EXPECT_LE(b->num_rows(), batch_rows) << what;
      EXPECT_GT(b->num_rows(), 0) << what;
      if (b->num_rows() > (*whole)->num_rows() - row) {
        ADD_FAILURE() << what << ": slice overruns row group " << g;
        return Status::OK();
      }
      for (size_t c = 0; c < fields.size(); ++c) {
        const columnar::Vector& got = *b->column(c);
        EXPECT_EQ(got.length(), b->num_rows());
        if (!RangesEqual(*(*whole)->column(c), row, got, 0, b->num_rows(),
                         r.schema()->field(fields[c]).name)) {
          ADD_FAILURE() << what << ": row group " << g << ", rows from " << row << ", batch_rows "
                        << batch_rows;
          return Status::OK();
        }
      }
      row += b->num_rows();
    }
  }
  LAKEML_ASSIGN_OR_RETURN(BatchPtr end, stream.Next());
  EXPECT_EQ(end, nullptr) << what << ": rows after the last row group";
  return Status::OK();
}

SchemaPtr FlatSchema() {
  using columnar::DataType;
  std::vector<Field> f;
  f.push_back({"i32", DataType::Primitive(TypeId::kInt32), true});
  f.push_back({"i64", DataType::Primitive(TypeId::kInt64), false});
  f.push_back({"f64", DataType::Primitive(TypeId::kFloat64), true});
  f.push_back({"b", DataType::Primitive(TypeId::kBoolean), true});
  f.push_back({"s", DataType::String(), true});
  f.push_back({"s_required", DataType::String(), false});
  f.push_back({"d", DataType::Primitive(TypeId::kDate32), true});
  f.push_back({"dec", DataType::Decimal(12, 2), true});
  f.push_back({"dec_wide", DataType::Decimal(30, 4), true});
  return std::make_shared<const Schema>(std::move(f));
}

struct WriteCase {
  bool dictionary;
  int page_version;
  CompressionCodec codec;
  int string_cardinality;
};

TEST(ParquetSliceReaderTest, SlicesMatchWholeRowGroupsAcrossPages) {
  const SchemaPtr schema = FlatSchema();
  for (const WriteCase& wc : {WriteCase{true, 1, CompressionCodec::kSnappy, 5},
                              WriteCase{false, 1, CompressionCodec::kUncompressed, 0},
                              WriteCase{true, 2, CompressionCodec::kZstd, 0},
                              WriteCase{false, 2, CompressionCodec::kSnappy, 3}}) {
    io::MemoryFileSystem fs;
    WriterOptions o;
    o.dictionary = wc.dictionary;
    o.data_page_version = wc.page_version;
    o.compression = wc.codec;
    o.page_bytes = 1000;  // Many pages per chunk, cut at rows no slice size lines up with.
    o.dictionary_page_bytes = wc.string_cardinality > 0 ? 1 << 20 : 3000;  // Some fall back.
    o.row_group_rows = 1800;
    o.num_threads = 1;
    std::mt19937_64 rng(wc.page_version * 10 + wc.dictionary);
    RandomOptions ro;
    ro.string_cardinality = wc.string_cardinality;
    std::vector<Batch> batches;
    for (int64_t n : {1500, 1001, 1}) {
      std::vector<VectorPtr> cols;
      for (const Field& f : schema->fields()) cols.push_back(RandomVector(f, n, rng, ro));
      batches.emplace_back(schema, std::move(cols), n);
    }
    auto w = FileWriter::Open(&fs, kSlicePath, schema, o);
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    for (const Batch& b : batches) ASSERT_TRUE((*w)->Write(b).ok());
    ASSERT_TRUE((*w)->Close().ok());
    auto r = FileReader::Open(&fs, kSlicePath);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_GT((*r)->num_row_groups(), 1);
    ASSERT_TRUE(RowGroupSliceReader::CanSlice(**r, AllFields(**r)));
    for (int64_t rows : {7, 1000, 2048, 100000}) {
      Status s = ExpectSlicesMatch(**r, AllFields(**r), rows, "written file");
      EXPECT_TRUE(s.ok()) << s.ToString();
    }
    // Single rows, and a subset of the columns in another order.
    Status s = ExpectSlicesMatch(**r, {4, 0, 7}, 1, "column subset");
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
}

TEST(ParquetSliceReaderTest, NestedColumnsAreNotSliced) {
  using columnar::DataType;
  std::vector<Field> f;
  f.push_back({"a", DataType::Primitive(TypeId::kInt32), true});
  f.push_back(
      {"l", DataType::List(Field{"element", DataType::Primitive(TypeId::kInt32), true}), true});
  auto schema = std::make_shared<const Schema>(std::move(f));
  io::MemoryFileSystem fs;
  std::mt19937_64 rng(7);
  std::vector<VectorPtr> cols;
  for (const Field& field : schema->fields()) cols.push_back(RandomVector(field, 3000, rng));
  Batch batch(schema, std::move(cols), 3000);
  auto w = FileWriter::Open(&fs, kSlicePath, schema, WriterOptions{});
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Write(batch).ok());
  ASSERT_TRUE((*w)->Close().ok());
  auto r = FileReader::Open(&fs, kSlicePath);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(RowGroupSliceReader::CanSlice(**r, {0}));
  EXPECT_FALSE(RowGroupSliceReader::CanSlice(**r, {0, 1}));
  // The stream falls back to whole row groups.
  BatchStream stream(r->get(), {0}, {0, 1}, -1, 100);
  auto b = stream.Next();
  ASSERT_TRUE(b.ok());
  EXPECT_EQ((*b)->num_rows(), 3000);
}

std::vector<int> FlatFields(const FileReader& r) {
  std::vector<int> flat;
  for (int f : AllFields(r)) {
    if (RowGroupSliceReader::CanSlice(r, {f})) flat.push_back(f);
  }
  return flat;
}

// Reads every row group's `fields` in slices of batch_rows to the end or the first error.
Status DrainSlices(const FileReader& r, const std::vector<int>& fields, int64_t batch_rows) {
  std::vector<int> groups;
  for (int g = 0; g < r.num_row_groups(); ++g) groups.push_back(g);
  BatchStream stream(&r, groups, fields, -1, batch_rows);
  while (true) {
    LAKEML_ASSIGN_OR_RETURN(BatchPtr b, stream.Next());
    if (b == nullptr) return Status::OK();
  }
}

std::string CorpusPath(const std::string& rel) {
  return std::string(LAKEML_SHARED_DIR) + "/conformance/parquet/" + rel;
}

// Every corpus file (all encodings the corpus holds), its flat columns read in slices.
TEST(ParquetSliceReaderTest, CorpusFlatColumnsSliceLikeWholeRowGroups) {
  int compared = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(CorpusPath("data"))) {
    if (!e.is_regular_file() || e.path().extension() != ".parquet") continue;
    const std::string name = e.path().filename().string();
    if (name == "large_string_map.brotli.parquet") continue;  // Decodes to over 2 GiB.
    auto r = FileReader::Open(io::LocalFs(), e.path().string());
    if (!r.ok()) continue;
    const std::vector<int> flat = FlatFields(**r);
    if (flat.empty()) continue;
    bool whole_ok = true;
    for (int g = 0; g < (*r)->num_row_groups() && whole_ok; ++g) {
      whole_ok = (*r)->ReadRowGroup(g, flat).ok();
    }
    if (!whole_ok) {
      // Files the reader rejects must be rejected by slices too, never crash.
      EXPECT_FALSE(DrainSlices(**r, flat, 64).ok())
          << name << ": slices read a file whole row groups reject";
      continue;
    }
    const int64_t rows = (*r)->num_rows();
    for (int64_t batch : {int64_t{1}, int64_t{13}, int64_t{2048}}) {
      if ((batch == 1 && rows > 1000) || (batch == 13 && rows > 20000)) continue;  // CI time.
      Status s = ExpectSlicesMatch(**r, flat, batch, name);
      EXPECT_TRUE(s.ok()) << name << ": " << s.ToString();
    }
    ++compared;
  }
  EXPECT_GT(compared, 50);
}

// Corrupt files give errors (or data) through the slice path too, never a crash.
TEST(ParquetSliceReaderTest, BadDataNeverCrashes) {
  for (const auto& e : std::filesystem::directory_iterator(CorpusPath("bad_data"))) {
    if (e.path().extension() != ".parquet") continue;
    auto r = FileReader::Open(io::LocalFs(), e.path().string());
    if (!r.ok()) continue;
    const std::vector<int> flat = FlatFields(**r);
    if (flat.empty()) continue;
    DrainSlices(**r, flat, 100).IgnoreError();
  }
}

}  // namespace
}  // namespace lakeml::parquet
