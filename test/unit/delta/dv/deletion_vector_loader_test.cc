#include "delta/dv/deletion_vector_loader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "base/crc32.h"
#include "io/memory_file_system.h"

namespace lakeml::delta {
namespace {

std::string Table(const std::string& rel) {
  return std::string(LAKEML_SHARED_DIR) + "/conformance/delta/" + rel;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every distinct deletion vector descriptor in the add and remove actions of a table's JSON log.
std::vector<DeletionVectorDescriptor> DescriptorsInLog(const std::string& table_root) {
  std::map<std::string, DeletionVectorDescriptor> found;
  for (const auto& entry : std::filesystem::directory_iterator(table_root + "/_delta_log")) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    std::string line;
    while (std::getline(in, line)) {
      auto action = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (!action.is_object()) continue;
      for (const char* kind : {"add", "remove"}) {
        if (!action.contains(kind) || !action[kind].contains("deletionVector")) continue;
        const auto& j = action[kind]["deletionVector"];
        if (!j.is_object()) continue;
        DeletionVectorDescriptor dv;
        dv.storage_type = j["storageType"].get<std::string>()[0];
        dv.path_or_inline_dv = j["pathOrInlineDv"].get<std::string>();
        if (j.contains("offset") && !j["offset"].is_null()) dv.offset = j["offset"].get<int32_t>();
        dv.size_in_bytes = j["sizeInBytes"].get<int32_t>();
        dv.cardinality = j["cardinality"].get<int64_t>();
        found[dv.UniqueId()] = dv;
      }
    }
  }
  std::vector<DeletionVectorDescriptor> out;
  for (auto& [id, dv] : found) out.push_back(dv);
  return out;
}

DeletionVectorDescriptor UuidDescriptor(std::string z85, int32_t offset, int32_t size,
                                        int64_t cardinality) {
  DeletionVectorDescriptor dv;
  dv.storage_type = DeletionVectorDescriptor::kUuid;
  dv.path_or_inline_dv = std::move(z85);
  dv.offset = offset;
  dv.size_in_bytes = size;
  dv.cardinality = cardinality;
  return dv;
}

// ---- Path resolution ----

TEST(DeletionVectorPathTest, SpecExampleWithRandomPrefix) {
  // PROTOCOL.md "JSON Example 1".
  auto dv = UuidDescriptor("ab^-aqEH.-t@S}K{vb[*k^", 4, 40, 6);
  auto path = ResolveDeletionVectorPath("s3://mytable/", dv);
  ASSERT_TRUE(path.ok()) << path.status().ToString();
  EXPECT_EQ(*path, "s3://mytable/ab/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin");
  auto name = ParseDeletionVectorFileName(dv.path_or_inline_dv);
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(name->prefix, "ab");
  EXPECT_EQ(name->uuid, "d2c639aa-8816-431a-aaf6-d3fe2512ff61");
}

TEST(DeletionVectorPathTest, NoPrefix) {
  auto path = ResolveDeletionVectorPath("/t", UuidDescriptor("^-aqEH.-t@S}K{vb[*k^", 1, 1, 1));
  ASSERT_TRUE(path.ok());
  EXPECT_EQ(*path, "/t/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin");
}

TEST(DeletionVectorPathTest, AbsolutePaths) {
  auto resolve = [](std::string uri) {
    DeletionVectorDescriptor dv;
    dv.storage_type = DeletionVectorDescriptor::kAbsolute;
    dv.path_or_inline_dv = std::move(uri);
    return ResolveDeletionVectorPath("/ignored", dv);
  };
  EXPECT_EQ(*resolve("file:/tmp/a%20b/x%25y.bin"), "/tmp/a b/x%y.bin");
  EXPECT_EQ(*resolve("file:///tmp/x.bin"), "/tmp/x.bin");
  EXPECT_EQ(*resolve("file://localhost/tmp/x.bin"), "/tmp/x.bin");
  EXPECT_EQ(*resolve("/tmp/plain.bin"), "/tmp/plain.bin");
  EXPECT_EQ(*resolve("s3://mytable/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin"),
            "s3://mytable/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin");
  for (std::string bad : {"file://otherhost/x.bin", "relative/x.bin", "file:/x%2", "/x%zz"}) {
    auto r = resolve(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find("Invalid deletion vector path"), std::string::npos)
        << r.status().message();
  }
}

TEST(DeletionVectorPathTest, RejectsMalformedDescriptors) {
  EXPECT_FALSE(ResolveDeletionVectorPath("/t", UuidDescriptor("short", 1, 1, 1)).ok());
  // A prefix that would leave the table directory.
  auto escape = ResolveDeletionVectorPath("/t", UuidDescriptor("../^-aqEH.-t@S}K{vb[*k^", 1, 1, 1));
  ASSERT_FALSE(escape.ok());
  EXPECT_NE(escape.status().message().find("random prefix"), std::string::npos);
  auto bad_char = ResolveDeletionVectorPath("/t", UuidDescriptor("^-aqEH.-t@S}K{vb[*k ", 1, 1, 1));
  ASSERT_FALSE(bad_char.ok());
  EXPECT_NE(bad_char.status().message().find("Invalid deletion vector UUID"), std::string::npos);
  DeletionVectorDescriptor inline_dv;
  inline_dv.storage_type = DeletionVectorDescriptor::kInline;
  EXPECT_FALSE(ResolveDeletionVectorPath("/t", inline_dv).ok());
  DeletionVectorDescriptor unknown = UuidDescriptor("^-aqEH.-t@S}K{vb[*k^", 1, 1, 1);
  unknown.storage_type = 'q';
  auto r = ResolveDeletionVectorPath("/t", unknown);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("Unknown deletion vector storage type: 'q'"),
            std::string::npos);
}

// ---- Real tables written by Spark, Databricks and delta-rs ----

TEST(DeletionVectorLoaderTest, LoadsEveryDescriptorInTheConformanceTables) {
  const std::vector<std::pair<std::string, size_t>> tables = {
      {"delta/basic-dv-no-checkpoint/delta", 1},
      {"delta/basic-dv-with-checkpoint/delta", 46},
      {"delta-golden/dv-with-columnmapping/delta", 10},
      {"delta-golden/log-replay-dv-key-cases/delta", 3},
      {"delta-kernel-rs/cdf-table-with-cdc-and-dvs/delta", 10},
      {"delta-kernel-rs/cdf-table-with-dv/delta", 4},
      {"delta-kernel-rs/compacted-log-files-table/delta", 10},
      {"delta-kernel-rs/with-short-dv/delta", 1},
      {"delta-rs/table-with-dv-small/delta", 1},
      {"delta-rs/table_with_deletion_logs/delta", 2},
  };
  size_t total = 0, inline_count = 0, identical = 0;
  for (const auto& [rel, expected_count] : tables) {
    SCOPED_TRACE(rel);
    const std::string root = Table(rel);
    const auto descriptors = DescriptorsInLog(root);
    EXPECT_EQ(descriptors.size(), expected_count);
    for (const DeletionVectorDescriptor& dv : descriptors) {
      SCOPED_TRACE(dv.UniqueId());
      // Loading checks the version byte, size field, CRC and cardinality.
      auto bitmap = LoadDeletionVector(*io::LocalFs(), root, dv);
      ASSERT_TRUE(bitmap.ok()) << bitmap.status().ToString();
      EXPECT_EQ(bitmap->Cardinality(), static_cast<uint64_t>(dv.cardinality));
      ++total;
      const std::string ours = bitmap->Serialize();
      EXPECT_EQ(ours.size(), static_cast<size_t>(dv.size_in_bytes));
      if (dv.storage_type == DeletionVectorDescriptor::kInline) {
        ++inline_count;
        continue;
      }
      // Serializing what we read gives back the writer's exact bytes.
      auto path = ResolveDeletionVectorPath(root, dv);
      ASSERT_TRUE(path.ok());
      const std::string file = ReadBytes(*path);
      ASSERT_GE(file.size(), static_cast<size_t>(*dv.offset + 4 + dv.size_in_bytes));
      identical += file.substr(*dv.offset + 4, dv.size_in_bytes) == ours;
    }
  }
  EXPECT_EQ(total, 88u);
  EXPECT_EQ(inline_count, 3u);
  EXPECT_EQ(identical, total - inline_count);
}

TEST(DeletionVectorLoaderTest, ExactRowsOfKnownDeletes) {
  struct Case {
    const char* table;
    std::vector<uint64_t> rows;  // From the DELETE predicates and the expected scans.
  };
  for (const Case& c : {Case{"delta/basic-dv-no-checkpoint/delta", {0, 1}},      // id < 2
                        Case{"delta-kernel-rs/with-short-dv/delta", {0, 1, 2}},  // ids 0-2 gone
                        Case{"delta-rs/table-with-dv-small/delta", {0, 9}}}) {   // value IN (0, 9)
    SCOPED_TRACE(c.table);
    const auto descriptors = DescriptorsInLog(Table(c.table));
    ASSERT_EQ(descriptors.size(), 1u);
    auto bitmap = LoadDeletionVector(*io::LocalFs(), Table(c.table), descriptors[0]);
    ASSERT_TRUE(bitmap.ok()) << bitmap.status().ToString();
    EXPECT_EQ(bitmap->ToVector(), c.rows);
  }
}

TEST(DeletionVectorLoaderTest, AbsolutePathWithSpecialCharacters) {
  // delta/table-with-dv-special-char: a 'p' DV under "folder&with%special char"; upstream
  // substitutes the placeholder with the %-encoded folder. range(0, 10) minus all even ids.
  const std::string root = Table("delta/table-with-dv-special-char/delta");
  auto descriptors = DescriptorsInLog(root);
  ASSERT_EQ(descriptors.size(), 1u);
  DeletionVectorDescriptor dv = descriptors[0];
  ASSERT_EQ(dv.storage_type, DeletionVectorDescriptor::kAbsolute);
  const std::string placeholder = "{{FOLDER_WITH_SPECIAL_CHAR}}";
  const size_t at = dv.path_or_inline_dv.find(placeholder);
  ASSERT_NE(at, std::string::npos);
  dv.path_or_inline_dv.replace(at, placeholder.size(), root + "/folder&with%25special%20char");
  auto path = ResolveDeletionVectorPath(root, dv);
  ASSERT_TRUE(path.ok()) << path.status().ToString();
  EXPECT_EQ(*path, root +
                       "/folder&with%special char/test%dv%prefix-deletion_vector_"
                       "67bc892e-2979-4760-a78c-856aba806564.bin");
  auto bitmap = LoadDeletionVector(*io::LocalFs(), root, dv);
  ASSERT_TRUE(bitmap.ok()) << bitmap.status().ToString();
  EXPECT_EQ(bitmap->ToVector(), (std::vector<uint64_t>{0, 2, 4, 6, 8}));
}

// Spark's test tables name their DV files "test%dv%prefix-deletion_vector_<uuid>.bin"; the spec
// derives "deletion_vector_<uuid>.bin", which does not exist.
TEST(DeletionVectorLoaderTest, SparkTestPrefixFilesAreReportedMissing) {
  for (const char* rel : {"delta/table-with-dv-small/delta", "delta/table-with-dv-large/delta"}) {
    SCOPED_TRACE(rel);
    const std::string root = Table(rel);
    std::set<std::string> uuids_on_disk;
    for (const auto& e : std::filesystem::directory_iterator(root)) {
      const std::string name = e.path().filename().string();
      const std::string tag = "test%dv%prefix-deletion_vector_";
      if (name.starts_with(tag)) uuids_on_disk.insert(name.substr(tag.size(), 36));
    }
    const auto descriptors = DescriptorsInLog(root);
    ASSERT_FALSE(descriptors.empty());
    for (const DeletionVectorDescriptor& dv : descriptors) {
      auto name = ParseDeletionVectorFileName(dv.path_or_inline_dv);
      ASSERT_TRUE(name.ok());
      EXPECT_EQ(uuids_on_disk.count(name->uuid), 1u) << name->uuid;  // Z85 -> UUID is right.
      auto r = LoadDeletionVector(*io::LocalFs(), root, dv);
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.status().code(), StatusCode::kNotFound) << r.status().ToString();
      const std::string expected = root + "/deletion_vector_" + name->uuid + ".bin";
      EXPECT_NE(r.status().message().find("Cannot open deletion vector file " + expected),
                std::string::npos)
          << r.status().message();
    }
  }
}

