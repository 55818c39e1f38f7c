// SqlBuilder: SQL text plus its bind values, for the searches' generated queries. User values are
// always bound as parameters, never spliced into the text.
// Thread-safety: thread-compatible value type.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/status.h"
#include "metastore/sqlite_statement.h"
#include "ml/tracking/search_filter.h"

namespace lakeml::ml {

class SqlBuilder {
 public:
  using Value = std::variant<int64_t, double, std::string>;

  SqlBuilder& Append(std::string_view text) {
    sql_ += text;
    return *this;
  }
  // Appends "?" bound to `value`.
  SqlBuilder& Bind(Value value) {
    sql_ += '?';
    values_.push_back(std::move(value));
    return *this;
  }
  // Appends `other`'s text and values.
  SqlBuilder& AppendBuilder(const SqlBuilder& other) {
    sql_ += other.sql_;
    values_.insert(values_.end(), other.values_.begin(), other.values_.end());
    return *this;
  }
  // Appends "<column> <op> <value>" for `clause` (numeric or string, LIKE, ILIKE, IN, NOT IN).
  // REQUIRES: clause.op is not IS [NOT] NULL.
  void Comparison(std::string_view column, const FilterClause& clause);

  Status BindAll(metastore::SqliteStatement& stmt) const;

  const std::string& sql() const { return sql_; }

 private:
  std::string sql_;
  std::vector<Value> values_;
};

}  // namespace lakeml::ml
