// Conformance of the Parquet reader against the apache/parquet-testing corpus in
// $LAKEML_SHARED_DIR/conformance/parquet (README.md and inventory.json there describe every file).
//
// Oracles, in order of preference: the upstream companions (*_expect.csv, the .md files, the
// notes in data/README.md, geospatial.yaml, shredded_variant/*.variant.bin), transcribed here
// where they give values in prose; and, for plain row counts, the DuckDB 1.5.6 read recorded in
// inventory.json. Never lakeml's own output.
//
// The catalogue of which files are expected to fail, and why, is test/README.md.
#include <gtest/gtest.h>

#include "base/half_float.h"
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "format/parquet/file_reader.h"
#include "format/value_text/value_formatter.h"
#include "io/local_file_system.h"
#include "io/memory_file_system.h"

namespace lakeml::parquet {
namespace {

using columnar::BatchPtr;
using columnar::TypeId;
using columnar::Vector;
using format::ValueFormatter;

const std::string& CorpusDir() {
  static const std::string* dir =
      new std::string(std::string(LAKEML_SHARED_DIR) + "/conformance/parquet");
  return *dir;
}
std::string Corpus(const std::string& rel) { return CorpusDir() + "/" + rel; }

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Valid files left out of the "reads completely" sweep; each has its own test below.
const std::map<std::string, std::string>& SweepExclusions() {
  static const auto* m = new std::map<std::string, std::string>{
      {"data/large_string_map.brotli.parquet",
       "4 KB file that decodes to over 2 GiB: heavy, DISABLED_ by default"},
      {"data/rle-dict-uncompressed-corrupt-checksum.parquet",
       "dictionary pages carry a wrong CRC: must fail (CorruptChecksumIsAnError)"},
  };
  return *m;
}

// Every *.parquet under data/ (recursively) and shredded_variant/, relative to the corpus.
std::vector<std::string> ValidCorpusFiles() {
  std::vector<std::string> out;
  for (const char* sub : {"data", "shredded_variant"}) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(Corpus(sub))) {
      if (!e.is_regular_file() || e.path().extension() != ".parquet") continue;
      std::string rel = std::filesystem::relative(e.path(), CorpusDir()).string();
      if (!SweepExclusions().count(rel)) out.push_back(rel);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

const nlohmann::json& Inventory() {
  static const auto* inv =
      new nlohmann::json(nlohmann::json::parse(ReadWholeFile(Corpus("inventory.json"))));
  return *inv;
}

// Row count DuckDB 1.5.6 read ("ok, N rows"), if the inventory records one.
std::optional<int64_t> DuckDbRowCount(const std::string& rel) {
  const auto& files = Inventory()["files"];
  if (!files.contains(rel)) return std::nullopt;
  const auto& d = files[rel]["duckdb_1_5_6"];
  if (!d.is_string()) return std::nullopt;
  long long n = 0;
  if (std::sscanf(d.get<std::string>().c_str(), "ok, %lld rows", &n) != 1) return std::nullopt;
  return n;
}

// Structural checks on a decoded vector: offsets monotonic and within their data, children
// long enough, fixed-width buffers big enough. Returns "" or what is wrong.
std::string CheckVector(const Vector& v) {
  const int64_t n = v.length();
  const columnar::DataType& t = *v.type();
  if (v.validity() && v.validity()->size() * 8 < n) return "validity bitmap too small";
  if (t.id() == TypeId::kString || t.id() == TypeId::kBinary || t.id() == TypeId::kList ||
      t.id() == TypeId::kMap) {
    if (!v.values() || v.values()->size() < (n + 1) * 8) return "offsets buffer too small";
    const int64_t* o = v.offsets();
    for (int64_t i = 0; i < n; ++i) {
      if (o[i] < 0 || o[i + 1] < o[i]) return "offsets not monotonic";
    }
    if (t.is_binary_like()) {
      const int64_t data = v.data() ? v.data()->size() : 0;
      if (o[n] > data) return "string offsets past data";
    } else {
      // A list has its element; a map its key and value vectors.
      const size_t want = t.id() == TypeId::kList ? 1 : 2;
      if (v.children().size() != want) return "list/map child count";
      for (const auto& c : v.children()) {
        if (c->length() < o[n]) return "list/map child shorter than offsets";
        std::string s = CheckVector(*c);
        if (!s.empty()) return s;
      }
    }
  } else if (t.id() == TypeId::kStruct) {
    if (v.children().size() != t.children().size()) return "struct child count";
    for (const auto& c : v.children()) {
      if (c->length() != n) return "struct child length";
      std::string s = CheckVector(*c);
      if (!s.empty()) return s;
    }
  } else if (t.id() == TypeId::kBoolean) {
    if (n > 0 && (!v.values() || v.values()->size() * 8 < n)) return "boolean bits too small";
  } else if (t.fixed_width() > 0 || t.id() == TypeId::kFixedSizeBinary) {
    const int64_t w = t.id() == TypeId::kFixedSizeBinary ? t.byte_width() : t.fixed_width();
    if (n > 0 && (!v.values() || v.values()->size() < n * w)) return "values buffer too small";
  }
  return "";
}

std::vector<int> AllFields(const FileReader& r) {
  std::vector<int> all(r.schema()->num_fields());
  std::iota(all.begin(), all.end(), 0);
  return all;
}

// Reads every row group with every column, checking row counts against the footer.
Result<std::vector<BatchPtr>> ReadEverything(const FileReader& r) {
  std::vector<BatchPtr> out;
  const std::vector<int> all = AllFields(r);
  for (int g = 0; g < r.num_row_groups(); ++g) {
    LAKEML_ASSIGN_OR_RETURN(BatchPtr b, r.ReadRowGroup(g, all));
    if (b->num_rows() != r.metadata().row_groups[g].num_rows) {
      return Status::Internal("row group ", g, " decoded ", b->num_rows(), " rows, footer says ",
                              r.metadata().row_groups[g].num_rows);
    }
    if (b->num_columns() != all.size()) return Status::Internal("column count");
    for (size_t c = 0; c < b->num_columns(); ++c) {
      if (b->column(c)->length() != b->num_rows()) {
        return Status::Internal("row group ", g, " column ", c, " has ",
                                b->column(c)->length(), " values");
      }
      std::string bad = CheckVector(*b->column(c));
      if (!bad.empty()) return Status::Internal("row group ", g, " column ", c, ": ", bad);
    }
    out.push_back(std::move(b));
  }
  return out;
}

// Opens and reads everything; the first error of either step.
Status OpenAndReadEverything(io::FileSystem* fs, const std::string& path) {
  LAKEML_ASSIGN_OR_RETURN(auto r, FileReader::Open(fs, path));
  return ReadEverything(*r).status();
}

std::unique_ptr<FileReader> OpenCorpus(const std::string& rel) {
  auto r = FileReader::Open(io::LocalFs(), Corpus(rel));
  EXPECT_TRUE(r.ok()) << rel << ": " << r.status().ToString();
  return r.ok() ? std::move(*r) : nullptr;
}

// The JSON text (ValueFormatter kJson) of every row of top-level column `name`.
std::vector<std::string> ColumnJson(const FileReader& r, const std::string& name) {
  std::vector<std::string> out;
  auto idx = r.ResolveColumns({name});
  EXPECT_TRUE(idx.ok()) << idx.status().ToString();
  if (!idx.ok()) return out;
  for (int g = 0; g < r.num_row_groups(); ++g) {
    auto b = r.ReadRowGroup(g, *idx);
    EXPECT_TRUE(b.ok()) << b.status().ToString();
    if (!b.ok()) return out;
    for (int64_t i = 0; i < (*b)->num_rows(); ++i) {
      std::string s;
      ValueFormatter::AppendJson(*(*b)->column(0), i, &s);
      out.push_back(std::move(s));
    }
  }
  return out;
}

// Column `c` of every row group as kText, nullopt for null.
using TextColumn = std::vector<std::optional<std::string>>;
std::vector<TextColumn> AllColumnsText(const FileReader& r) {
  std::vector<TextColumn> cols(r.schema()->num_fields());
  auto batches = ReadEverything(r);
  EXPECT_TRUE(batches.ok()) << batches.status().ToString();
  if (!batches.ok()) return cols;
  for (const auto& b : *batches) {
    for (size_t c = 0; c < b->num_columns(); ++c) {
      for (int64_t i = 0; i < b->num_rows(); ++i) {
        if (b->column(c)->IsNull(i)) {
          cols[c].push_back(std::nullopt);
        } else {
          std::string s;
          ValueFormatter::AppendText(*b->column(c), i, &s);
          cols[c].push_back(std::move(s));
        }
      }
    }
  }
  return cols;
}

// RFC 4180 CSV; an unquoted empty field is null, a quoted one the empty string.
std::vector<std::vector<std::optional<std::string>>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::optional<std::string>>> rows;
  std::vector<std::optional<std::string>> row;
  std::string field;
  bool quoted = false, in_quotes = false, any = false;
  auto end_field = [&] {
    if (quoted || !field.empty()) {
      row.push_back(field);
    } else {
      row.push_back(std::nullopt);
    }
    field.clear();
    quoted = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    any = true;
    if (in_quotes) {
      if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (ch == '"') {
        in_quotes = false;
      } else {
        field += ch;
      }
    } else if (ch == '"') {
      in_quotes = quoted = true;
    } else if (ch == ',') {
      end_field();
    } else if (ch == '\n' || ch == '\r') {
      if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_field();
      rows.push_back(std::move(row));
      row.clear();
      any = false;
    } else {
      field += ch;
    }
  }
  if (any) {
    end_field();
    rows.push_back(std::move(row));
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// 1. Every valid file opens and reads completely.

TEST(ParquetConformanceTest, EveryValidFileReadsCompletely) {
  const std::vector<std::string> files = ValidCorpusFiles();
  ASSERT_GT(files.size(), 200u) << "corpus not found under " << CorpusDir();
  int passed = 0;
  std::vector<std::string> failed;
  for (const std::string& rel : files) {
    SCOPED_TRACE(rel);
    auto r = FileReader::Open(io::LocalFs(), Corpus(rel));
    if (!r.ok()) {
      failed.push_back(rel + ": open: " + r.status().ToString());
      continue;
    }
    auto batches = ReadEverything(**r);
    if (!batches.ok()) {
      failed.push_back(rel + ": read: " + batches.status().ToString());
      continue;
    }
    int64_t rows = 0;
    for (const auto& b : *batches) rows += b->num_rows();
    std::string problem;
    if (rows != (*r)->num_rows()) problem = "num_rows() disagrees with the row groups";
    std::optional<int64_t> duck = DuckDbRowCount(rel);
    if (duck && rows != *duck) {
      problem = "rows " + std::to_string(rows) + ", DuckDB read " + std::to_string(*duck);
    }
    // The streaming path (prefetching, thread pool) must agree with ReadRowGroup.
    auto stream = (*r)->Scan({});
    if (!stream.ok()) {
      problem = "Scan: " + stream.status().ToString();
    } else {
      int64_t scanned = 0;
      while (true) {
        auto b = (*stream)->Next();
        if (!b.ok()) {
          problem = "Scan: " + b.status().ToString();
          break;
        }
        if (!*b) break;
        scanned += (*b)->num_rows();
      }
      if (problem.empty() && scanned != rows) problem = "Scan row count differs";
    }
    if (problem.empty()) {
      ++passed;
    } else {
      failed.push_back(rel + ": " + problem);
    }
  }
  std::printf("[ conformance ] %d of %zu valid corpus files read completely\n", passed,
              files.size());
  for (const auto& f : failed) ADD_FAILURE() << f;
}

TEST(ParquetConformanceTest, FooterNumRowsZeroTrustsRowGroups) {
  // data/README + inventory: FileMetaData.num_rows = 0 but the row group holds 6 rows.
  auto r = OpenCorpus("data/repeated_no_annotation.parquet");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->num_rows(), 6);
}

// ---------------------------------------------------------------------------------------------
// 2. Expected-content companions.

void ExpectMatchesCsv(const std::string& parquet, const std::string& csv) {
  SCOPED_TRACE(parquet);
  auto r = OpenCorpus(parquet);
  ASSERT_TRUE(r);
  auto rows = ParseCsv(ReadWholeFile(Corpus(csv)));
  ASSERT_GE(rows.size(), 2u);
  const size_t ncols = rows[0].size();  // Header; names compared by position only.
  rows.erase(rows.begin());
  std::vector<TextColumn> cols = AllColumnsText(*r);
  ASSERT_EQ(cols.size(), ncols);
  int mismatches = 0;
  for (size_t c = 0; c < ncols; ++c) {
    ASSERT_EQ(cols[c].size(), rows.size()) << "column " << c;
    for (size_t i = 0; i < rows.size() && mismatches < 10; ++i) {
      ASSERT_EQ(rows[i].size(), ncols) << "csv row " << i;
      if (cols[c][i] != rows[i][c]) {
        ++mismatches;
        ADD_FAILURE() << "row " << i << " column " << c << " (" << r->schema()->field(c).name
                      << "): got " << cols[c][i].value_or("<null>") << ", expected "
                      << rows[i][c].value_or("<null>");
      }
    }
  }
}

TEST(ParquetConformanceTest, DeltaBinaryPackedMatchesExpectCsv) {
  ExpectMatchesCsv("data/delta_binary_packed.parquet", "data/delta_binary_packed_expect.csv");
}
TEST(ParquetConformanceTest, DeltaByteArrayMatchesExpectCsv) {
  ExpectMatchesCsv("data/delta_byte_array.parquet", "data/delta_byte_array_expect.csv");
}
TEST(ParquetConformanceTest, DeltaEncodingRequiredColumnMatchesExpectCsv) {
  ExpectMatchesCsv("data/delta_encoding_required_column.parquet",
                   "data/delta_encoding_required_column_expect.csv");
}

TEST(ParquetConformanceTest, OldTwoLevelListStructure) {
  auto r = OpenCorpus("data/old_list_structure.parquet");
  ASSERT_TRUE(r);
  // old_list_structure.md: a single value [[1, 2], [3, 4]].
  EXPECT_EQ(ColumnJson(*r, "a"), std::vector<std::string>{"[[1,2],[3,4]]"});
}

TEST(ParquetConformanceTest, MapNoValue) {
  auto r = OpenCorpus("data/map_no_value.parquet");
  ASSERT_TRUE(r);
  // map_no_value.md: my_map is {1 -> null, 2 -> null, 3 -> null}, ... (integer keys, so lakeml's
  // JSON is an array of key/value objects); my_map_no_v and my_list are list<int> rows.
  auto kv = [](int a) {
    std::string s = "[";
    for (int k = a; k < a + 3; ++k) {
      if (k > a) s += ",";
      s += "{\"key\":" + std::to_string(k) + ",\"value\":null}";
    }
    return s + "]";
  };
  EXPECT_EQ(ColumnJson(*r, "my_map"), (std::vector<std::string>{kv(1), kv(4), kv(7)}));
  const std::vector<std::string> lists = {"[1,2,3]", "[4,5,6]", "[7,8,9]"};
  EXPECT_EQ(ColumnJson(*r, "my_list"), lists);
  EXPECT_EQ(ColumnJson(*r, "my_map_no_v"), lists);
}

TEST(ParquetConformanceTest, NullListIsOneEmptyList) {
  auto r = OpenCorpus("data/null_list.parquet");
  ASSERT_TRUE(r);
  EXPECT_EQ(ColumnJson(*r, "emptylist"), std::vector<std::string>{"[]"});  // {"emptylist":[]}
}

// int32_with_null_pages.md: ColumnIndex per page of 100 rows (null count, min, max).
TEST(ParquetConformanceTest, Int32WithNullPagesMatchesDocumentedPageIndex) {
  auto r = OpenCorpus("data/int32_with_null_pages.parquet");
  ASSERT_TRUE(r);
  struct Page {
    int nulls;
    std::optional<int32_t> min, max;
  };
  const Page pages[10] = {{8, -2135807632, 2144701119},  {55, -2104090659, 1745329571},
                          {100, std::nullopt, std::nullopt}, {52, -2116849709, 2077105757},
                          {16, -2048691758, 2143189382}, {12, -2017923401, 2087827129},
                          {5, -2136906554, 2125689411},  {7, -2113313110, 2145722375},
                          {8, -2046900272, 2087168549},  {12, -1941944785, 2078586537}};
  auto b = r->ReadRowGroup(0, {0});
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  const Vector& v = *(*b)->column(0);
  ASSERT_EQ(v.type()->id(), TypeId::kInt32);
  ASSERT_EQ(v.length(), 1000);
  EXPECT_EQ(v.null_count(), 275);
  for (int p = 0; p < 10; ++p) {
    int nulls = 0;
    std::optional<int32_t> mn, mx;
    for (int i = p * 100; i < p * 100 + 100; ++i) {
      if (v.IsNull(i)) {
        ++nulls;
        continue;
      }
      int32_t x = v.values_as<int32_t>()[i];
      mn = mn ? std::min(*mn, x) : x;
      mx = mx ? std::max(*mx, x) : x;
    }
    EXPECT_EQ(nulls, pages[p].nulls) << "page " << p;
    EXPECT_EQ(mn, pages[p].min) << "page " << p;
    EXPECT_EQ(mx, pages[p].max) << "page " << p;
  }
}

// fixed_length_byte_array.md: 1000 rows, descending 0x3E8..0x1 with 105 nulls; ColumnIndex per
// page of 100 rows.
TEST(ParquetConformanceTest, FixedLengthByteArrayMatchesDocumentedPageIndex) {
  auto r = OpenCorpus("data/fixed_length_byte_array.parquet");
  ASSERT_TRUE(r);
  const int nulls[10] = {9, 9, 19, 10, 13, 11, 11, 8, 9, 6};
  const uint32_t mins[10] = {0x385, 0x321, 0x2BD, 0x259, 0x1F5, 0x191, 0x12D, 0xC9, 0x65, 0x1};
  const uint32_t maxs[10] = {0x3E8, 0x384, 0x320, 0x2BC, 0x258, 0x1F4, 0x190, 0x12C, 0xC8, 0x64};
  auto b = r->ReadRowGroup(0, {0});
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  const Vector& v = *(*b)->column(0);
  ASSERT_EQ(v.type()->id(), TypeId::kFixedSizeBinary);
  ASSERT_EQ(v.type()->byte_width(), 4);
  ASSERT_EQ(v.length(), 1000);
  EXPECT_EQ(v.null_count(), 105);
  std::optional<uint32_t> prev;
  for (int p = 0; p < 10; ++p) {
    int n = 0;
    uint32_t mn = UINT32_MAX, mx = 0;
    for (int i = p * 100; i < p * 100 + 100; ++i) {
      if (v.IsNull(i)) {
        ++n;
        continue;
      }
      std::string_view s = v.GetFixedView(i);
      uint32_t x = 0;
      for (char ch : s) x = (x << 8) | static_cast<uint8_t>(ch);  // Big-endian bytes.
      EXPECT_TRUE(!prev || x < *prev) << "not descending at row " << i;
      prev = x;
      mn = std::min(mn, x);
      mx = std::max(mx, x);
    }
    EXPECT_EQ(n, nulls[p]) << "page " << p;
    EXPECT_EQ(mn, mins[p]) << "page " << p;
    EXPECT_EQ(mx, maxs[p]) << "page " << p;
  }
}

// data/README.md, "Binary truncated min and max statistics": the parquet-cli cat output.
TEST(ParquetConformanceTest, BinaryTruncatedMinMaxContents) {
  auto r = OpenCorpus("data/binary_truncated_min_max.parquet");
  ASSERT_TRUE(r);
  const std::vector<std::string> names = {
      "Blart Versenwald III", "Alice Johnson", "Bob Smith",    "Charlie Brown",
      "Diana Prince",         "Edward Norton", "Fiona Apple",  "George Lucas",
      "Helen Keller",         "Ivan Drago",    "Julia Roberts", "Kevin Bacon"};
  ASSERT_EQ(r->schema()->num_fields(), 6u);
  auto b = r->ReadRowGroup(0, AllFields(*r));
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  ASSERT_EQ((*b)->num_rows(), 12);
  for (int c = 0; c < 6; ++c) {
    const Vector& v = *(*b)->column(c);
    ASSERT_TRUE(v.type()->is_binary_like()) << c;
    EXPECT_EQ(v.type()->id(), c % 2 == 0 ? TypeId::kString : TypeId::kBinary) << c;
    for (int i = 0; i < 12; ++i) {
      std::string want = names[i];
      if (i == 1 && c >= 4) want = "Al";
      if (i == 11 && c >= 4) want = "Ke";
      if (i == 11 && c == 2) want = "\xF0\x9F\x9A\x80Kevin Bacon";  // U+1F680 + name.
      if (i == 11 && c == 3) want = std::string("\xFF\xFF\x01\x02", 4);
      EXPECT_EQ(v.GetView(i), want) << "row " << i << " column " << c;
    }
  }
}

// The data/README.md table: 513 UINT64 values 1..513 in two concatenated gzip members.
TEST(ParquetConformanceTest, ConcatenatedGzipMembers) {
  auto r = OpenCorpus("data/concatenated_gzip_members.parquet");
  ASSERT_TRUE(r);
  std::vector<std::string> want;
  for (int i = 1; i <= 513; ++i) want.push_back(std::to_string(i));
  EXPECT_EQ(ColumnJson(*r, r->schema()->field(0).name), want);
  EXPECT_EQ(r->schema()->field(0).type->id(), TypeId::kUInt64);
}

TEST(ParquetConformanceTest, DecimalsOnEveryPhysicalType) {
  // README: int32/int64/FLBA/legacy FLBA/BYTE_ARRAY decimals, all 1.00..24.00.
  for (const char* f : {"data/int32_decimal.parquet", "data/int64_decimal.parquet",
                        "data/fixed_length_decimal.parquet",
                        "data/fixed_length_decimal_legacy.parquet",
                        "data/byte_array_decimal.parquet"}) {
    SCOPED_TRACE(f);
    auto r = OpenCorpus(f);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->schema()->field(0).type->id(), TypeId::kDecimal);
    EXPECT_EQ(r->schema()->field(0).type->scale(), 2);
    std::vector<std::string> want;
    for (int i = 1; i <= 24; ++i) want.push_back("\"" + std::to_string(i) + ".00\"");
    EXPECT_EQ(ColumnJson(*r, "value"), want);
  }
}

TEST(ParquetConformanceTest, NanInStatsValues) {
  auto r = OpenCorpus("data/nan_in_stats.parquet");
  ASSERT_TRUE(r);
  EXPECT_EQ(ColumnJson(*r, "x"), (std::vector<std::string>{"1.0", "\"NaN\""}));
}

// data/README.md "Float16 Files": the pyarrow generator's values.
TEST(ParquetConformanceTest, Float16Values) {
  struct Want {
    bool null;
    float value;  // NaN for NaN; the sign of zeros matters.
  };
  const float nan = std::nanf("");
  const std::vector<std::pair<std::string, std::vector<Want>>> cases = {
      {"data/float16_zeros_and_nans.parquet", {{true, 0}, {false, 0.0f}, {false, nan}}},
      {"data/float16_nonzeros_and_nans.parquet",
       {{true, 0},
        {false, 1.0f},
        {false, -2.0f},
        {false, nan},
        {false, 0.0f},
        {false, -1.0f},
        {false, -0.0f},
        {false, 2.0f}}}};
  for (const auto& [file, want] : cases) {
    SCOPED_TRACE(file);
    auto r = OpenCorpus(file);
    ASSERT_TRUE(r);
    auto b = r->ReadRowGroup(0, {0});
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    const Vector& v = *(*b)->column(0);
    ASSERT_EQ(v.type()->id(), TypeId::kFloat16);
    ASSERT_EQ(v.length(), static_cast<int64_t>(want.size()));
    for (size_t i = 0; i < want.size(); ++i) {
      ASSERT_EQ(v.IsNull(i), want[i].null) << i;
      if (want[i].null) continue;
      float got = HalfToFloat(v.values_as<uint16_t>()[i]);
      if (std::isnan(want[i].value)) {
        EXPECT_TRUE(std::isnan(got)) << i;
      } else {
        EXPECT_EQ(got, want[i].value) << i;
        EXPECT_EQ(std::signbit(got), std::signbit(want[i].value)) << i;
      }
    }
  }
}

TEST(ParquetConformanceTest, AllNullAndEmptyPageFiles) {
  // README: single_nan holds one null; page_v2_empty_compressed 10 nulls; the empty snappy
  // DATA_PAGE_V2 one null; rle_boolean_encoding 68 rows with 6 nulls.
  const std::vector<std::pair<std::string, std::pair<int64_t, int64_t>>> cases = {
      {"data/single_nan.parquet", {1, 1}},
      {"data/page_v2_empty_compressed.parquet", {10, 10}},
      {"data/datapage_v2_empty_datapage.snappy.parquet", {1, 1}},
      {"data/rle_boolean_encoding.parquet", {68, 6}},
  };
  for (const auto& [file, want] : cases) {
    SCOPED_TRACE(file);
    auto r = OpenCorpus(file);
    ASSERT_TRUE(r);
    TextColumn col = AllColumnsText(*r)[0];
    EXPECT_EQ(static_cast<int64_t>(col.size()), want.first);
    EXPECT_EQ(std::count(col.begin(), col.end(), std::nullopt), want.second);
  }
}

TEST(ParquetConformanceTest, IncorrectMapSchemaWithOptionalKey) {
  // data/README.md: the Presto CTAS MAP(ARRAY['name','parent'], ARRAY['report','another']).
  auto r = OpenCorpus("data/incorrect_map_schema.parquet");
  ASSERT_TRUE(r);
  // The SQL does not fix the entry order (Presto maps are hashed): accept either.
  std::vector<std::string> got = ColumnJson(*r, "my_map");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0] == "{\"name\":\"report\",\"parent\":\"another\"}" ||
              got[0] == "{\"parent\":\"another\",\"name\":\"report\"}")
      << got[0];
}

