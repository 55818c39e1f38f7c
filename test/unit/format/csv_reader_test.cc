#include "format/csv/csv_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <random>

#include "format/value_text/value_formatter.h"
#include "io/local_file_system.h"
#include "io/memory_file_system.h"

namespace lakeml::csv {
namespace {

using columnar::DataType;
using columnar::TimeUnit;
using columnar::TypeId;

struct Table {
  columnar::SchemaPtr schema;
  std::vector<std::vector<std::string>> rows;  // Text of each value; "<null>" for null.
  int64_t batches = 0;
};

Result<Table> ReadAll(io::FileSystem* fs, const std::string& path, CsvReadOptions options = {}) {
  LAKEML_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(fs, path, options));
  Table t;
  t.schema = reader->schema();
  while (true) {
    LAKEML_ASSIGN_OR_RETURN(auto batch, reader->Next());
    if (!batch) break;
    ++t.batches;
    EXPECT_LE(batch->num_rows(), options.batch_rows);
    for (int64_t r = 0; r < batch->num_rows(); ++r) {
      std::vector<std::string> row;
      for (size_t c = 0; c < batch->num_columns(); ++c) {
        const auto& v = *batch->column(c);
        EXPECT_EQ(v.length(), batch->num_rows());
        if (v.IsNull(r)) {
          row.push_back("<null>");
        } else {
          std::string s;
          format::ValueFormatter::AppendText(v, r, &s);
          row.push_back(s);
        }
      }
      t.rows.push_back(std::move(row));
    }
  }
  // End of file is sticky.
  LAKEML_ASSIGN_OR_RETURN(auto again, reader->Next());
  EXPECT_EQ(again, nullptr);
  return t;
}

Result<Table> ReadText(const std::string& text, CsvReadOptions options = {}) {
  io::MemoryFileSystem fs;
  LAKEML_RETURN_IF_ERROR(fs.WriteWhole("/data.csv", text));
  return ReadAll(&fs, "/data.csv", std::move(options));
}

std::string TypeOf(const Table& t, size_t i) { return t.schema->field(i).type->ToString(); }

TEST(CsvReaderTest, InfersTypes) {
  auto t = ReadText(
      "b,i,d,s,dt,ts,tz,e,mixed\n"
      "true,1,1.5,x,2024-01-02,2024-01-02 03:04:05,2024-01-02T03:04:05Z,,1\n"
      "FALSE,-2,2,y,1969-12-31,2024-01-02T03:04:05.25,2024-01-02T03:04:05+01:00,,a\n"
      ",,,,,2024-01-03,2024-01-03,,\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(TypeOf(*t, 0), "boolean");
  EXPECT_EQ(TypeOf(*t, 1), "bigint");
  EXPECT_EQ(TypeOf(*t, 2), "double");
  EXPECT_EQ(TypeOf(*t, 3), "string");
  EXPECT_EQ(TypeOf(*t, 4), "date");
  EXPECT_EQ(TypeOf(*t, 5), "timestamp_ntz");
  EXPECT_EQ(TypeOf(*t, 6), "timestamp");
  EXPECT_EQ(TypeOf(*t, 7), "string");  // All empty.
  EXPECT_EQ(TypeOf(*t, 8), "string");
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_EQ(t->rows[0], (std::vector<std::string>{"true", "1", "1.5", "x", "2024-01-02",
                                                  "2024-01-02T03:04:05.000000",
                                                  "2024-01-02T03:04:05.000000Z", "<null>", "1"}));
  EXPECT_EQ(t->rows[1][5], "2024-01-02T03:04:05.250000");
  EXPECT_EQ(t->rows[1][6], "2024-01-02T02:04:05.000000Z");
  EXPECT_EQ(t->rows[2],
            (std::vector<std::string>{"<null>", "<null>", "<null>", "<null>", "<null>",
                                      "2024-01-03T00:00:00.000000", "2024-01-03T00:00:00.000000Z",
                                      "<null>", "<null>"}));
}

TEST(CsvReaderTest, NumericInferenceIsRobust) {
  auto t = ReadText(
      "int_then_double,big,nan_only,nan_mixed,zip,mixed_zone\n"
      "1,99999999999999999999,NaN,NaN,02134,2024-01-02 00:00:00\n"
      "2.5,1,nan,1,10001,2024-01-02 00:00:00Z\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(TypeOf(*t, 0), "double");
  EXPECT_EQ(TypeOf(*t, 1), "double");
  EXPECT_EQ(TypeOf(*t, 2), "string");
  EXPECT_EQ(TypeOf(*t, 3), "double");
  EXPECT_EQ(TypeOf(*t, 4), "bigint");
  EXPECT_EQ(TypeOf(*t, 5), "string");
  EXPECT_EQ(t->rows[0][3], "NaN");
}

TEST(CsvReaderTest, QuotingEscapesAndNewlines) {
  auto t = ReadText(
      "id,text\n"
      "1,\"a,b\"\n"
      "2,\"say \"\"hi\"\"\"\n"
      "3,\"two\nlines\"\n"
      "4,\"\"\n"
      "5,\n"
      "6,plain \"inner\" quotes\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->rows.size(), 6u);
  EXPECT_EQ(t->rows[0][1], "a,b");
  EXPECT_EQ(t->rows[1][1], "say \"hi\"");
  EXPECT_EQ(t->rows[2][1], "two\nlines");
  EXPECT_EQ(t->rows[3][1], "");        // Quoted empty: the empty string.
  EXPECT_EQ(t->rows[4][1], "<null>");  // Unquoted empty: null.
  EXPECT_EQ(t->rows[5][1], "plain \"inner\" quotes");
  EXPECT_EQ(TypeOf(*t, 0), "bigint");
}

TEST(CsvReaderTest, BomCrlfAndMissingFinalNewline) {
  auto t = ReadText(
      "\xEF\xBB\xBF"
      "a,b\r\n1,x\r\n2,\"y\r\nz\"\r\n3,w");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->schema->field(0).name, "a");
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_EQ(t->rows[1][1], "y\r\nz");
  EXPECT_EQ(t->rows[2][0], "3");
  EXPECT_EQ(t->rows[2][1], "w");
  // Lone CR line ends.
  auto cr = ReadText("a,b\r1,2\r3,4\r");
  ASSERT_TRUE(cr.ok()) << cr.status().ToString();
  EXPECT_EQ(cr->rows.size(), 2u);
}

TEST(CsvReaderTest, TrailingEmptyFieldAndBlankLines) {
  auto t = ReadText("a,b,c\n1,2,\n\n4,5,6\n\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0][2], "<null>");
  auto eof = ReadText("a,b\n1,");
  ASSERT_TRUE(eof.ok());
  ASSERT_EQ(eof->rows.size(), 1u);
  EXPECT_EQ(eof->rows[0][1], "<null>");
  // Single column: blank lines are null values.
  auto one = ReadText("x\n1\n\n3\n");
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->rows.size(), 3u);
  EXPECT_EQ(one->rows[1][0], "<null>");
}

TEST(CsvReaderTest, ErrorsNameFileLineAndColumn) {
  CsvReadOptions o;
  o.infer_rows = 2;
  auto t = ReadText("id,price\n1,2.5\n2,3\n3,abc\n", o);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(),
            "CSV parse error in /data.csv line 4, column price: cannot convert 'abc' to double");
  auto fields = ReadText("a,b\n1,2\n1,2,3\n");
  ASSERT_FALSE(fields.ok());
  EXPECT_EQ(fields.status().message(),
            "CSV parse error in /data.csv line 3: expected 2 fields, found 3");
  auto few = ReadText("a,b\n1,2\n\"multi\nline\",2\n5\n");
  ASSERT_FALSE(few.ok());
  EXPECT_EQ(few.status().message(),
            "CSV parse error in /data.csv line 5: expected 2 fields, found 1");
  auto unterminated = ReadText("a,b\n1,\"open\n");
  ASSERT_FALSE(unterminated.ok());
  EXPECT_NE(unterminated.status().message().find("line 2: unterminated quoted field"),
            std::string::npos)
      << unterminated.status().message();
  auto after = ReadText("a,b\n1,\"x\"y\n");
  ASSERT_FALSE(after.ok());
  EXPECT_NE(after.status().message().find("after a closing quote"), std::string::npos);
  EXPECT_EQ(ReadText("a\n1\n", CsvReadOptions{.delimiter = '"'}).status().code(),
            StatusCode::kInvalidArgument);
  io::MemoryFileSystem fs;
  EXPECT_EQ(CsvReader::Open(&fs, "/missing.csv", {}).status().code(), StatusCode::kNotFound);
}

TEST(CsvReaderTest, ColumnTypesOverrideInference) {
  CsvReadOptions o;
  o.column_types = {{"zip", DataType::String()},
                    {"amount", DataType::Decimal(10, 2)},
                    {"small", DataType::Primitive(TypeId::kInt16)},
                    {"flag", DataType::Primitive(TypeId::kBoolean)},
                    {"ts", DataType::Timestamp(TimeUnit::kNano, true)},
                    {"f", DataType::Primitive(TypeId::kFloat32)},
                    {"t", DataType::Time(TimeUnit::kMicro)}};
  auto t = ReadText(
      "zip,amount,small,flag,ts,f,t\n"
      "02134,12.5,-7,1,2024-01-02 03:04:05.123456789,0.1,12:00:01.5\n"
      "10001, -0.01 ,300,false,,2,23:59:59\n",
      o);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(TypeOf(*t, 0), "string");
  EXPECT_EQ(TypeOf(*t, 1), "decimal(10,2)");
  EXPECT_EQ(TypeOf(*t, 2), "smallint");
  EXPECT_EQ(TypeOf(*t, 4), "timestamp(ns)");
  EXPECT_EQ(t->rows[0],
            (std::vector<std::string>{"02134", "12.50", "-7", "true", "2024-01-02T03:04:05.123456Z",
                                      "0.1", "12:00:01.500000"}));
  EXPECT_EQ(t->rows[1], (std::vector<std::string>{"10001", "-0.01", "300", "false", "<null>", "2",
                                                  "23:59:59.000000"}));

  CsvReadOptions bad;
  bad.column_types = {{"nope", DataType::String()}};
  EXPECT_EQ(ReadText("a\n1\n", bad).status().code(), StatusCode::kInvalidArgument);
  CsvReadOptions overflow;
  overflow.column_types = {{"a", DataType::Primitive(TypeId::kInt8)}};
  auto o8 = ReadText("a\n127\n128\n", overflow);
  ASSERT_FALSE(o8.ok());
  EXPECT_NE(o8.status().message().find("line 3, column a: cannot convert '128' to tinyint"),
            std::string::npos)
      << o8.status().message();
  CsvReadOptions nested;
  nested.column_types = {{"a", DataType::List(columnar::Field{"e", DataType::String()})}};
  EXPECT_EQ(ReadText("a\n1\n", nested).status().code(), StatusCode::kNotImplemented);
}

TEST(CsvReaderTest, NoHeaderNullValueDelimiterAndEscape) {
  CsvReadOptions o;
  o.header = false;
  o.delimiter = ';';
  o.null_value = "NA";
  o.escape = '\\';
  auto t = ReadText("1;NA;\"a\\\"b\\\\c\"\nNA;x;\"NA\"\n", o);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->schema->field(0).name, "column0");
  EXPECT_EQ(t->schema->field(2).name, "column2");
  EXPECT_EQ(TypeOf(*t, 0), "bigint");
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0], (std::vector<std::string>{"1", "<null>", "a\"b\\c"}));
  EXPECT_EQ(t->rows[1], (std::vector<std::string>{"<null>", "x", "NA"}));  // Quoted: a string.
}

