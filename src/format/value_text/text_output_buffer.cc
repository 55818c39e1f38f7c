#include "format/value_text/text_output_buffer.h"

#include <cerrno>
#include <cstring>

namespace lakeml::format {

Status TextOutputBuffer::WriteOut(bool flush_stream) {
  if (stream_ != nullptr) {
    if (!text_.empty()) stream_->write(text_.data(), static_cast<std::streamsize>(text_.size()));
    if (flush_stream) stream_->flush();
    text_.clear();
    if (!*stream_) return Status::IOError("Cannot write output: stream is in a failed state");
    return Status::OK();
  }
  if (!text_.empty() && std::fwrite(text_.data(), 1, text_.size(), file_) != text_.size()) {
    text_.clear();
    return Status::IOError("Cannot write output: ", std::strerror(errno));
  }
  text_.clear();
  if (flush_stream && std::fflush(file_) != 0) {
    return Status::IOError("Cannot flush output: ", std::strerror(errno));
  }
  return Status::OK();
}

}  // namespace lakeml::format
