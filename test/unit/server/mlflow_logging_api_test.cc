// The MLflow run logging REST routes (log-metric, log-parameter, set-tag, delete-tag,
// log-batch, log-inputs, log-model) over real HTTP.
#include <gtest/gtest.h>

#include <string>

#include "unit/server/mlflow_test_server.h"

namespace lakeml::server {
namespace {

using nlohmann::json;

const json* FindByKey(const json& list, const std::string& key) {
  for (const json& item : list) {
    if (item.value("key", "") == key) return &item;
  }
  return nullptr;
}

TEST(MlflowLoggingApiTest, MetricParamTagRoundTrip) {
  MlflowTestServer s;
  ASSERT_TRUE(s.ok());
  const std::string run = s.NewRun();
  s.PostOk("runs/log-metric",
           {{"run_id", run}, {"key", "loss"}, {"value", 0.5}, {"timestamp", 10}, {"step", 1}});
  // int64 and double fields as strings, run_uuid instead of run_id.
  s.PostOk(
      "runs/log-metric",
      {{"run_uuid", run}, {"key", "loss"}, {"value", "0.25"}, {"timestamp", "20"}, {"step", "2"}});
  s.PostOk("runs/log-parameter", {{"run_id", run}, {"key", "lr"}, {"value", "0.01"}});
  s.PostOk("runs/set-tag", {{"run_id", run}, {"key", "team"}, {"value", "ml"}});
  s.PostOk("runs/set-tag", {{"run_id", run}, {"key", "gone"}, {"value", "x"}});
  s.PostOk("runs/delete-tag", {{"run_id", run}, {"key", "gone"}});

  json data = s.GetOk("runs/get?run_id=" + run)["run"]["data"];
  const json* loss = FindByKey(data["metrics"], "loss");
  ASSERT_NE(loss, nullptr) << data.dump();
  EXPECT_DOUBLE_EQ((*loss)["value"].get<double>(), 0.25);
  EXPECT_EQ((*loss)["timestamp"].get<int64_t>(), 20);
  EXPECT_EQ((*loss)["step"].get<int64_t>(), 2);
  const json* lr = FindByKey(data["params"], "lr");
  ASSERT_NE(lr, nullptr) << data.dump();
  EXPECT_EQ(lr->value("value", ""), "0.01");
  EXPECT_NE(FindByKey(data["tags"], "team"), nullptr);
  EXPECT_EQ(FindByKey(data["tags"], "gone"), nullptr);
}

TEST(MlflowLoggingApiTest, NanMetricValuesRoundTrip) {
  MlflowTestServer s;
  ASSERT_TRUE(s.ok());
  const std::string run = s.NewRun();
  s.PostOk("runs/log-metric", {{"run_id", run}, {"key", "m"}, {"value", "NaN"}, {"timestamp", 1}});
  RawHttpResponse history = s.Get("metrics/get-history?run_id=" + run + "&metric_key=m");
  EXPECT_EQ(history.status, 200);
  // Python's json writes NaN bare, and MLflow's clients read it so.
  EXPECT_NE(history.body.find("\"value\":NaN"), std::string::npos) << history.body;
  s.PostOk("runs/log-metric",
           {{"run_id", run}, {"key", "inf"}, {"value", "-Infinity"}, {"timestamp", 1}});
  RawHttpResponse got = s.Get("runs/get?run_id=" + run);
  EXPECT_EQ(got.status, 200);
  EXPECT_NE(got.body.find("\"key\":\"inf\""), std::string::npos) << got.body;
}

TEST(MlflowLoggingApiTest, LogBatchWritesEverythingAndChecksLimits) {
  MlflowTestServer s;
  ASSERT_TRUE(s.ok());
  const std::string run = s.NewRun();
  json metrics = json::array();
  for (int i = 0; i < 5; ++i) {
    metrics.push_back({{"key", "acc"}, {"value", i}, {"timestamp", "100"}, {"step", i}});
  }
  s.PostOk("runs/log-batch", {{"run_id", run},
                              {"metrics", metrics},
                              {"params", {{{"key", "depth"}, {"value", "3"}}}},
                              {"tags", {{{"key", "batch"}, {"value", "yes"}}}}});
  json history = s.GetOk("metrics/get-history?run_id=" + run + "&metric_key=acc");
  EXPECT_EQ(history["metrics"].size(), 5u) << history.dump();
  json data = s.GetOk("runs/get?run_id=" + run)["run"]["data"];
  EXPECT_NE(FindByKey(data["params"], "depth"), nullptr);
  EXPECT_NE(FindByKey(data["tags"], "batch"), nullptr);

  json too_many = json::array();
  for (int i = 0; i < 1001; ++i) too_many.push_back({{"key", "m"}, {"value", 1}, {"timestamp", 1}});
  ExpectMlflowError(s.Post("runs/log-batch", json{{"run_id", run}, {"metrics", too_many}}.dump()),
                    400, "INVALID_PARAMETER_VALUE");
  json params = json::array();
  for (int i = 0; i < 101; ++i)
    params.push_back({{"key", "p" + std::to_string(i)}, {"value", "v"}});
  ExpectMlflowError(s.Post("runs/log-batch", json{{"run_id", run}, {"params", params}}.dump()), 400,
                    "INVALID_PARAMETER_VALUE");

  RawHttpResponse no_timestamp = s.Post(
      "runs/log-batch", json{{"run_id", run}, {"metrics", {{{"key", "m"}, {"value", 1}}}}}.dump());
  ExpectMlflowError(no_timestamp, 400, "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(MlflowTestServer::Json(no_timestamp).value("message", ""),
            "Missing value for required parameter 'metrics[0].timestamp'. See the API docs for "
            "more information about request parameters.");
  ExpectMlflowError(
      s.Post("runs/log-batch", json{{"run_id", run}, {"tags", {{{"value", "v"}}}}}.dump()), 400,
      "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(s.Post("runs/log-batch", json{{"run_id", run}, {"metrics", "m"}}.dump()), 400,
                    "INVALID_PARAMETER_VALUE");
}

TEST(MlflowLoggingApiTest, LogInputsAndLogModel) {
  MlflowTestServer s;
  ASSERT_TRUE(s.ok());
  const std::string run = s.NewRun();
  s.PostOk("runs/log-inputs",
           {{"run_id", run},
            {"datasets",
             {{{"tags", {{{"key", "mlflow.data.context"}, {"value", "training"}}}},
               {"dataset",
                {{"name", "iris"},
                 {"digest", "abc123"},
                 {"source_type", "local"},
                 {"source", "{\"uri\": \"/tmp/iris.csv\"}"}}}}}}});
  json inputs = s.GetOk("runs/get?run_id=" + run)["run"]["inputs"]["dataset_inputs"];
  ASSERT_EQ(inputs.size(), 1u) << inputs.dump();
  EXPECT_EQ(inputs[0]["dataset"].value("name", ""), "iris");
  EXPECT_EQ(inputs[0]["dataset"].value("digest", ""), "abc123");
  EXPECT_FALSE(inputs[0]["dataset"].contains("schema"));
  EXPECT_EQ(inputs[0]["tags"][0].value("value", ""), "training");

  json model = {{"artifact_path", "model"},
                {"flavors", {{"python_function", json::object()}}},
                {"run_id", run},
                {"utc_time_created", "2024-01-01 00:00:00.000000"}};
  s.PostOk("runs/log-model", {{"run_id", run}, {"model_json", model.dump()}});
  json tags = s.GetOk("runs/get?run_id=" + run)["run"]["data"]["tags"];
  const json* history = FindByKey(tags, "mlflow.log-model.history");
  ASSERT_NE(history, nullptr) << tags.dump();
  EXPECT_NE(history->value("value", "").find("python_function"), std::string::npos);
  ExpectMlflowError(s.Post("runs/log-model", json{{"run_id", run}, {"model_json", "{"}}.dump()),
                    400, "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(s.Post("runs/log-model", json{{"run_id", run}}.dump()), 400,
                    "INVALID_PARAMETER_VALUE");
}

TEST(MlflowLoggingApiTest, ValidationErrors) {
  MlflowTestServer s;
  ASSERT_TRUE(s.ok());
  const std::string run = s.NewRun();
  // Oversize values, keys and bad names: the store's MLflow validation, as 400s.
  ExpectMlflowError(
      s.Post("runs/log-parameter",
             json{{"run_id", run}, {"key", "big"}, {"value", std::string(6001, 'v')}}.dump()),
      400, "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(
      s.Post("runs/set-tag",
             json{{"run_id", run}, {"key", std::string(251, 'k')}, {"value", "v"}}.dump()),
      400, "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(
      s.Post("runs/log-metric",
             json{{"run_id", run}, {"key", "../x"}, {"value", 1}, {"timestamp", 1}}.dump()),
      400, "INVALID_PARAMETER_VALUE");
  // Changing a logged param is an error.
  s.PostOk("runs/log-parameter", {{"run_id", run}, {"key", "p"}, {"value", "1"}});
  ExpectMlflowError(
      s.Post("runs/log-parameter", json{{"run_id", run}, {"key", "p"}, {"value", "2"}}.dump()), 400,
      "INVALID_PARAMETER_VALUE");
  // Unknown run.
  ExpectMlflowError(s.Post("runs/log-metric", json{{"run_id", "0123456789abcdef0123456789abcdef"},
                                                   {"key", "m"},
                                                   {"value", 1},
                                                   {"timestamp", 1}}
                                                  .dump()),
                    404, "RESOURCE_DOES_NOT_EXIST");
  ExpectMlflowError(s.Post("runs/delete-tag", json{{"run_id", run}, {"key", "absent"}}.dump()), 404,
                    "RESOURCE_DOES_NOT_EXIST");
  // Wrong types, with MLflow's message.
  RawHttpResponse bad_timestamp =
      s.Post("runs/log-metric",
             json{{"run_id", run}, {"key", "m"}, {"value", 1}, {"timestamp", "abc"}}.dump());
  ExpectMlflowError(bad_timestamp, 400, "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(MlflowTestServer::Json(bad_timestamp).value("message", ""),
            "Invalid value \"abc\" for parameter 'timestamp' supplied:  Hint: Value was of type "
            "'str'. See the API docs for more information about request parameters.");
  ExpectMlflowError(
      s.Post("runs/log-metric",
             json{{"run_id", run}, {"key", 7}, {"value", 1}, {"timestamp", 1}}.dump()),
      400, "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(
      s.Post("runs/log-metric",
             json{{"run_id", run}, {"key", "m"}, {"value", {1}}, {"timestamp", 1}}.dump()),
      400, "INVALID_PARAMETER_VALUE");
  RawHttpResponse no_value =
      s.Post("runs/log-metric", json{{"run_id", run}, {"key", "m"}, {"timestamp", 1}}.dump());
  EXPECT_EQ(MlflowTestServer::Json(no_value).value("message", ""),
            "Missing value for required parameter 'value'. See the API docs for more information "
            "about request parameters.");
}

TEST(MlflowLoggingApiTest, ManyLogMetricsOnOneKeepAliveConnection) {
  MlflowTestServer s;
  ASSERT_TRUE(s.ok());
  const std::string run = s.NewRun();
  for (int i = 0; i < 200; ++i) {
    RawHttpResponse r =
        s.Post("runs/log-metric", R"({"run_id":")" + run + R"(","key":"loss","value":)" +
                                      std::to_string(i) + R"(,"timestamp":1,"step":)" +
                                      std::to_string(i) + "}");
    ASSERT_EQ(r.status, 200) << i << ": " << r.body;
  }
  json history = s.GetOk("metrics/get-history?run_id=" + run + "&metric_key=loss");
  EXPECT_EQ(history["metrics"].size(), 200u);
}

}  // namespace
}  // namespace lakeml::server
