// FileBodySink: a RequestBodySink that streams the body into a temporary file next to its final
// path and moves it into place only on Commit(), so that an interrupted upload never leaves a
// partial file under the final name.
//
// Owns the temporary file: the destructor removes it unless Commit() succeeded.
// Thread-compatible.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "base/result.h"
#include "server/http/request_body_sink.h"

namespace lakeml::server {

class FileBodySink : public RequestBodySink {
 public:
  // Creates "<final_path>.<random>.part" (the parent directory must exist).
  static Result<std::unique_ptr<FileBodySink>> Create(std::string final_path);
  ~FileBodySink() override;

  Status Write(std::string_view chunk) override;
  // Flushes, fsyncs and renames the temporary file to the final path (replacing it).
  Status Commit();

  int64_t bytes_written() const { return bytes_written_; }
  const std::string& final_path() const { return final_path_; }

 private:
  FileBodySink(std::string final_path, std::string temp_path, std::FILE* file)
      : final_path_(std::move(final_path)), temp_path_(std::move(temp_path)), file_(file) {}

  std::string final_path_;
  std::string temp_path_;
  std::FILE* file_;
  int64_t bytes_written_ = 0;
  bool committed_ = false;
};

}  // namespace lakeml::server
