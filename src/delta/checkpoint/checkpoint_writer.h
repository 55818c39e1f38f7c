// WriteCheckpointFile: writes actions as one Delta checkpoint Parquet file (PROTOCOL.md,
// "Checkpoints") in the layout Spark writes (see CheckpointSchema), so that Spark, delta-rs and
// DuckDB read it as they read their own.
//
// The actions are written one per row in the order given. Checkpoints "must not preserve commit
// provenance information nor change data actions", so commitInfo and cdc actions are skipped,
// and so are domainMetadata tombstones (removed = true): a checkpoint holds only "Domain
// Metadata that have not been removed". Remove tombstones lose stats and tags, which checkpoints
// do not store. A V2 checkpoint (`v2`) gets the columns checkpointMetadata and sidecar; if the
// actions hold no checkpointMetadata, one is written first with the version taken from the file
// name ("<20-digit version>.checkpoint..."). A V1 checkpoint may not hold either action.
//
// The file appears atomically: it is encoded in memory and published with PutIfAbsent. A
// checkpoint already at `path` is accepted as it is (checkpoints of one version are
// interchangeable; a racing writer made it) and its size returned.
//
// Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "columnar/schema.h"
#include "delta/actions.h"
#include "io/file_system.h"

namespace lakeml::delta {

struct CheckpointWriteOptions {
  // delta.checkpoint.writeStatsAsJson (default true): write add.stats.
  bool write_stats_as_json = true;
  // delta.checkpoint.writeStatsAsStruct (default false): write add.stats_parsed, and
  // add.partitionValues_parsed for partitioned tables.
  bool write_stats_as_struct = false;
  // The table's logical schema (with column-mapping metadata). REQUIRES: set when
  // write_stats_as_struct.
  const columnar::Schema* table_schema = nullptr;
  // Logical names of the partition columns (metaData.partitionColumns).
  std::vector<std::string> partition_columns;
  // Write a V2-spec checkpoint (checkpointMetadata + sidecar columns).
  bool v2 = false;
};

// Returns the size of the checkpoint file in bytes. InvalidArgument for actions or options
// that cannot form the checkpoint asked for (a partition value that does not parse as its
// column's type, sidecar actions in a V1 checkpoint, ...).
Result<int64_t> WriteCheckpointFile(io::FileSystem& fs, const std::string& path,
                                    const std::vector<Action>& actions,
                                    const CheckpointWriteOptions& options);

}  // namespace lakeml::delta
