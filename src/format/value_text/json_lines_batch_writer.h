// JsonLinesBatchWriter: streams Batches as JSON Lines: one object per row,
// {"col": value, ...}, in column order, values typed as ValueFormatter's kJson style describes
// (null columns appear as "col": null). Each line ends with '\n'.
//
// Owns an output buffer; does not own the stream. Not thread-safe. Call Finish() at the end.
#pragma once

#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include "base/status.h"
#include "columnar/batch.h"
#include "format/value_text/text_output_buffer.h"

namespace lakeml::format {

class JsonLinesBatchWriter {
 public:
  explicit JsonLinesBatchWriter(std::ostream* out) : out_(out) {}
  explicit JsonLinesBatchWriter(std::FILE* out) : out_(out) {}

  // REQUIRES: every batch has the columns of the first.
  Status Write(const columnar::Batch& batch);
  // Writes out everything buffered and flushes the stream.
  Status Finish();

 private:
  TextOutputBuffer out_;
  bool begun_ = false;
  // `{"a":` for the first column, `,"b":` for the others.
  std::vector<std::string> key_prefixes_;
};

}  // namespace lakeml::format
