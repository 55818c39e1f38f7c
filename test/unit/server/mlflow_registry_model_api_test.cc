// The MLflow registered-models/* REST routes over real HTTP (MlflowRegistryTestServer).
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "unit/server/mlflow_registry_test_server.h"
#include "unit/server/mlflow_test_server.h"

namespace lakeml::server {
namespace {

using nlohmann::json;

TEST(MlflowRegistryModelApiTest, CreateGetUpdateRenameDelete) {
  MlflowRegistryTestServer s;
  ASSERT_TRUE(s.ok());
  json created = s.Ok("POST", "registered-models/create",
                      {{"name", "fraud"},
                       {"description", "first"},
                       {"tags", {{{"key", "team"}, {"value", "risk"}}}}})["registered_model"];
  EXPECT_EQ(created.value("name", ""), "fraud");
  EXPECT_EQ(created.value("description", ""), "first");
  ASSERT_TRUE(created["creation_timestamp"].is_number_integer()) << created.dump();
  EXPECT_GT(created["creation_timestamp"].get<int64_t>(), 0);
  ASSERT_EQ(created["tags"].size(), 1u) << created.dump();
  EXPECT_EQ(created["tags"][0].value("value", ""), "risk");

  json got = s.Ok("GET", "registered-models/get?name=fraud")["registered_model"];
  EXPECT_EQ(got.value("name", ""), "fraud");
  EXPECT_EQ(got["creation_timestamp"], created["creation_timestamp"]);

  json updated = s.Ok("PATCH", "registered-models/update",
                      {{"name", "fraud"}, {"description", "second"}})["registered_model"];
  EXPECT_EQ(updated.value("description", ""), "second");

  s.Ok("POST", "model-versions/create", {{"name", "fraud"}, {"source", "s3://b/m"}});
  json renamed = s.Ok("POST", "registered-models/rename",
                      {{"name", "fraud"}, {"new_name", "fraud2"}})["registered_model"];
  EXPECT_EQ(renamed.value("name", ""), "fraud2");
  ASSERT_EQ(renamed["latest_versions"].size(), 1u) << renamed.dump();
  EXPECT_EQ(renamed["latest_versions"][0].value("name", ""), "fraud2");
  ExpectMlflowError(s.Send("GET", "registered-models/get?name=fraud"), 404,
                    "RESOURCE_DOES_NOT_EXIST");

  EXPECT_EQ(s.Ok("DELETE", "registered-models/delete", {{"name", "fraud2"}}), json::object());
  ExpectMlflowError(s.Send("GET", "registered-models/get?name=fraud2"), 404,
                    "RESOURCE_DOES_NOT_EXIST");
  ExpectMlflowError(s.Send("DELETE", "registered-models/delete", R"({"name":"fraud2"})"), 404,
                    "RESOURCE_DOES_NOT_EXIST");
}

TEST(MlflowRegistryModelApiTest, BothPrefixesServeTheSameRegistry) {
  MlflowRegistryTestServer s;
  ASSERT_TRUE(s.ok());
  s.Ok("POST", "registered-models/create", {{"name", "m"}}, kMlflowAjaxApiPrefix);
  EXPECT_EQ(s.Ok("GET", "registered-models/get?name=m")["registered_model"].value("name", ""), "m");
  EXPECT_EQ(
      s.Ok("GET", "registered-models/get?name=m", {}, kMlflowAjaxApiPrefix)["registered_model"]
          .value("name", ""),
      "m");
  // The tracking table still serves beside it under the same prefix.
  EXPECT_FALSE(s.Ok("POST", "experiments/create", {{"name", "e"}}, kMlflowAjaxApiPrefix)
                   .value("experiment_id", "")
                   .empty());
}

TEST(MlflowRegistryModelApiTest, ErrorsCarryMlflowCodes) {
  MlflowRegistryTestServer s;
  ASSERT_TRUE(s.ok());
  s.NewModel("dup");
  RawHttpResponse duplicate = s.Send("POST", "registered-models/create", R"({"name":"dup"})");
  ExpectMlflowError(duplicate, 400, "RESOURCE_ALREADY_EXISTS");
  EXPECT_NE(MlflowTestServer::Json(duplicate).value("message", "").find("dup"), std::string::npos);

  RawHttpResponse missing = s.Send("POST", "registered-models/create", "{}");
  ExpectMlflowError(missing, 400, "INVALID_PARAMETER_VALUE");
  EXPECT_NE(MlflowTestServer::Json(missing)
                .value("message", "")
                .find("Missing value for required parameter 'name'"),
            std::string::npos)
      << missing.body;
  ExpectMlflowError(s.Send("GET", "registered-models/get"), 400, "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(s.Send("POST", "registered-models/rename", R"({"name":"dup"})"), 400,
                    "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(s.Send("POST", "registered-models/create", R"({"name":5})"), 400,
                    "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(s.Send("PATCH", "registered-models/update", R"({"name":"nope"})"), 404,
                    "RESOURCE_DOES_NOT_EXIST");
  ExpectMlflowError(s.Send("GET", "registered-models/search?filter=bogus%20~%201"), 400,
                    "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(s.Send("GET", "registered-models/search?max_results=abc"), 400,
                    "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(s.Send("PATCH", "registered-models/update", "not json"), 400,
                    "INVALID_PARAMETER_VALUE");
}

TEST(MlflowRegistryModelApiTest, SearchFiltersOrdersAndPages) {
  MlflowRegistryTestServer s;
  ASSERT_TRUE(s.ok());
  for (const char* name : {"alpha", "beta", "gamma", "other"}) s.NewModel(name);
  s.Ok("POST", "registered-models/set-tag", {{"name", "beta"}, {"key", "team"}, {"value", "a"}});
  s.Ok("POST", "registered-models/set-tag", {{"name", "gamma"}, {"key", "team"}, {"value", "a"}});

  json tagged = s.Ok("GET", "registered-models/search?filter=tags.team%20%3D%20%27a%27");
  ASSERT_EQ(tagged["registered_models"].size(), 2u) << tagged.dump();
  EXPECT_FALSE(tagged.contains("next_page_token")) << tagged.dump();

  std::vector<std::string> names;
  std::string token;
  for (int page = 0; page < 10; ++page) {
    std::string query =
        "registered-models/search?filter=name%20LIKE%20%27%25a%25%27"
        "&order_by=name%20DESC&max_results=2";
    if (!token.empty()) query += "&page_token=" + token;
    json result = s.Ok("GET", query);
    for (const json& m : result["registered_models"]) names.push_back(m.value("name", ""));
    token = result.value("next_page_token", "");
    if (token.empty()) break;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"gamma", "beta", "alpha"}));

