#include "delta/table_writer.h"

#include <algorithm>
#include <chrono>

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/str_cat.h"
#include "base/uuid.h"
#include "delta/data_file_writer.h"
#include "delta/schema/column_mapping.h"
#include "delta/schema/schema_json.h"
#include "delta/schema_enforcer.h"
#include "delta/stats/data_skipping.h"
#include "delta/table_features.h"

namespace lakeml::delta {
namespace {


bool IsNotDeltaTable(const Status& s) {
  return s.code() == StatusCode::kNotFound &&
         s.message().find("Not a Delta table") != std::string::npos;
}


std::string JsonList(const std::vector<std::string>& v) { return nlohmann::json(v).dump(); }

std::string PartitionValuesText(const PartitionValues& values) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : values) j[k] = v ? nlohmann::json(*v) : nlohmann::json();
  return j.dump();
}

// New table metadata and protocol for `schema` (column mapping assigned when asked for).
Result<std::pair<Metadata, Protocol>> NewTableState(const columnar::Schema& input_schema,
                                                    const WriteOptions& options) {
  Metadata m;
  m.id = NewUuid();
  m.name = options.name;
  m.description = options.description;
  m.configuration = options.properties;
  m.partition_columns = options.partition_by;
  m.created_time = NowMillis();
  columnar::SchemaPtr schema = std::make_shared<columnar::Schema>(input_schema.fields());
  LAKEML_ASSIGN_OR_RETURN(ColumnMappingMode mode, ColumnMappingModeOf(m.configuration));
  if (mode != ColumnMappingMode::kNone) {
    int64_t max_id = 0;
    LAKEML_ASSIGN_OR_RETURN(schema, AssignColumnMapping(*schema, &max_id));
    m.configuration["delta.columnMapping.maxColumnId"] = std::to_string(max_id);
  }
  for (const std::string& p : m.partition_columns) {
    const int idx = schema->FieldIndex(p);
    if (idx < 0) return Status::InvalidArgument("Partition column not in schema: ", p);
    if (schema->field(idx).type->is_nested()) {
      return Status::InvalidArgument("Partition column must have a primitive type: ", p, " is ",
                                     schema->field(idx).type->ToString());
    }
    m.partition_columns[&p - m.partition_columns.data()] = schema->field(idx).name;
  }
  if (schema->num_fields() == 0) return Status::InvalidArgument("A table needs at least one column");
  m.schema_string = SerializeSchema(*schema);
  Protocol p = TableFeatures::MinimalProtocol(TableFeatures::RequiredFeatures(m, *schema));
  return std::make_pair(std::move(m), std::move(p));
}

}  // namespace

Result<CommitResult> TableWriter::Create(io::FileSystem* fs, const std::string& table_root,
                                         const columnar::Schema& schema,
                                         const WriteOptions& options) {
  LAKEML_ASSIGN_OR_RETURN(auto state, NewTableState(schema, options));
  std::unique_ptr<Transaction> txn = Transaction::BeginCreate(fs, table_root);
  nlohmann::json params = {{"isManaged", "false"},
                           {"partitionBy", JsonList(state.first.partition_columns)},
                           {"properties", nlohmann::json(state.first.configuration).dump()}};
  if (state.first.description) params["description"] = *state.first.description;
  txn->SetOperation("CREATE TABLE", params.dump());
  txn->UpdateMetadata(std::move(state.first));
  txn->UpdateProtocol(std::move(state.second));
  return txn->Commit();
}

