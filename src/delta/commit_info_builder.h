// CommitInfoBuilder: the `commitInfo` action a lakeml commit starts with (PROTOCOL.md, "Commit
// Provenance Information"), in the fields and order Spark writes:
//
//   {"commitInfo":{"inCommitTimestamp":..,"timestamp":..,"operation":"WRITE",
//    "operationParameters":{"mode":"Append"},"readVersion":4,"isolationLevel":
//    "WriteSerializable","isBlindAppend":true,"operationMetrics":{"numFiles":"1",..},
//    "engineInfo":"lakeml/0.1.0","txnId":"<uuid>"}}
//
// Also computes Spark-style operation metrics from a commit's file actions (values as JSON
// strings, as Spark writes them). Plain value; not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "delta/actions.h"

namespace lakeml::delta {

// DO NOT CHANGE: stored in Delta logs (commitInfo.engineInfo); the version follows the binary.
inline constexpr std::string_view kEngineInfo = "lakeml/0.1.0";
// DO NOT CHANGE: isolation level names stored in commitInfo.isolationLevel.
inline constexpr std::string_view kSerializable = "Serializable";
inline constexpr std::string_view kWriteSerializable = "WriteSerializable";

struct CommitInfoBuilder {
  int64_t timestamp_ms = 0;
  std::optional<int64_t> in_commit_timestamp;
  std::string operation = "WRITE";
  std::string operation_parameters = "{}";  // JSON object text.
  std::string operation_metrics;            // JSON object text; empty leaves the field out.
  std::optional<int64_t> read_version;      // nullopt when creating the table.
  std::string isolation_level = std::string(kWriteSerializable);
  bool is_blind_append = false;
  std::string txn_id;

  // The action, with `json` holding the complete object and the typed fields filled.
  CommitInfo Build() const;

  // {"numFiles":"2","numOutputRows":"10","numOutputBytes":"1234"} for commits that only add,
  // plus numAddedFiles / numRemovedFiles / numAddedBytes / numRemovedBytes /
  // numAddedChangeFiles when files are removed or change data is written. numOutputRows is
  // the sum of the adds' stats.numRecords, left out when a file has no statistics.
  static std::string Metrics(const std::vector<AddFile>& adds,
                             const std::vector<RemoveFile>& removes,
                             const std::vector<AddCdcFile>& cdcs);

  // `text` as one line of compact JSON (key order kept), if it is one JSON object; `what`
  // names it in the error. Commit files hold one action per line, so a caller's
  // pretty-printed parameters must not reach them as they are.
  static Result<std::string> CompactJsonObject(std::string_view text, std::string_view what);
};

}  // namespace lakeml::delta
