// TableFixture: small Delta tables for the transaction tests — a two-column schema
// (id long, date string), optionally partitioned by date, created through Transaction on any
// FileSystem, plus helpers to append files and read commit files back.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/str_cat.h"
#include "delta/log_segment.h"
#include "delta/snapshot.h"
#include "delta/transaction.h"
#include "io/file_system.h"

namespace lakeml::delta::txn_testing {

inline constexpr char kSchemaString[] =
    R"({"type":"struct","fields":[{"name":"id","type":"long","nullable":true,"metadata":{}},)"
    R"({"name":"date","type":"string","nullable":true,"metadata":{}}]})";

// A fresh directory under the test temp dir, removed with its contents on destruction.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = ::testing::TempDir() + "lakeml_txn_XXXXXX";
    if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline Metadata MakeMetadata(bool partitioned, StringMap configuration = {}) {
  Metadata m;
  m.id = "6d1e2f4a-0000-4000-8000-000000000001";
  m.schema_string = kSchemaString;
  if (partitioned) m.partition_columns = {"date"};
  m.configuration = std::move(configuration);
  m.created_time = 1700000000000;
  return m;
}

inline Protocol LegacyProtocol() { return Protocol{1, 2, std::nullopt, std::nullopt}; }

inline AddFile MakeAdd(const std::string& path, const std::string& date = "", int64_t rows = 10,
                       int64_t min_id = 0, int64_t max_id = 9) {
  AddFile a;
  a.path = path;
  if (!date.empty()) a.partition_values["date"] = date;
  a.size = 1000;
  a.modification_time = 1700000000000;
  a.data_change = true;
  a.stats = StrCat(R"({"numRecords":)", rows, R"(,"minValues":{"id":)", min_id,
                   R"(},"maxValues":{"id":)", max_id, R"(},"nullCount":{"id":0}})");
  return a;
}

inline RemoveFile MakeRemove(const AddFile& add, int64_t deletion_ts = 0) {
  RemoveFile r;
  r.path = add.path;
  if (deletion_ts != 0) r.deletion_timestamp = deletion_ts;
  r.data_change = true;
  r.extended_file_metadata = true;
  r.partition_values = add.partition_values;
  r.size = add.size;
  return r;
}

// Creates the table at version 0 and returns its snapshot.
inline SnapshotPtr CreateTable(io::FileSystem* fs, const std::string& root, bool partitioned,
                               StringMap configuration = {}, Protocol protocol = LegacyProtocol()) {
  auto txn = Transaction::BeginCreate(fs, root);
  txn->UpdateMetadata(MakeMetadata(partitioned, std::move(configuration)));
  txn->UpdateProtocol(protocol);
  Result<CommitResult> r = txn->Commit();
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  Result<SnapshotPtr> s = Snapshot::Load(fs, root);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? *s : nullptr;
}

// Commits a blind append of `adds` on `snapshot`.
inline Result<CommitResult> Append(const SnapshotPtr& snapshot, std::vector<AddFile> adds) {
  auto txn = Transaction::Begin(snapshot);
  txn->SetOperation("WRITE", R"({"mode":"Append"})");
  for (AddFile& a : adds) txn->AddFile(std::move(a));
  return txn->Commit();
}

inline std::string CommitFile(const std::string& root, int64_t version) {
  return root + "/_delta_log/" + LogFileName::Commit(version);
}

inline std::vector<std::string> CommitLines(io::FileSystem* fs, const std::string& root,
                                            int64_t version) {
  std::vector<std::string> lines;
  Result<std::string> text = fs->ReadFile(CommitFile(root, version));
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  if (!text.ok()) return lines;
  size_t start = 0;
  while (start < text->size()) {
    size_t end = text->find('\n', start);
    if (end == std::string::npos) end = text->size();
    lines.push_back(text->substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// The action key of one commit line: "commitInfo", "add", ...
inline std::string ActionKey(const std::string& line) {
  const size_t open = line.find('"');
  const size_t close = line.find('"', open + 1);
  return line.substr(open + 1, close - open - 1);
}

inline std::set<std::string> FilePaths(const Snapshot& snapshot) {
  std::set<std::string> out;
  for (const AddFile& a : snapshot.files()) out.insert(a.path);
  return out;
}

}  // namespace lakeml::delta::txn_testing
