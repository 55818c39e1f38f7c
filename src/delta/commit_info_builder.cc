#include "delta/commit_info_builder.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "base/str_cat.h"
#include "format/json/json_string.h"

namespace lakeml::delta {
namespace {

void AppendKey(std::string_view key, std::string* out) {
  if (out->back() != '{') out->push_back(',');
  out->push_back('"');
  out->append(key);
  out->append("\":");
}

void AppendStringMetric(std::string_view key, int64_t value, std::string* out) {
  AppendKey(key, out);
  out->push_back('"');
  out->append(StrCat(value));
  out->push_back('"');
}

// stats.numRecords of one add, if its stats say.
std::optional<int64_t> NumRecords(const std::optional<std::string>& stats) {
  if (!stats) return std::nullopt;
  // Stats are compact JSON written by a Delta writer; a full parse per file is not worth it
  // for a metric. The key is top-level and appears once.
  static constexpr std::string_view kKey = "\"numRecords\":";
  const size_t at = stats->find(kKey);
  if (at == std::string::npos) return std::nullopt;
  const char* p = stats->data() + at + kKey.size();
  const char* end = stats->data() + stats->size();
  while (p < end && *p == ' ') ++p;
  int64_t n = 0;
  auto [ptr, ec] = std::from_chars(p, end, n);
  if (ec != std::errc() || n < 0) return std::nullopt;
  return n;
}

}  // namespace

CommitInfo CommitInfoBuilder::Build() const {
  std::string obj = "{";
  if (in_commit_timestamp) {
    AppendKey("inCommitTimestamp", &obj);
    obj += StrCat(*in_commit_timestamp);
  }
  AppendKey("timestamp", &obj);
  obj += StrCat(timestamp_ms);
  AppendKey("operation", &obj);
  json::AppendJsonString(operation, &obj);
  AppendKey("operationParameters", &obj);
  obj += operation_parameters.empty() ? std::string("{}") : operation_parameters;
  if (read_version) {
    AppendKey("readVersion", &obj);
    obj += StrCat(*read_version);
  }
  AppendKey("isolationLevel", &obj);
  json::AppendJsonString(isolation_level, &obj);
  AppendKey("isBlindAppend", &obj);
  obj += is_blind_append ? "true" : "false";
  if (!operation_metrics.empty()) {
    AppendKey("operationMetrics", &obj);
    obj += operation_metrics;
  }
  AppendKey("engineInfo", &obj);
  json::AppendJsonString(kEngineInfo, &obj);
  AppendKey("txnId", &obj);
  json::AppendJsonString(txn_id, &obj);
  obj.push_back('}');

  CommitInfo info;
  info.json = std::move(obj);
  info.timestamp = timestamp_ms;
  info.in_commit_timestamp = in_commit_timestamp;
  info.operation = operation;
  return info;
}

std::string CommitInfoBuilder::Metrics(const std::vector<AddFile>& adds,
                                       const std::vector<RemoveFile>& removes,
                                       const std::vector<AddCdcFile>& cdcs) {
  int64_t added_bytes = 0, removed_bytes = 0, rows = 0;
  bool rows_known = true;
  for (const AddFile& a : adds) {
    added_bytes += a.size;
    std::optional<int64_t> n = NumRecords(a.stats);
    if (n) {
      rows += *n;
    } else {
      rows_known = false;
    }
  }
  for (const RemoveFile& r : removes) removed_bytes += r.size.value_or(0);
  const int64_t num_adds = static_cast<int64_t>(adds.size());
  std::string out = "{";
  AppendStringMetric("numFiles", num_adds, &out);
  if (rows_known) AppendStringMetric("numOutputRows", rows, &out);
  AppendStringMetric("numOutputBytes", added_bytes, &out);
  if (!removes.empty() || !cdcs.empty()) {
    AppendStringMetric("numAddedFiles", num_adds, &out);
    AppendStringMetric("numRemovedFiles", static_cast<int64_t>(removes.size()), &out);
    AppendStringMetric("numAddedBytes", added_bytes, &out);
    AppendStringMetric("numRemovedBytes", removed_bytes, &out);
    if (!cdcs.empty()) {
      AppendStringMetric("numAddedChangeFiles", static_cast<int64_t>(cdcs.size()), &out);
    }
  }
  out.push_back('}');
  return out;
}

Result<std::string> CommitInfoBuilder::CompactJsonObject(std::string_view text,
                                                         std::string_view what) {
  nlohmann::ordered_json parsed =
      nlohmann::ordered_json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return Status::InvalidArgument("Invalid commitInfo ", what, ": not a JSON object: ", text);
  }
  try {
    // Invalid UTF-8 in strings is replaced rather than thrown.
    return parsed.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  } catch (const std::exception& e) {
    return Status::InvalidArgument("Invalid commitInfo ", what, ": ", e.what());
  }
}

}  // namespace lakeml::delta
