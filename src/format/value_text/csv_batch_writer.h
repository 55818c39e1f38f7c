// CsvBatchWriter: streams Batches as CSV text (RFC 4180) to an std::ostream or FILE*.
//
// A header line of column names is written once, before the first row (or by Begin() for a
// result with no batches). Values use ValueFormatter's kText style: strings raw, numbers,
// decimals, dates and timestamps bare, nested values as their JSON text. A null is an empty
// field (or options.null_text); a non-null value whose text is empty (an empty string) is
// written as "" so that it stays distinguishable from null. A field containing the delimiter,
// '"', CR or LF is quoted, with '"' doubled. Lines end with '\n'.
//
// Owns an output buffer; does not own the stream. Not thread-safe. Call Finish() at the end
// (the destructor does not flush, since it could not report an error).
#pragma once

#include <cstdio>
#include <ostream>
#include <string>

#include "base/status.h"
#include "columnar/batch.h"
#include "format/value_text/text_output_buffer.h"

namespace lakeml::format {

struct CsvBatchWriterOptions {
  char delimiter = ',';
  bool header = true;
  std::string null_text;  // Text of a null value; empty by default.
};

class CsvBatchWriter {
 public:
  explicit CsvBatchWriter(std::ostream* out, CsvBatchWriterOptions options = {})
      : out_(out), options_(std::move(options)) {}
  explicit CsvBatchWriter(std::FILE* out, CsvBatchWriterOptions options = {})
      : out_(out), options_(std::move(options)) {}

  // Writes the header for `schema` unless already written. Optional: Write() calls it.
  Status Begin(const columnar::Schema& schema);
  // REQUIRES: every batch has the columns of the first.
  Status Write(const columnar::Batch& batch);
  // Writes out everything buffered and flushes the stream.
  Status Finish();

 private:
  // Quotes the field that starts at text offset `start` if it needs quoting.
  void QuoteIfNeeded(size_t start);

  TextOutputBuffer out_;
  CsvBatchWriterOptions options_;
  bool begun_ = false;
  size_t num_columns_ = 0;
  std::string scratch_;
};

}  // namespace lakeml::format
