// Multipart artifact uploads (/api/2.0/mlflow-artifacts/mpu/...) over real HTTP, driven the way
// MLflow's HttpArtifactRepository drives them: create, PUT each part to its credential URL,
// complete (or abort).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "unit/server/mlflow_artifacts_test_server.h"
#include "unit/server/raw_http_client.h"

namespace lakeml::server {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::string_view kMpu = "/api/2.0/mlflow-artifacts/mpu";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The path of an absolute URL on this server ("http://localhost:1/a" -> "/a").
std::string PathOf(const std::string& url) {
  const size_t scheme = url.find("://");
  return scheme == std::string::npos ? url : url.substr(url.find('/', scheme + 3));
}

class MlflowArtifactsMultipartTest : public ::testing::Test {
 protected:
  MlflowArtifactsMultipartTest() : client_(ts_.port()) {}

  json Post(std::string_view verb, std::string_view dir, const json& body, int expect = 200) {
    auto r = client_.Request("POST", StrCat(kMpu, "/", verb, dir.empty() ? "" : "/", dir),
                             body.dump(), "Content-Type: application/json\r\n");
    EXPECT_TRUE(r.has_value());
    if (!r.has_value()) return json();
    EXPECT_EQ(r->status, expect) << verb << ": " << r->body;
    return json::parse(r->body, nullptr, false);
  }

  // Creates an upload of `parts.size()` parts to <dir>/<file> and uploads them in reverse order.
  json CreateAndUpload(std::string_view dir, const std::vector<std::string>& parts) {
    json create =
        Post("create", dir, {{"path", "/home/me/out/model.bin"}, {"num_parts", parts.size()}});
    EXPECT_TRUE(create.contains("upload_id")) << create.dump();
    EXPECT_EQ(create["credentials"].size(), parts.size());
    for (size_t i = parts.size(); i-- > 0;) {
      const json& credential = create["credentials"][i];
      EXPECT_EQ(credential["part_number"], i + 1);
      const std::string url = credential["url"];
      EXPECT_EQ(url.rfind("http://localhost/api/2.0/mlflow-artifacts/mpu/upload/", 0), 0u) << url;
      auto put = client_.Request("PUT", PathOf(url), parts[i]);
      EXPECT_EQ(put->status, 200) << put->body;
      EXPECT_FALSE(put->Header("etag").empty());
    }
    return create;
  }

  fs::path Staging() const { return ts_.artifact_dir() / ".lakeml-multipart"; }
  bool StagingEmpty() const { return !fs::exists(Staging()) || fs::is_empty(Staging()); }

