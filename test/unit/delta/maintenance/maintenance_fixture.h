// Helpers for the OPTIMIZE and RESTORE tests: real tables in scratch directories written with
// TableWriter (id long, part string, value string), the rows of a table version as a sorted
// multiset of JSON lines, the actions of one commit as parsed JSON, and a FileSystem that runs
// a hook before each commit file is written (to stage a concurrent commit).
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "columnar/batch.h"
#include "columnar/vector.h"
#include "delta/log_segment.h"
#include "delta/scan.h"
#include "delta/snapshot.h"
#include "delta/table_writer.h"
#include "format/value_text/json_lines_batch_writer.h"
#include "io/file_system.h"

namespace lakeml::delta::testing {

// A fresh directory under the test temp dir, removed with its contents on destruction.
class MaintenanceDir {
 public:
  MaintenanceDir() {
    std::string tmpl = ::testing::TempDir() + "lakeml_maint_XXXXXX";
    if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~MaintenanceDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string table() const { return path_ + "/table"; }

 private:
  std::string path_;
};

inline columnar::VectorPtr Int64s(const std::vector<int64_t>& values) {
  const int64_t n = static_cast<int64_t>(values.size());
  columnar::VectorPtr v =
      columnar::Vector::Make(columnar::DataType::Primitive(columnar::TypeId::kInt64), n);
  int64_t* out = v->mutable_values()->mutable_as<int64_t>();
  for (int64_t i = 0; i < n; ++i) out[i] = values[static_cast<size_t>(i)];
  return v;
}

inline columnar::VectorPtr Strings(const std::vector<std::string>& values) {
  const int64_t n = static_cast<int64_t>(values.size());
  columnar::VectorPtr v = columnar::Vector::Make(columnar::DataType::String(), n);
  std::string data;
  int64_t* offsets = v->mutable_values()->mutable_as<int64_t>();
  for (int64_t i = 0; i < n; ++i) {
    offsets[i] = static_cast<int64_t>(data.size());
    data += values[static_cast<size_t>(i)];
  }
  offsets[n] = static_cast<int64_t>(data.size());
  v->set_data(columnar::Buffer::CopyOf(data.data(), static_cast<int64_t>(data.size())));
  return v;
}

inline columnar::BatchPtr MakeBatch(const columnar::SchemaPtr& schema,
                                    std::vector<columnar::VectorPtr> columns) {
  const int64_t n = columns.empty() ? 0 : columns[0]->length();
  return std::make_shared<columnar::Batch>(schema, std::move(columns), n);
}

inline columnar::SchemaPtr RowSchema() {
  return std::make_shared<columnar::Schema>(std::vector<columnar::Field>{
      {"id", columnar::DataType::Primitive(columnar::TypeId::kInt64), true},
      {"part", columnar::DataType::String(), true},
      {"value", columnar::DataType::String(), true}});
}

// Rows id = first..first+n-1, part cycling through `parts`, value "v<id>".
inline columnar::BatchPtr Rows(int64_t first, int64_t n, std::vector<std::string> parts = {"a"}) {
  std::vector<int64_t> ids;
  std::vector<std::string> part, value;
  for (int64_t i = 0; i < n; ++i) {
    ids.push_back(first + i);
    part.push_back(parts[static_cast<size_t>(i) % parts.size()]);
    value.push_back("v" + std::to_string(first + i));
  }
  return MakeBatch(RowSchema(), {Int64s(ids), Strings(part), Strings(value)});
}

inline Result<WriteResult> WriteBatch(const std::string& root, columnar::BatchPtr batch,
                                      WriteOptions options = {}) {
  bool given = false;
  columnar::SchemaPtr schema = batch->schema();
  return TableWriter::Write(
      io::LocalFs(), root, schema,
      [batch, given]() mutable -> Result<columnar::BatchPtr> {
        if (given) return columnar::BatchPtr();
        given = true;
        return batch;
      },
      options);
}

// Writes `batch`, failing the test on error; returns the new version.
inline int64_t MustWrite(const std::string& root, columnar::BatchPtr batch,
                         WriteOptions options = {}) {
  Result<WriteResult> r = WriteBatch(root, std::move(batch), options);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? r->version : -1;
}

inline WriteOptions PartitionedBy(std::string column, StringMap properties = {}) {
  WriteOptions o;
  o.partition_by = {std::move(column)};
  o.properties = std::move(properties);
  return o;
}

inline SnapshotPtr MustLoad(const std::string& root, std::optional<int64_t> version = {}) {
  SnapshotOptions options;
  options.version = version;
  Result<SnapshotPtr> s = Snapshot::Load(io::LocalFs(), root, options);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? *s : nullptr;
}

// The rows of a version as sorted JSON lines (a multiset), or the error text.
inline std::vector<std::string> TableRows(const std::string& root,
                                          std::optional<int64_t> version = {}) {
  SnapshotPtr snap = MustLoad(root, version);
  if (!snap) return {"<no snapshot>"};
  auto scan = snap->NewScan(ScanOptions{});
  if (!scan.ok()) return {scan.status().ToString()};
  auto stream = (*scan)->Execute();
  if (!stream.ok()) return {stream.status().ToString()};
  std::ostringstream text;
  format::JsonLinesBatchWriter writer(&text);
  while (true) {
    auto batch = (*stream)->Next();
    if (!batch.ok()) return {batch.status().ToString()};
    if (!*batch) break;
    if (Status s = writer.Write(**batch); !s.ok()) return {s.ToString()};
  }
  if (Status s = writer.Finish(); !s.ok()) return {s.ToString()};
  std::vector<std::string> lines;
  std::istringstream in(text.str());
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

// The actions of commit `version`, one parsed JSON object per line.
inline std::vector<nlohmann::json> CommitActions(const std::string& root, int64_t version) {
  std::vector<nlohmann::json> out;
  Result<std::string> text =
      io::LocalFs()->ReadFile(root + "/_delta_log/" + LogFileName::Commit(version));
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  if (!text.ok()) return out;
  std::istringstream in(*text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  }
  return out;
}

// The actions of one kind ("add", "remove", "commitInfo", ...) in a commit.
inline std::vector<nlohmann::json> ActionsOf(const std::vector<nlohmann::json>& actions,
                                             const std::string& kind) {
  std::vector<nlohmann::json> out;
  for (const nlohmann::json& a : actions) {
    if (a.contains(kind)) out.push_back(a[kind]);
  }
  return out;
}

inline bool CommitExists(const std::string& root, int64_t version) {
  return std::filesystem::exists(root + "/_delta_log/" + LogFileName::Commit(version));
}

// LocalFs, with `before_commit` run (once) just before the first commit file is written: the
// place to stage a concurrent writer that wins the race.
class RacingFileSystem : public io::FileSystem {
 public:
  std::function<void()> before_commit;

  Result<std::unique_ptr<io::RandomAccessFile>> OpenForRead(const std::string& path) override {
    return io::LocalFs()->OpenForRead(path);
  }
  Result<std::unique_ptr<io::WritableFile>> OpenForWrite(const std::string& path) override {
    return io::LocalFs()->OpenForWrite(path);
  }
  Status PutIfAbsent(const std::string& path, std::string_view data) override {
    if (before_commit && path.find("_delta_log/") != std::string::npos && path.size() > 5 &&
        path.compare(path.size() - 5, 5, ".json") == 0) {
      std::function<void()> hook = std::move(before_commit);
      before_commit = nullptr;
      hook();
    }
    return io::LocalFs()->PutIfAbsent(path, data);
  }
  Result<std::vector<io::FileInfo>> List(const std::string& dir) override {
    return io::LocalFs()->List(dir);
  }
  Result<io::FileInfo> GetFileInfo(const std::string& path) override {
    return io::LocalFs()->GetFileInfo(path);
  }
  Status Delete(const std::string& path) override { return io::LocalFs()->Delete(path); }
  Status CreateDirs(const std::string& path) override { return io::LocalFs()->CreateDirs(path); }
};

}  // namespace lakeml::delta::testing
