// Round trips of every Parquet metadata struct through Serialize* and Parse*, plus parse-time
// validation on hand-built Thrift (unknown fields, missing required fields, bad enums,
// encryption).

#include <gtest/gtest.h>

#include <string>

#include "format/parquet/metadata.h"
#include "format/parquet/thrift/compact_writer.h"

namespace lakeml::parquet {
namespace {

using thrift::CompactType;
using thrift::CompactWriter;

const uint8_t* Data(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

Statistics FullStatistics() {
  Statistics s;
  s.max = std::string("\xff\x00\x01", 3);
  s.min = "a";
  s.null_count = 3;
  s.distinct_count = 10;
  s.max_value = "zz";
  s.min_value = "";
  s.is_max_value_exact = true;
  s.is_min_value_exact = false;
  s.nan_count = 0;
  return s;
}

SchemaElement Leaf(std::string name, Type type, FieldRepetitionType rep) {
  SchemaElement e;
  e.name = std::move(name);
  e.type = type;
  e.repetition_type = rep;
  return e;
}

FileMetaData FullFileMetaData() {
  FileMetaData m;
  m.version = 2;
  SchemaElement root;
  root.name = "schema";
  root.num_children = 21;
  m.schema.push_back(root);
  const LogicalType logical_types[] = {
      LogicalType::Simple(LogicalType::Kind::kString),
      LogicalType::Simple(LogicalType::Kind::kMap),
      LogicalType::Simple(LogicalType::Kind::kList),
      LogicalType::Simple(LogicalType::Kind::kEnum),
      LogicalType::Decimal(2, 9),
      LogicalType::Simple(LogicalType::Kind::kDate),
      LogicalType::Time(true, TimeUnit::kMillis),
      LogicalType::Time(false, TimeUnit::kNanos),
      LogicalType::Timestamp(true, TimeUnit::kMicros),
      LogicalType::Timestamp(false, TimeUnit::kNanos),
      LogicalType::Integer(8, false),
      LogicalType::Integer(64, true),
      LogicalType::Simple(LogicalType::Kind::kUnknown),
      LogicalType::Simple(LogicalType::Kind::kJson),
      LogicalType::Simple(LogicalType::Kind::kBson),
      LogicalType::Simple(LogicalType::Kind::kUuid),
      LogicalType::Simple(LogicalType::Kind::kFloat16),
  };
  int i = 0;
  for (const LogicalType& lt : logical_types) {
    SchemaElement e = Leaf("c" + std::to_string(i++), Type::kInt64, FieldRepetitionType::kOptional);
    e.logical_type = lt;
    m.schema.push_back(e);
  }
  SchemaElement variant = Leaf("v", Type::kByteArray, FieldRepetitionType::kRequired);
  variant.logical_type = LogicalType::Simple(LogicalType::Kind::kVariant);
  variant.logical_type->variant_specification_version = 1;
  m.schema.push_back(variant);
  SchemaElement geo = Leaf("g", Type::kByteArray, FieldRepetitionType::kRepeated);
  geo.logical_type = LogicalType::Simple(LogicalType::Kind::kGeography);
  geo.logical_type->crs = "OGC:CRS84";
  geo.logical_type->algorithm = EdgeInterpolationAlgorithm::kKarney;
  geo.field_id = -4;
  m.schema.push_back(geo);
  SchemaElement dec = Leaf("d", Type::kFixedLenByteArray, FieldRepetitionType::kOptional);
  dec.type_length = 16;
  dec.converted_type = ConvertedType::kDecimal;
  dec.scale = 3;
  dec.precision = 38;
  m.schema.push_back(dec);
  SchemaElement unknown = Leaf("u", Type::kByteArray, FieldRepetitionType::kOptional);
  unknown.logical_type = LogicalType();
  unknown.logical_type->unrecognized_field_id = 2555;
  m.schema.push_back(unknown);

  m.num_rows = 1LL << 40;
  for (int g = 0; g < 2; ++g) {
    RowGroup rg;
    for (int c = 0; c < 2; ++c) {
      ColumnChunk cc;
      cc.file_offset = 4 + c;
      if (c == 1) cc.file_path = "other.parquet";
      ColumnMetaData& md = cc.meta_data;
      md.type = Type::kByteArray;
      md.encodings = {Encoding::kPlain, Encoding::kRleDictionary, static_cast<Encoding>(42)};
      md.path_in_schema = {"a", "list", "element"};
      md.codec = CompressionCodec::kZstd;
      md.num_values = 100;
      md.total_uncompressed_size = 1000;
      md.total_compressed_size = 500;
      md.key_value_metadata = {{"k", "v"}, {"novalue", std::nullopt}};
      md.data_page_offset = 4;
      md.index_page_offset = 7;
      md.dictionary_page_offset = 4;
      md.statistics = FullStatistics();
      md.encoding_stats = {{PageType::kDictionaryPage, Encoding::kPlain, 1},
                           {PageType::kDataPage, Encoding::kRleDictionary, 3}};
      md.bloom_filter_offset = 9999;
      md.bloom_filter_length = 128;
      cc.offset_index_offset = 1 << 20;
      cc.offset_index_length = 20;
      cc.column_index_offset = 1 << 21;
      cc.column_index_length = 30;
      rg.columns.push_back(cc);
    }
    rg.total_byte_size = 2000;
    rg.num_rows = 50;
    rg.sorting_columns = {{0, true, false}, {1, false, true}};
    rg.file_offset = 4;
    rg.total_compressed_size = 1000;
    rg.ordinal = static_cast<int16_t>(-3);  // Overflowed ordinals exist in the wild.
    m.row_groups.push_back(rg);
  }
  m.key_value_metadata = {{"ARROW:schema", std::string(1000, 'x')}};
  m.created_by = "lakeml version 0.1.0";
  m.column_orders = {ColumnOrder::kTypeOrder, ColumnOrder::kIeee754TotalOrder,
                     ColumnOrder::kInt96TimestampOrder, ColumnOrder::kUnrecognized};
  return m;
}

TEST(MetadataRoundTripTest, FileMetaData) {
  const FileMetaData m = FullFileMetaData();
  std::string bytes = "prefix";  // Serialize appends.
  SerializeFileMetaData(m, &bytes);
  ASSERT_EQ(bytes.substr(0, 6), "prefix");
  auto parsed = ParseFileMetaData(Data(bytes) + 6, bytes.size() - 6);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, m);
  EXPECT_EQ(parsed->schema.back().logical_type->kind, LogicalType::Kind::kUnrecognized);
  EXPECT_EQ(parsed->schema.back().logical_type->unrecognized_field_id, 2555);
  EXPECT_EQ(static_cast<int32_t>(parsed->row_groups[0].columns[0].meta_data.encodings[2]), 42);
}

TEST(MetadataRoundTripTest, MinimalFileMetaData) {
  FileMetaData m;
  SchemaElement root;
  root.name = "root";
  root.num_children = 0;
  m.schema.push_back(root);
  std::string bytes;
  SerializeFileMetaData(m, &bytes);
  auto parsed = ParseFileMetaData(Data(bytes), bytes.size());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, m);
}

TEST(MetadataRoundTripTest, PageHeaders) {
  PageHeader v1;
  v1.type = PageType::kDataPage;
  v1.uncompressed_page_size = 1000;
  v1.compressed_page_size = 600;
  v1.crc = -12345;
  v1.data_page_header = DataPageHeader{77, Encoding::kRleDictionary, Encoding::kRle,
                                       Encoding::kBitPacked, FullStatistics()};

  PageHeader dict;
  dict.type = PageType::kDictionaryPage;
  dict.uncompressed_page_size = 10;
  dict.compressed_page_size = 10;
  dict.dictionary_page_header = DictionaryPageHeader{3, Encoding::kPlainDictionary, true};

  PageHeader v2;
  v2.type = PageType::kDataPageV2;
  v2.uncompressed_page_size = 0;
  v2.compressed_page_size = 0;
  v2.data_page_header_v2 = DataPageHeaderV2{5, 1, 4, Encoding::kDeltaByteArray, 3, 0, false,
                                            std::nullopt};

  PageHeader index;
  index.type = PageType::kIndexPage;
  index.uncompressed_page_size = 1;
  index.compressed_page_size = 1;
  index.index_page_header = IndexPageHeader{};

  for (const PageHeader& h : {v1, dict, v2, index}) {
    std::string bytes;
    SerializePageHeader(h, &bytes);
    const size_t header_len = bytes.size();
    bytes += "page payload follows";
    size_t used = 0;
    auto parsed = ParsePageHeader(Data(bytes), bytes.size(), &used);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(*parsed, h);
    EXPECT_EQ(used, header_len);
  }
}

TEST(MetadataRoundTripTest, PageIndexes) {
  ColumnIndex ci;
  ci.null_pages = {false, true, false};
  ci.min_values = {"a", "", "m"};
  ci.max_values = {"f", "", "z"};
  ci.boundary_order = BoundaryOrder::kAscending;
  ci.null_counts = std::vector<int64_t>{0, 10, 2};
  ci.repetition_level_histograms = {1, 2, 3, 4, 5, 6};
  ci.definition_level_histograms = {6, 5, 4, 3, 2, 1};
  ci.nan_counts = std::vector<int64_t>{0, 0, 0};
  std::string bytes;
  SerializeColumnIndex(ci, &bytes);
  auto parsed_ci = ParseColumnIndex(Data(bytes), bytes.size());
  ASSERT_TRUE(parsed_ci.ok()) << parsed_ci.status().ToString();
  EXPECT_EQ(*parsed_ci, ci);

  ColumnIndex no_counts = ci;
  no_counts.null_counts.reset();  // Absent must stay absent (not "all zero").
  no_counts.nan_counts.reset();
  bytes.clear();
  SerializeColumnIndex(no_counts, &bytes);
  parsed_ci = ParseColumnIndex(Data(bytes), bytes.size());
  ASSERT_TRUE(parsed_ci.ok());
  EXPECT_FALSE(parsed_ci->null_counts.has_value());
  EXPECT_EQ(*parsed_ci, no_counts);

  OffsetIndex oi;
  for (int i = 0; i < 20; ++i) oi.page_locations.push_back({4 + 100LL * i, 100, 10LL * i});
  oi.unencoded_byte_array_data_bytes = {5, 6};
  bytes.clear();
  SerializeOffsetIndex(oi, &bytes);
  auto parsed_oi = ParseOffsetIndex(Data(bytes), bytes.size());
  ASSERT_TRUE(parsed_oi.ok()) << parsed_oi.status().ToString();
  EXPECT_EQ(*parsed_oi, oi);
}

TEST(MetadataRoundTripTest, BloomFilterHeader) {
  BloomFilterHeader h;
  h.num_bytes = 1024;
  std::string bytes;
  SerializeBloomFilterHeader(h, &bytes);
  const size_t len = bytes.size();
  bytes.append(1024, '\0');
  size_t used = 0;
  auto parsed = ParseBloomFilterHeader(Data(bytes), bytes.size(), &used);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, h);
  EXPECT_EQ(used, len);
  EXPECT_EQ(parsed->algorithm, BloomFilterHeader::Algorithm::kBlock);
  EXPECT_EQ(parsed->hash, BloomFilterHeader::Hash::kXxHash);
}

