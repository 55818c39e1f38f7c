#include "delta/log/action_json_parser.h"

#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <utility>

#include "base/str_cat.h"

namespace lakeml::delta {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

// DO NOT CHANGE: stored in Delta logs (the top-level key of each action line).
constexpr std::string_view kAddKey = "add";
constexpr std::string_view kRemoveKey = "remove";
constexpr std::string_view kMetadataKey = "metaData";
constexpr std::string_view kProtocolKey = "protocol";
constexpr std::string_view kCdcKey = "cdc";
constexpr std::string_view kTxnKey = "txn";
constexpr std::string_view kCommitInfoKey = "commitInfo";
constexpr std::string_view kDomainMetadataKey = "domainMetadata";
constexpr std::string_view kCheckpointMetadataKey = "checkpointMetadata";
constexpr std::string_view kSidecarKey = "sidecar";

// Reads the fields of one action object, producing errors that name the action and field.
// Optional fields accept JSON null as "absent"; required ones do not.
class FieldReader {
 public:
  explicit FieldReader(std::string_view action) : action_(action) {}

  Status MustBe(std::string_view field, std::string_view what) const {
    return Status::Corruption("Invalid ", action_, " action: field '", field, "' must be ", what);
  }
  Status Missing(std::string_view field) const {
    return Status::Corruption("Invalid ", action_, " action: missing field '", field, "'");
  }

  Status Int64(element v, std::string_view field, int64_t* out) const {
    if (v.get_int64().get(*out) != simdjson::SUCCESS) return MustBe(field, "an integer");
    return Status::OK();
  }
  Status Int32(element v, std::string_view field, int32_t* out) const {
    int64_t wide;
    if (v.get_int64().get(wide) != simdjson::SUCCESS ||
        wide < std::numeric_limits<int32_t>::min() || wide > std::numeric_limits<int32_t>::max()) {
      return MustBe(field, "a 32-bit integer");
    }
    *out = static_cast<int32_t>(wide);
    return Status::OK();
  }
  Status Bool(element v, std::string_view field, bool* out) const {
    if (v.get_bool().get(*out) != simdjson::SUCCESS) return MustBe(field, "a boolean");
    return Status::OK();
  }
  Status String(element v, std::string_view field, std::string* out) const {
    std::string_view s;
    if (v.get_string().get(s) != simdjson::SUCCESS) return MustBe(field, "a string");
    out->assign(s.data(), s.size());
    return Status::OK();
  }

  Status OptInt64(element v, std::string_view field, std::optional<int64_t>* out) const {
    if (v.is_null()) {
      out->reset();
      return Status::OK();
    }
    return Int64(v, field, &out->emplace());
  }
  Status OptInt32(element v, std::string_view field, std::optional<int32_t>* out) const {
    if (v.is_null()) {
      out->reset();
      return Status::OK();
    }
    return Int32(v, field, &out->emplace());
  }
  Status OptBool(element v, std::string_view field, std::optional<bool>* out) const {
    if (v.is_null()) {
      out->reset();
      return Status::OK();
    }
    return Bool(v, field, &out->emplace());
  }
  Status OptString(element v, std::string_view field, std::optional<std::string>* out) const {
    if (v.is_null()) {
      out->reset();
      return Status::OK();
    }
    return String(v, field, &out->emplace());
  }

  // A JSON object of strings.
  Status Map(element v, std::string_view field, StringMap* out) const {
    object obj;
    if (v.get_object().get(obj) != simdjson::SUCCESS) return MustBe(field, "an object");
    out->clear();
    for (simdjson::dom::key_value_pair kv : obj) {
      std::string_view s;
      if (kv.value.get_string().get(s) != simdjson::SUCCESS) {
        return MustBe(field, "an object of strings");
      }
      out->insert_or_assign(std::string(kv.key), std::string(s));
    }
    return Status::OK();
  }
  Status OptMap(element v, std::string_view field, std::optional<StringMap>* out) const {
    if (v.is_null()) {
      out->reset();
      return Status::OK();
    }
    return Map(v, field, &out->emplace());
  }

