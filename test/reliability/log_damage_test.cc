// Requirement 3: damaged logs. Copies of real tables (conformance/delta/delta-golden) are
// damaged — truncated or byte-flipped commits, a missing checkpoint part, a gap in the
// versions, a garbled _last_checkpoint, a corrupt checkpoint — and read. Each must give a
// clear error naming the damaged file (and the line, for a commit), or lakeml's documented
// fallback (an incomplete checkpoint is ignored; _last_checkpoint is never trusted, the log is
// always listed), whose result must equal the undamaged read. Never a crash, never a silently
// different read.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "base/str_cat.h"
#include "delta/log_segment.h"
#include "delta/scan.h"
#include "delta/snapshot.h"
#include "format/value_text/json_lines_batch_writer.h"
#include "io/file_system.h"
#include "reliability/reliability_env.h"
#include "reliability/scratch_dir.h"

namespace lakeml::reliability {
namespace {

namespace fs = std::filesystem;

constexpr char kDeletesTable[] = "basic-with-inserts-deletes-checkpoint";  // v0..13, ckpt 10
constexpr char kMultiPartTable[] = "multi-part-checkpoint";                // v0..1, 2-part ckpt 1

std::string Golden(const std::string& name) {
  return StrCat(LAKEML_SHARED_DIR, "/conformance/delta/delta-golden/", name, "/delta");
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

std::string LogPath(const std::string& root, const std::string& name) {
  return root + "/_delta_log/" + name;
}

std::string Commit(int64_t v) { return delta::LogFileName::Commit(v); }

// The rows of a version as sorted JSON lines, or the error of the load or the scan.
Result<std::vector<std::string>> ReadRows(const std::string& root,
                                          std::optional<int64_t> version = {}) {
  delta::SnapshotOptions options;
  options.version = version;
  LAKEML_ASSIGN_OR_RETURN(delta::SnapshotPtr snapshot,
                          delta::Snapshot::Load(io::LocalFs(), root, options));
  delta::ScanOptions scan_options;
  scan_options.num_threads = 1;
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<delta::Scan> scan, snapshot->NewScan(scan_options));
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<delta::ScanBatchStream> stream, scan->Execute());
  std::ostringstream text;
  format::JsonLinesBatchWriter writer(&text);
  while (true) {
    LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr batch, stream->Next());
    if (!batch) break;
    LAKEML_RETURN_IF_ERROR(writer.Write(*batch));
  }
  LAKEML_RETURN_IF_ERROR(writer.Finish());
  std::vector<std::string> lines;
  std::istringstream in(text.str());
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  // The version read, so that a fallback to another version cannot pass unnoticed.
  lines.push_back(StrCat("<version ", snapshot->version(), ">"));
  return lines;
}

class LogDamageTest : public ::testing::Test {
 protected:
  // A writable copy of a golden table (the shared data is read-only); its undamaged read.
  std::string CopyTable(const std::string& name) {
    const std::string root = StrCat(scratch_.path(), "/", name, copies_++);
    fs::copy(Golden(name), root, fs::copy_options::recursive);
    for (const fs::directory_entry& e : fs::recursive_directory_iterator(root)) {
      fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::add);
    }
    fs::permissions(root, fs::perms::owner_write, fs::perm_options::add);
    return root;
  }

  std::vector<std::string> Undamaged(const std::string& name, std::optional<int64_t> version = {}) {
    const std::string root = CopyTable(name);
    Result<std::vector<std::string>> rows = ReadRows(root, version);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() ? *rows : std::vector<std::string>{};
  }

  // REQUIRES: `damaged` fails; its message names every piece of `needles`.
  static void ExpectErrorNaming(const Result<std::vector<std::string>>& damaged,
                                const std::vector<std::string>& needles, const std::string& what) {
    if (damaged.ok()) {
      ADD_FAILURE() << what << ": read succeeded (" << damaged->size() - 1 << " rows, "
                    << damaged->back() << ") instead of failing";
      return;
    }
    if (std::getenv("LAKEML_RELIABILITY_VERBOSE") != nullptr) {
      std::printf("  %s -> %s\n", what.c_str(), damaged.status().ToString().c_str());
    }
    for (const std::string& n : needles) {
      EXPECT_NE(damaged.status().message().find(n), std::string::npos)
          << what << ": error does not name '" << n << "': " << damaged.status().ToString();
    }
  }

  ScratchDir scratch_;
  int copies_ = 0;
};

