// Parses the footers and page headers of the real files in the parquet-testing corpus
// (LAKEML_SHARED_DIR/conformance/parquet) and checks them against the facts recorded
// independently in its inventory.json and README.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "format/parquet/metadata.h"

namespace lakeml::parquet {
namespace {

namespace fs = std::filesystem;

const std::string kCorpus = std::string(LAKEML_SHARED_DIR) + "/conformance/parquet/";

std::vector<uint8_t> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

// The footer bytes of a file, or an error from ParseFooterTail.
Result<std::vector<uint8_t>> FooterBytes(const std::vector<uint8_t>& file) {
  if (file.size() < kFooterTailSize) return Status::Corruption("too small");
  LAKEML_ASSIGN_OR_RETURN(uint32_t len, ParseFooterTail(file.data() + file.size() - kFooterTailSize,
                                                        static_cast<int64_t>(file.size())));
  const size_t start = file.size() - kFooterTailSize - len;
  return std::vector<uint8_t>(file.begin() + start, file.begin() + start + len);
}

Result<FileMetaData> ParseFile(const std::string& relative_path) {
  std::vector<uint8_t> file = ReadFile(kCorpus + relative_path);
  LAKEML_ASSIGN_OR_RETURN(std::vector<uint8_t> footer, FooterBytes(file));
  return ParseFileMetaData(footer.data(), footer.size());
}

std::vector<std::string> LeafNames(const FileMetaData& m) {
  std::vector<std::string> names;
  for (const SchemaElement& e : m.schema) {
    if (!e.num_children.has_value() || *e.num_children == 0) names.push_back(e.name);
  }
  return names;
}

const nlohmann::json& Inventory() {
  static const nlohmann::json inventory = [] {
    std::ifstream in(kCorpus + "inventory.json");
    return nlohmann::json::parse(in);
  }();
  return inventory;
}

TEST(MetadataFooterTest, AlltypesPlain) {
  auto m = ParseFile("data/alltypes_plain.parquet");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->num_rows, 8);
  ASSERT_EQ(m->row_groups.size(), 1u);
  EXPECT_EQ(m->created_by,
            "impala version 1.3.0-INTERNAL (build 8a48ddb1eff84592b3fc06bc6f51ec120e1fffc9)");
  EXPECT_EQ(LeafNames(*m),
            (std::vector<std::string>{"id", "bool_col", "tinyint_col", "smallint_col", "int_col",
                                      "bigint_col", "float_col", "double_col", "date_string_col",
                                      "string_col", "timestamp_col"}));
  const RowGroup& rg = m->row_groups[0];
  ASSERT_EQ(rg.columns.size(), 11u);
  EXPECT_EQ(rg.columns[10].meta_data.type, Type::kInt96);
  for (const ColumnChunk& c : rg.columns) {
    EXPECT_EQ(c.meta_data.codec, CompressionCodec::kUncompressed);
    EXPECT_EQ(c.meta_data.num_values, 8);
  }
}

TEST(MetadataFooterTest, SortColumnsAndKeyValueMetadata) {
  auto m = ParseFile("data/sort_columns.parquet");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ASSERT_FALSE(m->row_groups.empty());
  // README: sorting_columns = [a INT64 desc nulls-first, b STRING asc nulls-last].
  const auto& sc = m->row_groups[0].sorting_columns;
  ASSERT_EQ(sc.size(), 2u);
  EXPECT_EQ(sc[0], (SortingColumn{0, true, true}));
  EXPECT_EQ(sc[1], (SortingColumn{1, false, false}));

  auto kv = ParseFile("data/column_chunk_key_value_metadata.parquet");
  ASSERT_TRUE(kv.ok()) << kv.status().ToString();
  EXPECT_EQ(kv->num_rows, 0);
  // README: column1 carries {foo: bar, thisiskeywithoutvalue: <no value>}.
  bool found = false;
  for (const RowGroup& rg : kv->row_groups) {
    for (const ColumnChunk& c : rg.columns) {
      if (c.meta_data.key_value_metadata.empty()) continue;
      found = true;
      EXPECT_EQ(c.meta_data.key_value_metadata,
                (std::vector<KeyValue>{{"foo", "bar"}, {"thisiskeywithoutvalue", std::nullopt}}));
    }
  }
  EXPECT_TRUE(found);
}

TEST(MetadataFooterTest, UnknownLogicalTypeIsKeptAsUnrecognized) {
  auto m = ParseFile("data/unknown-logical-type.parquet");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->num_rows, 3);
  int unrecognized = 0;
  for (const SchemaElement& e : m->schema) {
    if (e.logical_type && e.logical_type->kind == LogicalType::Kind::kUnrecognized) {
      ++unrecognized;
      EXPECT_EQ(e.logical_type->unrecognized_field_id, 2555);
    }
  }
  EXPECT_EQ(unrecognized, 1);
}

