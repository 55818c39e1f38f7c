#include "delta/checkpoint/checkpoint_reader.h"

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "delta/checkpoint/checkpoint_schema.h"
#include "delta/checkpoint/checkpoint_struct_column.h"
#include "delta/checkpoint/parsed_stats_json.h"
#include "delta/checkpoint/partition_value_text.h"
#include "delta/checkpoint/timestamp_zone_hints.h"
#include "format/parquet/file_reader.h"

namespace lakeml::delta {

namespace {

using columnar::BatchPtr;
using columnar::TypeId;
using columnar::Vector;
using Kind = CheckpointStructColumn::Kind;
using Spec = CheckpointStructColumn::FieldSpec;

// Field indexes into the spec lists below.
enum ProtocolField { kMinReader, kMinWriter, kReaderFeatures, kWriterFeatures };
enum MetadataField {
  kMetaId,
  kMetaName,
  kMetaDescription,
  kMetaFormat,
  kMetaSchema,
  kMetaPartitionColumns,
  kMetaConfiguration,
  kMetaCreatedTime
};
enum FormatField { kProvider, kOptions };
enum TxnField { kAppId, kTxnVersion, kLastUpdated };
enum DomainField { kDomain, kDomainConfiguration, kRemoved };
enum CheckpointMetadataField { kCkptVersion, kCkptTags };
enum SidecarField { kSidecarPath, kSidecarSize, kSidecarModificationTime, kSidecarTags };
enum DvField { kStorageType, kPathOrInlineDv, kDvOffset, kDvSize, kCardinality, kMaxRowIndex };
enum FileField {
  kPath,
  kPartitionValues,
  kSize,
  kModificationTime,
  kDataChange,
  kStats,
  kTags,
  kDeletionVector,
  kBaseRowId,
  kDefaultRowCommitVersion,
  kClusteringProvider,
  kPartitionValuesParsed,
  kStatsParsed,
  kDeletionTimestamp,
  kExtendedFileMetadata,
};

constexpr Spec kProtocolSpecs[] = {{"minReaderVersion", Kind::kInt},
                                   {"minWriterVersion", Kind::kInt},
                                   {"readerFeatures", Kind::kStringList},
                                   {"writerFeatures", Kind::kStringList}};
constexpr Spec kMetadataSpecs[] = {{"id", Kind::kString},
                                   {"name", Kind::kString},
                                   {"description", Kind::kString},
                                   {"format", Kind::kStruct},
                                   {"schemaString", Kind::kString},
                                   {"partitionColumns", Kind::kStringList},
                                   {"configuration", Kind::kStringMap},
                                   {"createdTime", Kind::kInt}};
constexpr Spec kFormatSpecs[] = {{"provider", Kind::kString}, {"options", Kind::kStringMap}};
constexpr Spec kTxnSpecs[] = {
    {"appId", Kind::kString}, {"version", Kind::kInt}, {"lastUpdated", Kind::kInt}};
constexpr Spec kDomainSpecs[] = {
    {"domain", Kind::kString}, {"configuration", Kind::kString}, {"removed", Kind::kBool}};
constexpr Spec kCheckpointMetadataSpecs[] = {{"version", Kind::kInt}, {"tags", Kind::kStringMap}};
constexpr Spec kSidecarSpecs[] = {{"path", Kind::kString},
                                  {"sizeInBytes", Kind::kInt},
                                  {"modificationTime", Kind::kInt},
                                  {"tags", Kind::kStringMap}};
constexpr Spec kDvSpecs[] = {{"storageType", Kind::kString}, {"pathOrInlineDv", Kind::kString},
                             {"offset", Kind::kInt},         {"sizeInBytes", Kind::kInt},
                             {"cardinality", Kind::kInt},    {"maxRowIndex", Kind::kInt}};
// add and remove share one field list; each file has the fields its writer wrote.
constexpr Spec kFileSpecs[] = {
    {"path", Kind::kString},
    {CheckpointColumn::kPartitionValues, Kind::kStringMap},
    {"size", Kind::kInt},
    {"modificationTime", Kind::kInt},
    {"dataChange", Kind::kBool},
    {CheckpointColumn::kStats, Kind::kString},
    {"tags", Kind::kStringMap},
    {"deletionVector", Kind::kStruct},
    {"baseRowId", Kind::kInt},
    {"defaultRowCommitVersion", Kind::kInt},
    {"clusteringProvider", Kind::kString},
    {CheckpointColumn::kPartitionValuesParsed, Kind::kStruct},
    {CheckpointColumn::kStatsParsed, Kind::kStruct},
    {"deletionTimestamp", Kind::kInt},
    {"extendedFileMetadata", Kind::kBool},
};

// Timestamp columns of a Delta schemaString, by physical path: true for `timestamp`, false for
// `timestamp_ntz`. Only structs are followed (statistics and partition values live there).
void CollectTimestampColumns(const nlohmann::json& struct_type, const std::string& prefix,
                             std::map<std::string, bool>* out) {
  auto fields = struct_type.find("fields");
  if (fields == struct_type.end() || !fields->is_array()) return;
  for (const nlohmann::json& f : *fields) {
    if (!f.is_object()) continue;
    auto name_it = f.find("name");
    if (name_it == f.end() || !name_it->is_string()) continue;
    std::string name = name_it->get<std::string>();
    auto md = f.find("metadata");
    if (md != f.end() && md->is_object()) {
      auto phys = md->find("delta.columnMapping.physicalName");
      if (phys != md->end() && phys->is_string()) name = phys->get<std::string>();
    }
    const std::string path = prefix.empty() ? name : prefix + "." + name;
    auto type = f.find("type");
    if (type == f.end()) continue;
    if (type->is_string()) {
      const std::string& t = type->get_ref<const std::string&>();
      if (t == "timestamp") (*out)[path] = true;
      if (t == "timestamp_ntz") (*out)[path] = false;
    } else if (type->is_object()) {
      auto kind = type->find("type");
      if (kind != type->end() && kind->is_string() && kind->get<std::string>() == "struct") {
        CollectTimestampColumns(*type, path, out);
      }
    }
  }
}

class FileDecoder {
 public:
  FileDecoder(const std::string& path, const CheckpointReadOptions& options,
              const parquet::FileReader& reader)
      : path_(path), options_(options), reader_(reader) {}

