// MlflowRequest: the fields of one MLflow REST request, read as MLflow's server reads them: from
// the JSON body for POST (an empty body is {}; a body that is a JSON string holding JSON, as old
// clients double-encode it, is decoded again) and from the query string for GET (a repeated field
// is a repeated parameter, ?run_ids=a&run_ids=b).
//
// MLflow's rules (mlflow/server/handlers.py): int64 fields may be JSON numbers or decimal strings;
// doubles may be numbers or strings ("NaN", "Infinity", "-Infinity", "1.5"); enums their name or
// number; unknown fields are ignored; null is the same as absent. Errors are MlflowError
// INVALID_PARAMETER_VALUE statuses with MLflow's message texts ("Missing value for required
// parameter 'run_id'. See the API docs for more information about request parameters.").
//
// The body is parsed with simdjson's DOM into a per-thread parser: a request, and the string
// views it returns, are valid only until the next Parse on the same thread and while the
// HttpRequest lives. Thread-compatible; not copyable.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "ml/tracking/tracking_entities.h"
#include "server/http/http_request.h"

namespace lakeml::server {

class MlflowRequest {
 public:
  // Reads `request` (not owned; must outlive the returned value). Malformed JSON, or a body that
  // is not a JSON object, is INVALID_PARAMETER_VALUE.
  static Result<MlflowRequest> Parse(const HttpRequest& request);

  MlflowRequest(MlflowRequest&&) = default;
  MlflowRequest& operator=(MlflowRequest&&) = default;

  // A string field; nullopt when absent or null.
  Result<std::optional<std::string_view>> OptionalString(std::string_view name) const;
  // A string field that must be present and non-empty.
  Result<std::string_view> RequiredString(std::string_view name) const;
  // The run id: run_id, else the deprecated run_uuid; required (reported as 'run_id').
  Result<std::string_view> RunId() const;
  Result<std::optional<int64_t>> OptionalInt64(std::string_view name) const;
  Result<int64_t> RequiredInt64(std::string_view name) const;
  Result<std::optional<double>> OptionalDouble(std::string_view name) const;
  // A bool field: JSON true/false in a body (MLflow's _assert_bool: a string is refused),
  // "true"/"false" in a query string; nullopt when absent or null.
  Result<std::optional<bool>> OptionalBool(std::string_view name) const;
  // A repeated string field; empty when absent.
  Result<std::vector<std::string>> StringList(std::string_view name) const;
  // An enum field given by name or number; nullopt when absent.
  Result<std::optional<ml::ViewType>> OptionalViewType(std::string_view name) const;
  Result<std::optional<ml::RunStatus>> OptionalRunStatus(std::string_view name) const;

  // Repeated messages (POST bodies only; absent in a GET). `name` is the field: tags of
  // {key, value}, metrics of {key, value, timestamp, step}, params of {key, value}, datasets of
  // {tags, dataset{name, digest, source_type, source, schema, profile}}.
  // `key_required`: each entry needs a non-empty key (log-batch checks this; create-* leave it to
  // the store).
  Result<std::vector<ml::Tag>> Tags(std::string_view name, bool key_required = false) const;
  Result<std::vector<ml::Metric>> Metrics(std::string_view name) const;
  Result<std::vector<ml::Param>> Params(std::string_view name) const;
  Result<std::vector<ml::DatasetInput>> DatasetInputs(std::string_view name) const;

  // MLflow's message texts. DO NOT CHANGE: clients and tests match on them.
  static Status MissingValue(std::string_view path);
  // `json` is the offending value as JSON text, `type` Python's name of its type.
  static Status InvalidValue(std::string_view path, std::string_view json, std::string_view type);

 private:
  explicit MlflowRequest(const HttpRequest* http) : http_(http) {}

  bool is_query() const { return !has_body_; }
  // The body field `name` of object `object`; nullopt when absent or null.
  static std::optional<simdjson::dom::element> Field(simdjson::dom::object object,
                                                     std::string_view name);
  std::optional<simdjson::dom::element> BodyField(std::string_view name) const {
    return Field(root_, name);
  }
  // The array field `name` of `object` (nullopt when absent), or a type error.
  static Result<std::optional<simdjson::dom::array>> ArrayField(simdjson::dom::object object,
                                                                std::string_view name,
                                                                std::string_view path);

  // An enum field as given: its name (a string) or its number.
  struct EnumField {
    std::optional<std::string_view> text;
    std::optional<int64_t> number;
  };
  Result<EnumField> EnumFieldOf(std::string_view name) const;

  static Status TypeError(std::string_view path, simdjson::dom::element value);
  static Result<std::optional<std::string_view>> StringOf(std::optional<simdjson::dom::element> v,
                                                          std::string_view path);
  static Result<std::optional<int64_t>> Int64Of(std::optional<simdjson::dom::element> v,
                                                std::string_view path);
  static Result<std::optional<double>> DoubleOf(std::optional<simdjson::dom::element> v,
                                                std::string_view path);
  static Result<std::vector<ml::Tag>> KeyValues(simdjson::dom::object object, std::string_view name,
                                                std::string_view path, bool value_required);
  static Result<int64_t> ParseInt64Text(std::string_view text, std::string_view path,
                                        std::string_view json, std::string_view type);
  static Result<double> ParseDoubleText(std::string_view text, std::string_view path,
                                        std::string_view json, std::string_view type);

  const HttpRequest* http_;
  bool has_body_ = false;
  simdjson::dom::object root_;
};

}  // namespace lakeml::server
