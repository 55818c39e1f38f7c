#include "delta/table_features.h"

#include <algorithm>
#include <array>

#include "base/str_cat.h"

namespace lakeml::delta {
namespace {

using columnar::Field;
using columnar::TypeId;

// Features a reader must understand to read correctly, which lakeml does.
constexpr std::array<std::string_view, 9> kReadable = {
    kFeatureColumnMapping,        kFeatureDeletionVectors,   kFeatureTimestampNtz,
    kFeatureTypeWidening,         kFeatureTypeWideningPreview, kFeatureV2Checkpoint,
    kFeatureVacuumProtocolCheck,  kFeatureVariantType,       kFeatureVariantTypePreview};

// Writer features lakeml honours when it writes.
constexpr std::array<std::string_view, 19> kWritable = {
    kFeatureAppendOnly,        kFeatureInvariants,          kFeatureCheckConstraints,
    kFeatureChangeDataFeed,    kFeatureGeneratedColumns,    kFeatureColumnMapping,
    kFeatureIdentityColumns,   kFeatureDeletionVectors,     kFeatureTimestampNtz,
    kFeatureDomainMetadata,    kFeatureV2Checkpoint,        kFeatureVacuumProtocolCheck,
    kFeatureInCommitTimestamp, kFeatureTypeWidening,        kFeatureTypeWideningPreview,
    kFeatureVariantType,       kFeatureVariantTypePreview,  kFeatureIcebergCompatV1,
    kFeatureIcebergCompatV2};

// Reader-writer features (PROTOCOL.md, "Table Features" table).
constexpr std::array<std::string_view, 9> kReaderWriter = {
    kFeatureColumnMapping,       kFeatureDeletionVectors,     kFeatureTimestampNtz,
    kFeatureTypeWidening,        kFeatureTypeWideningPreview, kFeatureV2Checkpoint,
    kFeatureVacuumProtocolCheck, kFeatureVariantType,         kFeatureVariantTypePreview};

template <size_t N>
bool Contains(const std::array<std::string_view, N>& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// The legacy writer version that first implied `feature`, or 0 if only table features can.
int LegacyWriterVersion(std::string_view feature) {
  if (feature == kFeatureAppendOnly || feature == kFeatureInvariants) return 2;
  if (feature == kFeatureCheckConstraints) return 3;
  if (feature == kFeatureChangeDataFeed || feature == kFeatureGeneratedColumns) return 4;
  if (feature == kFeatureColumnMapping) return 5;
  if (feature == kFeatureIdentityColumns) return 6;
  return 0;
}

bool AnyField(const std::vector<Field>& fields, std::string_view key) {
  for (const Field& f : fields) {
    if (f.FindMetadata(key) != nullptr) return true;
    if (f.type && AnyField(f.type->children(), key)) return true;
  }
  return false;
}

bool AnyType(const std::vector<Field>& fields, bool (*pred)(const columnar::DataType&)) {
  for (const Field& f : fields) {
    if (!f.type) continue;
    if (pred(*f.type)) return true;
    if (!f.type->is_variant() && AnyType(f.type->children(), pred)) return true;
  }
  return false;
}

bool IsTimestampNtz(const columnar::DataType& t) {
  return t.id() == TypeId::kTimestamp && !t.utc();
}
bool IsVariant(const columnar::DataType& t) { return t.is_variant(); }

bool IsTrue(const StringMap& config, const std::string& key) {
  auto it = config.find(key);
  if (it == config.end()) return false;
  std::string v = it->second;
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
  return v == "true";
}

}  // namespace

bool TableFeatures::IsReaderWriterFeature(std::string_view feature) {
  return Contains(kReaderWriter, feature);
}

std::set<std::string> TableFeatures::ReaderFeatures(const Protocol& p) {
  std::set<std::string> out;
  if (p.min_reader_version >= 3) {
    if (p.reader_features) out.insert(p.reader_features->begin(), p.reader_features->end());
  } else if (p.min_reader_version == 2) {
    out.insert(std::string(kFeatureColumnMapping));
  }
  return out;
}

std::set<std::string> TableFeatures::WriterFeatures(const Protocol& p) {
  std::set<std::string> out;
  if (p.min_writer_version >= 7) {
    if (p.writer_features) out.insert(p.writer_features->begin(), p.writer_features->end());
    return out;
  }
  const int v = p.min_writer_version;
  if (v >= 2) out.insert({std::string(kFeatureAppendOnly), std::string(kFeatureInvariants)});
  if (v >= 3) out.insert(std::string(kFeatureCheckConstraints));
  if (v >= 4) {
    out.insert({std::string(kFeatureChangeDataFeed), std::string(kFeatureGeneratedColumns)});
  }
  if (v >= 5) out.insert(std::string(kFeatureColumnMapping));
  if (v >= 6) out.insert(std::string(kFeatureIdentityColumns));
  return out;
}

bool TableFeatures::IsEnabled(const Protocol& p, std::string_view feature) {
  std::set<std::string> w = WriterFeatures(p);
  if (w.count(std::string(feature)) > 0) return true;
  std::set<std::string> r = ReaderFeatures(p);
  return r.count(std::string(feature)) > 0;
}

Status TableFeatures::CheckReadSupported(const Protocol& p) {
  if (p.min_reader_version < 1 || p.min_reader_version > 3) {
    return Status::NotImplemented(StrCat(
        "Unsupported Delta protocol: minReaderVersion ", p.min_reader_version,
        " (lakeml reads versions 1 to 3)"));
  }
  if (p.min_reader_version == 3 && !p.reader_features) {
    return Status::Corruption("Invalid Delta protocol: minReaderVersion 3 without readerFeatures");
  }
  for (const std::string& f : ReaderFeatures(p)) {
    if (!Contains(kReadable, f)) {
      return Status::NotImplemented(
          StrCat("Unsupported Delta reader feature: ", f,
                 " (the table needs it to be read correctly; lakeml does not implement it)"));
    }
  }
  return Status::OK();
}

Status TableFeatures::CheckWriteSupported(const Protocol& p, const Metadata& metadata,
                                          const columnar::Schema& schema,
                                          bool caller_enforces_constraints) {
  LAKEML_RETURN_IF_ERROR(CheckReadSupported(p));
  if (p.min_writer_version < 1 || p.min_writer_version > 7) {
    return Status::NotImplemented(StrCat("Unsupported Delta protocol: minWriterVersion ",
                                       p.min_writer_version, " (lakeml writes versions 1 to 7)"));
  }
  if (p.min_writer_version == 7 && !p.writer_features) {
    return Status::Corruption("Invalid Delta protocol: minWriterVersion 7 without writerFeatures");
  }
  const std::set<std::string> features = WriterFeatures(p);
  for (const std::string& f : features) {
    if (!Contains(kWritable, f)) {
      return Status::NotImplemented(StrCat("Unsupported Delta writer feature: ", f,
                                         " (lakeml can read this table but not write it)"));
    }
  }
  if (caller_enforces_constraints) return Status::OK();
  auto in_use = [&](std::string_view feature, std::string_view what) -> Status {
    if (features.count(std::string(feature)) == 0) return Status::OK();
    return Status::NotImplemented(StrCat("Cannot write table: it has ", what,
                                       ", which only the SQL engine enforces (feature ",
                                       feature, ")"));
  };
  if (AnyField(schema.fields(), "delta.invariants")) {
    LAKEML_RETURN_IF_ERROR(in_use(kFeatureInvariants, "column invariants"));
  }
  if (AnyField(schema.fields(), "delta.generationExpression")) {
    LAKEML_RETURN_IF_ERROR(in_use(kFeatureGeneratedColumns, "generated columns"));
  }
  if (AnyField(schema.fields(), "delta.identity.start")) {
    LAKEML_RETURN_IF_ERROR(in_use(kFeatureIdentityColumns, "identity columns"));
  }
  for (const auto& [k, v] : metadata.configuration) {
    if (k.rfind("delta.constraints.", 0) == 0) {
      LAKEML_RETURN_IF_ERROR(in_use(kFeatureCheckConstraints, "CHECK constraints"));
    }
  }
  return Status::OK();
}

std::set<std::string> TableFeatures::RequiredFeatures(const Metadata& metadata,
                                                      const columnar::Schema& schema) {
  std::set<std::string> out;
  const StringMap& c = metadata.configuration;
  if (IsTrue(c, "delta.appendOnly")) out.insert(std::string(kFeatureAppendOnly));
  if (IsTrue(c, "delta.enableChangeDataFeed")) out.insert(std::string(kFeatureChangeDataFeed));
  if (IsTrue(c, "delta.enableDeletionVectors")) out.insert(std::string(kFeatureDeletionVectors));
  if (IsTrue(c, "delta.enableInCommitTimestamps")) {
    out.insert(std::string(kFeatureInCommitTimestamp));
  }
  if (IsTrue(c, "delta.enableTypeWidening")) out.insert(std::string(kFeatureTypeWidening));
  if (IsTrue(c, "delta.enableRowTracking")) out.insert(std::string(kFeatureRowTracking));
  auto mode = c.find("delta.columnMapping.mode");
  if (mode != c.end() && mode->second != "none") out.insert(std::string(kFeatureColumnMapping));
  auto policy = c.find("delta.checkpointPolicy");
  if (policy != c.end() && policy->second == "v2") out.insert(std::string(kFeatureV2Checkpoint));
  for (const auto& [k, v] : c) {
    if (k.rfind("delta.constraints.", 0) == 0) out.insert(std::string(kFeatureCheckConstraints));
    // "delta.feature.<name> = supported" asks for a feature explicitly.
    if (k.rfind("delta.feature.", 0) == 0) out.insert(k.substr(14));
  }
  if (AnyType(schema.fields(), IsTimestampNtz)) out.insert(std::string(kFeatureTimestampNtz));
  if (AnyType(schema.fields(), IsVariant)) out.insert(std::string(kFeatureVariantType));
  if (AnyField(schema.fields(), "delta.invariants")) out.insert(std::string(kFeatureInvariants));
  if (AnyField(schema.fields(), "delta.generationExpression")) {
    out.insert(std::string(kFeatureGeneratedColumns));
  }
  if (AnyField(schema.fields(), "delta.identity.start")) {
    out.insert(std::string(kFeatureIdentityColumns));
  }
  return out;
}

Protocol TableFeatures::MinimalProtocol(const std::set<std::string>& features) {
  return Upgrade(Protocol{1, 2, std::nullopt, std::nullopt}, features);
}

Protocol TableFeatures::Upgrade(const Protocol& current, const std::set<std::string>& features) {
  std::set<std::string> writer = WriterFeatures(current);
  std::set<std::string> reader = ReaderFeatures(current);
  bool changed = false;
  for (const std::string& f : features) {
    if (writer.count(f) == 0 && !(current.min_writer_version < 7 && LegacyWriterVersion(f) > 0 &&
                                  LegacyWriterVersion(f) <= current.min_writer_version)) {
      changed = true;
    }
    writer.insert(f);
    if (IsReaderWriterFeature(f) && reader.count(f) == 0) {
      reader.insert(f);
      changed = true;
    }
  }
  if (!changed) return current;

  bool legacy_writer = current.min_writer_version < 7;
  int writer_version = std::max(current.min_writer_version, 1);
  for (const std::string& f : writer) {
    const int v = LegacyWriterVersion(f);
    if (v == 0) legacy_writer = false;
    writer_version = std::max(writer_version, v);
  }
  bool legacy_reader = current.min_reader_version < 3;
  for (const std::string& f : reader) {
    if (f != kFeatureColumnMapping) legacy_reader = false;
  }

  Protocol out;
  if (legacy_reader) {
    out.min_reader_version =
        std::max(current.min_reader_version, reader.empty() ? 1 : 2);
  } else {
    out.min_reader_version = 3;
    out.reader_features = std::vector<std::string>(reader.begin(), reader.end());
  }
  if (legacy_writer) {
    out.min_writer_version = writer_version;
  } else {
    out.min_writer_version = 7;
    // A table-features protocol lists every writer feature in force, legacy ones included,
    // and every reader-writer feature also appears among the writer features.
    writer.insert(reader.begin(), reader.end());
    out.writer_features = std::vector<std::string>(writer.begin(), writer.end());
  }
  return out;
}

}  // namespace lakeml::delta
