// RequestBodySink: where a streamed request body goes, chunk by chunk, as it arrives, so that a
// 2 GB artifact upload never sits whole in memory.
//
// A route that streams its body (Route::sink_factory) creates one sink per request after the
// headers are read; the server calls Write() for each chunk in order and then runs the route's
// handler, which finds the sink in HttpRequest::body_sink() and commits it (e.g. renames a temp
// file into place). When the client disconnects or the body is invalid, the handler never runs
// and the sink is destroyed uncommitted: its destructor must discard what it wrote.
//
// Thread-compatible: one request's sink is used by one thread at a time.
#pragma once

#include <string_view>

#include "base/status.h"

namespace lakeml::server {

class RequestBodySink {
 public:
  virtual ~RequestBodySink() = default;

  // Consumes the next chunk. An error aborts the request; its Status becomes the response.
  virtual Status Write(std::string_view chunk) = 0;
};

}  // namespace lakeml::server