  // Appends the file's actions to *out; adds go to *adds instead when it is not null.
  Status Run(std::vector<Action>* out, std::vector<AddFile>* adds);

 private:
  // Index of top-level column `name`, or -1.
  int Column(const char* name) const;
  Result<BatchPtr> ReadRowGroup(int g, const std::vector<int>& columns) const;

  Status ReadNonFileActions(std::vector<Action>* out);
  Status ReadFileActions(std::vector<Action>* out, std::vector<AddFile>* adds);
  void BuildHints();

  Status DecodeProtocol(const CheckpointStructColumn& c, int64_t row, Protocol* p) const;
  Status DecodeMetadata(const CheckpointStructColumn& c, const CheckpointStructColumn* format,
                        int64_t row, Metadata* m) const;
  Status DecodeDv(const CheckpointStructColumn& c, int64_t row, DeletionVectorDescriptor* dv) const;
  Status DecodeAdd(const CheckpointStructColumn& c, const CheckpointStructColumn* dv, int64_t row,
                   AddFile* a) const;
  Status DecodeRemove(const CheckpointStructColumn& c, const CheckpointStructColumn* dv,
                      int64_t row, RemoveFile* r) const;
  Status ParsedPartitionValues(const CheckpointStructColumn& c, int64_t row,
                               PartitionValues* out) const;

