// TrackingStore: metric history (paginated) and MLflow's sampled bulk-interval history.
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "ml/tracking/connection_pool.h"
#include "ml/tracking/mlflow_error.h"
#include "ml/tracking/page_token.h"
#include "ml/tracking/run_row.h"
#include "ml/tracking/tracking_limits.h"
#include "ml/tracking/tracking_store.h"

namespace lakeml::ml {
namespace {

// Points in primary-key order: step, timestamp, value.
constexpr std::string_view kHistorySql =
    "SELECT step, timestamp, value, is_nan FROM mlflow_metrics WHERE run_key = ? AND key = ? "
    "ORDER BY step, timestamp, value, is_nan LIMIT ? OFFSET ?";

Metric ReadPoint(const metastore::SqliteStatement& stmt, std::string_view key) {
  Metric m;
  m.key = std::string(key);
  m.step = stmt.ColumnInt64(0);
  m.timestamp = stmt.ColumnInt64(1);
  m.value =
      stmt.ColumnInt64(3) != 0 ? std::numeric_limits<double>::quiet_NaN() : stmt.ColumnDouble(2);
  return m;
}

// Every point of one run's metric, in step order.
Status ReadAllPoints(TrackingConnection& conn, int64_t run_key, std::string_view key,
                     std::vector<Metric>* out) {
  LAKEML_ASSIGN_OR_RETURN(auto stmt, conn.Get(kHistorySql));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(1, run_key));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(2, key));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(3, int64_t{-1}));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(4, int64_t{0}));
  while (true) {
    LAKEML_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) return Status::OK();
    out->push_back(ReadPoint(*stmt, key));
  }
}

// MLflow's _get_sampled_steps_from_steps: up to max_results steps of `all_steps` (sorted,
// distinct) within [start, end], evenly spaced by index, plus the last one in range.
std::set<int64_t> SampleSteps(int64_t start, int64_t end, int64_t max_results,
                              const std::vector<int64_t>& all_steps) {
  const size_t start_idx =
      std::lower_bound(all_steps.begin(), all_steps.end(), start) - all_steps.begin();
  const size_t end_idx =
      std::upper_bound(all_steps.begin(), all_steps.end(), end) - all_steps.begin();
  std::set<int64_t> sampled;
  if (end_idx <= start_idx) return sampled;
  const size_t num_steps = end_idx - start_idx;
  if (static_cast<int64_t>(num_steps) <= max_results) {
    sampled.insert(all_steps.begin() + start_idx, all_steps.begin() + end_idx);
    return sampled;
  }
  const double interval = static_cast<double>(num_steps) / static_cast<double>(max_results);
  for (int64_t i = 0; i < max_results; ++i) {
    // MLflow compares the absolute index with the count (not the end); kept for equal results.
    const size_t idx = start_idx + static_cast<size_t>(static_cast<double>(i) * interval);
    if (idx < num_steps) sampled.insert(all_steps[idx]);
  }
  sampled.insert(all_steps[end_idx - 1]);
  return sampled;
}

}  // namespace

Result<MetricHistoryPage> TrackingStore::GetMetricHistory(std::string_view run_id,
                                                          std::string_view key, int64_t max_results,
                                                          std::string_view page_token) {
  if (max_results == 0) max_results = TrackingLimits::kMaxMetricHistoryResults;
  if (max_results < 0) {
    return MlflowError::InvalidParameterValue(
        "Invalid value for request parameter max_results. It must be a positive integer, but "
        "got value ",
        max_results);
  }
  LAKEML_ASSIGN_OR_RETURN(int64_t offset, PageToken::Decode(page_token));
  LAKEML_ASSIGN_OR_RETURN(auto conn, readers_->Acquire());
  MetricHistoryPage page;
  LAKEML_RETURN_IF_ERROR(conn->db->ReadTransaction([&]() -> Status {
    LAKEML_ASSIGN_OR_RETURN(RunRow run, RunRow::Find(*conn, run_id));
    LAKEML_ASSIGN_OR_RETURN(auto stmt, conn->Get(kHistorySql));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(1, run.run_key));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(2, key));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(3, max_results + 1));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(4, offset));
    page.metrics.reserve(static_cast<size_t>(std::min<int64_t>(max_results, 1 << 16)));
    while (true) {
      LAKEML_ASSIGN_OR_RETURN(bool row, stmt->Step());
      if (!row) break;
      page.metrics.push_back(ReadPoint(*stmt, key));
    }
    return Status::OK();
  }));
  if (static_cast<int64_t>(page.metrics.size()) > max_results) {
    page.metrics.pop_back();
    page.next_page_token = PageToken::Encode(offset + max_results);
  }
  return page;
}