TEST(ParquetConformanceTest, TwinFilesHoldTheSameValues) {
  // README: each pair holds the same data in a different layout/codec/encoding.
  const std::vector<std::pair<std::string, std::string>> twins = {
      {"data/datapage_v1-uncompressed-checksum.parquet",
       "data/datapage_v1-snappy-compressed-checksum.parquet"},
      {"data/alltypes_tiny_pages.parquet", "data/alltypes_tiny_pages_plain.parquet"},
  };
  for (const auto& [a, b] : twins) {
    SCOPED_TRACE(a + " vs " + b);
    auto ra = OpenCorpus(a);
    auto rb = OpenCorpus(b);
    ASSERT_TRUE(ra && rb);
    std::vector<TextColumn> ca = AllColumnsText(*ra), cb = AllColumnsText(*rb);
    ASSERT_EQ(ca.size(), cb.size());
    for (size_t c = 0; c < ca.size(); ++c) {
      EXPECT_GT(ca[c].size(), 0u);
      EXPECT_TRUE(ca[c] == cb[c]) << "column " << ra->schema()->field(c).name << " differs";
    }
  }
}

// data/README.md: sort_columns = [a INT64 desc nulls-first, b STRING asc nulls-last] in both
// row groups; column_chunk_key_value_metadata's column1 = {foo: bar, thisiskeywithoutvalue}.
TEST(ParquetConformanceTest, SortingColumnsAndColumnKeyValueMetadata) {
  auto r = OpenCorpus("data/sort_columns.parquet");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->num_row_groups(), 2);
  for (const RowGroup& g : r->metadata().row_groups) {
    ASSERT_EQ(g.sorting_columns.size(), 2u);
    EXPECT_EQ(g.sorting_columns[0], (SortingColumn{0, true, true}));
    EXPECT_EQ(g.sorting_columns[1], (SortingColumn{1, false, false}));
  }
  auto kv = OpenCorpus("data/column_chunk_key_value_metadata.parquet");
  ASSERT_TRUE(kv);
  EXPECT_EQ(kv->num_rows(), 0);
  const auto& md = kv->metadata().row_groups[0].columns[0].meta_data.key_value_metadata;
  ASSERT_EQ(md.size(), 2u);
  EXPECT_EQ(md[0], (KeyValue{"foo", "bar"}));
  EXPECT_EQ(md[1].key, "thisiskeywithoutvalue");
  EXPECT_FALSE(md[1].value.has_value() && !md[1].value->empty());
}

