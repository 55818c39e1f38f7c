// RegistryHandler: glue between the model registry routes and the tracking wire layer
// (server/api/mlflow): adds a route running an operation on a shared ModelRegistryStore through
// MlflowHandler::Wrap (MlflowRequest parsing, MLflow error bodies), plus the request readers the
// registry needs beyond MlflowRequest: registry tag lists and the search fields.
// Thread-safety: stateless; the store is thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "ml/registry/model_registry_store.h"
#include "server/api/mlflow/mlflow_request.h"
#include "server/http/http_request.h"
#include "server/http/json_writer.h"
#include "server/http/route_table.h"

namespace lakeml::server {

class RegistryHandler {
 public:
  using StoreOperation = Status (*)(ml::ModelRegistryStore& store, const MlflowRequest& request,
                                    JsonWriter& out);
  static void AddRoute(RouteTable& table, HttpMethod method, std::string_view pattern,
                       const std::shared_ptr<ml::ModelRegistryStore>& store,
                       StoreOperation operation);

  // The repeated {key, value} field `name` as registry tags (RegisteredModelTag or
  // ModelVersionTag).
  template <typename Tag>
  static Result<std::vector<Tag>> Tags(const MlflowRequest& request, std::string_view name) {
    LAKEML_ASSIGN_OR_RETURN(std::vector<ml::Tag> tags, request.Tags(name));
    std::vector<Tag> out;
    out.reserve(tags.size());
    for (ml::Tag& tag : tags) out.push_back(Tag{std::move(tag.key), std::move(tag.value)});
    return out;
  }

  // filter, max_results (kept at the request's default when absent), order_by and page_token
  // into `search` (SearchRegisteredModelsRequest or SearchModelVersionsRequest).
  template <typename SearchRequest>
  static Status ReadSearch(const MlflowRequest& request, SearchRequest& search) {
    LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> filter,
                            request.OptionalString("filter"));
    search.filter.assign(filter.value_or(""));
    LAKEML_ASSIGN_OR_RETURN(std::optional<int64_t> max_results,
                            request.OptionalInt64("max_results"));
    if (max_results.has_value()) search.max_results = *max_results;
    LAKEML_ASSIGN_OR_RETURN(search.order_by, request.StringList("order_by"));
    LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> token,
                            request.OptionalString("page_token"));
    search.page_token.assign(token.value_or(""));
    return Status::OK();
  }
};

}  // namespace lakeml::server
