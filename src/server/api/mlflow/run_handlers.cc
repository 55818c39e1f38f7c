#include "server/api/mlflow/run_handlers.h"

#include <optional>
#include <string>
#include <string_view>

#include "ml/tracking/tracking_limits.h"
#include "server/api/mlflow/mlflow_entity_writer.h"
#include "server/api/mlflow/mlflow_handler.h"

namespace lakeml::server {
namespace {

using ml::TrackingStore;

void WriteRunResponse(const ml::Run& run, JsonWriter& out) {
  out.BeginObject();
  out.Key("run");
  MlflowEntityWriter::Run(run, out);
  out.EndObject();
}

Status Create(TrackingStore& store, const MlflowRequest& req, JsonWriter& out) {
  ml::CreateRunRequest create;
  LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> experiment_id,
                          req.OptionalString("experiment_id"));
  create.experiment_id.assign(experiment_id.value_or(""));
  LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> user_id, req.OptionalString("user_id"));
  create.user_id.assign(user_id.value_or(""));
  LAKEML_ASSIGN_OR_RETURN(create.start_time, req.OptionalInt64("start_time"));
  LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> run_name, req.OptionalString("run_name"));
  create.run_name.assign(run_name.value_or(""));
  LAKEML_ASSIGN_OR_RETURN(create.tags, req.Tags("tags"));
  LAKEML_ASSIGN_OR_RETURN(ml::Run run, store.CreateRun(create));
  WriteRunResponse(run, out);
  return Status::OK();
}

Status Update(TrackingStore& store, const MlflowRequest& req, JsonWriter& out) {
  ml::UpdateRunRequest update;
  LAKEML_ASSIGN_OR_RETURN(std::string_view run_id, req.RunId());
  update.run_id.assign(run_id);
  LAKEML_ASSIGN_OR_RETURN(update.status, req.OptionalRunStatus("status"));
  LAKEML_ASSIGN_OR_RETURN(update.end_time, req.OptionalInt64("end_time"));
  LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> run_name, req.OptionalString("run_name"));
  if (run_name.has_value()) update.run_name.emplace(*run_name);
  LAKEML_ASSIGN_OR_RETURN(ml::RunInfo info, store.UpdateRun(update));
  out.BeginObject();
  out.Key("run_info");
  MlflowEntityWriter::RunInfo(info, out);
  out.EndObject();
  return Status::OK();
}

Status Delete(TrackingStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view run_id, req.RunId());
  LAKEML_RETURN_IF_ERROR(store.DeleteRun(run_id));
  MlflowEntityWriter::EmptyObject(out);
  return Status::OK();
}

Status Restore(TrackingStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view run_id, req.RunId());
  LAKEML_RETURN_IF_ERROR(store.RestoreRun(run_id));
  MlflowEntityWriter::EmptyObject(out);
  return Status::OK();
}

Status Get(TrackingStore& store, const MlflowRequest& req, JsonWriter& out) {
  LAKEML_ASSIGN_OR_RETURN(std::string_view run_id, req.RunId());
  LAKEML_ASSIGN_OR_RETURN(ml::Run run, store.GetRun(run_id));
  WriteRunResponse(run, out);
  return Status::OK();
}

Status Search(TrackingStore& store, const MlflowRequest& req, JsonWriter& out) {
  ml::SearchRunsRequest search;
  LAKEML_ASSIGN_OR_RETURN(search.experiment_ids, req.StringList("experiment_ids"));
  LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> filter, req.OptionalString("filter"));
  search.filter.assign(filter.value_or(""));
  LAKEML_ASSIGN_OR_RETURN(std::optional<ml::ViewType> view_type,
                          req.OptionalViewType("run_view_type"));
  search.run_view_type = view_type.value_or(ml::ViewType::kActiveOnly);
  LAKEML_ASSIGN_OR_RETURN(std::optional<int64_t> max_results, req.OptionalInt64("max_results"));
  search.max_results = max_results.value_or(ml::TrackingLimits::kDefaultSearchMaxResults);
  LAKEML_ASSIGN_OR_RETURN(search.order_by, req.StringList("order_by"));
  LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> token, req.OptionalString("page_token"));
  search.page_token.assign(token.value_or(""));
  LAKEML_ASSIGN_OR_RETURN(ml::SearchRunsPage page, store.SearchRuns(search));
  out.BeginObject();
  if (!page.runs.empty()) {
    out.Key("runs");
    out.BeginArray();
    for (const ml::Run& run : page.runs) MlflowEntityWriter::Run(run, out);
    out.EndArray();
  }
  MlflowEntityWriter::OptionalString("next_page_token", page.next_page_token, out);
  out.EndObject();
  return Status::OK();
}

}  // namespace

void RunHandlers::AddRoutes(const std::shared_ptr<ml::TrackingStore>& store, RouteTable& table) {
  const auto add = [&](HttpMethod method, std::string_view pattern,
                       MlflowHandler::StoreOperation operation) {
    MlflowHandler::AddRoute(table, method, pattern, store, operation);
  };
  add(HttpMethod::kPost, "/runs/create", &Create);
  add(HttpMethod::kPost, "/runs/update", &Update);
  add(HttpMethod::kPost, "/runs/delete", &Delete);
  add(HttpMethod::kPost, "/runs/restore", &Restore);
  add(HttpMethod::kGet, "/runs/get", &Get);
  add(HttpMethod::kPost, "/runs/search", &Search);
}

}  // namespace lakeml::server
