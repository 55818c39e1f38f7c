// TableGenerator: generates the rows of one TPC-H table, any range of them on its own. The
// unit of a range is a row, except for partsupp (a part: its 4 rows) and lineitem (an order:
// its 1 to 7 rows), so ranges never split the rows that belong together.
// Implementations are immutable after construction; Generate() is thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "columnar/batch.h"
#include "columnar/data_type.h"
#include "columnar/schema.h"

namespace lakeml::tpch {

class TableGenerator {
 public:
  virtual ~TableGenerator() = default;

  virtual std::string_view name() const = 0;
  virtual const columnar::SchemaPtr& schema() const = 0;
  virtual int64_t num_units() const = 0;
  // The rows of units [first, first + count).
  // REQUIRES: 0 <= first, count >= 1, first + count <= num_units().
  virtual columnar::BatchPtr Generate(int64_t first, int64_t count) const = 0;

 protected:
  // The spec's column types (4.2.1): identifiers, integers, dates, decimal(15,2) and text;
  // every column is NOT NULL.
  static columnar::Field BigInt(std::string name) {
    return {std::move(name), columnar::DataType::Primitive(columnar::TypeId::kInt64), false};
  }
  static columnar::Field Int(std::string name) {
    return {std::move(name), columnar::DataType::Primitive(columnar::TypeId::kInt32), false};
  }
  static columnar::Field Date(std::string name) {
    return {std::move(name), columnar::DataType::Primitive(columnar::TypeId::kDate32), false};
  }
  static columnar::Field Decimal(std::string name) {
    return {std::move(name), columnar::DataType::Decimal(15, 2), false};
  }
  static columnar::Field Text(std::string name) {
    return {std::move(name), columnar::DataType::String(), false};
  }
};

}  // namespace lakeml::tpch
