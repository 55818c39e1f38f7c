// TextOutputBuffer: a reusable std::string that text writers fill, flushed to an std::ostream
// or a FILE* in large chunks (about 1 MiB), so formatting never waits on the stream per value.
//
// Does not own the stream; the stream must outlive the buffer. Not thread-safe.
#pragma once

#include <cstdio>
#include <ostream>
#include <string>

#include "base/status.h"

namespace lakeml::format {

class TextOutputBuffer {
 public:
  static constexpr size_t kFlushThreshold = 1 << 20;

  explicit TextOutputBuffer(std::ostream* stream) : stream_(stream) { Init(); }
  explicit TextOutputBuffer(std::FILE* file) : file_(file) { Init(); }

  std::string* text() { return &text_; }

  // Writes the buffered text out when it has grown past kFlushThreshold.
  Status FlushIfFull() { return text_.size() >= kFlushThreshold ? WriteOut(false) : Status::OK(); }
  // Writes all buffered text and flushes the stream.
  Status Flush() { return WriteOut(true); }

 private:
  void Init() { text_.reserve(kFlushThreshold + (kFlushThreshold >> 2)); }
  Status WriteOut(bool flush_stream);

  std::ostream* stream_ = nullptr;
  std::FILE* file_ = nullptr;
  std::string text_;
};

}  // namespace lakeml::format
