// RowGroupSliceReader with a SliceFilter (decision 0027): filter columns decoded first (in
// dictionary form where the pages are dictionary encoded), only passing rows materialized. The
// result must equal decoding whole row groups and then filtering them, for dictionary, plain
// and mid-chunk-fallback chunks, with NULLs, slices where nothing passes, and all-pass.
#include <gtest/gtest.h>

#include <random>

#include "base/bit_util.h"
#include "columnar/vector_filter.h"
#include "format/parquet/file_reader.h"
#include "format/parquet/row_group_slice_reader.h"
#include "format/parquet/slice_filter.h"
#include "format/parquet/writer/file_writer.h"
#include "io/memory_file_system.h"
#include "writer_random_vectors.h"

namespace lakeml::parquet {
namespace {

using namespace testing;  // NOLINT
using columnar::Batch;
using columnar::BatchPtr;
using columnar::DataType;
using columnar::Schema;
using columnar::SchemaPtr;

constexpr char kFilterPath[] = "/t/filtered.parquet";

// Keeps rows whose string (field 0) is non-null with an even length and, when `mod` > 0, whose
// int (field 1) is non-null and divisible by `mod`.
bool RowPasses(bool s_valid, std::string_view s, bool i_valid, int32_t i, int mod) {
  if (!s_valid || s.size() % 2 != 0) return false;
  return mod <= 0 || (i_valid && i % mod == 0);
}

class TestSliceFilter final : public SliceFilter {
 public:
  explicit TestSliceFilter(int mod, int* dictionary_slices)
      : mod_(mod), dictionary_slices_(dictionary_slices) {}
  const std::vector<int>& inputs() const override { return inputs_; }
  int64_t Evaluate(const std::vector<const ColumnSlice*>& columns, int64_t n,
                   uint8_t* keep) override {
    const ColumnSlice& s = *columns[0];
    const ColumnSlice& i = *columns[1];
    *dictionary_slices_ += s.dictionary_form();
    int64_t kept = 0;
    for (int64_t r = 0; r < n; ++r) {
      bool sv, iv;
      std::string_view sval;
      int32_t ival = 0;
      if (s.dictionary_form()) {
        sv = s.row_validity() == nullptr || bit_util::GetBit(s.row_validity(), r);
        sval = s.dictionary->GetView(s.row_indices()[r]);
      } else {
        sv = s.values->IsValid(r);
        sval = s.values->GetView(r);
      }
      if (i.dictionary_form()) {
        iv = i.row_validity() == nullptr || bit_util::GetBit(i.row_validity(), r);
        ival = i.dictionary->values_as<int32_t>()[i.row_indices()[r]];
      } else {
        iv = i.values->IsValid(r);
        ival = i.values->values_as<int32_t>()[r];
      }
      keep[r] = RowPasses(sv, sval, iv, ival, mod_) ? 1 : 0;
      kept += keep[r];
    }
    return kept;
  }

