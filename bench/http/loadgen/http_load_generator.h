// HttpLoadGenerator: a bounded keep-alive HTTP/1.1 load generator for lakeml's server benches
// (bench/http now; the MLflow tracking and serving benches reuse it).
//
// N connections, each a thread with one blocking keep-alive socket sending one request at a time.
// Runs for a fixed number of requests or a duration, optionally paced to a target rate (latency is
// then measured from each request's scheduled time, so a stalled server is not hidden by the
// generator waiting: no coordinated omission). Latency runs from the first byte sent to the last
// byte of the response received; the body is not parsed.
//
// Responses must carry Content-Length (lakeml's server never chunks). Thread-safe: Run may be
// called from any thread; one Run at a time per object.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "base/result.h"

namespace lakeml::bench {

struct LoadOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  int connections = 1;
  int64_t requests = 0;    // Total across connections; 0: run for `seconds`.
  double seconds = 5;      // Used when requests == 0.
  double target_rate = 0;  // Requests per second across connections; 0: as fast as possible.
  std::string request;     // The raw request bytes, sent again and again.
  // Optional: builds request `i` of connection `c` (varied bodies, ids); overrides `request`.
  std::function<std::string(int c, int64_t i)> make_request;
};

struct LoadResult {
  int64_t requests = 0;  // Completed responses.
  int64_t errors = 0;    // Connection failures and malformed responses.
  int64_t non_2xx = 0;
  double seconds = 0;
  double requests_per_second = 0;
  double p50_us = 0, p90_us = 0, p99_us = 0, max_us = 0, mean_us = 0;

  // One line: "requests=... rps=... p50=...us ...".
  std::string ToString() const;
};

class HttpLoadGenerator {
 public:
  static Result<LoadResult> Run(const LoadOptions& options);
};

}  // namespace lakeml::bench
