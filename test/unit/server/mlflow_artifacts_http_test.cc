// The proxied artifact API (/api/2.0/mlflow-artifacts/artifacts) over real HTTP: round trips,
// listings, content types, refused escapes, missing files and interrupted uploads.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "unit/server/mlflow_artifacts_test_server.h"
#include "unit/server/raw_http_client.h"

namespace lakeml::server {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::string_view kArtifacts = "/api/2.0/mlflow-artifacts/artifacts";

std::string Url(std::string_view path) { return StrCat(kArtifacts, "/", path); }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Every regular file under `dir`, relative to it.
std::vector<std::string> FilesUnder(const fs::path& dir) {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) files.push_back(fs::relative(e.path(), dir).string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(MlflowArtifactsHttpTest, UploadDownloadListDeleteRoundTrip) {
  MlflowArtifactsTestServer ts;
  RawHttpClient c(ts.port());
  auto put = c.Request("PUT", Url("0/run1/artifacts/model/MLmodel"), "flavors: {}\n");
  ASSERT_TRUE(put.has_value());
  EXPECT_EQ(put->status, 200) << put->body;
  EXPECT_EQ(put->body, "{}");
  EXPECT_EQ(put->Header("content-type"), "application/json");
  EXPECT_EQ(ReadFile(ts.artifact_dir() / "0/run1/artifacts/model/MLmodel"), "flavors: {}\n");

  ASSERT_EQ(c.Request("PUT", Url("0/run1/artifacts/model/data/weights.bin"), "0123456789")->status,
            200);
  ASSERT_EQ(c.Request("PUT", Url("0/run1/artifacts/metrics.json"), "{\"a\":1}")->status, 200);

  auto get = c.Request("GET", Url("0/run1/artifacts/model/MLmodel"));
  ASSERT_TRUE(get.has_value());
  EXPECT_EQ(get->status, 200);
  EXPECT_EQ(get->body, "flavors: {}\n");
  EXPECT_EQ(get->Header("content-type"), "text/plain");
  EXPECT_EQ(get->Header("content-disposition"), "attachment; filename=\"MLmodel\"");
  EXPECT_EQ(get->Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(c.Request("GET", Url("0/run1/artifacts/metrics.json"))->Header("content-type"),
            "application/json");
  auto bin = c.Request("GET", Url("0/run1/artifacts/model/data/weights.bin"));
  EXPECT_EQ(bin->body, "0123456789");
  EXPECT_EQ(bin->Header("content-type"), "application/octet-stream");

  // Overwrite replaces.
  ASSERT_EQ(c.Request("PUT", Url("0/run1/artifacts/metrics.json"), "{}")->status, 200);
  EXPECT_EQ(c.Request("GET", Url("0/run1/artifacts/metrics.json"))->body, "{}");

  auto list = c.Request("GET", StrCat(kArtifacts, "?path=0/run1/artifacts/model"));
  ASSERT_TRUE(list.has_value());
  EXPECT_EQ(list->status, 200);
  EXPECT_EQ(json::parse(list->body),
            json::parse(R"({"files":[{"path":"MLmodel","is_dir":false,"file_size":12},
                                     {"path":"data","is_dir":true}]})"));
  auto root_list = c.Request("GET", std::string(kArtifacts));
  EXPECT_EQ(json::parse(root_list->body), json::parse(R"({"files":[{"path":"0","is_dir":true}]})"));
  // Missing directories and files list as empty, as MLflow.
  EXPECT_EQ(c.Request("GET", StrCat(kArtifacts, "?path=nope"))->body, "{}");
  // The ajax prefix serves the same table.
  EXPECT_EQ(c.Request("GET",
                      "/ajax-api/2.0/mlflow-artifacts/artifacts/0/run1/artifacts/model/"
                      "MLmodel")
                ->body,
            "flavors: {}\n");

  auto del = c.Request("DELETE", Url("0/run1/artifacts/model"));
  ASSERT_TRUE(del.has_value());
  EXPECT_EQ(del->status, 200) << del->body;
  EXPECT_EQ(del->body, "{}");
  EXPECT_FALSE(fs::exists(ts.artifact_dir() / "0/run1/artifacts/model"));
  EXPECT_TRUE(fs::exists(ts.artifact_dir() / "0/run1/artifacts/metrics.json"));
  EXPECT_EQ(c.Request("DELETE", Url("0/run1/artifacts/metrics.json"))->status, 200);
  EXPECT_EQ(c.Request("DELETE", Url("0/run1/artifacts/metrics.json"))->status, 200);  // Missing.
  EXPECT_EQ(c.Request("GET", Url("0/run1/artifacts/metrics.json"))->status, 404);
}

TEST(MlflowArtifactsHttpTest, MissingFileIs404) {
  MlflowArtifactsTestServer ts;
  RawHttpClient c(ts.port());
  for (const char* path : {"nope.txt", "0/nope/x.bin"}) {
    auto r = c.Request("GET", Url(path));
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_EQ(json::parse(r->body)["error_code"], "RESOURCE_DOES_NOT_EXIST") << r->body;
  }
  // A directory is not a downloadable file.
  ASSERT_EQ(c.Request("PUT", Url("d/f.txt"), "x")->status, 200);
  EXPECT_EQ(c.Request("GET", Url("d"))->status, 404);
}

TEST(MlflowArtifactsHttpTest, RefusesPathsThatEscapeTheRoot) {
  MlflowArtifactsTestServer ts;
  std::ofstream(ts.dir() / "secret.txt") << "TOP-SECRET-CONTENT";
  // Percent-encoded in the request target; the server decodes once, the root refuses the rest.
  const std::vector<std::string> escapes = {
      "..%2fsecret.txt",             // ../secret.txt
      "%2e%2e/secret.txt",           // ../secret.txt
      "a/%2E%2E/%2e%2e/secret.txt",  // a/../../secret.txt
      "%252e%252e/secret.txt",       // double encoded: %2e%2e/secret.txt
      "%252e%252e%252fsecret.txt",   // double encoded slash
      "..%5csecret.txt",             // ..\secret.txt
      "%2fetc/passwd",               // /etc/passwd (absolute)
      "C:%5cWindows",                // drive letter
      ".lakeml-multipart/x",         // the staging directory
  };
  for (const std::string& path : escapes) {
    for (const char* method : {"GET", "PUT", "DELETE"}) {
      RawHttpClient c(ts.port());
      auto r = c.Request(method, Url(path), std::string_view(method) == "PUT" ? "pwned" : "");
      ASSERT_TRUE(r.has_value()) << method << " " << path;
      EXPECT_EQ(r->status, 400) << method << " " << path << ": " << r->body;
      EXPECT_EQ(json::parse(r->body)["error_code"], "INVALID_PARAMETER_VALUE") << r->body;
    }
    RawHttpClient c(ts.port());
    auto list = c.Request("GET", StrCat(kArtifacts, "?path=", path));
    EXPECT_EQ(list->status, 400) << "list " << path << ": " << list->body;
  }
  // Raw ".." segments and an encoded NUL are refused too (by the HTTP layer or the root).
  for (const char* target : {"/api/2.0/mlflow-artifacts/artifacts/../../secret.txt",
                             "/api/2.0/mlflow-artifacts/artifacts/a/../../../secret.txt",
                             "/api/2.0/mlflow-artifacts/artifacts/a%00b"}) {
    RawHttpClient c(ts.port());
    auto r = c.Request("GET", target);
    ASSERT_TRUE(r.has_value()) << target;
    EXPECT_GE(r->status, 400) << target;
    EXPECT_LT(r->status, 500) << target;
    EXPECT_EQ(r->body.find("TOP-SECRET"), std::string::npos) << r->body;
  }
  EXPECT_EQ(ReadFile(ts.dir() / "secret.txt"), "TOP-SECRET-CONTENT");
  EXPECT_TRUE(FilesUnder(ts.artifact_dir()).empty());
}

TEST(MlflowArtifactsHttpTest, RefusesSymlinkOutOfTheRoot) {
  MlflowArtifactsTestServer ts;
  fs::create_directories(ts.dir() / "outside");
  std::ofstream(ts.dir() / "outside" / "secret.txt") << "secret";
  fs::create_directory_symlink(ts.dir() / "outside", ts.artifact_dir() / "link");
  RawHttpClient c(ts.port());
  auto get = c.Request("GET", Url("link/secret.txt"));
  EXPECT_EQ(get->status, 400) << get->body;
  EXPECT_EQ(c.Request("PUT", Url("link/new.txt"), "x")->status, 400);
  EXPECT_FALSE(fs::exists(ts.dir() / "outside" / "new.txt"));
}

TEST(MlflowArtifactsHttpTest, InterruptedUploadLeavesNoFile) {
  MlflowArtifactsTestServer ts;
  {
    RawHttpClient c(ts.port());
    ASSERT_TRUE(c.Send(StrCat("PUT ", Url("0/r/artifacts/big.bin"),
                              " HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n")));
    ASSERT_TRUE(c.Send(std::string(300000, 'x')));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }  // Disconnects mid-body.
  // The server notices the disconnect and drops the temporary file.
  bool clean = false;
  for (int i = 0; i < 100 && !clean; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    clean = FilesUnder(ts.artifact_dir()).empty();
  }
  EXPECT_TRUE(clean) << FilesUnder(ts.artifact_dir()).front();
  RawHttpClient c(ts.port());
  EXPECT_EQ(c.Request("GET", Url("0/r/artifacts/big.bin"))->status, 404);
}

TEST(MlflowArtifactsHttpTest, ChunkedUploadIsStreamedToo) {
  MlflowArtifactsTestServer ts;
  RawHttpClient c(ts.port());
  ASSERT_TRUE(c.Send(StrCat("PUT ", Url("c/part.txt"),
                            " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                            "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")));
  auto r = c.Read();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(ReadFile(ts.artifact_dir() / "c/part.txt"), "hello world");
}

}  // namespace
}  // namespace lakeml::server
