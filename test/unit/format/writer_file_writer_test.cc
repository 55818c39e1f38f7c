#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "base/crc32.h"
#include "format/parquet/file_reader.h"
#include "format/parquet/writer/file_writer.h"
#include "io/memory_file_system.h"
#include "writer_random_vectors.h"

namespace lakeml::parquet {
namespace {

using namespace testing;  // NOLINT
using columnar::Batch;
using columnar::Schema;
using columnar::SchemaPtr;

constexpr char kPath[] = "/t/x.parquet";

TypePtr Prim(TypeId id) { return DataType::Primitive(id); }

SchemaPtr MakeSchema(std::vector<Field> fields) {
  return std::make_shared<const Schema>(std::move(fields));
}

Batch RandomBatch(const SchemaPtr& schema, int64_t n, uint64_t seed, RandomOptions o = {}) {
  std::mt19937_64 rng(seed);
  std::vector<VectorPtr> cols;
  for (const Field& f : schema->fields()) cols.push_back(RandomVector(f, n, rng, o));
  return Batch(schema, std::move(cols), n);
}

// Writes the batches, returns the reader over the file.
std::unique_ptr<FileReader> WriteAndOpen(io::MemoryFileSystem* fs, const SchemaPtr& schema,
                                         const std::vector<Batch>& batches,
                                         const WriterOptions& options) {
  auto w = FileWriter::Open(fs, kPath, schema, options);
  EXPECT_TRUE(w.ok()) << w.status().ToString();
  if (!w.ok()) return nullptr;
  for (const Batch& b : batches) {
    Status s = (*w)->Write(b);
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
  Status s = (*w)->Close();
  EXPECT_TRUE(s.ok()) << s.ToString();
  auto r = FileReader::Open(fs, kPath);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return nullptr;
  EXPECT_EQ((*r)->metadata(), (*w)->metadata());
  return std::move(*r);
}

// Reads every row group back and compares with the concatenation of `batches`.
void ExpectFileEquals(const FileReader& r, const std::vector<Batch>& batches) {
  const SchemaPtr& schema = batches[0].schema();
  std::vector<int> fields;
  for (size_t i = 0; i < schema->num_fields(); ++i) fields.push_back(static_cast<int>(i));
  size_t bi = 0;
  int64_t brow = 0;
  int64_t total = 0;
  for (int g = 0; g < r.num_row_groups(); ++g) {
    auto got = r.ReadRowGroup(g, fields);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    const Batch& actual = **got;
    int64_t arow = 0;
    while (arow < actual.num_rows()) {
      while (bi < batches.size() && brow == batches[bi].num_rows()) {
        ++bi;
        brow = 0;
      }
      ASSERT_LT(bi, batches.size()) << "file holds more rows than written";
      const int64_t n = std::min(actual.num_rows() - arow, batches[bi].num_rows() - brow);
      for (size_t c = 0; c < fields.size(); ++c) {
        ASSERT_TRUE(RangesEqual(*batches[bi].column(c), brow, *actual.column(c), arow, n,
                                schema->field(c).name))
            << "row group " << g;
      }
      arow += n;
      brow += n;
    }
    total += actual.num_rows();
  }
  int64_t expected = 0;
  for (const Batch& b : batches) expected += b.num_rows();
  EXPECT_EQ(total, expected);
}

std::vector<Field> AllPrimitiveFields(bool nullable) {
  std::vector<Field> f = {
      {"bool", Prim(TypeId::kBoolean)},
      {"i8", Prim(TypeId::kInt8)},
      {"i16", Prim(TypeId::kInt16)},
      {"i32", Prim(TypeId::kInt32)},
      {"i64", Prim(TypeId::kInt64)},
      {"u8", Prim(TypeId::kUInt8)},
      {"u16", Prim(TypeId::kUInt16)},
      {"u32", Prim(TypeId::kUInt32)},
      {"u64", Prim(TypeId::kUInt64)},
      {"f16", Prim(TypeId::kFloat16)},
      {"f32", Prim(TypeId::kFloat32)},
      {"f64", Prim(TypeId::kFloat64)},
      {"dec9", DataType::Decimal(9, 2)},
      {"dec18", DataType::Decimal(18, 4)},
      {"dec38", DataType::Decimal(38, 10)},
      {"dec20", DataType::Decimal(20, 0)},
      {"date", Prim(TypeId::kDate32)},
      {"time_ms", DataType::Time(columnar::TimeUnit::kMilli)},
      {"time_us", DataType::Time(columnar::TimeUnit::kMicro)},
      {"time_ns", DataType::Time(columnar::TimeUnit::kNano)},
      {"ts_ms_utc", DataType::Timestamp(columnar::TimeUnit::kMilli, true)},
      {"ts_us", DataType::Timestamp(columnar::TimeUnit::kMicro, false)},
      {"ts_ns_utc", DataType::Timestamp(columnar::TimeUnit::kNano, true)},
      {"interval", Prim(TypeId::kInterval)},
      {"str", DataType::String()},
      {"json", DataType::String("json")},
      {"bin", DataType::Binary()},
      {"fixed", DataType::FixedSizeBinary(5)},
      {"uuid", DataType::FixedSizeBinary(16, "uuid")},
  };
  for (Field& x : f) x.nullable = nullable;
  return f;
}

struct CodecCase {
  CompressionCodec codec;
  int page_version;
  bool dictionary;
};

class WriterRoundTripTest : public ::testing::TestWithParam<CodecCase> {};

TEST_P(WriterRoundTripTest, AllPrimitiveTypes) {
  std::vector<Field> fields = AllPrimitiveFields(true);
  for (Field f : AllPrimitiveFields(false)) {
    f.name += "_req";
    fields.push_back(f);
  }
  SchemaPtr schema = MakeSchema(fields);
  std::vector<Batch> batches = {RandomBatch(schema, 1500, 1), RandomBatch(schema, 0, 2),
                                RandomBatch(schema, 777, 3)};
  WriterOptions o;
  o.compression = GetParam().codec;
  o.data_page_version = GetParam().page_version;
  o.dictionary = GetParam().dictionary;
  o.page_bytes = 2000;  // Several pages per chunk.
  o.row_group_rows = 1000;
  io::MemoryFileSystem fs;
  auto r = WriteAndOpen(&fs, schema, batches, o);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->num_row_groups(), 3);
  ExpectFileEquals(*r, batches);
}

TEST_P(WriterRoundTripTest, NestedTypes) {
  TypePtr list_i64 = DataType::List({"element", Prim(TypeId::kInt64), true});
  TypePtr list_list_str =
      DataType::List({"element", DataType::List({"element", DataType::String(), true}), true});
  TypePtr map =
      DataType::Map({"key", DataType::String(), false}, {"value", Prim(TypeId::kInt32), true});
  TypePtr inner =
      DataType::Struct({{"a", Prim(TypeId::kInt32), true},
                        {"b", DataType::List({"element", DataType::String(), false}), true}});
  TypePtr st = DataType::Struct({{"x", Prim(TypeId::kFloat64), false}, {"inner", inner, true}});
  TypePtr list_struct = DataType::List({"element", st, true});
  TypePtr map_of_lists =
      DataType::Map({"key", Prim(TypeId::kInt64), false}, {"value", list_i64, true});
  SchemaPtr schema = MakeSchema({{"l", list_i64, true},
                                 {"ll", list_list_str, true},
                                 {"m", map, true},
                                 {"s", st, true},
                                 {"ls", list_struct, false},
                                 {"ml", map_of_lists, true},
                                 {"id", Prim(TypeId::kInt64), false}});
  std::vector<Batch> batches = {RandomBatch(schema, 900, 11), RandomBatch(schema, 400, 12)};
  WriterOptions o;
  o.compression = GetParam().codec;
  o.data_page_version = GetParam().page_version;
  o.dictionary = GetParam().dictionary;
  o.page_bytes = 1500;
  o.row_group_rows = 600;
  io::MemoryFileSystem fs;
  auto r = WriteAndOpen(&fs, schema, batches, o);
  ASSERT_NE(r, nullptr);
  ExpectFileEquals(*r, batches);
}

INSTANTIATE_TEST_SUITE_P(Codecs, WriterRoundTripTest,
                         ::testing::Values(CodecCase{CompressionCodec::kUncompressed, 1, true},
                                           CodecCase{CompressionCodec::kSnappy, 1, true},
                                           CodecCase{CompressionCodec::kSnappy, 2, true},
                                           CodecCase{CompressionCodec::kSnappy, 1, false},
                                           CodecCase{CompressionCodec::kGzip, 1, true},
                                           CodecCase{CompressionCodec::kBrotli, 2, false},
                                           CodecCase{CompressionCodec::kLz4, 1, true},
                                           CodecCase{CompressionCodec::kLz4Raw, 2, true},
                                           CodecCase{CompressionCodec::kZstd, 1, true},
                                           CodecCase{CompressionCodec::kZstd, 2, false},
                                           CodecCase{CompressionCodec::kUncompressed, 2, false}),
                         [](const ::testing::TestParamInfo<CodecCase>& info) {
                           return std::string(CompressionCodecName(info.param.codec)) + "_v" +
                                  std::to_string(info.param.page_version) +
                                  (info.param.dictionary ? "_dict" : "_plain");
                         });

TEST(WriterFileWriterTest, ZeroRowsFile) {
  SchemaPtr schema = MakeSchema({{"a", Prim(TypeId::kInt64), true}, {"b", DataType::String()}});
  io::MemoryFileSystem fs;
  auto r = WriteAndOpen(&fs, schema, {RandomBatch(schema, 0, 1)}, WriterOptions());
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->num_row_groups(), 0);
  EXPECT_EQ(r->metadata().num_rows, 0);
  EXPECT_TRUE(r->schema()->fields()[1].type->Equals(*DataType::String()));
}

TEST(WriterFileWriterTest, AllNullColumn) {
  SchemaPtr schema =
      MakeSchema({{"a", Prim(TypeId::kInt64), true}, {"s", DataType::String(), true}});
  std::vector<VectorPtr> cols = {columnar::Vector::MakeNull(Prim(TypeId::kInt64), 3000),
                                 columnar::Vector::MakeNull(DataType::String(), 3000)};
  std::vector<Batch> batches = {Batch(schema, cols, 3000)};
  WriterOptions o;
  o.page_index = true;
  io::MemoryFileSystem fs;
  auto r = WriteAndOpen(&fs, schema, batches, o);
  ASSERT_NE(r, nullptr);
  ExpectFileEquals(*r, batches);
  for (const ColumnChunk& cc : r->metadata().row_groups[0].columns) {
    ASSERT_TRUE(cc.meta_data.statistics.has_value());
    EXPECT_EQ(cc.meta_data.statistics->null_count, 3000);
    EXPECT_FALSE(cc.meta_data.statistics->min_value.has_value());
    EXPECT_FALSE(cc.meta_data.statistics->max_value.has_value());
    EXPECT_FALSE(cc.meta_data.dictionary_page_offset.has_value());
  }
  auto ci = r->ReadColumnIndex(0, 0);
  ASSERT_TRUE(ci.ok()) << ci.status().ToString();
  for (bool null_page : ci->null_pages) EXPECT_TRUE(null_page);
}

TEST(WriterFileWriterTest, DictionaryFallbackMidChunk) {
  // 20000 distinct strings of ~20 bytes overflow a 16 KiB dictionary early in the chunk.
  SchemaPtr schema = MakeSchema({{"s", DataType::String(), true}, {"k", DataType::String(), true}});
  RandomOptions ro;
  ro.max_string_length = 30;
  Batch b = RandomBatch(schema, 20000, 5, ro);
  ro.string_cardinality = 10;
  Batch low = RandomBatch(schema, 20000, 6, ro);
  std::vector<Batch> batches = {Batch(schema, {b.column(0), low.column(1)}, 20000)};
  WriterOptions o;
  o.dictionary_page_bytes = 16 << 10;
  o.page_bytes = 32 << 10;
  io::MemoryFileSystem fs;
  auto r = WriteAndOpen(&fs, schema, batches, o);
  ASSERT_NE(r, nullptr);
  ExpectFileEquals(*r, batches);
  const ColumnMetaData& high = r->metadata().row_groups[0].columns[0].meta_data;
  int dict_pages = 0, plain_pages = 0;
  for (const PageEncodingStats& s : high.encoding_stats) {
    if (s.page_type != PageType::kDataPage) continue;
    if (s.encoding == Encoding::kRleDictionary) dict_pages += s.count;
    if (s.encoding == Encoding::kPlain) plain_pages += s.count;
  }
  EXPECT_GE(dict_pages, 1);
  EXPECT_GE(plain_pages, 1);
  ASSERT_TRUE(high.dictionary_page_offset.has_value());
  // The low-cardinality column stays dictionary-encoded throughout.
  const ColumnMetaData& lowm = r->metadata().row_groups[0].columns[1].meta_data;
  for (const PageEncodingStats& s : lowm.encoding_stats) {
    if (s.page_type == PageType::kDataPage) EXPECT_EQ(s.encoding, Encoding::kRleDictionary);
  }
}

TEST(WriterFileWriterTest, HighCardinalityGivesUpDictionaryEarly) {
  SchemaPtr schema = MakeSchema({{"id", Prim(TypeId::kInt64), false},
                                 {"k", Prim(TypeId::kInt64), false}});
  const int64_t n = 200000;
  auto ids = Vector::Make(Prim(TypeId::kInt64), n);
  auto keys = Vector::Make(Prim(TypeId::kInt64), n);
  for (int64_t i = 0; i < n; ++i) {
    ids->mutable_values()->mutable_as<int64_t>()[i] = i * 7919;
    keys->mutable_values()->mutable_as<int64_t>()[i] = i % 1000;
  }
  std::vector<Batch> batches = {Batch(schema, {ids, keys}, n)};
  io::MemoryFileSystem fs;
  auto r = WriteAndOpen(&fs, schema, batches, WriterOptions());
  ASSERT_NE(r, nullptr);
  ExpectFileEquals(*r, batches);
  auto file = fs.ReadFile(kPath);
  ASSERT_TRUE(file.ok());
  auto dictionary_entries = [&](int column) -> int64_t {
    const ColumnMetaData& m = r->metadata().row_groups[0].columns[column].meta_data;
    if (!m.dictionary_page_offset) return -1;
    size_t header_size = 0;
    auto h = ParsePageHeader(
        reinterpret_cast<const uint8_t*>(file->data()) + *m.dictionary_page_offset,
        file->size() - *m.dictionary_page_offset, &header_size);
    EXPECT_TRUE(h.ok()) << h.status().ToString();
    return h.ok() ? h->dictionary_page_header->num_values : -1;
  };
  // Distinct ids: the dictionary stops well before its 1 MiB (131,072 entries) limit.
  const int64_t id_entries = dictionary_entries(0);
  EXPECT_GE(id_entries, 60000);
  EXPECT_LE(id_entries, 80000);
  EXPECT_EQ(dictionary_entries(1), 1000);
}

TEST(WriterFileWriterTest, PageIndexPointsAtPages) {
  SchemaPtr schema =
      MakeSchema({{"id", Prim(TypeId::kInt64), false}, {"s", DataType::String(), true}});
  const int64_t n = 50000;
  auto ids = Vector::Make(Prim(TypeId::kInt64), n);
  for (int64_t i = 0; i < n; ++i) ids->mutable_values()->mutable_as<int64_t>()[i] = i * 3;
  std::mt19937_64 rng(9);
  std::vector<Batch> batches = {Batch(schema, {ids, RandomVector(schema->field(1), n, rng)}, n)};
  WriterOptions o;
  o.page_index = true;
  o.page_bytes = 8 << 10;
  o.row_group_rows = 30000;
  io::MemoryFileSystem fs;
  auto r = WriteAndOpen(&fs, schema, batches, o);
  ASSERT_NE(r, nullptr);
  ExpectFileEquals(*r, batches);
  auto file = fs.ReadFile(kPath);
  ASSERT_TRUE(file.ok());
  for (int g = 0; g < r->num_row_groups(); ++g) {
    for (int c = 0; c < 2; ++c) {
      auto oi = r->ReadOffsetIndex(g, c);
      ASSERT_TRUE(oi.ok()) << oi.status().ToString();
      auto ci = r->ReadColumnIndex(g, c);
      ASSERT_TRUE(ci.ok()) << ci.status().ToString();
      ASSERT_GT(oi->page_locations.size(), 2u);
      EXPECT_EQ(ci->null_pages.size(), oi->page_locations.size());
      EXPECT_EQ(oi->page_locations[0].first_row_index, 0);
      int64_t prev_row = -1;
      for (const PageLocation& loc : oi->page_locations) {
        EXPECT_GT(loc.first_row_index, prev_row);
        prev_row = loc.first_row_index;
        size_t header_size = 0;
        auto h = ParsePageHeader(reinterpret_cast<const uint8_t*>(file->data()) + loc.offset,
                                 file->size() - loc.offset, &header_size);
        ASSERT_TRUE(h.ok()) << h.status().ToString();
        EXPECT_EQ(h->type, PageType::kDataPage);
        EXPECT_EQ(static_cast<int64_t>(header_size) + h->compressed_page_size,
                  loc.compressed_page_size);
        ASSERT_TRUE(h->crc.has_value());
        EXPECT_EQ(static_cast<uint32_t>(*h->crc),
                  Crc32(0, file->data() + loc.offset + header_size, h->compressed_page_size));
      }
    }
    auto ci = r->ReadColumnIndex(g, 0);
    EXPECT_EQ(ci->boundary_order, BoundaryOrder::kAscending);
    for (size_t p = 0; p < ci->min_values.size(); ++p) {
      int64_t lo, hi;
      std::memcpy(&lo, ci->min_values[p].data(), 8);
      std::memcpy(&hi, ci->max_values[p].data(), 8);
      EXPECT_EQ(lo,
                g * 30000 * 3 + r->ReadOffsetIndex(g, 0)->page_locations[p].first_row_index * 3);
      EXPECT_LE(lo, hi);
    }
  }
}

TEST(WriterFileWriterTest, NoPageIndexByDefault) {
  SchemaPtr schema = MakeSchema({{"a", Prim(TypeId::kInt32), true}});
  io::MemoryFileSystem fs;
  auto r = WriteAndOpen(&fs, schema, {RandomBatch(schema, 100, 1)}, WriterOptions());
  ASSERT_NE(r, nullptr);
  const ColumnChunk& cc = r->metadata().row_groups[0].columns[0];
  EXPECT_FALSE(cc.column_index_offset.has_value());
  EXPECT_FALSE(cc.offset_index_offset.has_value());
}

TEST(WriterFileWriterTest, ThreadsDoNotChangeTheBytes) {
  SchemaPtr schema = MakeSchema(AllPrimitiveFields(true));
  std::vector<Batch> batches = {RandomBatch(schema, 5000, 21)};
  std::string files[2];
  for (int k = 0; k < 2; ++k) {
    WriterOptions o;
    o.num_threads = k == 0 ? 1 : 4;
    o.row_group_rows = 2000;
    io::MemoryFileSystem fs;
    auto r = WriteAndOpen(&fs, schema, batches, o);
    ASSERT_NE(r, nullptr);
    files[k] = *fs.ReadFile(kPath);
  }
  EXPECT_EQ(files[0], files[1]);
}

TEST(WriterFileWriterTest, RowGroupBytesLimit) {
  SchemaPtr schema = MakeSchema({{"a", Prim(TypeId::kInt64), false}});
  Batch b = RandomBatch(schema, 10000, 3);
  WriterOptions o;
  o.row_group_bytes = 8 * 1000;  // About 1000 rows.
  io::MemoryFileSystem fs;
  auto r = WriteAndOpen(&fs, schema, {b}, o);
  ASSERT_NE(r, nullptr);
  EXPECT_GE(r->num_row_groups(), 9);
  EXPECT_LE(r->num_row_groups(), 11);
  ExpectFileEquals(*r, {b});
}

TEST(WriterFileWriterTest, FooterFieldsAndKeyValueMetadata) {
  Field id_field{"id", Prim(TypeId::kInt64), false, 7};
  SchemaPtr schema = MakeSchema({id_field});
  WriterOptions o;
  o.key_value_metadata = {{"k1", "v1"}, {"k2", ""}};
  o.created_by = "lakeml test";
  io::MemoryFileSystem fs;
  auto r = WriteAndOpen(&fs, schema, {RandomBatch(schema, 10, 1)}, o);
  ASSERT_NE(r, nullptr);
  const FileMetaData& m = r->metadata();
  EXPECT_EQ(m.created_by, "lakeml test");
  ASSERT_EQ(m.key_value_metadata.size(), 2u);
  EXPECT_EQ(m.key_value_metadata[0].key, "k1");
  EXPECT_EQ(m.key_value_metadata[0].value, "v1");
  EXPECT_EQ(m.schema[1].field_id, 7);
  ASSERT_EQ(m.column_orders.size(), 1u);
  EXPECT_EQ(m.column_orders[0], ColumnOrder::kTypeOrder);
  EXPECT_EQ(m.num_rows, 10);
}

TEST(WriterFileWriterTest, LongStringStatisticsAreTruncatedBounds) {
  SchemaPtr schema = MakeSchema({{"s", DataType::String(), false}});
  const std::string lo = "a" + std::string(99, 'b');
  const std::string hi = "z" + std::string(70, '\xFF') + "q";
  auto v = Strings({hi, "m", lo});
  for (bool dictionary : {true, false}) {
    WriterOptions o;
    o.dictionary = dictionary;
    o.page_index = true;
    io::MemoryFileSystem fs;
    auto r = WriteAndOpen(&fs, schema, {Batch(schema, {v}, 3)}, o);
    ASSERT_NE(r, nullptr);
    const Statistics& st = *r->metadata().row_groups[0].columns[0].meta_data.statistics;
    EXPECT_EQ(st.min_value, lo.substr(0, 64));
    EXPECT_EQ(st.is_min_value_exact, false);
    EXPECT_EQ(st.max_value, "{");  // "z" + 0xFF... truncated and incremented.
    EXPECT_EQ(st.is_max_value_exact, false);
    EXPECT_EQ(st.null_count, 0);
    auto ci = r->ReadColumnIndex(0, 0);
    ASSERT_TRUE(ci.ok()) << ci.status().ToString();
    EXPECT_EQ(ci->min_values[0], lo.substr(0, 64));
    EXPECT_EQ(ci->max_values[0], "{");
  }
}

TEST(WriterFileWriterTest, FloatStatisticsFollowTheFormatRules) {
  SchemaPtr schema = MakeSchema({{"d", Prim(TypeId::kFloat64), true},
                                 {"n", Prim(TypeId::kFloat64), true},
                                 {"dec", DataType::Decimal(30, 2), true}});
  const double nan = std::nan("");
  auto d = Fixed<double>(schema->field(0).type, {nan, 0.0, -2.5, std::nullopt, nan});
  auto n = Fixed<double>(schema->field(1).type, {nan, std::nullopt, nan, nan, nan});
  auto dec = Fixed<__int128>(schema->field(2).type, {5, -7, 300, std::nullopt, 0});
  io::MemoryFileSystem fs;
  auto r = WriteAndOpen(&fs, schema, {Batch(schema, {d, n, dec}, 5)}, WriterOptions());
  ASSERT_NE(r, nullptr);
  const auto& cols = r->metadata().row_groups[0].columns;
  const Statistics& sd = *cols[0].meta_data.statistics;
  double lo, hi;
  std::memcpy(&lo, sd.min_value->data(), 8);
  std::memcpy(&hi, sd.max_value->data(), 8);
  EXPECT_EQ(lo, -2.5);
  EXPECT_EQ(hi, 0.0);
  EXPECT_FALSE(std::signbit(hi));  // A zero maximum is +0.0.
  EXPECT_EQ(sd.null_count, 1);
  const Statistics& sn = *cols[1].meta_data.statistics;
  EXPECT_FALSE(sn.min_value.has_value());  // Only NaNs: no bounds.
  EXPECT_FALSE(sn.max_value.has_value());
  const Statistics& sdec = *cols[2].meta_data.statistics;
  // decimal(30) is a 13-byte big-endian FIXED_LEN_BYTE_ARRAY compared as signed numbers.
  std::string minus7(13, '\xFF');
  minus7[12] = static_cast<char>(0xF9);
  std::string three_hundred(13, '\0');
  three_hundred[11] = 1;
  three_hundred[12] = 0x2C;
  EXPECT_EQ(sdec.min_value, minus7);
  EXPECT_EQ(sdec.max_value, three_hundred);
}

TEST(WriterFileWriterTest, NonNullableVoidAndGeometryColumns) {
  SchemaPtr schema = MakeSchema({{"v", Prim(TypeId::kNull), false},
                                 {"g", DataType::Binary("geometry"), true}});
  auto v = Vector::Make(Prim(TypeId::kNull), 3);
  auto g = Strings({std::string("\x01\x01\x00\x00\x00", 5), std::nullopt, "xyz"},
                   DataType::Binary("geometry"));
  io::MemoryFileSystem fs;
  auto r = WriteAndOpen(&fs, schema, {Batch(schema, {v, g}, 3)}, WriterOptions());
  ASSERT_NE(r, nullptr);
  auto got = r->ReadRowGroup(0, {0, 1});
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_TRUE(RangesEqual(*Vector::MakeNull(Prim(TypeId::kNull), 3), 0, *(*got)->column(0), 0, 3,
                          "v"));
  EXPECT_TRUE(RangesEqual(*g, 0, *(*got)->column(1), 0, 3, "g"));
  const Statistics& st = *r->metadata().row_groups[0].columns[1].meta_data.statistics;
  EXPECT_EQ(st.null_count, 1);
  EXPECT_FALSE(st.min_value.has_value());  // Geospatial order is undefined.
}

TEST(WriterFileWriterTest, SecondsAreStoredAsMillis) {
  SchemaPtr schema =
      MakeSchema({{"t", DataType::Time(columnar::TimeUnit::kSecond), false},
                  {"ts", DataType::Timestamp(columnar::TimeUnit::kSecond, true), false}});
  auto t = Fixed<int64_t>(schema->field(0).type, {0, 59, 86399});
  auto ts = Fixed<int64_t>(schema->field(1).type, {-5, 0, 1700000000});
  io::MemoryFileSystem fs;
  auto r = WriteAndOpen(&fs, schema, {Batch(schema, {t, ts}, 3)}, WriterOptions());
  ASSERT_NE(r, nullptr);
  auto got = r->ReadRowGroup(0, {0, 1});
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  auto t_ms = Fixed<int64_t>(DataType::Time(columnar::TimeUnit::kMilli), {0, 59000, 86399000});
  auto ts_ms = Fixed<int64_t>(DataType::Timestamp(columnar::TimeUnit::kMilli, true),
                              {-5000, 0, 1700000000000});
  EXPECT_TRUE(RangesEqual(*t_ms, 0, *(*got)->column(0), 0, 3, "t"));
  EXPECT_TRUE(RangesEqual(*ts_ms, 0, *(*got)->column(1), 0, 3, "ts"));
}

TEST(WriterFileWriterTest, NegativeIntervalIsAnErrorNamingTheColumn) {
  SchemaPtr schema = MakeSchema({{"iv", Prim(TypeId::kInterval), true}});
  auto v = Vector::Make(schema->field(0).type, 1);
  const int32_t parts[4] = {1, -2, 0, 0};
  std::memcpy(v->mutable_values()->mutable_data(), parts, 16);
  io::MemoryFileSystem fs;
  auto w = FileWriter::Open(&fs, kPath, schema, WriterOptions());
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Write(Batch(schema, {v}, 1)).ok());
  Status s = (*w)->Close();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("iv"), std::string::npos) << s.ToString();
  EXPECT_EQ((*w)->Close().code(), StatusCode::kInvalidArgument);  // Stays failed.
}

