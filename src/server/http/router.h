// Router: the route tables of every API surface of one server, each mounted under one or more
// path prefixes (MLflow's tables under both /api/2.0/mlflow and /ajax-api/2.0/mlflow).
//
// Every (mount, route) pair gets a dense id and a template ("/api/2.0/mlflow/runs/get"), which
// the server uses to label metrics and logs without allocating per request.
//
// Built before the server starts, then read-only: Find is thread-safe. Shares ownership of the
// tables.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/http/http_request.h"
#include "server/http/route_table.h"

namespace lakeml::server {

class Router {
 public:
  // Mounts `table` under `prefix` ("" for the root, else "/a/b" with no trailing slash).
  // REQUIRES: the table is complete (routes added later get no id).
  void Mount(std::string prefix, std::shared_ptr<const RouteTable> table);

  struct FindResult {
    RouteTable::MatchKind kind = RouteTable::MatchKind::kNotFound;
    const Route* route = nullptr;
    size_t route_id = 0;  // kFound: index into route_templates().
    std::string allow;    // kMethodNotAllowed: the allowed methods.
  };
  // Finds the route for the request's method and decoded path; on kFound sets its path params
  // and route template.
  FindResult Find(HttpRequest* request) const;

  // One template per route id: mount prefix + pattern.
  const std::vector<std::string>& route_templates() const { return templates_; }

 private:
  struct Mounted {
    std::string prefix;
    std::shared_ptr<const RouteTable> table;
    size_t first_route_id;
  };
  std::vector<Mounted> mounts_;
  std::vector<std::string> templates_;
};

}  // namespace lakeml::server