// geospatial.yaml: each top-level key is a row group; its items are the rows' WKT (null when
// the item is null). YAML folds long items onto indented continuation lines.
TEST(ParquetConformanceTest, GeospatialMatchesYaml) {
  std::vector<std::pair<std::string, std::optional<std::string>>> want;
  std::vector<std::string> group_order;
  std::istringstream in(ReadWholeFile(Corpus("data/geospatial/geospatial.yaml")));
  std::string line, group;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("- ", 0) == 0) {
      std::string item = line.substr(2);
      want.emplace_back(group, item == "null" ? std::nullopt : std::optional<std::string>(item));
    } else if (line.rfind("  ", 0) == 0) {
      ASSERT_FALSE(want.empty());
      *want.back().second += " " + line.substr(2);
    } else if (line.back() == ':') {
      group = line.substr(0, line.size() - 1);
      group_order.push_back(group);
    }
  }
  ASSERT_EQ(want.size(), 196u);
  auto r = OpenCorpus("data/geospatial/geospatial.parquet");
  ASSERT_TRUE(r);
  std::vector<TextColumn> cols = AllColumnsText(*r);
  ASSERT_EQ(cols.size(), 3u);
  ASSERT_EQ(cols[0].size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(cols[0][i], want[i].first) << "row " << i;
    EXPECT_EQ(cols[1][i], want[i].second) << "row " << i;
    EXPECT_EQ(cols[2][i].has_value(), want[i].second.has_value()) << "row " << i;
  }
  // One row group per YAML key that has items.
  std::set<std::string> nonempty;
  for (const auto& w : want) nonempty.insert(w.first);
  EXPECT_EQ(r->num_row_groups(), static_cast<int>(nonempty.size()));
}