TEST(MetadataFooterTest, BloomFilterAndPageIndexOffsets) {
  auto m = ParseFile("data/data_index_bloom_encoding_with_length.parquet");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const ColumnChunk& c = m->row_groups.at(0).columns.at(0);
  ASSERT_TRUE(c.meta_data.bloom_filter_offset.has_value());
  ASSERT_TRUE(c.meta_data.bloom_filter_length.has_value());
  ASSERT_TRUE(c.column_index_offset.has_value());
  ASSERT_TRUE(c.offset_index_offset.has_value());

  std::vector<uint8_t> file = ReadFile(kCorpus + "data/data_index_bloom_encoding_with_length.parquet");
  // The bloom filter: header + bitset spans exactly bloom_filter_length bytes.
  const size_t bf_off = *c.meta_data.bloom_filter_offset;
  const size_t bf_len = *c.meta_data.bloom_filter_length;
  ASSERT_LE(bf_off + bf_len, file.size());
  size_t header_size = 0;
  auto bf = ParseBloomFilterHeader(file.data() + bf_off, bf_len, &header_size);
  ASSERT_TRUE(bf.ok()) << bf.status().ToString();
  EXPECT_EQ(header_size + bf->num_bytes, bf_len);
  EXPECT_EQ(bf->algorithm, BloomFilterHeader::Algorithm::kBlock);
  EXPECT_EQ(bf->hash, BloomFilterHeader::Hash::kXxHash);
  EXPECT_EQ(bf->compression, BloomFilterHeader::Compression::kUncompressed);

  auto oi = ParseOffsetIndex(file.data() + *c.offset_index_offset, *c.offset_index_length);
  ASSERT_TRUE(oi.ok()) << oi.status().ToString();
  ASSERT_FALSE(oi->page_locations.empty());
  EXPECT_EQ(oi->page_locations[0].first_row_index, 0);
  auto ci = ParseColumnIndex(file.data() + *c.column_index_offset, *c.column_index_length);
  ASSERT_TRUE(ci.ok()) << ci.status().ToString();
  EXPECT_EQ(ci->null_pages.size(), oi->page_locations.size());
  // The offset index points at page headers.
  for (const PageLocation& loc : oi->page_locations) {
    size_t used = 0;
    auto h = ParsePageHeader(file.data() + loc.offset, loc.compressed_page_size, &used);
    ASSERT_TRUE(h.ok()) << h.status().ToString();
    EXPECT_EQ(used + h->compressed_page_size, static_cast<size_t>(loc.compressed_page_size));
  }
}

TEST(MetadataFooterTest, DescendingColumnIndex) {
  std::vector<uint8_t> file = ReadFile(kCorpus + "data/fixed_length_byte_array.parquet");
  auto footer = FooterBytes(file);
  ASSERT_TRUE(footer.ok());
  auto m = ParseFileMetaData(footer->data(), footer->size());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const ColumnChunk& c = m->row_groups.at(0).columns.at(0);
  ASSERT_TRUE(c.column_index_offset.has_value());
  auto ci = ParseColumnIndex(file.data() + *c.column_index_offset, *c.column_index_length);
  ASSERT_TRUE(ci.ok()) << ci.status().ToString();
  EXPECT_EQ(ci->boundary_order, BoundaryOrder::kDescending);
}