TEST(CsvReaderTest, HeaderNamesAreCleanedUp) {
  auto t = ReadText("a,,a,a_1,\"q,\"\"x\"\"\"\n1,2,3,4,5\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  std::vector<std::string> names;
  for (const auto& f : t->schema->fields()) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{"a", "column1", "a_1", "a_1_1", "q,\"x\""}));
}

TEST(CsvReaderTest, EmptyAndHeaderOnlyFiles) {
  auto empty = ReadText("");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->schema->num_fields(), 0u);
  EXPECT_TRUE(empty->rows.empty());
  auto header = ReadText("a,b\n");
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->schema->num_fields(), 2u);
  EXPECT_EQ(TypeOf(*header, 0), "string");
  EXPECT_TRUE(header->rows.empty());
  auto bom_only = ReadText("\xEF\xBB\xBF");
  ASSERT_TRUE(bom_only.ok());
  EXPECT_EQ(bom_only->schema->num_fields(), 0u);
}

TEST(CsvReaderTest, BatchesSplitRows) {
  std::string text = "n,s\n";
  for (int i = 0; i < 1000; ++i) text += std::to_string(i) + ",v" + std::to_string(i) + "\n";
  CsvReadOptions o;
  o.batch_rows = 64;
  o.block_size = 100;
  auto t = ReadText(text, o);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->rows.size(), 1000u);
  EXPECT_EQ(t->batches, 16);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_EQ(t->rows[i][0], std::to_string(i));
    ASSERT_EQ(t->rows[i][1], "v" + std::to_string(i));
  }
}