// shredded_variant: where `var` has no typed_value (unshredded), metadata ++ value must equal
// case-NNN_row-0.variant.bin byte for byte.
TEST(ParquetConformanceTest, UnshreddedVariantBytesMatchVariantBin) {
  auto cases = nlohmann::json::parse(ReadWholeFile(Corpus("shredded_variant/cases.json")));
  int checked = 0;
  for (const auto& c : cases) {
    if (!c.contains("parquet_file") || !c.contains("variant_file")) continue;
    const std::string rel = "shredded_variant/" + c["parquet_file"].get<std::string>();
    SCOPED_TRACE(rel);
    auto r = OpenCorpus(rel);
    ASSERT_TRUE(r);
    int var = r->schema()->FieldIndex("var");
    ASSERT_GE(var, 0);
    const columnar::DataType& t = *r->schema()->field(var).type;
    ASSERT_EQ(t.id(), TypeId::kStruct);
    // Only unshredded variants: exactly {metadata, value}, no typed_value.
    if (t.children().size() != 2 || t.children()[0].name != "metadata" ||
        t.children()[1].name != "value") {
      continue;
    }
    auto b = r->ReadRowGroup(0, {var});
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    const Vector& v = *(*b)->column(0);
    ASSERT_GE(v.length(), 1);
    ASSERT_TRUE(v.IsValid(0));
    std::string got(v.child(0)->GetView(0));
    got += v.child(1)->GetView(0);
    EXPECT_EQ(got, ReadWholeFile(Corpus("shredded_variant/" +
                                        c["variant_file"].get<std::string>())));
    ++checked;
  }
  std::printf("[ conformance ] %d unshredded variant cases compared with .variant.bin\n",
              checked);
  EXPECT_GE(checked, 30);
}