TEST(MetadataFooterTest, Parquet1481InvalidPhysicalType) {
  auto m = ParseFile("bad_data/PARQUET-1481.parquet");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(m.status().message(),
            "Invalid Parquet footer: SchemaElement.type = -7 is not a valid physical type");
}

TEST(MetadataFooterTest, EncryptedFilesAreNotImplemented) {
  int checked = 0;
  for (const auto& [name, facts] : Inventory()["files"].items()) {
    if (name.find(".encrypted") == std::string::npos) continue;
    auto m = ParseFile(name);
    ASSERT_FALSE(m.ok()) << name;
    EXPECT_EQ(m.status().code(), StatusCode::kNotImplemented) << name << ": "
                                                              << m.status().ToString();
    EXPECT_EQ(m.status().message(), "Encrypted Parquet files are not supported");
    ++checked;
  }
  EXPECT_GE(checked, 13);
}

// Every readable file's footer parses and agrees with inventory.json (rows, row groups,
// version, writer, codecs), and re-serializing it gives the same metadata.
TEST(MetadataFooterTest, WholeCorpusAgreesWithInventory) {
  int checked = 0;
  for (const auto& [name, facts] : Inventory()["files"].items()) {
    if (name.find(".encrypted") != std::string::npos) continue;
    if (name == "bad_data/PARQUET-1481.parquet") continue;
    SCOPED_TRACE(name);
    auto m = ParseFile(name);
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    EXPECT_EQ(m->num_rows, facts["rows"].get<int64_t>());
    EXPECT_EQ(static_cast<int64_t>(m->row_groups.size()), facts["rgs"].get<int64_t>());
    EXPECT_EQ(m->version, facts["ver"].get<int32_t>());
    if (facts["by"].is_string() && !facts["by"].get<std::string>().empty()) {
      // The inventory drops the " (build ...)" suffix.
      ASSERT_TRUE(m->created_by.has_value());
      EXPECT_EQ(m->created_by->rfind(facts["by"].get<std::string>(), 0), 0u) << *m->created_by;
    }
    std::set<std::string> codecs;
    for (const RowGroup& rg : m->row_groups) {
      for (const ColumnChunk& c : rg.columns) {
        codecs.insert(std::string(CompressionCodecName(c.meta_data.codec)));
      }
    }
    std::set<std::string> expected_codecs;
    for (const auto& c : facts["codecs"]) expected_codecs.insert(c.get<std::string>());
    if (!m->row_groups.empty()) EXPECT_EQ(codecs, expected_codecs);

    std::string again;
    SerializeFileMetaData(*m, &again);
    auto reparsed = ParseFileMetaData(reinterpret_cast<const uint8_t*>(again.data()), again.size());
    ASSERT_TRUE(reparsed.ok()) << reparsed.status().ToString();
    EXPECT_EQ(*reparsed, *m);
    ++checked;
  }
  EXPECT_GE(checked, 200);
}