// ---- Hand-built Thrift: what other writers may send.

// Writes a PageHeader for a DATA_PAGE with extra fields a newer writer might add.
std::string PageHeaderWithUnknownFields() {
  std::string out;
  CompactWriter w(&out);
  w.WriteStructBegin();
  w.WriteI32Field(1, 0);
  w.WriteI32Field(2, 10);
  w.WriteI32Field(3, 10);
  w.WriteFieldBegin(CompactType::kStruct, 5);
  w.WriteStructBegin();
  w.WriteI32Field(1, 2);
  w.WriteI32Field(2, 0);
  w.WriteI32Field(3, 3);
  w.WriteI32Field(4, 3);
  w.WriteFieldBegin(CompactType::kStruct, 100);  // Unknown nested struct.
  w.WriteStructBegin();
  w.WriteFieldBegin(CompactType::kList, 1);
  w.WriteListBegin(CompactType::kI64, 2);
  w.WriteI64(1);
  w.WriteI64(2);
  w.WriteStructEnd();
  w.WriteStructEnd();
  w.WriteFieldBegin(CompactType::kMap, 50);  // Unknown map.
  w.WriteMapBegin(CompactType::kBinary, CompactType::kBinary, 1);
  w.WriteBinary("k");
  w.WriteBinary("v");
  w.WriteStructEnd();
  return out;
}

