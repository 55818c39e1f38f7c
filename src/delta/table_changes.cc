#include "delta/table_changes.h"

#include <map>

#include "base/str_cat.h"
#include "columnar/scalar.h"
#include "delta/log_replay.h"
#include "delta/dv/deletion_vector_loader.h"
#include "delta/schema/partition_value.h"
#include "delta/snapshot.h"
#include "delta/table_features.h"
#include "delta/table_scan.h"

namespace lakeml::delta {
namespace {

using columnar::DataType;
using columnar::TypeId;

// DO NOT CHANGE: change data feed column names and values (PROTOCOL.md).
constexpr char kChangeType[] = "_change_type";
constexpr char kCommitVersion[] = "_commit_version";
constexpr char kCommitTimestamp[] = "_commit_timestamp";
constexpr char kInsert[] = "insert";
constexpr char kDelete[] = "delete";

bool CdfEnabled(const Metadata& m) {
  auto it = m.configuration.find("delta.enableChangeDataFeed");
  return it != m.configuration.end() && it->second == "true";
}

// One group of files read the same way within one commit.
struct ChangeSegment {
  int64_t version = 0;
  int64_t timestamp_ms = 0;
  std::string change_type;  // Empty: CDC files, which carry their own _change_type.
  std::vector<AddFile> files;
  std::vector<std::shared_ptr<const RoaringBitmapArray>> keep_only;
};

class ChangeStream final : public ScanBatchStream {
 public:
  ChangeStream(SnapshotPtr snapshot, ScanOptions options, std::vector<ChangeSegment> segments,
               columnar::SchemaPtr schema)
      : snapshot_(std::move(snapshot)),
        options_(std::move(options)),
        segments_(std::move(segments)),
        schema_(std::move(schema)) {}

  Result<columnar::BatchPtr> Next() override {
    while (true) {
      if (!stream_) {
        if (next_ >= segments_.size()) return columnar::BatchPtr();
        ChangeSegment& seg = segments_[next_++];
        LAKEML_ASSIGN_OR_RETURN(
            scan_, TableScan::MakeForFiles(snapshot_, options_, std::move(seg.files),
                                           std::move(seg.keep_only), seg.change_type.empty()));
        LAKEML_ASSIGN_OR_RETURN(stream_, scan_->Execute());
        current_ = &seg;
      }
      LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr batch, stream_->Next());
      if (!batch) {
        stream_.reset();
        scan_.reset();
        continue;
      }
      const int64_t n = batch->num_rows();
      std::vector<columnar::VectorPtr> columns = batch->columns();
      if (!current_->change_type.empty()) {
        LAKEML_ASSIGN_OR_RETURN(
            columnar::VectorPtr v,
            ConstantVector(columnar::Scalar::Bytes(DataType::String(), current_->change_type), n));
        columns.push_back(std::move(v));
      }
      LAKEML_ASSIGN_OR_RETURN(
          columnar::VectorPtr version,
          ConstantVector(columnar::Scalar::Int(DataType::Primitive(TypeId::kInt64),
                                               current_->version),
                         n));
      columns.push_back(std::move(version));
      LAKEML_ASSIGN_OR_RETURN(
          columnar::VectorPtr ts,
          ConstantVector(columnar::Scalar::Int(DataType::Timestamp(columnar::TimeUnit::kMicro, true),
                                               current_->timestamp_ms * 1000),
                         n));
      columns.push_back(std::move(ts));
      return std::make_shared<columnar::Batch>(schema_, std::move(columns), n);
    }
  }

