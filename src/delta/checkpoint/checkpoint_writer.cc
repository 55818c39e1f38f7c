#include "delta/checkpoint/checkpoint_writer.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "columnar/batch.h"
#include "delta/checkpoint/checkpoint_schema.h"
#include "delta/checkpoint/partition_value_text.h"
#include "delta/checkpoint/stats_struct_builder.h"
#include "delta/checkpoint/vector_builder.h"
#include "format/parquet/writer/file_writer.h"
#include "io/memory_file_system.h"

namespace lakeml::delta {

namespace {

using columnar::TypeId;

// Top-level column order of CheckpointSchema::Make.
enum Column { kTxn, kAdd, kRemove, kMetadata, kProtocol, kDomainMetadata, kCkptMetadata, kSidecar };

// DO NOT CHANGE: stored in Delta logs.
constexpr char kColumnMappingModeKey[] = "delta.columnMapping.mode";
constexpr char kPhysicalNameKey[] = "delta.columnMapping.physicalName";

void AppendOptionalString(const std::optional<std::string>& s, VectorBuilder& b) {
  if (s) {
    b.AppendString(*s);
  } else {
    b.AppendNull();
  }
}

void AppendOptionalInt64(const std::optional<int64_t>& v, VectorBuilder& b) {
  if (v) {
    b.AppendFixed<int64_t>(*v);
  } else {
    b.AppendNull();
  }
}

void AppendStringMap(const StringMap& m, VectorBuilder& b) {
  for (const auto& [k, v] : m) {
    b.child(0).AppendString(k);
    b.child(1).AppendString(v);
  }
  b.AppendList();
}

void AppendOptionalStringMap(const std::optional<StringMap>& m, VectorBuilder& b) {
  if (m) {
    AppendStringMap(*m, b);
  } else {
    b.AppendNull();
  }
}

void AppendPartitionValues(const PartitionValues& m, VectorBuilder& b) {
  for (const auto& [k, v] : m) {
    b.child(0).AppendString(k);
    AppendOptionalString(v, b.child(1));
  }
  b.AppendList();
}

void AppendStringList(const std::optional<std::vector<std::string>>& list, VectorBuilder& b) {
  if (!list) {
    b.AppendNull();
    return;
  }
  for (const std::string& s : *list) b.child(0).AppendString(s);
  b.AppendList();
}

void AppendDeletionVector(const std::optional<DeletionVectorDescriptor>& dv, VectorBuilder& b) {
  if (!dv) {
    b.AppendNull();
    return;
  }
  b.child(0).AppendString(std::string_view(&dv->storage_type, 1));
  b.child(1).AppendString(dv->path_or_inline_dv);
  if (dv->offset) {
    b.child(2).AppendFixed<int32_t>(*dv->offset);
  } else {
    b.child(2).AppendNull();
  }
  b.child(3).AppendFixed<int32_t>(dv->size_in_bytes);
  b.child(4).AppendFixed<int64_t>(dv->cardinality);
  AppendOptionalInt64(dv->max_row_index, b.child(5));
  b.AppendStruct();
}

// The physical name of a field: its column-mapping physical name when mapping is on.
std::string StoredName(const columnar::Field& f, bool column_mapping) {
  if (column_mapping) {
    if (const std::string* json = f.FindMetadata(kPhysicalNameKey)) {
      nlohmann::json name = nlohmann::json::parse(*json, nullptr, /*allow_exceptions=*/false);
      if (name.is_string()) return name.get<std::string>();
    }
  }
  return f.name;
}

// The version a checkpoint file name starts with ("00000000000000000010.checkpoint...").
std::optional<int64_t> VersionFromFileName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (name.size() < 31 || name.compare(20, 11, ".checkpoint") != 0) return std::nullopt;
  int64_t v = 0;
  for (int i = 0; i < 20; ++i) {
    if (name[i] < '0' || name[i] > '9') return std::nullopt;
    if (__builtin_mul_overflow(v, int64_t{10}, &v) ||
        __builtin_add_overflow(v, name[i] - '0', &v)) {
      return std::nullopt;
    }
  }
  return v;
}

// Partition columns as partitionValues_parsed stores them.
struct ParsedPartitionColumn {
  std::string physical_name;
  columnar::TypePtr type;
};

class CheckpointBuilder {
 public:
  CheckpointBuilder(const std::string& path, const CheckpointWriteOptions& options)
      : path_(path), options_(options) {}