TEST(MetadataParseTest, SkipsUnknownFields) {
  std::string bytes = PageHeaderWithUnknownFields();
  size_t used = 0;
  auto parsed = ParsePageHeader(Data(bytes), bytes.size(), &used);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(used, bytes.size());
  ASSERT_TRUE(parsed->data_page_header.has_value());
  EXPECT_EQ(parsed->data_page_header->num_values, 2);
  EXPECT_EQ(parsed->data_page_header->definition_level_encoding, Encoding::kRle);
}

TEST(MetadataParseTest, PageHeaderValidation) {
  auto parse_error = [](const PageHeader& h) {
    std::string bytes;
    SerializePageHeader(h, &bytes);
    size_t used;
    auto r = ParsePageHeader(Data(bytes), bytes.size(), &used);
    return r.ok() ? std::string("OK") : r.status().message();
  };
  PageHeader h;
  h.type = PageType::kDataPage;
  h.uncompressed_page_size = 10;
  h.compressed_page_size = 10;
  EXPECT_EQ(parse_error(h),
            "Invalid Parquet page header: PageHeader.data_page_header (DATA_PAGE) missing");
  h.data_page_header = DataPageHeader{};
  EXPECT_EQ(parse_error(h), "OK");
  h.data_page_header->num_values = -4;
  EXPECT_EQ(parse_error(h),
            "Invalid Parquet page header: DataPageHeader.num_values = -4 is negative");
  h.data_page_header->num_values = 4;
  h.data_page_header->encoding = static_cast<Encoding>(1);
  EXPECT_EQ(parse_error(h),
            "Invalid Parquet page header: DataPageHeader.encoding = 1 is not a valid encoding");
  h.data_page_header->encoding = Encoding::kPlain;
  h.compressed_page_size = -1;
  EXPECT_EQ(parse_error(h),
            "Invalid Parquet page header: PageHeader.compressed_page_size = -1 is negative");
  h.compressed_page_size = 1;
  h.type = static_cast<PageType>(9);
  EXPECT_EQ(parse_error(h),
            "Invalid Parquet page header: PageHeader.type = 9 is not a valid page type");
}

