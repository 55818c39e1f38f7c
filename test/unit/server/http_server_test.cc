#include "server/http/http_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "unit/server/raw_http_client.h"
#include "unit/server/test_server.h"

namespace lakeml::server {
namespace {

TEST(HttpServerTest, KeepAliveReusesOneConnection) {
  TestServer ts;
  RawHttpClient c(ts.port());
  ASSERT_TRUE(c.connected());
  for (int i = 0; i < 5; ++i) {
    auto r = c.Request("POST", "/t/echo", "{\"i\":" + std::to_string(i) + "}",
                       "Content-Type: application/json\r\n");
    ASSERT_TRUE(r.has_value()) << i;
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "{\"i\":" + std::to_string(i) + "}");
    EXPECT_EQ(r->Header("content-type"), "application/json");
    EXPECT_FALSE(r->Header("x-request-id").empty());
  }
  EXPECT_EQ(ts.server()->open_connections(), 1);
  auto r = c.Request("GET", "/t/items/abc?q=x%20y");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->body, R"({"id":"abc","q":"x y"})");
}

TEST(HttpServerTest, PipelinedRequestsAreAnsweredInOrder) {
  TestServer ts;
  RawHttpClient c(ts.port());
  std::string both =
      "POST /t/slow?ms=50 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
      "GET /t/hello HTTP/1.1\r\nHost: x\r\n\r\n"
      "POST /t/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc";
  ASSERT_TRUE(c.Send(both));
  auto a = c.Read(), b = c.Read(), d = c.Read();
  ASSERT_TRUE(a && b && d);
  EXPECT_EQ(a->body, "done");
  EXPECT_EQ(b->body, "hello");
  EXPECT_EQ(d->body, "abc");
}

TEST(HttpServerTest, ConnectionCloseAndHttp10AreHonoured) {
  TestServer ts;
  RawHttpClient c(ts.port());
  auto r = c.Request("GET", "/t/hello", "", "Connection: close\r\n");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->body, "hello");
  EXPECT_TRUE(c.WaitClosed());
  RawHttpClient c10(ts.port());
  ASSERT_TRUE(c10.Send("GET /t/hello HTTP/1.0\r\n\r\n"));
  r = c10.Read();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->body, "hello");
  EXPECT_TRUE(c10.WaitClosed());
}

TEST(HttpServerTest, HeadSendsHeadersOnly) {
  TestServer ts;
  RawHttpClient c(ts.port());
  auto r = c.Request("HEAD", "/t/hello");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("content-length"), "5");
  EXPECT_TRUE(r->body.empty());
  // The connection is still in sync: the next response is the right one.
  r = c.Request("GET", "/t/hello");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->body, "hello");
}

TEST(HttpServerTest, ChunkedBodiesAndExpectContinue) {
  TestServer ts;
  RawHttpClient c(ts.port());
  ASSERT_TRUE(
      c.Send("POST /t/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
             "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
  auto r = c.Read();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->body, "hello world");
  ASSERT_TRUE(c.Send(
      "POST /t/echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"));
  r = c.Read();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 100);
  ASSERT_TRUE(c.Send("ping"));
  r = c.Read();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "ping");
}

TEST(HttpServerTest, UnknownPathsAndMethodsGetMlflowErrors) {
  TestServer ts;
  RawHttpClient c(ts.port());
  auto r = c.Request("GET", "/t/nope");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->Header("content-type"), "application/json");
  EXPECT_EQ(r->body,
            R"({"error_code":"ENDPOINT_NOT_FOUND","message":"No API endpoint for GET /t/nope"})");
  r = c.Request("DELETE", "/t/echo");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(r->Header("allow"), "POST");
  EXPECT_NE(r->body.find("\"error_code\":\"ENDPOINT_NOT_FOUND\""), std::string::npos);
  // Errors that read the whole request keep the connection.
  r = c.Request("GET", "/t/hello");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
}