TEST(DeletionVectorLoaderTest, SeveralDeletionVectorsInOneFile) {
  // delta/table-with-dv-large packs up to 6 DVs per file (offsets 1, 43, 85, ...). Plant its
  // files under their spec names to read every entry.
  const std::string root = Table("delta/table-with-dv-large/delta");
  io::MemoryFileSystem fs;
  for (const auto& e : std::filesystem::directory_iterator(root)) {
    const std::string name = e.path().filename().string();
    const std::string tag = "test%dv%prefix-";
    if (name.starts_with(tag)) {
      ASSERT_TRUE(fs.WriteWhole("/t/" + name.substr(tag.size()), ReadBytes(e.path())).ok());
    }
  }
  const auto descriptors = DescriptorsInLog(root);
  EXPECT_EQ(descriptors.size(), 11u);
  std::set<int32_t> offsets;
  for (const DeletionVectorDescriptor& dv : descriptors) {
    SCOPED_TRACE(dv.UniqueId());
    auto bitmap = LoadDeletionVector(fs, "/t", dv);
    ASSERT_TRUE(bitmap.ok()) << bitmap.status().ToString();
    offsets.insert(*dv.offset);
  }
  EXPECT_GT(offsets.size(), 5u);
}

// ---- Damaged files ----

class DamagedDeletionVectorTest : public testing::Test {
 protected:
  // basic-dv-no-checkpoint's DV: version 1, size 36, rows {0, 1}, CRC.
  static constexpr const char* kUuidZ85 = "IjB3V2d3#qUP%s94R0WF";

