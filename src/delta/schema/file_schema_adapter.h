// FileSchemaAdapter: reads one data file's columns as the table's logical schema.
//
// Built once per (requested logical columns, column mapping mode, data file schema), it decides
// which top-level file columns to read and how each turns into its logical column:
//   - columns are matched by physical name (modes none and name; exact name first, then ignoring
//     case as Spark does) or by Parquet field id (mode id; by physical name when the file has no
//     field ids at all), recursively for struct fields; list elements and map keys/values match
//     by position;
//   - a column or nested struct field missing from the file reads as nulls ("For columns that
//     are not found in the files, nulls need to be returned"), as does every `void` column;
//   - a narrower file type is widened (type_widening.h); timestamps stored in other units
//     (millis, nanos, INT96 read as nanos) become the table's microseconds; strings stored as
//     plain binary and the like are relabelled without copying;
//   - a variant column is read from its {metadata, value} struct (shredded variants are
//     NotImplemented);
//   - any other type difference is an error naming the file and the column.
// Output vectors carry the logical types (display names at every depth); unchanged columns and
// buffers are shared with the file batch, never copied.
//
// Immutable after Make(); Adapt() is thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "columnar/batch.h"
#include "columnar/schema.h"
#include "delta/schema/column_mapping.h"

namespace lakeml::delta {

class FileSchemaAdapter {
 public:
  // `logical_subset`: the table's logical top-level fields to produce, in output order (with
  // their Delta metadata: physical names and ids). `file_schema`: the data file's schema as
  // parquet::FileReader::schema() reports it. `file_path` only names the file in errors.
  static Result<FileSchemaAdapter> Make(const columnar::Schema& logical_subset,
                                        ColumnMappingMode mode, const columnar::Schema& file_schema,
                                        std::string_view file_path = "");

  // Top-level field indexes of the file schema to read, each once, in the order Adapt() expects
  // them.
  const std::vector<int>& file_columns() const { return file_columns_; }

  // The position among file_columns() of output column i when Adapt() passes that file column
  // through with its memory layout unchanged (no widening or conversion), else -1.
  int UnconvertedFileColumn(size_t i) const;

  // The logical batch for `file_batch`, whose columns are exactly file_columns() in that order.
  Result<columnar::BatchPtr> Adapt(const columnar::Batch& file_batch) const;

 private:
  enum class Op : uint8_t {
    kPass,           // The file vector already is the logical column.
    kRetype,         // Same layout, other type (names, string vs binary, utc flag).
    kNull,           // Not in the file: nulls.
    kWiden,          // WidenVector().
    kTimestampUnit,  // Timestamp ticks to the logical unit.
    kIntCast,        // Integer storage width (INT32-stored byte/short, unsigned to signed).
    kFixedToBinary,  // Fixed-size binary to variable binary.
    kStruct,         // One child node per logical field (kNull children have no file child).
    kList,           // children[0]: the element.
    kMap,            // children[0], children[1]: the key and the value.
  };
  struct Node {
    Op op = Op::kPass;
    columnar::TypePtr type;  // The logical (output) type.
    int file_child = -1;     // Index of the file vector among its parent's children.
    std::vector<int> children;
  };
  class Planner;

  FileSchemaAdapter() = default;
  Result<columnar::VectorPtr> Convert(int node, const columnar::VectorPtr& v) const;

  columnar::SchemaPtr output_schema_;
  std::vector<int> file_columns_;
  std::vector<Node> nodes_;
  std::vector<int> roots_;  // One node per output column.
  std::string file_path_;
};

}  // namespace lakeml::delta
