#include "server/api/mlflow/mlflow_request.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "base/str_cat.h"
#include "ml/tracking/mlflow_error.h"
#include "ml/tracking/tracking_enums.h"
#include "server/http/json_writer.h"

namespace lakeml::server {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// DO NOT CHANGE: MLflow's suffix of every request-validation message.
constexpr std::string_view kApiDocsHint =
    " See the API docs for more information about request parameters.";

// One parser per thread: handlers run on the worker pool, and reusing the parser keeps its
// buffers (no allocation per request once warm).
simdjson::dom::parser& ThreadParser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

// Python's name for the type of a JSON value, as MLflow's hints print it.
std::string_view PythonTypeName(element value) {
  switch (value.type()) {
    case element_type::STRING:
      return "str";
    case element_type::INT64:
    case element_type::UINT64:
      return "int";
    case element_type::DOUBLE:
      return "float";
    case element_type::BOOL:
      return "bool";
    case element_type::ARRAY:
      return "list";
    case element_type::OBJECT:
      return "dict";
    case element_type::NULL_VALUE:
      return "NoneType";
  }
  return "object";
}

std::string QuotedText(std::string_view text) {
  std::string out;
  JsonWriter::AppendQuoted(text, &out);
  return out;
}

std::string IndexedPath(std::string_view path, size_t index, std::string_view field = {}) {
  std::string out = StrCat(path, "[", index, "]");
  if (!field.empty()) out += StrCat(".", field);
  return out;
}

}  // namespace

Status MlflowRequest::MissingValue(std::string_view path) {
  return ml::MlflowError::InvalidParameterValue("Missing value for required parameter '", path,
                                                "'.", kApiDocsHint);
}

Status MlflowRequest::InvalidValue(std::string_view path, std::string_view json,
                                   std::string_view type) {
  return ml::MlflowError::InvalidParameterValue("Invalid value ", json, " for parameter '", path,
                                                "' supplied:  Hint: Value was of type '", type,
                                                "'.", kApiDocsHint);
}

Status MlflowRequest::TypeError(std::string_view path, element value) {
  return InvalidValue(path, simdjson::minify(value), PythonTypeName(value));
}

Result<MlflowRequest> MlflowRequest::Parse(const HttpRequest& request) {
  MlflowRequest out(&request);
  if (request.method() == HttpMethod::kGet || request.method() == HttpMethod::kHead) return out;
  out.has_body_ = true;
  std::string_view body = request.body();
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) body = "{}";
  simdjson::dom::parser& parser = ThreadParser();
  element root;
  if (simdjson::error_code error = parser.parse(body.data(), body.size()).get(root)) {
    return ml::MlflowError::InvalidParameterValue("Malformed request body: invalid JSON (",
                                                  simdjson::error_message(error), ")");
  }
  if (root.type() == element_type::STRING) {
    // Old clients double-encode: the body is a JSON string whose text is the request.
    thread_local std::string inner;
    inner.assign(std::string_view(root.get_string().value_unsafe()));
    if (simdjson::error_code error = parser.parse(inner).get(root)) {
      return ml::MlflowError::InvalidParameterValue("Malformed request body: invalid JSON (",
                                                    simdjson::error_message(error), ")");
    }
  }
  if (root.type() != element_type::OBJECT) {
    return ml::MlflowError::InvalidParameterValue(
        "Malformed request body: expected a JSON object, got ", PythonTypeName(root));
  }
  out.root_ = root.get_object().value_unsafe();
  return out;
}

std::optional<element> MlflowRequest::Field(simdjson::dom::object object, std::string_view name) {
  element value;
  if (object.at_key(name).get(value) != simdjson::SUCCESS) return std::nullopt;
  if (value.type() == element_type::NULL_VALUE) return std::nullopt;
  return value;
}

Result<std::optional<std::string_view>> MlflowRequest::StringOf(std::optional<element> v,
                                                                std::string_view path) {
  if (!v.has_value()) return std::optional<std::string_view>();
  std::string_view text;
  if (v->get_string().get(text) != simdjson::SUCCESS) return TypeError(path, *v);
  return std::optional<std::string_view>(text);
}

Result<int64_t> MlflowRequest::ParseInt64Text(std::string_view text, std::string_view path,
                                              std::string_view json, std::string_view type) {
  std::string_view digits = text;
  while (!digits.empty() && digits.front() == ' ') digits.remove_prefix(1);
  while (!digits.empty() && digits.back() == ' ') digits.remove_suffix(1);
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
    return InvalidValue(path, json, type);
  }
  return value;
}

