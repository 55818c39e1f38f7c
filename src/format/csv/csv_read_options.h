// CsvReadOptions: how CsvReader splits and types a CSV file. A plain value type.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "columnar/data_type.h"

namespace lakeml::csv {

struct CsvReadOptions {
  char delimiter = ',';
  char quote = '"';
  // Inside quoted fields: the escape character. Equal to `quote` means RFC 4180 doubling ("");
  // another character (e.g. '\\') makes it escape the character that follows it.
  char escape = '"';
  // The first row holds column names; without it columns are named column0, column1, ...
  bool header = true;
  // An unquoted field equal to this is null. Empty fields of non-string columns are always null.
  std::string null_value = "";
  int64_t batch_rows = 65536;
  // Rows used to infer column types: < 0 reads the whole file first; 0 makes every column a
  // string (unless typed in column_types).
  int64_t infer_rows = 10000;
  // Explicit types by column name; they skip inference. Supported: boolean, (u)int8..64,
  // float, double, decimal, date, time, timestamp (any unit), string, binary.
  std::vector<std::pair<std::string, columnar::TypePtr>> column_types;
  // Bytes read from the file at a time; a row longer than this grows the buffer.
  int64_t block_size = 8 << 20;
  // Names of unnamed columns are this prefix and the column index (Spark SQL uses "_c").
  std::string column_prefix = "column";
};

}  // namespace lakeml::csv