std::string FooterWithSchema(const std::vector<SchemaElement>& schema) {
  FileMetaData m;
  m.schema = schema;
  std::string bytes;
  SerializeFileMetaData(m, &bytes);
  return bytes;
}

TEST(MetadataParseTest, FooterValidationNamesTheField) {
  SchemaElement root;
  root.name = "root";
  root.num_children = 1;
  SchemaElement leaf = Leaf("x", static_cast<Type>(-7), FieldRepetitionType::kOptional);
  std::string bytes = FooterWithSchema({root, leaf});
  auto r = ParseFileMetaData(Data(bytes), bytes.size());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(r.status().message(),
            "Invalid Parquet footer: SchemaElement.type = -7 is not a valid physical type");

  leaf = Leaf("x", Type::kInt32, static_cast<FieldRepetitionType>(5));
  bytes = FooterWithSchema({root, leaf});
  r = ParseFileMetaData(Data(bytes), bytes.size());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "Invalid Parquet footer: SchemaElement.repetition_type = 5 is not a valid "
            "repetition type");

  leaf = Leaf("x", Type::kInt32, FieldRepetitionType::kOptional);
  leaf.converted_type = static_cast<ConvertedType>(22);
  bytes = FooterWithSchema({root, leaf});
  r = ParseFileMetaData(Data(bytes), bytes.size());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "Invalid Parquet footer: SchemaElement.converted_type = 22 is not a valid converted "
            "type");

  root.num_children = -1;
  bytes = FooterWithSchema({root});
  r = ParseFileMetaData(Data(bytes), bytes.size());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "Invalid Parquet footer: SchemaElement.num_children = -1 is negative");

  bytes = FooterWithSchema({});
  r = ParseFileMetaData(Data(bytes), bytes.size());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Invalid Parquet footer: FileMetaData.schema is empty");
}