Result<WriteResult> TableWriter::Write(io::FileSystem* fs, const std::string& table_root,
                                       const columnar::SchemaPtr& input_schema,
                                       BatchSource source, const WriteOptions& options) {
  WriteResult result;
  std::shared_ptr<const Snapshot> snapshot;
  auto loaded = Snapshot::Load(fs, table_root);
  if (loaded.ok()) {
    snapshot = *loaded;
  } else if (!IsNotDeltaTable(loaded.status())) {
    return loaded.status();
  }

  // The table as it will be after this write (metadata, protocol, schema).
  Metadata metadata;
  Protocol protocol;
  columnar::SchemaPtr table_schema;
  std::unique_ptr<Transaction> txn;
  bool metadata_changed = false;
  if (!snapshot) {
    if (options.replace_where) {
      return Status::InvalidArgument("replaceWhere needs an existing table: ", table_root);
    }
    LAKEML_ASSIGN_OR_RETURN(auto state, NewTableState(*input_schema, options));
    metadata = std::move(state.first);
    protocol = std::move(state.second);
    LAKEML_ASSIGN_OR_RETURN(table_schema, ParseSchemaString(metadata.schema_string));
    txn = Transaction::BeginCreate(fs, table_root);
    metadata_changed = true;
    result.created = true;
  } else {
    metadata = snapshot->metadata();
    protocol = snapshot->protocol();
    table_schema = snapshot->schema();
    if (!options.partition_by.empty() && options.partition_by != metadata.partition_columns) {
      return Status::InvalidArgument("Partition columns differ from the table's: given ",
                                     JsonList(options.partition_by), ", table has ",
                                     JsonList(metadata.partition_columns));
    }
    LAKEML_RETURN_IF_ERROR(TableFeatures::CheckWriteSupported(protocol, metadata, *table_schema));
    if (options.app_id) {
      const auto done = snapshot->AppTransactionVersion(*options.app_id);
      if (done && *done >= options.app_version) {
        result.version = -1;  // Already written: idempotent skip.
        return result;
      }
    }
    txn = Transaction::Begin(snapshot);
  }

  LAKEML_ASSIGN_OR_RETURN(ColumnMappingMode mode, ColumnMappingModeOf(metadata.configuration));
  SchemaEnforcerOptions enforce;
  enforce.merge_schema = options.merge_schema;
  enforce.allow_type_widening = metadata.configuration.count("delta.enableTypeWidening") > 0 &&
                                metadata.configuration.at("delta.enableTypeWidening") == "true";
  enforce.mode = mode;
  auto max_id = metadata.configuration.find("delta.columnMapping.maxColumnId");
  if (max_id != metadata.configuration.end()) {
    enforce.max_column_id = std::atoll(max_id->second.c_str());
  }
  LAKEML_ASSIGN_OR_RETURN(SchemaEnforcer enforcer,
                          SchemaEnforcer::Make(*table_schema, *input_schema, enforce));
  if (enforcer.schema_changed()) {
    table_schema = enforcer.table_schema();
    metadata.schema_string = SerializeSchema(*table_schema);
    if (mode != ColumnMappingMode::kNone) {
      metadata.configuration["delta.columnMapping.maxColumnId"] =
          std::to_string(enforcer.max_column_id());
    }
    metadata_changed = true;
  }

  std::optional<Predicate> replace_where;
  if (options.replace_where) {
    if (options.mode != WriteOptions::Mode::kOverwrite) {
      return Status::InvalidArgument("replaceWhere needs overwrite mode");
    }
    LAKEML_ASSIGN_OR_RETURN(replace_where, Predicate::Parse(*options.replace_where, *table_schema));
    for (const auto& path : replace_where->Columns()) {
      const std::string& col = path.front();
      if (path.size() != 1 || std::find(metadata.partition_columns.begin(),
                                        metadata.partition_columns.end(),
                                        col) == metadata.partition_columns.end()) {
        return Status::NotImplemented("replaceWhere on a non-partition column: ", col,
                                      " (lakeml replaces whole partitions; partition columns: ",
                                      JsonList(metadata.partition_columns), ")");
      }
    }
  }

  DataFileWriterOptions file_options;
  file_options.parquet.num_threads = options.num_threads;
  LAKEML_ASSIGN_OR_RETURN(
      std::unique_ptr<DataFileWriter> writer,
      DataFileWriter::Make(fs, table_root, table_schema, metadata.partition_columns, mode,
                           metadata.configuration, file_options));
  while (true) {
    LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr batch, source());
    if (!batch) break;
    LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr rows, enforcer.Conform(*batch));
    LAKEML_RETURN_IF_ERROR(writer->Write(*rows));
  }
  LAKEML_ASSIGN_OR_RETURN(std::vector<AddFile> adds, writer->Finish());
  result.rows_written = writer->rows_written();
  result.bytes_written = writer->bytes_written();

  if (replace_where) {
    LAKEML_ASSIGN_OR_RETURN(
        DataSkipping check,
        DataSkipping::Make(*replace_where, *table_schema, metadata.partition_columns, mode));
    for (const AddFile& add : adds) {
      if (!check.FileMayMatch(add)) {
        return Status::InvalidArgument(
            "Written data does not satisfy replaceWhere ", replace_where->ToString(),
            ": a row has partition values ", PartitionValuesText(add.partition_values));
      }
    }
  }

  if (metadata_changed) {
    if (snapshot) {
      protocol = TableFeatures::Upgrade(protocol,
                                        TableFeatures::RequiredFeatures(metadata, *table_schema));
      txn->UpdateProtocol(protocol);
    } else {
      txn->UpdateProtocol(protocol);
    }
    txn->UpdateMetadata(metadata);
  }
  const int64_t now = NowMillis();
  const bool overwrite = options.mode == WriteOptions::Mode::kOverwrite;
  if (overwrite && snapshot) {
    std::optional<DataSkipping> match;
    if (replace_where) {
      LAKEML_ASSIGN_OR_RETURN(
          DataSkipping m,
          DataSkipping::Make(*replace_where, *table_schema, metadata.partition_columns, mode));
      match.emplace(std::move(m));
      txn->ReadPredicate(*replace_where);
    } else {
      txn->ReadWholeTable();
    }
    std::vector<AddFile> read;
    for (const AddFile& add : snapshot->files()) {
      if (match && !match->FileMayMatch(add)) continue;
      txn->RemoveFile(RemoveOf(add, now, true));
      read.push_back(add);
      ++result.files_removed;
    }
    txn->ReadFiles(read);
  }
  for (AddFile& add : adds) txn->AddFile(std::move(add));
  result.files_added = static_cast<int64_t>(adds.size());
  if (options.app_id) txn->SetAppTransaction(*options.app_id, options.app_version);

  nlohmann::json params = {{"mode", overwrite ? "Overwrite" : "Append"},
                           {"partitionBy", JsonList(metadata.partition_columns)}};
  if (replace_where) params["predicate"] = JsonList({replace_where->ToString()});
  txn->SetOperation(result.created ? "CREATE TABLE AS SELECT" : "WRITE", params.dump());
  nlohmann::json metrics = {{"numFiles", std::to_string(result.files_added)},
                            {"numOutputRows", std::to_string(result.rows_written)},
                            {"numOutputBytes", std::to_string(result.bytes_written)},
                            {"numAddedFiles", std::to_string(result.files_added)},
                            {"numRemovedFiles", std::to_string(result.files_removed)}};
  txn->SetOperationMetrics(metrics.dump());
  LAKEML_ASSIGN_OR_RETURN(CommitResult commit, txn->Commit());
  result.version = commit.version;
  return result;
}