  // Partition values: strings kept verbatim, JSON null meaning a null value.
  Status Partitions(element v, std::string_view field, PartitionValues* out) const {
    object obj;
    if (v.get_object().get(obj) != simdjson::SUCCESS) return MustBe(field, "an object");
    out->clear();
    for (simdjson::dom::key_value_pair kv : obj) {
      std::optional<std::string> value;
      if (!kv.value.is_null()) {
        std::string_view s;
        if (kv.value.get_string().get(s) != simdjson::SUCCESS) {
          return MustBe(field, "an object of strings or nulls");
        }
        value.emplace(s);
      }
      out->insert_or_assign(std::string(kv.key), std::move(value));
    }
    return Status::OK();
  }
  Status OptPartitions(element v, std::string_view field,
                       std::optional<PartitionValues>* out) const {
    if (v.is_null()) {
      out->reset();
      return Status::OK();
    }
    return Partitions(v, field, &out->emplace());
  }

  Status StringList(element v, std::string_view field, std::vector<std::string>* out) const {
    array arr;
    if (v.get_array().get(arr) != simdjson::SUCCESS) return MustBe(field, "an array of strings");
    out->clear();
    for (element e : arr) {
      std::string_view s;
      if (e.get_string().get(s) != simdjson::SUCCESS) return MustBe(field, "an array of strings");
      out->emplace_back(s);
    }
    return Status::OK();
  }
  Status OptStringList(element v, std::string_view field,
                       std::optional<std::vector<std::string>>* out) const {
    if (v.is_null()) {
      out->reset();
      return Status::OK();
    }
    return StringList(v, field, &out->emplace());
  }

  Status Object(element v, std::string_view field, object* out) const {
    if (v.get_object().get(*out) != simdjson::SUCCESS) return MustBe(field, "an object");
    return Status::OK();
  }

 private:
  std::string_view action_;
};

// Tracks which required fields an action object had; fields are numbered by their position
// in the `names` list passed to Check.
class RequiredFields {
 public:
  void Saw(int i) { seen_ |= uint32_t{1} << i; }
  template <size_t N>
  Status Check(const FieldReader& r, const std::string_view (&names)[N]) const {
    static_assert(N <= 32);
    for (size_t i = 0; i < N; ++i) {
      if (!(seen_ & (uint32_t{1} << i))) return r.Missing(names[i]);
    }
    return Status::OK();
  }

