#include "delta/conflict_checker.h"

#include <nlohmann/json.hpp>

#include "base/str_cat.h"
#include "delta/log_replay.h"
#include "delta/stats/data_skipping.h"

namespace lakeml::delta {
namespace {

// What a winning commit did, as far as conflicts go.
struct WinnerSummary {
  std::string operation = "UNKNOWN";
  bool blind_append = false;
  bool protocol = false;
  bool metadata = false;
};

WinnerSummary Summarize(const std::vector<Action>& winner) {
  WinnerSummary s;
  for (const Action& a : winner) {
    if (const auto* info = std::get_if<CommitInfo>(&a)) {
      if (info->operation) s.operation = *info->operation;
      // isBlindAppend is not in the typed fields; commitInfo objects are small.
      nlohmann::json j = nlohmann::json::parse(info->json, nullptr, /*allow_exceptions=*/false);
      if (j.is_object()) {
        auto it = j.find("isBlindAppend");
        s.blind_append = it != j.end() && it->is_boolean() && it->get<bool>();
      }
    } else if (std::holds_alternative<Protocol>(a)) {
      s.protocol = true;
    } else if (std::holds_alternative<Metadata>(a)) {
      s.metadata = true;
    }
  }
  return s;
}

std::string PartitionText(const PartitionValues& values) {
  if (values.empty()) return "the table";
  std::string out = "partition [";
  bool first = true;
  for (const auto& [k, v] : values) {
    if (!first) out += ", ";
    first = false;
    out += k;
    out += '=';
    out += v ? *v : std::string("null");
  }
  out += ']';
  return out;
}

}  // namespace

ConflictChecker::~ConflictChecker() = default;

Result<std::unique_ptr<ConflictChecker>> ConflictChecker::Make(
    TransactionFootprint footprint, columnar::SchemaPtr schema,
    std::vector<std::string> partition_columns, ColumnMappingMode mapping_mode,
    std::string table_root) {
  auto checker = std::unique_ptr<ConflictChecker>(new ConflictChecker());
  for (const Predicate& p : footprint.read_predicates) {
    LAKEML_ASSIGN_OR_RETURN(DataSkipping filter,
                            DataSkipping::Make(p, *schema, partition_columns, mapping_mode));
    checker->filters_.push_back(std::make_unique<DataSkipping>(std::move(filter)));
  }
  checker->footprint_ = std::move(footprint);
  checker->table_root_ = std::move(table_root);
  return checker;
}

Status ConflictChecker::Check(int64_t version, const std::vector<Action>& winner) {
  const WinnerSummary summary = Summarize(winner);
  const TransactionFootprint& fp = footprint_;
  auto conflict = [&](std::string_view kind, const std::string& what) {
    return Status::Conflict("Concurrent modification: ", kind, ": ", what, " by version ", version,
                            " (", summary.operation, ") after this transaction read version ",
                            fp.read_version);
  };
  if (summary.protocol) return conflict("ProtocolChanged", "the protocol was changed");
  if (summary.metadata) return conflict("MetadataChanged", "the metadata was changed");

  // Files the winner added that this transaction should have read.
  const bool adds_matter = fp.read_whole_table || !filters_.empty();
  if (adds_matter && (fp.serializable || !summary.blind_append)) {
    for (const Action& a : winner) {
      const auto* add = std::get_if<AddFile>(&a);
      if (add == nullptr || !add->data_change) continue;
      bool matches = fp.read_whole_table;
      for (size_t i = 0; !matches && i < filters_.size(); ++i) {
        matches = filters_[i]->FileMayMatch(*add);
      }
      if (matches) {
        return conflict("ConcurrentAppend",
                        StrCat("files were added to ", PartitionText(add->partition_values)));
      }
    }
  }

  // Files the winner removed that this transaction read or removes.
  for (const Action& a : winner) {
    const auto* remove = std::get_if<RemoveFile>(&a);
    if (remove == nullptr) continue;
    LAKEML_ASSIGN_OR_RETURN(std::string path, LogReplay::CanonicalPath(remove->path, table_root_));
    if (fp.read_whole_table || fp.read_files.count(path) > 0) {
      return conflict("ConcurrentDeleteRead",
                      StrCat("file ", remove->path, ", which this transaction read, was removed"));
    }
    if (fp.removed_files.count(path) > 0) {
      return conflict(
          "ConcurrentDeleteDelete",
          StrCat("file ", remove->path, ", which this transaction removes, was already removed"));
    }
  }

  for (const Action& a : winner) {
    if (const auto* txn = std::get_if<SetTransaction>(&a)) {
      if (fp.app_ids.count(txn->app_id) > 0) {
        return conflict("ConcurrentTransaction",
                        StrCat("application ", txn->app_id, " committed a transaction"));
      }
    } else if (const auto* domain = std::get_if<DomainMetadata>(&a)) {
      if (fp.domains.count(domain->domain) > 0) {
        return conflict("ConcurrentDomainMetadata",
                        StrCat("domain ", domain->domain, " was changed"));
      }
    }
  }
  return Status::OK();
}

}  // namespace lakeml::delta