std::string Base64(std::string_view bytes) {
  static const char* kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<uint8_t>(bytes[i + 2]);
    for (size_t k = 0; k < 4; ++k) {
      out += i + k <= bytes.size() ? kAlphabet[(n >> (18 - 6 * k)) & 63] : '=';
    }
  }
  return out;
}

// shredded_variant, testShreddedVariantPrimitives: cases.json spells each typed_value out
// ("Variant(type=TIMESTAMPTZ, value=2024-11-07T12:33:54.123456+00:00)"); lakeml's JSON of the
// physical typed_value column must say the same in its own text rules.
TEST(ParquetConformanceTest, ShreddedPrimitiveTypedValuesMatchCasesJson) {
  auto cases = nlohmann::json::parse(ReadWholeFile(Corpus("shredded_variant/cases.json")));
  const std::regex pattern(R"(type=([A-Z0-9_]+), value=(.*)\)\)$)");
  int checked = 0;
  for (const auto& c : cases) {
    if (c.value("test", "") != "testShreddedVariantPrimitives") continue;
    const std::string rel = "shredded_variant/" + c["parquet_file"].get<std::string>();
    SCOPED_TRACE(rel);
    std::smatch m;
    const std::string variant = c["variant"].get<std::string>();
    ASSERT_TRUE(std::regex_search(variant, m, pattern)) << variant;
    const std::string type = m[1], value = m[2];
    std::string want;
    if (type.rfind("BOOLEAN", 0) == 0 || type.rfind("INT", 0) == 0 || type == "FLOAT" ||
        type == "DOUBLE") {
      want = value;
    } else if (type == "BINARY") {
      std::string bytes;
      for (size_t i = 0; i + 1 < value.size(); i += 2) {
        bytes += static_cast<char>(std::stoi(value.substr(i, 2), nullptr, 16));
      }
      want = "\"" + Base64(bytes) + "\"";
    } else if (type.rfind("TIMESTAMP", 0) == 0) {
      // lakeml: six fraction digits (nanoseconds truncate), "Z" when adjusted to UTC.
      const bool utc = type.rfind("TIMESTAMPTZ", 0) == 0;
      std::string t = value.substr(0, value.find('.') + 7);
      want = "\"" + t + (utc ? "Z" : "") + "\"";
    } else {
      want = "\"" + value + "\"";  // DATE, TIME, DECIMAL*, STRING, UUID.
    }
    auto r = OpenCorpus(rel);
    ASSERT_TRUE(r);
    std::vector<std::string> var = ColumnJson(*r, "var");
    ASSERT_EQ(var.size(), 1u);
    const std::string key = "\"typed_value\":";
    size_t at = var[0].find(key);
    ASSERT_NE(at, std::string::npos) << var[0];
    EXPECT_EQ(var[0].substr(at + key.size(), var[0].size() - at - key.size() - 1), want)
        << type;
    ++checked;
  }
  EXPECT_EQ(checked, 34);
}

