// ResultBuilder: builds the small QueryResult of a command (SHOW, DESCRIBE) row by row from
// scalars. Meant for metadata results (tens to thousands of rows), not query data.
//
// Used by one thread; Finish() consumes the builder.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "columnar/scalar.h"
#include "sql/main/query_result.h"

namespace lakeml::sql {

class ResultBuilder {
 public:
  // Adds an output column; all columns before the first row.
  ResultBuilder& Column(std::string name, columnar::TypePtr type);
  // REQUIRES: one value per column, each of the column's type (or a null scalar).
  void AddRow(std::vector<columnar::Scalar> row);

  // Scalars of the usual command column types; nullopt gives a null.
  static columnar::Scalar Str(std::string_view value);
  static columnar::Scalar OptStr(const std::optional<std::string>& value);
  static columnar::Scalar BigInt(int64_t value);
  static columnar::Scalar Int(int64_t value);
  static columnar::Scalar Bool(bool value);
  static columnar::Scalar Timestamp(int64_t epoch_ms);

  Result<std::unique_ptr<QueryResult>> Finish();

 private:
  std::vector<std::string> names_;
  std::vector<columnar::TypePtr> types_;
  std::vector<std::vector<columnar::Scalar>> rows_;
};

}  // namespace lakeml::sql
