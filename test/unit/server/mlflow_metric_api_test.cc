// The MLflow metrics/get-history and metrics/get-history-bulk-interval REST routes.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "unit/server/mlflow_test_server.h"

namespace lakeml::server {
namespace {

using nlohmann::json;

void LogSteps(MlflowTestServer& s, const std::string& run, int steps) {
  json metrics = json::array();
  for (int i = 0; i < steps; ++i) {
    metrics.push_back(
        {{"key", "loss"}, {"value", 1.0 / (i + 1)}, {"timestamp", 1000 + i}, {"step", i}});
  }
  s.PostOk("runs/log-batch", {{"run_id", run}, {"metrics", metrics}});
}

TEST(MlflowMetricApiTest, GetHistoryInStepOrderWithPages) {
  MlflowTestServer s;
  ASSERT_TRUE(s.ok());
  const std::string run = s.NewRun();
  LogSteps(s, run, 3);
  json all = s.GetOk("metrics/get-history?run_id=" + run + "&metric_key=loss");
  ASSERT_EQ(all["metrics"].size(), 3u) << all.dump();
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(all["metrics"][i]["step"].get<int64_t>(), i);
    EXPECT_EQ(all["metrics"][i]["timestamp"].get<int64_t>(), 1000 + i);
    EXPECT_EQ(all["metrics"][i].value("key", ""), "loss");
  }
  EXPECT_FALSE(all.contains("next_page_token"));
  json page = s.GetOk("metrics/get-history?run_uuid=" + run + "&metric_key=loss&max_results=2");
  ASSERT_EQ(page["metrics"].size(), 2u) << page.dump();
  const std::string token = page.value("next_page_token", "");
  ASSERT_FALSE(token.empty());
  json rest = s.GetOk("metrics/get-history?run_id=" + run +
                      "&metric_key=loss&max_results=2&page_token=" + token);
  ASSERT_EQ(rest["metrics"].size(), 1u) << rest.dump();
  EXPECT_EQ(rest["metrics"][0]["step"].get<int64_t>(), 2);
  // Same over the ajax prefix; an unknown metric has no points (an empty response).
  EXPECT_EQ(
      s.Get("metrics/get-history?run_id=" + run + "&metric_key=loss", kMlflowAjaxApiPrefix).status,
      200);
  RawHttpResponse none = s.Get("metrics/get-history?run_id=" + run + "&metric_key=nope");
  EXPECT_EQ(none.status, 200);
  EXPECT_EQ(none.body, "{}");
}

TEST(MlflowMetricApiTest, BulkIntervalTakesRepeatedRunIds) {
  MlflowTestServer s;
  ASSERT_TRUE(s.ok());
  const std::string a = s.NewRun("a");
  const std::string b = s.NewRun("b");
  LogSteps(s, a, 4);
  LogSteps(s, b, 2);
  json bulk = s.GetOk("metrics/get-history-bulk-interval?run_ids=" + a + "&run_ids=" + b +
                      "&metric_key=loss");
  std::set<std::string> runs;
  size_t points = 0;
  for (const json& m : bulk["metrics"]) {
    runs.insert(m.value("run_id", ""));
    EXPECT_TRUE(m["step"].is_number_integer());
    ++points;
  }
  EXPECT_EQ(runs, (std::set<std::string>{a, b})) << bulk.dump();
  EXPECT_EQ(points, 6u);
  json window = s.GetOk("metrics/get-history-bulk-interval?run_ids=" + a +
                        "&metric_key=loss&start_step=1&end_step=2&max_results=10");
  ASSERT_EQ(window["metrics"].size(), 2u) << window.dump();
  EXPECT_EQ(window["metrics"][0]["step"].get<int64_t>(), 1);
}

TEST(MlflowMetricApiTest, Errors) {
  MlflowTestServer s;
  ASSERT_TRUE(s.ok());
  const std::string run = s.NewRun();
  ExpectMlflowError(s.Get("metrics/get-history?run_id=" + run), 400, "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(s.Get("metrics/get-history?metric_key=m"), 400, "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(
      s.Get("metrics/get-history?run_id=0123456789abcdef0123456789abcdef&metric_key=m"), 404,
      "RESOURCE_DOES_NOT_EXIST");
  ExpectMlflowError(s.Get("metrics/get-history?run_id=" + run + "&metric_key=m&max_results=x"), 400,
                    "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(s.Get("metrics/get-history-bulk-interval?metric_key=m"), 400,
                    "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(
      s.Get("metrics/get-history-bulk-interval?run_ids=" + run + "&metric_key=m&start_step=1"), 400,
      "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(
      s.Get("metrics/get-history-bulk-interval?run_ids=" + run + "&metric_key=m&max_results=0"),
      400, "INVALID_PARAMETER_VALUE");
  std::string many = "metrics/get-history-bulk-interval?metric_key=m";
  for (int i = 0; i < 101; ++i) many += "&run_ids=" + run;
  ExpectMlflowError(s.Get(many), 400, "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(s.Post("metrics/get-history", "").status, 405);  // Last: it closes the connection.
}

}  // namespace
}  // namespace lakeml::server