Result<std::vector<RunMetric>> TrackingStore::GetMetricHistoryBulkInterval(
    const std::vector<std::string>& run_ids, std::string_view key,
    std::optional<int64_t> start_step, std::optional<int64_t> end_step, int64_t max_results) {
  if (run_ids.empty()) {
    return MlflowError::InvalidParameterValue(
        "GetMetricHistoryBulkInterval request must specify at least one run_id.");
  }
  if (run_ids.size() > TrackingLimits::kMaxRunsPerBulkInterval) {
    return MlflowError::InvalidParameterValue(
        "GetMetricHistoryBulkInterval request must specify at most ",
        TrackingLimits::kMaxRunsPerBulkInterval, " run_ids. Received ", run_ids.size(),
        " run_ids.");
  }
  if (max_results == 0) max_results = TrackingLimits::kDefaultBulkIntervalResults;
  LAKEML_RETURN_IF_ERROR(
      TrackingLimits::ValidateMaxResults(max_results, TrackingLimits::kMaxBulkIntervalResults));
  if (start_step.has_value() != end_step.has_value()) {
    return MlflowError::InvalidParameterValue(
        "If either start step or end step are specified, both must be specified.");
  }
  if (start_step.has_value() && *start_step > *end_step) {
    return MlflowError::InvalidParameterValue(
        "end_step must be greater than start_step. Found start_step=", *start_step,
        " and end_step=", *end_step, ".");
  }
  LAKEML_ASSIGN_OR_RETURN(auto conn, readers_->Acquire());
  std::vector<RunMetric> result;
  LAKEML_RETURN_IF_ERROR(conn->db->ReadTransaction([&]() -> Status {
    std::vector<std::vector<Metric>> points(run_ids.size());
    for (size_t i = 0; i < run_ids.size(); ++i) {
      LAKEML_ASSIGN_OR_RETURN(RunRow run, RunRow::Find(*conn, run_ids[i]));
      LAKEML_RETURN_IF_ERROR(ReadAllPoints(*conn, run.run_key, key, &points[i]));
    }
    // Steps over all runs, and each run's first and last step (always kept).
    std::vector<int64_t> all_steps;
    std::set<int64_t> ends;
    for (const auto& run_points : points) {
      if (run_points.empty()) continue;
      ends.insert(run_points.front().step);
      ends.insert(run_points.back().step);
      for (const Metric& m : run_points) all_steps.push_back(m.step);
    }
    std::sort(all_steps.begin(), all_steps.end());
    all_steps.erase(std::unique(all_steps.begin(), all_steps.end()), all_steps.end());
    const int64_t start = start_step.value_or(0);
    const int64_t end = end_step.value_or(all_steps.empty() ? 0 : all_steps.back());
    std::set<int64_t> steps = SampleSteps(start, end, max_results, all_steps);
    for (int64_t s : ends) {
      if (s >= start && s <= end) steps.insert(s);
    }
    for (size_t i = 0; i < run_ids.size(); ++i) {
      size_t taken = 0;
      for (const Metric& m : points[i]) {
        if (steps.count(m.step) == 0) continue;
        if (static_cast<int64_t>(++taken) > TrackingLimits::kMaxMetricHistoryResults) break;
        result.push_back(RunMetric{run_ids[i], m});
      }
    }
    return Status::OK();
  }));
  return result;
}

}  // namespace lakeml::ml
