#include "format/value_text/table_text_writer.h"

#include <algorithm>

#include "format/value_text/value_formatter.h"

namespace lakeml::format {
namespace {

// Display width: UTF-8 continuation bytes take no column.
size_t DisplayWidth(const std::string& s) {
  size_t w = 0;
  for (unsigned char c : s) w += (c & 0xC0) != 0x80;
  return w;
}

bool IsNumericType(columnar::TypeId id) {
  switch (id) {
    case columnar::TypeId::kInt8:
    case columnar::TypeId::kInt16:
    case columnar::TypeId::kInt32:
    case columnar::TypeId::kInt64:
    case columnar::TypeId::kUInt8:
    case columnar::TypeId::kUInt16:
    case columnar::TypeId::kUInt32:
    case columnar::TypeId::kUInt64:
    case columnar::TypeId::kFloat16:
    case columnar::TypeId::kFloat32:
    case columnar::TypeId::kFloat64:
    case columnar::TypeId::kDecimal:
      return true;
    default:
      return false;
  }
}

}  // namespace

Status TableTextWriter::Begin(const columnar::Schema& schema) {
  if (!header_.empty()) return Status::OK();
  for (const auto& f : schema.fields()) {
    header_.push_back(f.name);
    right_align_.push_back(IsNumericType(f.type->id()));
  }
  return Status::OK();
}

Status TableTextWriter::Write(const columnar::Batch& batch) {
  LAKEML_RETURN_IF_ERROR(Begin(*batch.schema()));
  for (int64_t r = 0; r < batch.num_rows(); ++r) {
    std::vector<std::string> row;
    row.reserve(batch.num_columns());
    for (const auto& col : batch.columns()) {
      std::string text;
      if (col->IsNull(r)) {
        text = "NULL";
      } else {
        ValueFormatter::AppendText(*col, r, &text);
        for (char& c : text) {
          if (static_cast<unsigned char>(c) < 0x20) c = ' ';
        }
      }
      row.push_back(std::move(text));
    }
    rows_.push_back(std::move(row));
  }
  return Status::OK();
}

Status TableTextWriter::Finish() {
  if (header_.empty()) return Status::OK();
  std::vector<size_t> width(header_.size());
  for (size_t c = 0; c < header_.size(); ++c) width[c] = DisplayWidth(header_[c]);
  for (const auto& row : rows_) {
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], DisplayWidth(row[c]));
  }
  std::string line = "+";
  for (size_t w : width) line += std::string(w, '-') + "+";
  line += "\n";
  std::string out = line;
  auto add_row = [&](const std::vector<std::string>& row, bool header) {
    out += "|";
    for (size_t c = 0; c < row.size(); ++c) {
      const std::string pad(width[c] - DisplayWidth(row[c]), ' ');
      out += (header || right_align_[c]) ? pad + row[c] : row[c] + pad;
      out += "|";
    }
    out += "\n";
  };
  add_row(header_, true);
  out += line;
  for (const auto& row : rows_) add_row(row, false);
  out += line;
  if (std::fwrite(out.data(), 1, out.size(), out_) != out.size() || std::fflush(out_) != 0) {
    return Status::IOError("Cannot write the result table to the output");
  }
  rows_.clear();
  return Status::OK();
}

}  // namespace lakeml::format