TEST(MetadataParseTest, MissingRequiredFields) {
  // A SchemaElement without a name.
  std::string bytes;
  CompactWriter w(&bytes);
  w.WriteStructBegin();
  w.WriteI32Field(1, 1);
  w.WriteFieldBegin(CompactType::kList, 2);
  w.WriteListBegin(CompactType::kStruct, 1);
  w.WriteStructBegin();
  w.WriteI32Field(5, 0);  // num_children only.
  w.WriteStructEnd();
  w.WriteI64Field(3, 0);
  w.WriteFieldBegin(CompactType::kList, 4);
  w.WriteListBegin(CompactType::kStruct, 0);
  w.WriteStructEnd();
  auto r = ParseFileMetaData(Data(bytes), bytes.size());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Invalid Parquet footer: SchemaElement.name missing");

  // FileMetaData without num_rows; the field with the wrong wire type counts as missing.
  bytes.clear();
  CompactWriter w2(&bytes);
  w2.WriteStructBegin();
  w2.WriteI32Field(1, 1);
  w2.WriteFieldBegin(CompactType::kList, 2);
  w2.WriteListBegin(CompactType::kStruct, 1);
  w2.WriteStructBegin();
  w2.WriteBinaryField(4, "root");
  w2.WriteStructEnd();
  w2.WriteBinaryField(3, "not an i64");
  w2.WriteFieldBegin(CompactType::kList, 4);
  w2.WriteListBegin(CompactType::kStruct, 0);
  w2.WriteStructEnd();
  r = ParseFileMetaData(Data(bytes), bytes.size());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Invalid Parquet footer: FileMetaData.num_rows missing");
}

TEST(MetadataParseTest, UnknownEncodingInColumnMetaDataIsKept) {
  FileMetaData m = FullFileMetaData();
  m.row_groups[0].columns[0].meta_data.encodings = {static_cast<Encoding>(1000)};
  m.row_groups[0].columns[0].meta_data.codec = static_cast<CompressionCodec>(99);
  std::string bytes;
  SerializeFileMetaData(m, &bytes);
  auto r = ParseFileMetaData(Data(bytes), bytes.size());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(static_cast<int>(r->row_groups[0].columns[0].meta_data.encodings[0]), 1000);
  EXPECT_EQ(static_cast<int>(r->row_groups[0].columns[0].meta_data.codec), 99);
}

TEST(MetadataParseTest, UnknownTimeUnitMakesTheLogicalTypeUnrecognized) {
  std::string bytes;
  CompactWriter w(&bytes);
  w.WriteStructBegin();               // SchemaElement
  w.WriteI32Field(1, 2);              // INT64
  w.WriteBinaryField(4, "t");
  w.WriteFieldBegin(CompactType::kStruct, 10);
  w.WriteStructBegin();               // LogicalType
  w.WriteFieldBegin(CompactType::kStruct, 8);
  w.WriteStructBegin();               // TimestampType
  w.WriteBoolField(1, true);
  w.WriteFieldBegin(CompactType::kStruct, 2);
  w.WriteStructBegin();               // TimeUnit
  w.WriteFieldBegin(CompactType::kStruct, 9);  // A future unit.
  w.WriteStructBegin();
  w.WriteStructEnd();
  w.WriteStructEnd();
  w.WriteStructEnd();
  w.WriteStructEnd();
  w.WriteStructEnd();
  // Wrap it in a footer.
  std::string footer;
  CompactWriter f(&footer);
  f.WriteStructBegin();
  f.WriteI32Field(1, 1);
  f.WriteFieldBegin(CompactType::kList, 2);
  f.WriteListBegin(CompactType::kStruct, 1);
  footer += bytes;
  f.WriteI64Field(3, 0);
  f.WriteFieldBegin(CompactType::kList, 4);
  f.WriteListBegin(CompactType::kStruct, 0);
  f.WriteStructEnd();
  auto r = ParseFileMetaData(Data(footer), footer.size());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->schema[0].logical_type.has_value());
  EXPECT_EQ(r->schema[0].logical_type->kind, LogicalType::Kind::kUnrecognized);
  EXPECT_EQ(r->schema[0].logical_type->unrecognized_field_id, 8);

  // Re-serialized, it stays unrecognized (as an empty union).
  std::string again;
  SerializeFileMetaData(*r, &again);
  auto reparsed = ParseFileMetaData(Data(again), again.size());
  ASSERT_TRUE(reparsed.ok()) << reparsed.status().ToString();
  EXPECT_EQ(reparsed->schema[0].logical_type->kind, LogicalType::Kind::kUnrecognized);
}

