#include "format/csv/csv_reader.h"

#include <algorithm>
#include <set>

#include "format/csv/csv_type_inferrer.h"

namespace lakeml::csv {

using columnar::DataType;
using columnar::Field;
using columnar::TypePtr;

namespace {

// Bounds the tokenizer's field table (8 bytes a field) per call.
constexpr int64_t kMaxFieldsPerCall = 1 << 20;

Status ValidateOptions(const CsvReadOptions& o) {
  auto bad_char = [](char c) { return c == '\n' || c == '\r'; };
  if (bad_char(o.delimiter) || bad_char(o.quote) || bad_char(o.escape)) {
    return Status::InvalidArgument("CSV delimiter, quote and escape cannot be CR or LF");
  }
  if (o.delimiter == o.quote) {
    return Status::InvalidArgument("CSV delimiter and quote must differ: '",
                                   std::string_view(&o.delimiter, 1), "'");
  }
  if (o.escape != o.quote && o.escape == o.delimiter) {
    return Status::InvalidArgument("CSV delimiter and escape must differ");
  }
  if (o.batch_rows <= 0)
    return Status::InvalidArgument("CSV batch_rows must be positive: ", o.batch_rows);
  return Status::OK();
}

}  // namespace

CsvReader::CsvReader(std::unique_ptr<io::RandomAccessFile> file, std::string path,
                     CsvReadOptions options)
    : file_(std::move(file)), path_(std::move(path)), options_(std::move(options)) {}

Result<std::unique_ptr<CsvReader>> CsvReader::Open(io::FileSystem* fs, const std::string& path,
                                                   CsvReadOptions options) {
  LAKEML_RETURN_IF_ERROR(ValidateOptions(options));
  LAKEML_ASSIGN_OR_RETURN(auto file, fs->OpenForRead(path));
  std::unique_ptr<CsvReader> reader(new CsvReader(std::move(file), path, std::move(options)));
  LAKEML_RETURN_IF_ERROR(reader->Init());
  return reader;
}

int64_t CsvReader::RowsPerCall() const {
  return std::max<int64_t>(
      1, std::min(options_.batch_rows, kMaxFieldsPerCall / std::max(1, num_columns_)));
}

Status CsvReader::Init() {
  LAKEML_ASSIGN_OR_RETURN(file_size_, file_->Size());
  tokenizer_ = std::make_unique<CsvTokenizer>(file_.get(), path_, options_);
  LAKEML_RETURN_IF_ERROR(tokenizer_->Reset(0, 1));
  LAKEML_RETURN_IF_ERROR(tokenizer_->SkipByteOrderMark());
  const int64_t first_offset = tokenizer_->next_row_offset();
  std::vector<std::string> first;
  LAKEML_ASSIGN_OR_RETURN(bool has_row, tokenizer_->ReadRowStrings(&first));
  if (!has_row) {  // Empty file: no columns, no rows.
    schema_ = std::make_shared<columnar::Schema>();
    done_ = true;
    return Status::OK();
  }
  num_columns_ = static_cast<int>(first.size());
  std::vector<std::string> names;
  if (options_.header) {
    data_offset_ = tokenizer_->next_row_offset();
    data_line_ = tokenizer_->next_row_line();
    std::set<std::string> seen;
    for (int i = 0; i < num_columns_; ++i) {
      std::string name = first[i].empty() ? StrCat(options_.column_prefix, i) : first[i];
      if (seen.count(name) != 0) {
        int k = 1;
        while (seen.count(StrCat(name, "_", k)) != 0) ++k;
        name = StrCat(name, "_", k);
      }
      seen.insert(name);
      names.push_back(std::move(name));
    }
  } else {
    data_offset_ = first_offset;
    data_line_ = 1;
    for (int i = 0; i < num_columns_; ++i) names.push_back(StrCat(options_.column_prefix, i));
  }

  std::vector<TypePtr> types(num_columns_);
  std::vector<bool> forced(num_columns_, false);
  for (const auto& [name, type] : options_.column_types) {
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      return Status::InvalidArgument("CSV column_types names a column not in ", path_, ": ", name);
    }
    if (type == nullptr) return Status::InvalidArgument("CSV column_types has no type for ", name);
    LAKEML_RETURN_IF_ERROR(CsvColumnBuilder::CheckSupported(*type).WithContext("Column ", name));
    const size_t i = static_cast<size_t>(it - names.begin());
    types[i] = type;
    forced[i] = true;
  }
  LAKEML_RETURN_IF_ERROR(InferTypes(forced, &types));

