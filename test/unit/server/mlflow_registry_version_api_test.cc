// The MLflow model-versions/* REST routes over real HTTP (MlflowRegistryTestServer).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/server/mlflow_registry_test_server.h"
#include "unit/server/mlflow_test_server.h"

namespace lakeml::server {
namespace {

using nlohmann::json;

TEST(MlflowRegistryVersionApiTest, CreateGetUpdateDeleteAndDownloadUri) {
  MlflowRegistryTestServer s;
  ASSERT_TRUE(s.ok());
  s.NewModel("m");
  json created = s.Ok("POST", "model-versions/create",
                      {{"name", "m"},
                       {"source", "s3://bucket/model"},
                       {"run_id", "abc123"},
                       {"description", "d1"},
                       {"tags", {{{"key", "k"}, {"value", "v"}}}}})["model_version"];
  EXPECT_EQ(created.value("name", ""), "m");
  ASSERT_TRUE(created["version"].is_string()) << created.dump();
  EXPECT_EQ(created["version"], "1");
  EXPECT_EQ(created.value("current_stage", ""), "None");
  EXPECT_EQ(created.value("status", ""), "READY");
  EXPECT_EQ(created.value("source", ""), "s3://bucket/model");
  EXPECT_EQ(created.value("run_id", ""), "abc123");
  ASSERT_TRUE(created["creation_timestamp"].is_number_integer()) << created.dump();
  EXPECT_EQ(created["tags"], (json{{{"key", "k"}, {"value", "v"}}}));

  json got = s.Ok("GET", "model-versions/get?name=m&version=1")["model_version"];
  EXPECT_EQ(got.value("description", ""), "d1");
  json updated = s.Ok("PATCH", "model-versions/update",
                      {{"name", "m"}, {"version", "1"}, {"description", "d2"}})["model_version"];
  EXPECT_EQ(updated.value("description", ""), "d2");

  json uri = s.Ok("GET", "model-versions/get-download-uri?name=m&version=1");
  EXPECT_EQ(uri, (json{{"artifact_uri", "s3://bucket/model"}}));

  EXPECT_EQ(s.Ok("DELETE", "model-versions/delete", {{"name", "m"}, {"version", "1"}}),
            json::object());
  ExpectMlflowError(s.Send("GET", "model-versions/get?name=m&version=1"), 404,
                    "RESOURCE_DOES_NOT_EXIST");
  // A deleted number is not given out again.
  EXPECT_EQ(
      s.Ok("POST", "model-versions/create", {{"name", "m"}, {"source", "s3://x"}})["model_version"]
          .value("version", ""),
      "2");
}

TEST(MlflowRegistryVersionApiTest, EmptyFieldsAreOmitted) {
  MlflowRegistryTestServer s;
  ASSERT_TRUE(s.ok());
  json model = s.Ok("POST", "registered-models/create", {{"name", "bare"}})["registered_model"];
  for (const char* field : {"description", "user_id", "tags", "aliases", "latest_versions"}) {
    EXPECT_FALSE(model.contains(field)) << field << ": " << model.dump();
  }
  json version = s.Ok("POST", "model-versions/create",
                      {{"name", "bare"}, {"source", "s3://b"}})["model_version"];
  for (const char* field :
       {"description", "user_id", "run_id", "run_link", "status_message", "tags", "aliases"}) {
    EXPECT_FALSE(version.contains(field)) << field << ": " << version.dump();
  }
  EXPECT_TRUE(version.contains("last_updated_timestamp")) << version.dump();
}

TEST(MlflowRegistryVersionApiTest, ErrorsCarryMlflowCodes) {
  MlflowRegistryTestServer s;
  ASSERT_TRUE(s.ok());
  s.NewModel("m", 1);
  ExpectMlflowError(s.Send("POST", "model-versions/create", R"({"name":"nope","source":"s"})"), 404,
                    "RESOURCE_DOES_NOT_EXIST");
  for (const char* source :
       {"s3://b/../etc", "s3://b/%2E%2E/etc", "s3://b/%252e%252e/x", "..", "s3://b/x%00y"}) {
    const json body = {{"name", "m"}, {"source", source}};
    RawHttpResponse r = s.Send("POST", "model-versions/create", body.dump());
    ExpectMlflowError(r, 400, "INVALID_PARAMETER_VALUE");
    EXPECT_NE(r.body.find("Invalid model version source"), std::string::npos) << r.body;
  }
  // Encoded past the decode cap (and a megabyte long): refused, and quickly.
  std::string deep = "s3://b/%";
  for (int i = 0; i < 20; ++i) deep += "25";
  deep += std::string(1 << 20, 'x');
  ExpectMlflowError(
      s.Send("POST", "model-versions/create", json{{"name", "m"}, {"source", deep}}.dump()), 400,
      "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(s.Ok("POST", "model-versions/create",
                 {{"name", "m"}, {"source", "s3://b/x..y/..z"}})["model_version"]
                .value("source", ""),
            "s3://b/x..y/..z");
  RawHttpResponse no_source = s.Send("POST", "model-versions/create", R"({"name":"m"})");
  ExpectMlflowError(no_source, 400, "INVALID_PARAMETER_VALUE");
  EXPECT_NE(no_source.body.find("'source'"), std::string::npos) << no_source.body;
  ExpectMlflowError(s.Send("GET", "model-versions/get?name=m&version=7"), 404,
                    "RESOURCE_DOES_NOT_EXIST");
  ExpectMlflowError(s.Send("GET", "model-versions/get?name=m&version=x"), 400,
                    "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(s.Send("GET", "model-versions/get?name=m"), 400, "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(s.Send("POST", "model-versions/transition-stage",
                           R"({"name":"m","version":"1","stage":"Q"})"),
                    400, "INVALID_PARAMETER_VALUE");
  RawHttpResponse bad_flag = s.Send("POST", "model-versions/transition-stage",
                                    R"({"name":"m","version":"1","stage":"Staging",)"
                                    R"("archive_existing_versions":3})");
  ExpectMlflowError(bad_flag, 400, "INVALID_PARAMETER_VALUE");
  EXPECT_NE(bad_flag.body.find("archive_existing_versions"), std::string::npos) << bad_flag.body;
  EXPECT_NE(bad_flag.body.find("'int'"), std::string::npos) << bad_flag.body;
  RawHttpResponse text_flag = s.Send("POST", "model-versions/transition-stage",
                                     R"({"name":"m","version":"1","stage":"Staging",)"
                                     R"("archive_existing_versions":"maybe"})");
  ExpectMlflowError(text_flag, 400, "INVALID_PARAMETER_VALUE");
  EXPECT_NE(text_flag.body.find("'str'"), std::string::npos) << text_flag.body;
  ExpectMlflowError(s.Send("GET", "model-versions/search?filter=version_number%20LIKE%20%271%27"),
                    400, "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(s.Send("DELETE", "model-versions/delete", R"({"name":"m","version":"5"})"), 404,
                    "RESOURCE_DOES_NOT_EXIST");
}

TEST(MlflowRegistryVersionApiTest, TransitionStageArchivesExistingVersions) {
  MlflowRegistryTestServer s;
  ASSERT_TRUE(s.ok());
  s.NewModel("m", 3);
  json v1 = s.Ok("POST", "model-versions/transition-stage",
                 {{"name", "m"}, {"version", "1"}, {"stage", "production"}})["model_version"];
  EXPECT_EQ(v1.value("current_stage", ""), "Production");
  // Without archive_existing_versions both stay in Production.
  s.Ok("POST", "model-versions/transition-stage",
       {{"name", "m"}, {"version", "2"}, {"stage", "Production"}});
  EXPECT_EQ(s.Ok("GET", "model-versions/get?name=m&version=1")["model_version"].value(
                "current_stage", ""),
            "Production");
  // With it, the others in Production move to Archived.
  json v3 = s.Ok("POST", "model-versions/transition-stage",
                 {{"name", "m"},
                  {"version", "3"},
                  {"stage", "Production"},
                  {"archive_existing_versions", true}})["model_version"];
  EXPECT_EQ(v3.value("current_stage", ""), "Production");
  for (const char* version : {"1", "2"}) {
    EXPECT_EQ(
        s.Ok("GET", std::string("model-versions/get?name=m&version=") + version)["model_version"]
            .value("current_stage", ""),
        "Archived")
        << version;
  }
  s.Ok("POST", "model-versions/transition-stage",
       {{"name", "m"},
        {"version", "1"},
        {"stage", "Staging"},
        {"archive_existing_versions", false}});
  // As MLflow's _assert_bool, the flag must be a JSON bool.
  ExpectMlflowError(s.Send("POST", "model-versions/transition-stage",
                           R"({"name":"m","version":"2","stage":"Staging",)"
                           R"("archive_existing_versions":"true"})"),
                    400, "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(s.Ok("GET", "model-versions/get?name=m&version=1")["model_version"].value(
                "current_stage", ""),
            "Staging");
  ExpectMlflowError(s.Send("POST", "model-versions/transition-stage",
                           R"({"name":"m","version":"2","stage":"Archived",)"
                           R"("archive_existing_versions":true})"),
                    400, "INVALID_PARAMETER_VALUE");
}

TEST(MlflowRegistryVersionApiTest, TagsRoundTrip) {
  MlflowRegistryTestServer s;
  ASSERT_TRUE(s.ok());
  s.NewModel("m", 1);
  EXPECT_EQ(s.Ok("POST", "model-versions/set-tag",
                 {{"name", "m"}, {"version", "1"}, {"key", "k"}, {"value", "v"}}),
            json::object());
  EXPECT_EQ(s.Ok("GET", "model-versions/get?name=m&version=1")["model_version"]["tags"],
            (json{{{"key", "k"}, {"value", "v"}}}));
  EXPECT_EQ(s.Ok("DELETE", "model-versions/delete-tag",
                 {{"name", "m"}, {"version", "1"}, {"key", "k"}}, kMlflowAjaxApiPrefix),
            json::object());
  EXPECT_FALSE(
      s.Ok("GET", "model-versions/get?name=m&version=1")["model_version"].contains("tags"));
  ExpectMlflowError(s.Send("POST", "model-versions/set-tag",
                           R"({"name":"m","version":"9","key":"k","value":"v"})"),
                    404, "RESOURCE_DOES_NOT_EXIST");
}

TEST(MlflowRegistryVersionApiTest, SearchFiltersOrdersAndPages) {
  MlflowRegistryTestServer s;
  ASSERT_TRUE(s.ok());
  s.NewModel("a", 3);
  s.NewModel("b", 2);
  json all = s.Ok("GET", "model-versions/search?filter=name%3D%27a%27", {}, kMlflowAjaxApiPrefix);
  EXPECT_EQ(all["model_versions"].size(), 3u) << all.dump();

  std::vector<std::string> seen;
  std::string token;
  for (int page = 0; page < 10; ++page) {
    std::string query =
        "model-versions/search?filter=version_number%20%3E%3D%202"
        "&order_by=name%20ASC&order_by=version_number%20DESC&max_results=2";
    if (!token.empty()) query += "&page_token=" + token;
    json result = s.Ok("GET", query);
    for (const json& v : result["model_versions"]) {
      seen.push_back(v.value("name", "") + "/" + v.value("version", ""));
    }
    token = result.value("next_page_token", "");
    if (token.empty()) break;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"a/3", "a/2", "b/2"}));
  EXPECT_EQ(s.Ok("GET", "model-versions/search?filter=name%3D%27zzz%27"), json::object());
}

}  // namespace
}  // namespace lakeml::server
