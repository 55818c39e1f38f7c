// RouteTable: the routes of one API surface (MLflow tracking, MLflow artifacts, SQL statements,
// serving, operations), each a method and a path pattern with a handler. A Router mounts a table
// under one or more prefixes.
//
// Patterns are absolute paths made of literal segments, "{name}" segments (one non-empty
// segment) and a final "{name...}" wildcard (the non-empty rest of the path, slashes included):
//   /runs/get   /experiments/{id}/tags   /artifacts/{path...}
// A GET route also answers HEAD (the server sends its headers only).
//
// Built once before the server starts, then read-only: Match is thread-safe. Owns its routes;
// Route pointers stay valid for the table's lifetime.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "server/http/http_method.h"
#include "server/http/http_request.h"
#include "server/http/http_response.h"
#include "server/http/request_body_sink.h"

namespace lakeml::server {

// Fills `response` for `request`. Must not throw (nothing is caught above it).
using HttpHandler = std::function<void(HttpRequest& request, HttpResponse& response)>;
// Creates the sink a streamed body is written to, from the request's headers and path params;
// an error Status is sent to the client instead (the body is not read).
using BodySinkFactory =
    std::function<Result<std::unique_ptr<RequestBodySink>>(const HttpRequest& request)>;

// Where a handler runs. Handlers that touch storage (SQLite, files) run on the server's worker
// pool so that they never stall the io threads that read and write every connection; only
// handlers that answer from memory in microseconds should run on the io thread.
enum class HandlerThread { kWorker, kIo };

struct Route {
  HttpMethod method = HttpMethod::kGet;
  std::string pattern;
  HttpHandler handler;
  HandlerThread thread = HandlerThread::kWorker;
  // Set: the body is streamed into the sink it creates, with the server's streamed body limit;
  // unset: the body is buffered (up to the buffered body limit) into HttpRequest::body().
  BodySinkFactory sink_factory;
  // False only for routes any client may call when tokens are required (/health).
  bool requires_auth = true;

  // Parsed pattern (filled by RouteTable::Add).
  struct Segment {
    enum class Kind { kLiteral, kParam, kWildcard } kind;
    std::string text;  // Literal text or parameter name.
  };
  std::vector<Segment> segments;
};

class RouteTable {
 public:
  explicit RouteTable(std::string name) : name_(std::move(name)) {}

  // Adds a route and returns it for setting options (thread, sink_factory, requires_auth).
  // REQUIRES: `pattern` is well formed (see above; checked) and not yet added for `method`.
  Route& Add(HttpMethod method, std::string_view pattern, HttpHandler handler);

  enum class MatchKind { kFound, kNotFound, kMethodNotAllowed };
  struct MatchResult {
    MatchKind kind = MatchKind::kNotFound;
    const Route* route = nullptr;
    size_t route_index = 0;  // Position in routes().
    std::string allow;       // kMethodNotAllowed: the methods the path allows, "GET, POST".
  };
  // Matches `path` (relative to the mount prefix, starting with '/'); on kFound adds the path
  // parameters to `request`.
  MatchResult Match(HttpMethod method, std::string_view path, HttpRequest* request) const;

  const std::string& name() const { return name_; }
  const std::deque<Route>& routes() const { return routes_; }

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };

  std::string name_;
  std::deque<Route> routes_;
  // Patterns without parameters, by path: route indexes (one per method).
  std::unordered_map<std::string, std::vector<size_t>, StringHash, std::equal_to<>> literal_;
  std::vector<size_t> parameterized_;
};

}  // namespace lakeml::server
