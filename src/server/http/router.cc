#include "server/http/router.h"

#include "base/check.h"

namespace lakeml::server {

void Router::Mount(std::string prefix, std::shared_ptr<const RouteTable> table) {
  LAKEML_CHECK(prefix.empty() || (prefix[0] == '/' && prefix.back() != '/'));
  const size_t first = templates_.size();
  for (const Route& r : table->routes()) templates_.push_back(prefix + r.pattern);
  mounts_.push_back({std::move(prefix), std::move(table), first});
}

Router::FindResult Router::Find(HttpRequest* request) const {
  FindResult result;
  const std::string_view path = request->path();
  for (const Mounted& m : mounts_) {
    if (path.size() <= m.prefix.size() || path.compare(0, m.prefix.size(), m.prefix) != 0 ||
        path[m.prefix.size()] != '/') {
      continue;
    }
    RouteTable::MatchResult match =
        m.table->Match(request->method(), path.substr(m.prefix.size()), request);
    if (match.kind == RouteTable::MatchKind::kFound) {
      result.kind = match.kind;
      result.route = match.route;
      result.route_id = m.first_route_id + match.route_index;
      result.allow.clear();
      request->set_route_template(templates_[result.route_id]);
      return result;
    }
    if (match.kind == RouteTable::MatchKind::kMethodNotAllowed &&
        result.kind == RouteTable::MatchKind::kNotFound) {
      result.kind = match.kind;
      result.allow = std::move(match.allow);
    }
  }
  return result;
}

}  // namespace lakeml::server