// Positions where cutting a commit leaves an incomplete last line (not at a line boundary).
std::vector<size_t> MidLineCuts(const std::string& text, size_t stride) {
  std::vector<size_t> cuts;
  for (size_t cut = 1; cut < text.size(); cut += stride) {
    if (text[cut - 1] == '\n' || text[cut] == '\n') continue;
    cuts.push_back(cut);
  }
  return cuts;
}

int LineOf(const std::string& text, size_t pos) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + pos, '\n'));
}

TEST_F(LogDamageTest, CommitTruncatedMidLineIsAnErrorNamingFileAndLine) {
  const std::string root = CopyTable(kDeletesTable);
  const size_t stride = static_cast<size_t>(ReliabilityEnv::Scaled(1, 1) == 1 ? 3 : 12);
  int cases = 0;
  for (int64_t version : {int64_t{13}, int64_t{11}}) {  // The last commit and a middle one.
    const std::string path = LogPath(root, Commit(version));
    const std::string original = ReadBytes(path);
    for (size_t cut : MidLineCuts(original, stride)) {
      WriteBytes(path, original.substr(0, cut));
      ExpectErrorNaming(ReadRows(root), {Commit(version), StrCat("line ", LineOf(original, cut))},
                        StrCat(Commit(version), " cut at byte ", cut));
      ++cases;
    }
    WriteBytes(path, original);
  }
  EXPECT_GT(cases, 100);
  ASSERT_TRUE(ReadRows(root).ok());
}

// Every byte outside a JSON string replaced by '#', and bytes inside strings replaced by an
// invalid UTF-8 byte: each makes the line invalid, which must be an error naming the file and
// the line. (A change that leaves valid JSON — a different digit in a size — is a different
// commit, which no reader can tell from the real one: Delta commits carry no checksum.)
TEST_F(LogDamageTest, CommitWithFlippedBytesIsAnErrorNamingFileAndLine) {
  const std::string root = CopyTable(kDeletesTable);
  const std::string path = LogPath(root, Commit(13));
  const std::string original = ReadBytes(path);
  const size_t string_stride = static_cast<size_t>(ReliabilityEnv::Scaled(1, 1) == 1 ? 4 : 16);
  int outside = 0, inside = 0;
  bool in_string = false, escaped = false;
  size_t string_bytes = 0;
  for (size_t i = 0; i < original.size(); ++i) {
    const char c = original[i];
    const bool was_in_string = in_string;
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    }
    if (c == '\n' || c == ' ') continue;
    std::string damaged = original;
    if (!was_in_string) {
      damaged[i] = '#';
      ++outside;
    } else if (c != '"' && string_bytes++ % string_stride == 0) {
      damaged[i] = static_cast<char>(0xFF);
      ++inside;
    } else {
      continue;
    }
    WriteBytes(path, damaged);
    ExpectErrorNaming(ReadRows(root), {Commit(13), StrCat("line ", LineOf(original, i))},
                      StrCat(Commit(13), " byte ", i, " ('", std::string(1, c), "') replaced"));
  }
  EXPECT_GT(outside, 100);
  EXPECT_GT(inside, 50);
}

// A commit older than the newest checkpoint is not needed for the latest version; it is for
// time travel to the versions it covers.
TEST_F(LogDamageTest, DamagedCommitBeforeCheckpointOnlyFailsOlderVersions) {
  const std::vector<std::string> latest = Undamaged(kDeletesTable);
  const std::string root = CopyTable(kDeletesTable);
  const std::string path = LogPath(root, Commit(5));
  const std::string original = ReadBytes(path);
  WriteBytes(path, original.substr(0, original.size() / 2));
  Result<std::vector<std::string>> now = ReadRows(root);
  ASSERT_TRUE(now.ok()) << now.status().ToString();
  EXPECT_EQ(*now, latest);
  ExpectErrorNaming(ReadRows(root, 7), {Commit(5), "line"}, "time travel to v7 over a cut v5");
}

