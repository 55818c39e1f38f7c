#include "sql/main/result_builder.h"

#include "columnar/vector_concat.h"
#include "sql/common/sql_type.h"
#include "sql/function/kernel_output.h"

namespace lakeml::sql {

ResultBuilder& ResultBuilder::Column(std::string name, columnar::TypePtr type) {
  names_.push_back(std::move(name));
  types_.push_back(std::move(type));
  return *this;
}

void ResultBuilder::AddRow(std::vector<columnar::Scalar> row) { rows_.push_back(std::move(row)); }

columnar::Scalar ResultBuilder::Str(std::string_view value) {
  return columnar::Scalar::Bytes(SqlType::String(), std::string(value));
}

columnar::Scalar ResultBuilder::OptStr(const std::optional<std::string>& value) {
  return value ? Str(*value) : columnar::Scalar::Null(SqlType::String());
}

columnar::Scalar ResultBuilder::BigInt(int64_t value) {
  return columnar::Scalar::Int(SqlType::BigInt(), value);
}

columnar::Scalar ResultBuilder::Int(int64_t value) {
  return columnar::Scalar::Int(SqlType::Int(), value);
}

columnar::Scalar ResultBuilder::Bool(bool value) { return columnar::Scalar::Bool(value); }

columnar::Scalar ResultBuilder::Timestamp(int64_t epoch_ms) {
  return columnar::Scalar::Int(SqlType::Timestamp(), epoch_ms * 1000);
}

Result<std::unique_ptr<QueryResult>> ResultBuilder::Finish() {
  std::vector<Chunk> chunks;
  for (size_t begin = 0; begin < rows_.size(); begin += Chunk::kMaxRows) {
    const size_t end = std::min(rows_.size(), begin + static_cast<size_t>(Chunk::kMaxRows));
    Chunk chunk;
    chunk.size = static_cast<int64_t>(end - begin);
    chunk.batch_index = static_cast<int64_t>(chunks.size());
    for (size_t c = 0; c < types_.size(); ++c) {
      std::vector<columnar::VectorPtr> cells;
      for (size_t r = begin; r < end; ++r) cells.push_back(KernelOutput::Expand(rows_[r][c], 1));
      LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr column, columnar::ConcatVectors(cells));
      chunk.columns.push_back(std::move(column));
    }
    chunks.push_back(std::move(chunk));
  }
  return std::make_unique<QueryResult>(std::move(names_), std::move(types_), std::move(chunks));
}

}  // namespace lakeml::sql