  const std::string& path_;
  const CheckpointReadOptions& options_;
  const parquet::FileReader& reader_;
  std::vector<int64_t> row_group_base_;
  std::optional<std::string> schema_string_;  // From a metaData row of this file.
  TimestampZoneHints hints_;
  std::optional<ParsedStatsJson> stats_json_;
  std::vector<bool> partition_utc_;  // Per partitionValues_parsed field.
};

int FileDecoder::Column(const char* name) const {
  const auto& fields = reader_.schema()->fields();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

Result<BatchPtr> FileDecoder::ReadRowGroup(int g, const std::vector<int>& columns) const {
  Result<BatchPtr> batch = reader_.ReadRowGroup(g, columns);
  if (!batch.ok()) return batch.status().WithContext("Invalid checkpoint ", path_);
  return batch;
}

Status FileDecoder::Run(std::vector<Action>* out, std::vector<AddFile>* adds) {
  int64_t base = 0;
  for (int g = 0; g < reader_.num_row_groups(); ++g) {
    row_group_base_.push_back(base);
    base += reader_.metadata().row_groups[g].num_rows;
  }
  static constexpr const char* kActionColumns[] = {CheckpointColumn::kAdd,
                                                   CheckpointColumn::kRemove,
                                                   CheckpointColumn::kMetadata,
                                                   CheckpointColumn::kProtocol,
                                                   CheckpointColumn::kTxn,
                                                   CheckpointColumn::kDomainMetadata,
                                                   CheckpointColumn::kCheckpointMetadata,
                                                   CheckpointColumn::kSidecar};
  bool any = false;
  for (const char* c : kActionColumns) any |= Column(c) >= 0;
  if (!any) {
    return Status::Corruption("Invalid checkpoint: no action columns (add, remove, metaData, ",
                              "protocol, ...) in ", path_);
  }
  LAKEML_RETURN_IF_ERROR(ReadNonFileActions(out));
  BuildHints();
  return ReadFileActions(out, adds);
}

void FileDecoder::BuildHints() {
  if (schema_string_) {
    nlohmann::json schema =
        nlohmann::json::parse(*schema_string_, nullptr, /*allow_exceptions=*/false);
    if (schema.is_object()) CollectTimestampColumns(schema, "", &hints_.table_timestamps);
  }
  const parquet::SchemaDescriptor& d = reader_.descriptor();
  for (int leaf = 0; leaf < d.num_leaves(); ++leaf) {
    if (d.leaf(leaf).physical_type == parquet::Type::kInt96) {
      hints_.int96_columns.insert(d.leaf(leaf).path);
    }
  }
}

Status FileDecoder::ReadNonFileActions(std::vector<Action>* out) {
  const int protocol_col = Column(CheckpointColumn::kProtocol);
  const int metadata_col = Column(CheckpointColumn::kMetadata);
  const int txn_col = Column(CheckpointColumn::kTxn);
  const int domain_col = Column(CheckpointColumn::kDomainMetadata);
  const int ckpt_col = Column(CheckpointColumn::kCheckpointMetadata);
  const int sidecar_col = Column(CheckpointColumn::kSidecar);
  std::vector<int> columns;
  for (int c : {protocol_col, metadata_col, txn_col, domain_col, ckpt_col, sidecar_col}) {
    if (c >= 0) columns.push_back(c);
  }
  if (columns.empty()) return Status::OK();
  const auto& fields = reader_.schema()->fields();
  auto make = [&](int col, const char* name,
                  std::span<const Spec> specs) -> Result<std::optional<CheckpointStructColumn>> {
    if (col < 0) return std::optional<CheckpointStructColumn>();
    LAKEML_ASSIGN_OR_RETURN(CheckpointStructColumn c,
                            CheckpointStructColumn::Make(fields[col].type, name, &path_, specs));
    return std::optional<CheckpointStructColumn>(std::move(c));
  };
  LAKEML_ASSIGN_OR_RETURN(auto protocol, make(protocol_col, "protocol", kProtocolSpecs));
  LAKEML_ASSIGN_OR_RETURN(auto metadata, make(metadata_col, "metaData", kMetadataSpecs));
  LAKEML_ASSIGN_OR_RETURN(auto txn, make(txn_col, "txn", kTxnSpecs));
  LAKEML_ASSIGN_OR_RETURN(auto domain, make(domain_col, "domainMetadata", kDomainSpecs));
  LAKEML_ASSIGN_OR_RETURN(auto ckpt,
                          make(ckpt_col, "checkpointMetadata", kCheckpointMetadataSpecs));
  LAKEML_ASSIGN_OR_RETURN(auto sidecar, make(sidecar_col, "sidecar", kSidecarSpecs));
  std::optional<CheckpointStructColumn> format;
  if (metadata && metadata->has(kMetaFormat)) {
    LAKEML_ASSIGN_OR_RETURN(CheckpointStructColumn f,
                            CheckpointStructColumn::Make(metadata->field_type(kMetaFormat),
                                                         "metaData.format", &path_, kFormatSpecs));
    format = std::move(f);
  }

  for (int g = 0; g < reader_.num_row_groups(); ++g) {
    LAKEML_ASSIGN_OR_RETURN(BatchPtr batch, ReadRowGroup(g, columns));
    const int64_t base = row_group_base_[g];
    size_t k = 0;
    for (auto* c : {&protocol, &metadata, &txn, &domain, &ckpt, &sidecar}) {
      if (*c) (*c)->Bind(batch->column(k++).get(), base);
    }
    if (format) format->Bind(metadata->field(kMetaFormat), base);
    for (int64_t row = 0; row < batch->num_rows(); ++row) {
      if (protocol && protocol->IsValid(row)) {
        Protocol p;
        LAKEML_RETURN_IF_ERROR(DecodeProtocol(*protocol, row, &p));
        out->emplace_back(std::move(p));
      }
      if (metadata && metadata->IsValid(row)) {
        Metadata m;
        LAKEML_RETURN_IF_ERROR(DecodeMetadata(*metadata, format ? &*format : nullptr, row, &m));
        if (!schema_string_) schema_string_ = m.schema_string;
        out->emplace_back(std::move(m));
      }
      if (txn && txn->IsValid(row)) {
        SetTransaction t;
        LAKEML_RETURN_IF_ERROR(txn->RequiredString(kAppId, row, &t.app_id));
        LAKEML_RETURN_IF_ERROR(txn->RequiredInt(kTxnVersion, row, &t.version));
        t.last_updated = txn->GetInt(kLastUpdated, row);
        out->emplace_back(std::move(t));
      }
      if (domain && domain->IsValid(row)) {
        DomainMetadata d;
        LAKEML_RETURN_IF_ERROR(domain->RequiredString(kDomain, row, &d.domain));
        LAKEML_RETURN_IF_ERROR(domain->RequiredString(kDomainConfiguration, row, &d.configuration));
        LAKEML_RETURN_IF_ERROR(domain->RequiredBool(kRemoved, row, &d.removed));
        out->emplace_back(std::move(d));
      }
      if (ckpt && ckpt->IsValid(row)) {
        CheckpointMetadata m;
        LAKEML_RETURN_IF_ERROR(ckpt->RequiredInt(kCkptVersion, row, &m.version));
        LAKEML_RETURN_IF_ERROR(ckpt->GetStringMap(kCkptTags, row, &m.tags));
        out->emplace_back(std::move(m));
      }
      if (sidecar && sidecar->IsValid(row)) {
        Sidecar s;
        LAKEML_RETURN_IF_ERROR(sidecar->RequiredString(kSidecarPath, row, &s.path));
        LAKEML_RETURN_IF_ERROR(sidecar->RequiredInt(kSidecarSize, row, &s.size_in_bytes));
        LAKEML_RETURN_IF_ERROR(
            sidecar->RequiredInt(kSidecarModificationTime, row, &s.modification_time));
        LAKEML_RETURN_IF_ERROR(sidecar->GetStringMap(kSidecarTags, row, &s.tags));
        out->emplace_back(std::move(s));
      }
    }
  }
  return Status::OK();
}

Status FileDecoder::DecodeProtocol(const CheckpointStructColumn& c, int64_t row,
                                   Protocol* p) const {
  LAKEML_RETURN_IF_ERROR(c.RequiredInt32(kMinReader, row, &p->min_reader_version));
  LAKEML_RETURN_IF_ERROR(c.RequiredInt32(kMinWriter, row, &p->min_writer_version));
  LAKEML_RETURN_IF_ERROR(c.GetStringList(kReaderFeatures, row, &p->reader_features));
  LAKEML_RETURN_IF_ERROR(c.GetStringList(kWriterFeatures, row, &p->writer_features));
  return Status::OK();
}

Status FileDecoder::DecodeMetadata(const CheckpointStructColumn& c,
                                   const CheckpointStructColumn* format, int64_t row,
                                   Metadata* m) const {
  LAKEML_RETURN_IF_ERROR(c.RequiredString(kMetaId, row, &m->id));
  if (auto s = c.GetString(kMetaName, row)) m->name.emplace(*s);
  if (auto s = c.GetString(kMetaDescription, row)) m->description.emplace(*s);
  if (format != nullptr && c.field(kMetaFormat)->IsValid(row)) {
    LAKEML_RETURN_IF_ERROR(format->RequiredString(kProvider, row, &m->format.provider));
    std::optional<StringMap> options;
    LAKEML_RETURN_IF_ERROR(format->GetStringMap(kOptions, row, &options));
    if (options) m->format.options = std::move(*options);
  }
  // Spark's own test tables hold a metaData whose schemaString is null (Delta's Metadata
  // defaults it to null); it reads as an empty schema and fails where a schema is needed.
  // A file without the field at all is damaged (a renamed column must not read as null).
  if (!c.has(kMetaSchema)) return c.FieldError(kMetaSchema, "is missing", row);
  if (auto s = c.GetString(kMetaSchema, row)) m->schema_string.assign(*s);
  std::optional<std::vector<std::string>> partition_columns;
  LAKEML_RETURN_IF_ERROR(c.GetStringList(kMetaPartitionColumns, row, &partition_columns));
  if (!partition_columns) {
    return c.FieldError(kMetaPartitionColumns,
                        c.has(kMetaPartitionColumns) ? "is null" : "is missing", row);
  }
  m->partition_columns = std::move(*partition_columns);
  std::optional<StringMap> configuration;
  LAKEML_RETURN_IF_ERROR(c.GetStringMap(kMetaConfiguration, row, &configuration));
  if (configuration) m->configuration = std::move(*configuration);
  m->created_time = c.GetInt(kMetaCreatedTime, row);
  return Status::OK();
}

Status FileDecoder::DecodeDv(const CheckpointStructColumn& c, int64_t row,
                             DeletionVectorDescriptor* dv) const {
  std::optional<std::string_view> type = c.GetString(kStorageType, row);
  if (!type) return c.FieldError(kStorageType, c.has(kStorageType) ? "is null" : "is missing", row);
  if (type->size() != 1 || ((*type)[0] != DeletionVectorDescriptor::kInline &&
                            (*type)[0] != DeletionVectorDescriptor::kUuid &&
                            (*type)[0] != DeletionVectorDescriptor::kAbsolute)) {
    return c.FieldError(kStorageType, StrCat("is not one of 'u', 'i', 'p': '", *type, "'"), row);
  }
  dv->storage_type = (*type)[0];
  LAKEML_RETURN_IF_ERROR(c.RequiredString(kPathOrInlineDv, row, &dv->path_or_inline_dv));
  LAKEML_RETURN_IF_ERROR(c.OptionalInt32(kDvOffset, row, &dv->offset));
  LAKEML_RETURN_IF_ERROR(c.RequiredInt32(kDvSize, row, &dv->size_in_bytes));
  LAKEML_RETURN_IF_ERROR(c.RequiredInt(kCardinality, row, &dv->cardinality));
  dv->max_row_index = c.GetInt(kMaxRowIndex, row);
  return Status::OK();
}

Status FileDecoder::ParsedPartitionValues(const CheckpointStructColumn& c, int64_t row,
                                          PartitionValues* out) const {
  const Vector& parsed = *c.field(kPartitionValuesParsed);
  const auto& fields = parsed.type()->children();
  for (size_t i = 0; i < fields.size(); ++i) {
    Result<std::optional<std::string>> text =
        FormatPartitionValue(*parsed.child(i), row, partition_utc_[i]);
    if (!text.ok()) {
      return c.FieldError(kPartitionValuesParsed,
                          StrCat("field ", fields[i].name, ": ", text.status().message()), row);
    }
    out->emplace(fields[i].name, std::move(*text));
  }
  return Status::OK();
}

Status FileDecoder::DecodeAdd(const CheckpointStructColumn& c, const CheckpointStructColumn* dv,
                              int64_t row, AddFile* a) const {
  LAKEML_RETURN_IF_ERROR(c.RequiredString(kPath, row, &a->path));
  std::optional<PartitionValues> pv;
  LAKEML_RETURN_IF_ERROR(c.GetPartitionMap(kPartitionValues, row, &pv));
  if (pv) {
    a->partition_values = std::move(*pv);
  } else if (c.field(kPartitionValuesParsed) && c.field(kPartitionValuesParsed)->IsValid(row)) {
    LAKEML_RETURN_IF_ERROR(ParsedPartitionValues(c, row, &a->partition_values));
  }
  LAKEML_RETURN_IF_ERROR(c.RequiredInt(kSize, row, &a->size));
  LAKEML_RETURN_IF_ERROR(c.RequiredInt(kModificationTime, row, &a->modification_time));
  LAKEML_RETURN_IF_ERROR(c.RequiredBool(kDataChange, row, &a->data_change));
  if (options_.include_stats) {
    if (auto s = c.GetString(kStats, row)) {
      a->stats.emplace(*s);
    } else if (stats_json_ && c.field(kStatsParsed)->IsValid(row)) {
      a->stats.emplace();
      stats_json_->Append(*c.field(kStatsParsed), row, &*a->stats);
    }
  }
  LAKEML_RETURN_IF_ERROR(c.GetStringMap(kTags, row, &a->tags));
  if (dv != nullptr && c.field(kDeletionVector)->IsValid(row)) {
    LAKEML_RETURN_IF_ERROR(DecodeDv(*dv, row, &a->deletion_vector.emplace()));
  }
  a->base_row_id = c.GetInt(kBaseRowId, row);
  a->default_row_commit_version = c.GetInt(kDefaultRowCommitVersion, row);
  if (auto s = c.GetString(kClusteringProvider, row)) a->clustering_provider.emplace(*s);
  return Status::OK();
}

Status FileDecoder::DecodeRemove(const CheckpointStructColumn& c, const CheckpointStructColumn* dv,
                                 int64_t row, RemoveFile* r) const {
  LAKEML_RETURN_IF_ERROR(c.RequiredString(kPath, row, &r->path));
  r->deletion_timestamp = c.GetInt(kDeletionTimestamp, row);
  LAKEML_RETURN_IF_ERROR(c.RequiredBool(kDataChange, row, &r->data_change));
  r->extended_file_metadata = c.GetBool(kExtendedFileMetadata, row);
  LAKEML_RETURN_IF_ERROR(c.GetPartitionMap(kPartitionValues, row, &r->partition_values));
  r->size = c.GetInt(kSize, row);
  if (options_.include_stats) {
    if (auto s = c.GetString(kStats, row)) r->stats.emplace(*s);
  }
  LAKEML_RETURN_IF_ERROR(c.GetStringMap(kTags, row, &r->tags));
  if (dv != nullptr && c.field(kDeletionVector)->IsValid(row)) {
    LAKEML_RETURN_IF_ERROR(DecodeDv(*dv, row, &r->deletion_vector.emplace()));
  }
  r->base_row_id = c.GetInt(kBaseRowId, row);
  r->default_row_commit_version = c.GetInt(kDefaultRowCommitVersion, row);
  return Status::OK();
}

Status FileDecoder::ReadFileActions(std::vector<Action>* out, std::vector<AddFile>* adds) {
  const int add_col = Column(CheckpointColumn::kAdd);
  const int remove_col = options_.include_remove ? Column(CheckpointColumn::kRemove) : -1;
  std::vector<int> columns;
  for (int c : {add_col, remove_col}) {
    if (c >= 0) columns.push_back(c);
  }
  if (columns.empty()) return Status::OK();
  const auto& fields = reader_.schema()->fields();
  std::optional<CheckpointStructColumn> add, remove, add_dv, remove_dv;
  if (add_col >= 0) {
    LAKEML_ASSIGN_OR_RETURN(
        add, CheckpointStructColumn::Make(fields[add_col].type, "add", &path_, kFileSpecs));
    if (add->has(kDeletionVector)) {
      LAKEML_ASSIGN_OR_RETURN(add_dv,
                              CheckpointStructColumn::Make(add->field_type(kDeletionVector),
                                                           "add.deletionVector", &path_, kDvSpecs));
    }
    if (add->has(kStatsParsed) && options_.include_stats) {
      stats_json_ =
          ParsedStatsJson::Make(add->field_type(kStatsParsed), "add.stats_parsed", hints_);
    }
    if (add->has(kPartitionValuesParsed)) {
      for (const columnar::Field& f : add->field_type(kPartitionValuesParsed)->children()) {
        partition_utc_.push_back(
            f.type->id() == TypeId::kTimestamp &&
            hints_.IsUtc(f.name, "add.partitionValues_parsed." + f.name, f.type->utc()));
      }
    }
  }
  if (remove_col >= 0) {
    LAKEML_ASSIGN_OR_RETURN(remove, CheckpointStructColumn::Make(fields[remove_col].type, "remove",
                                                                 &path_, kFileSpecs));
    if (remove->has(kDeletionVector)) {
      LAKEML_ASSIGN_OR_RETURN(
          remove_dv, CheckpointStructColumn::Make(remove->field_type(kDeletionVector),
                                                  "remove.deletionVector", &path_, kDvSpecs));
    }
  }

  for (int g = 0; g < reader_.num_row_groups(); ++g) {
    LAKEML_ASSIGN_OR_RETURN(BatchPtr batch, ReadRowGroup(g, columns));
    const int64_t base = row_group_base_[g];
    size_t k = 0;
    if (add) {
      add->Bind(batch->column(k++).get(), base);
      if (add_dv) add_dv->Bind(add->field(kDeletionVector), base);
    }
    if (remove) {
      remove->Bind(batch->column(k++).get(), base);
      if (remove_dv) remove_dv->Bind(remove->field(kDeletionVector), base);
    }
    const int64_t rows = batch->num_rows();
    int64_t file_rows = 0;
    for (size_t c = 0; c < batch->num_columns(); ++c) {
      file_rows += rows - batch->column(c)->null_count();
    }
    // Actions are decoded in place (an AddFile is 360 bytes; moving 100,000 of them shows).
    // On error the caller drops everything this file appended.
    if (adds != nullptr) {
      // Exact room for this row group's adds (one allocation for a one-row-group file).
      const size_t add_rows =
          add ? static_cast<size_t>(rows - batch->column(0)->null_count()) : size_t{0};
      const size_t needed = adds->size() + add_rows;
      if (needed > adds->capacity()) {
        adds->reserve(std::max(needed + options_.reserve_extra_adds, adds->capacity() * 2));
      }
      for (int64_t row = 0; row < rows; ++row) {
        if (add && add->IsValid(row)) {
          LAKEML_RETURN_IF_ERROR(
              DecodeAdd(*add, add_dv ? &*add_dv : nullptr, row, &adds->emplace_back()));
        }
        if (remove && remove->IsValid(row)) {
          auto& r = std::get<RemoveFile>(out->emplace_back(std::in_place_type<RemoveFile>));
          LAKEML_RETURN_IF_ERROR(
              DecodeRemove(*remove, remove_dv ? &*remove_dv : nullptr, row, &r));
        }
      }
      continue;
    }
    // Room for this row group's actions, growing geometrically across calls.
    const size_t needed = out->size() + static_cast<size_t>(file_rows);
    if (needed > out->capacity()) out->reserve(std::max(needed, out->capacity() * 2));
    for (int64_t row = 0; row < rows; ++row) {
      if (add && add->IsValid(row)) {
        auto& a = std::get<AddFile>(out->emplace_back(std::in_place_type<AddFile>));
        LAKEML_RETURN_IF_ERROR(DecodeAdd(*add, add_dv ? &*add_dv : nullptr, row, &a));
      }
      if (remove && remove->IsValid(row)) {
        auto& r = std::get<RemoveFile>(out->emplace_back(std::in_place_type<RemoveFile>));
        LAKEML_RETURN_IF_ERROR(DecodeRemove(*remove, remove_dv ? &*remove_dv : nullptr, row, &r));
      }
    }
  }
  return Status::OK();
}

}  // namespace

namespace {

Status ReadInto(io::FileSystem& fs, const std::string& path, const CheckpointReadOptions& options,
                std::vector<Action>* out, std::vector<AddFile>* adds, bool* has_add_column) {
  parquet::ReaderOptions reader_options;
  reader_options.num_threads = 1;
  Result<std::unique_ptr<parquet::FileReader>> reader =
      parquet::FileReader::Open(&fs, path, reader_options);
  if (!reader.ok()) return reader.status().WithContext("Invalid checkpoint");
  if (has_add_column != nullptr) {
    for (const columnar::Field& f : (*reader)->schema()->fields()) {
      *has_add_column |= f.name == CheckpointColumn::kAdd;
    }
  }
  const size_t before = out->size();
  const size_t adds_before = adds != nullptr ? adds->size() : 0;
  FileDecoder decoder(path, options, **reader);
  Status s = decoder.Run(out, adds);
  if (!s.ok()) {
    // Never a partial result: drop what this file appended.
    out->erase(out->begin() + static_cast<std::ptrdiff_t>(before), out->end());
    if (adds != nullptr) adds->resize(adds_before);
  }
  return s;
}

}  // namespace

Status ReadCheckpointFile(io::FileSystem& fs, const std::string& path,
                          const CheckpointReadOptions& options, std::vector<Action>* out) {
  return ReadInto(fs, path, options, out, nullptr, nullptr);
}

Status ReadCheckpointFile(io::FileSystem& fs, const std::string& path,
                          const CheckpointReadOptions& options, CheckpointActions* out) {
  return ReadInto(fs, path, options, &out->others, &out->adds, &out->has_add_column);
}

}  // namespace lakeml::delta
