// PartSuppGenerator: PARTSUPP (TPC-H 4.2.3), 4 rows per part (the unit of a range), with the spec's
// supplier formula. Immutable after construction; Generate() is thread-safe.
#pragma once

#include "tpch/gen/table_generator.h"
#include "tpch/gen/tpch_scale.h"

namespace lakeml::tpch {

class PartSuppGenerator : public TableGenerator {
 public:
  explicit PartSuppGenerator(const TpchScale& scale);

  std::string_view name() const override { return "partsupp"; }
  const columnar::SchemaPtr& schema() const override { return schema_; }
  int64_t num_units() const override;
  columnar::BatchPtr Generate(int64_t first, int64_t count) const override;

 private:
  TpchScale scale_;
  columnar::SchemaPtr schema_;
};

}  // namespace lakeml::tpch