Result<double> MlflowRequest::ParseDoubleText(std::string_view text, std::string_view path,
                                              std::string_view json, std::string_view type) {
  // Protobuf's JSON names first, then what Python's float() reads.
  if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (text == "Infinity") return std::numeric_limits<double>::infinity();
  if (text == "-Infinity") return -std::numeric_limits<double>::infinity();
  std::string_view digits = text;
  while (!digits.empty() && digits.front() == ' ') digits.remove_prefix(1);
  while (!digits.empty() && digits.back() == ' ') digits.remove_suffix(1);
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
    return InvalidValue(path, json, type);
  }
  return value;
}

Result<std::optional<int64_t>> MlflowRequest::Int64Of(std::optional<element> v,
                                                      std::string_view path) {
  if (!v.has_value()) return std::optional<int64_t>();
  switch (v->type()) {
    case element_type::INT64:
      return std::optional<int64_t>(v->get_int64().value_unsafe());
    case element_type::DOUBLE: {
      // Protobuf accepts a float with an integral value (1e3) for an int64 field.
      const double d = v->get_double().value_unsafe();
      if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9.2e18) {
        return std::optional<int64_t>(static_cast<int64_t>(d));
      }
      return TypeError(path, *v);
    }
    case element_type::STRING: {
      LAKEML_ASSIGN_OR_RETURN(int64_t value, ParseInt64Text(v->get_string().value_unsafe(), path,
                                                            simdjson::minify(*v), "str"));
      return std::optional<int64_t>(value);
    }
    default:
      return TypeError(path, *v);
  }
}

Result<std::optional<double>> MlflowRequest::DoubleOf(std::optional<element> v,
                                                      std::string_view path) {
  if (!v.has_value()) return std::optional<double>();
  switch (v->type()) {
    case element_type::INT64:
      return std::optional<double>(static_cast<double>(v->get_int64().value_unsafe()));
    case element_type::UINT64:
      return std::optional<double>(static_cast<double>(v->get_uint64().value_unsafe()));
    case element_type::DOUBLE:
      return std::optional<double>(v->get_double().value_unsafe());
    case element_type::STRING: {
      LAKEML_ASSIGN_OR_RETURN(double value, ParseDoubleText(v->get_string().value_unsafe(), path,
                                                            simdjson::minify(*v), "str"));
      return std::optional<double>(value);
    }
    default:
      return TypeError(path, *v);
  }
}

Result<std::optional<std::string_view>> MlflowRequest::OptionalString(std::string_view name) const {
  if (is_query()) return http_->QueryParam(name);
  return StringOf(BodyField(name), name);
}

Result<std::string_view> MlflowRequest::RequiredString(std::string_view name) const {
  LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> value, OptionalString(name));
  if (!value.has_value() || value->empty()) return MissingValue(name);
  return *value;
}

Result<std::string_view> MlflowRequest::RunId() const {
  LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> run_id, OptionalString("run_id"));
  if (run_id.has_value() && !run_id->empty()) return *run_id;
  LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> run_uuid, OptionalString("run_uuid"));
  if (run_uuid.has_value() && !run_uuid->empty()) return *run_uuid;
  return MissingValue("run_id");
}

Result<std::optional<int64_t>> MlflowRequest::OptionalInt64(std::string_view name) const {
  if (is_query()) {
    std::optional<std::string_view> text = http_->QueryParam(name);
    if (!text.has_value()) return std::optional<int64_t>();
    LAKEML_ASSIGN_OR_RETURN(int64_t value, ParseInt64Text(*text, name, QuotedText(*text), "str"));
    return std::optional<int64_t>(value);
  }
  return Int64Of(BodyField(name), name);
}

Result<int64_t> MlflowRequest::RequiredInt64(std::string_view name) const {
  LAKEML_ASSIGN_OR_RETURN(std::optional<int64_t> value, OptionalInt64(name));
  if (!value.has_value()) return MissingValue(name);
  return *value;
}

Result<std::optional<double>> MlflowRequest::OptionalDouble(std::string_view name) const {
  if (is_query()) {
    std::optional<std::string_view> text = http_->QueryParam(name);
    if (!text.has_value()) return std::optional<double>();
    LAKEML_ASSIGN_OR_RETURN(double value, ParseDoubleText(*text, name, QuotedText(*text), "str"));
    return std::optional<double>(value);
  }
  return DoubleOf(BodyField(name), name);
}