TEST(WriterFileWriterTest, BatchWithOtherSchemaIsRejected) {
  SchemaPtr schema = MakeSchema({{"a", Prim(TypeId::kInt64), true}});
  SchemaPtr other = MakeSchema({{"a", Prim(TypeId::kInt32), true}});
  io::MemoryFileSystem fs;
  auto w = FileWriter::Open(&fs, kPath, schema, WriterOptions());
  ASSERT_TRUE(w.ok());
  EXPECT_EQ((*w)->Write(RandomBatch(other, 3, 1)).code(), StatusCode::kInvalidArgument);
}

TEST(WriterFileWriterTest, BadOptionsAreRejected) {
  SchemaPtr schema = MakeSchema({{"a", Prim(TypeId::kInt64), true}});
  io::MemoryFileSystem fs;
  WriterOptions o;
  o.data_page_version = 3;
  EXPECT_EQ(FileWriter::Open(&fs, kPath, schema, o).status().code(), StatusCode::kInvalidArgument);
  o = WriterOptions();
  o.compression = CompressionCodec::kLzo;
  EXPECT_FALSE(FileWriter::Open(&fs, kPath, schema, o).ok());
  EXPECT_FALSE(FileWriter::Open(&fs, kPath, MakeSchema({}), WriterOptions()).ok());
}

}  // namespace
}  // namespace lakeml::parquet
