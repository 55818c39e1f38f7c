// RegionGenerator: the 5 rows of REGION (TPC-H 4.2.3): keys 0..4, the spec's names, comments
// of 31..115 characters. Immutable after construction; Generate() is thread-safe.
#pragma once

#include "tpch/gen/table_generator.h"
#include "tpch/gen/tpch_scale.h"

namespace lakeml::tpch {

class RegionGenerator : public TableGenerator {
 public:
  explicit RegionGenerator(const TpchScale& scale);

  std::string_view name() const override { return "region"; }
  const columnar::SchemaPtr& schema() const override { return schema_; }
  int64_t num_units() const override;
  columnar::BatchPtr Generate(int64_t first, int64_t count) const override;

 private:
  TpchScale scale_;
  columnar::SchemaPtr schema_;
};

}  // namespace lakeml::tpch