 private:
  std::vector<int> inputs_{0, 1};
  int mod_;
  int* dictionary_slices_;
};

struct FilterCase {
  bool dictionary;
  int string_cardinality;
  int64_t dictionary_page_bytes;
  int mod;
};

TEST(ParquetSliceFilterTest, FilteredSlicesMatchFilteredRowGroups) {
  std::vector<Field> f;
  f.push_back({"s", DataType::String(), true});
  f.push_back({"i", DataType::Primitive(TypeId::kInt32), true});
  f.push_back({"dec", DataType::Decimal(12, 2), true});
  f.push_back({"dec_wide", DataType::Decimal(30, 4), false});
  f.push_back({"b", DataType::Primitive(TypeId::kBoolean), true});
  f.push_back({"d", DataType::Primitive(TypeId::kDate32), true});
  f.push_back({"s2", DataType::String(), false});
  const SchemaPtr schema = std::make_shared<const Schema>(std::move(f));
  for (const FilterCase& fc : {FilterCase{true, 6, 1 << 20, 0}, FilterCase{true, 6, 1 << 20, 3},
                               FilterCase{false, 6, 1 << 20, 2}, FilterCase{true, 0, 2000, 5},
                               FilterCase{true, 6, 1 << 20, 1000000007}}) {
    io::MemoryFileSystem fs;
    WriterOptions o;
    o.dictionary = fc.dictionary;
    o.page_bytes = 1500;
    o.dictionary_page_bytes = fc.dictionary_page_bytes;  // Small: chunks fall back to PLAIN.
    o.row_group_rows = 5000;
    o.num_threads = 1;
    std::mt19937_64 rng(static_cast<uint64_t>(fc.mod) * 7 + fc.string_cardinality);
    RandomOptions ro;
    ro.string_cardinality = fc.string_cardinality;
    std::vector<VectorPtr> cols;
    const int64_t rows = 9000;
    for (const Field& field : schema->fields()) cols.push_back(RandomVector(field, rows, rng, ro));
    if (fc.mod == 1000000007) {
      // Almost nothing passes: whole slices and row groups without a passing row.
      for (int64_t r = 0; r < rows; ++r) {
        if (r != 4321 && cols[1]->IsValid(r)) {
          const_cast<int32_t*>(cols[1]->values_as<int32_t>())[r] = 1;
        }
      }
    }
    auto w = FileWriter::Open(&fs, kFilterPath, schema, o);
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    ASSERT_TRUE((*w)->Write(Batch(schema, cols, rows)).ok());
    ASSERT_TRUE((*w)->Close().ok());
    auto r = FileReader::Open(&fs, kFilterPath);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    const std::vector<int> fields = {0, 1, 2, 3, 4, 5, 6};
    for (int64_t batch_rows : {int64_t{1}, int64_t{777}, int64_t{2048}}) {
      std::vector<int> groups;
      for (int g = 0; g < (*r)->num_row_groups(); ++g) groups.push_back(g);
      int dictionary_slices = 0;
      BatchStream stream(r->get(), groups, fields, -1, batch_rows);
      ASSERT_TRUE(
          stream.SetSliceFilter(std::make_unique<TestSliceFilter>(fc.mod, &dictionary_slices)));
      // Expected: whole row groups, filtered.
      std::vector<BatchPtr> expected;
      int64_t expected_rows = 0;
      for (int g : groups) {
        auto whole = (*r)->ReadRowGroup(g, fields);
        ASSERT_TRUE(whole.ok());
        const Batch& b = **whole;
        std::vector<uint8_t> bits(bit_util::BytesForBits(b.num_rows()), 0);
        int64_t kept = 0;
        for (int64_t i = 0; i < b.num_rows(); ++i) {
          const bool pass =
              RowPasses(b.column(0)->IsValid(i), b.column(0)->GetView(i), b.column(1)->IsValid(i),
                        b.column(1)->values_as<int32_t>()[i], fc.mod);
          if (pass) bit_util::SetBitTo(bits.data(), i, true);
          kept += pass;
        }
        auto filtered = columnar::FilterBatch(b, bits.data(), kept);
        ASSERT_TRUE(filtered.ok());
        expected.push_back(*filtered);
        expected_rows += kept;
      }
      int64_t got_rows = 0;
      size_t eg = 0;
      int64_t erow = 0;
      while (true) {
        auto b = stream.Next();
        ASSERT_TRUE(b.ok()) << b.status().ToString();
        if (*b == nullptr) break;
        ASSERT_GT((*b)->num_rows(), 0);
        ASSERT_LE((*b)->num_rows(), batch_rows);
        for (int64_t i = 0; i < (*b)->num_rows(); ++i) {
          while (eg < expected.size() && erow == expected[eg]->num_rows()) {
            ++eg;
            erow = 0;
          }
          ASSERT_LT(eg, expected.size());
          for (size_t c = 0; c < fields.size(); ++c) {
            ASSERT_TRUE(RangesEqual(*expected[eg]->column(c), erow, *(*b)->column(c), i, 1,
                                    schema->field(c).name))
                << "case mod " << fc.mod << ", batch_rows " << batch_rows << ", column " << c;
          }
          ++erow;
        }
        got_rows += (*b)->num_rows();
      }
      EXPECT_EQ(got_rows, expected_rows);
      if (fc.mod == 1000000007) EXPECT_LE(got_rows, 1);
      if (fc.dictionary && fc.string_cardinality > 0) {
        EXPECT_GT(dictionary_slices, 0);
      } else if (!fc.dictionary) {
        EXPECT_EQ(dictionary_slices, 0);
      }
    }
  }
}

TEST(ParquetSliceFilterTest, FilterWithBadInputsIsRefused) {
  std::vector<Field> f;
  f.push_back({"s", DataType::String(), true});
  const SchemaPtr schema = std::make_shared<const Schema>(std::move(f));
  io::MemoryFileSystem fs;
  std::mt19937_64 rng(1);
  auto w = FileWriter::Open(&fs, kFilterPath, schema, WriterOptions{});
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Write(Batch(schema, {RandomVector(schema->field(0), 10, rng)}, 10)).ok());
  ASSERT_TRUE((*w)->Close().ok());
  auto r = FileReader::Open(&fs, kFilterPath);
  ASSERT_TRUE(r.ok());
  int dictionary_slices = 0;
  BatchStream stream(r->get(), {0}, {0}, -1, 4);
  // Field 1 is not read by this stream.
  EXPECT_FALSE(stream.SetSliceFilter(std::make_unique<TestSliceFilter>(0, &dictionary_slices)));
  BatchStream whole(r->get(), {0}, {0}, -1, 0);  // Not slice mode.
  EXPECT_FALSE(whole.SetSliceFilter(std::make_unique<TestSliceFilter>(0, &dictionary_slices)));
  int64_t n = 0;
  while (true) {
    auto b = stream.Next();
    ASSERT_TRUE(b.ok());
    if (*b == nullptr) break;
    n += (*b)->num_rows();
  }
  EXPECT_EQ(n, 10);
}

}  // namespace
}  // namespace lakeml::parquet