// Random tables written as CSV with every quoting feature and read back with tiny blocks, so
// rows and quoted fields straddle block boundaries everywhere.
TEST(CsvReaderTest, RandomRoundTripAcrossBlockBoundaries) {
  std::mt19937 rng(123);
  const std::vector<std::string> pieces = {"a",   "bc",       ",",    "\"", "\n", "\r\n", " ",
                                           "x y", "\xC3\xA9", "\"\"", "12", "",   ";"};
  for (int iter = 0; iter < 200; ++iter) {
    const int cols = 1 + rng() % 4;
    const int rows = rng() % 30;
    std::vector<std::vector<std::optional<std::string>>> table;
    std::string text;
    for (int c = 0; c < cols; ++c) text += (c ? "," : "") + std::string("c") + std::to_string(c);
    text += rng() % 2 ? "\n" : "\r\n";
    for (int r = 0; r < rows; ++r) {
      std::vector<std::optional<std::string>> row;
      for (int c = 0; c < cols; ++c) {
        if (c) text += ",";
        if (rng() % 6 == 0) {
          row.push_back(std::nullopt);
          continue;
        }
        std::string v;
        const int k = rng() % 4;
        for (int i = 0; i < k; ++i) v += pieces[rng() % pieces.size()];
        row.push_back(v);
        const bool must_quote = v.empty() || v.find_first_of(",\"\r\n") != std::string::npos;
        if (must_quote || rng() % 4 == 0) {
          text += "\"";
          for (char ch : v) text += ch == '"' ? std::string("\"\"") : std::string(1, ch);
          text += "\"";
        } else {
          text += v;
        }
      }
      // The last row may lack its newline, but not when it is a lone null that would vanish.
      const bool last = r == rows - 1;
      if (!last || rng() % 2 || (cols == 1 && !row[0])) text += rng() % 2 ? "\n" : "\r\n";
      table.push_back(std::move(row));
    }
    CsvReadOptions o;
    o.block_size = 16 + rng() % 64;
    o.batch_rows = 1 + rng() % 10;
    for (int c = 0; c < cols; ++c)
      o.column_types.push_back({"c" + std::to_string(c), DataType::String()});
    auto t = ReadText(text, o);
    ASSERT_TRUE(t.ok()) << t.status().ToString() << "\n" << text;
    ASSERT_EQ(t->rows.size(), table.size()) << text;
    for (int r = 0; r < rows; ++r) {
      for (int c = 0; c < cols; ++c) {
        ASSERT_EQ(t->rows[r][c], table[r][c].value_or("<null>"))
            << "row " << r << " col " << c << "\n"
            << text;
      }
    }
  }
}

