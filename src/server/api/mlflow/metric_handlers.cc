#include "server/api/mlflow/metric_handlers.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ml/tracking/mlflow_error.h"
#include "server/api/mlflow/mlflow_entity_writer.h"
#include "server/api/mlflow/mlflow_handler.h"

namespace lakeml::server {
namespace {

using ml::TrackingStore;

Status GetHistory(TrackingStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view run_id, req.RunId());
  LAKEML_ASSIGN_OR_RETURN(std::string_view key, req.RequiredString("metric_key"));
  LAKEML_ASSIGN_OR_RETURN(std::optional<int64_t> max_results, req.OptionalInt64("max_results"));
  LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> token, req.OptionalString("page_token"));
  LAKEML_ASSIGN_OR_RETURN(
      ml::MetricHistoryPage page,
      store.GetMetricHistory(run_id, key, max_results.value_or(0), token.value_or("")));
  out.BeginObject();
  if (!page.metrics.empty()) {
    out.Key("metrics");
    out.BeginArray();
    for (const ml::Metric& metric : page.metrics) MlflowEntityWriter::Metric(metric, out);
    out.EndArray();
  }
  MlflowEntityWriter::OptionalString("next_page_token", page.next_page_token, out);
  out.EndObject();
  return Status::OK();
}

Status GetHistoryBulkInterval(TrackingStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::vector<std::string> run_ids, req.StringList("run_ids"));
  if (run_ids.empty()) return MlflowRequest::MissingValue("run_ids");
  LAKEML_ASSIGN_OR_RETURN(std::string_view key, req.RequiredString("metric_key"));
  LAKEML_ASSIGN_OR_RETURN(std::optional<int64_t> start_step, req.OptionalInt64("start_step"));
  LAKEML_ASSIGN_OR_RETURN(std::optional<int64_t> end_step, req.OptionalInt64("end_step"));
  LAKEML_ASSIGN_OR_RETURN(std::optional<int64_t> max_results, req.OptionalInt64("max_results"));
  if (max_results.has_value() && *max_results <= 0) {
    // 0 is the store's "default"; on the wire MLflow requires 1..1000.
    return ml::MlflowError::InvalidParameterValue(
        "max_results must be between 1 and 1000. See the API docs for more information about "
        "request parameters.");
  }
  LAKEML_ASSIGN_OR_RETURN(std::vector<ml::RunMetric> metrics,
                          store.GetMetricHistoryBulkInterval(run_ids, key, start_step, end_step,
                                                             max_results.value_or(0)));
  out.BeginObject();
  if (!metrics.empty()) {
    out.Key("metrics");
    out.BeginArray();
    for (const ml::RunMetric& metric : metrics) MlflowEntityWriter::RunMetric(metric, out);
    out.EndArray();
  }
  out.EndObject();
  return Status::OK();
}

}  // namespace

void MetricHandlers::AddRoutes(const std::shared_ptr<ml::TrackingStore>& store, RouteTable& table) {
  MlflowHandler::AddRoute(table, HttpMethod::kGet, "/metrics/get-history", store, &GetHistory);
  MlflowHandler::AddRoute(table, HttpMethod::kGet, "/metrics/get-history-bulk-interval", store,
                          &GetHistoryBulkInterval);
}

}  // namespace lakeml::server
