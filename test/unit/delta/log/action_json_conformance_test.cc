// ActionJsonParser and the action writer against every JSON action file of the conformance
// tables (commits, log compactions, staged commits, V2 JSON checkpoints): all must parse, and
// every action must survive a write and re-parse unchanged.
//
// The corpus holds no malformed action file: its negative tables (README.md) fail on log
// structure or table features, not on JSON. Broken inputs are therefore derived from the real
// files (truncated last lines, a renamed required field) and must give errors naming the line.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "delta/log/action_json_parser.h"
#include "delta/log/action_json_writer.h"

namespace lakeml::delta {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(LAKEML_SHARED_DIR) / "conformance/delta";

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every *.json file below a _delta_log directory, sorted.
std::vector<fs::path> ActionFiles() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(kCorpus)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    if (entry.path().string().find("/_delta_log/") == std::string::npos) continue;
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<Action> ParseFile(ActionJsonParser& parser, const fs::path& path) {
  std::vector<Action> actions;
  const Status status = parser.ParseCommit(ReadAll(path), path.filename().string(), &actions);
  EXPECT_TRUE(status.ok()) << path << ": " << status.ToString();
  return actions;
}

std::vector<Action> ParseTable(ActionJsonParser& parser, const std::string& table,
                               const std::string& file) {
  return ParseFile(parser, kCorpus / table / "delta/_delta_log" / file);
}

template <typename T>
std::vector<T> Only(const std::vector<Action>& actions) {
  std::vector<T> out;
  for (const Action& a : actions) {
    if (const T* t = std::get_if<T>(&a)) out.push_back(*t);
  }
  return out;
}

TEST(ActionJsonConformanceTest, EveryActionFileParsesAndRoundTrips) {
  const std::vector<fs::path> files = ActionFiles();
  ASSERT_GE(files.size(), 700u) << "conformance corpus missing under " << kCorpus;
  ActionJsonParser parser;
  std::map<size_t, int> counts;  // By variant index.
  int staged = 0, compacted = 0, v2_checkpoints = 0;
  for (const fs::path& path : files) {
    const std::string name = path.filename().string();
    staged += path.string().find("/_staged_commits/") != std::string::npos;
    compacted += name.ends_with(".compacted.json");
    v2_checkpoints += name.find(".checkpoint.") != std::string::npos;
    const std::vector<Action> actions = ParseFile(parser, path);
    for (const Action& action : actions) {
      ++counts[action.index()];
      std::string line;
      AppendActionJson(action, &line);
      std::vector<Action> again;
      const Status status = parser.ParseCommit(line, "rewritten.json", &again);
      ASSERT_TRUE(status.ok()) << path << ": " << status.ToString() << "\n" << line;
      ASSERT_EQ(again.size(), 1u) << line;
      EXPECT_TRUE(again[0] == action) << path << "\n" << line;
    }
    std::vector<Action> whole;
    ASSERT_TRUE(parser.ParseCommit(SerializeCommit(actions), name, &whole).ok()) << path;
    EXPECT_TRUE(whole == actions) << path;
  }
  EXPECT_EQ(staged, 2);
  EXPECT_EQ(compacted, 3);
  EXPECT_GE(v2_checkpoints, 11);
  // Every action kind occurs in the corpus.
  EXPECT_EQ(counts.size(), std::variant_size_v<Action>);
  EXPECT_GT(counts[Action(AddFile{}).index()], 1000);
}

TEST(ActionJsonConformanceTest, NullAndSpecialPartitionValues) {
  ActionJsonParser parser;
  std::vector<AddFile> adds =
      Only<AddFile>(ParseTable(parser, "dat/multi_partitioned", "00000000000000000001.json"));
  for (const AddFile& add :
       Only<AddFile>(ParseTable(parser, "dat/multi_partitioned", "00000000000000000002.json"))) {
    adds.push_back(add);
  }
  bool saw_null = false, saw_special = false;
  for (const AddFile& add : adds) {
    for (const auto& [key, value] : add.partition_values) {
      saw_null |= !value.has_value();
      saw_special |= value == "/%20%f";
    }
  }
  EXPECT_TRUE(saw_null);
  EXPECT_TRUE(saw_special);
}

TEST(ActionJsonConformanceTest, InlineAndOnDiskDeletionVectors) {
  ActionJsonParser parser;
  int inline_dvs = 0, uuid_dvs = 0;
  for (int v = 0; v <= 6; ++v) {
    char name[32];
    std::snprintf(name, sizeof(name), "%020d.json", v);
    for (const Action& a : ParseTable(parser, "delta-kernel-rs/cdf-table-with-dv", name)) {
      const std::optional<DeletionVectorDescriptor>* dv = nullptr;
      if (const auto* add = std::get_if<AddFile>(&a)) dv = &add->deletion_vector;
      if (const auto* remove = std::get_if<RemoveFile>(&a)) dv = &remove->deletion_vector;
      if (dv == nullptr || !dv->has_value()) continue;
      if ((*dv)->storage_type == DeletionVectorDescriptor::kInline) {
        ++inline_dvs;
        EXPECT_FALSE((*dv)->offset.has_value());
      } else if ((*dv)->storage_type == DeletionVectorDescriptor::kUuid) {
        ++uuid_dvs;
      }
      EXPECT_GT((*dv)->cardinality, 0);
    }
  }
  EXPECT_GT(inline_dvs, 0);
  EXPECT_GT(uuid_dvs + inline_dvs, 0);
}

TEST(ActionJsonConformanceTest, RowTrackingAndDomainMetadata) {
  ActionJsonParser parser;
  const std::vector<Action> actions =
      ParseTable(parser, "delta-rs/table_with_liquid_clustering", "00000000000000000000.json");
  const std::vector<AddFile> adds = Only<AddFile>(actions);
  ASSERT_FALSE(adds.empty());
  for (const AddFile& add : adds) {
    EXPECT_TRUE(add.base_row_id.has_value());
    EXPECT_TRUE(add.default_row_commit_version.has_value());
  }
  EXPECT_EQ(Only<DomainMetadata>(actions).size(), 2u);
}

TEST(ActionJsonConformanceTest, V2CheckpointAndCommitInfo) {
  ActionJsonParser parser;
  const std::vector<Action> checkpoint =
      ParseTable(parser, "delta-golden/v2-checkpoint-json",
                 "00000000000000000002.checkpoint.6374b053-df23-479b-b2cf-c9c550132b49.json");
  ASSERT_EQ(Only<CheckpointMetadata>(checkpoint).size(), 1u);
  EXPECT_EQ(Only<CheckpointMetadata>(checkpoint)[0].version, 2);
  EXPECT_FALSE(Only<Sidecar>(checkpoint).empty());

  const std::vector<CommitInfo> infos =
      Only<CommitInfo>(ParseTable(parser, "delta-rs/cdc_ict_table", "00000000000000000001.json"));
  ASSERT_EQ(infos.size(), 1u);
  EXPECT_EQ(infos[0].in_commit_timestamp, 1683874206883);
  EXPECT_EQ(infos[0].timestamp, 1783874206883);
  EXPECT_EQ(infos[0].operation, "WRITE");
  EXPECT_TRUE(infos[0].json.starts_with(R"({"inCommitTimestamp":1683874206883,"timestamp":)"));
}

// Spark writes compact JSON with the field order the writer uses, so rewriting what Spark
// wrote reproduces it byte for byte where the log's maps happen to be in key order (the
// action model keeps maps sorted; Spark keeps partition columns in schema order).
TEST(ActionJsonConformanceTest, SparkCommitsRewriteByteForByte) {
  ActionJsonParser parser;
  int files = 0;
  for (const char* table : {"delta/basic-dv-with-checkpoint", "delta/delta-0.1.0",
                            "delta-golden/snapshot-data2-deleted",
                            "delta-golden/v2-checkpoint-json", "delta-rs/cdc_ict_table"}) {
    for (const auto& entry : fs::directory_iterator(kCorpus / table / "delta/_delta_log")) {
      if (entry.path().extension() != ".json") continue;
      const std::string original = ReadAll(entry.path());
      EXPECT_EQ(SerializeCommit(ParseFile(parser, entry.path())), original) << entry.path();
      ++files;
    }
  }
  EXPECT_GE(files, 60);
}

TEST(ActionJsonConformanceTest, TruncatedLastLinesNameTheLine) {
  ActionJsonParser parser;
  int checked = 0;
  for (const fs::path& path : ActionFiles()) {
    std::string content = ReadAll(path);
    while (!content.empty() && (content.back() == '\n' || content.back() == '\r')) {
      content.pop_back();
    }
    if (content.empty()) continue;
    const size_t last_start = content.rfind('\n') + 1;  // npos + 1 == 0.
    const int64_t last_line = std::count(content.begin(), content.end(), '\n') + 1;
    content.resize(last_start + (content.size() - last_start) / 2);
    std::vector<Action> actions;
    const Status status = parser.ParseCommit(content, path.filename().string(), &actions);
    ASSERT_FALSE(status.ok()) << path;
    EXPECT_TRUE(status.message().starts_with("Invalid JSON (")) << status.message();
    EXPECT_TRUE(
        status.message().ends_with(path.filename().string() + " line " + std::to_string(last_line)))
        << status.message();
    EXPECT_TRUE(actions.empty());
    ++checked;
  }
  EXPECT_GE(checked, 700);
}

TEST(ActionJsonConformanceTest, MissingRequiredFieldInRealCommit) {
  ActionJsonParser parser;
  const fs::path path =
      kCorpus / "delta-golden/snapshot-data2-deleted/delta/_delta_log/00000000000000000004.json";
  std::string content = ReadAll(path);
  // Rename the first add's size field.
  const size_t add = content.find("{\"add\":");
  ASSERT_NE(add, std::string::npos);
  const size_t size = content.find("\"size\":", add);
  ASSERT_NE(size, std::string::npos);
  content.replace(size, 7, "\"sizX\":");
  const int64_t line = std::count(content.begin(), content.begin() + add, '\n') + 1;
  std::vector<Action> actions;
  const Status status = parser.ParseCommit(content, "00000000000000000004.json", &actions);
  EXPECT_EQ(status.message(),
            "Invalid add action: missing field 'size' in 00000000000000000004.json line " +
                std::to_string(line));
}

}  // namespace
}  // namespace lakeml::delta