  Status Init(const std::vector<Action>& actions);
  Status Add(const Action& action);
  columnar::BatchPtr Finish();
  const columnar::SchemaPtr& schema() const { return schema_; }

 private:
  // Appends the nulls owed to column `c` and returns its builder.
  VectorBuilder& Target(int c);
  Status AppendAdd(const AddFile& a, VectorBuilder& b);
  void AppendRemove(const RemoveFile& r, VectorBuilder& b);
  void AppendMetadata(const Metadata& m, VectorBuilder& b);

  const std::string& path_;
  const CheckpointWriteOptions& options_;
  columnar::SchemaPtr schema_;
  std::vector<std::unique_ptr<VectorBuilder>> columns_;
  std::vector<int64_t> pending_nulls_;
  int64_t rows_ = 0;
  std::unique_ptr<StatsStructBuilder> stats_struct_;
  std::vector<ParsedPartitionColumn> parsed_partitions_;
};

Status CheckpointBuilder::Init(const std::vector<Action>& actions) {
  const Metadata* metadata = nullptr;
  const Protocol* protocol = nullptr;
  bool stats_have_tight_bounds = false;
  for (const Action& a : actions) {
    if (const auto* m = std::get_if<Metadata>(&a)) metadata = m;
    if (const auto* p = std::get_if<Protocol>(&a)) protocol = p;
    if (!options_.v2 &&
        (std::holds_alternative<CheckpointMetadata>(a) || std::holds_alternative<Sidecar>(a))) {
      return Status::InvalidArgument(
          "A V1 checkpoint cannot hold checkpointMetadata or sidecar actions: ", path_);
    }
    if (options_.write_stats_as_struct && !stats_have_tight_bounds) {
      if (const auto* add = std::get_if<AddFile>(&a)) {
        stats_have_tight_bounds =
            add->stats && add->stats->find("\"tightBounds\"") != std::string::npos;
      }
    }
  }
  CheckpointSchema::AddOptions add;
  add.stats_json = options_.write_stats_as_json;
  if (options_.write_stats_as_struct) {
    if (options_.table_schema == nullptr) {
      return Status::InvalidArgument(
          "Writing stats as a struct needs the table schema (CheckpointWriteOptions::"
          "table_schema): ",
          path_);
    }
    bool column_mapping = false;
    if (metadata != nullptr) {
      auto it = metadata->configuration.find(kColumnMappingModeKey);
      column_mapping = it != metadata->configuration.end() && it->second != "none";
    }
    bool tight_bounds = stats_have_tight_bounds;
    if (protocol != nullptr && protocol->writer_features) {
      for (const std::string& f : *protocol->writer_features) {
        tight_bounds |= f == "deletionVectors";
      }
    }
    LAKEML_ASSIGN_OR_RETURN(
        stats_struct_, StatsStructBuilder::Make(*options_.table_schema, options_.partition_columns,
                                                column_mapping, tight_bounds));
    add.stats_parsed = stats_struct_->type();
    if (!options_.partition_columns.empty()) {
      std::vector<columnar::Field> fields;
      for (const std::string& name : options_.partition_columns) {
        const int i = options_.table_schema->FieldIndex(name);
        if (i < 0) {
          return Status::InvalidArgument("Partition column not in the table schema: ", name);
        }
        const columnar::Field& f = options_.table_schema->field(i);
        if (f.type->is_nested()) {
          return Status::InvalidArgument("Partition column ", name, " has nested type ",
                                         f.type->ToString());
        }
        parsed_partitions_.push_back({StoredName(f, column_mapping), f.type});
        fields.push_back(columnar::Field{parsed_partitions_.back().physical_name, f.type, true});
      }
      add.partition_values_parsed = columnar::DataType::Struct(std::move(fields));
    }
  }
  schema_ = CheckpointSchema::Make(add, options_.v2);
  for (const columnar::Field& f : schema_->fields()) {
    columns_.push_back(std::make_unique<VectorBuilder>(f.type));
  }
  pending_nulls_.assign(columns_.size(), 0);

  if (options_.v2) {
    bool has_checkpoint_metadata = false;
    for (const Action& a : actions)
      has_checkpoint_metadata |= std::holds_alternative<CheckpointMetadata>(a);
    if (!has_checkpoint_metadata) {
      std::optional<int64_t> version = VersionFromFileName(path_);
      if (!version) {
        return Status::InvalidArgument(
            "A V2 checkpoint needs a checkpointMetadata action or a file name that starts with "
            "its version: ",
            path_);
      }
      CheckpointMetadata m;
      m.version = *version;
      LAKEML_RETURN_IF_ERROR(Add(Action(std::move(m))));
    }
  }
  return Status::OK();
}

VectorBuilder& CheckpointBuilder::Target(int c) {
  VectorBuilder& b = *columns_[c];
  for (; pending_nulls_[c] > 0; --pending_nulls_[c]) b.AppendNull();
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (static_cast<int>(i) != c) ++pending_nulls_[i];
  }
  ++rows_;
  return b;
}

