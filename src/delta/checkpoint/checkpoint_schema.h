// CheckpointSchema: the column layout of a Delta checkpoint Parquet file (PROTOCOL.md,
// "Checkpoint Schema"): one top-level struct column per action type, every field nullable
// ("Any missing column should be treated as null"), map keys required, in the names, nesting and
// field order Spark (Delta 3.x/4.x) writes, so that Spark, delta-rs and DuckDB read our
// checkpoints exactly like theirs:
//
//   txn, add, remove, metaData, protocol, domainMetadata [, checkpointMetadata, sidecar (V2)]
//
// `add` ends with stats (JSON text), then partitionValues_parsed and stats_parsed when written.
// Remove tombstones carry no stats or tags ("remove actions stored in checkpoints act only as
// tombstones for VACUUM"). Sidecar files hold only the add and remove columns.
//
// Stateless; thread-safe.
#pragma once

#include "columnar/data_type.h"
#include "columnar/schema.h"

namespace lakeml::delta {

// DO NOT CHANGE: column and field names stored in Delta checkpoints.
struct CheckpointColumn {
  static constexpr char kTxn[] = "txn";
  static constexpr char kAdd[] = "add";
  static constexpr char kRemove[] = "remove";
  static constexpr char kMetadata[] = "metaData";
  static constexpr char kProtocol[] = "protocol";
  static constexpr char kDomainMetadata[] = "domainMetadata";
  static constexpr char kCheckpointMetadata[] = "checkpointMetadata";
  static constexpr char kSidecar[] = "sidecar";
  static constexpr char kStats[] = "stats";
  static constexpr char kStatsParsed[] = "stats_parsed";
  static constexpr char kPartitionValues[] = "partitionValues";
  static constexpr char kPartitionValuesParsed[] = "partitionValues_parsed";
};

class CheckpointSchema {
 public:
  struct AddOptions {
    bool stats_json = true;
    // Null when not written.
    columnar::TypePtr partition_values_parsed;
    columnar::TypePtr stats_parsed;
  };

  static columnar::TypePtr StringMap();
  static columnar::TypePtr StringList();
  static columnar::TypePtr DeletionVector();
  static columnar::TypePtr Txn();
  static columnar::TypePtr Add(const AddOptions& options);
  static columnar::TypePtr Remove();
  static columnar::TypePtr Metadata();
  static columnar::TypePtr Protocol();
  static columnar::TypePtr DomainMetadata();
  static columnar::TypePtr CheckpointMetadata();
  static columnar::TypePtr Sidecar();

  // The whole file schema; `v2` adds checkpointMetadata and sidecar.
  static columnar::SchemaPtr Make(const AddOptions& add, bool v2);
};

}  // namespace lakeml::delta