TEST(HttpServerTest, BodyLimitsAnswer413) {
  HttpServerOptions options;
  options.max_body_bytes = 1000;
  TestServer ts(options);
  RawHttpClient c(ts.port());
  auto r = c.Request("POST", "/t/echo", std::string(1001, 'x'));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 413);
  EXPECT_NE(r->body.find("REQUEST_LIMIT_EXCEEDED"), std::string::npos);
  EXPECT_TRUE(c.WaitClosed());
  // A chunked body has no length up front: it is cut off when it passes the limit.
  RawHttpClient c2(ts.port());
  std::string chunked = "POST /t/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) chunked += "190\r\n" + std::string(400, 'y') + "\r\n";
  chunked += "0\r\n\r\n";
  ASSERT_TRUE(c2.Send(chunked));
  r = c2.Read();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 413);
  // Exactly at the limit is fine.
  RawHttpClient c3(ts.port());
  r = c3.Request("POST", "/t/echo", std::string(1000, 'x'));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
}

TEST(HttpServerTest, HugeHeadersAnswer431) {
  HttpServerOptions options;
  options.max_header_bytes = 4096;
  TestServer ts(options);
  RawHttpClient c(ts.port());
  auto r = c.Request("GET", "/t/hello", "", "X-Big: " + std::string(8000, 'a') + "\r\n");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 431);
  EXPECT_TRUE(c.WaitClosed());
}

TEST(HttpServerTest, MalformedRequestsAnswer400AndServerSurvives) {
  TestServer ts;
  const char* bad[] = {
      "GARBAGE\r\n\r\n",
      "GET /t/hello HTTP/9.9\r\n\r\n",
      "GET /t/hello%zz HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET http://evil/t/hello HTTP/1.1\r\nHost: x\r\n\r\n",
      ("POST /t/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
       "zz\r\nabc\r\n0\r\n\r\n"),
      "POST /t/echo HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
      "POST /t/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
      "GET /t/hello HTTP/1.1\r\nBad Header\r\n\r\n",
  };
  for (const char* req : bad) {
    RawHttpClient c(ts.port());
    ASSERT_TRUE(c.Send(req));
    auto r = c.Read();
    ASSERT_TRUE(r.has_value()) << req;
    EXPECT_GE(r->status, 400) << req;
    EXPECT_LT(r->status, 500) << req;
    EXPECT_NE(r->body.find("\"error_code\""), std::string::npos) << req;
    EXPECT_TRUE(c.WaitClosed()) << req;
  }
  RawHttpClient ok(ts.port());
  auto r = ok.Request("GET", "/health");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->body, "OK");
}

// A chunked body whose bytes arrive one at a time, ending in a bad trailer (found by the
// http_request fuzzer feeding Beast's parser byte by byte). Beast 1.81's parse_chunk_header has a
// BOOST_ASSERT(n >= 5) that such input trips in builds without NDEBUG; with NDEBUG (release) the
// code after it re-parses bytes it already validated and asks for more, which this checks.
TEST(HttpServerTest, ByteAtATimeChunkedRequestWithBadTrailer) {
#ifndef NDEBUG
  GTEST_SKIP() << "Beast 1.81 asserts on this input in builds without NDEBUG";
#endif
  TestServer ts;
  RawHttpClient c(ts.port());
  const std::string req =
      "PUT /t/upload/x HTTP/1.0\r\nTransfer-Encoding: chunked\r\nExpect: 050-continue\r\n\r\n"
      "0\r\nabc\r\n5\r\n\xec\n\x83";
  for (char ch : req) {
    if (!c.Send(std::string(1, ch))) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  auto r = c.Read(300);  // The server may still be waiting for the rest of the trailer.
  if (r.has_value()) {
    EXPECT_GE(r->status, 400);
    EXPECT_LT(r->status, 500);
  }
  RawHttpClient ok(ts.port());
  auto health = ok.Request("GET", "/health");
  ASSERT_TRUE(health.has_value());
  EXPECT_EQ(health->body, "OK");
}

TEST(HttpServerTest, SlowHeadersAndIdleConnectionsTimeOut) {
  HttpServerOptions options;
  options.header_timeout = std::chrono::milliseconds(300);
  options.idle_timeout = std::chrono::milliseconds(600);
  TestServer ts(options);
  RawHttpClient slow(ts.port());
  ASSERT_TRUE(slow.Send("GET /t/hello HTTP/1.1\r\nHost: x\r\n"));  // Never finishes.
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(slow.WaitClosed(5000));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  RawHttpClient idle(ts.port());
  auto r = idle.Request("GET", "/t/hello");
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(idle.WaitClosed(5000));
}

TEST(HttpServerTest, ConnectionCapAnswers503) {
  HttpServerOptions options;
  options.max_connections = 2;
  TestServer ts(options);
  RawHttpClient a(ts.port()), b(ts.port());
  ASSERT_TRUE(a.Request("GET", "/t/hello").has_value());
  ASSERT_TRUE(b.Request("GET", "/t/hello").has_value());
  RawHttpClient c(ts.port());
  auto r = c.Read();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 503);
  EXPECT_NE(r->body.find("TEMPORARILY_UNAVAILABLE"), std::string::npos);
}