  json none = s.Ok("GET", "registered-models/search?filter=name%3D%27zzz%27");
  EXPECT_EQ(none, json::object());  // Empty lists and tokens are omitted.
}

TEST(MlflowRegistryModelApiTest, TagsRoundTrip) {
  MlflowRegistryTestServer s;
  ASSERT_TRUE(s.ok());
  s.NewModel("m");
  EXPECT_EQ(
      s.Ok("POST", "registered-models/set-tag", {{"name", "m"}, {"key", "k"}, {"value", "v"}}),
      json::object());
  json tags = s.Ok("GET", "registered-models/get?name=m")["registered_model"]["tags"];
  ASSERT_EQ(tags.size(), 1u);
  EXPECT_EQ(tags[0], (json{{"key", "k"}, {"value", "v"}}));
  EXPECT_EQ(s.Ok("DELETE", "registered-models/delete-tag", {{"name", "m"}, {"key", "k"}}),
            json::object());
  EXPECT_FALSE(s.Ok("GET", "registered-models/get?name=m")["registered_model"].contains("tags"));
  ExpectMlflowError(
      s.Send("POST", "registered-models/set-tag", R"({"name":"nope","key":"k","value":"v"})"), 404,
      "RESOURCE_DOES_NOT_EXIST");
}

TEST(MlflowRegistryModelApiTest, AliasesRoundTrip) {
  MlflowRegistryTestServer s;
  ASSERT_TRUE(s.ok());
  s.NewModel("m", 2);
  EXPECT_EQ(s.Ok("POST", "registered-models/alias",
                 {{"name", "m"}, {"alias", "champion"}, {"version", "1"}}),
            json::object());
  json by_alias = s.Ok("GET", "registered-models/alias?name=m&alias=champion")["model_version"];
  EXPECT_EQ(by_alias.value("version", ""), "1");
  EXPECT_EQ(by_alias["aliases"], (json{"champion"}));
  json model = s.Ok("GET", "registered-models/get?name=m")["registered_model"];
  EXPECT_EQ(model["aliases"], (json{{{"alias", "champion"}, {"version", "1"}}}));

  // Setting it again moves it.
  s.Ok("POST", "registered-models/alias", {{"name", "m"}, {"alias", "champion"}, {"version", "2"}});
  EXPECT_EQ(s.Ok("GET", "registered-models/alias?name=m&alias=champion")["model_version"].value(
                "version", ""),
            "2");
  EXPECT_EQ(s.Ok("DELETE", "registered-models/alias", {{"name", "m"}, {"alias", "champion"}}),
            json::object());
  ExpectMlflowError(s.Send("GET", "registered-models/alias?name=m&alias=champion"), 400,
                    "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(
      s.Send("POST", "registered-models/alias", R"({"name":"m","alias":"latest","version":"1"})"),
      400, "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(
      s.Send("POST", "registered-models/alias", R"({"name":"m","alias":"a","version":"9"})"), 404,
      "RESOURCE_DOES_NOT_EXIST");
}

TEST(MlflowRegistryModelApiTest, GetLatestVersionsByPostAndGet) {
  MlflowRegistryTestServer s;
  ASSERT_TRUE(s.ok());
  s.NewModel("m", 3);
  s.Ok("POST", "model-versions/transition-stage",
       {{"name", "m"}, {"version", "1"}, {"stage", "Production"}});
  json all = s.Ok("POST", "registered-models/get-latest-versions", {{"name", "m"}});
  std::set<std::string> pairs;
  for (const json& v : all["model_versions"]) {
    pairs.insert(v.value("current_stage", "") + ":" + v.value("version", ""));
  }
  EXPECT_EQ(pairs, (std::set<std::string>{"Production:1", "None:3"})) << all.dump();

  json production = s.Ok("GET", "registered-models/get-latest-versions?name=m&stages=production");
  ASSERT_EQ(production["model_versions"].size(), 1u) << production.dump();
  EXPECT_EQ(production["model_versions"][0].value("version", ""), "1");
  json two = s.Ok("POST", "registered-models/get-latest-versions",
                  {{"name", "m"}, {"stages", {"None", "Production"}}});
  EXPECT_EQ(two["model_versions"].size(), 2u) << two.dump();
  EXPECT_EQ(s.Ok("GET", "registered-models/get-latest-versions?name=m&stages=Staging"),
            json::object());
  ExpectMlflowError(s.Send("GET", "registered-models/get-latest-versions?name=m&stages=Bogus"), 400,
                    "INVALID_PARAMETER_VALUE");
  ExpectMlflowError(s.Send("GET", "registered-models/get-latest-versions?name=nope"), 404,
                    "RESOURCE_DOES_NOT_EXIST");
}

}  // namespace
}  // namespace lakeml::server
