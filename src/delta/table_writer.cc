#include "delta/table_writer.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <optional>

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/str_cat.h"
#include "base/uuid.h"
#include "delta/data_file_writer.h"
#include "delta/dv/deletion_vector_loader.h"
#include "delta/row_remover.h"
#include "delta/schema/column_mapping.h"
#include "delta/schema/schema_json.h"
#include "delta/schema_enforcer.h"
#include "delta/stats/data_skipping.h"
#include "delta/stats/file_stats_parser.h"
#include "delta/stats/predicate_evaluator.h"
#include "delta/table_features.h"
#include "delta/table_scan.h"

namespace lakeml::delta {
namespace {

bool IsNotDeltaTable(const Status& s) {
  return s.code() == StatusCode::kNotFound &&
         s.message().find("Not a Delta table") != std::string::npos;
}


std::string JsonList(const std::vector<std::string>& v) { return nlohmann::json(v).dump(); }

// `batch` with a constant string column "_change_type" appended (change data files).
columnar::Batch WithChangeType(const columnar::Batch& batch, std::string_view change_type) {
  std::vector<columnar::VectorPtr> columns = batch.columns();
  std::vector<columnar::Field> fields = batch.schema()->fields();
  const int64_t n = batch.num_rows();
  const int64_t len = static_cast<int64_t>(change_type.size());
  columnar::VectorPtr v = columnar::Vector::Make(columnar::DataType::String(), n);
  v->set_data(columnar::Buffer::Allocate(len * n));
  int64_t* offsets = v->mutable_values()->mutable_as<int64_t>();
  uint8_t* data = v->mutable_data()->mutable_data();
  for (int64_t i = 0; i <= n; ++i) offsets[i] = i * len;
  for (int64_t i = 0; i < n; ++i) std::memcpy(data + i * len, change_type.data(), len);
  columns.push_back(std::move(v));
  fields.push_back(columnar::Field{"_change_type", columnar::DataType::String(), true});
  return columnar::Batch(std::make_shared<columnar::Schema>(std::move(fields)),
                         std::move(columns), n);
}

// What replacing the rows of a data-column replaceWhere removed.
struct ReplacedRows {
  int64_t files_removed = 0;  // Removed whole or rewritten.
  int64_t files_rewritten = 0;
  int64_t deletion_vectors_added = 0;
  int64_t rows_deleted = 0;
  int64_t rows_copied = 0;  // Surviving rows of rewritten files.
  int64_t bytes_removed = 0;
  int64_t cdc_files_added = 0;
};

// True when every NULL result of `p` comes from a null column value (no NULL literal, no empty
// IN list), so that "not TRUE" implies "FALSE, or some referenced column is null".
bool NullOnlyFromColumns(const Predicate& p) {
  std::vector<const Predicate*> stack = {&p};
  while (!stack.empty()) {
    const Predicate* q = stack.back();
    stack.pop_back();
    switch (q->kind()) {
      case Predicate::Kind::kAnd:
      case Predicate::Kind::kOr:
        stack.push_back(&q->left());
        stack.push_back(&q->right());
        break;
      case Predicate::Kind::kNot:
        stack.push_back(&q->left());
        break;
      case Predicate::Kind::kCompare:
      case Predicate::Kind::kIn:
        if (q->values().empty()) return false;
        for (const columnar::Scalar& v : q->values()) {
          if (v.is_null) return false;
        }
        break;
      default:
        break;
    }
  }
  return true;
}

// A predicate TRUE for every row where `p` is not TRUE: NOT p, or any column of p (or a struct
// on its path) is null. A file none of whose rows may satisfy it has only rows where p is TRUE.
// Nullopt when that cannot be expressed (see NullOnlyFromColumns).
std::optional<Predicate> NotTrue(const Predicate& p) {
  if (!NullOnlyFromColumns(p)) return std::nullopt;
  Predicate out = Predicate::Not(p);
  for (const ColumnPath& path : p.Columns()) {
    for (size_t len = 1; len <= path.size(); ++len) {
      out = Predicate::Or(std::move(out),
                          Predicate::IsNull(ColumnPath(path.begin(), path.begin() + len)));
    }
  }
  return out;
}

// Logically deletes, inside `txn`, every row of its snapshot for which `predicate` is TRUE
// (Delta's replaceWhere on data columns, done the way DELETE does it): files whose partition
// values or stats prove that no row matches are untouched; files whose stats prove that every
// row matches are removed whole; the others are read, evaluated row by row, and handed to
// RowRemover (deletion vectors or copy-on-write, change data when the feed is on).
Result<ReplacedRows> RemoveMatchingRows(Transaction* txn, const Predicate& predicate,
                                        ColumnMappingMode mode, int num_threads) {
  const std::shared_ptr<const Snapshot>& snap = txn->read_snapshot();
  const columnar::Schema& schema = *snap->schema();
  LAKEML_ASSIGN_OR_RETURN(DataSkipping may_match,
                          DataSkipping::Make(predicate, schema, snap->partition_columns(), mode));
  std::optional<DataSkipping> may_not_match;
  if (std::optional<Predicate> not_true = NotTrue(predicate)) {
    Result<DataSkipping> made =
        DataSkipping::Make(*not_true, schema, snap->partition_columns(), mode);
    if (made.ok()) may_not_match.emplace(std::move(made).value());
  }
  const bool cdf = snap->Property("delta.enableChangeDataFeed") == "true";
  ScanOptions scan_options;
  scan_options.num_threads = num_threads;
  for (const ColumnPath& path : predicate.Columns()) {
    if (std::find(scan_options.columns.begin(), scan_options.columns.end(), path.front()) ==
        scan_options.columns.end()) {
      scan_options.columns.push_back(path.front());
    }
  }
  std::optional<PredicateEvaluator> evaluator;
  FileStatsParser stats_parser({});
  RowRemover remover(txn);
  ReplacedRows out;
  const int64_t now = NowMillis();
  for (const AddFile& add : snap->files()) {
    if (!may_match.FileMayMatch(add)) continue;
    const int64_t already_deleted = add.deletion_vector ? add.deletion_vector->cardinality : 0;
    FileStats stats;
    if (may_not_match && !may_not_match->FileMayMatch(add) && add.stats &&
        stats_parser.Parse(*add.stats, &stats).ok() && stats.num_records()) {
      // Every row matches: remove the file without reading it (unless the change data feed
      // needs its rows).
      const int64_t num_records = *stats.num_records();
      if (!cdf) {
        txn->ReadFiles({add});
        txn->RemoveFile(RemoveOf(add, now, true));
        ++out.files_removed;
        out.rows_deleted += num_records - already_deleted;
        out.bytes_removed += add.size;
        continue;
      }
      if (num_records > 0) {
        RoaringBitmapArray all;
        all.AddRange(0, static_cast<uint64_t>(num_records));
        LAKEML_RETURN_IF_ERROR(
            remover.RemoveRows(add, all).WithContext("replaceWhere: removing ", add.path));
        out.rows_deleted += num_records - already_deleted;
        out.bytes_removed += add.size;
      }
      continue;
    }
    // Read every physical row (no deletion vector), so that batch positions are row indexes.
    AddFile plain = add;
    plain.deletion_vector.reset();
    LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<TableScan> scan,
                            TableScan::MakeForFiles(snap, scan_options, {plain}, {nullptr},
                                                    false));
    if (!evaluator) {
      LAKEML_ASSIGN_OR_RETURN(PredicateEvaluator e,
                              PredicateEvaluator::Make(predicate, *scan->schema()));
      evaluator.emplace(std::move(e));
    }
    LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<ScanBatchStream> stream, scan->Execute());
    RoaringBitmapArray matched;
    RowTruth truth;
    int64_t num_records = 0;
    while (true) {
      LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr batch, stream->Next());
      if (!batch) break;
      LAKEML_RETURN_IF_ERROR(evaluator->Evaluate(*batch, &truth));
      for (size_t w = 0; w < truth.true_bits.size(); ++w) {
        for (uint64_t bits = truth.true_bits[w]; bits != 0; bits &= bits - 1) {
          matched.Add(static_cast<uint64_t>(num_records + static_cast<int64_t>(w) * 64 +
                                            __builtin_ctzll(bits)));
        }
      }
      num_records += batch->num_rows();
    }
    if (add.deletion_vector && !matched.IsEmpty()) {
      // Rows the file's deletion vector already deletes are not deleted again.
      LAKEML_ASSIGN_OR_RETURN(RoaringBitmapArray gone,
                              LoadDeletionVector(*snap->fs(), snap->table_root(),
                                                 *add.deletion_vector));
      RoaringBitmapArray live;
      matched.ForEach([&](uint64_t r) {
        if (!gone.Contains(r)) live.Add(r);
      });
      matched = std::move(live);
    }
    if (matched.IsEmpty()) continue;
    const int64_t deleted = static_cast<int64_t>(matched.Cardinality());
    LAKEML_RETURN_IF_ERROR(
        remover.RemoveRows(add, matched).WithContext("replaceWhere: removing rows of ", add.path));
    out.rows_deleted += deleted;
    const int64_t survivors = num_records - already_deleted - deleted;
    if (survivors <= 0) {
      out.bytes_removed += add.size;
    } else if (!remover.uses_deletion_vectors()) {
      out.rows_copied += survivors;
      out.bytes_removed += add.size;
    }
  }
  LAKEML_ASSIGN_OR_RETURN(RowRemovalMetrics removed, remover.Finish());
  out.files_removed += removed.files_removed;
  out.files_rewritten = removed.files_added;
  out.deletion_vectors_added = removed.deletion_vectors_added;
  out.cdc_files_added = removed.cdc_files_added;
  return out;
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

  // replaceWhere: every written row must satisfy the predicate (checked row by row before it
  // is written), and the existing rows that satisfy it are replaced. A predicate on partition
  // columns only replaces whole files by their partition values; any other is evaluated on
  // the rows of the files that may match.
  std::optional<Predicate> replace_where;
  std::optional<PredicateEvaluator> constraint;
  bool partitions_only = true;
  if (options.replace_where) {
    if (options.mode != WriteOptions::Mode::kOverwrite) {
      return Status::InvalidArgument("replaceWhere needs overwrite mode");
    }
    LAKEML_ASSIGN_OR_RETURN(replace_where, Predicate::Parse(*options.replace_where, *table_schema));
    for (const auto& path : replace_where->Columns()) {
      if (path.size() != 1 || std::find(metadata.partition_columns.begin(),
                                        metadata.partition_columns.end(),
                                        path.front()) == metadata.partition_columns.end()) {
        partitions_only = false;
      }
    }
    LAKEML_ASSIGN_OR_RETURN(PredicateEvaluator e,
                            PredicateEvaluator::Make(*replace_where, *table_schema));
    constraint.emplace(std::move(e));
  }

  const int64_t now = NowMillis();
  const bool overwrite = options.mode == WriteOptions::Mode::kOverwrite;
  ReplacedRows replaced;
  if (overwrite && snapshot && replace_where && !partitions_only) {
    // Delete first, as Spark does, so that the new rows go to change data files too when the
    // deletes needed some (a commit with cdc actions is read only through them).
    txn->ReadPredicate(*replace_where);
    LAKEML_ASSIGN_OR_RETURN(replaced, RemoveMatchingRows(txn.get(), *replace_where, mode,
                                                         options.num_threads));
  }

  DataFileWriterOptions file_options;
  file_options.parquet.num_threads = options.num_threads;
  LAKEML_ASSIGN_OR_RETURN(
      std::unique_ptr<DataFileWriter> writer,
      DataFileWriter::Make(fs, table_root, table_schema, metadata.partition_columns, mode,
                           metadata.configuration, file_options));
  std::unique_ptr<DataFileWriter> cdc_writer;
  if (replaced.cdc_files_added > 0) {
    DataFileWriterOptions cdc_options = file_options;
    cdc_options.directory = "_change_data";
    cdc_options.data_change = false;
    cdc_options.collect_stats = false;
    LAKEML_ASSIGN_OR_RETURN(
        cdc_writer, DataFileWriter::Make(fs, table_root, table_schema,
                                         metadata.partition_columns, mode,
                                         metadata.configuration, cdc_options));
  }
  RowTruth truth;
  int64_t rows_seen = 0;
  while (true) {
    LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr batch, source());
    if (!batch) break;
    LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr rows, enforcer.Conform(*batch));
    if (constraint) {
      // Only TRUE satisfies the condition: a row for which it is NULL is refused too.
      LAKEML_RETURN_IF_ERROR(constraint->Evaluate(*rows, &truth));
      if (const int64_t bad = truth.FirstNotTrue(); bad >= 0) {
        return Status::InvalidArgument(
            "Written data does not match replaceWhere \"", replace_where->ToString(),
            "\": input row ", rows_seen + bad + 1, " has ", constraint->DescribeRow(*rows, bad),
            truth.IsNull(bad) ? " (the condition is NULL, not TRUE)" : "");
      }
    }
    rows_seen += rows->num_rows();
    LAKEML_RETURN_IF_ERROR(writer->Write(*rows));
    if (cdc_writer) {
      LAKEML_RETURN_IF_ERROR(cdc_writer->Write(WithChangeType(*rows, "insert"))
                                 .WithContext("writing change data"));
    }
  }
  LAKEML_ASSIGN_OR_RETURN(std::vector<AddFile> adds, writer->Finish());
  result.rows_written = writer->rows_written();
  result.bytes_written = writer->bytes_written();
  int64_t cdc_files = replaced.cdc_files_added;
  if (cdc_writer) {
    LAKEML_ASSIGN_OR_RETURN(std::vector<AddFile> cdc_adds, cdc_writer->Finish());
    for (AddFile& f : cdc_adds) {
      AddCdcFile cdc;
      cdc.path = std::move(f.path);
      cdc.partition_values = std::move(f.partition_values);
      cdc.size = f.size;
      cdc.data_change = false;
      txn->AddCdcFile(std::move(cdc));
      ++cdc_files;
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
  if (overwrite && snapshot && !(replace_where && !partitions_only)) {
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
  const int64_t new_files = static_cast<int64_t>(adds.size());
  for (AddFile& add : adds) txn->AddFile(std::move(add));
  result.files_added = new_files + replaced.files_rewritten;
  result.files_removed += replaced.files_removed;
  result.rows_deleted = replaced.rows_deleted;
  if (options.app_id) txn->SetAppTransaction(*options.app_id, options.app_version);

  nlohmann::json params = {{"mode", overwrite ? "Overwrite" : "Append"},
                           {"partitionBy", JsonList(metadata.partition_columns)}};
  if (replace_where) params["predicate"] = JsonList({replace_where->ToString()});
  txn->SetOperation(result.created ? "CREATE TABLE AS SELECT" : "WRITE", params.dump());
  nlohmann::json metrics = {{"numFiles", std::to_string(new_files)},
                            {"numOutputRows", std::to_string(result.rows_written)},
                            {"numOutputBytes", std::to_string(result.bytes_written)},
                            {"numAddedFiles", std::to_string(result.files_added)},
                            {"numRemovedFiles", std::to_string(result.files_removed)}};
  if (replace_where && !partitions_only) {
    // Spark's WRITE metrics for a replaceWhere on data columns.
    metrics["numDeletedRows"] = std::to_string(replaced.rows_deleted);
    metrics["numCopiedRows"] = std::to_string(replaced.rows_copied);
    metrics["numRemovedBytes"] = std::to_string(replaced.bytes_removed);
    metrics["numAddedChangeFiles"] = std::to_string(cdc_files);
    if (replaced.deletion_vectors_added > 0) {
      metrics["numDeletionVectorsAdded"] = std::to_string(replaced.deletion_vectors_added);
    }
  }
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