TEST(CsvReaderTest, StringsMustBeUtf8BinaryTakesAnyBytes) {
  auto ok = ReadText("s\ncaf\xC3\xA9\n\xE2\x82\xAC\n");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->rows[0][0], "caf\xC3\xA9");
  auto bad = ReadText(
      "id,s\n1,ok\n2,bad\xFF"
      "byte\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 3, column s: invalid UTF-8"), std::string::npos)
      << bad.status().message();
  // A lead byte ending one value and a continuation byte starting the next one of the same
  // column are still invalid, although their concatenation is valid.
  auto split = ReadText("s\nx\xC3\n\xA9y\n");
  EXPECT_FALSE(split.ok());
  CsvReadOptions o;
  o.column_types = {{"s", DataType::Binary()}};
  auto bin = ReadText(
      "id,s\n1,bad\xFF"
      "byte\n",
      o);
  ASSERT_TRUE(bin.ok()) << bin.status().ToString();
  EXPECT_EQ(bin->rows[0][1], "YmFk/2J5dGU=");
}

TEST(CsvReaderTest, LongRowsGrowTheBuffer) {
  std::string big(5000, 'x');
  CsvReadOptions o;
  o.block_size = 64;
  auto t = ReadText("a,b\n1,\"" + big + "\"\n2," + big + "\n", o);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0][1], big);
  EXPECT_EQ(t->rows[1][1], big);
}