  std::vector<Field> fields;
  for (int i = 0; i < num_columns_; ++i) {
    fields.push_back(Field{names[i], types[i], true, -1});
    builders_.push_back(std::make_unique<CsvColumnBuilder>(types[i], names[i], path_, options_));
  }
  schema_ = std::make_shared<columnar::Schema>(std::move(fields));
  return tokenizer_->Reset(data_offset_, data_line_);
}

Status CsvReader::InferTypes(const std::vector<bool>& forced, std::vector<TypePtr>* types) {
  std::vector<CsvTypeInferrer> inferrers(num_columns_);
  std::vector<int> open;  // Columns still being inferred.
  for (int c = 0; c < num_columns_; ++c) {
    if (!forced[c]) open.push_back(c);
  }
  if (options_.infer_rows != 0 && !open.empty()) {
    LAKEML_RETURN_IF_ERROR(tokenizer_->Reset(data_offset_, data_line_));
    int64_t remaining = options_.infer_rows < 0 ? INT64_MAX : options_.infer_rows;
    const std::string& null_value = options_.null_value;
    while (remaining > 0 && !open.empty()) {
      LAKEML_ASSIGN_OR_RETURN(
          int64_t n, tokenizer_->NextRows(std::min(remaining, RowsPerCall()), num_columns_));
      if (n == 0) break;
      const char* data = tokenizer_->data();
      const CsvField* f = tokenizer_->fields();
      for (int c : open) {
        CsvTypeInferrer& inf = inferrers[c];
        for (int64_t r = 0; r < n && !inf.IsString(); ++r) {
          const CsvField& field = f[r * num_columns_ + c];
          const std::string_view s(data + field.offset, field.length());
          if (s.empty() || (!field.quoted() && !null_value.empty() && s == null_value)) continue;
          inf.Observe(s);
        }
      }
      // Columns already known to be strings need no more samples.
      open.erase(
          std::remove_if(open.begin(), open.end(), [&](int c) { return inferrers[c].IsString(); }),
          open.end());
      remaining -= n;
    }
  }
  for (int c = 0; c < num_columns_; ++c) {
    if (!forced[c]) (*types)[c] = inferrers[c].Result();
  }
  return Status::OK();
}

Result<columnar::BatchPtr> CsvReader::Next() {
  if (done_) return columnar::BatchPtr();
  // Size the vectors from the bytes left and the average row so far, so that large files do
  // not regrow them and small files do not allocate a whole batch.
  const int64_t offset = tokenizer_->next_row_offset();
  const int64_t avg_row_bytes =
      std::max<int64_t>(1, rows_read_ > 0 ? (offset - data_offset_) / rows_read_ : 16);
  const int64_t expected =
      std::min(options_.batch_rows, (file_size_ - offset) / avg_row_bytes + 16);
  for (auto& b : builders_) b->Start(expected);
  int64_t rows = 0;
  const int64_t per_call = RowsPerCall();
  while (rows < options_.batch_rows) {
    LAKEML_ASSIGN_OR_RETURN(
        int64_t n,
        tokenizer_->NextRows(std::min(options_.batch_rows - rows, per_call), num_columns_));
    if (n == 0) {
      done_ = true;
      break;
    }
    const char* data = tokenizer_->data();
    for (int c = 0; c < num_columns_; ++c) {
      LAKEML_RETURN_IF_ERROR(builders_[c]->Append(data, tokenizer_->fields() + c, num_columns_, n,
                                                  tokenizer_->row_lines()));
    }
    rows += n;
  }
  rows_read_ += rows;
  if (rows == 0) return columnar::BatchPtr();
  std::vector<columnar::VectorPtr> columns;
  columns.reserve(num_columns_);
  for (auto& b : builders_) columns.push_back(b->Finish());
  return std::make_shared<columnar::Batch>(schema_, std::move(columns), rows);
}

}  // namespace lakeml::csv
