// The MLflow runs/{create,update,delete,restore,get,search} REST routes over real HTTP.
#include <gtest/gtest.h>

#include <string>

#include "unit/server/mlflow_test_server.h"

namespace lakeml::server {
namespace {

using nlohmann::json;

TEST(MlflowRunApiTest, CreateGetUpdateWithInt64AsStrings) {
  MlflowTestServer s;
  ASSERT_TRUE(s.ok());
  const std::string exp = s.PostOk("experiments/create", {{"name", "runs"}})["experiment_id"];
  json created = s.PostOk("runs/create", {{"experiment_id", exp},
                                          {"user_id", "ada"},
                                          {"run_name", "first"},
                                          {"start_time", "1700000000000"},
                                          {"tags", {{{"key", "k"}, {"value", "v"}}}}});
  json info = created["run"]["info"];
  const std::string run_id = info.value("run_id", "");
  ASSERT_EQ(run_id.size(), 32u) << created.dump();
  EXPECT_EQ(info.value("run_uuid", ""), run_id);
  EXPECT_EQ(info.value("experiment_id", ""), exp);
  EXPECT_EQ(info.value("user_id", ""), "ada");
  EXPECT_EQ(info.value("run_name", ""), "first");
  EXPECT_EQ(info.value("status", ""), "RUNNING");
  EXPECT_EQ(info.value("lifecycle_stage", ""), "active");
  ASSERT_TRUE(info["start_time"].is_number_integer()) << info.dump();
  EXPECT_EQ(info["start_time"].get<int64_t>(), 1700000000000);
  EXPECT_FALSE(info.contains("end_time")) << info.dump();
  EXPECT_EQ(info.value("artifact_uri", ""),
            "mlflow-artifacts:/" + exp + "/" + run_id + "/artifacts");
  EXPECT_TRUE(created["run"]["data"].is_object());
  EXPECT_TRUE(created["run"]["inputs"].is_object());
  EXPECT_FALSE(created["run"]["data"].contains("metrics"));

  json updated = s.PostOk("runs/update", {{"run_uuid", run_id},
                                          {"status", "FINISHED"},
                                          {"end_time", "1700000005000"},
                                          {"run_name", "renamed"}});
  EXPECT_EQ(updated["run_info"].value("status", ""), "FINISHED");
  EXPECT_EQ(updated["run_info"]["end_time"].get<int64_t>(), 1700000005000);
  EXPECT_EQ(updated["run_info"].value("run_name", ""), "renamed");

  // GET by the deprecated run_uuid too.
  json got = s.GetOk("runs/get?run_uuid=" + run_id)["run"];
  EXPECT_EQ(got["info"].value("status", ""), "FINISHED");
  bool found_tag = false;
  for (const json& tag : got["data"]["tags"]) found_tag |= tag.value("key", "") == "k";
  EXPECT_TRUE(found_tag) << got.dump();

  // Status by number.
  json failed = s.PostOk("runs/update", {{"run_id", run_id}, {"status", 4}});
  EXPECT_EQ(failed["run_info"].value("status", ""), "FAILED");
}

TEST(MlflowRunApiTest, DefaultExperimentWhenNoneGiven) {
  MlflowTestServer s;
  ASSERT_TRUE(s.ok());
  json created = s.PostOk("runs/create", json::object());
  EXPECT_EQ(created["run"]["info"].value("experiment_id", ""), "0");
  EXPECT_TRUE(created["run"]["info"]["start_time"].is_number_integer());
}

TEST(MlflowRunApiTest, SearchFiltersOrdersAndPages) {
  MlflowTestServer s;
  ASSERT_TRUE(s.ok());
  const std::string exp = s.PostOk("experiments/create", {{"name", "search"}})["experiment_id"];
  for (int i = 0; i < 3; ++i) {
    const std::string run =
        s.PostOk("runs/create", {{"experiment_id", exp}})["run"]["info"]["run_id"];
    s.PostOk("runs/log-metric",
             {{"run_id", run}, {"key", "acc"}, {"value", 0.3 * i}, {"timestamp", 5}});
  }
  json hits = s.PostOk("runs/search", {{"experiment_ids", {exp}},
                                       {"filter", "metrics.acc > 0.2"},
                                       {"order_by", {"metrics.acc DESC"}}});
  ASSERT_EQ(hits["runs"].size(), 2u) << hits.dump();
  const double first = hits["runs"][0]["data"]["metrics"][0]["value"];
  const double second = hits["runs"][1]["data"]["metrics"][0]["value"];
  EXPECT_GT(first, second);

  json page = s.PostOk("runs/search", {{"experiment_ids", {exp}}, {"max_results", 2}});
  EXPECT_EQ(page["runs"].size(), 2u);
  const std::string token = page.value("next_page_token", "");
  ASSERT_FALSE(token.empty()) << page.dump();
  json rest = s.PostOk("runs/search",
                       {{"experiment_ids", {exp}}, {"max_results", "2"}, {"page_token", token}});
  EXPECT_EQ(rest["runs"].size(), 1u) << rest.dump();

  RawHttpResponse none = s.Post(
      "runs/search", json{{"experiment_ids", {exp}}, {"filter", "params.x = 'nope'"}}.dump());
  EXPECT_EQ(none.status, 200);
  EXPECT_EQ(none.body, "{}");

  ExpectMlflowError(
      s.Post("runs/search", R"({"experiment_ids":["0"],"filter":"metrics.acc >>> 1"})"), 400,
      "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(s.Post("runs/search", R"({"experiment_ids":["0"],"max_results":50001})"), 400,
                    "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(s.Post("runs/search", R"({"experiment_ids":"0"})"), 400,
                    "INVALID_PARAMETER_VALUE");
}

TEST(MlflowRunApiTest, DeleteRestoreAndViewTypes) {
  MlflowTestServer s;
  ASSERT_TRUE(s.ok());
  const std::string run = s.NewRun();
  s.PostOk("runs/delete", {{"run_id", run}});
  EXPECT_EQ(s.GetOk("runs/get?run_id=" + run)["run"]["info"].value("lifecycle_stage", ""),
            "deleted");
  const std::string exp = s.GetOk("runs/get?run_id=" + run)["run"]["info"]["experiment_id"];
  EXPECT_FALSE(s.PostOk("runs/search", {{"experiment_ids", {exp}}}).contains("runs"));
  EXPECT_EQ(
      s.PostOk("runs/search", {{"experiment_ids", {exp}}, {"run_view_type", "ALL"}})["runs"].size(),
      1u);
  s.PostOk("runs/restore", {{"run_id", run}});
  EXPECT_EQ(s.GetOk("runs/get?run_id=" + run)["run"]["info"].value("lifecycle_stage", ""),
            "active");
}

TEST(MlflowRunApiTest, Errors) {
  MlflowTestServer s;
  ASSERT_TRUE(s.ok());
  const std::string unknown = "0123456789abcdef0123456789abcdef";
  ExpectMlflowError(s.Get("runs/get?run_id=" + unknown), 404, "RESOURCE_DOES_NOT_EXIST");
  ExpectMlflowError(s.Post("runs/update", json{{"run_id", unknown}, {"status", "KILLED"}}.dump()),
                    404, "RESOURCE_DOES_NOT_EXIST");
  ExpectMlflowError(s.Post("runs/delete", json{{"run_id", unknown}}.dump()), 404,
                    "RESOURCE_DOES_NOT_EXIST");
  ExpectMlflowError(s.Post("runs/create", R"({"experiment_id":"987654"})"), 404,
                    "RESOURCE_DOES_NOT_EXIST");
  RawHttpResponse missing = s.Get("runs/get");
  ExpectMlflowError(missing, 400, "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(MlflowTestServer::Json(missing).value("message", ""),
            "Missing value for required parameter 'run_id'. See the API docs for more "
            "information about request parameters.");
  const std::string run = s.NewRun();
  ExpectMlflowError(s.Post("runs/update", json{{"run_id", run}, {"status", "DONE"}}.dump()), 400,
                    "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(s.Post("runs/create", R"({"start_time":"yesterday"})"), 400,
                    "INVALID_PARAMETER_VALUE");
}

}  // namespace
}  // namespace lakeml::server
