// CsvColumnBuilder: converts the tokenized fields of one CSV column into a columnar Vector of
// the column's type, one batch at a time, column-wise (one type dispatch per chunk of rows,
// then a tight loop).
//
// Nulls: an unquoted field equal to options.null_value is null; for non-string types an empty
// or blank field (quoted or not) is null too; for string and binary an unquoted empty field is
// null only when null_value is empty (a quoted empty field is the empty string).
// Conversions follow csv_value_parser.h; blanks around non-string values are ignored. A
// timestamp text with a zone is converted to UTC; one without is taken as is (UTC for utc
// columns). A value that does not convert is an error naming file, line and column, and so
// is a string that is not valid UTF-8 (binary columns take any bytes).
//
// Owns the buffers of the vector being built. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"
#include "columnar/vector.h"
#include "format/csv/csv_read_options.h"
#include "format/csv/csv_tokenizer.h"

namespace lakeml::csv {

class CsvColumnBuilder {
 public:
  CsvColumnBuilder(columnar::TypePtr type, std::string column_name, std::string file_name,
                   const CsvReadOptions& options);

  // OK if CSV text can be converted to `type`; NotImplemented otherwise.
  static Status CheckSupported(const columnar::DataType& type);

  // Starts a new vector with room for about `expected_rows` (it grows past that if needed).
  void Start(int64_t expected_rows);
  // Appends n values; the field of row r is fields[r * stride] with bytes in `data`.
  Status Append(const char* data, const CsvField* fields, int64_t stride, int64_t n,
                const int64_t* row_lines);
  // Returns the vector built since Start().
  columnar::VectorPtr Finish();

 private:
  template <typename T, typename Parse>
  Status AppendFixed(const char* data, const CsvField* fields, int64_t stride, int64_t n,
                     const int64_t* row_lines, Parse parse);
  Status AppendBool(const char* data, const CsvField* fields, int64_t stride, int64_t n,
                    const int64_t* row_lines);
  Status AppendBytes(const char* data, const CsvField* fields, int64_t stride, int64_t n,
                     const int64_t* row_lines);
  Status ConversionError(int64_t line, std::string_view text) const;

  bool IsNullValue(const CsvField& f, std::string_view s) const {
    return !f.quoted() && has_null_value_ && s == null_value_;
  }
  void SetNull(int64_t i);
  void Reserve(int64_t rows);

  columnar::TypePtr type_;
  std::string column_name_;
  std::string file_name_;
  std::string null_value_;
  bool has_null_value_;
  int width_;  // Bytes per value for fixed-width types.

  int64_t length_ = 0;
  int64_t capacity_ = 0;
  columnar::BufferPtr values_;
  columnar::BufferPtr data_;
  columnar::BufferPtr validity_;
};

}  // namespace lakeml::csv
