#include "server/http/file_body_sink.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/uuid.h"

namespace lakeml::server {

Result<std::unique_ptr<FileBodySink>> FileBodySink::Create(std::string final_path) {
  std::string temp_path = StrCat(final_path, ".", NewUuid().substr(0, 8), ".part");
  std::FILE* file = std::fopen(temp_path.c_str(), "wbx");
  if (file == nullptr) {
    return Status::IOError("Cannot create upload file: ", std::strerror(errno), ": ", temp_path);
  }
  return std::unique_ptr<FileBodySink>(
      new FileBodySink(std::move(final_path), std::move(temp_path), file));
}

FileBodySink::~FileBodySink() {
  if (file_ != nullptr) std::fclose(file_);
  if (!committed_) std::remove(temp_path_.c_str());
}

Status FileBodySink::Write(std::string_view chunk) {
  if (file_ == nullptr) return Status::Internal("Write after Commit on upload file: ", temp_path_);
  if (std::fwrite(chunk.data(), 1, chunk.size(), file_) != chunk.size()) {
    return Status::IOError("Cannot write upload file: ", std::strerror(errno), ": ", temp_path_);
  }
  bytes_written_ += static_cast<int64_t>(chunk.size());
  return Status::OK();
}

Status FileBodySink::Commit() {
  if (file_ == nullptr) return Status::Internal("Commit twice on upload file: ", temp_path_);
  std::FILE* file = file_;
  file_ = nullptr;
  const bool flushed = std::fflush(file) == 0 && ::fsync(fileno(file)) == 0;
  const int saved_errno = errno;
  if (std::fclose(file) != 0 || !flushed) {
    return Status::IOError("Cannot flush upload file: ", std::strerror(saved_errno), ": ",
                           temp_path_);
  }
  if (std::rename(temp_path_.c_str(), final_path_.c_str()) != 0) {
    return Status::IOError("Cannot move upload into place: ", std::strerror(errno), ": ",
                           final_path_);
  }
  committed_ = true;
  return Status::OK();
}

}  // namespace lakeml::server
