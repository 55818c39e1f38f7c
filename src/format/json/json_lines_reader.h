// JsonLinesReader: reads a JSON Lines file (one JSON object per line, blank lines skipped) or,
// with multi_line, a file holding one JSON object or an array of objects, into Batches.
//
// Schema (as Spark infers it): the top-level fields of the first infer_rows records, sorted by
// name; integers are bigint, other numbers double (bigint and double together: double), true
// and false boolean, strings string; objects, arrays, all-null fields and fields whose types
// conflict are string columns holding the value's JSON text. A value that does not fit its
// column (a string in a bigint column, seen after the sample) reads as null.
//
// The file is read whole when opened (memory: the file's size plus one batch). A line that is
// not a JSON object is an error naming the file and the line: "JSON parse error in a.json line
// 3: ...". Owns its copy of the file. Not thread-safe; batches returned are independent of it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "columnar/batch.h"
#include "io/file_system.h"

namespace lakeml::json {

struct JsonReadOptions {
  // The file is one JSON value (an object, or an array of objects), not one object per line.
  bool multi_line = false;
  // Records sampled to infer the schema; < 0 samples every record.
  int64_t infer_rows = 10000;
  int64_t batch_rows = 4096;
};

class JsonLinesReader {
 public:
  static Result<std::unique_ptr<JsonLinesReader>> Open(io::FileSystem* fs, const std::string& path,
                                                       JsonReadOptions options);
  ~JsonLinesReader();

  const columnar::SchemaPtr& schema() const { return schema_; }
  // Next batch of at most options.batch_rows rows, or nullptr at the end of the file.
  Result<columnar::BatchPtr> Next();

 private:
  class Records;
  JsonLinesReader(std::string path, JsonReadOptions options);
  Status InferSchema();

  std::string path_;
  JsonReadOptions options_;
  std::unique_ptr<Records> records_;
  columnar::SchemaPtr schema_;
};

}  // namespace lakeml::json