namespace {

Result<std::pair<std::shared_ptr<const Snapshot>, ColumnMappingMode>> LoadMapped(
    io::FileSystem* fs, const std::string& table_root, std::string_view what) {
  LAKEML_ASSIGN_OR_RETURN(std::shared_ptr<const Snapshot> snap, Snapshot::Load(fs, table_root));
  LAKEML_ASSIGN_OR_RETURN(ColumnMappingMode mode,
                          ColumnMappingModeOf(snap->metadata().configuration));
  if (mode == ColumnMappingMode::kNone) {
    return Status::InvalidArgument(what, " needs column mapping: set the table property "
                                         "delta.columnMapping.mode to 'name'");
  }
  LAKEML_RETURN_IF_ERROR(TableFeatures::CheckWriteSupported(snap->protocol(), snap->metadata(),
                                                            *snap->schema()));
  return std::make_pair(std::move(snap), mode);
}

}  // namespace

Result<CommitResult> TableWriter::RenameColumn(io::FileSystem* fs, const std::string& table_root,
                                               const std::string& from, const std::string& to) {
  LAKEML_ASSIGN_OR_RETURN(auto loaded, LoadMapped(fs, table_root, "RENAME COLUMN"));
  const Snapshot& snap = *loaded.first;
  std::vector<columnar::Field> fields = snap.schema()->fields();
  const int idx = snap.schema()->FieldIndex(from);
  if (idx < 0) return Status::NotFound("Column not found: ", from);
  if (snap.schema()->FieldIndex(to) >= 0 && !(snap.schema()->FieldIndex(to) == idx)) {
    return Status::AlreadyExists("Column already exists: ", to);
  }
  const std::string old_name = fields[idx].name;
  fields[idx].name = to;
  Metadata m = snap.metadata();
  for (std::string& p : m.partition_columns) {
    if (p == old_name) p = to;
  }
  m.schema_string = SerializeSchema(columnar::Schema(std::move(fields)));
  std::unique_ptr<Transaction> txn = Transaction::Begin(loaded.first);
  txn->SetOperation("RENAME COLUMN",
                    nlohmann::json({{"oldColumnPath", old_name}, {"newColumnPath", to}}).dump());
  txn->UpdateMetadata(std::move(m));
  return txn->Commit();
}

Result<CommitResult> TableWriter::DropColumn(io::FileSystem* fs, const std::string& table_root,
                                             const std::string& column) {
  LAKEML_ASSIGN_OR_RETURN(auto loaded, LoadMapped(fs, table_root, "DROP COLUMN"));
  const Snapshot& snap = *loaded.first;
  std::vector<columnar::Field> fields = snap.schema()->fields();
  const int idx = snap.schema()->FieldIndex(column);
  if (idx < 0) return Status::NotFound("Column not found: ", column);
  const std::string name = fields[idx].name;
  const auto& parts = snap.partition_columns();
  if (std::find(parts.begin(), parts.end(), name) != parts.end()) {
    return Status::InvalidArgument("Cannot drop partition column: ", name);
  }
  if (fields.size() == 1) return Status::InvalidArgument("Cannot drop the only column: ", name);
  fields.erase(fields.begin() + idx);
  Metadata m = snap.metadata();
  m.schema_string = SerializeSchema(columnar::Schema(std::move(fields)));
  std::unique_ptr<Transaction> txn = Transaction::Begin(loaded.first);
  txn->SetOperation("DROP COLUMNS", nlohmann::json({{"columns", JsonList({name})}}).dump());
  txn->UpdateMetadata(std::move(m));
  return txn->Commit();
}

}  // namespace lakeml::delta