 private:
  SnapshotPtr snapshot_;
  ScanOptions options_;
  std::vector<ChangeSegment> segments_;
  columnar::SchemaPtr schema_;
  size_t next_ = 0;
  std::unique_ptr<TableScan> scan_;
  std::unique_ptr<ScanBatchStream> stream_;
  const ChangeSegment* current_ = nullptr;
};

AddFile CdcAsAdd(const AddCdcFile& cdc) {
  AddFile add;
  add.path = cdc.path;
  add.partition_values = cdc.partition_values;
  add.size = cdc.size;
  return add;
}

AddFile RemoveAsAdd(const RemoveFile& rm) {
  AddFile add;
  add.path = rm.path;
  if (rm.partition_values) add.partition_values = *rm.partition_values;
  add.size = rm.size.value_or(0);
  add.deletion_vector = rm.deletion_vector;
  return add;
}

// Rows in `a` and not in `b` (b may be null: empty).
std::shared_ptr<const RoaringBitmapArray> Difference(const RoaringBitmapArray& a,
                                                     const RoaringBitmapArray* b) {
  auto out = std::make_shared<RoaringBitmapArray>();
  a.ForEach([&](uint64_t v) {
    if (b == nullptr || !b->Contains(v)) out->Add(v);
  });
  return out;
}

}  // namespace

columnar::SchemaPtr TableChanges::ChangeSchema(const columnar::Schema& table_columns) {
  std::vector<columnar::Field> fields = table_columns.fields();
  fields.push_back(columnar::Field{kChangeType, DataType::String(), true});
  fields.push_back(columnar::Field{kCommitVersion, DataType::Primitive(TypeId::kInt64), true});
  fields.push_back(columnar::Field{
      kCommitTimestamp, DataType::Timestamp(columnar::TimeUnit::kMicro, true), true});
  return std::make_shared<columnar::Schema>(std::move(fields));
}