TEST(ParquetConformanceTest, GoodChecksumsRead) {
  for (const char* f : {"data/datapage_v1-uncompressed-checksum.parquet",
                        "data/datapage_v1-snappy-compressed-checksum.parquet",
                        "data/plain-dict-uncompressed-checksum.parquet",
                        "data/rle-dict-snappy-checksum.parquet"}) {
    SCOPED_TRACE(f);
    auto r = FileReader::Open(io::LocalFs(), Corpus(f), ReaderOptions{.verify_checksums = true});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    auto b = ReadEverything(**r);
    ASSERT_TRUE(b.ok()) << b.status().ToString();
  }
}

TEST(ParquetConformanceTest, CorruptChecksumIsAnError) {
  const std::string f = Corpus("data/rle-dict-uncompressed-corrupt-checksum.parquet");
  Status s = OpenAndReadEverything(io::LocalFs(), f);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("CRC"), std::string::npos) << s.ToString();
  // With verification off the (otherwise well-formed) file reads: 1000 rows.
  auto r = FileReader::Open(io::LocalFs(), f, ReaderOptions{.verify_checksums = false});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto b = ReadEverything(**r);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ((*r)->num_rows(), 1000);
}

// ---------------------------------------------------------------------------------------------
// 3. bad_data/ and encrypted files.

TEST(ParquetConformanceTest, ArrowGh43605ReadsAllZeros) {
  auto r = OpenCorpus("bad_data/ARROW-GH-43605.parquet");
  ASSERT_TRUE(r);
  std::vector<TextColumn> cols = AllColumnsText(*r);
  ASSERT_EQ(cols.size(), 1u);
  ASSERT_EQ(cols[0].size(), 21186u);
  for (size_t i = 0; i < cols[0].size(); ++i) ASSERT_EQ(cols[0][i], "0") << "row " << i;
}

// Lower-cased message contains at least one of `words`.
bool MentionsAny(const Status& s, const std::vector<std::string>& words) {
  std::string m = s.message();
  std::transform(m.begin(), m.end(), m.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const auto& w : words) {
    if (m.find(w) != std::string::npos) return true;
  }
  return false;
}

TEST(ParquetConformanceTest, MalformedFilesFailCleanly) {
  // What each file breaks (bad_data/README.md and the corpus README), and words a clear error
  // must use for it.
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      // A page header's type mutated to INDEX_PAGE: the column yields too few values.
      {"bad_data/ARROW-GH-41317.parquet", {"page", "values"}},
      // Corrupt page header in RG0; dictionary num_values = -4 in RG1.
      {"bad_data/ARROW-GH-41321.parquet", {"page", "dictionary", "level", "values"}},
      // REQUIRED column whose pages carry definition levels and nulls.
      {"bad_data/ARROW-GH-47662.parquet", {"level", "values", "page", "required"}},
      // Page header says 21 values, chunk says 1, too few repetition levels.
      {"bad_data/ARROW-RS-GH-6229-LEVELS.parquet", {"level", "values"}},
      // SchemaElement.type = -7.
      {"bad_data/PARQUET-1481.parquet", {"type"}},
  };
  for (const auto& [rel, words] : cases) {
    SCOPED_TRACE(rel);
    Status s = OpenAndReadEverything(io::LocalFs(), Corpus(rel));
    ASSERT_FALSE(s.ok()) << "malformed file read without error";
    EXPECT_NE(s.code(), StatusCode::kInternal) << s.ToString();
    EXPECT_TRUE(MentionsAny(s, words)) << "unclear error: " << s.ToString();
    std::printf("[ conformance ] %s -> %s\n", rel.c_str(), s.ToString().c_str());
  }
}

TEST(ParquetConformanceTest, EncryptedFilesAreRejectedAsNotImplemented) {
  int n = 0;
  for (const char* sub : {"data", "data/aes256"}) {
    for (const auto& e : std::filesystem::directory_iterator(Corpus(sub))) {
      if (e.path().extension() != ".encrypted") continue;
      SCOPED_TRACE(e.path().string());
      ++n;
      // Encrypted footers fail at Open; plaintext footers at the first encrypted column.
      Status s = OpenAndReadEverything(io::LocalFs(), e.path().string());
      ASSERT_FALSE(s.ok());
      EXPECT_EQ(s.code(), StatusCode::kNotImplemented) << s.ToString();
      EXPECT_NE(s.message().find("Encrypted"), std::string::npos) << s.ToString();
    }
  }
  EXPECT_EQ(n, 13);
}

