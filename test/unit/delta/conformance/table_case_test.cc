#include "conformance/delta/table_case.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace lakeml::conformance {
namespace {

namespace fs = std::filesystem;

const std::string kRoot = std::string(LAKEML_SHARED_DIR) + "/conformance/delta";

const TableCase* Find(const std::vector<TableCase>& cases, const std::string& id) {
  for (const auto& c : cases) {
    if (c.id() == id) return &c;
  }
  return nullptr;
}

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// %XX decoding of a URI path.
std::string PercentDecode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

TEST(TableCatalogueTest, DiscoversAll181TablesAndClassifiesThem) {
  auto cases = TableCatalogue::Discover(kRoot);
  ASSERT_TRUE(cases.ok()) << cases.status().ToString();
  EXPECT_EQ(cases->size(), 181u);
  std::map<CaseKind, int> kinds;
  std::map<std::string, int> sources;
  for (const auto& c : *cases) {
    ++kinds[c.kind];
    ++sources[c.source];
    EXPECT_TRUE(fs::is_directory(c.table_root()) || c.name == "no-delta-log-folder") << c.id();
    if (c.kind == CaseKind::kExpectedFailure) {
      EXPECT_FALSE(c.error_mentions.empty()) << c.id();
    }
  }
  EXPECT_EQ(sources["dat"], 3);
  EXPECT_EQ(sources["delta-golden"], 77);
  EXPECT_EQ(sources["delta"], 16);
  EXPECT_EQ(sources["delta-rs"], 43);
  EXPECT_EQ(sources["delta-kernel-rs"], 42);
  EXPECT_EQ(kinds[CaseKind::kExpectedFailure], 14);
  // 94 expected/ directories, less err-logs-table_c and _d (expected failures), plus nine
  // tables with README facts only.
  EXPECT_EQ(kinds[CaseKind::kExpectedResults], 94 - 2 + 9);
  EXPECT_EQ(kinds[CaseKind::kOpenOnly], 181 - 14 - 101);

  const TableCase* versions = Find(*cases, "delta-golden/versions-not-contiguous");
  ASSERT_NE(versions, nullptr);
  EXPECT_EQ(versions->kind, CaseKind::kExpectedFailure);
  EXPECT_FALSE(versions->data_present);
  const TableCase* checkpoint = Find(*cases, "delta-golden/checkpoint");
  ASSERT_NE(checkpoint, nullptr);
  EXPECT_EQ(checkpoint->kind, CaseKind::kExpectedResults);
  EXPECT_EQ(checkpoint->facts.version, 14);
  const TableCase* simple = Find(*cases, "delta-rs/simple_table");
  ASSERT_NE(simple, nullptr);
  EXPECT_EQ(simple->kind, CaseKind::kOpenOnly);
  EXPECT_TRUE(simple->data_present);

  EXPECT_FALSE(TableCatalogue::Discover(kRoot + "/nope").ok());
}

TEST(TableCatalogueTest, StripsTheTestDvPrefixInACopy) {
  auto cases = TableCatalogue::Discover(kRoot);
  ASSERT_TRUE(cases.ok());
  const TableCase* c = Find(*cases, "delta/table-with-dv-small");
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(c->preparation, Preparation::kStripTestDvPrefix);
  std::string copy_root;
  {
    auto prepared = TableCatalogue::Prepare(*c);
    ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
    copy_root = prepared->table_root;
    EXPECT_NE(copy_root, c->table_root());
    EXPECT_TRUE(fs::exists(fs::path(copy_root) /
                           "deletion_vector_b6a98cdd-7843-470d-8897-708cdffa38c5.bin"));
    EXPECT_FALSE(
        fs::exists(fs::path(copy_root) /
                   "test%dv%prefix-deletion_vector_b6a98cdd-7843-470d-8897-708cdffa38c5.bin"));
    EXPECT_TRUE(fs::exists(fs::path(copy_root) / "_delta_log/00000000000000000001.json"));
  }
  EXPECT_FALSE(fs::exists(copy_root));  // Removed with the PreparedTable.
  // The shared original is untouched.
  EXPECT_TRUE(
      fs::exists(fs::path(c->table_root()) /
                 "test%dv%prefix-deletion_vector_b6a98cdd-7843-470d-8897-708cdffa38c5.bin"));
}

TEST(TableCatalogueTest, FillsTheSpecialCharFolderTemplate) {
  auto cases = TableCatalogue::Discover(kRoot);
  ASSERT_TRUE(cases.ok());
  const TableCase* c = Find(*cases, "delta/table-with-dv-special-char");
  ASSERT_NE(c, nullptr);
  auto prepared = TableCatalogue::Prepare(*c);
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  const std::string log =
      ReadAll(fs::path(prepared->table_root) / "_delta_log/00000000000000000000.json");
  EXPECT_EQ(log.find("{{FOLDER_WITH_SPECIAL_CHAR}}"), std::string::npos);
  const std::string key = "\"pathOrInlineDv\":\"file:";
  const size_t at = log.find(key);
  ASSERT_NE(at, std::string::npos);
  const size_t end = log.find('"', at + key.size());
  const std::string uri_path = log.substr(at + key.size(), end - at - key.size());
  EXPECT_NE(uri_path.find("folder&with%25special%20char/"), std::string::npos) << uri_path;
  // Decoded, the URI names the DV file of the copy.
  EXPECT_TRUE(fs::exists(PercentDecode(uri_path))) << PercentDecode(uri_path);
}

TEST(TableCatalogueTest, AddsASchemaStringWhereTheLogHasNone) {
  auto cases = TableCatalogue::Discover(kRoot);
  ASSERT_TRUE(cases.ok());
  const TableCase* c = Find(*cases, "delta-golden/canonicalized-paths-special-a");
  ASSERT_NE(c, nullptr);
  auto prepared = TableCatalogue::Prepare(*c);
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  const std::string log =
      ReadAll(fs::path(prepared->table_root) / "_delta_log/00000000000000000000.json");
  EXPECT_NE(log.find("\"metaData\":{\"schemaString\":\"{\\\"type\\\":\\\"struct\\\""),
            std::string::npos)
      << log;
  EXPECT_EQ(ReadAll(fs::path(c->table_root()) / "_delta_log/00000000000000000000.json")
                .find("schemaString"),
            std::string::npos);
}

TEST(TableCatalogueTest, OverridesCorrectTheUpstreamTimestampPartitionValue) {
  auto cases = TableCatalogue::Discover(kRoot);
  ASSERT_TRUE(cases.ok());
  const TableCase* c = Find(*cases, "delta-golden/data-reader-partition-values");
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(c->overrides.size(), 1u);
  auto expected = ExpectedResultsLoader::Load(c->dir);
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();
  ASSERT_TRUE(TableCatalogue::ApplyOverrides(*c, &*expected).ok());
  const RowSet& rows = expected->scans[0].rows;
  const size_t ts =
      std::find(rows.columns.begin(), rows.columns.end(), "as_timestamp") - rows.columns.begin();
  ASSERT_LT(ts, rows.columns.size());
  std::multiset<std::string> values;
  for (const auto& r : rows.rows) values.insert(std::string(RowCanonicalizer::SplitRow(r)[ts]));
  EXPECT_EQ(values, (std::multiset<std::string>{"2021-09-08T11:11:11.000000Z",
                                                "2021-09-08T11:11:11.000000Z", "null"}));

  // An override that matches nothing is an error, not a silent no-op.
  TableCase stale = *c;
  stale.overrides[0].upstream = "1999-01-01T00:00:00.000000Z";
  EXPECT_EQ(TableCatalogue::ApplyOverrides(stale, &*expected).code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace lakeml::conformance