TEST(MetadataParseTest, EncryptedColumnIsNotImplemented) {
  std::string bytes;
  CompactWriter w(&bytes);
  w.WriteStructBegin();
  w.WriteI32Field(1, 1);
  w.WriteFieldBegin(CompactType::kList, 2);
  w.WriteListBegin(CompactType::kStruct, 1);
  w.WriteStructBegin();
  w.WriteBinaryField(4, "root");
  w.WriteStructEnd();
  w.WriteI64Field(3, 1);
  w.WriteFieldBegin(CompactType::kList, 4);
  w.WriteListBegin(CompactType::kStruct, 1);
  w.WriteStructBegin();  // RowGroup
  w.WriteFieldBegin(CompactType::kList, 1);
  w.WriteListBegin(CompactType::kStruct, 1);
  w.WriteStructBegin();  // ColumnChunk with crypto metadata and no meta_data.
  w.WriteI64Field(2, 0);
  w.WriteFieldBegin(CompactType::kStruct, 8);
  w.WriteStructBegin();
  w.WriteFieldBegin(CompactType::kStruct, 1);  // ENCRYPTION_WITH_FOOTER_KEY
  w.WriteStructBegin();
  w.WriteStructEnd();
  w.WriteStructEnd();
  w.WriteBinaryField(9, "ciphertext");
  w.WriteStructEnd();
  w.WriteI64Field(2, 0);
  w.WriteI64Field(3, 1);
  w.WriteStructEnd();
  w.WriteStructEnd();
  auto r = ParseFileMetaData(Data(bytes), bytes.size());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotImplemented);
  EXPECT_EQ(r.status().message(), "Encrypted Parquet files are not supported");
}

TEST(MetadataParseTest, FooterTail) {
  uint8_t tail[8] = {100, 0, 0, 0, 'P', 'A', 'R', '1'};
  auto len = ParseFooterTail(tail, 1000);
  ASSERT_TRUE(len.ok()) << len.status().ToString();
  EXPECT_EQ(*len, 100u);
  EXPECT_EQ(ParseFooterTail(tail, 111).status().code(), StatusCode::kCorruption);
  EXPECT_TRUE(ParseFooterTail(tail, 112).ok());
  EXPECT_EQ(ParseFooterTail(tail, 11).status().code(), StatusCode::kCorruption);
  tail[7] = 'E';
  EXPECT_EQ(ParseFooterTail(tail, 1000).status().code(), StatusCode::kNotImplemented);
  tail[7] = 'X';
  EXPECT_EQ(ParseFooterTail(tail, 1000).status().code(), StatusCode::kCorruption);
}

TEST(MetadataParseTest, EveryTruncationFailsCleanly) {
  std::string bytes;
  SerializeFileMetaData(FullFileMetaData(), &bytes);
  for (size_t len = 0; len < bytes.size(); ++len) {
    std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + len);  // Exact-size heap copy.
    auto r = ParseFileMetaData(prefix.data(), prefix.size());
    ASSERT_FALSE(r.ok()) << "len " << len;
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << r.status().ToString();
  }
  std::string header;
  PageHeader h;
  h.data_page_header = DataPageHeader{};
  h.data_page_header->statistics = FullStatistics();
  SerializePageHeader(h, &header);
  for (size_t len = 0; len < header.size(); ++len) {
    std::vector<uint8_t> prefix(header.begin(), header.begin() + len);
    size_t used;
    EXPECT_FALSE(ParsePageHeader(prefix.data(), prefix.size(), &used).ok()) << "len " << len;
  }
}

TEST(MetadataParseTest, RandomByteFlipsNeverCrash) {
  std::string bytes;
  SerializeFileMetaData(FullFileMetaData(), &bytes);
  uint64_t seed = 12345;
  int parsed_ok = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    std::vector<uint8_t> copy(bytes.begin(), bytes.end());
    for (int k = 0; k < 3; ++k) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      copy[(seed >> 33) % copy.size()] = static_cast<uint8_t>(seed >> 20);
    }
    auto r = ParseFileMetaData(copy.data(), copy.size());
    parsed_ok += r.ok();
  }
  // Most flips land in string payloads and still parse; the point is no crash or sanitizer
  // report.
  EXPECT_GT(parsed_ok, 0);
}

}  // namespace
}  // namespace lakeml::parquet
