#include "delta/schema/partition_path.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "delta/schema/column_mapping.h"
#include "delta/schema/schema_json.h"
#include "unit/delta/schema/table_files.h"

namespace lakeml::delta {
namespace {

TEST(PartitionPathTest, HiveEscaping) {
  EXPECT_EQ(EscapePartitionPathName("/%20%f"), "%2F%2520%25f");
  EXPECT_EQ(EscapePartitionPathName("2021-09-08 11:11:11"), "2021-09-08 11%3A11%3A11");
  EXPECT_EQ(EscapePartitionPathName("a=b?c#d\"e'f*g\\h{i[j]k^l"),
            "a%3Db%3Fc%23d%22e%27f%2Ag%5Ch%7Bi%5Bj%5Dk%5El");
  EXPECT_EQ(EscapePartitionPathName(std::string("\x01\n\x1f\x7f", 4)), "%01%0A%1F%7F");
  EXPECT_EQ(EscapePartitionPathName("plain +-_.,;~()!@$&<>|` \xF0\x9F\x98\x88"),
            "plain +-_.,;~()!@$&<>|` \xF0\x9F\x98\x88");
  for (std::string s : {"/%20%f", "a:b=c", "", "%", "%zz", "100%25"}) {
    EXPECT_EQ(UnescapePartitionPathName(EscapePartitionPathName(s)), s);
  }
  EXPECT_EQ(UnescapePartitionPathName("%zz%4"), "%zz%4");  // Not escapes: kept.
}

TEST(PartitionPathTest, Segment) {
  EXPECT_EQ(PartitionPathSegment("letter", std::string("/%20%f")), "letter=%2F%2520%25f");
  EXPECT_EQ(PartitionPathSegment("a=b", std::string("x")), "a%3Db=x");
  EXPECT_EQ(PartitionPathSegment("k", std::nullopt), "k=__HIVE_DEFAULT_PARTITION__");
  EXPECT_EQ(PartitionPathSegment("k", std::string()), "k=__HIVE_DEFAULT_PARTITION__");
}

TEST(PartitionPathTest, UriEncodeDecode) {
  EXPECT_EQ(UriEncodePath("letter=%2F%2520%25f/part-0.parquet"),
            "letter=%252F%252520%2525f/part-0.parquet");
  EXPECT_EQ(UriEncodePath("as_timestamp=2021-09-08 11%3A11%3A11/f"),
            "as_timestamp=2021-09-08%2011%253A11%253A11/f");
  // Emoji and accented letters stay raw; a no-break space and C1 controls are quoted.
  EXPECT_EQ(UriEncodePath("data=\xF0\x9F\x98\x88/\xC3\xA9"), "data=\xF0\x9F\x98\x88/\xC3\xA9");
  EXPECT_EQ(UriEncodePath("a\xC2\xA0"
                          "b\xC2\x85"),
            "a%C2%A0b%C2%85");
  EXPECT_EQ(UriEncodePath("x\xFFy"), "x%FFy");  // Invalid UTF-8.
  EXPECT_EQ(UriEncodePath("a\"#<>?[\\]^`{|}b"), "a%22%23%3C%3E%3F%5B%5C%5D%5E%60%7B%7C%7Db");
  EXPECT_EQ(UriEncodePath("keep_-!.~'()*,;:$&+=/@"), "keep_-!.~'()*,;:$&+=/@");

  EXPECT_EQ(*UriDecodePath("x=B%2520B/p+q%3a"), "x=B%20B/p+q:");
  EXPECT_EQ(*UriDecodePath("%F0%9F%98%88"), "\xF0\x9F\x98\x88");
  for (const char* bad : {"%", "a%2", "a%zz", "%g0"}) {
    auto r = UriDecodePath(bad);
    EXPECT_FALSE(r.ok()) << bad;
  }
  EXPECT_EQ(UriDecodePath("a%2").status().message(),
            "Invalid percent-encoding at offset 1 in path 'a%2'");
  for (const std::string& s :
       {std::string("a b/c%d/\xF0\x9F\x98\x88"), std::string("\0\x01%", 3), std::string("x\xFF")}) {
    EXPECT_EQ(*UriDecodePath(UriEncodePath(s)), s);
  }
}

// Every add.path of these tables, decoded once, names a file that exists.
TEST(PartitionPathTest, DecodedAddPathsExist) {
  for (const char* table :
       {"dat/multi_partitioned", "delta-golden/data-reader-partition-values",
        "delta-golden/data-reader-escaped-chars", "delta-rs/delta-0.8.0-special-partition",
        "delta-golden/kernel-timestamp-partition-col-ISO8601",
        "delta-kernel-rs/timestamp-partitioned-table",
        "delta/data-reader-partition-values-column-mapping-name"}) {
    const std::string dir = testing::TableDir(table);
    const auto log = testing::ReadTableLog(dir);
    ASSERT_FALSE(log.adds.empty()) << table;
    for (const auto& add : log.adds) {
      auto decoded = UriDecodePath(add.path);
      ASSERT_TRUE(decoded.ok()) << add.path;
      EXPECT_TRUE(std::filesystem::exists(dir + "/" + *decoded)) << table << ": " << *decoded;
    }
  }
}

// Spark wrote these paths: rebuilding the directories from the partition values with Hive
// escaping, then URI-encoding, gives exactly the stored add.path.
TEST(PartitionPathTest, WriterPathsMatchSpark) {
  for (const char* table : {"dat/multi_partitioned", "delta-golden/data-reader-partition-values",
                            "delta-golden/data-reader-escaped-chars",
                            "delta/data-reader-partition-values-column-mapping-name",
                            "delta-golden/kernel-timestamp-int96"}) {
    const auto log = testing::ReadTableLog(testing::TableDir(table));
    ASSERT_FALSE(log.partition_columns.empty()) << table;
    auto schema = ParseSchemaString(log.schema_string);
    ASSERT_TRUE(schema.ok());
    int checked = 0;
    for (const auto& add : log.adds) {
      std::string dir;
      for (const auto& col : log.partition_columns) {
        // With column mapping, partition values and directories use physical names (a field
        // without the metadata key keeps its name).
        const int idx = (*schema)->FieldIndex(col);
        ASSERT_GE(idx, 0) << col;
        const std::string key = PhysicalName((*schema)->field(idx), ColumnMappingMode::kName);
        ASSERT_TRUE(add.partition_values.count(key)) << table << ": " << key;
        dir += PartitionPathSegment(key, add.partition_values.at(key)) + "/";
      }
      const std::string file = add.path.substr(add.path.rfind('/') + 1);
      EXPECT_EQ(UriEncodePath(dir + file), add.path) << table;
      ++checked;
    }
    EXPECT_GT(checked, 0) << table;
  }
}

}  // namespace
}  // namespace lakeml::delta