// Every shared dataset loads with sensible types; row counts and missing values are the ones
// documented in the datasets' README.
TEST(CsvReaderTest, SharedDatasets) {
  const std::string dir = std::string(LAKEML_SHARED_DIR) + "/datasets";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no " << dir;
  const std::map<std::string, std::pair<int64_t, int>> expected = {
      {"breast_cancer.csv", {569, 31}}, {"credit_data.csv", {4454, 14}},
      {"fertility.csv", {254654, 8}},   {"penguins.csv", {344, 8}},
      {"letter.csv", {20000, 17}},      {"ames.csv", {2930, 74}},
      {"diamonds.csv", {53940, 10}},    {"gss_vocab.csv", {27519, 8}}};
  int seen = 0;
  for (const auto& [name, shape] : expected) {
    auto t = ReadAll(io::LocalFs(), dir + "/" + name);
    ASSERT_TRUE(t.ok()) << name << ": " << t.status().ToString();
    EXPECT_EQ(static_cast<int64_t>(t->rows.size()), shape.first) << name;
    EXPECT_EQ(static_cast<int>(t->schema->num_fields()), shape.second) << name;
    ++seen;
    std::map<std::string, int64_t> nulls;
    for (const auto& row : t->rows) {
      for (size_t c = 0; c < row.size(); ++c) {
        if (row[c] == "<null>") ++nulls[t->schema->field(c).name];
      }
    }
    auto type_of = [&](const std::string& col) {
      int i = t->schema->FieldIndex(col);
      return i < 0 ? std::string("missing") : t->schema->field(i).type->ToString();
    };
    if (name == "diamonds.csv") {
      EXPECT_EQ(type_of("carat"), "double");
      EXPECT_EQ(type_of("cut"), "string");
      EXPECT_EQ(type_of("price"), "bigint");
      EXPECT_EQ(t->rows[0], (std::vector<std::string>{"0.23", "Ideal", "E", "SI2", "61.5", "55",
                                                      "326", "3.95", "3.98", "2.43"}));
    } else if (name == "penguins.csv") {
      EXPECT_EQ(type_of("bill_length_mm"), "double");
      EXPECT_EQ(type_of("flipper_length_mm"), "bigint");
      EXPECT_EQ(type_of("sex"), "string");
      EXPECT_EQ(type_of("year"), "bigint");
      EXPECT_EQ(nulls["sex"], 11);
      EXPECT_EQ(nulls["bill_length_mm"], 2);
      EXPECT_EQ(nulls["body_mass_g"], 2);
    } else if (name == "credit_data.csv") {
      EXPECT_EQ(type_of("Income"), "bigint");
      EXPECT_EQ(nulls["Income"], 381);
      EXPECT_EQ(nulls["Assets"], 47);
      EXPECT_EQ(nulls["Debt"], 18);
      EXPECT_EQ(nulls["Home"], 6);
      EXPECT_EQ(nulls["Job"], 2);
      EXPECT_EQ(nulls["Marital"], 1);
    } else if (name == "gss_vocab.csv") {
      EXPECT_EQ(type_of("year"), "bigint");
      EXPECT_EQ(type_of("ageGroup"), "string");
      EXPECT_EQ(nulls["age"], 65);
      EXPECT_EQ(nulls["nativeBorn"], 49);
      EXPECT_EQ(nulls["educ"], 46);
    } else if (name == "breast_cancer.csv") {
      EXPECT_EQ(type_of("mean radius"), "double");
      EXPECT_EQ(type_of("diagnosis"), "string");
    } else if (name == "letter.csv") {
      EXPECT_EQ(type_of("lettr"), "string");
      EXPECT_EQ(type_of("x.box"), "bigint");
    } else if (name == "ames.csv") {
      EXPECT_EQ(type_of("Alley"), "string");
      EXPECT_EQ(type_of("Sale_Price"), "bigint");
      EXPECT_EQ(type_of("Longitude"), "double");
      EXPECT_TRUE(nulls.empty());
    } else if (name == "fertility.csv") {
      EXPECT_EQ(type_of("morekids"), "string");
      EXPECT_EQ(type_of("age"), "bigint");
    }
  }
  EXPECT_EQ(seen, 8);
}

}  // namespace
}  // namespace lakeml::csv
