#include "sql/main/query_result.h"

namespace lakeml::sql {

QueryResult::QueryResult(std::vector<std::string> names, std::vector<columnar::TypePtr> types,
                         std::vector<Chunk> chunks)
    : names_(std::move(names)), types_(std::move(types)), chunks_(std::move(chunks)) {
  for (const Chunk& c : chunks_) num_rows_ += c.size;
}

columnar::SchemaPtr QueryResult::schema() const {
  std::vector<columnar::Field> fields;
  for (size_t i = 0; i < names_.size(); ++i) {
    fields.push_back(columnar::Field{names_[i], types_[i], true});
  }
  return std::make_shared<columnar::Schema>(std::move(fields));
}

std::vector<columnar::BatchPtr> QueryResult::batches() const {
  columnar::SchemaPtr s = schema();
  std::vector<columnar::BatchPtr> out;
  for (const Chunk& c : chunks_) {
    out.push_back(std::make_shared<columnar::Batch>(s, c.columns, c.size));
  }
  return out;
}

}  // namespace lakeml::sql
