// Log replay semantics (newest action wins per key) over a checkpoint plus later commits,
// written to an in-memory file system.
#include "delta/log_replay.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "base/str_cat.h"
#include "delta/checkpoint/checkpoint_writer.h"
#include "delta/log/action_json_writer.h"
#include "delta/log_segment.h"
#include "delta/snapshot.h"
#include "io/memory_file_system.h"

namespace lakeml::delta {
namespace {

constexpr char kRoot[] = "/t";
constexpr char kSchema[] =
    R"({"type":"struct","fields":[{"name":"id","type":"long","nullable":true,"metadata":{}}]})";

AddFile Add(const std::string& path, int64_t size = 10) {
  AddFile a;
  a.path = path;
  a.size = size;
  a.modification_time = 1;
  return a;
}

RemoveFile Remove(const std::string& path) {
  RemoveFile r;
  r.path = path;
  r.deletion_timestamp = 5;
  return r;
}

DeletionVectorDescriptor Dv(const std::string& id) {
  DeletionVectorDescriptor dv;
  dv.storage_type = DeletionVectorDescriptor::kUuid;
  dv.path_or_inline_dv = id;
  dv.offset = 1;
  dv.size_in_bytes = 10;
  dv.cardinality = 1;
  return dv;
}

class LogReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs_.CreateDirs(StrCat(kRoot, "/_delta_log")).ok());
    metadata_.id = "t";
    metadata_.schema_string = kSchema;
  }

  void Commit(int64_t version, std::vector<Action> actions) {
    if (version == 0) {
      actions.insert(actions.begin(), metadata_);
      actions.insert(actions.begin(), protocol_);
    }
    ASSERT_TRUE(fs_.PutIfAbsent(StrCat(kRoot, "/_delta_log/", LogFileName::Commit(version)),
                                SerializeCommit(actions))
                    .ok());
  }

  // A classic checkpoint at `version` holding exactly `actions` (plus protocol and metadata).
  void Checkpoint(int64_t version, std::vector<Action> actions) {
    actions.insert(actions.begin(), metadata_);
    actions.insert(actions.begin(), protocol_);
    const std::string path =
        StrCat(kRoot, "/_delta_log/", LogFileName::ClassicCheckpoint(version));
    ASSERT_TRUE(WriteCheckpointFile(fs_, path, actions, CheckpointWriteOptions{}).ok());
  }

  SnapshotPtr Load(SnapshotOptions options = {}) {
    auto snap = Snapshot::Load(&fs_, kRoot, options);
    EXPECT_TRUE(snap.ok()) << snap.status().ToString();
    return snap.ok() ? *snap : nullptr;
  }

  static std::vector<std::string> Paths(const Snapshot& s) {
    std::vector<std::string> out;
    for (const AddFile& f : s.files()) out.push_back(f.path);
    return out;
  }

  io::MemoryFileSystem fs_;
  Protocol protocol_;
  Metadata metadata_;
};

TEST_F(LogReplayTest, CheckpointFilesThenCommitFilesInLogOrder) {
  Commit(0, {Add("a"), Add("b")});
  Commit(1, {Add("c")});
  Checkpoint(1, {Add("a"), Add("b"), Add("c")});
  Commit(2, {Add("d"), Add("e")});
  Commit(3, {Add("f")});
  SnapshotPtr s = Load();
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(Paths(*s), (std::vector<std::string>{"a", "b", "c", "d", "e", "f"}));
}

TEST_F(LogReplayTest, NewerRemoveHidesCheckpointFileWhateverItsEncoding) {
  Commit(0, {Add("x%20y"), Add("b")});
  Checkpoint(0, {Add("x%20y"), Add("b")});
  // Same file, spelled decoded and absolute under the table root.
  Commit(1, {Remove("/t/x y")});
  SnapshotPtr s = Load();
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(Paths(*s), std::vector<std::string>{"b"});
}

