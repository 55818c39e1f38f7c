// ReadCheckpointFile against every Parquet checkpoint of the conformance corpus (classic,
// multi-part, UUID-named V2, sidecars; Spark, Databricks, delta-rs, parquet-cpp writers):
// every file must read, the action counts must match what `_last_checkpoint` recorded, and
// stats_parsed-only checkpoints must give the same statistics as the JSON commits.
// Broken checkpoints (derived from real ones) must fail with errors that name the file.
#include "delta/checkpoint/checkpoint_reader.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "columnar/batch.h"
#include "delta/checkpoint/checkpoint_schema.h"
#include "delta/checkpoint/vector_builder.h"
#include "format/parquet/file_reader.h"
#include "format/parquet/writer/file_writer.h"
#include "io/memory_file_system.h"

namespace lakeml::delta {
namespace {

namespace stdfs = std::filesystem;

const stdfs::path kCorpus = stdfs::path(LAKEML_SHARED_DIR) / "conformance/delta";

std::string ReadAll(const stdfs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool IsParquetCheckpoint(const stdfs::path& p) {
  const std::string name = p.filename().string();
  if (p.extension() != ".parquet") return false;
  if (p.parent_path().filename() == "_sidecars") return true;
  return p.parent_path().filename() == "_delta_log" &&
         name.find(".checkpoint.") != std::string::npos;
}

std::vector<stdfs::path> CheckpointFiles() {
  std::vector<stdfs::path> files;
  for (const auto& e : stdfs::recursive_directory_iterator(kCorpus)) {
    if (e.is_regular_file() && IsParquetCheckpoint(e.path())) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

template <typename T>
int Count(const std::vector<Action>& actions) {
  int n = 0;
  for (const Action& a : actions) n += std::holds_alternative<T>(a) ? 1 : 0;
  return n;
}

std::vector<Action> Read(const stdfs::path& p, CheckpointReadOptions options = {}) {
  std::vector<Action> actions;
  Status s = ReadCheckpointFile(*io::LocalFs(), p.string(), options, &actions);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return actions;
}

TEST(CheckpointReaderTest, ReadsEveryConformanceCheckpoint) {
  const std::vector<stdfs::path> files = CheckpointFiles();
  ASSERT_GE(files.size(), 85u) << "corpus not found under " << kCorpus;
  int sidecars = 0, multi_part = 0, uuid_named = 0;
  for (const stdfs::path& p : files) {
    SCOPED_TRACE(p.string());
    std::vector<Action> actions = Read(p);
    // Every row holds exactly one action: nothing is dropped or invented.
    auto reader = parquet::FileReader::Open(io::LocalFs(), p.string());
    ASSERT_TRUE(reader.ok());
    EXPECT_EQ(static_cast<int64_t>(actions.size()), (*reader)->num_rows());
    const std::string name = p.filename().string();
    if (p.parent_path().filename() == "_sidecars") {
      ++sidecars;
      // "The sidecar files can have only add file and remove file entries".
      EXPECT_EQ(Count<AddFile>(actions) + Count<RemoveFile>(actions),
                static_cast<int>(actions.size()));
      continue;
    }
    if (name.size() == 61 && name.find(".checkpoint.0") == 20) ++multi_part;
    if (name.find('-') != std::string::npos) {
      ++uuid_named;
      EXPECT_EQ(Count<CheckpointMetadata>(actions), 1);
    }
    for (const Action& a : actions) {
      if (const auto* add = std::get_if<AddFile>(&a)) {
        EXPECT_FALSE(add->path.empty());
        EXPECT_GE(add->size, 0);
      }
    }
  }
  EXPECT_GE(sidecars, 20);
  EXPECT_GE(multi_part, 10);
  EXPECT_GE(uuid_named, 3);
}

// The checkpoint files of `version` in `log_dir` that this reader handles (classic, multi-part
// or UUID-named Parquet), with the sidecars they reference read as well.
std::vector<Action> ReadCheckpointVersion(const stdfs::path& log_dir, int64_t version,
                                          int* files_read) {
  char prefix[64];
  std::snprintf(prefix, sizeof(prefix), "%020lld.checkpoint.", static_cast<long long>(version));
  std::vector<stdfs::path> parts;
  for (const auto& e : stdfs::directory_iterator(log_dir)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && e.path().extension() == ".parquet") {
      parts.push_back(e.path());
    }
  }
  std::sort(parts.begin(), parts.end());
  // A classic and a UUID-named checkpoint of one version hold the same actions: read one.
  if (parts.size() > 1 && parts[0].filename().string().find('-') == std::string::npos &&
      parts[0].filename().string() == std::string(prefix) + "parquet") {
    parts.resize(1);
  }
  std::vector<Action> all;
  for (const stdfs::path& p : parts) {
    std::vector<Action> actions = Read(p);
    ++*files_read;
    for (Action& a : actions) {
      if (const auto* s = std::get_if<Sidecar>(&a)) {
        std::vector<Action> side = Read(log_dir / "_sidecars" / s->path);
        for (Action& x : side) all.push_back(std::move(x));
      }
      all.push_back(std::move(a));
    }
  }
  return all;
}

TEST(CheckpointReaderTest, ActionCountsMatchLastCheckpoint) {
  int tables = 0;
  for (const auto& e : stdfs::recursive_directory_iterator(kCorpus)) {
    if (e.path().filename() != "_last_checkpoint") continue;
    const stdfs::path log_dir = e.path().parent_path();
    const std::string table = log_dir.parent_path().parent_path().filename().string();
    SCOPED_TRACE(table);
    nlohmann::json last =
        nlohmann::json::parse(ReadAll(e.path()), nullptr, /*allow_exceptions=*/false);
    if (!last.is_object() || last.contains("v2Checkpoint")) continue;  // Empty, or JSON V2.
    // Hints known to disagree with their checkpoints (the action counts were verified against
    // the files' row counts in ReadsEveryConformanceCheckpoint):
    const std::set<std::string> kWrongHints = {
        // delta-rs before 0.8 stored the checkpoint's byte size as `size`.
        "issue_1374", "checkpoint_with_partitions",
        // Hand-written hints.
        "latest_not_checkpointed", "err-logs-table_d",
        // Stale on purpose: names version 1 with the size of the version 3 checkpoint.
        "table_failed_last_checkpoint_update",
        // A row was deleted from the checkpoint after it was written (negative tests).
        "deltalog-state-reconstruction-from-checkpoint-missing-metadata",
        "deltalog-state-reconstruction-from-checkpoint-missing-protocol"};
    if (kWrongHints.count(table)) continue;
    int files_read = 0;
    std::vector<Action> actions =
        ReadCheckpointVersion(log_dir, last["version"].get<int64_t>(), &files_read);
    if (files_read == 0) continue;
    if (last.contains("parts") && last["parts"].is_number()) {
      EXPECT_EQ(files_read, last["parts"].get<int>());
    }
    // `size` counts the actions of the checkpoint and its sidecars; a sidecar action itself
    // is not counted.
    const int counted = static_cast<int>(actions.size()) - Count<Sidecar>(actions);
    EXPECT_EQ(counted, last["size"].get<int>());
    if (last.contains("numOfAddFiles")) {
      EXPECT_EQ(Count<AddFile>(actions), last["numOfAddFiles"].get<int>());
    }
    ++tables;
  }
  EXPECT_GE(tables, 30);
}

TEST(CheckpointReaderTest, GoldenCheckpointHoldsTheExpectedActions) {
  std::vector<Action> actions = Read(
      kCorpus / "delta-golden/checkpoint/delta/_delta_log/00000000000000000010.checkpoint.parquet");
  EXPECT_EQ(Count<Protocol>(actions), 1);
  EXPECT_EQ(Count<Metadata>(actions), 1);
  EXPECT_EQ(Count<AddFile>(actions), 1);
  // Non-file actions come first.
  EXPECT_FALSE(std::holds_alternative<AddFile>(actions.front()));
  EXPECT_FALSE(std::holds_alternative<RemoveFile>(actions.front()));
}

TEST(CheckpointReaderTest, ReadsOldestFormatAndTxn) {
  std::vector<Action> actions =
      Read(kCorpus / "delta/delta-0.1.0/delta/_delta_log/00000000000000000003.checkpoint.parquet");
  ASSERT_GE(Count<SetTransaction>(actions), 1);
  for (const Action& a : actions) {
    if (const auto* m = std::get_if<Metadata>(&a)) {
      EXPECT_EQ(m->format.provider, "parquet");
      EXPECT_EQ(m->partition_columns, std::vector<std::string>{"id"});
      EXPECT_FALSE(m->created_time.has_value());
    }
    if (const auto* add = std::get_if<AddFile>(&a)) {
      EXPECT_EQ(add->partition_values.count("id"), 1u);
      EXPECT_FALSE(add->stats.has_value());
    }
  }
}

TEST(CheckpointReaderTest, ReadsDeletionVectorsAndDomainMetadata) {
  std::vector<Action> actions = Read(
      kCorpus /
      "delta/basic-dv-with-checkpoint/delta/_delta_log/00000000000000000040.checkpoint.parquet");
  int with_dv = 0;
  for (const Action& a : actions) {
    if (const auto* add = std::get_if<AddFile>(&a)) {
      if (add->deletion_vector) {
        ++with_dv;
        EXPECT_GT(add->deletion_vector->cardinality, 0);
        EXPECT_FALSE(add->deletion_vector->path_or_inline_dv.empty());
      }
    }
  }
  EXPECT_GE(with_dv, 1);
  std::vector<Action> domain = Read(kCorpus /
                                    "delta-rs/table-with-domain-metadata/delta/_delta_log/"
                                    "00000000000000000108.checkpoint.parquet");
  EXPECT_GE(Count<DomainMetadata>(domain), 1);
}

TEST(CheckpointReaderTest, OptionsSkipStatsAndRemoves) {
  const stdfs::path p =
      kCorpus /
      "delta-golden/only-checkpoint-files/delta/_delta_log/00000000000000000002.checkpoint.parquet";
  std::vector<Action> all = Read(p);
  ASSERT_GT(Count<RemoveFile>(all), 0);
  CheckpointReadOptions options;
  options.include_remove = false;
  options.include_stats = false;
  std::vector<Action> lean = Read(p, options);
  EXPECT_EQ(Count<RemoveFile>(lean), 0);
  EXPECT_EQ(Count<AddFile>(lean), Count<AddFile>(all));
  for (const Action& a : lean) {
    if (const auto* add = std::get_if<AddFile>(&a)) {
      EXPECT_FALSE(add->stats.has_value());
    }
  }
}

TEST(CheckpointReaderTest, AppendsToExistingActions) {
  std::vector<Action> actions = {Protocol{}};
  ASSERT_TRUE(ReadCheckpointFile(*io::LocalFs(),
                                 (kCorpus / "delta-golden/checkpoint/delta/_delta_log/"
                                            "00000000000000000010.checkpoint.parquet")
                                     .string(),
                                 {}, &actions)
                  .ok());
  EXPECT_EQ(Count<Protocol>(actions), 2);
}

// --- stats_parsed ---------------------------------------------------------------------------

// The stats JSON of each add in the commits up to `version`, by path (the last one wins).
std::map<std::string, std::string> CommitStats(const stdfs::path& log_dir, int64_t version) {
  std::map<std::string, std::string> stats;
  for (int64_t v = 0; v <= version; ++v) {
    char name[32];
    std::snprintf(name, sizeof(name), "%020lld.json", static_cast<long long>(v));
    std::ifstream in(log_dir / name);
    std::string line;
    while (std::getline(in, line)) {
      nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      if (!j.is_object() || !j.contains("add")) continue;
      const nlohmann::json& add = j["add"];
      if (add.contains("stats") && add["stats"].is_string()) {
        stats[add["path"].get<std::string>()] = add["stats"].get<std::string>();
      }
    }
  }
  return stats;
}

// Compares two stats objects: equal keys and values; numbers within a relative 1e-12
// (a double prints differently in Java and C++ but must be the same value).
void ExpectSameJson(const nlohmann::json& expected, const nlohmann::json& actual,
                    const std::string& where) {
  if (expected.is_number() && actual.is_number()) {
    const double a = expected.get<double>(), b = actual.get<double>();
    EXPECT_NEAR(a, b, std::abs(a) * 1e-12) << where;
    return;
  }
  if (expected.is_object() && actual.is_object()) {
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      if (!actual.contains(it.key())) {
        ADD_FAILURE() << where << "." << it.key() << " missing; expected " << it.value().dump();
        continue;
      }
      ExpectSameJson(it.value(), actual[it.key()], where + "." + it.key());
    }
    for (auto it = actual.begin(); it != actual.end(); ++it) {
      if (!expected.contains(it.key())) {
        ADD_FAILURE() << where << "." << it.key() << " unexpected: " << it.value().dump();
      }
    }
    return;
  }
  EXPECT_EQ(expected, actual) << where;
}

struct StructStatsCase {
  const char* table;  // Under the corpus.
  int64_t version;
  // JSON stats the struct cannot reproduce: keys the writer left out of stats_parsed.
  std::vector<std::string> ignore;
};

// Removes the dotted `path` (e.g. "minValues.null") from `j`.
void Erase(nlohmann::json* j, const std::string& path) {
  const size_t dot = path.find('.');
  if (!j->is_object()) return;
  if (dot == std::string::npos) {
    j->erase(path);
    return;
  }
  auto it = j->find(path.substr(0, dot));
  if (it != j->end()) Erase(&*it, path.substr(dot + 1));
}

TEST(CheckpointReaderTest, StatsParsedOnlyCheckpointsGiveTheCommitStats) {
  const std::vector<StructStatsCase> cases = {
      {"delta-rs/delta-1.2.1-only-struct-stats", 10, {}},
      {"delta/transaction_log_schema_evolvability", 2, {}},
      {"delta-kernel-rs/v1-single-part-struct-stats-only", 5, {}},
      {"delta-kernel-rs/v1-multi-part-partitioned-struct-stats-only", 5, {}},
      {"delta-kernel-rs/v2-parquet-sidecars-struct-stats-only", 5, {}},
      {"delta-rs/delta-checkpoint-stats-optional", 2, {}},
  };
  for (const StructStatsCase& c : cases) {
    SCOPED_TRACE(c.table);
    const stdfs::path log_dir = kCorpus / c.table / "delta/_delta_log";
    const std::map<std::string, std::string> expected = CommitStats(log_dir, c.version);
    int files_read = 0;
    std::vector<Action> actions = ReadCheckpointVersion(log_dir, c.version, &files_read);
    ASSERT_GT(files_read, 0);
    int compared = 0;
    for (const Action& a : actions) {
      const auto* add = std::get_if<AddFile>(&a);
      if (add == nullptr) continue;
      auto it = expected.find(add->path);
      if (it == expected.end()) {
        EXPECT_FALSE(add->stats.has_value()) << add->path;
        continue;
      }
      ASSERT_TRUE(add->stats.has_value()) << add->path;
      nlohmann::json want = nlohmann::json::parse(it->second);
      nlohmann::json got = nlohmann::json::parse(*add->stats, nullptr, false);
      ASSERT_FALSE(got.is_discarded()) << *add->stats;
      for (const std::string& path : c.ignore) Erase(&want, path);
      ExpectSameJson(want, got, add->path);
      ++compared;
    }
    EXPECT_GT(compared, 0);
  }
}

// --- partitionValues_parsed ------------------------------------------------------------------

TEST(CheckpointReaderTest, PartitionValuesComeFromTheMap) {
  std::vector<Action> actions;
  int files_read = 0;
  actions = ReadCheckpointVersion(
      kCorpus / "delta-kernel-rs/v1-multi-part-partitioned-struct-stats-only/delta/_delta_log", 5,
      &files_read);
  int adds = 0;
  for (const Action& a : actions) {
    if (const auto* add = std::get_if<AddFile>(&a)) {
      ++adds;
      ASSERT_EQ(add->partition_values.count("part"), 1u);
    }
  }
  EXPECT_EQ(adds, 5);
}

// --- broken checkpoints -----------------------------------------------------------------------

// Writes a one-column checkpoint `add` of the given type and rows into `fs`.
void WriteAddColumn(io::MemoryFileSystem* fs, const std::string& path, columnar::TypePtr type,
                    columnar::VectorPtr add) {
  auto schema = std::make_shared<columnar::Schema>(
      std::vector<columnar::Field>{columnar::Field{"add", std::move(type), true}});
  const int64_t rows = add->length();
  auto writer = parquet::FileWriter::Open(fs, path, schema, {});
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  ASSERT_TRUE((*writer)->Write(columnar::Batch(schema, {std::move(add)}, rows)).ok());
  ASSERT_TRUE((*writer)->Close().ok());
}

TEST(CheckpointReaderTest, MissingFileIsAnError) {
  std::vector<Action> actions;
  Status s = ReadCheckpointFile(*io::LocalFs(), "/nonexistent/_delta_log/1.checkpoint.parquet", {},
                                &actions);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("1.checkpoint.parquet"), std::string::npos) << s.ToString();
}

TEST(CheckpointReaderTest, NotParquetIsAnError) {
  io::MemoryFileSystem fs;
  ASSERT_TRUE(
      fs.WriteWhole("_delta_log/00000000000000000001.checkpoint.parquet", "{\"add\":{}}\n").ok());
  std::vector<Action> actions;
  Status s =
      ReadCheckpointFile(fs, "_delta_log/00000000000000000001.checkpoint.parquet", {}, &actions);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("Invalid checkpoint"), std::string::npos) << s.ToString();
  EXPECT_TRUE(actions.empty());
}

TEST(CheckpointReaderTest, TruncatedRealCheckpointIsAnError) {
  const std::string bytes = ReadAll(
      kCorpus / "delta-golden/checkpoint/delta/_delta_log/00000000000000000010.checkpoint.parquet");
  io::MemoryFileSystem fs;
  // Cut in the middle: the footer is gone.
  ASSERT_TRUE(fs.WriteWhole("c.parquet", bytes.substr(0, bytes.size() / 2)).ok());
  std::vector<Action> actions;
  EXPECT_FALSE(ReadCheckpointFile(fs, "c.parquet", {}, &actions).ok());
  EXPECT_TRUE(actions.empty());
  // Damage a data page: the page CRC (or the decoder) must catch it, never a partial read.
  std::string damaged = bytes;
  for (size_t i = 100; i < 400 && i < damaged.size(); ++i) damaged[i] ^= 0x5a;
  ASSERT_TRUE(fs.WriteWhole("d.parquet", damaged).ok());
  Status s = ReadCheckpointFile(fs, "d.parquet", {}, &actions);
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(actions.empty());
}

// Damaged bytes anywhere in a real checkpoint give an error or a complete read, never a crash
// (run under ASan/UBSan too).
TEST(CheckpointReaderTest, DamagedBytesNeverCrash) {
  const std::string bytes = ReadAll(
      kCorpus /
      "delta/basic-dv-with-checkpoint/delta/_delta_log/00000000000000000010.checkpoint.parquet");
  ASSERT_GT(bytes.size(), 1000u);
  std::mt19937 rng(42);
  io::MemoryFileSystem fs;
  int failed = 0;
  for (int i = 0; i < 300; ++i) {
    std::string damaged = bytes;
    const size_t at = rng() % damaged.size();
    for (size_t j = at; j < std::min(damaged.size(), at + 1 + rng() % 8); ++j) {
      damaged[j] = static_cast<char>(rng());
    }
    ASSERT_TRUE(fs.WriteWhole("c.parquet", damaged).ok());
    std::vector<Action> actions;
    Status s = ReadCheckpointFile(fs, "c.parquet", {}, &actions);
    if (!s.ok()) {
      ++failed;
      EXPECT_TRUE(actions.empty());
    }
  }
  EXPECT_GT(failed, 0);
}

TEST(CheckpointReaderTest, NullRequiredFieldNamesFieldRowAndFile) {
  using columnar::DataType;
  using columnar::Field;
  using columnar::TypeId;
  // add: struct<path: string, size: bigint, modificationTime: bigint, dataChange: boolean>
  auto type =
      DataType::Struct({Field{"path", DataType::String(), true},
                        Field{"size", DataType::Primitive(TypeId::kInt64), true},
                        Field{"modificationTime", DataType::Primitive(TypeId::kInt64), true},
                        Field{"dataChange", DataType::Primitive(TypeId::kBoolean), true}});
  VectorBuilder b(type);
  for (int i = 0; i < 20; ++i) {
    if (i == 17) {
      b.child(0).AppendNull();
    } else {
      b.child(0).AppendString(StrCat("f", i, ".parquet"));
    }
    b.child(1).AppendFixed<int64_t>(10);
    b.child(2).AppendFixed<int64_t>(1000);
    b.child(3).AppendBool(true);
    b.AppendStruct();
  }
  io::MemoryFileSystem fs;
  const std::string path = "_delta_log/00000000000000000010.checkpoint.parquet";
  WriteAddColumn(&fs, path, type, b.Finish());
  std::vector<Action> actions;
  Status s = ReadCheckpointFile(fs, path, {}, &actions);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "Invalid checkpoint: add.path is null at row 17 in " + path);
  EXPECT_TRUE(actions.empty());
}