Result<std::unique_ptr<ScanBatchStream>> TableChanges::Read(io::FileSystem* fs,
                                                            const std::string& table_root,
                                                            const ChangesOptions& options) {
  if (options.start_version < 0) {
    return Status::InvalidArgument("Invalid change data feed range: negative start version ",
                                   options.start_version);
  }
  SnapshotOptions end_options;
  end_options.version = options.end_version;
  LAKEML_ASSIGN_OR_RETURN(SnapshotPtr end, Snapshot::Load(fs, table_root, end_options));
  if (options.start_version > end->version()) {
    return Status::InvalidArgument("Invalid change data feed range: start version ",
                                   options.start_version, " is after end version ",
                                   end->version());
  }
  SnapshotOptions start_options;
  start_options.version = options.start_version;
  LAKEML_ASSIGN_OR_RETURN(SnapshotPtr start, Snapshot::Load(fs, table_root, start_options));
  if (!CdfEnabled(start->metadata())) {
    return Status::InvalidArgument("Change data feed is not enabled at version ",
                                   options.start_version, " of ", table_root,
                                   " (set delta.enableChangeDataFeed = true)");
  }
  const bool ict = TableFeatures::IsEnabled(end->protocol(), kFeatureInCommitTimestamp) &&
                   end->Property("delta.enableInCommitTimestamps") == "true";

  std::vector<ChangeSegment> segments;
  const std::vector<LogFile>& all = end->log_segment().all_commits;
  int64_t expect = options.start_version;
  for (const LogFile& commit : all) {
    if (commit.version < options.start_version || commit.version > end->version()) continue;
    if (commit.version != expect) break;
    ++expect;
    LAKEML_ASSIGN_OR_RETURN(std::vector<Action> actions, LogReplay::ReadCommit(*fs, commit));
    int64_t ts = commit.modification_time_ms;
    std::vector<AddCdcFile> cdcs;
    std::vector<const AddFile*> adds;
    std::vector<const RemoveFile*> removes;
    for (const Action& a : actions) {
      if (const auto* m = std::get_if<Metadata>(&a)) {
        if (!CdfEnabled(*m)) {
          return Status::InvalidArgument("Change data feed is not enabled at version ",
                                         commit.version, " of ", table_root);
        }
      } else if (const auto* p = std::get_if<Protocol>(&a)) {
        LAKEML_RETURN_IF_ERROR(TableFeatures::CheckReadSupported(*p).WithContext(
            "change data feed at version ", commit.version));
      } else if (const auto* info = std::get_if<CommitInfo>(&a)) {
        if (ict && info->in_commit_timestamp) ts = *info->in_commit_timestamp;
      } else if (const auto* cdc = std::get_if<AddCdcFile>(&a)) {
        cdcs.push_back(*cdc);
      } else if (const auto* add = std::get_if<AddFile>(&a)) {
        if (add->data_change) adds.push_back(add);
      } else if (const auto* rm = std::get_if<RemoveFile>(&a)) {
        if (rm->data_change) removes.push_back(rm);
      }
    }
    if (!cdcs.empty()) {
      ChangeSegment seg{commit.version, ts, "", {}, {}};
      for (const AddCdcFile& c : cdcs) seg.files.push_back(CdcAsAdd(c));
      segments.push_back(std::move(seg));
      continue;
    }
    ChangeSegment inserts{commit.version, ts, kInsert, {}, {}};
    ChangeSegment deletes{commit.version, ts, kDelete, {}, {}};
    // Pair adds and removes of one file: a deletion vector update.
    std::map<std::string, const RemoveFile*> removed_by_path;
    for (const RemoveFile* rm : removes) {
      LAKEML_ASSIGN_OR_RETURN(std::string key, LogReplay::CanonicalPath(rm->path, table_root));
      removed_by_path[key] = rm;
    }
    for (const AddFile* add : adds) {
      LAKEML_ASSIGN_OR_RETURN(std::string key, LogReplay::CanonicalPath(add->path, table_root));
      auto it = removed_by_path.find(key);
      if (it == removed_by_path.end() ||
          (!add->deletion_vector && !it->second->deletion_vector)) {
        inserts.files.push_back(*add);
        inserts.keep_only.push_back(nullptr);
        continue;
      }
      // The same file removed and re-added with another deletion vector: only the rows whose
      // deletion state changed are changes (a DV may also shrink or vanish, e.g. RESTORE).
      const RemoveFile* rm = it->second;
      removed_by_path.erase(it);
      RoaringBitmapArray new_dv;
      if (add->deletion_vector) {
        LAKEML_ASSIGN_OR_RETURN(new_dv, LoadDeletionVector(*fs, table_root, *add->deletion_vector));
      }
      std::optional<RoaringBitmapArray> old_dv;
      if (rm->deletion_vector) {
        LAKEML_ASSIGN_OR_RETURN(old_dv, LoadDeletionVector(*fs, table_root, *rm->deletion_vector));
      }
      AddFile plain = *add;
      plain.deletion_vector.reset();
      deletes.files.push_back(plain);
      deletes.keep_only.push_back(Difference(new_dv, old_dv ? &*old_dv : nullptr));
      if (old_dv) {
        inserts.files.push_back(plain);
        inserts.keep_only.push_back(Difference(*old_dv, &new_dv));
      }
    }
    for (const auto& [key, rm] : removed_by_path) {
      deletes.files.push_back(RemoveAsAdd(*rm));
      deletes.keep_only.push_back(nullptr);
    }
    if (!deletes.files.empty()) segments.push_back(std::move(deletes));
    if (!inserts.files.empty()) segments.push_back(std::move(inserts));
  }
  if (expect != end->version() + 1) {
    return Status::NotFound("Change data feed needs commit ", expect, " of ", table_root,
                            ", which is missing (cleaned up by log retention?)");
  }

  ScanOptions scan_options;
  scan_options.columns = options.columns;
  scan_options.num_threads = options.num_threads;
  // The schema of the table columns the scan yields, then the change columns.
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<Scan> probe, end->NewScan(scan_options));
  columnar::SchemaPtr schema = ChangeSchema(*probe->schema());
  return std::unique_ptr<ScanBatchStream>(
      std::make_unique<ChangeStream>(end, scan_options, std::move(segments), std::move(schema)));
}

}  // namespace lakeml::delta
