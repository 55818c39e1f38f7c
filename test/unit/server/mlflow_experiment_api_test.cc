// The MLflow experiments/* REST routes over real HTTP (MlflowTestServer).
#include <gtest/gtest.h>

#include <string>

#include "unit/server/mlflow_test_server.h"

namespace lakeml::server {
namespace {

using nlohmann::json;

TEST(MlflowExperimentApiTest, CreateGetSearchUpdateTagDeleteRestore) {
  MlflowTestServer s;
  ASSERT_TRUE(s.ok());
  json created = s.PostOk("experiments/create",
                          {{"name", "alpha"}, {"tags", {{{"key", "team"}, {"value", "ml"}}}}});
  const std::string id = created.value("experiment_id", "");
  ASSERT_FALSE(id.empty()) << created.dump();
  EXPECT_NE(id, "0");  // 0 is the Default experiment.

  json got = s.GetOk("experiments/get?experiment_id=" + id)["experiment"];
  EXPECT_EQ(got.value("experiment_id", ""), id);
  EXPECT_EQ(got.value("name", ""), "alpha");
  EXPECT_EQ(got.value("lifecycle_stage", ""), "active");
  EXPECT_EQ(got.value("artifact_location", ""), "mlflow-artifacts:/" + id);
  ASSERT_TRUE(got["creation_time"].is_number_integer()) << got.dump();
  EXPECT_GT(got["creation_time"].get<int64_t>(), 0);
  ASSERT_EQ(got["tags"].size(), 1u);
  EXPECT_EQ(got["tags"][0].value("key", ""), "team");

  json by_name = s.GetOk("experiments/get-by-name?experiment_name=alpha")["experiment"];
  EXPECT_EQ(by_name.value("experiment_id", ""), id);

  s.PostOk("experiments/update", {{"experiment_id", id}, {"new_name", "beta"}});
  EXPECT_EQ(s.GetOk("experiments/get?experiment_id=" + id)["experiment"].value("name", ""), "beta");

  s.PostOk("experiments/set-experiment-tag",
           {{"experiment_id", id}, {"key", "stage"}, {"value", "dev"}});
  s.PostOk("experiments/delete-experiment-tag", {{"experiment_id", id}, {"key", "team"}});
  json tags = s.GetOk("experiments/get?experiment_id=" + id)["experiment"]["tags"];
  ASSERT_EQ(tags.size(), 1u) << tags.dump();
  EXPECT_EQ(tags[0].value("key", ""), "stage");
  EXPECT_EQ(tags[0].value("value", ""), "dev");

  json search = s.PostOk("experiments/search", {{"filter", "name = 'beta'"}});
  ASSERT_EQ(search["experiments"].size(), 1u) << search.dump();
  EXPECT_EQ(search["experiments"][0].value("experiment_id", ""), id);

  s.PostOk("experiments/delete", {{"experiment_id", id}});
  EXPECT_EQ(
      s.GetOk("experiments/get?experiment_id=" + id)["experiment"].value("lifecycle_stage", ""),
      "deleted");
  // Default view: active only (just "Default"); GET with view_type by name finds it again.
  json active = s.GetOk("experiments/search?max_results=100");
  for (const json& e : active["experiments"]) EXPECT_NE(e.value("experiment_id", ""), id);
  json deleted = s.GetOk("experiments/search?view_type=DELETED_ONLY");
  ASSERT_EQ(deleted["experiments"].size(), 1u) << deleted.dump();
  EXPECT_EQ(deleted["experiments"][0].value("experiment_id", ""), id);
  json deleted_by_number = s.PostOk("experiments/search", {{"view_type", 2}});
  EXPECT_EQ(deleted_by_number["experiments"].size(), 1u) << deleted_by_number.dump();

  s.PostOk("experiments/restore", {{"experiment_id", id}});
  EXPECT_EQ(
      s.GetOk("experiments/get?experiment_id=" + id)["experiment"].value("lifecycle_stage", ""),
      "active");
}

TEST(MlflowExperimentApiTest, SearchPagesWithGetAndRepeatedOrderBy) {
  MlflowTestServer s;
  ASSERT_TRUE(s.ok());
  for (const char* name : {"e1", "e2", "e3"}) s.PostOk("experiments/create", {{"name", name}});
  json page1 = s.GetOk("experiments/search?max_results=2&order_by=name%20ASC&order_by=" +
                       std::string("experiment_id%20DESC"));
  ASSERT_EQ(page1["experiments"].size(), 2u) << page1.dump();
  EXPECT_EQ(page1["experiments"][0].value("name", ""), "Default");
  EXPECT_EQ(page1["experiments"][1].value("name", ""), "e1");
  const std::string token = page1.value("next_page_token", "");
  ASSERT_FALSE(token.empty()) << page1.dump();
  json page2 = s.PostOk("experiments/search",
                        {{"max_results", "2"}, {"order_by", {"name ASC"}}, {"page_token", token}});
  ASSERT_EQ(page2["experiments"].size(), 2u) << page2.dump();
  EXPECT_EQ(page2["experiments"][0].value("name", ""), "e2");
  EXPECT_EQ(page2["experiments"][1].value("name", ""), "e3");
  EXPECT_FALSE(page2.contains("next_page_token")) << page2.dump();
}

TEST(MlflowExperimentApiTest, BothPrefixesServeTheSameStore) {
  MlflowTestServer s;
  ASSERT_TRUE(s.ok());
  RawHttpResponse created =
      s.Post("experiments/create", R"({"name":"via-ajax"})", kMlflowAjaxApiPrefix);
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string id = MlflowTestServer::Json(created).value("experiment_id", "");
  json got = s.GetOk("experiments/get?experiment_id=" + id);
  EXPECT_EQ(got["experiment"].value("name", ""), "via-ajax");
  RawHttpResponse ajax_get =
      s.Get("experiments/get-by-name?experiment_name=via-ajax", kMlflowAjaxApiPrefix);
  EXPECT_EQ(ajax_get.status, 200);
  EXPECT_EQ(MlflowTestServer::Json(ajax_get)["experiment"].value("experiment_id", ""), id);
}

TEST(MlflowExperimentApiTest, EmptyFieldsAreOmitted) {
  MlflowTestServer s;
  ASSERT_TRUE(s.ok());
  json got = s.GetOk("experiments/get?experiment_id=0")["experiment"];
  EXPECT_EQ(got.value("name", ""), "Default");
  EXPECT_FALSE(got.contains("tags")) << got.dump();
  RawHttpResponse none = s.Post("experiments/search", R"({"filter":"name = 'nope'"})");
  EXPECT_EQ(none.status, 200);
  EXPECT_EQ(none.body, "{}");
  RawHttpResponse deleted = s.Post("experiments/delete", R"({"experiment_id":"0"})");
  EXPECT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(deleted.body, "{}");
  EXPECT_EQ(deleted.Header("content-type"), "application/json");
}

TEST(MlflowExperimentApiTest, Errors) {
  MlflowTestServer s;
  ASSERT_TRUE(s.ok());
  s.PostOk("experiments/create", {{"name", "dup"}});
  ExpectMlflowError(s.Post("experiments/create", R"({"name":"dup"})"), 400,
                    "RESOURCE_ALREADY_EXISTS");
  ExpectMlflowError(s.Get("experiments/get?experiment_id=424242"), 404, "RESOURCE_DOES_NOT_EXIST");
  ExpectMlflowError(s.Get("experiments/get-by-name?experiment_name=missing"), 404,
                    "RESOURCE_DOES_NOT_EXIST");
  ExpectMlflowError(s.Post("experiments/delete", R"({"experiment_id":"424242"})"), 404,
                    "RESOURCE_DOES_NOT_EXIST");
  RawHttpResponse missing = s.Post("experiments/create", "{}");
  ExpectMlflowError(missing, 400, "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(MlflowTestServer::Json(missing).value("message", ""),
            "Missing value for required parameter 'name'. See the API docs for more information "
            "about request parameters.");
  ExpectMlflowError(s.Get("experiments/get"), 400, "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(
      s.Post("experiments/create", R"({"name":"x","artifact_location":"s3://b/p#f"})"), 400,
      "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(s.Post("experiments/create", R"({"name":")" + std::string(501, 'n') + "\"}"),
                    400, "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(s.Post("experiments/search", R"({"filter":"name === 'x'"})"), 400,
                    "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(s.Post("experiments/search", R"({"view_type":"SOMETIMES"})"), 400,
                    "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(s.Post("experiments/search", R"({"order_by":"name"})"), 400,
                    "INVALID_PARAMETER_VALUE");
  // An unknown route answers 404, and a GET-only route answers POST with 405 (last: the
  // server closes the connection after refusing a request it did not read the body of).
  EXPECT_EQ(s.Get("experiments/nope").status, 404);
  EXPECT_EQ(s.Post("experiments/get", "").status, 405);
}

}  // namespace
}  // namespace lakeml::server
