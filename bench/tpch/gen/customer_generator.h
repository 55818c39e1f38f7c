// CustomerGenerator: CUSTOMER (TPC-H 4.2.3), SF * 150,000 rows.
// Immutable after construction; Generate() is thread-safe.
#pragma once

#include "tpch/gen/table_generator.h"
#include "tpch/gen/tpch_scale.h"

namespace lakeml::tpch {

class CustomerGenerator : public TableGenerator {
 public:
  explicit CustomerGenerator(const TpchScale& scale);

  std::string_view name() const override { return "customer"; }
  const columnar::SchemaPtr& schema() const override { return schema_; }
  int64_t num_units() const override;
  columnar::BatchPtr Generate(int64_t first, int64_t count) const override;

 private:
  TpchScale scale_;
  columnar::SchemaPtr schema_;
};

}  // namespace lakeml::tpch
