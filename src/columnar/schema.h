// Schema: the ordered, named fields of a Batch, plus key-value metadata.
// Immutable once built; shared through SchemaPtr and safe to read from any thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "columnar/data_type.h"

namespace lakeml::columnar {

class Schema {
 public:
  Schema() = default;
  explicit Schema(std::vector<Field> fields,
                  std::vector<std::pair<std::string, std::string>> metadata = {})
      : fields_(std::move(fields)), metadata_(std::move(metadata)) {}

  const std::vector<Field>& fields() const { return fields_; }
  const Field& field(size_t i) const { return fields_[i]; }
  size_t num_fields() const { return fields_.size(); }
  const std::vector<std::pair<std::string, std::string>>& metadata() const { return metadata_; }

  // Index of the field named `name` (exact match first, then case-insensitive), or -1.
  int FieldIndex(std::string_view name) const;
  // "a: bigint, b: string" style, one field per line for nested readability.
  std::string ToString() const;

 private:
  std::vector<Field> fields_;
  std::vector<std::pair<std::string, std::string>> metadata_;
};

using SchemaPtr = std::shared_ptr<const Schema>;

}  // namespace lakeml::columnar