TEST_F(LogReplayTest, ReAddedFileKeepsNewestVersionOnce) {
  Commit(0, {Add("a", 1)});
  Checkpoint(0, {Add("a", 1)});
  Commit(1, {Add("a", 2)});
  Commit(2, {Remove("a")});
  Commit(3, {Add("a", 3)});
  SnapshotPtr s = Load();
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(s->files().size(), 1u);
  EXPECT_EQ(s->files()[0].size, 3);
  // At version 2 the file is removed.
  SnapshotOptions at2;
  at2.version = 2;
  SnapshotPtr s2 = Load(at2);
  ASSERT_NE(s2, nullptr);
  EXPECT_TRUE(s2->files().empty());
}

TEST_F(LogReplayTest, DeletionVectorIsPartOfTheKey) {
  AddFile with_dv1 = Add("a");
  with_dv1.deletion_vector = Dv("dv1");
  Commit(0, {Add("a"), Add("b")});
  Checkpoint(0, {Add("a"), Add("b")});
  // Replace a's plain add with a DV'd one, then that with a second DV.
  RemoveFile rm_plain = Remove("a");
  Commit(1, {rm_plain, with_dv1});
  RemoveFile rm_dv1 = Remove("a");
  rm_dv1.deletion_vector = Dv("dv1");
  AddFile with_dv2 = Add("a");
  with_dv2.deletion_vector = Dv("dv2");
  Commit(2, {rm_dv1, with_dv2});
  SnapshotPtr s = Load();
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(s->files().size(), 2u);
  const auto a = std::find_if(s->files().begin(), s->files().end(),
                              [](const AddFile& f) { return f.path == "a"; });
  ASSERT_NE(a, s->files().end());
  ASSERT_TRUE(a->deletion_vector.has_value());
  EXPECT_EQ(a->deletion_vector->path_or_inline_dv, "dv2");
}

TEST_F(LogReplayTest, NewestMetadataTxnAndDomainWin) {
  SetTransaction t1{"app", 1, std::nullopt};
  DomainMetadata d1{"dom", "{\"v\":1}", false};
  DomainMetadata keep{"keep", "{}", false};
  Commit(0, {t1, d1, keep});
  Checkpoint(0, {t1, d1, keep});
  Metadata m2 = metadata_;
  m2.configuration["k"] = "v2";
  SetTransaction t2{"app", 7, std::nullopt};
  Commit(1, {m2, t2});
  DomainMetadata d_removed{"dom", "{}", true};
  Commit(2, {d_removed});
  SnapshotPtr s = Load();
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->Property("k"), "v2");
  EXPECT_EQ(s->AppTransactionVersion("app"), std::optional<int64_t>(7));
  EXPECT_EQ(s->domain_metadata().count("dom"), 0u);
  EXPECT_EQ(s->domain_metadata().count("keep"), 1u);
}

TEST_F(LogReplayTest, TombstonesAreRemovesNotLaterReAdded) {
  Commit(0, {Add("a"), Add("b"), Add("c")});
  Checkpoint(0, {Add("a"), Add("b"), Add("c")});
  Commit(1, {Remove("a"), Remove("b")});
  Commit(2, {Add("b")});
  SnapshotOptions options;
  options.keep_tombstones = true;
  SnapshotPtr s = Load(options);
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(s->tombstones().size(), 1u);
  EXPECT_EQ(s->tombstones()[0].path, "a");
  std::vector<std::string> live = Paths(*s);
  std::sort(live.begin(), live.end());
  EXPECT_EQ(live, (std::vector<std::string>{"b", "c"}));
}

TEST_F(LogReplayTest, DuplicateAddInOneCommitKeepsTheLastOne) {
  Commit(0, {Add("a", 1), Add("a", 2)});
  SnapshotPtr s = Load();
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(s->files().size(), 1u);
  EXPECT_EQ(s->files()[0].size, 2);
}

}  // namespace
}  // namespace lakeml::delta