Status CheckpointBuilder::AppendAdd(const AddFile& a, VectorBuilder& b) {
  b.child(0).AppendString(a.path);
  AppendPartitionValues(a.partition_values, b.child(1));
  b.child(2).AppendFixed<int64_t>(a.size);
  b.child(3).AppendFixed<int64_t>(a.modification_time);
  b.child(4).AppendBool(a.data_change);
  AppendOptionalStringMap(a.tags, b.child(5));
  AppendDeletionVector(a.deletion_vector, b.child(6));
  AppendOptionalInt64(a.base_row_id, b.child(7));
  AppendOptionalInt64(a.default_row_commit_version, b.child(8));
  AppendOptionalString(a.clustering_provider, b.child(9));
  size_t next = 10;
  if (options_.write_stats_as_json) AppendOptionalString(a.stats, b.child(next++));
  if (!parsed_partitions_.empty()) {
    VectorBuilder& parsed = b.child(next++);
    for (size_t i = 0; i < parsed_partitions_.size(); ++i) {
      const ParsedPartitionColumn& p = parsed_partitions_[i];
      auto it = a.partition_values.find(p.physical_name);
      if (it == a.partition_values.end() || !it->second) {
        parsed.child(i).AppendNull();
        continue;
      }
      Result<columnar::Scalar> value = ParsePartitionValue(*it->second, p.type);
      if (!value.ok()) return value.status().WithContext("add ", a.path);
      parsed.child(i).AppendScalar(*value);
    }
    parsed.AppendStruct();
  }
  if (stats_struct_) stats_struct_->Append(a.stats, &b.child(next++));
  b.AppendStruct();
  return Status::OK();
}

void CheckpointBuilder::AppendRemove(const RemoveFile& r, VectorBuilder& b) {
  b.child(0).AppendString(r.path);
  AppendOptionalInt64(r.deletion_timestamp, b.child(1));
  b.child(2).AppendBool(r.data_change);
  if (r.extended_file_metadata) {
    b.child(3).AppendBool(*r.extended_file_metadata);
  } else {
    b.child(3).AppendNull();
  }
  if (r.partition_values) {
    AppendPartitionValues(*r.partition_values, b.child(4));
  } else {
    b.child(4).AppendNull();
  }
  AppendOptionalInt64(r.size, b.child(5));
  AppendDeletionVector(r.deletion_vector, b.child(6));
  AppendOptionalInt64(r.base_row_id, b.child(7));
  AppendOptionalInt64(r.default_row_commit_version, b.child(8));
  b.AppendStruct();
}

void CheckpointBuilder::AppendMetadata(const Metadata& m, VectorBuilder& b) {
  b.child(0).AppendString(m.id);
  AppendOptionalString(m.name, b.child(1));
  AppendOptionalString(m.description, b.child(2));
  VectorBuilder& format = b.child(3);
  format.child(0).AppendString(m.format.provider);
  AppendStringMap(m.format.options, format.child(1));
  format.AppendStruct();
  b.child(4).AppendString(m.schema_string);
  AppendStringList(m.partition_columns, b.child(5));
  AppendStringMap(m.configuration, b.child(6));
  AppendOptionalInt64(m.created_time, b.child(7));
  b.AppendStruct();
}