TEST(HttpServerTest, MetricsCountRequestsByRouteAndStatusClass) {
  TestServer ts;
  RawHttpClient c(ts.port());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(c.Request("GET", "/t/items/" + std::to_string(i)));
  ASSERT_TRUE(c.Request("GET", "/t/missing"));
  auto r = c.Request("GET", "/metrics");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->Header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string& m = r->body;
  EXPECT_NE(m.find("# TYPE lakeml_http_requests_total counter\n"), std::string::npos) << m;
  EXPECT_NE(m.find("lakeml_http_requests_total{route=\"/t/items/{id}\",code=\"2xx\"} 3\n"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("lakeml_http_requests_total{route=\"unmatched\",code=\"4xx\"} 1\n"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("lakeml_http_request_duration_seconds_count{route=\"/t/items/{id}\"} 3\n"),
            std::string::npos)
      << m;
  EXPECT_NE(
      m.find(
          "lakeml_http_request_duration_seconds_bucket{route=\"/t/items/{id}\",le=\"+Inf\"} 3\n"),
      std::string::npos)
      << m;
  EXPECT_NE(m.find("lakeml_http_open_connections 1\n"), std::string::npos) << m;
  // The /metrics request itself is in flight while it renders.
  EXPECT_NE(m.find("lakeml_http_requests_in_flight 1\n"), std::string::npos) << m;
  r = c.Request("GET", "/version");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->body, "0.1.0-test");
}

TEST(HttpServerTest, RequestLogsAreJsonLines) {
  const std::string log_path =
      (std::filesystem::temp_directory_path() / ("lakeml_reqlog_" + std::to_string(getpid())))
          .string();
  HttpServerOptions options;
  auto logger = RequestLogger::ToFile(LogFormat::kJson, "info", log_path);
  ASSERT_TRUE(logger.ok());
  options.logger = std::move(logger).value();
  {
    TestServer ts(options);
    RawHttpClient c(ts.port());
    ASSERT_TRUE(c.Request("GET", "/t/items/7?q=1"));
    ASSERT_TRUE(c.Request("GET", "/t/zzz"));
  }  // The line is logged after the response is written: flush once the server is gone.
  options.logger->Flush();
  std::ifstream in(log_path);
  std::string line1, line2;
  ASSERT_TRUE(std::getline(in, line1));
  ASSERT_TRUE(std::getline(in, line2));
  EXPECT_EQ(line1.front(), '{');
  EXPECT_NE(line1.find("\"method\":\"GET\",\"path\":\"/t/items/7\",\"route\":\"/t/items/{id}\","
                       "\"status\":200"),
            std::string::npos)
      << line1;
  EXPECT_NE(line1.find("\"latency_us\":"), std::string::npos);
  EXPECT_NE(line1.find("\"request_id\":\""), std::string::npos);
  EXPECT_NE(line2.find("\"route\":\"\",\"status\":404"), std::string::npos) << line2;
  std::filesystem::remove(log_path);
}

TEST(HttpServerTest, GracefulShutdownFinishesInFlightRequest) {
  TestServer ts;
  RawHttpClient idle(ts.port());
  ASSERT_TRUE(idle.Request("GET", "/t/hello"));
  RawHttpClient busy(ts.port());
  ASSERT_TRUE(busy.Send("POST /t/slow?ms=700 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(150));  // The handler is running.
  const auto start = std::chrono::steady_clock::now();
  std::thread stopper([&] { ts.server()->Shutdown(std::chrono::seconds(10)); });
  auto r = busy.Read();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "done");
  EXPECT_EQ(r->Header("connection"), "close");
  EXPECT_TRUE(idle.WaitClosed());
  stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  // No longer accepting.
  RawHttpClient late(ts.port());
  EXPECT_FALSE(late.connected() && late.Request("GET", "/health").has_value());
}

}  // namespace
}  // namespace lakeml::server
