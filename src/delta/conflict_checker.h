// ConflictChecker: decides whether a transaction that lost the race for a version may be
// rebased onto the commits that won it (optimistic concurrency, as Delta Lake's
// ConflictChecker does), or must fail.
//
// The rules, checked per winning commit in this order:
//   * ProtocolChanged: the winner has a protocol action.
//   * MetadataChanged: the winner has a metaData action.
//   * ConcurrentAppend: the winner added files (dataChange=true) that this transaction would
//     have read: any file when it read the whole table, else files its read predicates may
//     match (partition values and statistics). Under WriteSerializable, files of a blind
//     append (commitInfo.isBlindAppend) never conflict; under Serializable they do.
//   * ConcurrentDeleteRead: the winner removed a file this transaction read (or any file when
//     it read the whole table).
//   * ConcurrentDeleteDelete: the winner removed a file this transaction removes.
//   * ConcurrentTransaction: the winner has a txn action for an appId this transaction sets.
//   * ConcurrentDomainMetadata: the winner has domainMetadata for a domain this transaction
//     sets ("Two overlapping transactions conflict if they both contain a domain metadata
//     action for the same metadata domain").
// Errors are Conflict:
//   Concurrent modification: ConcurrentAppend: files were added to partition
//   [date=2024-01-01] by version 12 (WRITE) after this transaction read version 10
//
// Not thread-safe (the statistics filters keep per-file state): one owner.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "base/result.h"
#include "columnar/schema.h"
#include "delta/actions.h"
#include "delta/schema/column_mapping.h"
#include "delta/stats/skipping_predicate.h"

namespace lakeml::delta {

class DataSkipping;

// What a transaction read and changed, as far as conflicts go.
struct TransactionFootprint {
  int64_t read_version = -1;
  bool read_whole_table = false;
  std::vector<Predicate> read_predicates;
  // Canonical paths (LogReplay::CanonicalPath) of files read and files removed.
  std::unordered_set<std::string> read_files;
  std::unordered_set<std::string> removed_files;
  std::set<std::string> app_ids;
  std::set<std::string> domains;
  bool serializable = false;  // Isolation level Serializable (else WriteSerializable).
};

class ConflictChecker {
 public:
  // `schema`, `partition_columns` and `mapping_mode` are the table's (from the read snapshot);
  // `table_root` canonicalizes the winners' paths. InvalidArgument when a read predicate does
  // not resolve against the schema.
  static Result<std::unique_ptr<ConflictChecker>> Make(TransactionFootprint footprint,
                                                       columnar::SchemaPtr schema,
                                                       std::vector<std::string> partition_columns,
                                                       ColumnMappingMode mapping_mode,
                                                       std::string table_root);
  ~ConflictChecker();

  // OK if the commit `version` (its actions) does not conflict with this transaction.
  Status Check(int64_t version, const std::vector<Action>& winner);

 private:
  ConflictChecker() = default;

  TransactionFootprint footprint_;
  std::string table_root_;
  std::vector<std::unique_ptr<DataSkipping>> filters_;  // One per read predicate.
};

}  // namespace lakeml::delta
