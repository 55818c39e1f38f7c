// PartGenerator: PART (TPC-H 4.2.3), SF * 200,000 rows: names of 5 distinct colors, manufacturer,
// brand, type, size, container and the formula's retail price. Immutable after construction;
// Generate() is thread-safe.
#pragma once

#include "tpch/gen/table_generator.h"
#include "tpch/gen/tpch_scale.h"

namespace lakeml::tpch {

class PartGenerator : public TableGenerator {
 public:
  explicit PartGenerator(const TpchScale& scale);

  std::string_view name() const override { return "part"; }
  const columnar::SchemaPtr& schema() const override { return schema_; }
  int64_t num_units() const override;
  columnar::BatchPtr Generate(int64_t first, int64_t count) const override;

 private:
  TpchScale scale_;
  columnar::SchemaPtr schema_;
};

}  // namespace lakeml::tpch