  MlflowArtifactsTestServer ts_;
  RawHttpClient client_;
};

TEST_F(MlflowArtifactsMultipartTest, CreateUploadPartsComplete) {
  const std::vector<std::string> parts = {std::string(1000, 'a'), std::string(10, 'b'), "c"};
  json create = CreateAndUpload("0/run/artifacts/models", parts);
  json parts_json = json::array();
  for (size_t i = 0; i < parts.size(); ++i) {
    parts_json.push_back({{"part_number", i + 1}, {"etag", "x"}, {"url", "u"}});
  }
  std::swap(parts_json[0], parts_json[2]);  // The server sorts by part_number.
  json done = Post("complete", "0/run/artifacts/models",
                   {{"path", "/home/me/out/model.bin"},
                    {"upload_id", create["upload_id"]},
                    {"parts", parts_json}});
  EXPECT_EQ(done, json::object());
  EXPECT_EQ(ReadFile(ts_.artifact_dir() / "0/run/artifacts/models/model.bin"),
            parts[0] + parts[1] + parts[2]);
  EXPECT_TRUE(StagingEmpty());
  // The staging directory never shows in listings.
  auto list = client_.Request("GET", "/api/2.0/mlflow-artifacts/artifacts");
  EXPECT_EQ(list->body.find(".lakeml"), std::string::npos) << list->body;
  // Completing twice: the upload is gone.
  Post("complete", "0/run/artifacts/models",
       {{"path", "model.bin"}, {"upload_id", create["upload_id"]}, {"parts", parts_json}}, 404);
}

TEST_F(MlflowArtifactsMultipartTest, ArtifactAtTheRootHasNoPathInTheUrl) {
  json create = CreateAndUpload("", {"xyz"});
  Post("complete", "",
       {{"path", "C:\\Users\\me\\model.bin"},  // A Windows client's local path.
        {"upload_id", create["upload_id"]},
        {"parts", {{{"part_number", 1}, {"etag", ""}}}}});
  EXPECT_EQ(ReadFile(ts_.artifact_dir() / "model.bin"), "xyz");
}

TEST_F(MlflowArtifactsMultipartTest, AbortRemovesParts) {
  json create = CreateAndUpload("0/r/artifacts", {"one", "two"});
  EXPECT_FALSE(StagingEmpty());
  EXPECT_EQ(
      Post("abort", "0/r/artifacts", {{"path", "model.bin"}, {"upload_id", create["upload_id"]}}),
      json::object());
  EXPECT_TRUE(StagingEmpty());
  EXPECT_FALSE(fs::exists(ts_.artifact_dir() / "0/r/artifacts/model.bin"));
  // Parts for an aborted upload are refused before their body is read.
  const std::string url = create["credentials"][0]["url"];
  EXPECT_EQ(client_.Request("PUT", PathOf(url), "late")->status, 404);
}

TEST_F(MlflowArtifactsMultipartTest, RefusesBadRequests) {
  // Missing or malformed fields.
  EXPECT_EQ(Post("create", "a", {{"num_parts", 1}}, 400)["error_code"], "INVALID_PARAMETER_VALUE");
  Post("create", "a", {{"path", "f"}, {"num_parts", 0}}, 400);
  Post("create", "a", {{"path", "f"}, {"num_parts", 10001}}, 400);
  Post("create", "a", {{"path", "f"}, {"num_parts", "many"}}, 400);
  auto not_json = client_.Request("POST", StrCat(kMpu, "/create/a"), "{oops");
  EXPECT_EQ(not_json->status, 400);
  // Escapes in the URL's directory.
  Post("create", "%2e%2e/x", {{"path", "f"}, {"num_parts", 1}}, 400);
  Post("create", "a/%252e%252e", {{"path", "f"}, {"num_parts", 1}}, 400);

  json create = CreateAndUpload("d", {"p1", "p2"});
  const json parts = {{{"part_number", 1}}, {{"part_number", 2}}};
  // Another artifact than the one created.
  Post("complete", "other",
       {{"path", "model.bin"}, {"upload_id", create["upload_id"]}, {"parts", parts}}, 400);
  // A part that was never uploaded, a repeated part, and an unknown upload.
  Post("complete", "d",
       {{"path", "model.bin"},
        {"upload_id", create["upload_id"]},
        {"parts", {{{"part_number", 3}}}}},
       400);
  Post("complete", "d",
       {{"path", "model.bin"},
        {"upload_id", create["upload_id"]},
        {"parts", {{{"part_number", 1}}, {{"part_number", 1}}}}},
       400);
  Post("complete", "d", {{"path", "model.bin"}, {"upload_id", "../../x"}, {"parts", parts}}, 404);
  EXPECT_FALSE(fs::exists(ts_.artifact_dir() / "d/model.bin"));
  // Part numbers out of range and unknown uploads.
  const std::string url = create["credentials"][0]["url"];
  const std::string base = PathOf(url).substr(0, PathOf(url).rfind('/'));
  // A refused part's body is never read, so each goes on its own connection.
  auto put_status = [this](const std::string& target) {
    RawHttpClient c(ts_.port());
    auto r = c.Request("PUT", target, "x");
    return r.has_value() ? r->status : 0;
  };
  EXPECT_EQ(put_status(base + "/0"), 400);
  EXPECT_EQ(put_status(base + "/3"), 400);
  EXPECT_EQ(put_status(base + "/x1"), 400);
  EXPECT_EQ(put_status(StrCat(kMpu, "/upload/0000-beef/1")), 404);
  // The upload still completes after the refused requests.
  Post("complete", "d",
       {{"path", "model.bin"}, {"upload_id", create["upload_id"]}, {"parts", parts}});
  EXPECT_EQ(ReadFile(ts_.artifact_dir() / "d/model.bin"), "p1p2");
}

}  // namespace
}  // namespace lakeml::server