  void SetUp() override {
    original_ =
        ReadBytes(Table("delta/basic-dv-no-checkpoint/delta/"
                        "deletion_vector_899cef78-06b3-4c14-b024-03860e62cd40.bin"));
    ASSERT_EQ(original_.size(), 45u);
    dv_ = UuidDescriptor(kUuidZ85, 1, 36, 2);
    path_ = "/t/deletion_vector_899cef78-06b3-4c14-b024-03860e62cd40.bin";
  }

  Status Load(const std::string& bytes, const DeletionVectorDescriptor& dv) {
    io::MemoryFileSystem fs;
    if (!bytes.empty()) {
      EXPECT_TRUE(fs.WriteWhole(path_, bytes).ok());
    }
    auto r = LoadDeletionVector(fs, "/t", dv);
    return r.ok() ? Status::OK() : r.status();
  }

  void ExpectError(const std::string& bytes, const DeletionVectorDescriptor& dv,
                   std::string_view fragment, StatusCode code = StatusCode::kCorruption) {
    Status s = Load(bytes, dv);
    ASSERT_FALSE(s.ok()) << fragment;
    EXPECT_EQ(s.code(), code) << s.ToString();
    EXPECT_NE(s.message().find(fragment), std::string::npos) << s.message();
    EXPECT_NE(s.message().find(path_), std::string::npos) << "no path in: " << s.message();
  }