TEST(CheckpointReaderTest, WrongFieldTypeIsAnError) {
  using columnar::DataType;
  using columnar::Field;
  auto type = DataType::Struct(
      {Field{"path", DataType::String(), true}, Field{"size", DataType::String(), true}});
  VectorBuilder b(type);
  b.child(0).AppendString("a");
  b.child(1).AppendString("12");
  b.AppendStruct();
  io::MemoryFileSystem fs;
  WriteAddColumn(&fs, "x.parquet", type, b.Finish());
  std::vector<Action> actions;
  Status s = ReadCheckpointFile(fs, "x.parquet", {}, &actions);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("add.size has type string, expected an integer in x.parquet"),
            std::string::npos)
      << s.ToString();
}

TEST(CheckpointReaderTest, FileWithoutActionColumnsIsAnError) {
  // A data file of some table is Parquet but no checkpoint.
  stdfs::path any;
  for (const auto& e :
       stdfs::recursive_directory_iterator(kCorpus / "delta-golden/snapshot-data0")) {
    if (e.path().extension() == ".parquet" &&
        e.path().string().find("_delta_log") == std::string::npos) {
      any = e.path();
      break;
    }
  }
  ASSERT_FALSE(any.empty());
  std::vector<Action> actions;
  Status s = ReadCheckpointFile(*io::LocalFs(), any.string(), {}, &actions);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("no action columns"), std::string::npos) << s.ToString();
}

}  // namespace
}  // namespace lakeml::delta