Result<std::optional<bool>> MlflowRequest::OptionalBool(std::string_view name) const {
  if (is_query()) {
    std::optional<std::string_view> text = http_->QueryParam(name);
    if (!text.has_value()) return std::optional<bool>();
    if (*text == "true") return std::optional<bool>(true);
    if (*text == "false") return std::optional<bool>(false);
    return InvalidValue(name, QuotedText(*text), "str");
  }
  std::optional<element> value = BodyField(name);
  if (!value.has_value()) return std::optional<bool>();
  if (value->type() == element_type::BOOL) return std::optional<bool>(value->get_bool().value());
  std::string_view text;
  if (value->get_string().get(text) != simdjson::SUCCESS) return TypeError(name, *value);
  return InvalidValue(name, QuotedText(text), "str");
}

Result<std::vector<std::string>> MlflowRequest::StringList(std::string_view name) const {
  std::vector<std::string> out;
  if (is_query()) {
    for (std::string_view value : http_->QueryParams(name)) out.emplace_back(value);
    return out;
  }
  LAKEML_ASSIGN_OR_RETURN(std::optional<simdjson::dom::array> array, ArrayField(root_, name, name));
  if (!array.has_value()) return out;
  for (element item : *array) {
    std::string_view text;
    // MLflow's _assert_item_type_string reports the whole list.
    if (item.get_string().get(text) != simdjson::SUCCESS) {
      return TypeError(name, *BodyField(name));
    }
    out.emplace_back(text);
  }
  return out;
}

Result<std::optional<simdjson::dom::array>> MlflowRequest::ArrayField(simdjson::dom::object object,
                                                                      std::string_view name,
                                                                      std::string_view path) {
  std::optional<element> value = Field(object, name);
  if (!value.has_value()) return std::optional<simdjson::dom::array>();
  simdjson::dom::array array;
  if (value->get_array().get(array) != simdjson::SUCCESS) return TypeError(path, *value);
  return std::optional<simdjson::dom::array>(array);
}

namespace {

// An enum given by its wire name or its number.
template <typename Enum>
Result<std::optional<Enum>> EnumOf(std::optional<std::string_view> text,
                                   std::optional<int64_t> number, std::string_view path,
                                   std::optional<Enum> (*parse_name)(std::string_view),
                                   int max_number) {
  if (text.has_value()) {
    if (std::optional<Enum> parsed = parse_name(*text); parsed.has_value()) return parsed;
    int64_t n = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
    if (ec == std::errc() && end == text->data() + text->size()) number = n;
  }
  if (number.has_value() && *number >= 1 && *number <= max_number) {
    return std::optional<Enum>(static_cast<Enum>(*number));
  }
  if (!text.has_value() && !number.has_value()) return std::optional<Enum>();
  return MlflowRequest::InvalidValue(path, text.has_value() ? QuotedText(*text) : StrCat(*number),
                                     text.has_value() ? "str" : "int");
}

}  // namespace

Result<MlflowRequest::EnumField> MlflowRequest::EnumFieldOf(std::string_view name) const {
  EnumField field;
  if (is_query()) {
    field.text = http_->QueryParam(name);
  } else if (std::optional<element> v = BodyField(name); v.has_value()) {
    if (v->type() == element_type::STRING) {
      field.text = v->get_string().value_unsafe();
    } else if (v->type() == element_type::INT64) {
      field.number = v->get_int64().value_unsafe();
    } else {
      return TypeError(name, *v);
    }
  }
  return field;
}

Result<std::optional<ml::ViewType>> MlflowRequest::OptionalViewType(std::string_view name) const {
  LAKEML_ASSIGN_OR_RETURN(EnumField field, EnumFieldOf(name));
  return EnumOf<ml::ViewType>(field.text, field.number, name, &ml::TrackingEnums::ParseViewType,
                              3);
}

Result<std::optional<ml::RunStatus>> MlflowRequest::OptionalRunStatus(std::string_view name) const {
  LAKEML_ASSIGN_OR_RETURN(EnumField field, EnumFieldOf(name));
  return EnumOf<ml::RunStatus>(field.text, field.number, name, &ml::TrackingEnums::ParseRunStatus,
                               5);
}

Result<std::vector<ml::Tag>> MlflowRequest::KeyValues(simdjson::dom::object object,
                                                      std::string_view name, std::string_view path,
                                                      bool key_required) {
  std::vector<ml::Tag> out;
  LAKEML_ASSIGN_OR_RETURN(std::optional<simdjson::dom::array> array,
                          ArrayField(object, name, path));
  if (!array.has_value()) return out;
  size_t index = 0;
  for (element item : *array) {
    simdjson::dom::object entry;
    if (item.get_object().get(entry) != simdjson::SUCCESS) {
      return TypeError(IndexedPath(path, index), item);
    }
    ml::Tag tag;
    LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> key,
                            StringOf(Field(entry, "key"), IndexedPath(path, index, "key")));
    if (key_required && (!key.has_value() || key->empty())) {
      return ml::MlflowError::InvalidParameterValue("Missing value for required parameter '",
                                                    IndexedPath(path, index, "key"), "'.",
                                                    kApiDocsHint);
    }
    LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> value,
                            StringOf(Field(entry, "value"), IndexedPath(path, index, "value")));
    tag.key.assign(key.value_or(""));
    tag.value.assign(value.value_or(""));
    out.push_back(std::move(tag));
    ++index;
  }
  return out;
}

