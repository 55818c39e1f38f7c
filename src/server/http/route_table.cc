#include "server/http/route_table.h"

#include <array>

#include "base/check.h"

namespace lakeml::server {
namespace {

constexpr size_t kMaxRouteParams = 8;

using RouteParamViews = std::array<std::pair<std::string_view, std::string_view>, kMaxRouteParams>;

// Matches the segments of `route` against `path`; fills `params` (the first `*num_params`).
bool MatchRouteSegments(const Route& route, std::string_view path, RouteParamViews* params,
                        size_t* num_params) {
  *num_params = 0;
  size_t pos = 1;  // After the leading '/'.
  for (const Route::Segment& seg : route.segments) {
    if (pos > path.size()) return false;
    if (seg.kind == Route::Segment::Kind::kWildcard) {
      const std::string_view rest = path.substr(pos);
      if (rest.empty()) return false;
      (*params)[(*num_params)++] = {seg.text, rest};
      return true;
    }
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view piece = path.substr(pos, end - pos);
    if (seg.kind == Route::Segment::Kind::kLiteral) {
      if (piece != seg.text) return false;
    } else {
      if (piece.empty()) return false;
      (*params)[(*num_params)++] = {seg.text, piece};
    }
    pos = end + 1;
  }
  return pos == path.size() + 1;
}

bool RouteAnswers(const Route& route, HttpMethod method) {
  return route.method == method ||
         (method == HttpMethod::kHead && route.method == HttpMethod::kGet);
}

}  // namespace

Route& RouteTable::Add(HttpMethod method, std::string_view pattern, HttpHandler handler) {
  LAKEML_CHECK(!pattern.empty() && pattern[0] == '/');
  Route route;
  route.method = method;
  route.pattern = std::string(pattern);
  route.handler = std::move(handler);
  bool literal_only = true;
  size_t num_params = 0;
  std::string_view rest = pattern.substr(1);
  while (true) {
    const size_t slash = rest.find('/');
    const std::string_view seg = rest.substr(0, slash);
    LAKEML_CHECK(route.segments.empty() ||
                 route.segments.back().kind != Route::Segment::Kind::kWildcard);
    if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
      std::string_view name = seg.substr(1, seg.size() - 2);
      Route::Segment::Kind kind = Route::Segment::Kind::kParam;
      if (name.size() > 3 && name.substr(name.size() - 3) == "...") {
        name.remove_suffix(3);
        kind = Route::Segment::Kind::kWildcard;
      }
      route.segments.push_back({kind, std::string(name)});
      literal_only = false;
      LAKEML_CHECK(++num_params <= kMaxRouteParams);
    } else {
      route.segments.push_back({Route::Segment::Kind::kLiteral, std::string(seg)});
    }
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  for (const Route& r : routes_) LAKEML_CHECK(!(r.method == method && r.pattern == pattern));
  const size_t index = routes_.size();
  routes_.push_back(std::move(route));
  if (literal_only) {
    literal_[std::string(pattern)].push_back(index);
  } else {
    parameterized_.push_back(index);
  }
  return routes_.back();
}

RouteTable::MatchResult RouteTable::Match(HttpMethod method, std::string_view path,
                                          HttpRequest* request) const {
  MatchResult result;
  auto consider = [&](size_t index, const RouteParamViews& params, size_t num_params) {
    const Route& route = routes_[index];
    if (RouteAnswers(route, method)) {
      // An exact method beats HEAD-answered-by-GET.
      if (result.kind != MatchKind::kFound || route.method == method) {
        result.kind = MatchKind::kFound;
        result.route = &route;
        result.route_index = index;
        request->ClearPathParams();
        for (size_t i = 0; i < num_params; ++i) {
          request->AddPathParam(params[i].first, params[i].second);
        }
      }
      return;
    }
    if (result.kind == MatchKind::kFound) return;
    result.kind = MatchKind::kMethodNotAllowed;
    if (!result.allow.empty()) result.allow.append(", ");
    result.allow.append(HttpMethodName(route.method));
    if (route.method == HttpMethod::kGet) result.allow.append(", HEAD");
  };
  RouteParamViews params;
  if (auto it = literal_.find(path); it != literal_.end()) {
    for (size_t index : it->second) consider(index, params, 0);
  }
  for (size_t index : parameterized_) {
    size_t num_params = 0;
    if (MatchRouteSegments(routes_[index], path, &params, &num_params)) {
      consider(index, params, num_params);
    }
  }
  if (result.kind == MatchKind::kFound) result.allow.clear();
  return result;
}

}  // namespace lakeml::server