TEST_F(LogDamageTest, MissingCheckpointPartFallsBackToTheCommits) {
  const std::vector<std::string> undamaged = Undamaged(kMultiPartTable);
  for (int part : {1, 2}) {
    SCOPED_TRACE(StrCat("part ", part, " deleted"));
    const std::string root = CopyTable(kMultiPartTable);
    char name[64];
    std::snprintf(name, sizeof(name), "00000000000000000001.checkpoint.%010d.0000000002.parquet",
                  part);
    ASSERT_TRUE(fs::remove(LogPath(root, name)));
    Result<delta::SnapshotPtr> snapshot = delta::Snapshot::Load(io::LocalFs(), root);
    ASSERT_TRUE(snapshot.ok()) << snapshot.status().ToString();
    EXPECT_EQ((*snapshot)->log_segment().checkpoint_kind, delta::CheckpointKind::kNone);
    Result<std::vector<std::string>> rows = ReadRows(root);
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_EQ(*rows, undamaged);

    // With the commits the checkpoint replaced cleaned up, nothing can rebuild the table.
    ASSERT_TRUE(fs::remove(LogPath(root, Commit(0))));
    ExpectErrorNaming(ReadRows(root), {"Cannot reconstruct", "_delta_log"},
                      "incomplete checkpoint and no commit 0");
  }
}

TEST_F(LogDamageTest, MissingClassicCheckpointFallsBackToTheCommits) {
  const std::vector<std::string> undamaged = Undamaged(kDeletesTable);
  const std::string root = CopyTable(kDeletesTable);
  ASSERT_TRUE(fs::remove(LogPath(root, delta::LogFileName::ClassicCheckpoint(10))));
  Result<std::vector<std::string>> rows = ReadRows(root);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, undamaged);
}

TEST_F(LogDamageTest, GapInVersionsIsAnError) {
  for (int64_t missing : {int64_t{11}, int64_t{12}}) {
    const std::string root = CopyTable(kDeletesTable);
    ASSERT_TRUE(fs::remove(LogPath(root, Commit(missing))));
    ExpectErrorNaming(ReadRows(root), {"not contiguous", StrCat("version ", missing), "_delta_log"},
                      StrCat("commit ", missing, " removed"));
  }
  // Below the checkpoint, a gap matters only to the versions before the checkpoint.
  const std::vector<std::string> latest = Undamaged(kDeletesTable);
  const std::string root = CopyTable(kDeletesTable);
  ASSERT_TRUE(fs::remove(LogPath(root, Commit(5))));
  Result<std::vector<std::string>> rows = ReadRows(root);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, latest);
  ExpectErrorNaming(ReadRows(root, 7), {"not contiguous", "version 5"}, "v7 over a removed v5");
  // The golden negative table: commits 0 and 2 only.
  ExpectErrorNaming(ReadRows(Golden("versions-not-contiguous")), {"not contiguous", "version 1"},
                    "versions-not-contiguous");
}

