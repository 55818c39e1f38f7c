#include "format/value_text/json_lines_batch_writer.h"

#include "format/json/json_string.h"
#include "format/value_text/value_formatter.h"

namespace lakeml::format {

Status JsonLinesBatchWriter::Write(const columnar::Batch& batch) {
  const columnar::Schema& schema = *batch.schema();
  if (!begun_) {
    begun_ = true;
    for (size_t c = 0; c < schema.num_fields(); ++c) {
      std::string prefix(c == 0 ? "{" : ",");
      json::AppendJsonString(schema.field(c).name, &prefix);
      prefix.push_back(':');
      key_prefixes_.push_back(std::move(prefix));
    }
  }
  if (batch.num_columns() != key_prefixes_.size()) {
    return Status::InvalidArgument("JSON batch has a different number of columns than the first: ",
                                   batch.num_columns(), " vs ", key_prefixes_.size());
  }
  std::string& text = *out_.text();
  const size_t cols = key_prefixes_.size();
  const int64_t rows = batch.num_rows();
  for (int64_t r = 0; r < rows; ++r) {
    if (cols == 0) text.push_back('{');
    for (size_t c = 0; c < cols; ++c) {
      text.append(key_prefixes_[c]);
      ValueFormatter::AppendJson(*batch.column(c), r, &text);
    }
    text.append("}\n");
    if (text.size() >= TextOutputBuffer::kFlushThreshold)
      LAKEML_RETURN_IF_ERROR(out_.FlushIfFull());
  }
  return Status::OK();
}

Status JsonLinesBatchWriter::Finish() { return out_.Flush(); }

}  // namespace lakeml::format
