#include "delta/checkpoint/checkpoint_schema.h"

#include <memory>
#include <vector>

namespace lakeml::delta {

using columnar::DataType;
using columnar::Field;
using columnar::TypeId;
using columnar::TypePtr;

namespace {

TypePtr String() { return DataType::String(); }
TypePtr Int32() { return DataType::Primitive(TypeId::kInt32); }
TypePtr Int64() { return DataType::Primitive(TypeId::kInt64); }
TypePtr Bool() { return DataType::Primitive(TypeId::kBoolean); }

// Spark writes every checkpoint field as nullable.
Field F(const char* name, TypePtr type) { return Field{name, std::move(type), /*nullable=*/true}; }

}  // namespace

TypePtr CheckpointSchema::StringMap() {
  static const TypePtr type =
      DataType::Map(Field{"key", String(), false}, Field{"value", String(), true});
  return type;
}

TypePtr CheckpointSchema::StringList() {
  static const TypePtr type = DataType::List(Field{"element", String(), true});
  return type;
}

TypePtr CheckpointSchema::DeletionVector() {
  static const TypePtr type = DataType::Struct({
      F("storageType", String()),
      F("pathOrInlineDv", String()),
      F("offset", Int32()),
      F("sizeInBytes", Int32()),
      F("cardinality", Int64()),
      F("maxRowIndex", Int64()),
  });
  return type;
}

TypePtr CheckpointSchema::Txn() {
  static const TypePtr type = DataType::Struct({
      F("appId", String()),
      F("version", Int64()),
      F("lastUpdated", Int64()),
  });
  return type;
}

TypePtr CheckpointSchema::Add(const AddOptions& options) {
  std::vector<Field> fields = {
      F("path", String()),
      F(CheckpointColumn::kPartitionValues, StringMap()),
      F("size", Int64()),
      F("modificationTime", Int64()),
      F("dataChange", Bool()),
      F("tags", StringMap()),
      F("deletionVector", DeletionVector()),
      F("baseRowId", Int64()),
      F("defaultRowCommitVersion", Int64()),
      F("clusteringProvider", String()),
  };
  if (options.stats_json) fields.push_back(F(CheckpointColumn::kStats, String()));
  if (options.partition_values_parsed) {
    fields.push_back(F(CheckpointColumn::kPartitionValuesParsed, options.partition_values_parsed));
  }
  if (options.stats_parsed) {
    fields.push_back(F(CheckpointColumn::kStatsParsed, options.stats_parsed));
  }
  return DataType::Struct(std::move(fields));
}

TypePtr CheckpointSchema::Remove() {
  static const TypePtr type = DataType::Struct({
      F("path", String()),
      F("deletionTimestamp", Int64()),
      F("dataChange", Bool()),
      F("extendedFileMetadata", Bool()),
      F(CheckpointColumn::kPartitionValues, StringMap()),
      F("size", Int64()),
      F("deletionVector", DeletionVector()),
      F("baseRowId", Int64()),
      F("defaultRowCommitVersion", Int64()),
  });
  return type;
}

TypePtr CheckpointSchema::Metadata() {
  static const TypePtr type = DataType::Struct({
      F("id", String()),
      F("name", String()),
      F("description", String()),
      F("format", DataType::Struct({F("provider", String()), F("options", StringMap())})),
      F("schemaString", String()),
      F("partitionColumns", StringList()),
      F("configuration", StringMap()),
      F("createdTime", Int64()),
  });
  return type;
}

TypePtr CheckpointSchema::Protocol() {
  static const TypePtr type = DataType::Struct({
      F("minReaderVersion", Int32()),
      F("minWriterVersion", Int32()),
      F("readerFeatures", StringList()),
      F("writerFeatures", StringList()),
  });
  return type;
}

TypePtr CheckpointSchema::DomainMetadata() {
  static const TypePtr type = DataType::Struct({
      F("domain", String()),
      F("configuration", String()),
      F("removed", Bool()),
  });
  return type;
}

TypePtr CheckpointSchema::CheckpointMetadata() {
  static const TypePtr type = DataType::Struct({
      F("version", Int64()),
      F("tags", StringMap()),
  });
  return type;
}

TypePtr CheckpointSchema::Sidecar() {
  static const TypePtr type = DataType::Struct({
      F("path", String()),
      F("sizeInBytes", Int64()),
      F("modificationTime", Int64()),
      F("tags", StringMap()),
  });
  return type;
}

columnar::SchemaPtr CheckpointSchema::Make(const AddOptions& add, bool v2) {
  std::vector<Field> fields = {
      F(CheckpointColumn::kTxn, Txn()),
      F(CheckpointColumn::kAdd, Add(add)),
      F(CheckpointColumn::kRemove, Remove()),
      F(CheckpointColumn::kMetadata, Metadata()),
      F(CheckpointColumn::kProtocol, Protocol()),
      F(CheckpointColumn::kDomainMetadata, DomainMetadata()),
  };
  if (v2) {
    fields.push_back(F(CheckpointColumn::kCheckpointMetadata, CheckpointMetadata()));
    fields.push_back(F(CheckpointColumn::kSidecar, Sidecar()));
  }
  return std::make_shared<columnar::Schema>(std::move(fields));
}

}  // namespace lakeml::delta
