// How the MLflow routes read requests: malformed and mistyped bodies are 400s (never 5xx),
// double-encoded JSON bodies and empty bodies are read as MLflow reads them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/server/mlflow_test_server.h"

namespace lakeml::server {
namespace {

using nlohmann::json;

TEST(MlflowRequestTest, MalformedBodiesAreInvalidParameterValue) {
  MlflowTestServer s;
  ASSERT_TRUE(s.ok());
  for (const char* body :
       {"{", "{\"name\": }", "[1,2]", "42", "\"not json\"", "{\"name\":NaN}", "\xff\xfe"}) {
    SCOPED_TRACE(body);
    ExpectMlflowError(s.Post("experiments/create", body), 400, "INVALID_PARAMETER_VALUE");
  }
}

TEST(MlflowRequestTest, DoubleEncodedAndEmptyBodies) {
  MlflowTestServer s;
  ASSERT_TRUE(s.ok());
  // Old clients send the JSON request as a JSON string.
  RawHttpResponse r = s.Post("experiments/create", json(json{{"name", "twice"}}.dump()).dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(s.GetOk("experiments/get-by-name?experiment_name=twice")["experiment"].value(
                "experiment_id", ""),
            MlflowTestServer::Json(r).value("experiment_id", ""));
  // An empty body is {}: here a required field is missing.
  RawHttpResponse empty = s.Post("runs/log-metric", "");
  ExpectMlflowError(empty, 400, "INVALID_PARAMETER_VALUE");
  EXPECT_NE(MlflowTestServer::Json(empty).value("message", "").find("'run_id'"), std::string::npos);
  // Unknown fields and nulls are ignored, as protobuf's parser does.
  EXPECT_EQ(s.Post("experiments/create", R"({"name":"n","extra":{"a":[1]},"tags":null})").status,
            200);
}

TEST(MlflowRequestTest, ClientMistakesAreNever5xx) {
  MlflowTestServer s;
  ASSERT_TRUE(s.ok());
  const std::string run = s.NewRun();
  const std::vector<std::string> routes = {"experiments/create",
                                           "experiments/search",
                                           "experiments/delete",
                                           "experiments/restore",
                                           "experiments/update",
                                           "experiments/set-experiment-tag",
                                           "experiments/delete-experiment-tag",
                                           "runs/create",
                                           "runs/update",
                                           "runs/delete",
                                           "runs/restore",
                                           "runs/search",
                                           "runs/log-metric",
                                           "runs/log-parameter",
                                           "runs/set-tag",
                                           "runs/delete-tag",
                                           "runs/log-batch",
                                           "runs/log-inputs",
                                           "runs/log-model"};
  const std::vector<std::string> bodies = {
      "{",
      "[]",
      "{}",
      R"({"run_id":5,"experiment_id":[],"name":{}})",
      R"({"run_id":")" + run + R"(","metrics":5,"params":[1],"tags":[{"key":[]}],"datasets":[7]})",
      R"({"run_id":")" + run + R"(","metrics":[{"key":"m","value":"x","timestamp":1}]})",
      R"({"run_id":")" + run + R"(","datasets":[{"dataset":{"name":"n"}}]})",
      R"({"run_id":")" + run + R"(","key":"k","value":1e999,"timestamp":1e30})",
      R"({"experiment_ids":[1],"max_results":-1,"view_type":99,"order_by":[3]})",
      R"({"experiment_id":"abc","new_name":"","status":"NOPE","start_time":true})",
  };
  for (const std::string& route : routes) {
    for (const std::string& body : bodies) {
      RawHttpResponse r = s.Post(route, body);
      EXPECT_TRUE(r.status == 200 || (r.status >= 400 && r.status < 500))
          << route << " " << body << " -> " << r.status << " " << r.body;
      if (r.status != 200) {
        json j = MlflowTestServer::Json(r);
        EXPECT_FALSE(j.value("error_code", "").empty()) << r.body;
      }
    }
  }
  for (const std::string& query :
       {std::string("runs/get?run_id="), std::string("experiments/get?experiment_id=x"),
        std::string("experiments/search?max_results=abc"),
        std::string("metrics/get-history?run_id=" + run + "&metric_key=m&max_results=-5"),
        std::string("metrics/get-history-bulk-interval?run_ids=zz&metric_key=m&start_step=a")}) {
    RawHttpResponse r = s.Get(query);
    EXPECT_TRUE(r.status >= 400 && r.status < 500) << query << " -> " << r.status << " " << r.body;
  }
}

}  // namespace
}  // namespace lakeml::server