// Truncating a valid file anywhere must give an error, never a crash or a hang.
TEST(ParquetConformanceTest, TruncatedFilesFail) {
  const char* files[] = {"data/alltypes_plain.parquet",       "data/nested_lists.snappy.parquet",
                         "data/nullable.impala.parquet",      "data/delta_byte_array.parquet",
                         "data/rle-dict-snappy-checksum.parquet",
                         "data/byte_stream_split.zstd.parquet", "data/list_columns.parquet"};
  io::MemoryFileSystem mfs;
  int attempts = 0;
  for (const char* rel : files) {
    const std::string bytes = ReadWholeFile(Corpus(rel));
    ASSERT_GT(bytes.size(), 100u);
    std::set<size_t> lengths = {0, 1, 3, 4, 5, 8, 11, 12, bytes.size() / 2, bytes.size() - 1,
                                bytes.size() - 4, bytes.size() - 5, bytes.size() - 8};
    for (size_t len = 0; len < bytes.size(); len += std::max<size_t>(1, bytes.size() / 97)) {
      lengths.insert(len);
    }
    for (size_t len : lengths) {
      SCOPED_TRACE(std::string(rel) + " truncated to " + std::to_string(len));
      const std::string path = "/t/" + std::to_string(attempts++) + ".parquet";
      ASSERT_TRUE(mfs.WriteWhole(path, std::string_view(bytes).substr(0, len)).ok());
      Status s = OpenAndReadEverything(&mfs, path);
      EXPECT_FALSE(s.ok());
      EXPECT_FALSE(s.message().empty());
    }
  }
  std::printf("[ conformance ] %d truncated files rejected\n", attempts);
}

// Chopping bytes out of the middle (the footer intact, offsets now wrong) and flipping bytes
// anywhere must never crash; errors are expected, successes allowed.
TEST(ParquetConformanceTest, CorruptedFilesNeverCrash) {
  const char* files[] = {"data/alltypes_tiny_pages.parquet", "data/nullable.impala.parquet",
                         "data/delta_binary_packed.parquet", "data/nested_structs.rust.parquet",
                         "data/rle_boolean_encoding.parquet", "data/fixed_length_decimal.parquet",
                         "data/datapage_v1-snappy-compressed-checksum.parquet"};
  io::MemoryFileSystem mfs;
  std::mt19937 rng(20240611);
  int attempts = 0, errors = 0;
  for (const char* rel : files) {
    const std::string bytes = ReadWholeFile(Corpus(rel));
    for (int k = 0; k < 40; ++k) {
      std::string mutated = bytes;
      if (k % 4 == 0 && bytes.size() > 64) {
        size_t at = 4 + rng() % (bytes.size() / 2);
        mutated.erase(at, 1 + rng() % 32);
      } else {
        for (int j = 0, n = 1 + rng() % 8; j < n; ++j) {
          mutated[rng() % mutated.size()] ^= static_cast<char>(1 + rng() % 255);
        }
      }
      const std::string path = "/c/" + std::to_string(attempts++) + ".parquet";
      ASSERT_TRUE(mfs.WriteWhole(path, mutated).ok());
      auto r = FileReader::Open(&mfs, path, ReaderOptions{.verify_checksums = (k % 2 == 0)});
      if (!r.ok()) {
        ++errors;
        continue;
      }
      if (!ReadEverything(**r).ok()) ++errors;
    }
  }
  std::printf("[ conformance ] %d corrupted files read without crashing (%d errors)\n",
              attempts, errors);
}

// ---------------------------------------------------------------------------------------------
// 4. Projection and row-group skipping.

TEST(ParquetConformanceTest, ProjectionMatchesFullRead) {
  auto r = OpenCorpus("data/alltypes_tiny_pages.parquet");
  ASSERT_TRUE(r);
  auto idx = r->ResolveColumns({"string_col", "id", "timestamp_col"});
  ASSERT_TRUE(idx.ok()) << idx.status().ToString();
  ASSERT_EQ(idx->size(), 3u);
  auto full = r->ReadRowGroup(0, AllFields(*r));
  auto part = r->ReadRowGroup(0, *idx);
  ASSERT_TRUE(full.ok() && part.ok());
  ASSERT_EQ((*part)->num_columns(), 3u);
  EXPECT_EQ((*part)->schema()->field(0).name, "string_col");
  EXPECT_EQ((*part)->schema()->field(1).name, "id");
  for (size_t c = 0; c < 3; ++c) {
    const Vector& a = *(*part)->column(c);
    const Vector& b = *(*full)->column((*idx)[c]);
    for (int64_t i = 0; i < (*full)->num_rows(); i += 7) {
      std::string x, y;
      ValueFormatter::AppendJson(a, i, &x);
      ValueFormatter::AppendJson(b, i, &y);
      ASSERT_EQ(x, y) << "column " << c << " row " << i;
    }
  }
  auto missing = r->ResolveColumns({"id", "no_such_column"});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("no_such_column"), std::string::npos);
  ScanOptions scan;
  scan.columns = {"no_such_column"};
  EXPECT_FALSE(r->Scan(scan).ok());
  scan.columns = {"bool_col"};
  auto stream = r->Scan(scan);
  ASSERT_TRUE(stream.ok()) << stream.status().ToString();
  auto b = (*stream)->Next();
  ASSERT_TRUE(b.ok() && *b);
  EXPECT_EQ((*b)->num_columns(), 1u);
  EXPECT_EQ((*b)->schema()->field(0).name, "bool_col");
}

// Three-way comparison of a[i] with b[j] for integer, floating and string columns, with IEEE
// semantics (NaN compares with nothing, -0 == +0). nullopt: a null or NaN operand.
std::optional<int> Compare(const Vector& a, int64_t i, const Vector& b, int64_t j) {
  if (a.IsNull(i) || b.IsNull(j)) return std::nullopt;
  auto three = [](auto x, auto y) { return x < y ? -1 : (x > y ? 1 : 0); };
  switch (a.type()->id()) {
    case TypeId::kInt32: return three(a.values_as<int32_t>()[i], b.values_as<int32_t>()[j]);
    case TypeId::kInt64: return three(a.values_as<int64_t>()[i], b.values_as<int64_t>()[j]);
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      const bool f64 = a.type()->id() == TypeId::kFloat64;
      double x = f64 ? a.values_as<double>()[i] : a.values_as<float>()[i];
      double y = f64 ? b.values_as<double>()[j] : b.values_as<float>()[j];
      if (std::isnan(x) || std::isnan(y)) return std::nullopt;
      return three(x, y);
    }
    case TypeId::kString: return three(a.GetView(i).compare(b.GetView(j)), 0);
    default: return std::nullopt;
  }
}

// Whether value col[i] satisfies `op` against the literal lit[j] (lit unused for null tests).
bool Holds(const Vector& col, int64_t i, ColumnPredicate::Op op, const Vector& lit, int64_t j) {
  using Op = ColumnPredicate::Op;
  if (op == Op::kIsNull) return col.IsNull(i);
  if (op == Op::kIsNotNull) return col.IsValid(i);
  std::optional<int> c = Compare(col, i, lit, j);
  if (!c) return false;
  switch (op) {
    case Op::kEq: return *c == 0;
    case Op::kLt: return *c < 0;
    case Op::kLe: return *c <= 0;
    case Op::kGt: return *c > 0;
    case Op::kGe: return *c >= 0;
    default: return false;
  }
}

