// Delta log actions (PROTOCOL.md, "Actions"): the plain values a commit file or a checkpoint
// holds, one struct per action kind, and `Action`, the variant of them all.
//
// Field names follow the protocol's JSON names in snake_case. Optional protocol fields are
// std::optional so that a round trip writes back exactly what was read. Plain values;
// thread-safe to read.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "delta/deletion_vector_descriptor.h"

namespace lakeml::delta {

// Partition values by (physical) column name; nullopt is a null value. DO NOT CHANGE the
// spelling of values: stored in Delta logs as strings, unencoded.
using PartitionValues = std::map<std::string, std::optional<std::string>>;
using StringMap = std::map<std::string, std::string>;

struct Protocol {
  int32_t min_reader_version = 1;
  int32_t min_writer_version = 2;
  // Present only when min_reader_version >= 3 / min_writer_version >= 7.
  std::optional<std::vector<std::string>> reader_features;
  std::optional<std::vector<std::string>> writer_features;

  bool operator==(const Protocol&) const = default;
};

struct Format {
  std::string provider = "parquet";
  StringMap options;

  bool operator==(const Format&) const = default;
};

struct Metadata {
  std::string id;
  std::optional<std::string> name;
  std::optional<std::string> description;
  Format format;
  std::string schema_string;
  std::vector<std::string> partition_columns;
  StringMap configuration;
  std::optional<int64_t> created_time;

  bool operator==(const Metadata&) const = default;
};

struct AddFile {
  std::string path;  // A relative or absolute URI, as stored (still percent-encoded).
  PartitionValues partition_values;
  int64_t size = 0;
  int64_t modification_time = 0;
  bool data_change = true;
  std::optional<std::string> stats;  // JSON text.
  std::optional<StringMap> tags;
  std::optional<DeletionVectorDescriptor> deletion_vector;
  std::optional<int64_t> base_row_id;
  std::optional<int64_t> default_row_commit_version;
  std::optional<std::string> clustering_provider;

  bool operator==(const AddFile&) const = default;
};

struct RemoveFile {
  std::string path;
  std::optional<int64_t> deletion_timestamp;
  bool data_change = true;
  std::optional<bool> extended_file_metadata;
  std::optional<PartitionValues> partition_values;
  std::optional<int64_t> size;
  std::optional<std::string> stats;
  std::optional<StringMap> tags;
  std::optional<DeletionVectorDescriptor> deletion_vector;
  std::optional<int64_t> base_row_id;
  std::optional<int64_t> default_row_commit_version;

  bool operator==(const RemoveFile&) const = default;
};

struct AddCdcFile {
  std::string path;
  PartitionValues partition_values;
  int64_t size = 0;
  bool data_change = false;
  std::optional<StringMap> tags;

  bool operator==(const AddCdcFile&) const = default;
};

// The `txn` action: the latest version an application committed, for idempotent writes.
struct SetTransaction {
  std::string app_id;
  int64_t version = 0;
  std::optional<int64_t> last_updated;

  bool operator==(const SetTransaction&) const = default;
};

// commitInfo is free-form; `json` keeps the whole object so that nothing is lost.
struct CommitInfo {
  std::string json;  // The complete JSON object text.
  std::optional<int64_t> timestamp;
  std::optional<int64_t> in_commit_timestamp;
  std::optional<std::string> operation;

  bool operator==(const CommitInfo&) const = default;
};

struct DomainMetadata {
  std::string domain;
  std::string configuration;  // Opaque text, usually JSON.
  bool removed = false;

  bool operator==(const DomainMetadata&) const = default;
};

// Only in V2 checkpoints.
struct CheckpointMetadata {
  int64_t version = 0;
  std::optional<StringMap> tags;

  bool operator==(const CheckpointMetadata&) const = default;
};

// Only in V2 checkpoints: a file under _delta_log/_sidecars holding add/remove actions.
struct Sidecar {
  std::string path;
  int64_t size_in_bytes = 0;
  int64_t modification_time = 0;
  std::optional<StringMap> tags;

  bool operator==(const Sidecar&) const = default;
};

// The remove action that retires `add` (its partition values, size, stats, tags and DV kept,
// extendedFileMetadata set, as Spark writes it). No deletion_timestamp: the transaction stamps
// it at commit.
inline RemoveFile RemoveOf(const AddFile& add, std::optional<int64_t> deletion_timestamp,
                           bool data_change) {
  RemoveFile rm;
  rm.path = add.path;
  rm.deletion_timestamp = deletion_timestamp;
  rm.data_change = data_change;
  rm.extended_file_metadata = true;
  rm.partition_values = add.partition_values;
  rm.size = add.size;
  rm.stats = add.stats;
  rm.tags = add.tags;
  rm.deletion_vector = add.deletion_vector;
  rm.base_row_id = add.base_row_id;
  rm.default_row_commit_version = add.default_row_commit_version;
  return rm;
}

using Action = std::variant<Protocol, Metadata, AddFile, RemoveFile, AddCdcFile, SetTransaction,
                            CommitInfo, DomainMetadata, CheckpointMetadata, Sidecar>;

}  // namespace lakeml::delta
