#include "format/value_text/csv_batch_writer.h"

#include "format/value_text/value_formatter.h"

namespace lakeml::format {

void CsvBatchWriter::QuoteIfNeeded(size_t start) {
  std::string& text = *out_.text();
  const char delim = options_.delimiter;
  bool needs = false;
  for (size_t i = start; i < text.size(); ++i) {
    const char c = text[i];
    if (c == delim || c == '"' || c == '\n' || c == '\r') {
      needs = true;
      break;
    }
  }
  if (!needs) return;
  scratch_.assign(text, start, std::string::npos);
  text.resize(start);
  text.push_back('"');
  for (char c : scratch_) {
    if (c == '"') text.push_back('"');
    text.push_back(c);
  }
  text.push_back('"');
}

Status CsvBatchWriter::Begin(const columnar::Schema& schema) {
  if (begun_) return Status::OK();
  begun_ = true;
  num_columns_ = schema.num_fields();
  if (!options_.header) return Status::OK();
  std::string& text = *out_.text();
  for (size_t c = 0; c < num_columns_; ++c) {
    if (c > 0) text.push_back(options_.delimiter);
    const size_t start = text.size();
    text.append(schema.field(c).name);
    if (text.size() == start) {
      text.append("\"\"");
    } else {
      QuoteIfNeeded(start);
    }
  }
  text.push_back('\n');
  return out_.FlushIfFull();
}

Status CsvBatchWriter::Write(const columnar::Batch& batch) {
  LAKEML_RETURN_IF_ERROR(Begin(*batch.schema()));
  if (batch.num_columns() != num_columns_) {
    return Status::InvalidArgument("CSV batch has a different number of columns than the first: ",
                                   batch.num_columns(), " vs ", num_columns_);
  }
  std::string& text = *out_.text();
  const int64_t rows = batch.num_rows();
  for (int64_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < num_columns_; ++c) {
      if (c > 0) text.push_back(options_.delimiter);
      const columnar::Vector& v = *batch.column(c);
      if (v.IsNull(r)) {
        text.append(options_.null_text);
        continue;
      }
      const size_t start = text.size();
      ValueFormatter::AppendText(v, r, &text);
      if (text.size() == start) {
        text.append("\"\"");
      } else {
        QuoteIfNeeded(start);
      }
    }
    text.push_back('\n');
    if (text.size() >= TextOutputBuffer::kFlushThreshold)
      LAKEML_RETURN_IF_ERROR(out_.FlushIfFull());
  }
  return Status::OK();
}

Status CsvBatchWriter::Finish() { return out_.Flush(); }

}  // namespace lakeml::format