  std::string original_;
  DeletionVectorDescriptor dv_;
  std::string path_;
};

TEST_F(DamagedDeletionVectorTest, IntactFileLoads) { EXPECT_TRUE(Load(original_, dv_).ok()); }

TEST_F(DamagedDeletionVectorTest, FlippedBitmapByteFailsTheChecksum) {
  std::string bad = original_;
  bad[20] = static_cast<char>(bad[20] ^ 0x10);
  ExpectError(bad, dv_, "Deletion vector checksum mismatch");
}

TEST_F(DamagedDeletionVectorTest, EveryFlippedByteIsCaught) {
  for (size_t i = 0; i < original_.size(); ++i) {
    std::string bad = original_;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    Status s = Load(bad, dv_);
    ASSERT_FALSE(s.ok()) << "byte " << i;
    EXPECT_NE(s.message().find(path_), std::string::npos) << s.message();
  }
}

TEST_F(DamagedDeletionVectorTest, BadChecksum) {
  std::string bad = original_;
  bad[44] = static_cast<char>(bad[44] ^ 0xFF);
  ExpectError(bad, dv_, "Deletion vector checksum mismatch: stored");
}

TEST_F(DamagedDeletionVectorTest, Truncated) {
  for (size_t n : {1, 5, 30, 44}) {
    ExpectError(original_.substr(0, n), dv_,
                "Truncated deletion vector file: the entry at offset 1");
  }
}