// lakeml never trusts _last_checkpoint (it always lists _delta_log), so whatever it holds,
// the read equals the undamaged one.
TEST_F(LogDamageTest, GarbledLastCheckpointIsIgnored) {
  std::mt19937_64 rng(42);
  std::string noise(300, '\0');
  for (char& c : noise) c = static_cast<char>(rng());
  const std::vector<std::pair<std::string, std::optional<std::string>>> variants = {
      {"empty", ""},
      {"noise", noise},
      {"truncated", R"({"version":10,"si)"},
      {"not an object", "[1,2,3]"},
      {"missing version", R"({"version":99,"size":1})"},
      {"older version without checkpoint", R"({"version":3,"size":1})"},
      {"wrong part count", R"({"version":1,"size":12,"parts":7})"},
      {"negative version", R"({"version":-5,"size":1})"},
      {"deleted", std::nullopt},
  };
  for (const char* table : {kDeletesTable, kMultiPartTable}) {
    const std::vector<std::string> undamaged = Undamaged(table);
    for (const auto& [what, content] : variants) {
      SCOPED_TRACE(StrCat(table, ": _last_checkpoint ", what));
      const std::string root = CopyTable(table);
      const std::string path = LogPath(root, "_last_checkpoint");
      if (content) {
        WriteBytes(path, *content);
      } else {
        ASSERT_TRUE(fs::remove(path));
      }
      Result<std::vector<std::string>> rows = ReadRows(root);
      ASSERT_TRUE(rows.ok()) << rows.status().ToString();
      EXPECT_EQ(*rows, undamaged);
    }
  }
}

TEST_F(LogDamageTest, CorruptCheckpointIsAnErrorNamingIt) {
  const std::string checkpoint = delta::LogFileName::ClassicCheckpoint(10);
  const std::string root = CopyTable(kDeletesTable);
  const std::string path = LogPath(root, checkpoint);
  const std::string original = ReadBytes(path);
  const size_t size = original.size();
  ASSERT_GT(size, 100u);
  uint32_t footer_len = 0;
  std::memcpy(&footer_len, original.data() + size - 8, 4);
  ASSERT_LT(footer_len, size);
  const size_t footer_start = size - 8 - footer_len;

  std::vector<std::pair<std::string, std::string>> damages;
  for (size_t cut : {size_t{0}, size_t{4}, size_t{8}, size / 2, size - 9, size - 4, size - 1}) {
    damages.push_back({StrCat("truncated to ", cut, " bytes"), original.substr(0, cut)});
  }
  std::string d = original;
  d.replace(size - 4, 4, "XXXX");
  damages.push_back({"trailing magic garbled", d});
  d = original;
  d.replace(size - 8, 4, "\xff\xff\xff\x7f");
  damages.push_back({"footer length 2 GiB", d});
  d = original;
  d.replace(size - 8, 4, std::string(4, '\0'));
  damages.push_back({"footer length 0", d});
  d = original;
  for (size_t i = footer_start; i < size - 8; ++i) d[i] = static_cast<char>(0xAB);
  damages.push_back({"footer overwritten", d});
  d = original;
  for (size_t i = footer_start; i < footer_start + footer_len / 2; ++i) d[i] = '\0';
  damages.push_back({"first half of the footer zeroed", d});
  d = original;
  for (size_t i = 4; i < footer_start; ++i) d[i] = static_cast<char>(0x5A);
  damages.push_back({"all column chunks overwritten", d});

  for (const auto& [what, bytes] : damages) {
    WriteBytes(path, bytes);
    ExpectErrorNaming(ReadRows(root), {checkpoint}, StrCat(checkpoint, " ", what));
  }
  WriteBytes(path, original);
  ASSERT_TRUE(ReadRows(root).ok());
}

// One corrupt part of a multi-part checkpoint is an error naming that part (the checkpoint is
// complete, so there is no fallback).
TEST_F(LogDamageTest, CorruptCheckpointPartIsAnErrorNamingIt) {
  const std::string root = CopyTable(kMultiPartTable);
  const std::string part = "00000000000000000001.checkpoint.0000000002.0000000002.parquet";
  const std::string path = LogPath(root, part);
  const std::string original = ReadBytes(path);
  WriteBytes(path, original.substr(0, original.size() / 3));
  ExpectErrorNaming(ReadRows(root), {part}, "part 2 truncated");
}