 private:
  uint32_t seen_ = 0;
};

// PROTOCOL.md, "Deletion Vector Descriptor Schema".
Status ParseDeletionVector(const FieldReader& r, element v, DeletionVectorDescriptor* dv) {
  object obj;
  LAKEML_RETURN_IF_ERROR(r.Object(v, "deletionVector", &obj));
  static constexpr std::string_view kRequired[] = {
      "deletionVector.storageType", "deletionVector.pathOrInlineDv", "deletionVector.sizeInBytes",
      "deletionVector.cardinality"};
  RequiredFields req;
  for (simdjson::dom::key_value_pair kv : obj) {
    const std::string_view key = kv.key;
    if (key == "storageType") {
      std::string_view s;
      if (kv.value.get_string().get(s) != simdjson::SUCCESS || s.size() != 1) {
        return r.MustBe(kRequired[0], "a one-character string");
      }
      dv->storage_type = s[0];
      req.Saw(0);
    } else if (key == "pathOrInlineDv") {
      LAKEML_RETURN_IF_ERROR(r.String(kv.value, kRequired[1], &dv->path_or_inline_dv));
      req.Saw(1);
    } else if (key == "offset") {
      LAKEML_RETURN_IF_ERROR(r.OptInt32(kv.value, "deletionVector.offset", &dv->offset));
    } else if (key == "sizeInBytes") {
      LAKEML_RETURN_IF_ERROR(r.Int32(kv.value, kRequired[2], &dv->size_in_bytes));
      req.Saw(2);
    } else if (key == "cardinality") {
      LAKEML_RETURN_IF_ERROR(r.Int64(kv.value, kRequired[3], &dv->cardinality));
      req.Saw(3);
    } else if (key == "maxRowIndex") {
      LAKEML_RETURN_IF_ERROR(
          r.OptInt64(kv.value, "deletionVector.maxRowIndex", &dv->max_row_index));
    }
  }
  return req.Check(r, kRequired);
}

Status ParseOptDeletionVector(const FieldReader& r, element v,
                              std::optional<DeletionVectorDescriptor>* out) {
  if (v.is_null()) {
    out->reset();
    return Status::OK();
  }
  return ParseDeletionVector(r, v, &out->emplace());
}

Status ParseProtocol(object obj, Protocol* p) {
  const FieldReader r(kProtocolKey);
  static constexpr std::string_view kRequired[] = {"minReaderVersion", "minWriterVersion"};
  RequiredFields req;
  for (simdjson::dom::key_value_pair kv : obj) {
    const std::string_view key = kv.key;
    if (key == kRequired[0]) {
      LAKEML_RETURN_IF_ERROR(r.Int32(kv.value, key, &p->min_reader_version));
      req.Saw(0);
    } else if (key == kRequired[1]) {
      LAKEML_RETURN_IF_ERROR(r.Int32(kv.value, key, &p->min_writer_version));
      req.Saw(1);
    } else if (key == "readerFeatures") {
      LAKEML_RETURN_IF_ERROR(r.OptStringList(kv.value, key, &p->reader_features));
    } else if (key == "writerFeatures") {
      LAKEML_RETURN_IF_ERROR(r.OptStringList(kv.value, key, &p->writer_features));
    }
  }
  return req.Check(r, kRequired);
}

Status ParseFormat(const FieldReader& r, element v, Format* format) {
  object obj;
  LAKEML_RETURN_IF_ERROR(r.Object(v, "format", &obj));
  static constexpr std::string_view kRequired[] = {"format.provider"};
  RequiredFields req;
  for (simdjson::dom::key_value_pair kv : obj) {
    const std::string_view key = kv.key;
    if (key == "provider") {
      LAKEML_RETURN_IF_ERROR(r.String(kv.value, kRequired[0], &format->provider));
      req.Saw(0);
    } else if (key == "options") {
      // Optional in practice: Spark's Format defaults it to an empty map.
      if (!kv.value.is_null()) {
        LAKEML_RETURN_IF_ERROR(r.Map(kv.value, "format.options", &format->options));
      }
    }
  }
  return req.Check(r, kRequired);
}

Status ParseMetadata(object obj, Metadata* m) {
  const FieldReader r(kMetadataKey);
  // PROTOCOL.md marks schemaString required too, but hand-written upstream test tables
  // (delta-io/delta golden tables such as canonicalized-paths-normal-a) omit it and Spark
  // reads them, so a missing schemaString reads as "" and is left to the snapshot to judge.
  static constexpr std::string_view kRequired[] = {"id", "format", "partitionColumns",
                                                   "configuration"};
  RequiredFields req;
  for (simdjson::dom::key_value_pair kv : obj) {
    const std::string_view key = kv.key;
    if (key == "id") {
      LAKEML_RETURN_IF_ERROR(r.String(kv.value, key, &m->id));
      req.Saw(0);
    } else if (key == "name") {
      LAKEML_RETURN_IF_ERROR(r.OptString(kv.value, key, &m->name));
    } else if (key == "description") {
      LAKEML_RETURN_IF_ERROR(r.OptString(kv.value, key, &m->description));
    } else if (key == "format") {
      LAKEML_RETURN_IF_ERROR(ParseFormat(r, kv.value, &m->format));
      req.Saw(1);
    } else if (key == "schemaString") {
      LAKEML_RETURN_IF_ERROR(r.String(kv.value, key, &m->schema_string));
    } else if (key == "partitionColumns") {
      LAKEML_RETURN_IF_ERROR(r.StringList(kv.value, key, &m->partition_columns));
      req.Saw(2);
    } else if (key == "configuration") {
      LAKEML_RETURN_IF_ERROR(r.Map(kv.value, key, &m->configuration));
      req.Saw(3);
    } else if (key == "createdTime") {
      LAKEML_RETURN_IF_ERROR(r.OptInt64(kv.value, key, &m->created_time));
    }
  }
  return req.Check(r, kRequired);
}

Status ParseAdd(object obj, AddFile* add) {
  const FieldReader r(kAddKey);
  static constexpr std::string_view kRequired[] = {"path", "partitionValues", "size",
                                                   "modificationTime", "dataChange"};
  RequiredFields req;
  for (simdjson::dom::key_value_pair kv : obj) {
    const std::string_view key = kv.key;
    if (key == "path") {
      LAKEML_RETURN_IF_ERROR(r.String(kv.value, key, &add->path));
      req.Saw(0);
    } else if (key == "partitionValues") {
      LAKEML_RETURN_IF_ERROR(r.Partitions(kv.value, key, &add->partition_values));
      req.Saw(1);
    } else if (key == "size") {
      LAKEML_RETURN_IF_ERROR(r.Int64(kv.value, key, &add->size));
      req.Saw(2);
    } else if (key == "modificationTime") {
      LAKEML_RETURN_IF_ERROR(r.Int64(kv.value, key, &add->modification_time));
      req.Saw(3);
    } else if (key == "dataChange") {
      LAKEML_RETURN_IF_ERROR(r.Bool(kv.value, key, &add->data_change));
      req.Saw(4);
    } else if (key == "stats") {
      // A JSON string holding JSON; kept as the string's (unescaped) content.
      LAKEML_RETURN_IF_ERROR(r.OptString(kv.value, key, &add->stats));
    } else if (key == "tags") {
      LAKEML_RETURN_IF_ERROR(r.OptMap(kv.value, key, &add->tags));
    } else if (key == "deletionVector") {
      LAKEML_RETURN_IF_ERROR(ParseOptDeletionVector(r, kv.value, &add->deletion_vector));
    } else if (key == "baseRowId") {
      LAKEML_RETURN_IF_ERROR(r.OptInt64(kv.value, key, &add->base_row_id));
    } else if (key == "defaultRowCommitVersion") {
      LAKEML_RETURN_IF_ERROR(r.OptInt64(kv.value, key, &add->default_row_commit_version));
    } else if (key == "clusteringProvider") {
      LAKEML_RETURN_IF_ERROR(r.OptString(kv.value, key, &add->clustering_provider));
    }
  }
  return req.Check(r, kRequired);
}

Status ParseRemove(object obj, RemoveFile* remove) {
  const FieldReader r(kRemoveKey);
  static constexpr std::string_view kRequired[] = {"path", "dataChange"};
  RequiredFields req;
  for (simdjson::dom::key_value_pair kv : obj) {
    const std::string_view key = kv.key;
    if (key == "path") {
      LAKEML_RETURN_IF_ERROR(r.String(kv.value, key, &remove->path));
      req.Saw(0);
    } else if (key == "deletionTimestamp") {
      LAKEML_RETURN_IF_ERROR(r.OptInt64(kv.value, key, &remove->deletion_timestamp));
    } else if (key == "dataChange") {
      LAKEML_RETURN_IF_ERROR(r.Bool(kv.value, key, &remove->data_change));
      req.Saw(1);
    } else if (key == "extendedFileMetadata") {
      LAKEML_RETURN_IF_ERROR(r.OptBool(kv.value, key, &remove->extended_file_metadata));
    } else if (key == "partitionValues") {
      LAKEML_RETURN_IF_ERROR(r.OptPartitions(kv.value, key, &remove->partition_values));
    } else if (key == "size") {
      LAKEML_RETURN_IF_ERROR(r.OptInt64(kv.value, key, &remove->size));
    } else if (key == "stats") {
      LAKEML_RETURN_IF_ERROR(r.OptString(kv.value, key, &remove->stats));
    } else if (key == "tags") {
      LAKEML_RETURN_IF_ERROR(r.OptMap(kv.value, key, &remove->tags));
    } else if (key == "deletionVector") {
      LAKEML_RETURN_IF_ERROR(ParseOptDeletionVector(r, kv.value, &remove->deletion_vector));
    } else if (key == "baseRowId") {
      LAKEML_RETURN_IF_ERROR(r.OptInt64(kv.value, key, &remove->base_row_id));
    } else if (key == "defaultRowCommitVersion") {
      LAKEML_RETURN_IF_ERROR(r.OptInt64(kv.value, key, &remove->default_row_commit_version));
    }
  }
  return req.Check(r, kRequired);
}

Status ParseCdc(object obj, AddCdcFile* cdc) {
  const FieldReader r(kCdcKey);
  static constexpr std::string_view kRequired[] = {"path", "partitionValues", "size", "dataChange"};
  RequiredFields req;
  for (simdjson::dom::key_value_pair kv : obj) {
    const std::string_view key = kv.key;
    if (key == "path") {
      LAKEML_RETURN_IF_ERROR(r.String(kv.value, key, &cdc->path));
      req.Saw(0);
    } else if (key == "partitionValues") {
      LAKEML_RETURN_IF_ERROR(r.Partitions(kv.value, key, &cdc->partition_values));
      req.Saw(1);
    } else if (key == "size") {
      LAKEML_RETURN_IF_ERROR(r.Int64(kv.value, key, &cdc->size));
      req.Saw(2);
    } else if (key == "dataChange") {
      LAKEML_RETURN_IF_ERROR(r.Bool(kv.value, key, &cdc->data_change));
      req.Saw(3);
    } else if (key == "tags") {
      LAKEML_RETURN_IF_ERROR(r.OptMap(kv.value, key, &cdc->tags));
    }
  }
  return req.Check(r, kRequired);
}

Status ParseTxn(object obj, SetTransaction* txn) {
  const FieldReader r(kTxnKey);
  static constexpr std::string_view kRequired[] = {"appId", "version"};
  RequiredFields req;
  for (simdjson::dom::key_value_pair kv : obj) {
    const std::string_view key = kv.key;
    if (key == "appId") {
      LAKEML_RETURN_IF_ERROR(r.String(kv.value, key, &txn->app_id));
      req.Saw(0);
    } else if (key == "version") {
      LAKEML_RETURN_IF_ERROR(r.Int64(kv.value, key, &txn->version));
      req.Saw(1);
    } else if (key == "lastUpdated") {
      LAKEML_RETURN_IF_ERROR(r.OptInt64(kv.value, key, &txn->last_updated));
    }
  }
  return req.Check(r, kRequired);
}

// "Implementations are free to store any valid JSON-formatted data via the `commitInfo`
// action": the whole object is kept (minified) next to the few fields lakeml reads.
Status ParseCommitInfo(object obj, CommitInfo* info) {
  const FieldReader r(kCommitInfoKey);
  for (simdjson::dom::key_value_pair kv : obj) {
    const std::string_view key = kv.key;
    if (key == "timestamp") {
      LAKEML_RETURN_IF_ERROR(r.OptInt64(kv.value, key, &info->timestamp));
    } else if (key == "inCommitTimestamp") {
      LAKEML_RETURN_IF_ERROR(r.OptInt64(kv.value, key, &info->in_commit_timestamp));
    } else if (key == "operation") {
      LAKEML_RETURN_IF_ERROR(r.OptString(kv.value, key, &info->operation));
    }
  }
  info->json = simdjson::minify(obj);
  return Status::OK();
}

Status ParseDomainMetadata(object obj, DomainMetadata* dm) {
  const FieldReader r(kDomainMetadataKey);
  static constexpr std::string_view kRequired[] = {"domain", "configuration", "removed"};
  RequiredFields req;
  for (simdjson::dom::key_value_pair kv : obj) {
    const std::string_view key = kv.key;
    if (key == "domain") {
      LAKEML_RETURN_IF_ERROR(r.String(kv.value, key, &dm->domain));
      req.Saw(0);
    } else if (key == "configuration") {
      LAKEML_RETURN_IF_ERROR(r.String(kv.value, key, &dm->configuration));
      req.Saw(1);
    } else if (key == "removed") {
      LAKEML_RETURN_IF_ERROR(r.Bool(kv.value, key, &dm->removed));
      req.Saw(2);
    }
  }
  return req.Check(r, kRequired);
}

Status ParseCheckpointMetadata(object obj, CheckpointMetadata* cm) {
  const FieldReader r(kCheckpointMetadataKey);
  static constexpr std::string_view kRequired[] = {"version"};
  RequiredFields req;
  for (simdjson::dom::key_value_pair kv : obj) {
    const std::string_view key = kv.key;
    if (key == "version") {
      LAKEML_RETURN_IF_ERROR(r.Int64(kv.value, key, &cm->version));
      req.Saw(0);
    } else if (key == "tags") {
      LAKEML_RETURN_IF_ERROR(r.OptMap(kv.value, key, &cm->tags));
    }
  }
  return req.Check(r, kRequired);
}

Status ParseSidecar(object obj, Sidecar* sidecar) {
  const FieldReader r(kSidecarKey);
  static constexpr std::string_view kRequired[] = {"path", "sizeInBytes", "modificationTime"};
  RequiredFields req;
  for (simdjson::dom::key_value_pair kv : obj) {
    const std::string_view key = kv.key;
    if (key == "path") {
      LAKEML_RETURN_IF_ERROR(r.String(kv.value, key, &sidecar->path));
      req.Saw(0);
    } else if (key == "sizeInBytes") {
      LAKEML_RETURN_IF_ERROR(r.Int64(kv.value, key, &sidecar->size_in_bytes));
      req.Saw(1);
    } else if (key == "modificationTime") {
      LAKEML_RETURN_IF_ERROR(r.Int64(kv.value, key, &sidecar->modification_time));
      req.Saw(2);
    } else if (key == "tags") {
      LAKEML_RETURN_IF_ERROR(r.OptMap(kv.value, key, &sidecar->tags));
    }
  }
  return req.Check(r, kRequired);
}

// Parses the action object `value` (of top-level key `key`) into a new element of *out.
template <typename T>
Status ParseInto(std::string_view key, element value, Status (*parse)(object, T*),
                 std::vector<Action>* out) {
  object obj;
  if (value.get_object().get(obj) != simdjson::SUCCESS) {
    return Status::Corruption("Invalid ", key, " action: expected a JSON object");
  }
  T& action = std::get<T>(out->emplace_back(std::in_place_type<T>));
  return parse(obj, &action);
}

// Appends the actions of one line's object. "clients can assume that unrecognized actions,
// fields, and/or metadata domains are never required in order to correctly interpret the
// transaction log. Clients must ignore such unrecognized fields" (PROTOCOL.md, "Protocol
// Evolution"): unknown keys are skipped. A known key holding null is absent, as in a
// checkpoint row. Should a line hold several known actions, all are kept, in line order.
Status ParseLineObject(object line, std::vector<Action>* out) {
  for (simdjson::dom::key_value_pair kv : line) {
    const std::string_view key = kv.key;
    if (kv.value.is_null()) continue;
    if (key == kAddKey) {
      LAKEML_RETURN_IF_ERROR(ParseInto<AddFile>(key, kv.value, ParseAdd, out));
    } else if (key == kRemoveKey) {
      LAKEML_RETURN_IF_ERROR(ParseInto<RemoveFile>(key, kv.value, ParseRemove, out));
    } else if (key == kCommitInfoKey) {
      LAKEML_RETURN_IF_ERROR(ParseInto<CommitInfo>(key, kv.value, ParseCommitInfo, out));
    } else if (key == kMetadataKey) {
      LAKEML_RETURN_IF_ERROR(ParseInto<Metadata>(key, kv.value, ParseMetadata, out));
    } else if (key == kProtocolKey) {
      LAKEML_RETURN_IF_ERROR(ParseInto<Protocol>(key, kv.value, ParseProtocol, out));
    } else if (key == kCdcKey) {
      LAKEML_RETURN_IF_ERROR(ParseInto<AddCdcFile>(key, kv.value, ParseCdc, out));
    } else if (key == kTxnKey) {
      LAKEML_RETURN_IF_ERROR(ParseInto<SetTransaction>(key, kv.value, ParseTxn, out));
    } else if (key == kDomainMetadataKey) {
      LAKEML_RETURN_IF_ERROR(ParseInto<DomainMetadata>(key, kv.value, ParseDomainMetadata, out));
    } else if (key == kCheckpointMetadataKey) {
      LAKEML_RETURN_IF_ERROR(
          ParseInto<CheckpointMetadata>(key, kv.value, ParseCheckpointMetadata, out));
    } else if (key == kSidecarKey) {
      LAKEML_RETURN_IF_ERROR(ParseInto<Sidecar>(key, kv.value, ParseSidecar, out));
    }
  }
  return Status::OK();
}

bool IsBlank(std::string_view line) {
  for (char c : line) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

}  // namespace

const size_t ActionJsonParser::kPadding = simdjson::SIMDJSON_PADDING;

struct ActionJsonParser::Impl {
  simdjson::dom::parser parser;
  // Scratch copy of unpadded input: capacity bytes, the last kPadding of them never used
  // for content.
  std::unique_ptr<char[]> buffer;
  size_t capacity = 0;
};

ActionJsonParser::ActionJsonParser() : impl_(std::make_unique<Impl>()) {}
ActionJsonParser::~ActionJsonParser() = default;

Status ActionJsonParser::ParseCommit(std::string_view content, std::string_view file_name,
                                     std::vector<Action>* out) {
  const size_t needed = content.size() + kPadding;
  if (needed > impl_->capacity) {
    const size_t capacity = std::max(needed, impl_->capacity * 2);
    impl_->buffer = std::make_unique_for_overwrite<char[]>(capacity);
    impl_->capacity = capacity;
  }
  if (!content.empty()) std::memcpy(impl_->buffer.get(), content.data(), content.size());
  std::memset(impl_->buffer.get() + content.size(), 0, kPadding);
  return ParseCommitPadded(std::string_view(impl_->buffer.get(), content.size()), file_name, out);
}

Status ActionJsonParser::ParseCommitPadded(std::string_view content, std::string_view file_name,
                                           std::vector<Action>* out) {
  const size_t old_size = out->size();
  const char* p = content.data();
  const char* const end = p + content.size();
  int64_t line_number = 0;
  while (p < end) {
    ++line_number;
    const char* newline = static_cast<const char*>(std::memchr(p, '\n', end - p));
    const char* line_end = newline != nullptr ? newline : end;
    const std::string_view line(p, line_end - p);
    p = newline != nullptr ? newline + 1 : end;
    if (IsBlank(line)) continue;

    Status status;
    element root;
    // Lines are parsed in place: the rest of the input (or the padding after its end)
    // provides the readable bytes simdjson needs past each line.
    const simdjson::error_code error =
        impl_->parser
            .parse(reinterpret_cast<const uint8_t*>(line.data()), line.size(),
                   /*realloc_if_needed=*/false)
            .get(root);
    if (error != simdjson::SUCCESS) {
      status = Status::Corruption("Invalid JSON (", simdjson::error_message(error), ")");
    } else {
      object obj;
      if (root.get_object().get(obj) != simdjson::SUCCESS) {
        status = Status::Corruption("Invalid action line: expected a JSON object");
      } else {
        status = ParseLineObject(obj, out);
      }
    }
    if (!status.ok()) {
      out->erase(out->begin() + static_cast<ptrdiff_t>(old_size), out->end());
      return Status(status.code(),
                    StrCat(status.message(), " in ", file_name, " line ", line_number));
    }
  }
  return Status::OK();
}

}  // namespace lakeml::delta