Status CheckpointBuilder::Add(const Action& action) {
  if (const auto* a = std::get_if<AddFile>(&action)) return AppendAdd(*a, Target(kAdd));
  if (const auto* r = std::get_if<RemoveFile>(&action)) {
    AppendRemove(*r, Target(kRemove));
  } else if (const auto* m = std::get_if<Metadata>(&action)) {
    AppendMetadata(*m, Target(kMetadata));
  } else if (const auto* p = std::get_if<Protocol>(&action)) {
    VectorBuilder& b = Target(kProtocol);
    b.child(0).AppendFixed<int32_t>(p->min_reader_version);
    b.child(1).AppendFixed<int32_t>(p->min_writer_version);
    AppendStringList(p->reader_features, b.child(2));
    AppendStringList(p->writer_features, b.child(3));
    b.AppendStruct();
  } else if (const auto* t = std::get_if<SetTransaction>(&action)) {
    VectorBuilder& b = Target(kTxn);
    b.child(0).AppendString(t->app_id);
    b.child(1).AppendFixed<int64_t>(t->version);
    AppendOptionalInt64(t->last_updated, b.child(2));
    b.AppendStruct();
  } else if (const auto* d = std::get_if<DomainMetadata>(&action)) {
    if (d->removed) return Status::OK();
    VectorBuilder& b = Target(kDomainMetadata);
    b.child(0).AppendString(d->domain);
    b.child(1).AppendString(d->configuration);
    b.child(2).AppendBool(d->removed);
    b.AppendStruct();
  } else if (const auto* c = std::get_if<CheckpointMetadata>(&action)) {
    VectorBuilder& b = Target(kCkptMetadata);
    b.child(0).AppendFixed<int64_t>(c->version);
    AppendOptionalStringMap(c->tags, b.child(1));
    b.AppendStruct();
  } else if (const auto* s = std::get_if<Sidecar>(&action)) {
    VectorBuilder& b = Target(kSidecar);
    b.child(0).AppendString(s->path);
    b.child(1).AppendFixed<int64_t>(s->size_in_bytes);
    b.child(2).AppendFixed<int64_t>(s->modification_time);
    AppendOptionalStringMap(s->tags, b.child(3));
    b.AppendStruct();
  }
  // commitInfo and cdc: "Checkpoints must not preserve commit provenance information nor change
  // data actions."
  return Status::OK();
}

columnar::BatchPtr CheckpointBuilder::Finish() {
  std::vector<columnar::VectorPtr> vectors;
  for (size_t c = 0; c < columns_.size(); ++c) {
    for (; pending_nulls_[c] > 0; --pending_nulls_[c]) columns_[c]->AppendNull();
    vectors.push_back(columns_[c]->Finish());
  }
  return std::make_shared<columnar::Batch>(schema_, std::move(vectors), rows_);
}

}  // namespace

Result<int64_t> WriteCheckpointFile(io::FileSystem& fs, const std::string& path,
                                    const std::vector<Action>& actions,
                                    const CheckpointWriteOptions& options) {
  CheckpointBuilder builder(path, options);
  LAKEML_RETURN_IF_ERROR(builder.Init(actions));
  for (const Action& a : actions) LAKEML_RETURN_IF_ERROR(builder.Add(a));
  columnar::BatchPtr batch = builder.Finish();

  // Encode in memory first: the checkpoint must appear whole or not at all.
  io::MemoryFileSystem staging;
  const std::string staged = "checkpoint.parquet";
  {
    parquet::WriterOptions writer_options;
    LAKEML_ASSIGN_OR_RETURN(
        auto writer, parquet::FileWriter::Open(&staging, staged, builder.schema(), writer_options));
    if (batch->num_rows() > 0) LAKEML_RETURN_IF_ERROR(writer->Write(*batch));
    LAKEML_RETURN_IF_ERROR(writer->Close());
  }
  LAKEML_ASSIGN_OR_RETURN(std::string bytes, staging.ReadFile(staged));
  Status s = fs.PutIfAbsent(path, bytes);
  if (s.code() == StatusCode::kAlreadyExists) {
    LAKEML_ASSIGN_OR_RETURN(io::FileInfo info, fs.GetFileInfo(path));
    return info.size;
  }
  LAKEML_RETURN_IF_ERROR(s);
  return static_cast<int64_t>(bytes.size());
}

}  // namespace lakeml::delta
