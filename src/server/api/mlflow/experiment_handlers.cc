#include "server/api/mlflow/experiment_handlers.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ml/tracking/mlflow_error.h"
#include "ml/tracking/tracking_limits.h"
#include "server/api/mlflow/mlflow_entity_writer.h"
#include "server/api/mlflow/mlflow_handler.h"

namespace lakeml::server {
namespace {

using ml::TrackingStore;

// MLflow rejects artifact locations whose URL has a fragment or ;params (handlers.py).
Status CheckArtifactLocation(std::string_view location) {
  const size_t query = location.find('?');
  const std::string_view before_query = location.substr(0, query);
  const size_t last_slash = before_query.rfind('/');
  const bool has_params =
      before_query.find(';', last_slash == std::string_view::npos ? 0 : last_slash) !=
      std::string_view::npos;
  if (location.find('#') != std::string_view::npos || has_params) {
    return ml::MlflowError::InvalidParameterValue(
        "'artifact_location' URL can't include fragments or params.");
  }
  return Status::OK();
}

Status Create(TrackingStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view name, req.RequiredString("name"));
  LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> location,
                          req.OptionalString("artifact_location"));
  LAKEML_ASSIGN_OR_RETURN(std::vector<ml::Tag> tags, req.Tags("tags"));
  LAKEML_RETURN_IF_ERROR(CheckArtifactLocation(location.value_or("")));
  LAKEML_ASSIGN_OR_RETURN(std::string id,
                          store.CreateExperiment(name, location.value_or(""), tags));
  out.BeginObject();
  out.Key("experiment_id");
  out.String(id);
  out.EndObject();
  return Status::OK();
}

Status Search(TrackingStore& store, const MlflowRequest& req, JsonWriter& out) {
  ml::SearchExperimentsRequest search;
  LAKEML_ASSIGN_OR_RETURN(std::optional<ml::ViewType> view_type, req.OptionalViewType("view_type"));
  search.view_type = view_type.value_or(ml::ViewType::kActiveOnly);
  LAKEML_ASSIGN_OR_RETURN(std::optional<int64_t> max_results, req.OptionalInt64("max_results"));
  search.max_results = max_results.value_or(ml::TrackingLimits::kDefaultSearchMaxResults);
  LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> filter, req.OptionalString("filter"));
  search.filter.assign(filter.value_or(""));
  LAKEML_ASSIGN_OR_RETURN(search.order_by, req.StringList("order_by"));
  LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> token, req.OptionalString("page_token"));
  search.page_token.assign(token.value_or(""));
  LAKEML_ASSIGN_OR_RETURN(ml::SearchExperimentsPage page, store.SearchExperiments(search));
  out.BeginObject();
  if (!page.experiments.empty()) {
    out.Key("experiments");
    out.BeginArray();
    for (const ml::Experiment& e : page.experiments) MlflowEntityWriter::Experiment(e, out);
    out.EndArray();
  }
  MlflowEntityWriter::OptionalString("next_page_token", page.next_page_token, out);
  out.EndObject();
  return Status::OK();
}

void WriteExperimentResponse(const ml::Experiment& experiment, JsonWriter& out) {
  out.BeginObject();
  out.Key("experiment");
  MlflowEntityWriter::Experiment(experiment, out);
  out.EndObject();
}

Status Get(TrackingStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view id, req.RequiredString("experiment_id"));
  LAKEML_ASSIGN_OR_RETURN(ml::Experiment experiment, store.GetExperiment(id));
  WriteExperimentResponse(experiment, out);
  return Status::OK();
}

Status GetByName(TrackingStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view name, req.RequiredString("experiment_name"));
  LAKEML_ASSIGN_OR_RETURN(ml::Experiment experiment, store.GetExperimentByName(name));
  WriteExperimentResponse(experiment, out);
  return Status::OK();
}

Status Delete(TrackingStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view id, req.RequiredString("experiment_id"));
  LAKEML_RETURN_IF_ERROR(store.DeleteExperiment(id));
  MlflowEntityWriter::EmptyObject(out);
  return Status::OK();
}

Status Restore(TrackingStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view id, req.RequiredString("experiment_id"));
  LAKEML_RETURN_IF_ERROR(store.RestoreExperiment(id));
  MlflowEntityWriter::EmptyObject(out);
  return Status::OK();
}

Status Update(TrackingStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view id, req.RequiredString("experiment_id"));
  LAKEML_ASSIGN_OR_RETURN(std::string_view new_name, req.RequiredString("new_name"));
  LAKEML_RETURN_IF_ERROR(store.RenameExperiment(id, new_name));
  MlflowEntityWriter::EmptyObject(out);
  return Status::OK();
}

Status SetTag(TrackingStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view id, req.RequiredString("experiment_id"));
  LAKEML_ASSIGN_OR_RETURN(std::string_view key, req.RequiredString("key"));
  LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> value, req.OptionalString("value"));
  LAKEML_RETURN_IF_ERROR(
      store.SetExperimentTag(id, ml::Tag{std::string(key), std::string(value.value_or(""))}));
  MlflowEntityWriter::EmptyObject(out);
  return Status::OK();
}

Status DeleteTag(TrackingStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view id, req.RequiredString("experiment_id"));
  LAKEML_ASSIGN_OR_RETURN(std::string_view key, req.RequiredString("key"));
  LAKEML_RETURN_IF_ERROR(store.DeleteExperimentTag(id, key));
  MlflowEntityWriter::EmptyObject(out);
  return Status::OK();
}

}  // namespace

void ExperimentHandlers::AddRoutes(const std::shared_ptr<ml::TrackingStore>& store,
                                   RouteTable& table) {
  const auto add = [&](HttpMethod method, std::string_view pattern,
                       MlflowHandler::StoreOperation operation) {
    MlflowHandler::AddRoute(table, method, pattern, store, operation);
  };
  add(HttpMethod::kPost, "/experiments/create", &Create);
  add(HttpMethod::kPost, "/experiments/search", &Search);
  add(HttpMethod::kGet, "/experiments/search", &Search);
  add(HttpMethod::kGet, "/experiments/get", &Get);
  add(HttpMethod::kGet, "/experiments/get-by-name", &GetByName);
  add(HttpMethod::kPost, "/experiments/delete", &Delete);
  add(HttpMethod::kPost, "/experiments/restore", &Restore);
  add(HttpMethod::kPost, "/experiments/update", &Update);
  add(HttpMethod::kPost, "/experiments/set-experiment-tag", &SetTag);
  add(HttpMethod::kPost, "/experiments/delete-experiment-tag", &DeleteTag);
}

}  // namespace lakeml::server
