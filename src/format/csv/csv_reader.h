// CsvReader: reads a CSV file into Batches, streaming (the file is read in blocks of
// options.block_size; memory stays bounded by a batch plus a block).
//
// Open() reads the header and infers column types from the first options.infer_rows rows
// (see CsvTypeInferrer; columns named in options.column_types keep the given type), then
// Next() parses straight into column vectors. Errors name the file, the line and, for values,
// the column: "CSV parse error in data.csv line 17, column price: cannot convert 'abc' to
// double". A row with a different number of fields than the header is an error. Inferred
// types only see the sampled rows: a later value that does not fit is an error (raise
// infer_rows, or set column_types).
//
// Column names come from the header (empty names become columnN, duplicates get a _N
// suffix) or are column0, column1, ... without one.
// Owns the open file. Not thread-safe. Batches returned are immutable and independent of the
// reader.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "columnar/batch.h"
#include "format/csv/csv_column_builder.h"
#include "format/csv/csv_read_options.h"
#include "format/csv/csv_tokenizer.h"
#include "io/file_system.h"

namespace lakeml::csv {

class CsvReader {
 public:
  static Result<std::unique_ptr<CsvReader>> Open(io::FileSystem* fs, const std::string& path,
                                                 CsvReadOptions options);

  const columnar::SchemaPtr& schema() const { return schema_; }

  // Next batch of at most options.batch_rows rows, or nullptr at end of file.
  Result<columnar::BatchPtr> Next();

 private:
  CsvReader(std::unique_ptr<io::RandomAccessFile> file, std::string path, CsvReadOptions options);
  Status Init();
  Status InferTypes(const std::vector<bool>& forced, std::vector<columnar::TypePtr>* types);
  int64_t RowsPerCall() const;

  std::unique_ptr<io::RandomAccessFile> file_;
  std::string path_;
  CsvReadOptions options_;
  std::unique_ptr<CsvTokenizer> tokenizer_;
  columnar::SchemaPtr schema_;
  std::vector<std::unique_ptr<CsvColumnBuilder>> builders_;
  int num_columns_ = 0;
  int64_t data_offset_ = 0;
  int64_t data_line_ = 1;
  int64_t file_size_ = 0;
  int64_t rows_read_ = 0;
  bool done_ = false;
};

}  // namespace lakeml::csv