TEST_F(DamagedDeletionVectorTest, SizeMismatch) {
  DeletionVectorDescriptor dv = dv_;
  dv.size_in_bytes = 34;
  ExpectError(original_, dv,
              "Deletion vector size mismatch: the file says 36 bytes, the log says 34");
  dv.size_in_bytes = 1000;
  ExpectError(original_, dv, "Truncated deletion vector file");
  dv.size_in_bytes = -1;
  ExpectError(original_, dv, "Invalid deletion vector size");
}

TEST_F(DamagedDeletionVectorTest, BadVersion) {
  std::string bad = original_;
  bad[0] = 2;
  ExpectError(bad, dv_, "Unsupported deletion vector file version: 2 (expected 1)");
}

TEST_F(DamagedDeletionVectorTest, CardinalityMismatch) {
  DeletionVectorDescriptor dv = dv_;
  dv.cardinality = 3;
  ExpectError(original_, dv,
              "Deletion vector cardinality mismatch: the bitmap holds 2 rows, "
              "the log says 3");
}

TEST_F(DamagedDeletionVectorTest, BadOffsets) {
  DeletionVectorDescriptor dv = dv_;
  dv.offset = 0;
  ExpectError(original_, dv, "Invalid deletion vector offset: 0");
  dv.offset = 40;
  ExpectError(original_, dv, "Truncated deletion vector file: the entry at offset 40");
  dv.offset = std::nullopt;  // Absent: the entry right after the version byte.
  EXPECT_TRUE(Load(original_, dv).ok());
}

TEST_F(DamagedDeletionVectorTest, CorruptBitmapWithValidChecksum) {
  std::string bad = original_;
  bad[5] = 0x00;  // Magic number.
  const uint32_t crc = Crc32(0, bad.data() + 5, 36);
  bad[41] = static_cast<char>(crc >> 24);
  bad[42] = static_cast<char>(crc >> 16);
  bad[43] = static_cast<char>(crc >> 8);
  bad[44] = static_cast<char>(crc);
  ExpectError(bad, dv_, "at offset 1: Corrupt deletion vector bitmap: bad magic number");
}

TEST_F(DamagedDeletionVectorTest, MissingFile) {
  ExpectError("", dv_, "Cannot open deletion vector file", StatusCode::kNotFound);
}

// ---- Inline ----

TEST(InlineDeletionVectorTest, ErrorsAreClean) {
  DeletionVectorDescriptor dv;
  dv.storage_type = DeletionVectorDescriptor::kInline;
  dv.path_or_inline_dv = "^Bg9^0rr910000000000iXQKl0rr91000935c8Xg000311onP9";  // cdf-table-with-dv
  dv.size_in_bytes = 40;
  dv.cardinality = 4;
  auto ok = DecodeInlineDeletionVector(dv);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->ToVector(), (std::vector<uint64_t>{0, 1, 4, 5}));

  // The same table's hand-made 34-byte DV in the Rust z85 crate's padded form: row 3.
  DeletionVectorDescriptor tail = dv;
  tail.path_or_inline_dv = "^Bg9^0rr910000000000iXQKl0rr91000005c8Xg##093";
  tail.size_in_bytes = 34;
  tail.cardinality = 1;
  auto three = DecodeInlineDeletionVector(tail);
  ASSERT_TRUE(three.ok()) << three.status().ToString();
  EXPECT_EQ(three->ToVector(), std::vector<uint64_t>{3});

  DeletionVectorDescriptor bad = dv;
  bad.size_in_bytes = 30;
  auto r = DecodeInlineDeletionVector(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("Inline deletion vector size mismatch: sizeInBytes is 30 "
                                      "but the Z85 text decodes to 40 bytes"),
            std::string::npos);
  bad = dv;
  bad.path_or_inline_dv[3] = ' ';
  r = DecodeInlineDeletionVector(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("Invalid inline deletion vector: Invalid Z85 text"),
            std::string::npos);
  bad = dv;
  bad.cardinality = 5;
  EXPECT_EQ(DecodeInlineDeletionVector(bad).status().code(), StatusCode::kCorruption);
  bad = dv;
  bad.path_or_inline_dv = "00000" + dv.path_or_inline_dv.substr(5);  // Zeroed magic.
  r = DecodeInlineDeletionVector(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("bad magic number"), std::string::npos);
}

}  // namespace
}  // namespace lakeml::delta