Result<std::vector<ml::Tag>> MlflowRequest::Tags(std::string_view name, bool key_required) const {
  if (is_query()) return std::vector<ml::Tag>();
  return KeyValues(root_, name, name, key_required);
}

Result<std::vector<ml::Param>> MlflowRequest::Params(std::string_view name) const {
  std::vector<ml::Param> out;
  if (is_query()) return out;
  LAKEML_ASSIGN_OR_RETURN(std::vector<ml::Tag> pairs,
                          KeyValues(root_, name, name, /*key_required=*/true));
  out.reserve(pairs.size());
  for (ml::Tag& pair : pairs) out.push_back({std::move(pair.key), std::move(pair.value)});
  return out;
}

Result<std::vector<ml::Metric>> MlflowRequest::Metrics(std::string_view name) const {
  std::vector<ml::Metric> out;
  if (is_query()) return out;
  LAKEML_ASSIGN_OR_RETURN(std::optional<simdjson::dom::array> array, ArrayField(root_, name, name));
  if (!array.has_value()) return out;
  size_t index = 0;
  for (element item : *array) {
    simdjson::dom::object entry;
    if (item.get_object().get(entry) != simdjson::SUCCESS) {
      return TypeError(IndexedPath(name, index), item);
    }
    ml::Metric metric;
    LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> key,
                            StringOf(Field(entry, "key"), IndexedPath(name, index, "key")));
    if (!key.has_value() || key->empty()) return MissingValue(IndexedPath(name, index, "key"));
    LAKEML_ASSIGN_OR_RETURN(std::optional<double> value,
                            DoubleOf(Field(entry, "value"), IndexedPath(name, index, "value")));
    if (!value.has_value()) return MissingValue(IndexedPath(name, index, "value"));
    LAKEML_ASSIGN_OR_RETURN(
        std::optional<int64_t> timestamp,
        Int64Of(Field(entry, "timestamp"), IndexedPath(name, index, "timestamp")));
    if (!timestamp.has_value()) return MissingValue(IndexedPath(name, index, "timestamp"));
    LAKEML_ASSIGN_OR_RETURN(std::optional<int64_t> step,
                            Int64Of(Field(entry, "step"), IndexedPath(name, index, "step")));
    metric.key.assign(*key);
    metric.value = *value;
    metric.timestamp = *timestamp;
    metric.step = step.value_or(0);
    out.push_back(std::move(metric));
    ++index;
  }
  return out;
}

Result<std::vector<ml::DatasetInput>> MlflowRequest::DatasetInputs(std::string_view name) const {
  std::vector<ml::DatasetInput> out;
  if (is_query()) return out;
  LAKEML_ASSIGN_OR_RETURN(std::optional<simdjson::dom::array> array, ArrayField(root_, name, name));
  if (!array.has_value()) return out;
  size_t index = 0;
  for (element item : *array) {
    const std::string path = IndexedPath(name, index);
    simdjson::dom::object entry;
    if (item.get_object().get(entry) != simdjson::SUCCESS) return TypeError(path, item);
    ml::DatasetInput input;
    LAKEML_ASSIGN_OR_RETURN(input.tags,
                            KeyValues(entry, "tags", StrCat(path, ".tags"), /*key_required=*/true));
    std::optional<element> dataset = Field(entry, "dataset");
    if (!dataset.has_value()) return MissingValue(StrCat(path, ".dataset"));
    simdjson::dom::object fields;
    if (dataset->get_object().get(fields) != simdjson::SUCCESS) {
      return TypeError(StrCat(path, ".dataset"), *dataset);
    }
    const std::pair<std::string_view, std::string*> targets[] = {
        {"name", &input.dataset.name},
        {"digest", &input.dataset.digest},
        {"source_type", &input.dataset.source_type},
        {"source", &input.dataset.source},
        {"schema", &input.dataset.schema},
        {"profile", &input.dataset.profile}};
    for (const auto& [field, target] : targets) {
      LAKEML_ASSIGN_OR_RETURN(std::optional<std::string_view> text,
                              StringOf(Field(fields, field), StrCat(path, ".dataset.", field)));
      target->assign(text.value_or(""));
    }
    out.push_back(std::move(input));
    ++index;
  }
  return out;
}

}  // namespace lakeml::server