// Walks every page header of every column chunk (from the dictionary or first data page to
// the end of the chunk): the headers must parse, tile the chunk exactly, and their value
// counts must add up to the chunk's num_values.
TEST(MetadataFooterTest, PageHeadersTileEveryColumnChunk) {
  const std::set<std::string> skip = {
      "bad_data/ARROW-GH-41317.parquet",        // A page type mutated to INDEX_PAGE.
      "bad_data/ARROW-GH-41321.parquet",        // Corrupt page headers.
      "bad_data/ARROW-RS-GH-6229-LEVELS.parquet",  // Page says 21 values, chunk 1.
      "bad_data/PARQUET-1481.parquet",
      // PARQUET-816: old parquet-mr left the dictionary page header out of
      // total_compressed_size; readers pad the chunk (Arrow: by up to 100 bytes).
      "data/nation.dict-malformed.parquet",
  };
  int chunks = 0;
  for (const auto& [name, facts] : Inventory()["files"].items()) {
    if (name.find(".encrypted") != std::string::npos || skip.count(name)) continue;
    SCOPED_TRACE(name);
    std::vector<uint8_t> file = ReadFile(kCorpus + name);
    auto footer = FooterBytes(file);
    ASSERT_TRUE(footer.ok());
    auto m = ParseFileMetaData(footer->data(), footer->size());
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    for (const RowGroup& rg : m->row_groups) {
      for (const ColumnChunk& c : rg.columns) {
        const ColumnMetaData& md = c.meta_data;
        // The chunk starts at its dictionary page when there is one. Quirks: some writers
        // store dictionary_page_offset = 0 for "none", one (column_chunk_key_value_metadata)
        // stores data_page_offset = 0 for a chunk with only a dictionary page.
        int64_t start = md.data_page_offset;
        if (md.dictionary_page_offset && *md.dictionary_page_offset > 0 &&
            (*md.dictionary_page_offset < start || start == 0)) {
          start = *md.dictionary_page_offset;
        }
        const int64_t end = start + md.total_compressed_size;
        ASSERT_LE(end, static_cast<int64_t>(file.size()));
        int64_t pos = start;
        int64_t values = 0;
        while (pos < end) {
          size_t used = 0;
          auto h = ParsePageHeader(file.data() + pos, end - pos, &used);
          ASSERT_TRUE(h.ok()) << "offset " << pos << ": " << h.status().ToString();
          if (h->data_page_header) values += h->data_page_header->num_values;
          if (h->data_page_header_v2) values += h->data_page_header_v2->num_values;
          pos += used + h->compressed_page_size;
        }
        EXPECT_EQ(pos, end);
        EXPECT_EQ(values, md.num_values);
        ++chunks;
      }
    }
  }
  EXPECT_GT(chunks, 500);
}

TEST(MetadataFooterTest, ArrowGh41321NegativeDictionaryCountIsRejected) {
  std::vector<uint8_t> file = ReadFile(kCorpus + "bad_data/ARROW-GH-41321.parquet");
  auto footer = FooterBytes(file);
  ASSERT_TRUE(footer.ok());
  auto m = ParseFileMetaData(footer->data(), footer->size());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  // inventory.json: rg1 col86 dictionary num_values=-4.
  const ColumnMetaData& md = m->row_groups.at(1).columns.at(86).meta_data;
  ASSERT_TRUE(md.dictionary_page_offset.has_value());
  size_t used;
  auto h = ParsePageHeader(file.data() + *md.dictionary_page_offset,
                           file.size() - *md.dictionary_page_offset, &used);
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.status().message(),
            "Invalid Parquet page header: DictionaryPageHeader.num_values = -4 is negative");
}

TEST(MetadataFooterTest, TruncatedRealFootersFailCleanly) {
  // Every length of small footers; a stride through the big one (19 KB) to keep the
  // sanitizer run short.
  for (const char* name : {"data/alltypes_tiny_pages.parquet", "data/unknown-logical-type.parquet",
                           "data/nested_structs.rust.parquet"}) {
    SCOPED_TRACE(name);
    std::vector<uint8_t> file = ReadFile(kCorpus + name);
    auto footer = FooterBytes(file);
    ASSERT_TRUE(footer.ok());
    ASSERT_TRUE(ParseFileMetaData(footer->data(), footer->size()).ok());
    const size_t stride = footer->size() > 4000 ? 13 : 1;
    for (size_t len = 0; len < footer->size(); len += stride) {
      std::vector<uint8_t> prefix(footer->begin(), footer->begin() + len);
      auto m = ParseFileMetaData(prefix.data(), prefix.size());
      ASSERT_FALSE(m.ok()) << "len " << len;
      EXPECT_EQ(m.status().code(), StatusCode::kCorruption);
    }
  }
}

}  // namespace
}  // namespace lakeml::parquet