// For each integer, floating or string top-level column of `rel`, predicates whose literals are
// values occurring in the file (first, middle, last row of each row group, as the CLI prints
// them): RowGroupMayMatch must never reject a row group holding a matching row, and Scan must
// skip exactly the row groups it rejects. Returns the number of rejections.
void CheckSkippingIsSound(const std::string& rel, int* skipped) {
  SCOPED_TRACE(rel);
  auto r = OpenCorpus(rel);
  ASSERT_TRUE(r);
  auto batches = ReadEverything(*r);
  ASSERT_TRUE(batches.ok()) << batches.status().ToString();
  using Op = ColumnPredicate::Op;
  for (size_t c = 0; c < r->schema()->num_fields(); ++c) {
    const columnar::Field& field = r->schema()->field(c);
    const TypeId id = field.type->id();
    if (id != TypeId::kInt32 && id != TypeId::kInt64 && id != TypeId::kFloat32 &&
        id != TypeId::kFloat64 && id != TypeId::kString) {
      continue;
    }
    struct Case {
      ColumnPredicate pred;
      int lit_group;  // Where the literal's value lives; -1 for null tests.
      int64_t lit_row;
    };
    std::vector<Case> cases = {{{field.name, Op::kIsNull, ""}, -1, 0},
                               {{field.name, Op::kIsNotNull, ""}, -1, 0}};
    for (int g = 0; g < r->num_row_groups(); ++g) {
      const Vector& col = *(*batches)[g]->column(c);
      const int64_t n = col.length();
      for (int64_t i : {int64_t{0}, n / 2, n - 1}) {
        if (n == 0 || col.IsNull(i)) continue;
        std::string text;
        ValueFormatter::AppendText(col, i, &text);
        if (text == "NaN" || text.empty() || text.find_first_of("'\"\\") != std::string::npos) {
          continue;
        }
        for (Op op : {Op::kEq, Op::kLt, Op::kLe, Op::kGt, Op::kGe}) {
          cases.push_back({{field.name, op, text}, g, i});
        }
      }
    }
    for (const Case& k : cases) {
      SCOPED_TRACE(field.name + " op#" + std::to_string(static_cast<int>(k.pred.op)) + " '" +
                   k.pred.literal + "'");
      const Vector* lit = k.lit_group >= 0 ? (*batches)[k.lit_group]->column(c).get() : nullptr;
      int rejected = 0;
      for (int g = 0; g < r->num_row_groups(); ++g) {
        auto may = r->RowGroupMayMatch(g, {k.pred});
        ASSERT_TRUE(may.ok()) << may.status().ToString();
        if (*may) continue;
        ++rejected;
        const Vector& col = *(*batches)[g]->column(c);
        for (int64_t i = 0; i < col.length(); ++i) {
          if (Holds(col, i, k.pred.op, lit ? *lit : col, k.lit_row)) {
            ADD_FAILURE() << "row group " << g << " rejected although its row " << i
                          << " matches";
            break;
          }
        }
      }
      *skipped += rejected;
      ScanOptions scan;
      scan.columns = {field.name};
      scan.predicates = {k.pred};
      auto stream = r->Scan(scan);
      ASSERT_TRUE(stream.ok()) << stream.status().ToString();
      int64_t rows = 0;
      while (true) {
        auto b = (*stream)->Next();
        ASSERT_TRUE(b.ok()) << b.status().ToString();
        if (!*b) break;
        rows += (*b)->num_rows();
      }
      EXPECT_EQ((*stream)->skipped_row_groups(), rejected);
      int64_t kept_rows = 0;
      for (int g = 0; g < r->num_row_groups(); ++g) {
        auto may = r->RowGroupMayMatch(g, {k.pred});
        if (may.ok() && *may) kept_rows += (*batches)[g]->num_rows();
      }
      EXPECT_EQ(rows, kept_rows);
    }
  }
}

TEST(ParquetConformanceTest, RowGroupSkippingIsSound) {
  // Multi-row-group files with statistics, plus single-row-group files with tricky stats:
  // NaN max (nan_in_stats), null pages, truncated binary bounds, float zero signs.
  int skipped = 0;
  for (const char* f : {"data/geospatial/geography-points.parquet",
                        "data/floating_orders_nan_count.parquet", "data/sort_columns.parquet",
                        "data/alltypes_tiny_pages.parquet", "data/int32_with_null_pages.parquet",
                        "data/nan_in_stats.parquet", "data/binary_truncated_min_max.parquet",
                        "data/delta_byte_array.parquet"}) {
    CheckSkippingIsSound(f, &skipped);
  }
  std::printf("[ conformance ] %d row groups skipped by statistics, none wrongly\n", skipped);
  EXPECT_GT(skipped, 0);
}

TEST(ParquetConformanceTest, PredicateOutsideStatisticsSkipsRowGroups) {
  auto r = OpenCorpus("data/geospatial/geography-points.parquet");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->num_row_groups(), 50);
  auto all = ReadEverything(*r);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  int64_t max_id = INT64_MIN;
  for (const auto& b : *all) {
    const Vector& id = *b->column(0);
    for (int64_t i = 0; i < id.length(); ++i) {
      if (id.IsValid(i)) max_id = std::max(max_id, id.values_as<int64_t>()[i]);
    }
  }
  auto pred = ColumnPredicate::Parse("id > " + std::to_string(max_id));
  ASSERT_TRUE(pred.ok()) << pred.status().ToString();
  for (int g = 0; g < r->num_row_groups(); ++g) {
    auto m = r->RowGroupMayMatch(g, {*pred});
    ASSERT_TRUE(m.ok());
    EXPECT_FALSE(*m) << "row group " << g;
  }
  ScanOptions scan;
  scan.predicates = {*pred};
  auto stream = r->Scan(scan);
  ASSERT_TRUE(stream.ok());
  auto b = (*stream)->Next();
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, nullptr);
  EXPECT_EQ((*stream)->skipped_row_groups(), 50);
  // A point predicate on the first row's id keeps its row group.
  const int64_t first = (*all)[0]->column(0)->values_as<int64_t>()[0];
  auto eq = ColumnPredicate::Parse("id = " + std::to_string(first));
  ASSERT_TRUE(eq.ok());
  auto m0 = r->RowGroupMayMatch(0, {*eq});
  ASSERT_TRUE(m0.ok());
  EXPECT_TRUE(*m0);
}

// ---------------------------------------------------------------------------------------------
// 5. Heavy: opt in with --gtest_also_run_disabled_tests.

TEST(ParquetConformanceTest, DISABLED_LargeStringMapReads) {
  auto r = OpenCorpus("data/large_string_map.brotli.parquet");
  ASSERT_TRUE(r);
  Status s = ReadEverything(*r).status();
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(r->num_rows(), 2);
}

}  // namespace
}  // namespace lakeml::parquet
