#include "server/http/request_logger.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "server/http/json_writer.h"

namespace lakeml::server {

Result<LogFormat> RequestLogger::ParseFormat(std::string_view text) {
  if (text == "json") return LogFormat::kJson;
  if (text == "text") return LogFormat::kText;
  return Status::InvalidArgument("Unknown log format (use json or text): ", text);
}

Result<std::unique_ptr<RequestLogger>> RequestLogger::Make(LogFormat format, std::string_view level,
                                                           std::shared_ptr<spdlog::logger> logger) {
  const spdlog::level::level_enum parsed = spdlog::level::from_str(std::string(level));
  if (parsed == spdlog::level::off && level != "off") {
    return Status::InvalidArgument(
        "Unknown log level (use trace, debug, info, warn, error or off): ", level);
  }
  logger->set_level(parsed);
  // JSON lines carry their own time and level; text lines get spdlog's.
  if (format == LogFormat::kJson) {
    logger->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})",
                        spdlog::pattern_time_type::utc);
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  }
  return std::unique_ptr<RequestLogger>(new RequestLogger(format, std::move(logger)));
}

Result<std::unique_ptr<RequestLogger>> RequestLogger::ToStderr(LogFormat format,
                                                               std::string_view level) {
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  return Make(format, level, std::make_shared<spdlog::logger>("http", std::move(sink)));
}

Result<std::unique_ptr<RequestLogger>> RequestLogger::ToFile(LogFormat format,
                                                             std::string_view level,
                                                             const std::string& sink_path) {
  try {
    auto sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(sink_path, true);
    return Make(format, level, std::make_shared<spdlog::logger>("http", std::move(sink)));
  } catch (const spdlog::spdlog_ex& e) {
    return Status::IOError("Cannot open log file: ", e.what(), ": ", sink_path);
  }
}

RequestLogger::~RequestLogger() { logger_->flush(); }

bool RequestLogger::RequestLogsEnabled() const { return logger_->should_log(spdlog::level::info); }

void RequestLogger::Log(const RequestLogRecord& r) {
  if (!logger_->should_log(spdlog::level::info)) return;
  std::string line;
  line.reserve(256);
  if (format_ == LogFormat::kJson) {
    line.append("\"request_id\":");
    JsonWriter::AppendQuoted(r.request_id, &line);
    line.append(",\"method\":");
    JsonWriter::AppendQuoted(r.method, &line);
    line.append(",\"path\":");
    JsonWriter::AppendQuoted(r.path, &line);
    line.append(",\"route\":");
    JsonWriter::AppendQuoted(r.route, &line);
    fmt::format_to(std::back_inserter(line),
                   ",\"status\":{},\"bytes_in\":{},\"bytes_out\":{},\"latency_us\":{}", r.status,
                   r.bytes_in, r.bytes_out, r.latency_us);
  } else {
    fmt::format_to(std::back_inserter(line), "{} {} {} {} in={} out={} {}us id={}", r.method,
                   r.path, r.route.empty() ? "-" : r.route, r.status, r.bytes_in, r.bytes_out,
                   r.latency_us, r.request_id);
  }
  logger_->info(line);
}

void RequestLogger::Event(std::string_view message, bool warning) {
  const auto level = warning ? spdlog::level::warn : spdlog::level::info;
  if (!logger_->should_log(level)) return;
  if (format_ == LogFormat::kJson) {
    std::string line = "\"event\":";
    JsonWriter::AppendQuoted(message, &line);
    logger_->log(level, line);
  } else {
    logger_->log(level, message);
  }
}

void RequestLogger::Flush() { logger_->flush(); }

}  // namespace lakeml::server
