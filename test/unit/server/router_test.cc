#include "server/http/router.h"

#include <gtest/gtest.h>

#include <cmath>

#include "server/http/json_writer.h"
#include "server/http/percent_decoding.h"

namespace lakeml::server {
namespace {

HttpHandler Noop() {
  return [](HttpRequest&, HttpResponse&) {};
}

std::shared_ptr<RouteTable> MlflowLikeTable() {
  auto t = std::make_shared<RouteTable>("mlflow");
  t->Add(HttpMethod::kPost, "/runs/create", Noop());
  t->Add(HttpMethod::kGet, "/runs/get", Noop());
  t->Add(HttpMethod::kGet, "/experiments/{id}/tags", Noop());
  t->Add(HttpMethod::kPut, "/artifacts/{path...}", Noop());
  t->Add(HttpMethod::kGet, "/artifacts/{path...}", Noop());
  t->Add(HttpMethod::kGet, "/artifacts", Noop());
  return t;
}

Router::FindResult FindFor(const Router& router, std::string_view method, std::string_view target,
                           HttpRequest* req) {
  req->Reset();
  EXPECT_TRUE(req->SetStart(method, target).ok());
  return router.Find(req);
}

TEST(RouterTest, MatchesLiteralsParamsAndWildcardsUnderEveryPrefix) {
  Router router;
  auto table = MlflowLikeTable();
  router.Mount("/api/2.0/mlflow", table);
  router.Mount("/ajax-api/2.0/mlflow", table);
  HttpRequest req;
  for (std::string_view prefix : {"/api/2.0/mlflow", "/ajax-api/2.0/mlflow"}) {
    auto r = FindFor(router, "POST", std::string(prefix) + "/runs/create", &req);
    ASSERT_EQ(r.kind, RouteTable::MatchKind::kFound);
    EXPECT_EQ(req.route_template(), std::string(prefix) + "/runs/create");
    r = FindFor(router, "GET", std::string(prefix) + "/experiments/42/tags?x=1", &req);
    ASSERT_EQ(r.kind, RouteTable::MatchKind::kFound);
    EXPECT_EQ(req.PathParam("id"), "42");
    EXPECT_EQ(req.QueryParam("x").value_or(""), "1");
  }
  auto r = FindFor(router, "PUT", "/api/2.0/mlflow/artifacts/a/b%20c/d.txt", &req);
  ASSERT_EQ(r.kind, RouteTable::MatchKind::kFound);
  EXPECT_EQ(req.PathParam("path"), "a/b c/d.txt");
  EXPECT_EQ(req.route_template(), "/api/2.0/mlflow/artifacts/{path...}");
  r = FindFor(router, "GET", "/api/2.0/mlflow/artifacts", &req);
  ASSERT_EQ(r.kind, RouteTable::MatchKind::kFound);
  EXPECT_EQ(req.route_template(), "/api/2.0/mlflow/artifacts");
  EXPECT_EQ(router.route_templates().size(), 12u);
}

TEST(RouterTest, NotFoundAndMethodNotAllowed) {
  Router router;
  router.Mount("/api/2.0/mlflow", MlflowLikeTable());
  HttpRequest req;
  EXPECT_EQ(FindFor(router, "GET", "/api/2.0/mlflow/runs/nope", &req).kind,
            RouteTable::MatchKind::kNotFound);
  // The prefix must end at a segment boundary.
  EXPECT_EQ(FindFor(router, "POST", "/api/2.0/mlflowx/runs/create", &req).kind,
            RouteTable::MatchKind::kNotFound);
  EXPECT_EQ(FindFor(router, "POST", "/runs/create", &req).kind, RouteTable::MatchKind::kNotFound);
  // An empty {id} segment does not match; nor does a trailing slash.
  EXPECT_EQ(FindFor(router, "GET", "/api/2.0/mlflow/experiments//tags", &req).kind,
            RouteTable::MatchKind::kNotFound);
  EXPECT_EQ(FindFor(router, "GET", "/api/2.0/mlflow/runs/get/", &req).kind,
            RouteTable::MatchKind::kNotFound);
  auto r = FindFor(router, "GET", "/api/2.0/mlflow/runs/create", &req);
  EXPECT_EQ(r.kind, RouteTable::MatchKind::kMethodNotAllowed);
  EXPECT_EQ(r.allow, "POST");
  r = FindFor(router, "DELETE", "/api/2.0/mlflow/artifacts/x", &req);
  EXPECT_EQ(r.kind, RouteTable::MatchKind::kMethodNotAllowed);
  EXPECT_EQ(r.allow, "PUT, GET, HEAD");
}

TEST(RouterTest, HeadIsAnsweredByGet) {
  Router router;
  router.Mount("", MlflowLikeTable());
  HttpRequest req;
  auto r = FindFor(router, "HEAD", "/runs/get", &req);
  ASSERT_EQ(r.kind, RouteTable::MatchKind::kFound);
  EXPECT_EQ(r.route->method, HttpMethod::kGet);
}

TEST(RequestTest, DecodesTargetQueryAndHeaders) {
  HttpRequest req;
  ASSERT_TRUE(req.SetStart("GET", "/a%2Fb/c+d?q=x+y%26z&q=2&flag&&e=").ok());
  EXPECT_EQ(req.path(), "/a/b/c+d");
  EXPECT_EQ(req.QueryParam("q").value_or(""), "x y&z");
  EXPECT_EQ(req.QueryParams("q").size(), 2u);
  EXPECT_TRUE(req.QueryParam("flag").has_value());
  EXPECT_EQ(req.QueryParam("e").value_or("?"), "");
  EXPECT_FALSE(req.QueryParam("missing").has_value());
  req.AddHeader("Content-Type", "application/json");
  EXPECT_EQ(req.Header("content-type").value_or(""), "application/json");
  EXPECT_FALSE(req.SetStart("GET", "/bad%2").ok());
  EXPECT_FALSE(req.SetStart("GET", "/bad%zz").ok());
  EXPECT_FALSE(req.SetStart("GET", "/nul%00").ok());
  EXPECT_FALSE(req.SetStart("GET", "http://host/abs").ok());
  EXPECT_FALSE(req.SetStart("GET", "").ok());
}

TEST(JsonWriterTest, WritesNestedValuesWithEscapes) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("s");
  w.String("a\"b\\c\n\x01");
  w.Key("n");
  w.Int(-5);
  w.Key("arr");
  w.BeginArray();
  w.Double(0.1);
  w.Double(2.0);
  w.Double(std::nan(""));
  w.Bool(true);
  w.Null();
  w.BeginObject();
  w.EndObject();
  w.EndArray();
  w.EndObject();
  EXPECT_EQ(out, R"({"s":"a\"b\\c\n\u0001","n":-5,"arr":[0.1,2,NaN,true,null,{}]})");
}

TEST(ResponseTest, MapsStatusToMlflowErrors) {
  HttpResponse res;
  res.SetStatusError(Status::NotFound("Run 'x' not found"));
  EXPECT_EQ(res.status(), 404);
  EXPECT_EQ(res.body(),
            R"({"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Run 'x' not found"})");
  res.SetStatusError(Status::InvalidArgument("bad"));
  EXPECT_EQ(res.status(), 400);
  EXPECT_NE(res.body().find("INVALID_PARAMETER_VALUE"), std::string::npos);
  res.SetStatusError(Status::AlreadyExists("dup"));
  EXPECT_EQ(res.status(), 400);
  EXPECT_NE(res.body().find("RESOURCE_ALREADY_EXISTS"), std::string::npos);
  res.SetStatusError(Status::IOError("disk"));
  EXPECT_EQ(res.status(), 500);
}

}  // namespace
}  // namespace lakeml::server
