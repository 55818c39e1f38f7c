#include "tpch/gen/column_builder.h"

#include <memory>

namespace lakeml::tpch {

ColumnBuilder::ColumnBuilder(columnar::TypePtr type, int64_t expected_rows)
    : type_(std::move(type)), values_(std::make_shared<columnar::Buffer>()) {
  if (type_->id() == columnar::TypeId::kString) {
    values_->Reserve((expected_rows + 1) * 8);
    const int64_t zero = 0;
    values_->Append(&zero, sizeof(zero));
    data_ = std::make_shared<columnar::Buffer>();
    data_->Reserve(expected_rows * 24);
  } else {
    values_->Reserve(expected_rows * type_->fixed_width());
  }
}

columnar::VectorPtr ColumnBuilder::Finish() {
  auto v = std::make_shared<columnar::Vector>(type_, length_);
  v->set_values(std::move(values_));
  if (data_) v->set_data(std::move(data_));
  return v;
}

}  // namespace lakeml::tpch
