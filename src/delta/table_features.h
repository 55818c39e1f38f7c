// TableFeatures: what a table's protocol (PROTOCOL.md "Table Features") demands of readers and
// writers, and which of those demands lakeml meets.
//
// Legacy protocols (reader < 3, writer < 7) imply fixed feature sets; newer ones list their
// features by name. Pure functions over plain values; thread-safe.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "base/status.h"
#include "columnar/schema.h"
#include "delta/actions.h"

namespace lakeml::delta {

// DO NOT CHANGE: feature names are stored in Delta logs.
inline constexpr std::string_view kFeatureAppendOnly = "appendOnly";
inline constexpr std::string_view kFeatureInvariants = "invariants";
inline constexpr std::string_view kFeatureCheckConstraints = "checkConstraints";
inline constexpr std::string_view kFeatureChangeDataFeed = "changeDataFeed";
inline constexpr std::string_view kFeatureGeneratedColumns = "generatedColumns";
inline constexpr std::string_view kFeatureColumnMapping = "columnMapping";
inline constexpr std::string_view kFeatureIdentityColumns = "identityColumns";
inline constexpr std::string_view kFeatureDeletionVectors = "deletionVectors";
inline constexpr std::string_view kFeatureRowTracking = "rowTracking";
inline constexpr std::string_view kFeatureTimestampNtz = "timestampNtz";
inline constexpr std::string_view kFeatureDomainMetadata = "domainMetadata";
inline constexpr std::string_view kFeatureV2Checkpoint = "v2Checkpoint";
inline constexpr std::string_view kFeatureIcebergCompatV1 = "icebergCompatV1";
inline constexpr std::string_view kFeatureIcebergCompatV2 = "icebergCompatV2";
inline constexpr std::string_view kFeatureClustering = "clustering";
inline constexpr std::string_view kFeatureVacuumProtocolCheck = "vacuumProtocolCheck";
inline constexpr std::string_view kFeatureInCommitTimestamp = "inCommitTimestamp";
inline constexpr std::string_view kFeatureTypeWidening = "typeWidening";
inline constexpr std::string_view kFeatureTypeWideningPreview = "typeWidening-preview";
inline constexpr std::string_view kFeatureVariantType = "variantType";
inline constexpr std::string_view kFeatureVariantTypePreview = "variantType-preview";

class TableFeatures {
 public:
  // The features a protocol puts in force for readers / writers (legacy versions expanded).
  static std::set<std::string> ReaderFeatures(const Protocol& protocol);
  static std::set<std::string> WriterFeatures(const Protocol& protocol);

  // OK if lakeml can read a table with this protocol; otherwise NotSupported naming the
  // first feature (or version) it lacks.
  static Status CheckReadSupported(const Protocol& protocol);
  // OK if lakeml can write it: every writer feature must be one lakeml honours.
  // Features whose rules only a SQL engine can enforce (CHECK constraints, invariants,
  // generated and identity columns) are accepted only while the table has none of them in use,
  // unless `caller_enforces_constraints`.
  static Status CheckWriteSupported(const Protocol& protocol, const Metadata& metadata,
                                    const columnar::Schema& schema,
                                    bool caller_enforces_constraints = false);

  // True if `feature` is in force for writers (and so for readers too, when it is a
  // reader-writer feature).
  static bool IsEnabled(const Protocol& protocol, std::string_view feature);

  // The lowest protocol that supports `features` (writer features; reader-writer features
  // are added to both lists when table features are needed). Legacy versions are used when
  // they suffice: e.g. {appendOnly} -> (1, 2); {changeDataFeed} -> (1, 4);
  // {columnMapping} -> (2, 5); {deletionVectors} -> (3, 7) with feature lists.
  static Protocol MinimalProtocol(const std::set<std::string>& features);

  // The features a table's configuration and schema ask for: delta.appendOnly=true,
  // delta.enableChangeDataFeed=true, delta.columnMapping.mode != none,
  // delta.enableDeletionVectors=true, delta.enableInCommitTimestamps=true,
  // delta.enableTypeWidening=true, timestamp_ntz or variant columns, ...
  static std::set<std::string> RequiredFeatures(const Metadata& metadata,
                                                const columnar::Schema& schema);

  // The union of a protocol with what `features` need (never downgrades).
  static Protocol Upgrade(const Protocol& protocol, const std::set<std::string>& features);

  static bool IsReaderWriterFeature(std::string_view feature);
};

}  // namespace lakeml::delta