// A bit flip in the footer's schema that renames metaData.schemaString (seed 521538839 of the
// random test below found it) must not read as a table without a schema.
TEST_F(LogDamageTest, RenamedSchemaStringColumnIsAnError) {
  const std::string checkpoint = delta::LogFileName::ClassicCheckpoint(10);
  const std::string root = CopyTable(kDeletesTable);
  const std::string path = LogPath(root, checkpoint);
  std::string bytes = ReadBytes(path);
  // In the footer the schema elements come first; the column chunks' paths follow.
  uint32_t footer_len = 0;
  std::memcpy(&footer_len, bytes.data() + bytes.size() - 8, 4);
  ASSERT_LT(footer_len, bytes.size());
  const size_t at = bytes.find("schemaString", bytes.size() - 8 - footer_len);
  ASSERT_NE(at, std::string::npos);
  bytes[at + 4] = static_cast<char>(bytes[at + 4] ^ 8);  // "schemaString" -> "scheeaString"
  WriteBytes(path, bytes);
  ExpectErrorNaming(ReadRows(root), {checkpoint, "schemaString"}, "renamed schemaString");
}

// The same for the top-level add column (seed 501116246: "add" -> "aed" read as no files).
TEST_F(LogDamageTest, RenamedAddColumnIsAnError) {
  const std::string checkpoint = delta::LogFileName::ClassicCheckpoint(10);
  const std::string root = CopyTable(kDeletesTable);
  const std::string path = LogPath(root, checkpoint);
  std::string bytes = ReadBytes(path);
  uint32_t footer_len = 0;
  std::memcpy(&footer_len, bytes.data() + bytes.size() - 8, 4);
  ASSERT_LT(footer_len, bytes.size());
  // The schema element: name length 3 (thrift compact binary), then "add".
  const size_t at = bytes.find(std::string("\x03") + "add", bytes.size() - 8 - footer_len);
  ASSERT_NE(at, std::string::npos);
  bytes[at + 2] = static_cast<char>(bytes[at + 2] ^ 1);  // "add" -> "aed"
  WriteBytes(path, bytes);
  ExpectErrorNaming(ReadRows(root), {checkpoint, "add"}, "renamed add column");
}

// Single random bits flipped anywhere in the checkpoint (seeded): the read fails naming the
// checkpoint, or reads exactly the undamaged rows (the flip hit a value the read does not
// use: a statistic, a modification time, padding).
TEST_F(LogDamageTest, RandomByteFlipsInCheckpointNeverCrash) {
  const uint64_t seed = ReliabilityEnv::Seed();
  std::printf(
      "LogDamageTest.RandomByteFlipsInCheckpointNeverCrash seed: "
      "LAKEML_RELIABILITY_SEED=%llu\n",
      static_cast<unsigned long long>(seed));
  std::mt19937_64 rng(seed);
  const std::vector<std::string> undamaged = Undamaged(kDeletesTable);
  const std::string checkpoint = delta::LogFileName::ClassicCheckpoint(10);
  const std::string root = CopyTable(kDeletesTable);
  const std::string path = LogPath(root, checkpoint);
  const std::string original = ReadBytes(path);
  const int64_t flips = ReliabilityEnv::Scaled(300, 50);
  int errors = 0, same = 0, different = 0;
  for (int64_t i = 0; i < flips; ++i) {
    std::string damaged = original;
    const size_t pos = std::uniform_int_distribution<size_t>(0, original.size() - 1)(rng);
    const int bit = std::uniform_int_distribution<int>(0, 7)(rng);
    damaged[pos] = static_cast<char>(damaged[pos] ^ (1 << bit));
    WriteBytes(path, damaged);
    Result<std::vector<std::string>> rows = ReadRows(root);
    if (!rows.ok()) {
      ++errors;
      EXPECT_NE(rows.status().message().find(checkpoint), std::string::npos)
          << "byte " << pos << " bit " << bit << ": " << rows.status().ToString();
    } else if (*rows == undamaged) {
      ++same;
    } else {
      ++different;
      ADD_FAILURE() << "byte " << pos << " bit " << bit
                    << ": the read succeeded with different rows (silently wrong)";
    }
  }
  std::printf("%lld single-bit flips: %d errors, %d same read, %d different read\n",
              static_cast<long long>(flips), errors, same, different);
}

}  // namespace
}  // namespace lakeml::reliability
