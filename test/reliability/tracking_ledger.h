// TrackingLedger: every tracking write the server reliability tests sent (a metric point, a
// param or a tag), with whether it was acknowledged (its 200 response was read) or its outcome
// is unknown (the server was killed before answering). Verify() reads every run back over HTTP
// and checks that each acknowledged write is there with its value, that nothing else is there
// and that nothing is there twice. One owner; not thread-safe (each load client fills its own
// ledger; Merge() joins them).
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "reliability/tracking_client.h"

namespace lakeml::reliability {

enum class WriteKind { kMetric, kParam, kTag };

struct TrackingWrite {
  WriteKind kind = WriteKind::kMetric;
  std::string run_id;
  std::string key;
  std::string value;          // Param and tag value.
  double metric_value = 0;    // Metric only.
  int64_t step = 0;           // Metric only.
  int64_t timestamp = 0;      // Metric only.
  bool acknowledged = false;  // false: sent, outcome unknown.

  // The route (runs/log-metric, ...) and body that perform it.
  std::string_view Route() const;
  nlohmann::json Body() const;
  std::string ToString() const;
};

struct VerifyCounts {
  int64_t runs = 0;
  int64_t acknowledged_found = 0;
  int64_t unknown_found = 0;   // Unacknowledged writes that landed (now counted acknowledged).
  int64_t unknown_absent = 0;  // Unacknowledged writes that did not land (forgotten).
};

class TrackingLedger {
 public:
  // REQUIRES: no write with the same run, kind, key (and step, for metrics) was added before.
  void Add(TrackingWrite write);
  void Merge(TrackingLedger&& other);

  int64_t acknowledged() const { return acknowledged_; }
  size_t size() const { return writes_.size(); }

  // Reads every run of the ledger back through `client` (runs/get, metrics/get-history) and
  // returns the problems found (empty: all is well). Resolves the unknown writes: one found is
  // from now on acknowledged, one absent is removed. Tags named mlflow.* are the server's.
  std::vector<std::string> Verify(TrackingClient& client, VerifyCounts* counts);

 private:
  // (run_id, kind, key, step): one value per metric step, per param key, per tag key.
  using EntryKey = std::tuple<std::string, WriteKind, std::string, int64_t>;

  std::map<EntryKey, TrackingWrite> writes_;
  int64_t acknowledged_ = 0;
  std::vector<std::string> duplicate_adds_;
};

}  // namespace lakeml::reliability
