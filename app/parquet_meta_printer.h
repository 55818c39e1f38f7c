// ParquetMetaPrinter: the human-readable text of `lakeml parquet schema` and `parquet meta`.
// Stateless; thread-safe.
#pragma once

#include <string>

#include "format/parquet/file_reader.h"

namespace lakeml::app {

class ParquetMetaPrinter {
 public:
  // The schema tree: each element with repetition, physical type, annotations, field id, and
  // the columnar type it reads as.
  static std::string Schema(const parquet::FileReader& reader);
  // File summary, then per row group each column chunk: type, codec, encodings, sizes,
  // offsets, value counts, statistics (typed), page index and bloom filter presence.
  static std::string Meta(const parquet::FileReader& reader);
};

}  // namespace lakeml::app
