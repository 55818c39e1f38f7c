// GET /api/2.0/mlflow/artifacts/list: a run's artifacts, for proxied (mlflow-artifacts:/) and
// local-directory artifact URIs, over real HTTP.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "unit/server/mlflow_artifacts_test_server.h"
#include "unit/server/raw_http_client.h"

namespace lakeml::server {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string ListUrl(std::string_view run_id, std::string_view extra = "") {
  return StrCat("/api/2.0/mlflow/artifacts/list?run_id=", run_id, extra);
}

ml::Run NewRun(ml::TrackingStore& store, std::string experiment_id = "") {
  ml::CreateRunRequest request;
  request.experiment_id = std::move(experiment_id);
  Result<ml::Run> run = store.CreateRun(request);
  EXPECT_TRUE(run.ok()) << run.status().ToString();
  return std::move(run).value();
}

TEST(MlflowArtifactsRunListTest, ListsProxiedRunArtifacts) {
  MlflowArtifactsTestServer ts;
  const ml::Run run = NewRun(ts.store());
  const std::string& uri = run.info.artifact_uri;
  ASSERT_EQ(uri, StrCat("mlflow-artifacts:/0/", run.info.run_id, "/artifacts"));
  RawHttpClient c(ts.port());
  // No artifacts yet.
  auto empty = c.Request("GET", ListUrl(run.info.run_id));
  ASSERT_EQ(empty->status, 200) << empty->body;
  EXPECT_EQ(json::parse(empty->body), json({{"root_uri", uri}}));

  const std::string base =
      StrCat("/api/2.0/mlflow-artifacts/artifacts/0/", run.info.run_id, "/artifacts/");
  ASSERT_EQ(c.Request("PUT", base + "model/MLmodel", "abc")->status, 200);
  ASSERT_EQ(c.Request("PUT", base + "model/sub/x.bin", "12345")->status, 200);
  ASSERT_EQ(c.Request("PUT", base + "notes.txt", "hi")->status, 200);

  auto top = c.Request("GET", ListUrl(run.info.run_id));
  EXPECT_EQ(json::parse(top->body), json::parse(StrCat(R"({"root_uri":")", uri, R"(","files":[
              {"path":"model","is_dir":true},
              {"path":"notes.txt","is_dir":false,"file_size":2}]})")));
  // Paths are relative to the run's root, as MLflow's server answers.
  auto model = c.Request("GET", ListUrl(run.info.run_id, "&path=model"));
  EXPECT_EQ(json::parse(model->body)["files"],
            json::parse(R"([{"path":"model/MLmodel","is_dir":false,"file_size":3},
                            {"path":"model/sub","is_dir":true}])"));
  // run_uuid, page_token and the ajax prefix are accepted.
  auto old_style =
      c.Request("GET", StrCat("/ajax-api/2.0/mlflow/artifacts/list?run_uuid=", run.info.run_id,
                              "&path=model/sub&page_token=x"));
  EXPECT_EQ(json::parse(old_style->body)["files"],
            json::parse(R"([{"path":"model/sub/x.bin","is_dir":false,"file_size":5}])"));
}

TEST(MlflowArtifactsRunListTest, ListsLocalDirectoryRuns) {
  MlflowArtifactsTestServer ts;
  const fs::path local = ts.dir() / "local-artifacts";
  for (const std::string& location : {local.string(), "file://" + local.string()}) {
    Result<std::string> experiment =
        ts.store().CreateExperiment(StrCat("exp-", location.size()), location, {});
    ASSERT_TRUE(experiment.ok()) << experiment.status().ToString();
    const ml::Run run = NewRun(ts.store(), *experiment);
    RawHttpClient c(ts.port());
    // Its directory does not exist yet: no artifacts, nothing created.
    auto none = c.Request("GET", ListUrl(run.info.run_id));
    ASSERT_EQ(none->status, 200) << none->body;
    EXPECT_FALSE(json::parse(none->body).contains("files")) << none->body;

    const fs::path dir = local / run.info.run_id / "artifacts";
    fs::create_directories(dir / "d");
    std::ofstream(dir / "d" / "f.txt") << "1234";
    auto listed = c.Request("GET", ListUrl(run.info.run_id, "&path=d"));
    ASSERT_EQ(listed->status, 200) << listed->body;
    EXPECT_EQ(json::parse(listed->body)["root_uri"], run.info.artifact_uri);
    EXPECT_EQ(json::parse(listed->body)["files"],
              json::parse(R"([{"path":"d/f.txt","is_dir":false,"file_size":4}])"));
    // Escapes from the run's directory are refused.
    auto escape = c.Request("GET", ListUrl(run.info.run_id, "&path=../.."));
    EXPECT_EQ(escape->status, 400) << escape->body;
  }
}

TEST(MlflowArtifactsRunListTest, ErrorsUseMlflowCodes) {
  MlflowArtifactsTestServer ts;
  RawHttpClient c(ts.port());
  auto missing_id = c.Request("GET", "/api/2.0/mlflow/artifacts/list");
  EXPECT_EQ(missing_id->status, 400);
  EXPECT_EQ(json::parse(missing_id->body)["error_code"], "INVALID_PARAMETER_VALUE");
  auto no_run = c.Request("GET", ListUrl("0123456789abcdef0123456789abcdef"));
  EXPECT_EQ(no_run->status, 404) << no_run->body;
  EXPECT_EQ(json::parse(no_run->body)["error_code"], "RESOURCE_DOES_NOT_EXIST");
  const ml::Run run = NewRun(ts.store());
  for (const char* bad : {"&path=..", "&path=%2e%2e/%2e%2e", "&path=/etc", "&path=a%255c"}) {
    auto r = c.Request("GET", ListUrl(run.info.run_id, bad));
    EXPECT_EQ(r->status, 400) << bad << ": " << r->body;
    EXPECT_EQ(json::parse(r->body)["error_code"], "INVALID_PARAMETER_VALUE");
  }
}

}  // namespace
}  // namespace lakeml::server
