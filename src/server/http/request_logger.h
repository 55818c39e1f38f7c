// RequestLogger: one structured line per HTTP request, through spdlog, in JSON or text.
//
//   {"time":"2026-11-23T15:30:00.123Z","level":"info","request_id":"5f1c0a2e00000001",
//    "method":"POST","path":"/api/2.0/mlflow/runs/create","route":"/api/2.0/mlflow/runs/create",
//    "status":200,"bytes_in":120,"bytes_out":310,"latency_us":142}
//
// Request lines are logged at info level; a logger whose level is above info (the server's default
// is warn) returns from Log() after one comparison, so logging off costs nothing measurable.
//
// Thread-safe (spdlog's _mt sinks). Owns its spdlog logger.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"

namespace spdlog {
class logger;
}

namespace lakeml::server {

enum class LogFormat { kJson, kText };

struct RequestLogRecord {
  std::string_view request_id;
  std::string_view method;
  std::string_view path;
  std::string_view route;  // The route template; "" when no route matched.
  int status = 0;
  uint64_t bytes_in = 0;
  uint64_t bytes_out = 0;
  int64_t latency_us = 0;
};

class RequestLogger {
 public:
  // A logger writing to stderr. `level` is one of trace, debug, info, warn, error, off.
  static Result<std::unique_ptr<RequestLogger>> ToStderr(LogFormat format, std::string_view level);
  // A logger writing to `sink_path` (tests read it back).
  static Result<std::unique_ptr<RequestLogger>> ToFile(LogFormat format, std::string_view level,
                                                       const std::string& sink_path);
  ~RequestLogger();

  bool RequestLogsEnabled() const;
  void Log(const RequestLogRecord& record);
  // A server event (started, stopping) at info level, or warn when `warning`.
  void Event(std::string_view message, bool warning = false);
  void Flush();

  static Result<LogFormat> ParseFormat(std::string_view text);

 private:
  RequestLogger(LogFormat format, std::shared_ptr<spdlog::logger> logger)
      : format_(format), logger_(std::move(logger)) {}
  static Result<std::unique_ptr<RequestLogger>> Make(LogFormat format, std::string_view level,
                                                     std::shared_ptr<spdlog::logger> logger);

  LogFormat format_;
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace lakeml::server
